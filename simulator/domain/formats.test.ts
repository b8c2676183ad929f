import { describe, expect, it } from 'vitest';
import { formatAmount, isOrderDate, longDate } from './formats.js';
import { LANGUAGES, type Language } from './language.js';

describe('isOrderDate', () => {
  it('accepts dd/MM/yyyy HH:mm with optional seconds', () => {
    for (const s of ['19/01/2024 10:30', '31/12/1999 23:59', '01/01/2024 00:00:00', '28/02/2025 12:05:59']) expect(isOrderDate(s), s).toBe(true);
  });
  it('refuses anything else', () => {
    for (const s of ['', '19/01/2024', '2024-01-19 10:30', '19/1/2024 10:30', '19/01/24 10:30', '00/01/2024 10:30', '32/01/2024 10:30', '19/00/2024 10:30', '19/13/2024 10:30', '19/01/2024 24:00', '19/01/2024 10:60', '19/01/2024 10:30:60', '19/01/2024 10:30:5', '19/01/2024 10:30 ', ' 19/01/2024 10:30', '19/01/2024T10:30', '19/01/2024 10-30', '19/01/２０２４ 10:30', '19/01/2024 10:30:00\n']) {
      expect(isOrderDate(s), JSON.stringify(s)).toBe(false);
    }
  });
});

describe('formatAmount', () => {
  it('writes the platform look by default: 99,00 EUR, a space between thousands', () => {
    expect(formatAmount('9900', '978')).toBe('99,00 EUR');
    expect(formatAmount('5', '978')).toBe('0,05 EUR');
    expect(formatAmount('0', '978')).toBe('0,00 EUR');
    expect(formatAmount('123456', '978')).toBe('1\u202f234,56 EUR');
    expect(formatAmount('9999999999', '840')).toBe('99\u202f999\u202f999,99 USD');
  });
  it('writes each language as Intl writes its Belgian locale', () => {
    const amounts: Record<Language, [string, string]> = {
      fr: ['99,00 EUR', '1\u202f234,56 EUR'],
      nl: ['99,00 EUR', '1.234,56 EUR'],
      de: ['99,00 EUR', '1.234,56 EUR'],
      en: ['99,00 EUR', '1.234,56 EUR'],
    };
    for (const language of LANGUAGES) expect([formatAmount('9900', '978', language), formatAmount('123456', '978', language)], language).toEqual(amounts[language]);
  });
  it('is exact for any whole number of cents, and shows anything else as it is', () => {
    expect(formatAmount('123456789012345678901', '978', 'de')).toBe('1.234.567.890.123.456.789,01 EUR');
    expect(formatAmount(' 1000 ', '978', 'nl')).toBe('10,00 EUR');
    expect(formatAmount('12a', '978', 'nl')).toBe('12a EUR');
    expect(formatAmount('100', '999')).toBe('1,00 999');
  });
});

describe('longDate', () => {
  const at = Date.UTC(2026, 11, 2, 9, 5, 7);
  it('writes the wire format without a language', () => {
    expect(longDate(at)).toBe('02/12/2026 10:05:07');
    expect(longDate(at, 'UTC')).toBe('02/12/2026 09:05:07');
  });
  it('writes the date as each language does, in the platform time zone', () => {
    // the word between date and time is ICU's (Node 20: à, om, um, at): not pinned here
    expect(longDate(at, 'Europe/Paris', 'fr')).toMatch(/^2 décembre 2026\D+10:05:07$/);
    expect(longDate(at, 'Europe/Paris', 'nl')).toMatch(/^2 december 2026\D+10:05:07$/);
    expect(longDate(at, 'Europe/Paris', 'de')).toMatch(/^2\. Dezember 2026\D+10:05:07$/);
    expect(longDate(at, 'Europe/Paris', 'en')).toMatch(/^2 December 2026\D+10:05:07$/);
    expect(longDate(at, 'UTC', 'en')).toMatch(/^2 December 2026\D+09:05:07$/);
  });
});

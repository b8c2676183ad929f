import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseLanguage, isLanguage, LANGUAGES, languageOf, LOCALES, MAX_CODE_SHOWN, preferredLanguage } from './language.js';

describe('languageOf', () => {
  it('reads ISO 639-1 and 639-2 codes of the four languages, in any case, with or without a region', () => {
    const cases: [string, string][] = [
      ['fr', 'fr'], ['FR', 'fr'], ['Fr', 'fr'], ['fra', 'fr'], ['fre', 'fr'], ['fr-BE', 'fr'], ['fr_BE', 'fr'], ['FR_fr', 'fr'], [' fr ', 'fr'],
      ['nl', 'nl'], ['NL', 'nl'], ['nld', 'nl'], ['dut', 'nl'], ['nl-BE', 'nl'], ['nl_nl', 'nl'],
      ['de', 'de'], ['DE', 'de'], ['deu', 'de'], ['ger', 'de'], ['de-BE', 'de'], ['de-CH', 'de'],
      ['en', 'en'], ['EN', 'en'], ['eng', 'en'], ['en-US', 'en'], ['en-GB', 'en'],
    ];
    for (const [code, language] of cases) expect(languageOf(code), code).toBe(language);
  });
  it('names none of the four for other codes', () => {
    for (const code of ['', ' ', 'es', 'spa', 'it', 'pt', 'fi', 'xx', 'f', 'frr', 'french', 'nederlands', 'be', 'BE-fr', '*', '-fr', '_nl', 'e n', 'fr.BE']) {
      expect(languageOf(code), JSON.stringify(code)).toBeUndefined();
    }
  });
});

describe('preferredLanguage', () => {
  it('takes the first of the four in the order of the header when no q-values are given', () => {
    expect(preferredLanguage('nl-BE,nl,fr')).toBe('nl');
    expect(preferredLanguage('es-ES,es,de')).toBe('de');
    expect(preferredLanguage('en-US')).toBe('en');
    expect(preferredLanguage('fr-BE, en')).toBe('fr');
  });
  it('honours q-values, whatever the order', () => {
    expect(preferredLanguage('en;q=0.5, de;q=0.9, fr;q=0.7')).toBe('de');
    expect(preferredLanguage('en;q=0.1,nl')).toBe('nl');
    expect(preferredLanguage('es;q=1, fr;q=0.2, nl;q=0.3')).toBe('nl');
    expect(preferredLanguage('fr;Q=0.4,de;q = 0.6')).toBe('de');
    expect(preferredLanguage('fr;q=1.0,de;q=1')).toBe('fr');
    expect(preferredLanguage('nl;q=0.800, de;q=0.8')).toBe('nl');
  });
  it('q=0 refuses a language; an invalid q-value counts as a refusal', () => {
    expect(preferredLanguage('fr;q=0, nl;q=0.1')).toBe('nl');
    expect(preferredLanguage('fr;q=0.000')).toBeUndefined();
    expect(preferredLanguage('fr;q=2, de;q=0.1')).toBe('de');
    expect(preferredLanguage('fr;q=abc, de;q=0.1')).toBe('de');
    expect(preferredLanguage('fr;q=0.1234, de;q=0.1')).toBe('de');
    expect(preferredLanguage('fr;q=-1')).toBeUndefined();
  });
  it('names none for no header, an empty one, * or only other languages', () => {
    for (const h of [undefined, '', ' ', '*', 'es, it;q=0.9, *;q=0.5', ',,,;;;', 'q=1']) expect(preferredLanguage(h), String(h)).toBeUndefined();
  });
  it('reads only the first 50 entries of a header', () => {
    expect(preferredLanguage(`${'es,'.repeat(49)}nl`)).toBe('nl');
    expect(preferredLanguage(`${'es,'.repeat(50)}nl`)).toBeUndefined();
  });
});

describe('chooseLanguage', () => {
  it('languageCode beats Accept-Language', () => {
    expect(chooseLanguage('nl', 'fr-BE,fr;q=0.9')).toEqual({ language: 'nl' });
    expect(chooseLanguage('DE', 'en-US,en')).toEqual({ language: 'de' });
    expect(chooseLanguage('fr_BE', 'de')).toEqual({ language: 'fr' });
    expect(chooseLanguage('eng', 'nl')).toEqual({ language: 'en' });
  });
  it('without languageCode (absent or blank), Accept-Language decides, else English', () => {
    expect(chooseLanguage(undefined, 'de-DE,de;q=0.9')).toEqual({ language: 'de' });
    expect(chooseLanguage('', 'nl')).toEqual({ language: 'nl' });
    expect(chooseLanguage('  ', undefined)).toEqual({ language: 'en' });
    expect(chooseLanguage(undefined, undefined)).toEqual({ language: 'en' });
    expect(chooseLanguage(undefined, 'es, it')).toEqual({ language: 'en' });
  });
  it('an unsupported languageCode falls back the same way and is reported', () => {
    expect(chooseLanguage('es', 'nl-BE,nl')).toEqual({ language: 'nl', unsupported: 'es' });
    expect(chooseLanguage(' spa ', undefined)).toEqual({ language: 'en', unsupported: 'spa' });
    expect(chooseLanguage('it', 'it, es')).toEqual({ language: 'en', unsupported: 'it' });
  });
  it('keeps the first 64 characters of a long unsupported code', () => {
    const choice = chooseLanguage('x'.repeat(10_000), 'fr');
    expect(choice).toEqual({ language: 'fr', unsupported: 'x'.repeat(MAX_CODE_SHOWN) });
  });
  it('always answers one of the four, and reports a code exactly when it names none of them', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), fc.option(fc.string(), { nil: undefined }), (code, accept) => {
        const choice = chooseLanguage(code, accept);
        expect(isLanguage(choice.language)).toBe(true);
        const named = code === undefined || code.trim() === '' ? undefined : languageOf(code);
        if (named) expect(choice).toEqual({ language: named });
        expect(choice.unsupported !== undefined).toBe(code !== undefined && code.trim() !== '' && named === undefined);
      }),
    );
  });
  it('has a locale and its ISO 639-1 code for every language', () => {
    for (const language of LANGUAGES) {
      expect(LOCALES[language].startsWith(`${language}-`), language).toBe(true);
      expect(languageOf(language)).toBe(language);
    }
  });
});

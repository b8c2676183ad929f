import { describe, expect, it } from 'vitest';
import { isOrderDate } from './formats.js';

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

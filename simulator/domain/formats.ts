/**
 * Formats of the platform's wire values: dates as Payline writes them (in the
 * platform's time zone, Europe/Paris by default) and amounts as the payment page
 * shows them; given a buyer's language, amounts and dates as that language
 * writes them (Intl, with the Belgian locale of the language). Pure.
 */
import { LOCALES, type Language } from './language.js';

interface Parts {
  dd: string;
  MM: string;
  yyyy: string;
  HH: string;
  mm: string;
  ss: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** Recent results by second and zone: the same transaction date is written again and again. */
const recent = new Map<string, Parts>();

function parts(ms: number, timeZone: string): Parts {
  const key = `${Math.floor(ms / 1000)}|${timeZone}`;
  const hit = recent.get(key);
  if (hit) return hit;
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(new Date(ms))) p[type] = value;
  const out = { dd: p.day!, MM: p.month!, yyyy: p.year!, HH: p.hour!, mm: p.minute!, ss: p.second! };
  if (recent.size >= 4096) recent.clear();
  recent.set(key, out);
  return out;
}

const pageDateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date as a buyer's page shows it, e.g. `2 december 2026 om 10:05:07` in Dutch. */
function pageDate(ms: number, timeZone: string, language: Language): string {
  const key = `${language}|${timeZone}`;
  let f = pageDateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], { timeZone, dateStyle: 'long', timeStyle: 'medium', hourCycle: 'h23' });
    pageDateFormats.set(key, f);
  }
  return f.format(new Date(ms));
}

/**
 * `dd/MM/yyyy HH:mm:ss`, as in getWebPaymentDetails and getTransactionDetails;
 * with a language, the date as a buyer page in that language writes it
 * (`2 décembre 2026 à 10:05:07`, `2. Dezember 2026 um 10:05:07`).
 */
export function longDate(ms: number, timeZone = DEFAULT_TIME_ZONE, language?: Language): string {
  if (language !== undefined) return pageDate(ms, timeZone, language);
  const p = parts(ms, timeZone);
  return `${p.dd}/${p.MM}/${p.yyyy} ${p.HH}:${p.mm}:${p.ss}`;
}

/** `dd/MM/yy HH:mm:ss`, as in doRefund, doCapture and doReset. */
export function shortDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.dd}/${p.MM}/${p.yyyy.slice(2)} ${p.HH}:${p.mm}:${p.ss}`;
}

/** `yyMMddHHmmss`, the date part of a web transaction id. */
export function compactDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.yyyy.slice(2)}${p.MM}${p.dd}${p.HH}${p.mm}${p.ss}`;
}

/** Accepts `dd/MM/yyyy HH:mm` with optional `:ss`, the order.date format of every client. */
export function isOrderDate(s: string): boolean {
  // read by hand (it is checked on every doWebPayment): dd/MM/yyyy HH:mm, optionally :ss
  if (s.length !== 16 && s.length !== 19) return false;
  const num = (at: number) => {
    const a = s.charCodeAt(at) - 48;
    const b = s.charCodeAt(at + 1) - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
  };
  if (s[2] !== '/' || s[5] !== '/' || s[10] !== ' ' || s[13] !== ':' || num(6) < 0 || num(8) < 0) return false;
  const d = num(0);
  const mo = num(3);
  const h = num(11);
  const mi = num(14);
  const se = s.length === 19 ? (s[16] === ':' ? num(17) : -1) : 0;
  return d >= 1 && d <= 31 && mo >= 1 && mo <= 12 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59;
}

const CURRENCIES: Record<string, { alpha: string; digits: number }> = {
  '978': { alpha: 'EUR', digits: 2 },
  '840': { alpha: 'USD', digits: 2 },
  '826': { alpha: 'GBP', digits: 2 },
  '756': { alpha: 'CHF', digits: 2 },
};

export function currencyAlpha(numeric: string): string {
  return CURRENCIES[numeric]?.alpha ?? numeric;
}

const amountFormats = new Map<string, Intl.NumberFormat>();

function amountFormat(language: Language, digits: number): Intl.NumberFormat {
  const key = `${language}|${digits}`;
  let f = amountFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[language], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    amountFormats.set(key, f);
  }
  return f;
}

/**
 * An amount in the currency's smallest unit as a page shows it, in the buyer's
 * language (French by default, the platform's own look): `9900` + `978` gives
 * `99,00 EUR` in all four languages; `123456` gives `1 234,56 EUR` in French and
 * `1.234,56 EUR` in Dutch, German and English (Belgian usage). A value that is not
 * a whole number is shown as it is.
 */
export function formatAmount(cents: string, currency: string, language: Language = 'fr'): string {
  const alpha = currencyAlpha(currency);
  const units = cents.trim();
  if (!/^\d+$/.test(units)) return `${units} ${alpha}`;
  const digits = CURRENCIES[currency]?.digits ?? 2;
  const padded = units.padStart(digits + 1, '0');
  // a decimal string, formatted exactly (Intl reads strings as decimals, however long)
  const decimal = digits > 0 ? `${padded.slice(0, -digits)}.${padded.slice(-digits)}` : padded;
  return `${amountFormat(language, digits).format(decimal as unknown as number)} ${alpha}`;
}

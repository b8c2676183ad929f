/**
 * The buyer's language: which of the four languages of the buyer pages (French,
 * Dutch, German, English) a page is shown in. Pure.
 *
 * The rule:
 *  1. doWebPayment's `languageCode`, when it names one of the four. It is read
 *     leniently, as shops send it: any case (`nl`, `NL`), ISO 639-1 or ISO 639-2
 *     (`fr`, `fra`/`fre`, `nl`, `nld`/`dut`, `de`, `deu`/`ger`, `en`, `eng`; the
 *     Magento module sends `eng`), with or without a region (`fr-BE`, `nl_BE`,
 *     `FR_fr`): only the part before the first `-` or `_` counts.
 *  2. Else the browser's `Accept-Language`, q-values honoured (q=0 refuses a
 *     language; `*` names none of the four).
 *  3. Else English.
 * A languageCode that names another language (`es`, `it`, `xx`) falls back to 2
 * and 3, and `unsupported` gives it, so that the journal can say so.
 */

export const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** The locale of each language, for Intl: Belgian usage (`99,00 EUR` in all four, as on the platform's page). */
export const LOCALES: Readonly<Record<Language, string>> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-BE' };

const CODES: ReadonlyMap<string, Language> = new Map([
  ['fr', 'fr'],
  ['fra', 'fr'],
  ['fre', 'fr'],
  ['nl', 'nl'],
  ['nld', 'nl'],
  ['dut', 'nl'],
  ['de', 'de'],
  ['deu', 'de'],
  ['ger', 'de'],
  ['en', 'en'],
  ['eng', 'en'],
]);

/** How much of an unsupported languageCode is kept (the whole request is in the journal anyway). */
export const MAX_CODE_SHOWN = 64;

export interface LanguageChoice {
  language: Language;
  /** The languageCode sent when it names none of the four (trimmed, its first MAX_CODE_SHOWN characters). */
  unsupported?: string;
}

export function isLanguage(s: unknown): s is Language {
  return typeof s === 'string' && (LANGUAGES as readonly string[]).includes(s);
}

/** The language a code or language tag names (`NL`, `fr-BE`, `eng`, `FR_fr`), if one of the four. */
export function languageOf(code: string): Language | undefined {
  const primary = code.trim().split(/[-_]/, 1)[0]!.toLowerCase();
  return CODES.get(primary);
}

/** Most entries of an Accept-Language header looked at (a header is short; a hostile one is not read to its end). */
const MAX_ACCEPT_ENTRIES = 50;

/** The first of the four languages the Accept-Language header prefers, if any. */
export function preferredLanguage(acceptLanguage: string | undefined): Language | undefined {
  if (acceptLanguage === undefined) return undefined;
  let best: Language | undefined;
  let bestQ = 0;
  const entries = acceptLanguage.split(',', MAX_ACCEPT_ENTRIES);
  for (const entry of entries) {
    const [tag = '', ...params] = entry.split(';');
    const language = languageOf(tag);
    if (language === undefined) continue;
    const q = quality(params);
    // strictly greater: among equal q-values the first listed wins
    if (q > bestQ) {
      best = language;
      bestQ = q;
    }
  }
  return best;
}

/** The q-value of an Accept-Language entry: 1 without one, 0 (refused) when it is not a valid q-value. */
function quality(params: string[]): number {
  for (const p of params) {
    const m = /^\s*q\s*=(.*)$/i.exec(p);
    if (!m) continue;
    const v = m[1]!.trim();
    return /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(v) ? Number(v) : 0;
  }
  return 1;
}

/** What the journal says of a languageCode that names none of the four languages. */
export function unsupportedNote(code: string): string {
  return `languageCode ${JSON.stringify(code)} names none of the page languages (${LANGUAGES.join(', ')}): each page follows the browser's Accept-Language, else ${DEFAULT_LANGUAGE}`;
}

/** The rule above. Blank codes count as none. */
export function chooseLanguage(languageCode: string | undefined, acceptLanguage: string | undefined): LanguageChoice {
  const code = languageCode?.trim();
  const fromCode = code ? languageOf(code) : undefined;
  if (fromCode) return { language: fromCode };
  const language = preferredLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
  return code ? { language, unsupported: code.slice(0, MAX_CODE_SHOWN) } : { language };
}

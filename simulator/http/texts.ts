/**
 * The texts of the buyer pages, one catalogue per language: `locales/<language>.json`,
 * a flat object `{ "dotted.key": "text" }` whose texts may hold `{name}`
 * placeholders. Read once, when the first app is built; a catalogue that is not
 * such an object, or whose keys or placeholders differ from the English one,
 * stops the start-up with a message naming the file and the keys (a page never
 * finds a text missing, and no text stands in for another).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../domain/language.js';
import { LOCALES_DIR } from '../paths.js';

export type Catalogue = Readonly<Record<string, string>>;
export type Catalogues = Readonly<Record<Language, Catalogue>>;

/** The catalogue every other one is compared with. */
const REFERENCE: Language = 'en';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names of a text, sorted (`{code} {codes}` gives `code,codes`). */
export function placeholders(text: string): string {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]!))].sort().join(',');
}

/** What is wrong with a set of catalogues: keys missing or extra, placeholders that differ. Empty when they agree. */
export function catalogueProblems(catalogues: Catalogues): string[] {
  const out: string[] = [];
  const reference = catalogues[REFERENCE];
  for (const language of LANGUAGES) {
    if (language === REFERENCE) continue;
    const c = catalogues[language];
    const missing = Object.keys(reference).filter((k) => !Object.hasOwn(c, k));
    const extra = Object.keys(c).filter((k) => !Object.hasOwn(reference, k));
    if (missing.length > 0) out.push(`${language}.json lacks ${missing.join(', ')} (present in ${REFERENCE}.json)`);
    if (extra.length > 0) out.push(`${language}.json has ${extra.join(', ')}, which ${REFERENCE}.json lacks`);
    for (const k of Object.keys(reference)) {
      if (Object.hasOwn(c, k) && placeholders(c[k]!) !== placeholders(reference[k]!)) {
        out.push(`${language}.json: "${k}" has the placeholders {${placeholders(c[k]!)}}, ${REFERENCE}.json {${placeholders(reference[k]!)}}`);
      }
    }
  }
  return out;
}

/** Reads one catalogue file: a JSON object of non-empty strings. */
export function readCatalogue(file: string): Catalogue {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read the texts of ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: must be a JSON object { "key": "text" }`);
  const bad = Object.entries(data).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
  if (bad.length > 0) throw new Error(`${file}: the value of ${bad.join(', ')} must be a non-empty string`);
  return Object.freeze({ ...(data as Record<string, string>) });
}

/** Reads the four catalogues of a folder and checks that they agree; throws naming what is wrong. */
export function loadCatalogues(dir: string = LOCALES_DIR): Catalogues {
  const catalogues = Object.fromEntries(LANGUAGES.map((l) => [l, readCatalogue(join(dir, `${l}.json`))])) as Record<Language, Catalogue>;
  const problems = catalogueProblems(catalogues);
  if (problems.length > 0) throw new Error(`The texts in ${dir} do not agree:\n- ${problems.join('\n- ')}`);
  return Object.freeze(catalogues);
}

let loaded: Catalogues | undefined;

/** The project's catalogues, read on the first call. */
export function catalogues(): Catalogues {
  return (loaded ??= loadCatalogues());
}

/**
 * The text of a key with its placeholders filled in (a value that is undefined or
 * null gives an empty string; a placeholder given no value stays as it is, visible).
 * An unknown key throws: the tests make sure every key a view or a route uses exists
 * in every catalogue.
 */
export function translate(catalogue: Catalogue, key: string, values: Readonly<Record<string, unknown>> = {}): string {
  const text = Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;
  if (text === undefined) throw new Error(`No text has the key ${JSON.stringify(key)}`);
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) return whole;
    const v = values[name];
    return v === undefined || v === null ? '' : String(v);
  });
}

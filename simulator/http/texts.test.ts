import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../domain/language.js';
import { LOCALES_DIR, PROJECT_ROOT, VIEWS_DIR } from '../paths.js';
import { MESSAGE_KINDS } from './page-routes.js';
import { catalogueProblems, catalogues, loadCatalogues, placeholders, translate } from './texts.js';

const texts = catalogues();
const english = Object.keys(texts.en).sort();

/** The `{{t "key"}}` keys of a template. */
function templateKeys(source: string): string[] {
  return Array.from(source.matchAll(/\{\{\s*t\s+"([^"]+)"/g), (m) => m[1]!);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

const views = Object.fromEntries(readdirSync(VIEWS_DIR).filter((f) => f.endsWith('.hbs')).map((f) => [f, readFileSync(join(VIEWS_DIR, f), 'utf8')]));
/** Keys written out in the code (`'page.title'`), and those of the message pages. */
const codeKeys = [
  ...sources(join(PROJECT_ROOT, 'simulator')).flatMap((s) => Array.from(s.matchAll(/'((?:page|message)\.[A-Za-z.]+)'/g), (m) => m[1]!).filter((k) => !k.endsWith('.hbs'))),
  ...MESSAGE_KINDS.flatMap((k) => [`message.${k}.title`, `message.${k}.text`]),
];
const usedKeys = new Set([...Object.values(views).flatMap(templateKeys), ...codeKeys]);

describe('the catalogues (locales/*.json)', () => {
  it('exist for each language (one file each, no other) and all have the same keys', () => {
    expect(readdirSync(LOCALES_DIR).filter((f) => f.endsWith('.json')).sort()).toEqual(LANGUAGES.map((l) => `${l}.json`).sort());
    for (const language of LANGUAGES) expect(Object.keys(texts[language]).sort(), language).toEqual(english);
    expect(catalogueProblems(texts)).toEqual([]);
  });

  it('have the same placeholders in every language', () => {
    for (const language of LANGUAGES) {
      for (const key of english) expect(placeholders(texts[language][key]!), `${language} ${key}`).toBe(placeholders(texts.en[key]!));
    }
  });

  it('have every key a view or a route uses, and no page or message text that nothing uses', () => {
    expect(usedKeys.size).toBeGreaterThan(20);
    for (const key of usedKeys) for (const language of LANGUAGES) expect(Object.hasOwn(texts[language], key), `${language}.json: ${key}`).toBe(true);
    const unused = english.filter((k) => /^(page|message)\./.test(k) && !usedKeys.has(k));
    expect(unused).toEqual([]);
  });

  it('are translated: only the partner simulator buttons read the same in another language as in English', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const same = english.filter((k) => /^(page|message)\./.test(k) && texts[language][k] === texts.en[k]);
      expect(same, language).toEqual(['page.abort', 'page.makePayment']);
    }
  });

  it('keep MAKE A PAYMENT and ABORT in every language, and the platform French wording', () => {
    for (const language of LANGUAGES) expect([texts[language]['page.makePayment'], texts[language]['page.abort']], language).toEqual(['MAKE A PAYMENT', 'ABORT']);
    expect(texts.fr).toMatchObject({
      'page.totalAmount': 'Montant total',
      'page.savedMethod': 'Utiliser un moyen de paiement enregistré',
      'page.payWithSavedCard': 'Valider votre paiement',
      'page.otherMethod': 'Utiliser un autre moyen de paiement',
      'page.securePayment': 'Paiement sécurisé',
    });
  });
});

describe('the buyer templates', () => {
  /** The words of a template once its texts looked up, tags, styles and the English simulator panel are taken out. */
  function hardCoded(source: string): string[] {
    const bare = source
      .replace(/<style>[\s\S]*?<\/style>/g, '')
      .replace(/<aside class="sim"[\s\S]*?<\/aside>/g, '')
      .replace(/\{\{[\s\S]*?\}\}/g, ' ')
      .replace(/<[^>]*>/g, ' ');
    return bare.match(/\p{L}{2,}/gu) ?? [];
  }
  it('have no text of their own but the brand name', () => {
    expect(hardCoded(views['payment.hbs']!)).toEqual(['Bancontact']);
    expect(hardCoded(views['message.hbs']!)).toEqual([]);
    expect(hardCoded(views['layout.hbs']!)).toEqual(['Monext', 'Online']);
  });
  it('find hard-coded words (the check can fail)', () => {
    expect(hardCoded('<p>{{t "page.abort"}} Total <b>amount</b></p>')).toEqual(['Total', 'amount']);
  });
});

describe('loadCatalogues', () => {
  const write = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'locales-'));
    for (const language of LANGUAGES) writeFileSync(join(dir, `${language}.json`), JSON.stringify({ 'page.a': 'A {x}', 'page.b': 'B' }));
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
    return dir;
  };
  it('reads agreeing catalogues', () => {
    expect(loadCatalogues(write({})).nl).toEqual({ 'page.a': 'A {x}', 'page.b': 'B' });
  });
  it('refuses a missing key, an extra key, a different placeholder, naming the file and the key', () => {
    expect(() => loadCatalogues(write({ 'nl.json': { 'page.a': 'A {x}' } }))).toThrow(/nl\.json lacks page\.b/);
    expect(() => loadCatalogues(write({ 'de.json': { 'page.a': 'A {x}', 'page.b': 'B', 'page.c': 'C' } }))).toThrow(/de\.json has page\.c, which en\.json lacks/);
    expect(() => loadCatalogues(write({ 'fr.json': { 'page.a': 'A {y}', 'page.b': 'B' } }))).toThrow(/fr\.json: "page\.a" has the placeholders \{y\}, en\.json \{x\}/);
  });
  it('refuses a file that is not an object of non-empty texts, or missing', () => {
    expect(() => loadCatalogues(write({ 'fr.json': '{ not json' }))).toThrow(/Cannot read the texts of .*fr\.json/);
    expect(() => loadCatalogues(write({ 'fr.json': ['A'] }))).toThrow(/fr\.json: must be a JSON object/);
    expect(() => loadCatalogues(write({ 'fr.json': { 'page.a': 'A {x}', 'page.b': '' } }))).toThrow(/the value of page\.b must be a non-empty string/);
    expect(() => loadCatalogues(write({ 'fr.json': { 'page.a': 'A {x}', 'page.b': 3 } }))).toThrow(/the value of page\.b/);
  });
});

describe('translate', () => {
  it('fills the placeholders', () => {
    expect(translate(texts.nl, 'page.orderLine', { order: 'R-1', date: 'vandaag' })).toBe('Bestelling R-1 · sessie open tot vandaag');
    expect(translate({ k: '{a}{b}{a}' }, 'k', { a: 1, b: null })).toBe('11');
    expect(translate({ k: 'x {a} y' }, 'k')).toBe('x {a} y');
  });
  it('throws on an unknown key, even one of Object.prototype', () => {
    expect(() => translate(texts.en, 'page.nope')).toThrow('No text has the key "page.nope"');
    expect(() => translate(texts.en, 'toString')).toThrow(/toString/);
  });
});

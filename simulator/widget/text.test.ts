import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';
import { language, t } from './text.js';

const catalogue = (lang: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'locales', `${lang}.json`), 'utf8')) as Record<string, string>;
const widgetKeys = (lang: string) => Object.keys(catalogue(lang)).filter((k) => k.startsWith('widget.')).sort();

describe('widget texts', () => {
  it('has every widget.* key in fr, nl, de and en, none empty', () => {
    const en = widgetKeys('en');
    expect(en.length).toBeGreaterThan(20);
    for (const lang of ['fr', 'nl', 'de']) expect(widgetKeys(lang), lang).toEqual(en);
    for (const lang of ['en', 'fr', 'nl', 'de']) for (const k of en) expect(catalogue(lang)[k]?.trim(), `${lang} ${k}`).toBeTruthy();
  });

  it('has a text for every key the widget code uses', () => {
    const dir = join(PROJECT_ROOT, 'simulator', 'widget');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(widget\.[A-Za-z.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(15);
    const en = new Set(widgetKeys('en'));
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
  });

  it("uses the mission's French wording", () => {
    expect(t('fr', 'widget.totalAmount')).toBe('Montant total');
    expect(t('fr', 'widget.wallet.title')).toBe('Utiliser un moyen de paiement enregistré');
    expect(t('fr', 'widget.wallet.pay')).toBe('Valider votre paiement');
    expect(t('fr', 'widget.methods.title')).toBe('Utiliser un autre moyen de paiement');
    expect(t('fr', 'widget.secure')).toBe('Paiement sécurisé');
  });

  it('chooses the language from the state (English otherwise) and fills placeholders', () => {
    expect(language('nl')).toBe('nl');
    expect(language('fr-BE')).toBe('fr');
    expect(language('DEU')).toBe('de');
    expect(language('es')).toBe('en');
    expect(language(undefined)).toBe('en');
    expect(t('de', 'widget.wallet.expiry', { date: '11/29' })).toBe('Gültig bis 11/29');
    expect(t('en', 'widget.no.such.key')).toBe('widget.no.such.key');
  });
});

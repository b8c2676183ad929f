/**
 * The widget's buyer texts, from the project's JSON catalogues (locales/*.json,
 * flat `{"widget.key": "text"}`, `{name}` placeholders). esbuild bundles them
 * into widget-min.js, keeping only the `widget.*` keys (scripts/build-widget.mjs).
 */
import en from '../../locales/en.json' with { type: 'json' };
import fr from '../../locales/fr.json' with { type: 'json' };
import nl from '../../locales/nl.json' with { type: 'json' };
import de from '../../locales/de.json' with { type: 'json' };

export type Lang = 'en' | 'fr' | 'nl' | 'de';

const CATALOGUES: Record<Lang, Record<string, string>> = { en, fr, nl, de };

/** The catalogue for a language code (`fr`, `fr-BE`, `FRA`…); English for any other. */
export function language(code: string | null | undefined): Lang {
  const v = (code ?? '').trim().slice(0, 2).toLowerCase();
  return v === 'fr' || v === 'nl' || v === 'de' ? v : 'en';
}

/** The text of a key in a language (English, then the key itself, when missing), placeholders filled. */
export function t(lang: Lang, key: string, params?: Record<string, string>): string {
  const s = CATALOGUES[lang][key] ?? CATALOGUES.en[key] ?? key;
  return params ? s.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m) : s;
}

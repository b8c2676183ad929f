/**
 * Builds the payment widget for browsers: simulator/widget/widget-min.ts and
 * widget.css, bundled and minified by esbuild into dist/widget/widget-min.js and
 * dist/widget/widget-min.css (served at /scripts/widget-min.js and
 * /styles/widget-min.css). The locales/*.json catalogues are bundled with their
 * `widget.*` keys only (the pages' keys stay on the server). Part of `npm run build`.
 */
import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { PROJECT_ROOT } from '../simulator/paths.js';

export const WIDGET_OUT_DIR = join(PROJECT_ROOT, 'dist', 'widget');

/** Keeps only the widget's texts of a locales/xx.json catalogue. */
const widgetTextsOnly: Plugin = {
  name: 'widget-texts-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]locales[\\/][a-z]{2}\.json$/ }, async (args) => {
      const all = JSON.parse(await readFile(args.path, 'utf8')) as Record<string, unknown>;
      const kept = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('widget.')));
      return { contents: JSON.stringify(kept), loader: 'json' };
    });
  },
};

async function main(): Promise<void> {
  const widget = join(PROJECT_ROOT, 'simulator', 'widget');
  const common = { bundle: true, minify: true, outdir: WIDGET_OUT_DIR, logLevel: 'warning' as const, legalComments: 'eof' as const };
  await build({
    ...common,
    entryPoints: { 'widget-min': join(widget, 'widget-min.ts') },
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    charset: 'utf8',
    plugins: [widgetTextsOnly],
  });
  await build({ ...common, entryPoints: { 'widget-min': join(widget, 'widget.css') }, target: ['chrome80', 'firefox78', 'safari13'] });
  const sizes = ['widget-min.js', 'widget-min.css'].map((f) => {
    const path = join(WIDGET_OUT_DIR, f);
    return `${f} ${statSync(path).size} B (gzip ${gzipSync(readFileSync(path)).length} B)`;
  });
  console.log(`widget: ${sizes.join(', ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

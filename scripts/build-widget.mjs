#!/usr/bin/env node
// @ts-check
/**
 * Builds the payment widget for browsers: simulator/widget/widget-min.ts and
 * widget.css, bundled and minified by esbuild into dist/widget/widget-min.js and
 * dist/widget/widget-min.css (served at /scripts/widget-min.js and
 * /styles/widget-min.css). The locales/*.json catalogues are bundled with their
 * `widget.*` keys only (the pages' keys stay on the server).
 *
 * Part of `npm run build` and of the simulator-only build that `npm install` and
 * `npm start` run (scripts/ensure-build.mjs): plain JavaScript, so that it runs before
 * anything is compiled (esbuild reads the widget's TypeScript itself).
 */
import { readFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'widget');

/** Keeps only the widget's texts of a locales/xx.json catalogue. @type {import('esbuild').Plugin} */
const widgetTextsOnly = {
  name: 'widget-texts-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]locales[\\/][a-z]{2}\.json$/ }, async (args) => {
      const all = /** @type {Record<string, unknown>} */ (JSON.parse(await readFile(args.path, 'utf8')));
      const kept = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('widget.')));
      return { contents: JSON.stringify(kept), loader: 'json' };
    });
  },
};

const widget = join(root, 'simulator', 'widget');
/** @type {import('esbuild').BuildOptions} */
const common = { bundle: true, minify: true, outdir, logLevel: 'warning', legalComments: 'eof' };
try {
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
    const path = join(outdir, f);
    return `${f} ${statSync(path).size} B (gzip ${gzipSync(readFileSync(path)).length} B)`;
  });
  console.log(`widget: ${sizes.join(', ')}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}

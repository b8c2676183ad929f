#!/usr/bin/env node
// @ts-check
/**
 * Makes sure dist/ holds a build of the simulator's current sources before it starts
 * (`npm start` through start.mjs, `npm run dev`, and `prepare`, which npm runs after `npm install`).
 *
 * The simulator's own sources (simulator/ without its tests, locales/, and the files the build
 * reads: tsconfig*.json, package.json, fixtures/schema/) are compared with the time of the
 * last build (dist/.build-stamp, or the build info file tsc writes). When a source is newer, or dist/ has no
 * build, it runs `npm run build:sim` (an incremental tsc of simulator/ only) and says so:
 * stale code never runs silently. A failed build stops here with tsc's messages.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.build-stamp');
const entry = join(root, 'dist', 'simulator', 'cli.js');

/** Whether a file under simulator/ is part of the simulator's build (tests are not). */
function isSource(name) {
  return (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.test-support.ts')) || name.endsWith('.css');
}

/** The newest modification time (ms) of the files under dir accepted by keep, and which file. */
function newest(dir, keep, found = { time: 0, file: '' }) {
  if (!existsSync(dir)) return found;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest(p, keep, found);
    else if (keep(e.name)) {
      const t = statSync(p).mtimeMs;
      if (t > found.time) {
        found.time = t;
        found.file = p;
      }
    }
  }
  return found;
}

function sourcesNewest() {
  const found = newest(join(root, 'simulator'), isSource);
  newest(join(root, 'fixtures', 'schema'), (n) => n.endsWith('.json'), found);
  // the widget's texts are bundled into dist/widget/ (scripts/build-widget.mjs)
  newest(join(root, 'locales'), (n) => n.endsWith('.json'), found);
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/build-widget.mjs', 'scripts/build-validators.mjs']) {
    const p = join(root, f);
    if (existsSync(p) && statSync(p).mtimeMs > found.time) {
      found.time = statSync(p).mtimeMs;
      found.file = p;
    }
  }
  return found;
}

/** Why a build is needed, or undefined when dist/ is up to date. */
export function staleness() {
  if (!existsSync(entry) || !existsSync(stamp)) return 'no build yet';
  const src = sourcesNewest();
  // a build by `npm run build:sim` or `npm run dev` (tsc --watch) writes the build info file
  const info = join(root, 'dist', '.tsbuildinfo-simulator');
  const built = Math.max(statSync(stamp).mtimeMs, existsSync(info) ? statSync(info).mtimeMs : 0);
  if (src.time > built) return `${src.file.slice(root.length + 1)} changed since the last build`;
  return undefined;
}

/** Builds when staleness() says so, saying why; exits (with tsc's status) when the build fails. */
export function ensureBuild() {
  const why = staleness();
  if (why !== undefined) {
    const t0 = Date.now();
    process.stderr.write(`bancontact-simulator: ${why}: building (npm run build:sim)…\n`);
    // the stamp's time is the time the build started: a file saved during the build counts as newer
    const started = new Date();
    const npm = process.env.npm_execpath;
    const r = npm
      ? spawnSync(process.execPath, [npm, 'run', '--silent', 'build:sim'], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', ['run', '--silent', 'build:sim'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) {
      process.stderr.write('bancontact-simulator: the build failed (see above); not starting an older build\n');
      process.exit(r.status ?? 1);
    }
    writeFileSync(stamp, `${started.toISOString()}\n`);
    utimesSync(stamp, started, started);
    process.stderr.write(`bancontact-simulator: built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuild();

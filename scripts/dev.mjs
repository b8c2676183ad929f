#!/usr/bin/env node
// @ts-check
/**
 * `npm run dev`: builds if needed, then keeps two processes running until Ctrl+C:
 * `tsc --watch` on the simulator's sources (tsconfig.build.json) and the built CLI under
 * `node --watch`, which restarts it whenever a compiled module it loaded changes.
 * Arguments after `--` go to the CLI: `npm run dev -- --port 9090`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
ensureBuild();

const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const children = [
  spawn(process.execPath, [tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', join(root, 'dist', 'simulator', 'cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }),
];
let stopping = false;
const stop = (/** @type {NodeJS.Signals} */ signal) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const c of children) c.on('exit', (code) => {
  stop('SIGTERM');
  if (children.every((k) => k.exitCode !== null || k.signalCode !== null)) process.exit(code ?? 0);
});

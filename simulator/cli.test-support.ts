/**
 * Tests that run the compiled command line (dist/simulator/cli.js): where it is,
 * and compiling the project when dist/ is missing or older than the sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

export const CLI = join(PROJECT_ROOT, 'dist', 'simulator', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Compiles the project when dist/simulator/cli.js (or one of `compiled`, paths of
 * other compiled files the test needs) is missing or older than the sources (tsc
 * emits even with type errors elsewhere).
 */
export function ensureCliBuilt(...compiled: string[]): void {
  const files = [CLI, ...compiled];
  const built = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  if (Math.min(...files.map(built)) >= newestSource(join(PROJECT_ROOT, 'simulator'))) return;
  try {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  } catch {
    // type errors in files being edited: the output is still written
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`tsc did not produce ${missing.join(', ')}`);
}

/**
 * The compiled CLI for tests that run it as a user does: built when dist/ is
 * missing or older than the sources, then spawned.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

export const CLI = join(PROJECT_ROOT, 'dist', 'simulator', 'cli.js');
const COMPILED_STORE = join(PROJECT_ROOT, 'dist', 'simulator', 'store', 'sqlite.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles the project when dist/ is missing or older than the sources (tsc emits even with type errors elsewhere). */
export function ensureBuilt(): void {
  const built = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  if (Math.min(built(CLI), built(COMPILED_STORE)) >= newestSource(join(PROJECT_ROOT, 'simulator'))) return;
  try {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  } catch {
    // type errors in files being edited: the output is still written
  }
  if (!existsSync(CLI) || !existsSync(COMPILED_STORE)) throw new Error('tsc did not produce dist/simulator/cli.js and dist/simulator/store/sqlite.js');
}

/** The environment without the simulator's variables (a developer's PORT or DATA_FILE must not leak into a test). */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['PORT', 'HOST', 'PUBLIC_URL', 'DATA_FILE', 'FIXTURES', 'MAX_SESSIONS', 'LOG_REQUESTS', 'ADMIN_TOKEN', 'NODE_PATH']) delete env[k];
  return env;
}

export interface CliRun {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** The exit code, or null when the CLI is still running (it printed its banner). */
  code: number | null;
}

/** Runs `node <cli> ...args` until it exits or has printed its whole banner (then it is left running: kill it). */
export function runCli(args: readonly string[], cli = CLI): Promise<CliRun> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: PROJECT_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const run: CliRun = { child, stdout: '', stderr: '', code: null };
  return new Promise((resolve) => {
    child.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      run.stdout += d.toString();
      if (run.stdout.includes('Ctrl+C stops.\n')) resolve(run);
    });
    child.on('exit', (code) => {
      run.code = code;
      resolve(run);
    });
  });
}

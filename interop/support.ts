/**
 * Running the interop clients (PHP, Python) from a test: finding them, running a
 * script without blocking the event loop (the simulator answers it from the test
 * process), and explaining a failed run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..');
export const SCRIPT_TIMEOUT_MS = 30_000;

export const skipped = (reason: string) => (reason ? ` (skipped: ${reason})` : '');

export interface Probe {
  /** Command to run the flow script with, when the client is usable. */
  command?: string;
  reason: string;
}

export function probe(command: string, args: string[]): { ok: boolean; detail: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return { ok: false, detail: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${command} not found` : r.error.message };
  return { ok: r.status === 0, detail: (r.stderr || r.stdout).trim().split('\n').pop() ?? '' };
}

export function probePhp(): Probe {
  const r = probe('php', ['-r', 'exit(extension_loaded("soap") ? 0 : 3);']);
  if (r.ok) return { command: 'php', reason: '' };
  return { reason: r.detail.endsWith('not found') ? 'php is not installed' : 'the php soap extension is not loaded (php-soap)' };
}

/** A Python that can import zeep: INTEROP_PYTHON, else python3 on the PATH, else Debian's /usr/bin/python3 (where python3-zeep installs). */
export function probePython(): Probe {
  const candidates = [process.env['INTEROP_PYTHON'], 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const c of [...new Set(candidates)]) {
    if (probe(c, ['-c', 'import zeep, requests, lxml']).ok) return { command: c, reason: '' };
  }
  return { reason: `no python3 can import zeep (tried ${[...new Set(candidates)].join(', ')}; python3-zeep)` };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a script without blocking the event loop (the simulator answers it from this very process). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, SCRIPT_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
  });
}

/** What to show when a run failed: the failing checks first, then everything the script printed. */
export function explain(r: RunResult): string {
  let failed = '';
  try {
    const report = JSON.parse(r.stdout) as { failed?: string[] };
    if (report.failed?.length) failed = `failing checks:\n  - ${report.failed.join('\n  - ')}\n`;
  } catch {
    // not JSON: shown as is below
  }
  return `${r.timedOut ? `timed out after ${SCRIPT_TIMEOUT_MS / 1000} s\n` : ''}exit code ${r.code}\n${failed}--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}


/** A random loopback address other than 127.0.0.1 (with port 443, parallel runs do not collide). */
export function randomLoopback(): string {
  return `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
}

const UNSHARE_HOSTS = ['--mount', '--fork', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec "$@"'];

/** Why a client cannot get a private hosts file here ('' if it can). */
export function unshareProblem(): string {
  if (process.platform !== 'linux') return 'unshare is Linux only';
  const dir = mkdtempSync(join(tmpdir(), 'unshare-probe-'));
  try {
    const file = join(dir, 'hosts');
    writeFileSync(file, '127.0.0.1 unshare-probe.invalid\n');
    const r = spawnSync('unshare', [...UNSHARE_HOSTS, file, 'cat', '/etc/hosts'], { encoding: 'utf8', timeout: 10_000 });
    if (r.error) return `unshare cannot run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
    if (r.status !== 0 || !r.stdout.includes('unshare-probe.invalid')) return `unshare --mount is not permitted here (${(r.stderr || 'no output').trim().split('\n').pop()}); run as root, as CI does`;
    return '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `command` with `hostsFile` as its /etc/hosts (a private mount namespace: the machine's file is never touched). */
export function underHostsFile(hostsFile: string, command: string[]): Promise<RunResult> {
  return run('unshare', [...UNSHARE_HOSTS, hostsFile, ...command]);
}

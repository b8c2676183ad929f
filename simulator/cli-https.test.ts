/**
 * The compiled command line's HTTPS parts: the `ca` and `hosts` subcommands, the
 * banner, and the one-line refusals (exit 2) of a CA folder it cannot write and
 * of an HTTPS port in use.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt } from './cli.test-support.js';
import { PROJECT_ROOT } from './paths.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  dirs.push(d);
  return d;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `until`, stops it (SIGTERM) once stdout matches. */
function cli(args: string[], until?: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const clean = { ...process.env };
  for (const k of ['PORT', 'HOST', 'PUBLIC_URL', 'HTTPS_PORT', 'CA_DIR', 'ADMIN_TOKEN']) delete clean[k];
  const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (until?.test(stdout)) child.kill('SIGTERM');
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bancontact-simulator hosts', { timeout: 60_000 }, () => {
  it('prints the hosts-file lines for 127.0.0.1, or for the address given', async () => {
    const def = await cli(['hosts']);
    expect(def.code).toBe(0);
    expect(def.stdout).toBe(
      [
        '127.0.0.1 homologation.payline.com',
        '127.0.0.1 homologation-webpayment.payline.com',
        '127.0.0.1 homologation-payment.payline.com',
        '127.0.0.1 homologation-payment-2.payline.com',
        '127.0.0.1 homologation-payment.cdn.payline.com',
        '127.0.0.1 homologation-admin.payline.com',
        '',
      ].join('\n'),
    );
    expect((await cli(['hosts', '192.168.1.20'])).stdout).toMatch(/^192\.168\.1\.20 homologation\.payline\.com\n/);
    const bad = await cli(['hosts', 'sim.example']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('bancontact-simulator: hosts: ADDRESS must be an IP address, got "sim.example"\n');
  });
});

describe('bancontact-simulator ca', { timeout: 60_000 }, () => {
  it('creates the CA on first use, then prints the same one', async () => {
    const caDir = join(tempDir(), 'ca');
    const first = await cli(['ca', '--ca-dir', caDir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(first.stderr).toBe(`bancontact-simulator: created a new CA in ${join(caDir, 'ca.pem')}\n`);
    const second = await cli(['ca'], undefined, { CA_DIR: caDir });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');
    expect(readFileSync(join(caDir, 'ca.pem'), 'utf8')).toBe(first.stdout);
  });
});

describe('bancontact-simulator --https-port', { timeout: 60_000 }, () => {
  it('names the impersonated hosts, the HTTPS port and the CA file in its banner', async () => {
    const caDir = tempDir();
    const r = await cli(['--port', '0', '--https-port', '0', '--ca-dir', caDir], /Ctrl\+C stops/);
    expect(r.stdout).toMatch(/HTTPS on https:\/\/127\.0\.0\.1:\d+, answering as Monext's homologation hosts/);
    for (const h of ['homologation.payline.com', 'homologation-webpayment.payline.com', 'homologation-payment.payline.com', 'homologation-payment-2.payline.com', 'homologation-payment.cdn.payline.com', 'homologation-admin.payline.com']) {
      expect(r.stdout).toContain(h);
    }
    expect(r.stdout).toContain(`CA          ${join(caDir, 'ca.pem')} (created now): trust it once`);
  });

  it('stops with one line and exit 2 when the CA folder cannot be written', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    const r = await cli(['--port', '0', '--https-port', '0'], undefined, { CA_DIR: join(file, 'ca') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bancontact-simulator: cannot write the CA folder ${join(file, 'ca')} (CA_DIR / --ca-dir): ENOTDIR\n`);
  });

  it('stops with one line and exit 2 when the HTTPS port is in use', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await cli(['--port', '0', '--https-port', String(port), '--ca-dir', tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`bancontact-simulator: cannot listen: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`);
    } finally {
      busy.close();
    }
  });

  it('says where the CA lives by default in --help', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toContain('--https-port');
    expect(r.stdout).toContain('$XDG_DATA_HOME/bancontact-simulator or ~/.local/share/bancontact-simulator');
    expect(r.stdout).toContain('bancontact-simulator hosts [ADDRESS]');
  });
});

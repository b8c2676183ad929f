/**
 * Real SOAP clients against the simulator: PHP's SoapClient (ext-soap, what
 * Monext's PHP SDK and the Magento/WooCommerce/PrestaShop modules use) and
 * Python's zeep, each built from a WSDL exactly as a shop builds it, run the
 * whole Bancontact flow (interop/php/flow.php, interop/python/flow.py).
 *
 * Each client runs twice: with the WSDL the simulator serves (`?wsdl`) and with
 * Monext's official WSDL files (OFFICIAL_WSDL_DIR, default
 * ../shared/reference/wsdl from the project root) pointed at the simulator.
 * A client or WSDL that is not on the machine skips its cases, and the test
 * name says why. Install the clients with
 *   apt-get install -y php-cli php-soap python3-zeep
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const SCRIPT_TIMEOUT_MS = 30_000;

const officialDir = (() => {
  const dir = process.env['OFFICIAL_WSDL_DIR'] ?? '../shared/reference/wsdl';
  return isAbsolute(dir) ? dir : resolve(ROOT, dir);
})();
const officialAvailable = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'].every((api) => existsSync(join(officialDir, `${api}.wsdl`)));

interface Probe {
  /** Command to run the flow script with, when the client is usable. */
  command?: string;
  reason: string;
}

function probe(command: string, args: string[]): { ok: boolean; detail: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 15_000 });
  if (r.error) return { ok: false, detail: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${command} not found` : r.error.message };
  return { ok: r.status === 0, detail: (r.stderr || r.stdout).trim().split('\n').pop() ?? '' };
}

function probePhp(): Probe {
  const r = probe('php', ['-r', 'exit(extension_loaded("soap") ? 0 : 3);']);
  if (r.ok) return { command: 'php', reason: '' };
  return { reason: r.detail.endsWith('not found') ? 'php is not installed' : 'the php soap extension is not loaded (php-soap)' };
}

/** A Python that can import zeep: INTEROP_PYTHON, else python3 on the PATH, else Debian's /usr/bin/python3 (where python3-zeep installs). */
function probePython(): Probe {
  const candidates = [process.env['INTEROP_PYTHON'], 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const c of [...new Set(candidates)]) {
    if (probe(c, ['-c', 'import zeep, requests, lxml']).ok) return { command: c, reason: '' };
  }
  return { reason: `no python3 can import zeep (tried ${[...new Set(candidates)].join(', ')}; python3-zeep)` };
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a script without blocking the event loop (the simulator answers it from this very process). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
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
function explain(r: RunResult): string {
  let failed = '';
  try {
    const report = JSON.parse(r.stdout) as { failed?: string[] };
    if (report.failed?.length) failed = `failing checks:\n  - ${report.failed.join('\n  - ')}\n`;
  } catch {
    // not JSON: shown as is below
  }
  return `${r.timedOut ? `timed out after ${SCRIPT_TIMEOUT_MS / 1000} s\n` : ''}exit code ${r.code}\n${failed}--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

const skipped = (reason: string) => (reason ? ` (skipped: ${reason})` : '');
const officialName = `with Monext's official WSDL, endpoint overridden${skipped(officialAvailable ? '' : `no official WSDL at ${officialDir}; set OFFICIAL_WSDL_DIR`)}`;
const TEST_TIMEOUT = SCRIPT_TIMEOUT_MS + 10_000;

const php = probePhp();
describe.skipIf(!php.command)(`PHP SoapClient, full Bancontact flow${skipped(php.reason)}`, () => {
  const flow = async (wsdl: string) => {
    const r = await run(php.command!, [join(HERE, 'php', 'flow.php'), sim.url, wsdl]);
    expect(r.code, explain(r)).toBe(0);
  };
  it('with the WSDL the simulator serves', () => flow('served'), TEST_TIMEOUT);
  it.skipIf(!officialAvailable)(officialName, () => flow(officialDir), TEST_TIMEOUT);
});

const python = probePython();
describe.skipIf(!python.command)(`Python zeep, full Bancontact flow${skipped(python.reason)}`, () => {
  const flow = async (wsdl: string, env: NodeJS.ProcessEnv = {}) => {
    const r = await run(python.command!, [join(HERE, 'python', 'flow.py'), sim.url, wsdl], env);
    expect(r.code, explain(r)).toBe(0);
  };
  // zeep with Settings(strict=False): the way a shop must set zeep up for Monext,
  // whose own recorded responses skip required elements (see flow.py)
  it('with the WSDL the simulator serves', () => flow('served'), TEST_TIMEOUT);
  it.skipIf(!officialAvailable)(officialName, () => flow(officialDir), TEST_TIMEOUT);
  // zeep's default Settings(strict=True) rejects a response that skips a required
  // element: the simulator renders every required element, so both modes work
  it(`with zeep's default strict parsing, served WSDL`, () => flow('served', { ZEEP_STRICT: '1' }), TEST_TIMEOUT);
  it.skipIf(!officialAvailable)(`with zeep's default strict parsing, ${officialName}`, () => flow(officialDir, { ZEEP_STRICT: '1' }), TEST_TIMEOUT);
});

describe.skipIf(!php.command)(`PHP SoapClient, fault rules and the SDK's failover${skipped(php.reason)}`, () => {
  it(
    'sees the HTTP error, the connection error, the time-out and the code, then fails over to /failover/V4 with its headers',
    async () => {
      const r = await run(php.command!, [join(HERE, 'php', 'faults.php'), sim.url]);
      expect(r.code, explain(r)).toBe(0);
      // the retries, as the journal kept them (newest first): each on the failover URL, with the SDK's headers
      const retries = sim.ctx.journal
        .recent()
        .map((x) => x.entry)
        .filter((e) => e.endpoint === '/failover/V4')
        .reverse();
      expect(retries.map((e) => e.headers?.['x-failover-cause'])).toEqual(['HTTP_503', 'TIMEOUT', 'APP_02101']);
      for (const e of retries) {
        expect(e.headers).toMatchObject({ 'x-failover-index': '1', 'x-failover-origin': `${sim.url}/V4/services/`, 'x-failover-duration': expect.stringMatching(/^\d+$/) });
        expect(e.headers?.['version']).toMatch(/^interop faults\.php PHP /);
        expect([e.httpStatus, e.resultCode, e.fault]).toEqual([200, '02304', undefined]);
      }
      const faulted = sim.ctx.journal.recent().filter((x) => x.entry.fault !== undefined);
      expect(new Set(faulted.map((x) => x.entry.fault!.kind))).toEqual(new Set(['http', 'reset', 'hang', 'code']));
    },
    TEST_TIMEOUT,
  );
});

describe.skipIf(!python.command)(`Python zeep, fault rules${skipped(python.reason)}`, () => {
  it(
    'sees the HTTP error, the SOAP Fault, the connection error, the read time-out and the code; times counts down',
    async () => {
      const r = await run(python.command!, [join(HERE, 'python', 'faults.py'), sim.url]);
      expect(r.code, explain(r)).toBe(0);
    },
    TEST_TIMEOUT,
  );
});

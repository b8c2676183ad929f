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
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { explain, HERE, probePhp, probePython, ROOT, run, SCRIPT_TIMEOUT_MS, skipped } from './support.js';

const officialDir = (() => {
  const dir = process.env['OFFICIAL_WSDL_DIR'] ?? '../shared/reference/wsdl';
  return isAbsolute(dir) ? dir : resolve(ROOT, dir);
})();
const officialAvailable = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'].every((api) => existsSync(join(officialDir, `${api}.wsdl`)));

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

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

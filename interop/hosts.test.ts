/**
 * The drop-in mode with real clients that know only Monext's homologation URLs:
 * PHP's SoapClient (interop/php/hosts-flow.php) and Chromium, against the
 * simulator's HTTPS listener on port 443 of a random loopback address
 * (127.x.y.z: parallel runs do not collide).
 *
 * The names are mapped for the client process only: PHP runs under
 * `unshare --mount --fork` with a temporary hosts file bind-mounted over
 * /etc/hosts (the machine's file is never touched); Chromium gets
 * --host-resolver-rules. Certificate checks stay on: PHP trusts the CA through
 * `-d openssl.cafile=…`; Chromium accepts only certificate chains that contain
 * the simulator CA's key (--ignore-certificate-errors-spki-list), which a test
 * below shows does not accept another CA's certificate.
 *
 * Needs root (unshare, port 443): where that is not permitted, the tests skip
 * saying why. CI runs as root.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../e2e/browser.js';
import { hostsFileLines } from '../simulator/http/hosts.js';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { ensureLeaf, loadOrCreateCa, spkiHash } from '../simulator/tls/ca.js';
import { explain, HERE, probePhp, randomLoopback, run, SCRIPT_TIMEOUT_MS, skipped, underHostsFile, unshareProblem } from './support.js';

const ADDRESS = randomLoopback();

const php = probePhp();
const problem = php.command ? unshareProblem() : php.reason;
const TEST_TIMEOUT = 2 * SCRIPT_TIMEOUT_MS + 20_000;

describe.skipIf(problem !== '')(`Monext's homologation names over HTTPS, with real clients${skipped(problem)}`, () => {
  let dir: string;
  let hostsFile: string;
  let sim: RunningSimulator;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sim-hosts-'));
    hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, `127.0.0.1 localhost\n::1 localhost\n${hostsFileLines(ADDRESS)}`);
    sim = await startSimulator({ port: 0, host: ADDRESS, httpsPort: 443, caDir: join(dir, 'ca') });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs hosts-flow.php with the names mapped for it only; `trust`: with the simulator's CA as openssl.cafile. */
  const phpFlow = async (args: string[], trust = true) => {
    const cafile = trust ? ['-d', `openssl.cafile=${sim.https!.caFile}`] : [];
    const r = await underHostsFile(hostsFile, [php.command!, ...cafile, join(HERE, 'php', 'hosts-flow.php'), ...args]);
    expect(r.code, explain(r)).toBe(0);
    return JSON.parse(r.stdout) as { steps: Record<string, Record<string, unknown>> };
  };

  const chromium = async () =>
    (browser ??= await launchBrowser([
      `--host-resolver-rules=MAP homologation-webpayment.payline.com ${ADDRESS}, MAP other-ca.test ${ADDRESS}`,
      // trust limited to chains holding this key (the simulator sends its CA after the server certificate)
      `--ignore-certificate-errors-spki-list=${spkiHash(sim.https!.caPem)}`,
    ]));

  it(
    'an unmodified SoapClient: doWebPayment on homologation.payline.com → the page on homologation-webpayment.payline.com (Chromium) → getWebPaymentDetails → doRefund',
    async () => {
      const started = await phpFlow(['start', sim.url]);
      const token = started.steps['doWebPayment']!['token'] as string;
      const redirectURL = started.steps['doWebPayment']!['redirectURL'] as string;
      expect(redirectURL).toBe(`https://homologation-webpayment.payline.com/v2/?token=${encodeURIComponent(token)}`);

      const page = await (await chromium()).newPage();
      try {
        const response = await page.goto(redirectURL);
        expect(response?.status()).toBe(200);
        await page.getByRole('button', { name: 'MAKE A PAYMENT' }).click();
        await page.waitForURL((u) => u.href.startsWith(`${sim.url}/interop-shop/return`));
        expect(new URL(page.url()).searchParams.get('paylinetoken')).toBe(token);
      } finally {
        await page.close();
      }

      const finished = await phpFlow(['finish', token]);
      expect(finished.steps['doRefund']!['code']).toBe('00000');
    },
    TEST_TIMEOUT,
  );

  it(
    "the PHP SDK's endpoints directory dance: GET homologation-payment.payline.com, append /services/WebPaymentAPI, call it",
    async () => {
      const r = await phpFlow(['directory', sim.url]);
      expect(r.steps['directory']!['answer']).toMatchObject({ urls: ['https://homologation.payline.com/V4'] });
    },
    TEST_TIMEOUT,
  );

  it(
    'a PHP client that does not trust the CA is refused (certificate verify failed)',
    async () => {
      await phpFlow(['untrusted'], false);
    },
    TEST_TIMEOUT,
  );

  it(
    "Chromium's trust is limited to the simulator's CA: another CA's certificate is still refused",
    async () => {
      const otherDir = join(dir, 'other-ca');
      const other = await loadOrCreateCa(otherDir);
      const leaf = await ensureLeaf(other, otherDir, ['other-ca.test']);
      const server: Server = createServer({ cert: leaf.certPem + other.pem, key: leaf.keyPem }, (_req, res) => res.end('other'));
      await new Promise<void>((resolve) => server.listen(0, ADDRESS, resolve));
      const page = await (await chromium()).newPage();
      try {
        const port = (server.address() as { port: number }).port;
        await expect(page.goto(`https://other-ca.test:${port}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
      } finally {
        await page.close();
        server.close();
      }
    },
    TEST_TIMEOUT,
  );
});

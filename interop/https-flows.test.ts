/**
 * Two flows that unmodified shops run against Monext's homologation names, end to
 * end over HTTPS, with the simulator's HTTPS listener on port 443 of a random
 * loopback address (127.x.y.z) and certificate checks on everywhere:
 *
 * 1. In-shop (widget) as Magento's module does it: the shop (a local HTTP server on
 *    127.0.0.1, its own origin) calls doWebPayment on https://homologation.payline.com
 *    (Node's https with the simulator's CA as `ca` and a `lookup` mapping the name: no
 *    global trust change), injects the widget's div, then appends
 *    <script src="https://homologation-payment.payline.com/scripts/widget-min.js"> and
 *    the CSS link, under a CSP that lists only the six widget hosts of Magento's
 *    csp_whitelist.xml. Chromium maps only Monext's payment and webpayment names
 *    (--host-resolver-rules) and trusts only the simulator's CA
 *    (--ignore-certificate-errors-spki-list). The buyer pays with Bancontact on the
 *    partner page, comes back to the shop page, the widget shows PAYMENT_SUCCESS, the
 *    shop's handler clicks the ticket's button, the return URL's getWebPaymentDetails
 *    answers 00000; ABORT sends the shop to cancelUrl.
 * 2. The PHP SDK's failover through the endpoints directory (interop/php/faults.php
 *    sdk-directory), under `unshare --mount` with a private hosts file and
 *    `-d openssl.cafile`: DIRECTORY_FAILOVER on, a one-time 503 (or hang, or result
 *    02101) on doWebPayment, the client gets 00000 from the directory's second URL,
 *    and the journal shows both exchanges.
 *
 * Needs port 443 (root or CAP_NET_BIND_SERVICE) and, for the PHP client, unshare
 * and php-soap: where they are missing, the tests skip saying why. CI runs as root.
 */
import type { LookupFunction } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { request } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../e2e/browser.js';
import { startMerchantApp, type MerchantApp, type SoapTransport } from '../e2e/merchant-app.js';
import { DEMO, eventually, testIds } from '../e2e/support.js';
import { callNames, recordingContext, type RecordingContext } from '../e2e/widget-harness.js';
import { startWidgetShops, type WidgetShops } from '../e2e/widget-shops.js';
import { PaymentWidget } from '../simulator/kit/widget.js';
import { HOMOLOGATION_HOSTS, hostsFileLines, IMPERSONATED_HOSTS, SOAP_HOST, WEBPAYMENT_HOST } from '../simulator/http/hosts.js';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { spkiHash } from '../simulator/tls/ca.js';
import { explain, HERE, probePhp, randomLoopback, SCRIPT_TIMEOUT_MS, skipped, underHostsFile, unshareProblem } from './support.js';

const ADDRESS = randomLoopback();
const PAYMENT_HOST = HOMOLOGATION_HOSTS.payment[0]!;

/** Magento's etc/csp_whitelist.xml: the widget hosts it allows in every directive, homologation and production. */
const MAGENTO_CSP_HOSTS = [
  'payment.payline.com',
  'payment-2.payline.com',
  'payment.cdn.payline.com',
  'homologation-payment.payline.com',
  'homologation-payment-2.payline.com',
  'homologation-payment.cdn.payline.com',
];

/** Why the simulator cannot listen on port 443 of ADDRESS here ('' if it can). */
function port443Problem(): Promise<string> {
  const probe = createNetServer();
  return new Promise((resolve) => {
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(`port 443 cannot be bound here (${e.code ?? e.message}); run as root or with CAP_NET_BIND_SERVICE, as CI does`));
    probe.listen(443, ADDRESS, () => probe.close(() => resolve('')));
  });
}

/** Node's lookup for Monext's homologation names only, all to `address` (nothing else resolves). */
function monextLookup(address: string): LookupFunction {
  return (hostname, options, callback) => {
    if (!IMPERSONATED_HOSTS.includes(hostname)) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (only Monext's homologation names are mapped)`), { code: 'ENOTFOUND' }), '');
    } else if (options.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };
}

/** The shop's SOAP transport: Node's https, trusting `ca` for this request only, names mapped by `lookup`. */
function httpsTransport(ca: string, lookup: LookupFunction, sent: string[]): SoapTransport {
  return (url, headers, body) =>
    new Promise((resolve, reject) => {
      sent.push(url);
      const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, ca, lookup, agent: false, timeout: 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${url}: no answer within 10 s`)));
      req.on('error', reject);
      req.end(body);
    });
}

const bindProblem = await port443Problem();
const php = probePhp();
const phpProblem = bindProblem || (php.command ? unshareProblem() : php.reason);
const TEST_TIMEOUT = SCRIPT_TIMEOUT_MS + 10_000;

describe.skipIf(bindProblem !== '')(`Shops against Monext's homologation names over HTTPS, end to end${skipped(bindProblem)}`, () => {
  let dir: string;
  let sim: RunningSimulator;
  let shop: MerchantApp;
  let shops: WidgetShops;
  let browser: Browser | undefined;
  let recording: RecordingContext;
  /** The URLs the shop POSTed its SOAP requests to. */
  const shopSent: string[] = [];
  /** Every URL the browser asked for, per page. */
  const asked = new Map<Page, string[]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sim-https-flows-'));
    sim = await startSimulator({ port: 0, host: ADDRESS, httpsPort: 443, caDir: join(dir, 'ca'), directoryFailover: true });
    shop = await startMerchantApp(`https://${SOAP_HOST}`, DEMO, httpsTransport(sim.https!.caPem, monextLookup(ADDRESS), shopSent));
    shops = await startWidgetShops(`https://${PAYMENT_HOST}`, shop, { cspHosts: MAGENTO_CSP_HOSTS });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await shops?.close();
    await shop?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newPage = async (): Promise<Page> => {
    if (!browser) {
      browser = await launchBrowser([
        // only the hosts the buyer's browser reaches: the widget's and the payment page's
        `--host-resolver-rules=MAP ${PAYMENT_HOST} ${ADDRESS}, MAP ${WEBPAYMENT_HOST} ${ADDRESS}`,
        // trust limited to chains holding the simulator CA's key
        `--ignore-certificate-errors-spki-list=${spkiHash(sim.https!.caPem)}`,
      ]);
      recording = await recordingContext(browser);
    }
    const page = await recording.newPage();
    const urls: string[] = [];
    asked.set(page, urls);
    page.on('request', (r) => void urls.push(r.url()));
    return page;
  };

  /** Magento's checkout page: doWebPayment over HTTPS, then the widget on the payment methods. */
  const openMagento = async (page: Page): Promise<PaymentWidget> => {
    await page.goto(`${shops.url}/magento?template=column`);
    const widget = new PaymentWidget(page);
    await widget.waitForState('PAYMENT_METHODS_LIST');
    return widget;
  };

  /** The hosts the page asked for: the shop's (its checkout page, its return and cancel URLs) and Monext's two names, nothing else. */
  const expectOnlyMonextHosts = (page: Page) => {
    const hosts = new Set(asked.get(page)!.map((u) => new URL(u).host));
    expect([...hosts].sort()).toEqual([new URL(shops.url).host, new URL(shop.url).host, PAYMENT_HOST, WEBPAYMENT_HOST].sort());
    const widgetFiles = asked.get(page)!.filter((u) => /widget-min\.(js|css)$/.test(u));
    expect(new Set(widgetFiles)).toEqual(new Set([`https://${PAYMENT_HOST}/scripts/widget-min.js`, `https://${PAYMENT_HOST}/styles/widget-min.css`]));
    expect(asked.get(page)!.filter((u) => u.includes('/services/token/')).every((u) => u.startsWith(`https://${PAYMENT_HOST}/services/token/`))).toBe(true);
  };

  afterEach(() => {
    if (!recording) return;
    const problems = recording.problems.splice(0);
    expect(problems, 'console errors, page errors or CSP violations').toEqual([]);
  });

  it(
    "Magento's in-shop widget from homologation-payment.payline.com: Bancontact, MAKE A PAYMENT, PAYMENT_SUCCESS, the ticket's button, getWebPaymentDetails 00000",
    async () => {
      shopSent.length = 0;
      const page = await newPage();
      recording.calls.length = 0;
      const widget = await openMagento(page);
      expect(shopSent).toEqual([`https://${SOAP_HOST}/V4/services/WebPaymentAPI`]);
      const token = await page.evaluate(() => (window.Payline!.Api['getToken'] as () => string)());
      expect(shop.checkouts.at(-1)?.redirectURL).toBe(`https://${WEBPAYMENT_HOST}/v2/?token=${encodeURIComponent(token)}`);

      const partner = await widget.chooseBancontact();
      expect(new URL(page.url()).host).toBe(WEBPAYMENT_HOST);
      await partner.pay();
      expect(await widget.waitForReturn()).toBe(token);
      // Magento's finalstatehasbeenreached handler clicks #pl-ticket-default-ticket_btn: returnURL
      await page.waitForURL((u) => u.href.startsWith(shop.returnURL));
      expect(new URL(page.url()).searchParams.get('paylinetoken')).toBe(token);
      expect((await testIds(page))['result-code']).toBe('00000');
      expect(callNames(recording.calls)).toEqual(expect.arrayContaining(['finalstatehasbeenreached:PAYMENT_SUCCESS', 'beforepayment']));
      expect(shopSent.at(-1)).toBe(`https://${SOAP_HOST}/V4/services/WebPaymentAPI`); // getWebPaymentDetails of the return page
      const session = (await (await fetch(`${sim.url}/_simulator/sessions/${encodeURIComponent(token)}`)).json()) as { origin: string; result: { code: string } | null };
      expect(session.origin).toBe('Widget (SOAP)');
      // the notification reaches the shop (plain HTTP, its notificationURL), as in redirect mode
      await eventually('the WEBTRS notification', () => shop.notifications.some((n) => n.token === token && n.notificationType === 'WEBTRS'));
      expectOnlyMonextHosts(page);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    "Magento's in-shop widget: ABORT on the partner page, PAYMENT_CANCELED, the shop moves to cancelUrl (02008)",
    async () => {
      const page = await newPage();
      recording.calls.length = 0;
      const widget = await openMagento(page);
      const token = await widget.abort();
      await page.waitForURL((u) => u.href.startsWith(shop.cancelURL));
      expect(new URL(page.url()).searchParams.get('paylinetoken')).toBe(token);
      expect((await testIds(page))['result-code']).toBe('02008');
      expect(callNames(recording.calls)).toContain('finalstatehasbeenreached:PAYMENT_CANCELED');
      expectOnlyMonextHosts(page);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  describe.skipIf(phpProblem !== '')(`the PHP SDK's failover through the endpoints directory${skipped(phpProblem)}`, () => {
    // each failure the SDK fails over on, once: the rule, the cause the SDK sends, what the journal keeps of the first exchange
    const CASES: { what: string; rule: Record<string, unknown>; cause: string; first: Record<string, unknown> }[] = [
      { what: 'a one-time 503', rule: { kind: 'http', status: 503 }, cause: 'HTTP_503', first: { httpStatus: 503, fault: { kind: 'http' } } },
      { what: 'a one-time hang (the SDK times out)', rule: { kind: 'hang' }, cause: 'TIMEOUT', first: { httpStatus: 0, fault: { kind: 'hang' } } },
      { what: 'a one-time result 02101', rule: { kind: 'code', code: '02101' }, cause: 'APP_02101', first: { httpStatus: 200, resultCode: '02101', fault: { kind: 'code' } } },
    ];
    it.each(CASES)(
      'DIRECTORY_FAILOVER and $what on doWebPayment: the SDK retries on https://homologation.payline.com/failover/V4 and gets 00000; the journal shows both',
      async ({ rule: kind, cause, first: firstSeen }) => {
        const admin = (path: string, init?: RequestInit) => fetch(`${sim.url}${path}`, init).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
        const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect((await admin('/_simulator/reset', json({}))).status).toBe(200);
        const rule = await admin('/_simulator/faults', json({ operation: 'doWebPayment', merchantId: DEMO.merchantId, ...kind, times: 1 }));
        expect(rule.status).toBe(201);

        const hostsFile = join(dir, 'hosts');
        writeFileSync(hostsFile, `127.0.0.1 localhost\n::1 localhost\n${hostsFileLines(ADDRESS)}`);
        const r = await underHostsFile(hostsFile, [php.command!, '-d', `openssl.cafile=${sim.https!.caFile}`, join(HERE, 'php', 'faults.php'), 'sdk-directory', shops.url, cause]);
        expect(r.code, explain(r)).toBe(0);
        const report = JSON.parse(r.stdout) as { steps: Record<string, Record<string, unknown>> };
        expect(report.steps['directory']!['answer']).toEqual({ urls: [`https://${SOAP_HOST}/V4`, `https://${SOAP_HOST}/failover/V4`], ttl: expect.any(Number) });
        const token = report.steps['doWebPayment']!['token'] as string;
        // answered in the name of the host asked, on the failover path too
        expect(report.steps['doWebPayment']!['redirectURL']).toBe(`https://${WEBPAYMENT_HOST}/v2/?token=${encodeURIComponent(token)}`);

        // the journal, oldest first: the fault on the first exchange, the retry with the SDK's headers on the second
        type Exchange = { kind: string; operation?: string; token: string | null; httpStatus?: number; resultCode?: string; endpoint?: string; fault?: { ruleId: string; kind: string }; headers?: Record<string, string> };
        // (a held connection is journaled once the client has given up on it)
        const exchanges = await eventually('both doWebPayment exchanges in the journal', async () => {
          const all = ((await admin(`/_simulator/journal?merchantId=${DEMO.merchantId}`)).body['exchanges'] as Exchange[]).filter((e) => e.operation === 'doWebPayment').reverse();
          return all.length >= 2 && all;
        });
        expect(exchanges).toHaveLength(2);
        const [first, second] = exchanges as [Exchange, Exchange];
        expect(first).toMatchObject({ token: null, ...firstSeen, fault: { ...(firstSeen['fault'] as object), ruleId: rule.body['id'] } });
        expect(first.endpoint).toBeUndefined();
        expect(second).toMatchObject({ token, httpStatus: 200, resultCode: '00000', endpoint: '/failover/V4' });
        expect(second.fault).toBeUndefined();
        expect(second.headers).toMatchObject({
          'x-failover-cause': cause,
          'x-failover-index': '1',
          'x-failover-origin': `https://${SOAP_HOST}/V4/services/`,
          'x-failover-duration': expect.stringMatching(/^\d+$/),
        });

        // the session's own journal has the retry (the faulted call made no session)
        const session = (await admin(`/_simulator/sessions/${encodeURIComponent(token)}`)).body as { journal: Exchange[] };
        expect(session.journal.filter((e) => e.kind === 'soap')).toEqual([expect.objectContaining({ operation: 'doWebPayment', endpoint: '/failover/V4', headers: expect.objectContaining({ 'x-failover-cause': cause }) })]);
        // times 1: the rule is used up
        const left = ((await admin('/_simulator/faults')).body['faults'] as { id: string; callsLeft: number | null }[]).find((f) => f.id === rule.body['id']);
        expect(left?.callsLeft ?? 0).toBe(0);
      },
      TEST_TIMEOUT,
    );
  });
});

/**
 * What the README states, checked against what a user gets (the browser example runs in
 * e2e/readme.test.ts): the scenario JSON works as described, the card of its worked example is
 * the one getWebPaymentDetails gives, startSimulator's options are the settings of config.ts,
 * the tarball named in the install command is the one `npm pack` writes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONS, parseConfig } from './config.js';
import { SimulatedClock } from './domain/clock.js';
import { createIdGenerator } from './domain/ids.js';
import { DEFAULT_FIXTURES_DIR } from './fixtures/load.js';
import { buildApp } from './http/app.js';
import { DEMO_MERCHANT, doWebPaymentEnvelope, getWebPaymentDetailsEnvelope } from './http/demo-soap.js';
import { PROJECT_ROOT } from './paths.js';
import { readme, readmeExample, readmeTable } from './readme.test-support.js';

const AUTH = `Basic ${Buffer.from(`${DEMO_MERCHANT.merchantId}:${DEMO_MERCHANT.accessKey}`).toString('base64')}`;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function order(orderRef: string) {
  return doWebPaymentEnvelope({
    amount: '1000',
    currency: '978',
    contractNumber: 'BANCONTACT',
    orderRef,
    orderDate: '02/12/2026 10:00',
    returnURL: 'http://127.0.0.1:9/return',
    cancelURL: 'http://127.0.0.1:9/cancel',
    notificationURL: 'http://127.0.0.1:9/notify',
    firstName: 'Jean',
    lastName: 'Peeters',
    email: 'jean@example.com',
  });
}

const tag = (xml: string, name: string) => new RegExp(`<obj:${name}>([^<]*)</obj:${name}>`).exec(xml)?.[1];

describe('README', () => {
  it('the scenario example refuses order VIP-1 with its partner code when the buyer pays, and only that order', async () => {
    const scenario = JSON.parse(readmeExample('scenario')) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'readme-scenario-'));
    dirs.push(dir);
    copyFileSync(join(DEFAULT_FIXTURES_DIR, 'merchants.json'), join(dir, 'merchants.json'));
    writeFileSync(join(dir, 'scenarios.json'), JSON.stringify({ scenarios: [scenario] }));
    const { app } = await buildApp({ config: parseConfig({ FIXTURES: dir }), tickMs: 0 });
    try {
      const pay = async (ref: string) => {
        const started = await app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { authorization: AUTH, 'content-type': 'text/xml' }, payload: order(ref) });
        const token = /<impl:token>([^<]+)</.exec(started.body)?.[1];
        expect(token, started.body).toBeDefined();
        await app.inject({ method: 'POST', url: '/v2/pay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${token}` });
        return (await app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { authorization: AUTH, 'content-type': 'text/xml' }, payload: getWebPaymentDetailsEnvelope(token!) })).body;
      };
      const vip = await pay('VIP-1');
      expect([tag(vip, 'code'), tag(vip, 'partnerCode'), tag(vip, 'partnerCodeLabel')]).toEqual(['02020', '51', 'Insufficient funds']);
      expect(tag(await pay('VIP-2'), 'code')).toBe('00000');
    } finally {
      await app.close();
    }
  });

  it("the card of the contract's worked example is what getWebPaymentDetails gives for that token and date", async () => {
    const text = readme();
    const m = /created on (\d+) (\w+) (\d{4}) with the\s+token `(\w+)` gives `(670999X+\d{4})` and `(\d\d\/\d\d)`:\s+`(\{[^`]+\})`/.exec(text);
    expect(m, 'the worked example of the card in "The contract"').not.toBeNull();
    const [, day, monthName, year, token, pan, expiry, json] = m!;
    const created = Number(token!.slice(-13));
    const d = new Date(created);
    // the example's token carries its own creation time, on the day the README says
    expect([d.getUTCDate(), d.toLocaleString('en', { month: 'long', timeZone: 'UTC' }), d.getUTCFullYear()]).toEqual([Number(day), monthName, Number(year)]);
    const ids = createIdGenerator();
    const { app } = await buildApp({
      config: parseConfig({}),
      tickMs: 0,
      clock: new SimulatedClock(() => created),
      ids: { ...ids, token: () => token! },
    });
    try {
      await app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { authorization: AUTH, 'content-type': 'text/xml' }, payload: order('CARD-1') });
      await app.inject({ method: 'POST', url: '/v2/pay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${token}` });
      const details = (await app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { authorization: AUTH, 'content-type': 'text/xml' }, payload: getWebPaymentDetailsEnvelope(token!) })).body;
      const additional = tag(details, 'partnerAdditionalData')!.replace(/&quot;/g, '"');
      expect(additional).toBe(json);
      expect(JSON.parse(additional)).toMatchObject({ cardMaskedPan: pan, cardExpiry: expiry });
    } finally {
      await app.close();
    }
  });

  it("lists startSimulator's options: every setting of config.ts, under its name, with its environment variable", () => {
    const rows = readmeTable('startSimulator options').map(([option, setting]) => [option!.replace(/`/g, ''), /`([A-Z_]+)`/.exec(setting!)?.[1]]);
    const expected = Object.entries(OPTIONS).map(([key, o]) => [key, o.env]);
    // a setting added to OPTIONS (config.ts) goes into this README table too
    expect(rows.sort()).toEqual(expected.sort());
  });

  it('names the tarball `npm pack` writes in the install command', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    const section = readme().split('## Using it from your own tests')[1]!.split('\n## ')[0]!;
    const tarballs = [...section.matchAll(/[\w.-]+\.tgz/g)].map((m) => m[0]);
    expect(tarballs.length).toBeGreaterThan(0);
    for (const t of tarballs) expect(t).toBe(`${pkg.name}-${pkg.version}.tgz`);
  });
});

/**
 * What the README states, checked against what a user gets (the browser example runs in
 * e2e/readme.test.ts): the scenario JSON works as described, the card of its worked example is
 * the one getWebPaymentDetails gives, startSimulator's options are the settings of config.ts,
 * the tarball named in the install command is the one `npm pack` writes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONS, defaultCaDir, parseConfig, type Config } from './config.js';
import { SimulatedClock } from './domain/clock.js';
import { OUTCOME_CODES } from './domain/codes.js';
import { createIdGenerator } from './domain/ids.js';
import { DEFAULT_FIXTURES_DIR } from './fixtures/load.js';
import { buildApp } from './http/app.js';
import { DEMO_MERCHANT, doRefundEnvelope, doWebPaymentEnvelope, getWebPaymentDetailsEnvelope } from './http/demo-soap.js';
import { PROJECT_ROOT } from './paths.js';
import { readme, readmeExample, readmeTable } from './readme.test-support.js';
import { startSimulator } from './server.js';

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

  it('lists in Configuration every setting of config.ts, with its variable, its flag and the default a user gets', () => {
    const rows = readmeTable('configuration');
    const unquote = (s: string) => s.replace(/`/g, '');
    expect(rows.map(([env, flag]) => [unquote(env!), unquote(flag!)]).sort()).toEqual(Object.values(OPTIONS).map((o) => [o.env, o.flag]).sort());
    const config = parseConfig({ HOME: '/home/shop' });
    const keyOf = new Map(Object.entries(OPTIONS).map(([key, o]) => [o.env, key as keyof Config]));
    for (const [env, , stated] of rows) {
      const key = keyOf.get(unquote(env!))!;
      const value = config[key];
      const literal = /^`([^`]*)`$/.exec(stated!)?.[1];
      if (literal === 'http://{HOST}:{PORT}') expect(value, env).toBe(`http://${config.host}:${config.port}`);
      else if (literal !== undefined) expect(String(value), env).toBe(literal);
      else if (key === 'caDir') {
        expect(stated).toBe('`$XDG_DATA_HOME/bancontact-simulator`, else `~/.local/share/bancontact-simulator`');
        expect([value, defaultCaDir({ HOME: '/h', XDG_DATA_HOME: '/x' })]).toEqual(['/home/shop/.local/share/bancontact-simulator', '/x/bancontact-simulator']);
      } else {
        // "none…" or "the project's fixtures/": nothing set, the simulator's own behaviour applies
        expect(stated, env).toMatch(/^none|^the project's `fixtures\/`$/);
        expect(value, env).toBeUndefined();
      }
    }
  });

  it("the scenario with fault rules: order FLAKY-REFUND is paid, its first doRefund gets a reset connection, the next one is refunded", async () => {
    const scenario = JSON.parse(readmeExample('scenario faults')) as { match: Record<string, string> };
    const dir = mkdtempSync(join(tmpdir(), 'readme-faults-'));
    dirs.push(dir);
    copyFileSync(join(DEFAULT_FIXTURES_DIR, 'merchants.json'), join(dir, 'merchants.json'));
    writeFileSync(join(dir, 'scenarios.json'), JSON.stringify({ scenarios: [scenario] }));
    const sim = await startSimulator({ port: 0, fixtures: dir });
    try {
      const soap = (api: string, payload: string) =>
        fetch(`${sim.url}/V4/services/${api}`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'text/xml' }, body: payload });
      const token = /<impl:token>([^<]+)</.exec(await (await soap('WebPaymentAPI', order(scenario.match['order.ref']!))).text())?.[1];
      expect(token).toBeDefined();
      await sim.app.inject({ method: 'POST', url: '/v2/pay', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${token}` });
      const details = await (await soap('WebPaymentAPI', getWebPaymentDetailsEnvelope(token!))).text();
      expect(tag(details, 'code')).toBe('00000');
      const refund = doRefundEnvelope({ transactionID: /<obj:id>([^<]+)</.exec(details)![1]!, amount: '1000', currency: '978', contractNumber: 'BANCONTACT' });
      await expect(soap('DirectPaymentAPI', refund)).rejects.toThrow();
      expect(tag(await (await soap('DirectPaymentAPI', refund)).text(), 'code')).toBe('00000');
    } finally {
      await sim.close();
    }
  });

  it('the shell example of Faults, run against a simulator on a free port, gives what its comments say', { timeout: 30_000 }, async () => {
    const curl = spawnSync('curl', ['--version']);
    if (curl.error) return void console.warn('skipped: curl is not installed');
    const script = readmeExample('faults');
    expect(script).toContain('SIM=http://127.0.0.1:8080\n');
    const sim = await startSimulator({ port: 0 });
    try {
      const run = await new Promise<{ out: string; code: number | null }>((resolve, reject) => {
        const child = spawn('bash', ['-c', script.replace('SIM=http://127.0.0.1:8080', `SIM=${sim.url}`)]);
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('exit', (code) => resolve({ out, code }));
      });
      const statuses = [...run.out.matchAll(/HTTP (\d{3}) in ([\d.]+) s/g)].map((m) => [m[1], Number(m[2])] as const);
      // 503, then the normal answer, 500, the delayed answer, no answer (reset, hang), the 02101 answer
      expect(statuses.map(([s]) => s), run.out).toEqual(['503', '200', '500', '200', '000', '000', '200']);
      expect(statuses[3]![1]).toBeGreaterThanOrEqual(2);
      expect(run.out).toContain('curl: (56) Recv failure: Connection reset by peer');
      expect(run.out).toMatch(/curl: \(28\) Operation timed out after 500\d milliseconds with 0 bytes received/);
      expect(run.out).toContain('<obj:code>02101</obj:code><obj:shortMessage>ERROR</obj:shortMessage><obj:longMessage>System internal error');
      expect(run.out).toContain('{"faults":[],"heldConnections":0}');
    } finally {
      await sim.close();
    }
  });

  it("the outcomes table of 'Choosing an outcome' has every outcome code with its messages, and the default scenarios it names", () => {
    const rows = readmeTable('outcomes');
    expect(rows.map(([code]) => code)).toEqual(OUTCOME_CODES.map((c) => c.code));
    const scenarios = (JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, 'scenarios.json'), 'utf8')) as { scenarios: { match: Record<string, string>; code: string; faults?: unknown }[] }).scenarios;
    for (const [code, short, long, , lastName, amount] of rows) {
      const c = OUTCOME_CODES.find((o) => o.code === code)!;
      expect([short, long!.startsWith(c.longMessage)], code).toEqual([c.shortMessage, true]);
      for (const [path, cell] of [['buyer.lastName', lastName], ['payment.amount', amount]] as const) {
        const value = /^`([^`]+)`$/.exec(cell!)?.[1];
        if (value === undefined) continue; // "any other", "—"
        expect(scenarios.filter((s) => s.match[path] === value && s.faults === undefined).map((s) => s.code), `${path} ${value}`).toEqual([code]);
      }
    }
  });
});

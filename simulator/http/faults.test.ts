/**
 * Fault rules over real HTTP: the admin API, each kind as a client sees it,
 * scenario faults reaching only their own session, the journal and back office,
 * held connections (bounded in number and time, ended on close), health, and
 * the failover endpoint. Real clients (PHP SoapClient, zeep) are in interop/.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';
import { adminJson, waitFor } from './faults.test-support.js';
import { callSoap, DEMO_MERCHANT, doRefundEnvelope, doWebPaymentEnvelope, getWebPaymentDetailsEnvelope, type DemoApi } from './demo-soap.js';

const OTHER = { merchantId: '12345678900001', accessKey: 'WORKERKEY01' };
const HOLD_MS = 1500;

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, app: { faults: { holdMs: HOLD_MS, maxHeld: 250 } } });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await json('POST', '/_simulator/reset', {});
});

const json = (method: string, path: string, body?: unknown) => adminJson(sim, method, path, body);

const fault = (rule: Record<string, unknown>) => json('POST', '/_simulator/faults', rule);

function paymentEnvelope(lastName = 'Dupont', notificationURL = 'http://127.0.0.1:9/notify'): string {
  return doWebPaymentEnvelope({
    amount: '1000',
    currency: '978',
    contractNumber: 'BANCONTACT',
    orderRef: `ORDER-${Math.random().toString(36).slice(2, 10)}`,
    orderDate: '02/12/2026 10:00',
    returnURL: 'http://127.0.0.1:9/return',
    cancelURL: 'http://127.0.0.1:9/cancel',
    notificationURL,
    firstName: 'Jan',
    lastName,
    email: 'jan@example.test',
  });
}

const call = (api: DemoApi, operation: string, envelope: string, creds: { merchantId: string; accessKey: string } = DEMO_MERCHANT, timeoutMs = 5000) =>
  callSoap({ baseUrl: sim.url, ...creds, timeoutMs }, api, operation, envelope);

/** A doWebPayment answered normally: its token. */
async function newSession(lastName?: string, creds: { merchantId: string; accessKey: string } = DEMO_MERCHANT, notificationURL?: string): Promise<string> {
  const a = await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope(lastName, notificationURL), creds);
  expect(a.call.error, a.call.response).toBeUndefined();
  const token = (a.body as Record<string, any>)['token'] as string;
  expect(token).toMatch(/.+/);
  return token;
}

/** A raw POST through node:http (one connection each): how it ended. */
function rawPost(path: string, body: string, creds = DEMO_MERCHANT): Promise<{ status?: number; text?: string; error?: string; endedAt: number }> {
  return new Promise((done) => {
    const u = new URL(`${sim.url}${path}`);
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'text/xml', authorization: `Basic ${Buffer.from(`${creds.merchantId}:${creds.accessKey}`).toString('base64')}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => done({ status: res.statusCode!, text, endedAt: performance.now() }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message, endedAt: performance.now() }));
    req.end(body);
  });
}

describe('the admin API', () => {
  it('creates (201, with an id), lists with calls left, deletes one and all', async () => {
    const a = await fault({ operation: 'doWebPayment', kind: 'http', status: 503, times: 2 });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ id: expect.stringMatching(/^f\d+$/), operation: 'doWebPayment', kind: 'http', status: 503, times: 2, hits: 0, merchantId: '*', callsLeft: 2 });
    const b = await fault({ operation: '*', kind: 'delay', ms: 10, merchantId: OTHER.merchantId });
    expect(b.body).toMatchObject({ merchantId: OTHER.merchantId, callsLeft: null });
    await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope());
    const list = await json('GET', '/_simulator/faults');
    expect(list.body['faults'].map((r: any) => [r.id, r.callsLeft, r.hits])).toEqual([
      [a.body['id'], 1, 1],
      [b.body['id'], null, 0],
    ]);
    expect(list.body['heldConnections']).toBe(0);
    expect((await json('DELETE', `/_simulator/faults/${a.body['id']}`)).body).toEqual({ removed: 1 });
    expect((await json('DELETE', `/_simulator/faults/${a.body['id']}`)).status).toBe(404);
    expect((await json('DELETE', '/_simulator/faults')).body).toEqual({ removed: 1 });
    expect((await json('GET', '/_simulator/faults')).body['faults']).toEqual([]);
  });

  it('POST /_simulator/reset clears them; a merchant reset clears that merchant’s', async () => {
    await fault({ operation: '*', kind: 'reset', merchantId: OTHER.merchantId });
    await fault({ operation: '*', kind: 'reset' });
    await json('POST', '/_simulator/reset', { merchantId: OTHER.merchantId });
    expect((await json('GET', '/_simulator/faults')).body['faults'].map((r: any) => r.merchantId)).toEqual(['*']);
    await json('POST', '/_simulator/reset', {});
    expect((await json('GET', '/_simulator/faults')).body['faults']).toEqual([]);
  });

  it.each([
    [{ operation: 'doPayment', kind: 'reset' }, /^operation must be one of "\*", "doWebPayment"/],
    [{ operation: '*', kind: 'explode' }, /^kind must be one of "http", "delay", "reset", "hang", "code"/],
    [{ operation: '*', kind: 'http', status: 501 }, /^status must be one of 500, 502, 503, 504, 408/],
    [{ operation: '*', kind: 'delay', ms: 300_001 }, /^ms must be a whole number of milliseconds from 0 to 300000/],
    [{ operation: '*', kind: 'code', code: '00001' }, /^code must be a result code/],
    [{ operation: '*', kind: 'reset', times: -1 }, /^times must be a whole number from 1/],
    [{ operation: '*', kind: 'reset', merchantId: '999' }, /^merchantId must name a configured merchant/],
    [[1], /^The body must be a JSON object/],
  ])('refuses %j with 400 naming the field', async (rule, message) => {
    const r = await fault(rule as Record<string, unknown>);
    expect(r.status).toBe(400);
    expect(r.body['error']).toMatch(message);
    expect(r.body['statusCode']).toBe(400);
  });

  it('keeps at most 1000 rules (400 beyond)', async () => {
    // through inject: a thousand requests over sockets take seconds on a busy machine
    const rule = { operation: 'getEncryptionKey', kind: 'reset', merchantId: OTHER.merchantId };
    for (let i = 0; i < 1000; i++) expect((await sim.app.inject({ method: 'POST', url: '/_simulator/faults', payload: rule })).statusCode).toBe(201);
    const r = await fault({ operation: '*', kind: 'reset' });
    expect(r.status).toBe(400);
    expect(r.body['error']).toMatch(/already 1000 fault rules/);
  });
});

describe('each kind, as a client sees it', () => {
  it('http 500: a SOAP Fault; 503/502/504: a proxy page; 408: a short text; the operation does not run', async () => {
    await fault({ operation: 'doWebPayment', kind: 'http', status: 500, times: 1 });
    let r = await rawPost('/V4/services/WebPaymentAPI', paymentEnvelope());
    expect(r.status).toBe(500);
    expect(r.text).toContain('<faultcode>soapenv:Server</faultcode><faultstring>Internal Error</faultstring>');
    for (const status of [502, 503, 504]) {
      await fault({ operation: 'doWebPayment', kind: 'http', status, times: 1 });
      r = await rawPost('/V4/services/WebPaymentAPI', paymentEnvelope());
      expect(r.status).toBe(status);
      expect(r.text).toMatch(new RegExp(`<title>${status} [A-Za-z -]+</title>`));
    }
    await fault({ operation: 'doWebPayment', kind: 'http', status: 408, times: 1 });
    r = await rawPost('/V4/services/WebPaymentAPI', paymentEnvelope());
    expect([r.status, r.text]).toEqual([408, '408 Request Timeout\n']);
    expect((await json('GET', '/_simulator/sessions')).body['total']).toBe(0);
    // times ran out: the next call answers normally
    await newSession();
  });

  it('code: HTTP 200 with the result and its messages, no session and no refund', async () => {
    await fault({ operation: 'doWebPayment', kind: 'code', code: '02101', times: 1 });
    const a = await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope());
    expect(a.call.httpStatus).toBe(200);
    expect((a.body as any).result).toEqual({ code: '02101', shortMessage: 'ERROR', longMessage: 'System internal error' });
    expect((await json('GET', '/_simulator/sessions')).body['total']).toBe(0);
    // a refund hit by code 04901 refunds nothing
    const token = await newSession();
    await json('POST', `/_simulator/sessions/${token}/outcome`, { code: '00000' });
    const tx = (await json('GET', `/_simulator/sessions/${token}`)).body['transactionId'] as string;
    await fault({ operation: 'doRefund', kind: 'code', code: '04901' });
    const refund = await call('DirectPaymentAPI', 'doRefund', doRefundEnvelope({ transactionID: tx, amount: '1000', currency: '978', contractNumber: 'BANCONTACT' }));
    expect((refund.body as any).result).toEqual({ code: '04901', shortMessage: 'ERROR', longMessage: 'Service temporarily unavailable' });
    expect((await json('GET', `/_simulator/transactions/${tx}`)).body['refunded'] ?? 0).toBe(0);
  });

  it('delay: the normal answer after ms, while other calls answer at once', async () => {
    await fault({ operation: 'doWebPayment', kind: 'delay', ms: 400, times: 1, merchantId: DEMO_MERCHANT.merchantId });
    const order: string[] = [];
    const slow = call('WebPaymentAPI', 'doWebPayment', paymentEnvelope()).then((a) => (order.push('delayed'), a));
    await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope(), OTHER).then(() => order.push('other merchant'));
    const s = await slow;
    // the delay blocks nothing: another call made after it is answered first
    expect(order).toEqual(['other merchant', 'delayed']);
    expect(s.call.durationMs).toBeGreaterThanOrEqual(390);
    expect((s.body as any).result.code).toBe('00000');
  });

  it('reset: the connection is closed without an answer', async () => {
    await fault({ operation: 'doWebPayment', kind: 'reset', times: 1 });
    const r = await rawPost('/V4/services/WebPaymentAPI', paymentEnvelope());
    expect(r.status).toBeUndefined();
    expect(r.error).toMatch(/ECONNRESET|socket hang up/);
  });

  it('hang: no answer until the client gives up; health answers meanwhile; the journal says how it ended', async () => {
    await fault({ operation: 'getWebPaymentDetails', kind: 'hang', times: 1 });
    const token = await newSession();
    const waiting = call('WebPaymentAPI', 'getWebPaymentDetails', getWebPaymentDetailsEnvelope(token), DEMO_MERCHANT, 500);
    await waitFor('the held connection', () => sim.ctx.faults.heldCount === 1);
    const health = await json('GET', '/_simulator/health');
    expect(health.status).toBe(200);
    const a = await waiting;
    expect(a.call.error).toMatch(/No answer .* within 0.5 s/);
    await waitFor('the end of the hold', () => sim.ctx.faults.heldCount === 0);
    const soap = sim.ctx.journal.entries(token).filter((e) => e.kind === 'soap');
    expect(soap.at(-1)).toMatchObject({ operation: 'getWebPaymentDetails', httpStatus: 0, fault: { kind: 'hang', detail: expect.stringMatching(/^held without an answer, closed by the client after \d+ ms$/) } });
  });
});

describe('who a fault hits', () => {
  it("a rule with merchantId never touches another merchant's calls; one without hits every merchant", async () => {
    await fault({ operation: 'doWebPayment', kind: 'http', status: 503, merchantId: OTHER.merchantId });
    await newSession(); // DEMO: untouched
    expect((await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope(), OTHER)).call.httpStatus).toBe(503);
    await json('DELETE', '/_simulator/faults');
    await fault({ operation: 'doWebPayment', kind: 'http', status: 503 });
    expect((await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope(), OTHER)).call.httpStatus).toBe(503);
    expect((await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope())).call.httpStatus).toBe(503);
  });

  it("a scenario's fault reaches only its own session, once per session (buyer Flaky)", async () => {
    const flaky = await newSession('Flaky');
    const other = await newSession('Dupont');
    const flaky2 = await newSession('Flaky');
    const details = (t: string) => call('WebPaymentAPI', 'getWebPaymentDetails', getWebPaymentDetailsEnvelope(t));
    expect((await details(other)).call.httpStatus).toBe(200);
    expect((await details(flaky)).call.httpStatus).toBe(503);
    expect((await details(flaky)).call.httpStatus).toBe(200);
    expect((await details(flaky2)).call.httpStatus).toBe(503);
    // another merchant asking for that token is not hit (and gets the platform's own answer)
    expect((await call('WebPaymentAPI', 'getWebPaymentDetails', getWebPaymentDetailsEnvelope(flaky2), OTHER)).call.httpStatus).toBe(200);
    const journal = (await json('GET', `/_simulator/sessions/${flaky}`)).body['journal'] as any[];
    expect(journal.filter((e) => e.kind === 'soap').map((e) => [e.operation, e.httpStatus, e.fault?.ruleId ?? null])).toEqual([
      ['doWebPayment', 200, null],
      ['getWebPaymentDetails', 503, 'scenario:flaky-details#0'],
      ['getWebPaymentDetails', 200, null],
    ]);
  });

  it('buyer InternalError: doWebPayment answers 02101 and makes no session', async () => {
    const a = await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope('InternalError'));
    expect((a.body as any).result.code).toBe('02101');
    expect((a.body as any).token ?? '').toBe('');
    expect((await json('GET', '/_simulator/sessions')).body['total']).toBe(0);
  });
});

describe('journal, back office, failover endpoint', () => {
  it('the failover endpoint serves the same API; the journal and back office show the fault and the failover headers', async () => {
    await fault({ operation: 'getWebPaymentDetails', kind: 'http', status: 503, times: 1 });
    const token = await newSession();
    const first = await rawPost('/V4/services/WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
    expect(first.status).toBe(503);
    const res = await fetch(`${sim.url}/failover/V4/services/WebPaymentAPI`, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml',
        authorization: `Basic ${Buffer.from(`${DEMO_MERCHANT.merchantId}:${DEMO_MERCHANT.accessKey}`).toString('base64')}`,
        'x-failover-cause': 'HTTP_503',
        'x-failover-index': '1',
        'x-failover-origin': `${sim.url}/V4/services/`,
        'x-failover-duration': '12',
        version: '4.77',
      },
      body: getWebPaymentDetailsEnvelope(token),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<obj:code>02306</obj:code>');
    const soap = ((await json('GET', `/_simulator/sessions/${token}`)).body['journal'] as any[]).filter((e) => e.kind === 'soap');
    expect(soap[1]).toMatchObject({ httpStatus: 503, fault: { kind: 'http', detail: 'HTTP 503 without running the operation' } });
    expect(soap[2]).toMatchObject({
      httpStatus: 200,
      endpoint: '/failover/V4',
      headers: { 'x-failover-cause': 'HTTP_503', 'x-failover-index': '1', 'x-failover-origin': `${sim.url}/V4/services/`, 'x-failover-duration': '12', version: '4.77' },
    });
    expect(soap[2].fault).toBeUndefined();
    const page = await (await fetch(`${sim.url}/_simulator/ui/sessions/${token}`)).text();
    expect(page).toMatch(/data-testid="fault">Fault f\d+ \(http\): HTTP 503 without running the operation</);
    expect(page).toContain('<code>x-failover-cause: HTTP_503</code>');
    expect(page).toContain('· on /failover/V4');
    // the list page shows a fault of an exchange without a session (a doWebPayment refused by a 503)
    await fault({ operation: 'doWebPayment', kind: 'http', status: 503, times: 1 });
    await call('WebPaymentAPI', 'doWebPayment', paymentEnvelope());
    expect(await (await fetch(`${sim.url}/_simulator/`)).text()).toMatch(/data-testid="fault">Fault f\d+ \(http\): HTTP 503 without running the operation</);
    // the WSDL served there names the failover address
    expect(await (await fetch(`${sim.url}/failover/V4/services/WebPaymentAPI?wsdl`)).text()).toContain(`location="${sim.url}/failover/V4/services/WebPaymentAPI"`);
  });
});

describe('held connections', () => {
  it('200 held at once leave the process responsive, and are all closed within their bound', async () => {
    await fault({ operation: 'getEncryptionKey', kind: 'hang' });
    const envelope = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.ws.payline.experian.com"><soapenv:Body><impl:getEncryptionKeyRequest><impl:version>34</impl:version></impl:getEncryptionKeyRequest></soapenv:Body></soapenv:Envelope>';
    const started = performance.now();
    const held = Array.from({ length: 200 }, () => rawPost('/V4/services/DirectPaymentAPI', envelope));
    await waitFor('200 held connections', () => sim.ctx.faults.heldCount === 200);
    expect((await json('GET', '/_simulator/health')).body['status']).toBe('ok');
    await newSession();
    expect((await json('GET', '/_simulator/faults')).body['heldConnections']).toBe(200);
    const ends = await Promise.all(held);
    for (const e of ends) {
      expect(e.status).toBeUndefined();
      expect(e.endedAt - started).toBeLessThan(HOLD_MS + 3000);
    }
    expect(sim.ctx.faults.heldCount).toBe(0);
    const closed = sim.ctx.journal.recent(undefined, 200).filter((r) => r.entry.fault?.kind === 'hang');
    expect(closed).toHaveLength(200);
    expect(closed[0]?.entry.fault?.detail).toMatch(/closed by the simulator \(hang bound of 1500 ms\)/);
  }, 20_000);

  it('two delayed calls pipelined on one keep-alive connection are both counted, and close() ends both', async () => {
    const own = await startSimulator({ port: 0 });
    try {
      await fetch(`${own.url}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'getEncryptionKey', kind: 'delay', ms: 60_000 }) });
      const envelope = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.ws.payline.experian.com"><soapenv:Body><impl:getEncryptionKeyRequest><impl:version>34</impl:version></impl:getEncryptionKeyRequest></soapenv:Body></soapenv:Envelope>';
      const auth = Buffer.from(`${DEMO_MERCHANT.merchantId}:${DEMO_MERCHANT.accessKey}`).toString('base64');
      const one = `POST /V4/services/DirectPaymentAPI HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${auth}\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(envelope)}\r\n\r\n${envelope}`;
      const u = new URL(own.url);
      const socket = connect(Number(u.port), u.hostname, () => socket.write(one + one));
      const closed = new Promise<void>((r) => socket.on('close', () => r()).on('error', () => undefined));
      await waitFor('both pipelined calls delayed', () => own.ctx.faults.heldCount === 2);
      const closing = performance.now();
      await own.close();
      expect(performance.now() - closing).toBeLessThan(5000);
      await closed;
      expect(own.ctx.faults.heldCount).toBe(0);
    } finally {
      await own.close().catch(() => undefined);
    }
  });

  it('past the bound of held connections a hang answers 503 at once', async () => {
    const small = await startSimulator({ port: 0, app: { faults: { holdMs: 60_000, maxHeld: 2 } } });
    try {
      await fetch(`${small.url}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'doWebPayment', kind: 'hang' }) });
      const post = () => callSoap({ baseUrl: small.url, ...DEMO_MERCHANT, timeoutMs: 2000 }, 'WebPaymentAPI', 'doWebPayment', paymentEnvelope());
      const held = [post(), post()];
      await waitFor('2 held', () => small.ctx.faults.heldCount === 2);
      const third = await post();
      expect(third.call.httpStatus).toBe(503);
      // close() ends the held connections rather than waiting a minute for them
      const closing = performance.now();
      await small.close();
      expect(performance.now() - closing).toBeLessThan(5000);
      for (const h of await Promise.all(held)) expect(h.call.error).toMatch(/Cannot reach|No answer/);
    } finally {
      await small.close().catch(() => undefined);
    }
  });

  it('past the bound a delay answers 503 at once too (delayed answers are bounded like held ones)', async () => {
    const small = await startSimulator({ port: 0, app: { faults: { holdMs: 60_000, maxHeld: 2 } } });
    try {
      await fetch(`${small.url}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'doWebPayment', kind: 'delay', ms: 60_000 }) });
      const post = () => callSoap({ baseUrl: small.url, ...DEMO_MERCHANT, timeoutMs: 2000 }, 'WebPaymentAPI', 'doWebPayment', paymentEnvelope());
      const delayed = [post(), post()];
      await waitFor('2 delayed', () => small.ctx.faults.heldCount === 2);
      const third = await post();
      expect(third.call.httpStatus).toBe(503);
      expect(small.ctx.faults.heldCount).toBe(2);
      await small.close();
      for (const d of await Promise.all(delayed)) expect(d.call.error).toMatch(/Cannot reach|No answer/);
    } finally {
      await small.close().catch(() => undefined);
    }
  });
});

describe('health', () => {
  it('answers 200 with status, version and uptime only, without the admin token', async () => {
    const guarded = await startSimulator({ port: 0, adminToken: 'secret-token-1' });
    try {
      const res = await fetch(`${guarded.url}/_simulator/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['status', 'version', 'uptimeSeconds']);
      expect(body).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      expect(Number.isInteger(body['uptimeSeconds'])).toBe(true);
      // the rest stays behind the token
      expect((await fetch(`${guarded.url}/_simulator/faults`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/_simulator/health/x`)).status).toBe(401);
    } finally {
      await guarded.close();
    }
  });
});

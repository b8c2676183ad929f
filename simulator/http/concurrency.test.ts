/**
 * Many payment flows at once against one simulator, over raw HTTP (hand-written
 * SOAP envelopes, form posts of the hosted page, the JSON admin API), the way a
 * pool of test workers drives it: 500 flows started together with Promise.all,
 * each with its own order.ref, amount and buyer, over every outcome and the nine
 * merchants (demo + 8 workers, each with its own credentials). Every flow reads
 * its own result back with getWebPaymentDetails: nothing may cross between flows
 * or merchants. Then a reset of one merchant removes its sessions only.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const IMPL = 'http://impl.ws.payline.experian.com';
const OBJ = 'http://obj.ws.payline.experian.com';
const TOKEN = /^1[A-Za-z0-9]{19}\d{13}$/;

interface Merchant {
  id: string;
  key: string;
}

const DEMO: Merchant = { id: '12345678901234', key: 'DEMOACCESSKEY' };
const WORKERS: Merchant[] = Array.from({ length: 8 }, (_, k) => ({
  id: `123456789000${String(k + 1).padStart(2, '0')}`,
  key: `WORKERKEY${String(k + 1).padStart(2, '0')}`,
}));
const MERCHANTS: Merchant[] = [DEMO, ...WORKERS];
const WORKER01 = WORKERS[0]!;

const FLOWS = 500;

/** How a flow finishes its session once doWebPayment answered. */
type Finish =
  | { by: 'none' } // doWebPayment itself refused (no token)
  | { by: 'pay' } // hosted page, MAKE A PAYMENT
  | { by: 'abort' } // hosted page, ABORT
  | { by: 'simulate'; code: string } // hosted page, simulator panel
  | { by: 'admin'; code: string }; // POST /_simulator/sessions/{token}/outcome

interface Kind {
  name: string;
  /** Magic buyer.lastName, or undefined for a plain (unique) one. */
  lastName?: string;
  /** Magic payment.amount, or undefined for a unique one. */
  amount?: string;
  finish: Finish;
  /** doWebPayment's result code. */
  created: string;
  /** getWebPaymentDetails' result code at the end. */
  expected: string;
  partnerCode?: string;
  /** MAKE A PAYMENT leaves the session open (scenario "never"): the page answers 200, no redirect. */
  waits?: boolean;
}

/** Every outcome a flow can reach (chosen by i % KINDS.length). */
const KINDS: Kind[] = [
  { name: 'lastName Refused + pay', lastName: 'Refused', finish: { by: 'pay' }, created: '00000', expected: '02020', partnerCode: 'REFUSED_BY_ISSUER' },
  { name: 'lastName Unmatched + pay', lastName: 'Unmatched', finish: { by: 'pay' }, created: '00000', expected: '02012' },
  { name: 'lastName PartnerError + pay', lastName: 'PartnerError', finish: { by: 'pay' }, created: '00000', expected: '02106' },
  { name: 'lastName DoNotHonor + pay', lastName: 'DoNotHonor', finish: { by: 'pay' }, created: '00000', expected: '01100' },
  { name: 'lastName CardExpired + pay', lastName: 'CardExpired', finish: { by: 'pay' }, created: '00000', expected: '01101' },
  { name: 'lastName AmountLimit + pay', lastName: 'AmountLimit', finish: { by: 'pay' }, created: '00000', expected: '01116' },
  { name: 'lastName Fraud + pay', lastName: 'Fraud', finish: { by: 'pay' }, created: '00000', expected: '04002' },
  { name: 'lastName InvalidValue (refused at doWebPayment)', lastName: 'InvalidValue', finish: { by: 'none' }, created: '02308', expected: '02308' },
  { name: 'lastName Expired + pay (partner never answers)', lastName: 'Expired', finish: { by: 'pay' }, created: '00000', expected: '02306', waits: true },
  { name: 'lastName Refused + abort (ABORT wins over the scenario)', lastName: 'Refused', finish: { by: 'abort' }, created: '00000', expected: '02008' },
  { name: 'plain + admin outcome 00000', finish: { by: 'admin', code: '00000' }, created: '00000', expected: '00000' },
  { name: 'plain + admin outcome 02008', finish: { by: 'admin', code: '02008' }, created: '00000', expected: '02008' },
  { name: 'plain + page pay', finish: { by: 'pay' }, created: '00000', expected: '00000' },
  { name: 'plain + page abort', finish: { by: 'abort' }, created: '00000', expected: '02008' },
  { name: 'plain + page simulate 01116', finish: { by: 'simulate', code: '01116' }, created: '00000', expected: '01116' },
  { name: 'amount 2020 + pay', amount: '2020', finish: { by: 'pay' }, created: '00000', expected: '02020', partnerCode: 'REFUSED_BY_ISSUER' },
  { name: 'amount 2308 (refused at doWebPayment)', amount: '2308', finish: { by: 'none' }, created: '02308', expected: '02308' },
  { name: 'amount 2324 + pay (partner never answers)', amount: '2324', finish: { by: 'pay' }, created: '00000', expected: '02306', waits: true },
];

interface Flow {
  i: number;
  kind: Kind;
  merchant: Merchant;
  /** Another worker merchant, which must not see this flow's session. */
  stranger: Merchant;
  ref: string;
  amount: string;
  firstName: string;
  lastName: string;
  token?: string;
}

function basic(m: Merchant): string {
  return `Basic ${Buffer.from(`${m.id}:${m.key}`).toString('base64')}`;
}

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function doWebPaymentEnvelope(f: Flow): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
    `<impl:version>34</impl:version>` +
    `<impl:payment><obj:amount>${f.amount}</obj:amount><obj:currency>978</obj:currency><obj:action>101</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>BANCONTACT</obj:contractNumber></impl:payment>` +
    `<impl:returnURL>https://shop${f.i}.example/return?flow=${f.i}</impl:returnURL><impl:cancelURL>https://shop${f.i}.example/cancel?flow=${f.i}</impl:cancelURL>` +
    `<impl:order><obj:ref>${xmlEscape(f.ref)}</obj:ref><obj:country>BE</obj:country><obj:amount>${f.amount}</obj:amount><obj:currency>978</obj:currency><obj:date>19/01/2024 10:30</obj:date></impl:order>` +
    `<impl:selectedContractList><obj:selectedContract>BANCONTACT</obj:selectedContract></impl:selectedContractList>` +
    `<impl:privateDataList><obj:privateData><obj:key>flow</obj:key><obj:value>${f.i}</obj:value></obj:privateData></impl:privateDataList>` +
    `<impl:buyer><obj:lastName>${xmlEscape(f.lastName)}</obj:lastName><obj:firstName>${xmlEscape(f.firstName)}</obj:firstName><obj:email>buyer${f.i}@example.com</obj:email></impl:buyer>` +
    `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`
  );
}

function detailsEnvelope(token: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body>` +
    `<impl:getWebPaymentDetailsRequest><impl:version>34</impl:version><impl:token>${xmlEscape(token)}</impl:token></impl:getWebPaymentDetailsRequest>` +
    `</soapenv:Body></soapenv:Envelope>`
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

interface SoapAnswer {
  status: number;
  text: string;
  /** The operation's response element (Envelope/Body/<op>Response). */
  response: Obj;
}

describe('500 concurrent flows over 9 merchants', () => {
  let sim: RunningSimulator;
  const run = Date.now().toString(36);
  const flows: Flow[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function soap(m: Merchant, operation: string, envelope: string): Promise<SoapAnswer> {
    const r = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"`, authorization: basic(m) },
      body: envelope,
    });
    const text = await r.text();
    const doc = parser.parse(text) as Obj;
    return { status: r.status, text, response: (doc['Envelope']?.['Body']?.[`${operation}Response`] ?? {}) as Obj };
  }

  async function form(path: string, fields: Record<string, string>): Promise<Response> {
    return fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  }

  /** One whole flow: create, finish as its kind says, check the page's answer. */
  async function runFlow(f: Flow): Promise<void> {
    const created = await soap(f.merchant, 'doWebPayment', doWebPaymentEnvelope(f));
    expect(created.status, `flow ${f.i}: ${created.text.slice(0, 300)}`).toBe(200);
    expect(created.response['result']?.['code'], `flow ${f.i} (${f.kind.name})`).toBe(f.kind.created);
    if (f.kind.finish.by === 'none') {
      // the required token element goes out empty (no session was created)
      expect(created.response['token'] || undefined, `flow ${f.i}`).toBeUndefined();
      expect(created.response['redirectURL'] || undefined, `flow ${f.i}`).toBeUndefined();
      return;
    }
    const token = String(created.response['token']);
    expect(token).toMatch(TOKEN);
    f.token = token;
    const finish = f.kind.finish;
    if (finish.by === 'admin') {
      const r = await fetch(`${sim.url}/_simulator/sessions/${encodeURIComponent(token)}/outcome`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: finish.code }),
      });
      const body = (await r.json()) as Obj;
      expect(r.status, `flow ${f.i}: ${JSON.stringify(body)}`).toBe(200);
      expect(body['token']).toBe(token);
      expect(body['result']?.['code']).toBe(finish.code);
      const back = finish.code === '02008' ? 'cancel' : 'return';
      expect(body['redirect']).toBe(`https://shop${f.i}.example/${back}?flow=${f.i}&paylinetoken=${encodeURIComponent(token)}`);
      return;
    }
    const path = finish.by === 'pay' ? '/v2/pay' : finish.by === 'abort' ? '/v2/abort' : '/v2/simulate';
    const r = await form(path, finish.by === 'simulate' ? { token, code: finish.code } : { token });
    const html = await r.text();
    if (f.kind.waits) {
      expect(r.status, `flow ${f.i}`).toBe(200);
      expect(html).toContain('has not answered');
      return;
    }
    expect(r.status, `flow ${f.i} (${f.kind.name}): ${html.slice(0, 200)}`).toBe(303);
    const back = f.kind.expected === '02008' ? 'cancel' : 'return';
    expect(r.headers.get('location')).toBe(`https://shop${f.i}.example/${back}?flow=${f.i}&paylinetoken=${encodeURIComponent(token)}`);
  }

  /** getWebPaymentDetails by the owner: its own code and its own echoed fields. */
  async function checkOwn(f: Flow): Promise<void> {
    const d = await soap(f.merchant, 'getWebPaymentDetails', detailsEnvelope(f.token!));
    expect(d.status, `flow ${f.i}: ${d.text.slice(0, 300)}`).toBe(200);
    const res = d.response;
    const what = `flow ${f.i} (${f.kind.name}, merchant ${f.merchant.id})`;
    expect(res['result']?.['code'], what).toBe(f.kind.expected);
    if (f.kind.partnerCode !== undefined) expect(res['result']?.['partnerCode'], what).toBe(f.kind.partnerCode);
    expect(res['order']?.['ref'], what).toBe(f.ref);
    expect(res['order']?.['amount'], what).toBe(f.amount);
    expect(res['payment']?.['amount'], what).toBe(f.amount);
    expect(res['buyer']?.['lastName'], what).toBe(f.lastName);
    expect(res['buyer']?.['firstName'], what).toBe(f.firstName);
    expect(res['buyer']?.['email'], what).toBe(`buyer${f.i}@example.com`);
    expect(res['privateDataList']?.['privateData']?.['value'], what).toBe(String(f.i));
    // a transaction exists once the partner answered (not while it never answers)
    if (f.kind.waits) expect(res['transaction']?.['id'] || undefined, what).toBeUndefined();
    else expect(res['transaction']?.['id'], what).toMatch(/^G\d{12}\d{5}$/);
  }

  /** getWebPaymentDetails by another worker merchant: 02304, and nothing of the session. */
  async function checkStranger(f: Flow): Promise<void> {
    const d = await soap(f.stranger, 'getWebPaymentDetails', detailsEnvelope(f.token!));
    expect(d.status).toBe(200);
    expect(d.response['result']?.['code'], `flow ${f.i}: ${f.stranger.id} asking for a token of ${f.merchant.id}`).toBe('02304');
    // required elements go out as empty placeholders: none of the session's values
    expect(d.response['order']?.['ref'] || undefined).toBeUndefined();
    expect(d.response['buyer']?.['lastName'] || undefined).toBeUndefined();
    expect(d.text).not.toContain(f.ref);
  }

  it(`runs ${FLOWS} flows at once, each reading back only its own result`, async () => {
    const started = performance.now();
    for (let i = 0; i < FLOWS; i++) {
      const kind = KINDS[i % KINDS.length]!;
      const m = i % MERCHANTS.length;
      const merchant = MERCHANTS[m]!;
      // another worker than the owner (the demo merchant's flows get worker 0N too)
      const stranger = WORKERS[(m === 0 ? i : m) % WORKERS.length]!;
      expect(stranger.id).not.toBe(merchant.id);
      flows.push({
        i,
        kind,
        merchant,
        stranger,
        ref: `CONC-${run}-${String(i).padStart(3, '0')}`,
        // amounts above every magic amount, one per flow
        amount: kind.amount ?? String(10_000 + i),
        firstName: `First${i}`,
        lastName: kind.lastName ?? `Plain${i}`,
      });
    }
    // every kind and every merchant is used
    expect(new Set(flows.map((f) => f.kind.name)).size).toBe(KINDS.length);
    expect(new Set(flows.map((f) => f.merchant.id)).size).toBe(MERCHANTS.length);

    await Promise.all(flows.map((f) => runFlow(f)));
    const withToken = flows.filter((f) => f.token !== undefined);
    expect(new Set(withToken.map((f) => f.token)).size).toBe(withToken.length);
    await Promise.all(withToken.flatMap((f) => [checkOwn(f), checkStranger(f)]));

    // the admin view agrees: one session per flow with a token, each under its merchant
    for (const m of MERCHANTS) {
      const r = await fetch(`${sim.url}/_simulator/sessions?merchantId=${m.id}&limit=1000`);
      const body = (await r.json()) as { total: number; sessions: { token: string; orderRef: string }[] };
      const mine = withToken.filter((f) => f.merchant === m);
      expect(body.total, m.id).toBe(mine.length);
      expect(new Set(body.sessions.map((s) => s.token))).toEqual(new Set(mine.map((f) => f.token)));
    }
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(20_000);
  }, 30_000);

  it("resets worker 01's sessions only: the other merchants' sessions still answer", async () => {
    const withToken = flows.filter((f) => f.token !== undefined);
    expect(withToken.length).toBeGreaterThan(0);
    const w1 = withToken.filter((f) => f.merchant === WORKER01);
    const others = withToken.filter((f) => f.merchant !== WORKER01);
    expect(w1.length).toBeGreaterThan(0);

    const r = await fetch(`${sim.url}/_simulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ merchantId: WORKER01.id }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ removedSessions: w1.length, merchantId: WORKER01.id });

    await Promise.all([
      ...w1.map(async (f) => {
        const d = await soap(WORKER01, 'getWebPaymentDetails', detailsEnvelope(f.token!));
        expect(d.status).toBe(200);
        expect(d.response['result']?.['code'], `flow ${f.i} after the reset of its merchant`).toBe('02304');
        const s = await fetch(`${sim.url}/_simulator/sessions/${encodeURIComponent(f.token!)}`);
        expect(s.status).toBe(404);
        await s.body?.cancel();
      }),
      ...others.map((f) => checkOwn(f)),
    ]);

    const list = await fetch(`${sim.url}/_simulator/sessions?merchantId=${WORKER01.id}`);
    expect(((await list.json()) as { total: number }).total).toBe(0);

    // worker 01 still works after its reset
    const f: Flow = { i: FLOWS, kind: KINDS[12]!, merchant: WORKER01, stranger: WORKERS[1]!, ref: `CONC-${run}-after`, amount: '10999', firstName: 'After', lastName: 'Reset' };
    await runFlow(f);
    await checkOwn(f);
    await checkStranger(f);
  }, 20_000);
});

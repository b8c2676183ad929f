/**
 * Hostile input against a running simulator: odd, broken, huge or malicious
 * tokens, envelopes, form posts and admin bodies. Each must get a clear answer
 * (a SOAP Fault, a result code naming the field, an HTTP 4xx with a JSON error or
 * an HTML page) and never a stack trace; the process stays up: after every case a
 * normal doWebPayment still works, and the error handler reported no unhandled
 * error (it writes those to stderr).
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const IMPL = 'http://impl.ws.payline.experian.com';
const OBJ = 'http://obj.ws.payline.experian.com';
const TOKEN = /^1[A-Za-z0-9]{19}\d{13}$/;
/** What a stack trace or a source location looks like in a body. */
const STACK = /\n\s+at\s|node_modules|\.ts:\d+|\.js:\d+|Error: .*\n\s/;

const DEMO = { id: '12345678901234', key: 'DEMOACCESSKEY' };
const WORKER1 = { id: '12345678900001', key: 'WORKERKEY01' };
type Creds = { id: string; key: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

function basic(c: Creds): string {
  return `Basic ${Buffer.from(`${c.id}:${c.key}`).toString('base64')}`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** The mandatory fields of doWebPayment, with valid values (payment.contractNumber and order.country ride along). */
const VALID: Record<string, string> = {
  'payment.amount': '1000',
  'payment.currency': '978',
  'payment.action': '101',
  'payment.mode': 'CPT',
  'payment.contractNumber': 'BANCONTACT',
  returnURL: 'https://shop.example/return',
  cancelURL: 'https://shop.example/cancel',
  'order.ref': 'H-0001',
  'order.country': 'BE',
  'order.amount': '1000',
  'order.currency': '978',
  'order.date': '19/01/2024 10:30',
  'buyer.firstName': 'Jean',
  'buyer.lastName': 'Dupont',
  'buyer.email': 'jean.dupont@example.com',
};

/** The fields the property test plays with. */
const MANDATORY = [
  'payment.amount',
  'payment.currency',
  'payment.action',
  'payment.mode',
  'order.ref',
  'order.amount',
  'order.currency',
  'order.date',
  'buyer.firstName',
  'buyer.lastName',
  'buyer.email',
  'returnURL',
  'cancelURL',
] as const;

interface Extra {
  /** Raw XML added inside impl:payment / impl:order / impl:buyer / the request element. */
  raw?: Partial<Record<'payment' | 'order' | 'buyer' | 'top', string>>;
  /** Raw XML of the privateDataList's content (default: one entry). */
  privateData?: string;
}

/**
 * A doWebPayment envelope from dotted paths (values are escaped; undefined omits
 * the element, '' writes it empty).
 */
function doWebPaymentXml(fields: Record<string, string | undefined> = VALID, extra: Extra = {}): string {
  const groups: Record<string, string[]> = { payment: [], order: [], buyer: [] };
  const top: string[] = [];
  for (const [path, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const dot = path.indexOf('.');
    if (dot < 0) top.push(`<impl:${path}>${esc(value)}</impl:${path}>`);
    else {
      const name = path.slice(dot + 1);
      (groups[path.slice(0, dot)] ??= []).push(`<obj:${name}>${esc(value)}</obj:${name}>`);
    }
  }
  const group = (name: 'payment' | 'order' | 'buyer') => `<impl:${name}>${groups[name]!.join('')}${extra.raw?.[name] ?? ''}</impl:${name}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
    `<impl:version>34</impl:version>${group('payment')}${top.join('')}${group('order')}` +
    `<impl:selectedContractList><obj:selectedContract>BANCONTACT</obj:selectedContract></impl:selectedContractList>` +
    `<impl:privateDataList>${extra.privateData ?? '<obj:privateData><obj:key>k</obj:key><obj:value>v</obj:value></obj:privateData>'}</impl:privateDataList>` +
    `${group('buyer')}${extra.raw?.top ?? ''}</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`
  );
}

function detailsXml(token: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body>` +
    `<impl:getWebPaymentDetailsRequest><impl:version>34</impl:version><impl:token>${esc(token)}</impl:token></impl:getWebPaymentDetailsRequest>` +
    `</soapenv:Body></soapenv:Envelope>`
  );
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === 'privateData' });

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** The response element of an operation (Envelope/Body/<op>Response), or undefined. */
function responseOf(a: Answer, operation: string): Obj | undefined {
  return (parser.parse(a.text) as Obj)?.['Envelope']?.['Body']?.[`${operation}Response`] as Obj | undefined;
}

function faultOf(a: Answer): { faultcode: string; faultstring: string } {
  const fault = (parser.parse(a.text) as Obj)?.['Envelope']?.['Body']?.['Fault'] as Obj | undefined;
  if (!fault) throw new Error(`not a SOAP Fault (HTTP ${a.status}): ${a.text.slice(0, 300)}`);
  return { faultcode: String(fault['faultcode']), faultstring: String(fault['faultstring']) };
}

/** Characters XML 1.0 does not allow anywhere in a document (raw or as a character reference). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

describe('hostile input', () => {
  let sim: RunningSimulator;
  const stderr: string[] = [];
  const realWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
    // the error handler writes each unhandled error (a 500 that is not a SOAP Fault) to stderr
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderr.push(String(chunk));
      return (realWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
  });
  afterAll(async () => {
    process.stderr.write = realWrite;
    await sim?.close();
  });

  /** The process is up and answers a normal request; nothing unhandled happened. */
  afterEach(async () => {
    const r = await soap(doWebPaymentXml());
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(responseOf(r, 'doWebPayment')?.['result']?.['code']).toBe('00000');
    const unhandled = stderr.filter((l) => l.includes('unhandled error'));
    stderr.length = 0;
    expect(unhandled, 'errors the simulator did not handle').toEqual([]);
  });

  async function soap(body: string | undefined, headers: Record<string, string> = {}, creds: Creds | null = DEMO, api = 'WebPaymentAPI'): Promise<Answer> {
    const r = await fetch(`${sim.url}/V4/services/${api}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', ...(creds && { authorization: basic(creds) }), ...headers },
      ...(body !== undefined && { body }),
    });
    const a = { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
    expectSoapShape(a);
    return a;
  }

  /** Any answer of the SOAP endpoint: XML; a 500 is always a Fault; no stack trace. */
  function expectSoapShape(a: Answer): void {
    expect(a.text).not.toMatch(STACK);
    if (a.status === 401) return; // an empty body, as the platform
    if (a.status >= 500) {
      expect(a.type).toMatch(/^text\/xml/);
      faultOf(a); // throws unless a Fault
    }
  }

  async function newSession(fields: Record<string, string | undefined> = VALID, creds: Creds = DEMO): Promise<string> {
    const r = await soap(doWebPaymentXml(fields), {}, creds);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    const res = responseOf(r, 'doWebPayment')!;
    expect(res['result']?.['code'], JSON.stringify(res['result'])).toBe('00000');
    expect(res['token']).toMatch(TOKEN);
    return String(res['token']);
  }

  async function details(token: string, creds: Creds = DEMO): Promise<Obj> {
    const r = await soap(detailsXml(token), {}, creds);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    return responseOf(r, 'getWebPaymentDetails')!;
  }

  async function page(path: string, fields?: Record<string, string>): Promise<Answer & { location: string | null }> {
    const r = await fetch(`${sim.url}${path}`, {
      method: fields ? 'POST' : 'GET',
      redirect: 'manual',
      ...(fields && { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }),
    });
    const a = { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text(), location: r.headers.get('location') };
    expect(a.status, a.text.slice(0, 300)).toBeLessThan(500);
    expect(a.text).not.toMatch(STACK);
    if (a.status !== 303) expect(a.type).toMatch(/^text\/html/);
    return a;
  }

  async function admin(method: 'GET' | 'POST', path: string, body?: string, type = 'application/json'): Promise<{ status: number; type: string; json: Obj }> {
    const r = await fetch(`${sim.url}${path}`, { method, ...(body !== undefined && { headers: { 'content-type': type }, body }) });
    const text = await r.text();
    expect(text).not.toMatch(STACK);
    expect(r.status, text.slice(0, 300)).toBeLessThan(500);
    expect(r.headers.get('content-type') ?? '').toMatch(/^application\/json/);
    return { status: r.status, type: r.headers.get('content-type') ?? '', json: JSON.parse(text) as Obj };
  }

  /** A clear JSON error: {error, statusCode} with the HTTP status (one of the statuses given). */
  function expectJsonError(r: { status: number; json: Obj }, status: number | number[], mentions?: RegExp): void {
    expect([status].flat(), JSON.stringify(r.json).slice(0, 300)).toContain(r.status);
    expect(typeof r.json['error']).toBe('string');
    expect(r.json['error'].length).toBeGreaterThan(0);
    expect(r.json['statusCode']).toBe(r.status);
    if (mentions) expect(r.json['error']).toMatch(mentions);
  }

  async function sessionJson(token: string): Promise<Obj> {
    const r = await admin('GET', `/_simulator/sessions/${encodeURIComponent(token)}`);
    expect(r.status).toBe(200);
    return r.json;
  }

  // -------------------------------------------------------------------------
  describe('bad tokens on every route that takes one', () => {
    /** The tokens, by kind; finished and expired are filled in beforeAll. */
    const tokens: Record<string, string> = {
      unknown: `1${'Q'.repeat(19)}1700000000000`,
      finished: '',
      expired: '',
      '10 kB': 'A'.repeat(10 * 1024),
      '<script> and Unicode': `<script>alert("x")</script>&amp;'é€😀\u200F中文\u202E`,
    };
    let finishedLocation = '';

    beforeAll(async () => {
      tokens['finished'] = await newSession({ ...VALID, 'order.ref': 'H-FINISHED' });
      const paid = await page('/v2/pay', { token: tokens['finished']! });
      expect(paid.status).toBe(303);
      finishedLocation = paid.location!;
      tokens['expired'] = await newSession({ ...VALID, 'order.ref': 'H-EXPIRED' });
      const adv = await admin('POST', '/_simulator/clock/advance', JSON.stringify({ seconds: 3700 }));
      expect(adv.status).toBe(200);
    });

    const kinds = ['unknown', 'finished', 'expired', '10 kB', '<script> and Unicode'] as const;
    const isKnown = (k: string) => k === 'finished' || k === 'expired';

    /** The page shows neither a stack trace nor the hostile token unescaped. */
    const expectSafeHtml = (a: Answer) => {
      expect(a.text).not.toContain('<script>alert');
      if (a.status !== 303) expect(a.text).toMatch(/^<!doctype html>/i);
    };

    it.each(kinds)('GET /v2/?token= with a %s token: an HTML page, 404 when unknown', async (kind) => {
      const a = await page(`/v2/?token=${encodeURIComponent(tokens[kind]!)}`);
      expectSafeHtml(a);
      if (kind === 'finished') {
        expect(a.status).toBe(200);
        expect(a.text).toContain('This payment is finished');
        expect(a.text).toContain('00000');
      } else if (kind === 'expired') {
        expect(a.status).toBe(200);
        expect(a.text).toContain('expired');
      } else {
        expect(a.status).toBe(404);
        expect(a.text).toContain('Unknown payment session');
      }
    });

    it('GET /v2/ without a token, and with the token given twice: 404 page', async () => {
      expect((await page('/v2/')).status).toBe(404);
      expect((await page(`/v2/?token=`)).status).toBe(404);
      const twice = await page(`/v2/?token=${tokens['finished']}&token=${tokens['finished']}`);
      expect(twice.status).toBe(404);
    });

    for (const [path, extra] of [
      ['/v2/pay', {}],
      ['/v2/abort', {}],
      ['/v2/simulate', { code: '02020' }],
    ] as const) {
      it.each(kinds)(`POST ${path} with a %s token: 404 page, or the final result unchanged`, async (kind) => {
        const a = await page(path, { token: tokens[kind]!, ...extra });
        expectSafeHtml(a);
        if (kind === 'finished') {
          // a second press after the end: back to the same place, nothing changes
          expect(a.status).toBe(303);
          expect(a.location).toBe(finishedLocation);
        } else if (kind === 'expired') {
          expect(a.status).toBe(200);
          expect(a.text).toContain('expired');
        } else {
          expect(a.status).toBe(404);
          expect(a.text).toContain('Unknown payment session');
        }
      });
    }

    it('POST /v2/pay without a token, with an empty one, with it twice, or as JSON: 404 page (or 415)', async () => {
      expect((await page('/v2/pay', {})).status).toBe(404);
      expect((await page('/v2/pay', { token: '' })).status).toBe(404);
      const twice = await fetch(`${sim.url}/v2/pay`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${tokens['expired']}&token=${tokens['expired']}`,
      });
      expect(twice.status).toBe(404);
      expect(await twice.text()).not.toMatch(STACK);
      const json = await fetch(`${sim.url}/v2/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ['x'] }) });
      expect(json.status).toBe(404);
      expect(await json.text()).not.toMatch(STACK);
    });

    it('POST /v2/simulate with an unknown outcome code: 400 page naming the codes, the session untouched', async () => {
      const token = await newSession();
      for (const code of ['', '99999', '<b>x</b>', '00000'.repeat(1000)]) {
        const a = await page('/v2/simulate', { token, code });
        expect(a.status).toBe(400);
        expect(a.text).toContain('is not an outcome code');
        expect(a.text).not.toContain('<b>x</b>');
      }
      expect((await sessionJson(token))['status']).toBe('PENDING');
    });

    it.each(kinds)('getWebPaymentDetails with a %s token: 02304, or the result of the session', async (kind) => {
      const res = await details(tokens[kind]!);
      const expected = kind === 'finished' ? '00000' : kind === 'expired' ? '02324' : '02304';
      expect(res['result']?.['code']).toBe(expected);
      if (!isKnown(kind)) expect(res['order']?.['ref'] || undefined).toBeUndefined();
    });

    it.each(kinds)('getWebPaymentDetails by another merchant with a %s token: 02304', async (kind) => {
      expect((await details(tokens[kind]!, WORKER1))['result']?.['code']).toBe('02304');
    });

    // a token longer than the router's parameter limit (100 characters) is refused by Fastify's router with 414
    it.each(kinds)('GET /_simulator/sessions/{token} with a %s token: 404 (414 when over 100 characters) JSON error, or the session', async (kind) => {
      const r = await admin('GET', `/_simulator/sessions/${encodeURIComponent(tokens[kind]!)}`);
      if (kind === 'finished') {
        expect(r.status).toBe(200);
        expect(r.json['result']?.['code']).toBe('00000');
      } else if (kind === 'expired') {
        expect(r.status).toBe(200);
        expect(r.json['status']).toBe('FINAL');
        expect(r.json['result']?.['code']).toBe('02324');
        expect(r.json['transactions']).toEqual([]);
      } else {
        expectJsonError(r, kind === '10 kB' ? 414 : 404);
      }
    });

    it.each(kinds)('POST /_simulator/sessions/{token}/outcome with a %s token: 404 (414 when over 100 characters), or 409 for a final session', async (kind) => {
      const r = await admin('POST', `/_simulator/sessions/${encodeURIComponent(tokens[kind]!)}/outcome`, JSON.stringify({ code: '02020' }));
      if (isKnown(kind)) expectJsonError(r, 409, /already final/);
      else expectJsonError(r, kind === '10 kB' ? 414 : 404);
    });

    it('after all of that, the finished and expired sessions kept their results', async () => {
      const f = await sessionJson(tokens['finished']!);
      expect(f['result']?.['code']).toBe('00000');
      expect(f['transactions']).toHaveLength(1);
      const e = await sessionJson(tokens['expired']!);
      expect(e['result']?.['code']).toBe('02324');
      expect(e['transactions']).toHaveLength(0);
    });
  });

  // -------------------------------------------------------------------------
  describe('buttons pressed at once', () => {
    it('two MAKE A PAYMENT at once: both 303 to the same return URL, exactly one transaction', async () => {
      const token = await newSession();
      const [a, b] = await Promise.all([page('/v2/pay', { token }), page('/v2/pay', { token })]);
      expect(a.status).toBe(303);
      expect(b.status).toBe(303);
      expect(a.location).toBe(`https://shop.example/return?paylinetoken=${token}`);
      expect(b.location).toBe(a.location);
      const s = await sessionJson(token);
      expect(s['result']?.['code']).toBe('00000');
      expect(s['transactions']).toHaveLength(1);
      expect((await details(token))['result']?.['code']).toBe('00000');
    });

    it('ten presses at once on MAKE A PAYMENT, ABORT and the panel: one result, one transaction', async () => {
      const token = await newSession();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          k % 3 === 0 ? page('/v2/pay', { token }) : k % 3 === 1 ? page('/v2/abort', { token }) : page('/v2/simulate', { token, code: '01100' }),
        ),
      );
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([303]));
      expect(new Set(answers.map((a) => a.location)).size).toBe(1);
      const s = await sessionJson(token);
      expect(s['transactions']).toHaveLength(1);
    });

    it('MAKE A PAYMENT and ABORT at once: one wins and the result never changes afterwards', async () => {
      const winners = new Set<string>();
      for (let k = 0; k < 6; k++) {
        const token = await newSession();
        const both = [page('/v2/pay', { token }), page('/v2/abort', { token })];
        const [pay, abort] = await Promise.all(k % 2 === 0 ? both : both.reverse());
        expect(pay!.status).toBe(303);
        expect(abort!.status).toBe(303);
        // both buttons lead to where the winner's result sends the buyer
        expect(pay!.location).toBe(abort!.location);
        const s = await sessionJson(token);
        const code = String(s['result']?.['code']);
        expect(['00000', '02008']).toContain(code);
        winners.add(code);
        expect(pay!.location).toBe(`https://shop.example/${code === '00000' ? 'return' : 'cancel'}?paylinetoken=${token}`);
        expect(s['transactions']).toHaveLength(1);
        // later presses and admin requests change nothing
        await page('/v2/pay', { token });
        await page('/v2/abort', { token });
        await page('/v2/simulate', { token, code: '04002' });
        expectJsonError(await admin('POST', `/_simulator/sessions/${token}/outcome`, JSON.stringify({ code: '02020' })), 409);
        const after = await sessionJson(token);
        expect(after['result']?.['code']).toBe(code);
        expect(after['transactions']).toHaveLength(1);
        expect((await details(token))['result']?.['code']).toBe(code);
      }
      expect(winners.size).toBeGreaterThan(0);
    });
  });

  // -------------------------------------------------------------------------
  describe('doWebPayment with hostile fields', () => {
    async function refused(fields: Record<string, string | undefined>, extra: Extra = {}): Promise<Obj> {
      const r = await soap(doWebPaymentXml(fields, extra));
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      const res = responseOf(r, 'doWebPayment')!;
      expect(res['token'] || undefined).toBeUndefined();
      return res['result'] as Obj;
    }

    const badAmounts: [string, string, string][] = [
      ['letters', 'abc', '02305'],
      ['digits and letters', '10O0', '02305'],
      ['negative', '-1000', '02305'],
      ['zero', '0', '02308'],
      ['decimal (point)', '10.00', '02305'],
      ['decimal (comma)', '10,00', '02305'],
      ['exponent', '1e3', '02305'],
      ['hexadecimal', '0x3E8', '02305'],
      ['plus sign', '+1000', '02305'],
      ['Arabic-Indic digits', '١٠٠٠', '02305'],
      ['full-width digits', '１０００', '02305'],
      ['30 digits', '9'.repeat(30), '02308'],
      ['one above the maximum', '10000000000', '02308'],
      ['Infinity', 'Infinity', '02305'],
      ['NaN', 'NaN', '02305'],
    ];

    it.each(badAmounts)('refuses payment.amount %s (%j) with %s naming payment.amount', async (_name, value, code) => {
      const r = await refused({ ...VALID, 'payment.amount': value, 'order.amount': '1000' });
      expect(r['code'], JSON.stringify(r)).toBe(code);
      expect(r['shortMessage']).toBe('ERROR');
      expect(r['longMessage']).toContain('payment.amount');
    });

    it.each(badAmounts)('refuses order.amount %s (%j) with %s naming order.amount', async (_name, value, code) => {
      const r = await refused({ ...VALID, 'order.amount': value });
      expect(r['code'], JSON.stringify(r)).toBe(code);
      expect(r['longMessage']).toContain('order.amount');
    });

    it('accepts the largest amount (9999999999) and echoes it', async () => {
      const token = await newSession({ ...VALID, 'payment.amount': '9999999999', 'order.amount': '9999999999' });
      expect((await details(token))['payment']?.['amount']).toBe('9999999999');
    });

    it('refuses a 100 kB buyer.lastName (under the 1 MiB body limit) with 02305 naming buyer.lastName, its value cut short', async () => {
      expect(sim.config.bodyLimit).toBeGreaterThan(200 * 1024);
      const r = await refused({ ...VALID, 'buyer.lastName': 'L'.repeat(100 * 1024) });
      expect(r['code']).toBe('02305');
      expect(r['longMessage']).toContain('buyer.lastName');
      expect(r['longMessage']).toContain('at most 100 characters');
      expect(r['longMessage'].length).toBeLessThan(300);
    });

    it('accepts every text field in Unicode (emoji, RTL marks, CJK, combining marks) and echoes each exactly', async () => {
      const u = {
        'order.ref': '注文-😀-\u200Fשלום\u200E-👨‍👩‍👧-𠀀',
        'order.country': 'ＢＥ',
        'buyer.firstName': 'Zoë\u0301 ناصر 山田 🏳️‍🌈',
        'buyer.lastName': '\u202Eyenod\u202C 王 ✈️ Ünïcödé',
        'buyer.email': 'пример.😀@例え.テスト',
        'buyer.mobilePhone': '+32 ٤٧٠ 00 00 00',
        'payment.softDescriptor': 'Boutique «Ŝ» 店 🛒',
      };
      const fields = { ...VALID, ...u };
      const privateData = `<obj:privateData><obj:key>clé 🔑 鍵</obj:key><obj:value>valeur \u200F قيمة 値 🎁</obj:value></obj:privateData>`;
      const r = await soap(doWebPaymentXml(fields, { privateData }));
      const res = responseOf(r, 'doWebPayment')!;
      expect(res['result']?.['code'], JSON.stringify(res['result'])).toBe('00000');
      const token = String(res['token']);
      const d = await details(token);
      expect(d['order']?.['ref']).toBe(u['order.ref']);
      expect(d['order']?.['country']).toBe(u['order.country']);
      expect(d['buyer']?.['firstName']).toBe(u['buyer.firstName']);
      expect(d['buyer']?.['lastName']).toBe(u['buyer.lastName']);
      expect(d['buyer']?.['email']).toBe(u['buyer.email']);
      expect(d['buyer']?.['mobilePhone']).toBe(u['buyer.mobilePhone']);
      expect(d['payment']?.['softDescriptor']).toBe(u['payment.softDescriptor']);
      expect(d['privateDataList']?.['privateData']).toEqual([{ key: 'clé 🔑 鍵', value: 'valeur \u200F قيمة 値 🎁' }]);
      // the JSON view and the hosted page agree
      const s = await sessionJson(token);
      expect(s['orderRef']).toBe(u['order.ref']);
      expect(s['buyer']).toEqual({ firstName: u['buyer.firstName'], lastName: u['buyer.lastName'], email: u['buyer.email'] });
      const p = await page(`/v2/?token=${token}`);
      expect(p.status).toBe(200);
      expect(p.text).toContain(u['order.ref']);
      // and so does the end of the flow
      const paid = await page('/v2/pay', { token });
      expect(paid.status).toBe(303);
      expect((await details(token))['buyer']?.['lastName']).toBe(u['buyer.lastName']);
    });

    it('counts order.ref length in characters, not UTF-16 units: 50 emoji pass, 51 are refused naming order.ref', async () => {
      const token = await newSession({ ...VALID, 'order.ref': '😀'.repeat(50) });
      expect((await details(token))['order']?.['ref']).toBe('😀'.repeat(50));
      const r = await refused({ ...VALID, 'order.ref': '😀'.repeat(51) });
      expect(r['code']).toBe('02305');
      expect(r['longMessage']).toContain('order.ref');
    });

    it('a Unicode returnURL (IDN host, non-ASCII path): refused at doWebPayment, or the buyer is redirected to a valid Location', async () => {
      const returnURL = 'https://例え.テスト/戻る/😀?q=é';
      const r = await soap(doWebPaymentXml({ ...VALID, returnURL }));
      const res = responseOf(r, 'doWebPayment')!;
      if (res['result']?.['code'] !== '00000') {
        expect(res['result']?.['longMessage']).toContain('returnURL');
        return;
      }
      const token = String(res['token']);
      const paid = await page('/v2/pay', { token });
      expect(paid.status).toBe(303);
      // a Location header must be ASCII: the URL percent-encoded, the host in punycode
      expect(new URL(paid.location!).href).toBe(new URL(`${returnURL}&paylinetoken=${token}`).href);
    });

    it('control characters raw in a field: a Client Fault, or a refusal, or an answer that is still well-formed XML', async () => {
      const lastName = 'Du\u0001pont\u0007\u001B[31m';
      const r = await soap(doWebPaymentXml({ ...VALID, 'buyer.lastName': lastName }));
      if (r.status === 500) {
        expect(faultOf(r).faultcode).toMatch(/:Client$/);
        return;
      }
      expect(r.status).toBe(200);
      expect(r.text).not.toMatch(NOT_XML);
      const res = responseOf(r, 'doWebPayment')!;
      if (res['result']?.['code'] !== '00000') {
        expect(res['result']?.['longMessage']).toContain('buyer.lastName');
        return;
      }
      // accepted: every answer that echoes the name must still be well-formed XML
      const d = await soap(detailsXml(String(res['token'])));
      expect(d.status).toBe(200);
      const echoed = JSON.stringify(/<obj:lastName>[^<]*<\/obj:lastName>/.exec(d.text)?.[0]);
      expect(d.text, `getWebPaymentDetails echoes characters XML 1.0 forbids: ${echoed}`).not.toMatch(NOT_XML);
    });

    // today the reference is kept as the literal text "&#1;" (echoed &amp;#1;): lenient, but the answer stays well-formed
    it('control characters as character references (&#1;): a Client Fault, a refusal, or a well-formed answer', async () => {
      const body = doWebPaymentXml({ ...VALID, 'buyer.lastName': 'XLASTX' }).replace('XLASTX', 'Du&#1;pont&#x1B;');
      const r = await soap(body);
      if (r.status === 500) {
        expect(faultOf(r).faultcode).toMatch(/:Client$/);
        return;
      }
      expect(r.status).toBe(200);
      expect(r.text).not.toMatch(NOT_XML);
      const res = responseOf(r, 'doWebPayment')!;
      if (res['result']?.['code'] === '00000') {
        const d = await soap(detailsXml(String(res['token'])));
        expect(d.text).not.toMatch(NOT_XML);
        expect(d.text).not.toMatch(/&#(x0*1b|0*1|0*27);/i);
      }
    });

    it('an element nested 200 deep: a Client Fault', async () => {
      const deep = '<obj:x>'.repeat(200) + 'deep' + '</obj:x>'.repeat(200);
      const r = await soap(doWebPaymentXml(VALID, { raw: { buyer: deep } }));
      expect(r.status).toBe(500);
      const f = faultOf(r);
      expect(f.faultcode).toMatch(/:Client$/);
      expect(f.faultstring).toMatch(/nested deeper/);
    });

    it('an element nested 100 000 deep (no recursion blow-up): a Client Fault', async () => {
      const deep = '<x>'.repeat(100_000) + '</x>'.repeat(100_000);
      const r = await soap(doWebPaymentXml(VALID, { raw: { buyer: deep } }));
      expect(r.status).toBe(500);
      expect(faultOf(r).faultcode).toMatch(/:Client$/);
    });

    it('10 000 privateData entries: answered (00000), and getWebPaymentDetails echoes them all', async () => {
      const entries = Array.from({ length: 10_000 }, (_, k) => `<privateData><key>k${k}</key><value>v${k}</value></privateData>`).join('');
      // unprefixed entries in the default namespace of the list, to keep the body under the limit
      const xml = doWebPaymentXml(VALID, { privateData: entries }).replace('<impl:privateDataList>', `<impl:privateDataList xmlns="${OBJ}">`);
      expect(xml.length).toBeLessThan(sim.config.bodyLimit);
      const r = await soap(xml);
      expect(r.status).toBe(200);
      const res = responseOf(r, 'doWebPayment')!;
      expect(res['result']?.['code']).toBe('00000');
      const d = await details(String(res['token']));
      const list = d['privateDataList']?.['privateData'] as { key: string; value: string }[];
      expect(list).toHaveLength(10_000);
      expect(list[9_999]).toEqual({ key: 'k9999', value: 'v9999' });
    });

    it('a body of 2 MB: HTTP 413 with a Client Fault', async () => {
      const body = doWebPaymentXml({ ...VALID, 'buyer.lastName': 'L'.repeat(2 * 1024 * 1024) });
      const r = await soap(body);
      expect(r.status).toBe(413);
      expect(r.type).toMatch(/^text\/xml/);
      expect(faultOf(r).faultstring).toMatch(/too large/);
    });

    it('Content-Type application/json: HTTP 415 with a Fault telling to send text/xml', async () => {
      const r = await soap(JSON.stringify({ payment: { amount: 1000 } }), { 'content-type': 'application/json' });
      expect(r.status).toBe(415);
      expect(faultOf(r).faultstring).toContain('text/xml');
    });

    it('no body at all (no Content-Type, no Content-Length): HTTP 415 with a Client Fault asking for text/xml', async () => {
      const r = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, { method: 'POST', headers: { authorization: basic(DEMO) } });
      const a = { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
      expectSoapShape(a);
      expect(a.status).toBe(415);
      expect(a.type).toMatch(/^text\/xml/);
      const f = faultOf(a);
      expect(f.faultcode).toMatch(/:Client$/);
      expect(f.faultstring).toContain('text/xml');
    });

    it('an empty text/xml body: a Client Fault', async () => {
      const r = await soap('');
      expect(r.status).toBe(500);
      expect(faultOf(r).faultcode).toMatch(/:Client$/);
    });

    it('a GET with a body: HTTP 200 and the endpoint description, the body ignored', async () => {
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const url = new URL(`${sim.url}/V4/services/WebPaymentAPI`);
        const body = doWebPaymentXml();
        const req = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), authorization: basic(DEMO) } },
          (res) => {
            let t = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (t += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: t }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(200);
      expect(text).not.toMatch(STACK);
      expect(text).toContain('SOAP 1.1 endpoint');
    });

    it('HEAD on the endpoint and on ?wsdl: 200 without a body', async () => {
      for (const path of ['/V4/services/WebPaymentAPI', '/V4/services/WebPaymentAPI?wsdl']) {
        const r = await fetch(`${sim.url}${path}`, { method: 'HEAD' });
        expect(r.status, path).toBe(200);
        expect(await r.text()).toBe('');
      }
    });

    it('OPTIONS on the endpoint: HTTP 404 with a text/plain hint naming the methods it takes', async () => {
      const r = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, { method: 'OPTIONS', headers: { authorization: basic(DEMO) } });
      const text = await r.text();
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toContain('/V4/services/WebPaymentAPI takes POST (a SOAP envelope) and GET ?wsdl');
      expect(text).not.toMatch(STACK);
    });

    it('a SOAP 1.2 envelope with a doWebPayment: a VersionMismatch Fault', async () => {
      const body = doWebPaymentXml().replace(`xmlns:soapenv="${SOAP11}"`, `xmlns:soapenv="${SOAP12}"`);
      const r = await soap(body, { 'content-type': 'application/soap+xml; charset=utf-8; action="doWebPayment"' });
      expect(r.status).toBe(500);
      expect(faultOf(r).faultcode).toMatch(/:VersionMismatch$/);
    });

    it('SOAPAction naming getWebPaymentDetails on a doWebPayment body: the body wins (answered as doWebPayment)', async () => {
      const r = await soap(doWebPaymentXml(), { soapaction: '"getWebPaymentDetails"' });
      expect(r.status).toBe(200);
      const res = responseOf(r, 'doWebPayment');
      expect(res?.['result']?.['code']).toBe('00000');
      expect(res?.['token']).toMatch(TOKEN);
      expect(responseOf(r, 'getWebPaymentDetails')).toBeUndefined();
    });

    it('SOAPAction naming an unknown operation, and a 10 kB SOAPAction: the body wins', async () => {
      for (const soapaction of ['"doTeleportation"', `"${'x'.repeat(10 * 1024)}"`]) {
        const r = await soap(doWebPaymentXml(), { soapaction });
        expect(r.status).toBe(200);
        expect(responseOf(r, 'doWebPayment')?.['result']?.['code']).toBe('00000');
      }
    });

    it('an external entity (XXE) in a DOCTYPE: a Client Fault, no file read', async () => {
      const body = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` + doWebPaymentXml({ ...VALID, 'buyer.lastName': 'XLASTX' }).replace(/^<\?xml[^>]*\?>/, '').replace('XLASTX', '&xxe;');
      const r = await soap(body);
      expect(r.status).toBe(500);
      expect(faultOf(r).faultcode).toMatch(/:Client$/);
      expect(r.text).not.toContain('root:');
    });

    it('an undeclared entity reference without a DOCTYPE: a Client Fault naming it', async () => {
      const body = doWebPaymentXml({ ...VALID, 'buyer.lastName': 'XLASTX' }).replace('XLASTX', '&nbsp;');
      const r = await soap(body);
      expect(r.status).toBe(500);
      expect(faultOf(r).faultstring).toContain('&nbsp;');
    });

    it.each(['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'])(
      'operations named after built-in object properties (constructor, __proto__, toString…) on %s: a Client Fault, not an internal error',
      async (api) => {
        for (const name of ['constructor', 'constructorRequest', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__']) {
          const r = await soap(`<s:Envelope xmlns:s="${SOAP11}"><s:Body><${name}/></s:Body></s:Envelope>`, {}, DEMO, api);
          expect(r.status, name).toBe(500);
          const f = faultOf(r);
          expect(f.faultcode, name).toMatch(/:Client$/);
          expect(f.faultstring).toContain('is not implemented by the simulator');
        }
      },
    );

    it('a tag with 100,000 attributes: a Fault in well under a second (the duplicate check is not quadratic), and a duplicate past the 16th found', async () => {
      const attrs = Array.from({ length: 100_000 }, (_, k) => `a${k}=""`).join(' ');
      const started = Date.now();
      const r = await soap(`<s:Envelope xmlns:s="${SOAP11}"><s:Body><x ${attrs}/></s:Body></s:Envelope>`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(faultOf(r).faultstring).toContain('Operation x is not implemented');
      const dup = Array.from({ length: 40 }, (_, k) => `a${k}=""`).join(' ') + ' a3="again"';
      expect(faultOf(await soap(`<s:Envelope xmlns:s="${SOAP11}"><s:Body><x ${dup}/></s:Body></s:Envelope>`)).faultstring).toContain('duplicate attribute a3');
    });

    it('the endpoint reached through a percent-encoded path (/V4/%73ervices/…): the same Faults, journaled', async () => {
      const r = await fetch(`${sim.url}/V4/%73ervices/WebPaymentAPI`, { method: 'POST', headers: { authorization: basic(DEMO), 'content-type': 'text/xml' }, body: '<notxml' });
      const a = { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
      expectSoapShape(a);
      expect(a.status).toBe(500);
      expect(faultOf(a).faultstring).toMatch(/^Malformed XML/);
      const journal = await admin('GET', '/_simulator/journal');
      expect(journal.json['exchanges'][0]['request']).toBe('<notxml');
    });

    it('a bad percent-encoding in the URL: HTTP 400 with a Client Fault (an HTTP-level mistake keeps its status)', async () => {
      const r = await fetch(`${sim.url}/V4/services/%ZZ`, { headers: { authorization: basic(DEMO) } });
      const a = { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
      expectSoapShape(a);
      expect(a.status).toBe(400);
      expect(faultOf(a).faultstring).toContain('bad percent-encoding');
    });

    it('an unknown method or path with a body that cannot be read: 404, as without the body', async () => {
      for (const [method, path] of [
        ['PUT', '/V4/services/Nope'],
        ['DELETE', '/V4/services/WebPaymentAPI'],
        ['POST', '/nope'],
      ]) {
        const r = await fetch(`${sim.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: '{"a":' });
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(await r.text()).not.toMatch(STACK);
      }
    });

    it('hostile Authorization headers: 401 with an empty body', async () => {
      for (const authorization of [`Basic ${'A'.repeat(10 * 1024)}`, 'Basic !!!', 'Basic ' + Buffer.from('no-colon').toString('base64'), 'Basic ' + Buffer.from(`${DEMO.id}:`).toString('base64'), 'Basic ' + Buffer.from(`:${DEMO.key}`).toString('base64')]) {
        const r = await soap(doWebPaymentXml(), { authorization }, null);
        expect(r.status, authorization.slice(0, 40)).toBe(401);
        expect(r.text).toBe('');
      }
    });
  });

  // -------------------------------------------------------------------------
  describe('admin endpoints', () => {
    it.each([
      ['non-JSON with a JSON Content-Type', 'seconds=10', 'application/json', 400],
      ['non-JSON text/plain', 'seconds=10', 'text/plain', 400],
      ['a JSON array', '[{"seconds": 10}]', 'application/json', 400],
      ['a JSON string', '"10"', 'application/json', 400],
      ['a JSON number', '10', 'application/json', 400],
      ['{"seconds": -1}', '{"seconds": -1}', 'application/json', 400],
      ['{"seconds": "10"}', '{"seconds": "10"}', 'application/json', 400],
      ['{"seconds": 1e12}', '{"seconds": 1e12}', 'application/json', 400],
      ['{"seconds": null}', '{"seconds": null}', 'application/json', 400],
      ['{} (no seconds)', '{}', 'application/json', 400],
      ['a __proto__ key', '{"__proto__": {"seconds": 10}}', 'application/json', 400],
      ['a form body', 'seconds=10', 'application/x-www-form-urlencoded', 400],
    ])('POST /_simulator/clock/advance with %s: a clear 4xx JSON error, the clock untouched', async (_name, body, type, status) => {
      const before = (await admin('GET', '/_simulator/clock')).json['offsetSeconds'] as number;
      const r = await admin('POST', '/_simulator/clock/advance', body, type);
      expectJsonError(r, status);
      expect((await admin('GET', '/_simulator/clock')).json['offsetSeconds']).toBe(before);
    });

    it('POST /_simulator/clock/advance with a body over the limit: 413 JSON', async () => {
      const r = await admin('POST', '/_simulator/clock/advance', JSON.stringify({ seconds: 1, pad: 'x'.repeat(sim.config.bodyLimit) }));
      expectJsonError(r, 413);
    });

    it.each([
      ['an unknown code', '{"code": "99999"}'],
      ['a code that is not an outcome (02304)', '{"code": "02304"}'],
      ['a numeric code', '{"code": 0}'],
      ['no code', '{}'],
      ['a JSON array', '["00000"]'],
      ['non-JSON', 'code=00000'],
    ])('POST /_simulator/sessions/{token}/outcome with %s: 400 JSON naming the codes, the session still pending', async (_name, body) => {
      const token = await newSession();
      const r = await admin('POST', `/_simulator/sessions/${token}/outcome`, body);
      expectJsonError(r, 400);
      expect((await sessionJson(token))['status']).toBe('PENDING');
    });

    it.each([
      ['an unknown merchantId', '{"merchantId": "99999999999999"}'],
      ['a numeric merchantId', '{"merchantId": 12345678901234}'],
      ['an empty merchantId', '{"merchantId": ""}'],
      ['a JSON array', '["12345678901234"]'],
      ['non-JSON', 'merchantId=12345678901234'],
    ])('POST /_simulator/reset with %s: 400 JSON, nothing removed', async (_name, body) => {
      const token = await newSession();
      const r = await admin('POST', '/_simulator/reset', body);
      expectJsonError(r, 400);
      expect((await details(token))['result']?.['code']).toBe('02306');
    });

    it.each([
      ['status', '/_simulator/sessions?status=WHATEVER'],
      ['limit', '/_simulator/sessions?limit=-1'],
      ['limit', '/_simulator/sessions?limit=1e9'],
      ['limit', '/_simulator/sessions?limit=abc'],
    ])('GET /_simulator/sessions with a bad %s: 400 JSON', async (_name, path) => {
      expectJsonError(await admin('GET', path), 400);
    });

    it('a query parameter given twice: 400 JSON naming it', async () => {
      expectJsonError(await admin('GET', '/_simulator/sessions?merchantId=1&merchantId=2'), 400, /merchantId is given 2 times/);
      expectJsonError(await admin('GET', '/_simulator/journal?merchantId=1&merchantId=2'), 400, /merchantId is given 2 times/);
    });

    it('an unknown admin route: 404 JSON', async () => {
      expectJsonError(await admin('GET', '/_simulator/sessions/x/y/z'), 404);
      expectJsonError(await admin('POST', '/_simulator/clock/rewind', '{}'), 404);
    });
  });

  // -------------------------------------------------------------------------
  describe('doWebPayment request validation (property)', () => {
    type State = { kind: 'valid' } | { kind: 'missing' } | { kind: 'empty' } | { kind: 'text'; value: string };

    /** Text of any kind that XML can carry (tabs, line feeds; no other control characters). */
    const xmlText = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('-1', '0', '1.5', '1e3', ' ', '\t\n', '99999999999999999999', 'abc@def', 'a@b.c', 'https://x', 'javascript:alert(1)', '<x>', ']]>', '&amp;', '00/00/0000 00:00', '31/12/2024 23:59'),
    );
    // mostly valid, so that some requests have every field right (P ≈ (24/28)^13 ≈ 13 %)
    const state: fc.Arbitrary<State> = fc.oneof(
      { weight: 24, arbitrary: fc.constant({ kind: 'valid' } as State) },
      { weight: 1, arbitrary: fc.constant({ kind: 'missing' } as State) },
      { weight: 1, arbitrary: fc.constant({ kind: 'empty' } as State) },
      { weight: 2, arbitrary: xmlText.map((value) => ({ kind: 'text', value }) as State) },
    );
    const request = fc.record(Object.fromEntries(MANDATORY.map((f) => [f, state])) as Record<(typeof MANDATORY)[number], fc.Arbitrary<State>>);

    it('answers HTTP 200 with 00000 and a token, or an error code whose longMessage names a field it was given wrong', async () => {
      let accepted = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(request, async (req) => {
          const fields: Record<string, string | undefined> = { ...VALID };
          const wrong: string[] = [];
          for (const f of MANDATORY) {
            const s = req[f];
            if (s.kind === 'valid') continue;
            wrong.push(f);
            fields[f] = s.kind === 'missing' ? undefined : s.kind === 'empty' ? '' : s.value;
          }
          const r = await soap(doWebPaymentXml(fields));
          expect(r.status, r.text.slice(0, 300)).toBe(200);
          const res = responseOf(r, 'doWebPayment')!;
          const result = res['result'] as Obj;
          // the scenarios refusing at doWebPayment (lastName InvalidValue, amount 2308) name no field
          if (fields['buyer.lastName']?.trim() === 'InvalidValue' || fields['payment.amount']?.trim() === '2308') {
            expect(result['code']).toBe('02308');
            return;
          }
          if (wrong.length === 0) expect(result['code'], JSON.stringify(result)).toBe('00000');
          if (result['code'] === '00000') {
            accepted++;
            expect(res['token']).toMatch(TOKEN);
            return;
          }
          refused++;
          expect(['02305', '02308'], JSON.stringify(result)).toContain(result['code']);
          expect(result['shortMessage']).toBe('ERROR');
          expect(res['token'] || undefined).toBeUndefined();
          const msg = String(result['longMessage']);
          // a field given wrong, or its parent when all its children were left out
          const parents = ['payment', 'order', 'buyer'].filter((p) => msg.startsWith(`Invalid value for ${p}: mandatory field is missing`));
          const named = wrong.filter((f) => msg.includes(f));
          expect(named.length + parents.length, `${msg} (wrong: ${wrong.join(', ')})`).toBeGreaterThan(0);
        }),
        { numRuns: 200 },
      );
      expect(accepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    }, 30_000);
  });
});

/**
 * GET /_simulator/sessions/{token}: a CI test asserts on what the shop sent and
 * what the simulator answered, without a proxy.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';

const AUTH = 'Basic ' + Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64');

interface Entry {
  kind: string;
  at: string;
  operation?: string;
  httpStatus?: number;
  durationMs?: number;
  resultCode?: string;
  request?: string;
  response?: string;
  event?: string;
  url?: string;
  status?: number;
  attempt?: number;
}

describe('the journal of a session (GET /_simulator/sessions/{token})', () => {
  let sim: RunningSimulator;
  let shop: Server;
  let shopUrl: string;
  const notified: string[] = [];

  beforeAll(async () => {
    shop = createServer((req, res) => {
      notified.push(req.url ?? '');
      // /failing answers 500: the notification is retried
      if (req.url?.startsWith('/failing')) res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
  });
  afterAll(async () => {
    await sim.close();
    await new Promise((r) => shop.close(r));
  });

  const soap = async (api: string, body: string) => {
    const res = await fetch(`${sim.url}/V4/services/${api}`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body>${body}</s:Body></s:Envelope>`,
    });
    return res.text();
  };

  it('records what the shop sent and what it got, every page event, the redirect and the notification, in order', async () => {
    const dwp = await soap(
      'WebPaymentAPI',
      `<i:doWebPaymentRequest><i:version>34</i:version><i:payment><o:amount>4200</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment><i:returnURL>${shopUrl}/return</i:returnURL><i:cancelURL>${shopUrl}/cancel</i:cancelURL><i:order><o:ref>JOURNAL-1</o:ref><o:amount>4200</o:amount><o:currency>978</o:currency><o:date>27/11/2026 10:00</o:date></i:order><i:notificationURL>${shopUrl}/notify</i:notificationURL><i:buyer><o:lastName>Dupont</o:lastName><o:firstName>Jean</o:firstName><o:email>jean@shop.test</o:email></i:buyer></i:doWebPaymentRequest>`,
    );
    const token = /<impl:token>([^<]+)</.exec(dwp)![1]!;
    expect((await fetch(`${sim.url}/v2/?token=${token}`)).status).toBe(200);
    const pay = await fetch(`${sim.url}/v2/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}`, redirect: 'manual' });
    expect(pay.status).toBe(303);
    await sim.ctx.notifier.idle();
    await soap('WebPaymentAPI', `<i:getWebPaymentDetailsRequest><i:version>34</i:version><i:token>${token}</i:token></i:getWebPaymentDetailsRequest>`);

    const s = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as { request: { order: { ref: string } }; journal: Entry[]; result: { code: string }; transactions: unknown[] };
    expect(s.result.code).toBe('00000');
    expect(s.request.order.ref).toBe('JOURNAL-1');
    expect(s.transactions).toHaveLength(1);

    const kinds = s.journal.map((e) => (e.kind === 'soap' ? `soap:${e.operation}` : e.kind === 'page' ? `page:${e.event}` : e.kind));
    expect(kinds).toEqual(['soap:doWebPayment', 'page:view', 'page:pay', 'redirect', 'notification', 'soap:getWebPaymentDetails']);

    const sent = s.journal[0]!;
    expect(sent.httpStatus).toBe(200);
    expect(sent.resultCode).toBe('00000');
    expect(sent.request).toContain('<o:email>jean@shop.test</o:email>');
    expect(sent.request).toContain('<o:ref>JOURNAL-1</o:ref>');
    expect(sent.response).toContain(`<impl:token>${token}</impl:token>`);
    expect(s.journal[3]!.url).toBe(`${shopUrl}/return?paylinetoken=${token}`);
    const n = s.journal[4]!;
    expect(n.url).toBe(`${shopUrl}/notify?notificationType=WEBTRS&token=${token}`);
    expect(n.status).toBe(200);
    expect(n.attempt).toBe(1);
    expect(notified).toEqual([`/notify?notificationType=WEBTRS&token=${token}`]);
    expect(s.journal[5]!.response).toContain('<obj:code>00000</obj:code>');
    // times are in order
    const times = s.journal.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('gives the time of the next notification attempt as an ISO time, like the time of the entry', async () => {
    const dwp = await soap(
      'WebPaymentAPI',
      `<i:doWebPaymentRequest><i:version>34</i:version><i:payment><o:amount>4200</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment><i:returnURL>${shopUrl}/return</i:returnURL><i:cancelURL>${shopUrl}/cancel</i:cancelURL><i:order><o:ref>JOURNAL-2</o:ref><o:amount>4200</o:amount><o:currency>978</o:currency><o:date>27/11/2026 10:00</o:date></i:order><i:notificationURL>${shopUrl}/failing</i:notificationURL><i:buyer><o:lastName>Dupont</o:lastName><o:firstName>Jean</o:firstName><o:email>jean@shop.test</o:email></i:buyer></i:doWebPaymentRequest>`,
    );
    const token = /<impl:token>([^<]+)</.exec(dwp)![1]!;
    await fetch(`${sim.url}/v2/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}`, redirect: 'manual' });
    await sim.ctx.notifier.idle();
    const s = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as { journal: (Entry & { nextAttemptAt?: string; error?: string })[] };
    const n = s.journal.find((e) => e.kind === 'notification')!;
    expect(n.error).toBe('HTTP 500');
    expect(n.nextAttemptAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // a minute after the first attempt (the attempt's own time may be a millisecond later than the plan's)
    expect(Math.abs(Date.parse(n.nextAttemptAt!) - Date.parse(n.at) - 60_000)).toBeLessThan(1000);
  });

  it('lists refused requests, which have no session, in /_simulator/journal', async () => {
    await soap('WebPaymentAPI', '<i:doWebPaymentRequest><i:version>34</i:version></i:doWebPaymentRequest>');
    const j = (await (await fetch(`${sim.url}/_simulator/journal?merchantId=12345678901234`)).json()) as { exchanges: (Entry & { token: string | null })[] };
    const last = j.exchanges[0]!;
    expect(last.token).toBeNull();
    expect(last.operation).toBe('doWebPayment');
    expect(last.resultCode).toBe('02308');
    // the time the simulator took, measured (not a placeholder 0)
    expect(last.durationMs).toBeGreaterThan(0);
    expect(last.response).toContain('Invalid value for payment: mandatory field is missing');
  });

  it('lists faults, refused credentials and wrong content types too, with what was sent', async () => {
    const post = (body: string, headers: Record<string, string>) => fetch(`${sim.url}/V4/services/WebPaymentAPI`, { method: 'POST', headers, body });
    expect((await post('<not-xml', { authorization: AUTH, 'content-type': 'text/xml' })).status).toBe(500);
    expect((await post('<x/>', { authorization: 'Basic ' + Buffer.from('12345678901234:wrong').toString('base64'), 'content-type': 'text/xml' })).status).toBe(401);
    expect((await post('{}', { authorization: AUTH, 'content-type': 'application/json' })).status).toBe(415);
    const j = (await (await fetch(`${sim.url}/_simulator/journal`)).json()) as { exchanges: (Entry & { token: string | null; merchantId?: string })[] };
    const [wrongType, unauthorized, malformed] = j.exchanges;
    expect(wrongType).toMatchObject({ httpStatus: 415, operation: 'unknown', merchantId: '12345678901234' });
    expect(wrongType!.response).toContain('send the SOAP envelope as text/xml');
    // refused before its body is read
    expect(unauthorized).toMatchObject({ httpStatus: 401, request: '', response: '' });
    expect(unauthorized!.merchantId).toBeUndefined();
    // it says which merchant ID was tried, and why it was refused
    expect(unauthorized).toMatchObject({ triedMerchantId: '12345678901234', unauthorized: 'wrong access key for merchant 12345678901234' });
    const mine = (await (await fetch(`${sim.url}/_simulator/journal?merchantId=12345678901234`)).json()) as { exchanges: Entry[] };
    expect(mine.exchanges.map((e) => e.httpStatus)).toContain(401);
    expect((await post('<x/>', { authorization: 'Basic ' + Buffer.from('99999999999999:x').toString('base64'), 'content-type': 'text/xml' })).status).toBe(401);
    expect((await post('<x/>', { 'content-type': 'text/xml' })).status).toBe(401);
    const [none, unknown] = ((await (await fetch(`${sim.url}/_simulator/journal`)).json()) as { exchanges: Record<string, unknown>[] }).exchanges;
    expect(unknown).toMatchObject({ httpStatus: 401, triedMerchantId: '99999999999999', unauthorized: 'unknown merchant ID "99999999999999"' });
    expect(none).toMatchObject({ httpStatus: 401, unauthorized: 'no Authorization header: send HTTP Basic merchantId:accessKey' });
    expect(none!.triedMerchantId).toBeUndefined();
    expect(malformed).toMatchObject({ httpStatus: 500, request: '<not-xml', operation: 'unknown' });
    expect(malformed!.response).toContain('<faultstring>Malformed XML');
  });
});

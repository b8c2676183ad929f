/**
 * Contract tests of DirectPaymentAPI and ExtendedAPI over HTTP, with the npm
 * `soap` client built from the WSDLs the simulator serves (as a shop's SOAP
 * library would), plus raw XML shaped like what the Magento module sends
 * through PHP SDK 4.77. The refund lifecycle: a web payment finished through
 * the admin API, partial refunds, a refund refused for exceeding the capture,
 * getTransactionDetails, the 180-day window, doReset refused.
 */
import soap from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';

const MERCHANT_ID = '12345678901234';
const ACCESS_KEY = 'DEMOACCESSKEY';
const OTHER_MERCHANT_ID = '12345678900001';
const OTHER_ACCESS_KEY = 'WORKERKEY01';
const APIS = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'] as const;
type Api = (typeof APIS)[number];

/** What node-soap hands back: a tree of objects, strings and arrays. */
type Soapy = any;

let sim: RunningSimulator;
const clients = {} as Record<Api, soap.Client>;

async function client(api: Api, user = MERCHANT_ID, password = ACCESS_KEY): Promise<soap.Client> {
  const c = await soap.createClientAsync(`${sim.url}/V4/services/${api}?wsdl`);
  c.setSecurity(new soap.BasicAuthSecurity(user, password));
  return c;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
  for (const api of APIS) clients[api] = await client(api);
});

afterAll(async () => {
  await sim?.close();
});

/** Calls an operation; returns the parsed response object. */
async function call(api: Api, operation: string, args: Record<string, unknown>, c: soap.Client = clients[api]): Promise<Soapy> {
  const fn = (c as unknown as Record<string, (a: unknown) => Promise<[Soapy, string, unknown, string]>>)[`${operation}Async`];
  if (typeof fn !== 'function') throw new Error(`the ${api} client has no ${operation}`);
  const [response] = await fn.call(c, args);
  return response;
}

/** One or many repeated elements, as an array. */
function many<T = Soapy>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

let orderSeq = 0;
/** doWebPayment for 99,00 EUR; returns the token and the order ref. */
async function webPayment(amount = '9900'): Promise<{ token: string; orderRef: string }> {
  const orderRef = `REF-${Date.now()}-${++orderSeq}`;
  const r = await call('WebPaymentAPI', 'doWebPayment', {
    version: '34',
    payment: { amount, currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
    returnURL: 'https://shop.test/return',
    cancelURL: 'https://shop.test/cancel',
    order: { ref: orderRef, amount, currency: '978', date: '19/01/2024 10:35' },
    notificationURL: 'https://shop.test/notify',
    buyer: { lastName: 'Peeters', firstName: 'Jan', email: 'jan.peeters@example.be' },
  });
  expect(r.result.code, r.result.longMessage).toBe('00000');
  expect(r.token).toHaveLength(33);
  return { token: r.token, orderRef };
}

async function admin(path: string, body: unknown): Promise<{ status: number; json: Soapy }> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

/** A payment finished 00000 through the admin API; returns its transaction id. */
async function acceptedPayment(amount = '9900'): Promise<{ transactionId: string; orderRef: string; token: string }> {
  const { token, orderRef } = await webPayment(amount);
  const finished = await admin(`/_simulator/sessions/${encodeURIComponent(token)}/outcome`, { code: '00000' });
  expect(finished.status).toBe(200);
  expect(finished.json.result.code).toBe('00000');
  expect(finished.json.transactionId).toMatch(/^G\d{17}$/);
  return { transactionId: finished.json.transactionId, orderRef, token };
}

function refundArgs(transactionID: string, amount: string, extra: Record<string, unknown> = {}) {
  return {
    version: '34',
    transactionID,
    payment: { amount, currency: '978', action: '421', mode: 'CPT', contractNumber: 'BANCONTACT' },
    comment: `refund ${amount}`,
    sequenceNumber: '',
    ...extra,
  };
}

/** A raw SOAP POST; returns status and body text. */
async function post(api: Api, xml: string, auth = `${MERCHANT_ID}:${ACCESS_KEY}`, soapAction = ''): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sim.url}/V4/services/${api}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"${soapAction}"`,
      authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
      version: 'Magento 2.4.7 - v1.2.25 - PHP SDK 4.77',
    },
    body: xml,
  });
  return { status: res.status, text: await res.text() };
}

/** `dd/MM/yy HH:mm:ss` read as UTC (good enough to compare two dates to within the DST hour). */
function shortDateMs(s: string): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a dd/MM/yy HH:mm:ss date: ${JSON.stringify(s)}`);
  const [d, mo, y, hh, mi, ss] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(2000 + y, mo - 1, d, hh, mi, ss);
}

/** The text of the first element with that local name (any prefix). */
function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9_]+:)?${name}>`).exec(xml);
  return m?.[1];
}

/** The payment of the refund lifecycle (9000 of its 9900 refunded). */
let payment: { transactionId: string; orderRef: string; token: string };

describe('refund lifecycle (doWebPayment → admin 00000 → doRefund ×3 → getTransactionDetails)', () => {
  const refundIds: string[] = [];

  beforeAll(async () => {
    payment = await acceptedPayment('9900');
  });

  it('doRefund 5000 of 9900: accepted, with a refund transaction', async () => {
    const r = await call('DirectPaymentAPI', 'doRefund', refundArgs(payment.transactionId, '5000'));
    expect(r.result).toMatchObject({ code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
    expect(r.transaction.id).toMatch(/^\d{14}$/);
    expect(r.transaction.id).not.toBe(payment.transactionId);
    // doRefund dates carry a 2-digit year
    expect(r.transaction.date).toMatch(/^\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    refundIds.push(r.transaction.id);
  });

  it('doRefund 4000: accepted', async () => {
    const r = await call('DirectPaymentAPI', 'doRefund', refundArgs(payment.transactionId, '4000'));
    expect(r.result.code).toBe('00000');
    expect(r.transaction.id).toMatch(/^\d{14}$/);
    refundIds.push(r.transaction.id);
  });

  it('doRefund 1000: refused, the sum would exceed the capture (02613)', async () => {
    const r = await call('DirectPaymentAPI', 'doRefund', refundArgs(payment.transactionId, '1000'));
    expect(r.result.code).toBe('02613');
    expect(r.result.shortMessage).toBe('ERROR');
    expect(r.result.longMessage).toContain('The maximal sum of the capture/refund is exceeded');
    expect(r.transaction?.id).toMatch(/^\d{14}$/);
    refundIds.push(r.transaction.id);
    expect(new Set(refundIds).size).toBe(3);
  });

  it('getTransactionDetails by transactionId: the payment with its three refunds', async () => {
    const r = await call('ExtendedAPI', 'getTransactionDetails', { version: '34', transactionId: payment.transactionId });
    expect(r.result.code).toBe('00000');
    expect(r.transaction.id).toBe(payment.transactionId);
    expect(r.transaction.type).toBe('AUTHOR+CAP');
    expect(r.transaction.date).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(r.payment).toMatchObject({ amount: '9900', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' });
    expect(r.order.ref).toBe(payment.orderRef);
    expect(r.contractNumber).toBe('BANCONTACT');
    expect(r.card?.number).toMatch(/^670999X{6}\d{4}$/);

    const associated = many(r.associatedTransactionsList?.associatedTransactions);
    expect(associated.map((t) => t.transactionId)).toEqual(refundIds);
    for (const t of associated) {
      expect(t.type).toBe('REFUND');
      expect(t.originTransactionId).toBe(payment.transactionId);
      expect(t.currency).toBe('978');
    }
    expect(associated.map((t) => t.amount)).toEqual(['5000', '4000', '1000']);
    expect(associated.map((t) => t.status)).toEqual(['ACCEPTED', 'ACCEPTED', expect.not.stringMatching(/^ACCEPTED$/)]);
    expect(associated.filter((t) => t.status === 'ACCEPTED')).toHaveLength(2);

    const history = many(r.statusHistoryList?.statusHistory);
    expect(history.map((t) => t.transactionId)).toEqual([payment.transactionId, ...refundIds]);
    expect(history[0]).toMatchObject({ amount: '9900', status: 'ACCEPTED', originTransactionId: payment.transactionId });
    expect(history.slice(1).map((t) => t.status)).toEqual(['ACCEPTED', 'ACCEPTED', expect.not.stringMatching(/^ACCEPTED$/)]);
    for (const t of history) expect(t.date).toMatch(/^\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('getTransactionDetails by orderRef: the same payment', async () => {
    const r = await call('ExtendedAPI', 'getTransactionDetails', { version: '34', orderRef: payment.orderRef });
    expect(r.result.code).toBe('00000');
    expect(r.transaction.id).toBe(payment.transactionId);
    expect(many(r.associatedTransactionsList?.associatedTransactions)).toHaveLength(3);
  });

  it('getTransactionDetails of a refund: the refund, pointing at its payment', async () => {
    const r = await call('ExtendedAPI', 'getTransactionDetails', { version: '34', transactionId: refundIds[0] });
    expect(r.result.code).toBe('00000');
    expect(r.transaction.id).toBe(refundIds[0]);
    expect(r.transaction.type).toBe('REFUND');
    expect(r.payment).toMatchObject({ amount: '5000', action: '421' });
    const associated = many(r.associatedTransactionsList?.associatedTransactions);
    expect(associated.map((t) => t.transactionId)).toEqual([payment.transactionId]);
  });

  it('getTransactionDetails of an unknown id: 02301', async () => {
    const r = await call('ExtendedAPI', 'getTransactionDetails', { version: '34', transactionId: 'G00000000000000000' });
    expect(r.result.code).toBe('02301');
  });

  it('doReset: 01917, saying to use doRefund', async () => {
    const r = await call('DirectPaymentAPI', 'doReset', { version: '34', transactionID: payment.transactionId, comment: 'cancel' });
    expect(r.result.code).toBe('01917');
    expect(r.result.shortMessage).toBe('REFUSED');
    expect(r.result.longMessage).toContain('doRefund');
  });

  it("doRefund of another merchant's payment: 02301", async () => {
    const other = await client('DirectPaymentAPI', OTHER_MERCHANT_ID, OTHER_ACCESS_KEY);
    const r = await call('DirectPaymentAPI', 'doRefund', refundArgs(payment.transactionId, '100'), other);
    expect(r.result.code).toBe('02301');
    expect(r.result.longMessage).toContain('transactionID');
  });
});

describe('doRefund after 180 days (POST /_simulator/clock/advance)', () => {
  it('181 days after the payment: refused with 02314', async () => {
    const { transactionId } = await acceptedPayment('9900');
    const advanced = await admin('/_simulator/clock/advance', { seconds: 181 * 86400 });
    expect(advanced.status).toBe(200);
    const r = await call('DirectPaymentAPI', 'doRefund', refundArgs(transactionId, '100'));
    expect(r.result.code).toBe('02314');
    expect(r.result.longMessage).toContain('180');
    // the lifecycle's payment too (900 were left to refund)
    const late = await call('DirectPaymentAPI', 'doRefund', refundArgs(payment.transactionId, '100'));
    expect(late.result.code).toBe('02314');
    const details = await call('ExtendedAPI', 'getTransactionDetails', { version: '34', transactionId: payment.transactionId });
    const associated = many(details.associatedTransactionsList?.associatedTransactions);
    expect(associated).toHaveLength(4);
    expect(associated.filter((t) => t.status === 'ACCEPTED').map((t) => t.amount)).toEqual(['5000', '4000']);
    // dated on the simulator's clock: 181 days after the payment
    const history = many(details.statusHistoryList?.statusHistory);
    expect(history).toHaveLength(5);
    const days = (shortDateMs(history[4].date) - shortDateMs(history[0].date)) / 86_400_000;
    expect(days).toBeGreaterThan(180.9);
    expect(days).toBeLessThan(181.1);

    // a payment made now is refundable again
    const fresh = await acceptedPayment('9900');
    const ok = await call('DirectPaymentAPI', 'doRefund', refundArgs(fresh.transactionId, '100'));
    expect(ok.result.code).toBe('00000');
  });
});

describe('getMerchantSettings and getEncryptionKey', () => {
  it('getMerchantSettings: POS1 with the BANCONTACT contract', async () => {
    const r = await call('DirectPaymentAPI', 'getMerchantSettings', { version: '34' });
    expect(r.result.code).toBe('00000');
    const pos = many(r.listPointOfSell?.pointOfSell);
    expect(pos).toHaveLength(1);
    expect(pos[0].label).toBe('POS1');
    const contracts = many(pos[0].contracts?.contract);
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toMatchObject({ contractNumber: 'BANCONTACT', cardType: 'BANCONTACT_MNXT', currency: '978', label: 'BANCONTACT_MNXT' });
  });

  it('getEncryptionKey: 00000 with a key', async () => {
    const r = await call('DirectPaymentAPI', 'getEncryptionKey', { version: '34', merchantKeyName: 'woocommerce' });
    expect(r.result.code).toBe('00000');
    expect(r.key).toBeDefined();
    expect(r.key.modulus).toMatch(/^[0-9a-f]{256,}$/);
    expect(r.key.publicExponent).toMatch(/^[0-9a-f]+$/);
  });
});

describe('errors', () => {
  it.each(APIS)('wrong credentials on %s: HTTP 401', async (api) => {
    const wrong = await client(api, MERCHANT_ID, 'WRONGKEY');
    const op = api === 'WebPaymentAPI' ? 'getWebPaymentDetails' : api === 'DirectPaymentAPI' ? 'getMerchantSettings' : 'getTransactionDetails';
    const error: Soapy = await call(api, op, { version: '34', token: 'x', transactionId: 'x' }, wrong).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'the call should fail').toBeDefined();
    expect(error.response?.status).toBe(401);

    // and raw: no credentials, unknown merchant
    const noAuth = await fetch(`${sim.url}/V4/services/${api}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<x/>' });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Basic/);
    const unknown = await post(api, '<x/>', `99999999999999:${ACCESS_KEY}`);
    expect(unknown.status).toBe(401);
  });

  it('doRefund sent to WebPaymentAPI: a SOAP fault naming DirectPaymentAPI', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com">' +
      '<soapenv:Body><impl:doRefundRequest><impl:version>34</impl:version><impl:transactionID>G24011910351053102</impl:transactionID>' +
      '<impl:payment><obj:amount>100</obj:amount><obj:currency>978</obj:currency><obj:action>421</obj:action><obj:mode>CPT</obj:mode></impl:payment>' +
      '</impl:doRefundRequest></soapenv:Body></soapenv:Envelope>';
    const r = await post('WebPaymentAPI', xml, undefined, 'doRefund');
    expect(r.status).toBe(500);
    expect(r.text).toContain('Fault>');
    expect(tag(r.text, 'faultcode')).toBe('soapenv:Client');
    const faultstring = tag(r.text, 'faultstring') ?? '';
    expect(faultstring).toContain('doRefund');
    expect(faultstring).toContain('DirectPaymentAPI');
  });

  it('a DirectPaymentAPI client pointed at the WebPaymentAPI endpoint: the fault says where doRefund belongs', async () => {
    const misdirected = await client('DirectPaymentAPI');
    misdirected.setEndpoint(`${sim.url}/V4/services/WebPaymentAPI`);
    const error: Soapy = await call('DirectPaymentAPI', 'doRefund', refundArgs('G24011910351053102', '100'), misdirected).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'the call should fail').toBeDefined();
    expect(error.response?.status).toBe(500);
    const fault = error.root?.Envelope?.Body?.Fault;
    expect(fault?.faultcode).toBe('soapenv:Client');
    expect(fault?.faultstring).toBe('Operation doRefund belongs to DirectPaymentAPI: send it to /V4/services/DirectPaymentAPI');
  });
});

describe('raw XML as Magento sends it (PHP SDK 4.77)', () => {
  /** Magento's doRefund through the PHP SDK: empty version, nil and empty elements, no prefix on privateDataList. */
  function magentoRefund(transactionID: string, amount: string): string {
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://impl.ws.payline.experian.com" xmlns:ns2="http://obj.ws.payline.experian.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<SOAP-ENV:Body><ns1:doRefundRequest>' +
      '<ns1:version></ns1:version>' +
      `<ns1:transactionID>${transactionID}</ns1:transactionID>` +
      `<ns1:payment><ns2:amount>${amount}</ns2:amount><ns2:currency>978</ns2:currency><ns2:action>421</ns2:action><ns2:mode>CPT</ns2:mode><ns2:contractNumber>BANCONTACT</ns2:contractNumber>` +
      '<ns2:differedActionDate xsi:nil="true"/><ns2:method xsi:nil="true"/><ns2:softDescriptor xsi:nil="true"/><ns2:cardBrand xsi:nil="true"/><ns2:registrationToken xsi:nil="true"/><ns2:cumulatedAmount xsi:nil="true"/></ns1:payment>' +
      '<ns1:comment>Credit memo for order 000000042</ns1:comment>' +
      '<ns1:privateDataList/>' +
      '<ns1:sequenceNumber/>' +
      '<ns1:media/>' +
      '<ns1:details xsi:nil="true"/>' +
      '<ns1:miscData xsi:nil="true"/>' +
      '</ns1:doRefundRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>\n'
    );
  }

  function magentoReset(transactionID: string): string {
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://impl.ws.payline.experian.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<SOAP-ENV:Body><ns1:doResetRequest>' +
      '<ns1:version></ns1:version>' +
      `<ns1:transactionID>${transactionID}</ns1:transactionID>` +
      '<ns1:comment>Cancel order 000000042</ns1:comment>' +
      '<ns1:media></ns1:media>' +
      '<ns1:amount xsi:nil="true"/><ns1:currency xsi:nil="true"/><ns1:privateDataList xsi:nil="true"/><ns1:sequenceNumber xsi:nil="true"/>' +
      '</ns1:doResetRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>\n'
    );
  }

  it('doRefund: accepted, then refused when exceeding; the response is a doRefundResponse', async () => {
    const { transactionId } = await acceptedPayment('9900');
    const ok = await post('DirectPaymentAPI', magentoRefund(transactionId, '9000'), undefined, 'doRefund');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('doRefundResponse');
    expect(tag(ok.text, 'code')).toBe('00000');
    expect(tag(ok.text, 'shortMessage')).toBe('ACCEPTED');
    expect(tag(ok.text, 'id')).toMatch(/^\d{14}$/);
    expect(tag(ok.text, 'date')).toMatch(/^\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);

    const tooMuch = await post('DirectPaymentAPI', magentoRefund(transactionId, '1000'), undefined, 'doRefund');
    expect(tooMuch.status).toBe(200);
    expect(tag(tooMuch.text, 'code')).toBe('02613');

    const details = await call('ExtendedAPI', 'getTransactionDetails', { version: '34', transactionId });
    const associated = many(details.associatedTransactionsList?.associatedTransactions);
    expect(associated.map((t) => [t.amount, t.status === 'ACCEPTED'])).toEqual([
      ['9000', true],
      ['1000', false],
    ]);
  });

  it('doRefund of an unknown transaction: 02301 in HTTP 200', async () => {
    const r = await post('DirectPaymentAPI', magentoRefund('G99999999999999999', '100'), undefined, 'doRefund');
    expect(r.status).toBe(200);
    expect(tag(r.text, 'code')).toBe('02301');
    expect(tag(r.text, 'longMessage')).toContain('transactionID');
  });

  it('doReset: 01917, telling to use doRefund (Magento then falls back to doRefund)', async () => {
    const { transactionId } = await acceptedPayment('9900');
    const r = await post('DirectPaymentAPI', magentoReset(transactionId), undefined, 'doReset');
    expect(r.status).toBe(200);
    expect(r.text).toContain('doResetResponse');
    expect(tag(r.text, 'code')).toBe('01917');
    expect(tag(r.text, 'longMessage')).toContain('doRefund');

    const fallback = await post('DirectPaymentAPI', magentoRefund(transactionId, '9900'), undefined, 'doRefund');
    expect(tag(fallback.text, 'code')).toBe('00000');
  });
});

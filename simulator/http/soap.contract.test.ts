/**
 * Contract tests of the SOAP WebPaymentAPI against a running simulator, as real
 * clients see it: the npm `soap` client built from the served WSDL, and raw
 * HTTP requests shaped like what the PHP and Java SDKs send.
 */
import { XMLParser } from 'fast-xml-parser';
import soap from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from '../fixtures/load.js';
import type { Fixtures } from '../fixtures/model.js';
import { startSimulator, type RunningSimulator } from '../server.js';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const IMPL = 'http://impl.ws.payline.experian.com';
const OBJ = 'http://obj.ws.payline.experian.com';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const DEMO = { id: '12345678901234', key: 'DEMOACCESSKEY' };
const WORKER1 = { id: '12345678900001', key: 'WORKERKEY01' };
const NO_SHOP_NAME = { id: '12345678900099', key: 'NOSHOPNAMEKEY' };
type Creds = { id: string; key: string };

/** Element order of the responses, written down from the official WSDL (not read from schema.ts). */
const ORDER = {
  doWebPaymentResponse: ['result', 'token', 'redirectURL', 'stepCode', 'reqCode', 'method'],
  getWebPaymentDetailsResponse: [
    'result', 'transaction', 'payment', 'authorization', 'privateDataList', 'paymentRecordId', 'billingRecordList', 'authentication3DSecure',
    'card', 'extendedCard', 'order', 'paymentAdditionalList', 'media', 'numberOfAttempt', 'wallet', 'contractNumberWalletList', 'contractNumber',
    'bankAccountData', 'subMerchant', 'buyer', 'linkedTransactionId', 'travelFileNumber',
  ],
  result: ['code', 'shortMessage', 'longMessage', 'partnerCode', 'partnerCodeLabel'],
  transaction: [
    'id', 'date', 'isDuplicated', 'isPossibleFraud', 'fraudResult', 'fraudResultDetails', 'explanation', 'threeDSecure', 'softDescriptor', 'score',
    'scoring', 'externalWalletType', 'externalWalletContractNumber', 'partnerAdditionalData', 'avs', 'customerId', 'type', 'orderReference',
    'payment', 'pointOfSell', 'card', 'extendedCard',
  ],
  payment: ['amount', 'currency', 'action', 'mode', 'contractNumber', 'differedActionDate', 'method', 'softDescriptor', 'cardBrand', 'registrationToken', 'cumulatedAmount'],
  authorization: ['number', 'date', 'authorizedAmount', 'authorizedCurrency', 'reattempt'],
  privateData: ['key', 'value'],
  card: ['number', 'type', 'expirationDate', 'cardholder', 'token', 'panType'],
  order: [
    'ref', 'origin', 'country', 'taxes', 'amount', 'currency', 'date', 'details', 'deliveryTime', 'deliveryMode', 'deliveryExpectedDate',
    'deliveryExpectedDelay', 'deliveryCharge', 'discountAmount', 'otaPackageType', 'otaDestinationCountry', 'bookingReference', 'orderDetail',
    'orderExtended', 'orderOTA',
  ],
  bankAccountData: ['countryCode', 'bankCode', 'accountNumber', 'key'],
  buyer: [
    'title', 'lastName', 'firstName', 'email', 'shippingAdress', 'billingAddress', 'accountCreateDate', 'accountAverageAmount', 'accountOrderCount',
    'walletId', 'walletDisplayed', 'walletSecured', 'walletCardInd', 'ip', 'mobilePhone', 'customerId', 'legalStatus', 'legalDocumentType',
    'legalDocument', 'birthDate', 'fingerprintID', 'deviceFingerprint', 'isBot', 'isIncognito', 'isBehindProxy', 'isFromTor', 'isEmulator',
    'isRooted', 'hasTimezoneMismatch', 'loyaltyMemberType', 'buyerExtended', 'merchantAuthentication',
  ],
  address: [
    'title', 'name', 'firstName', 'lastName', 'street1', 'street2', 'streetNumber', 'cityName', 'zipCode', 'country', 'phone', 'state', 'county',
    'phoneType', 'addressCreateDate', 'email',
  ],
} as const;

const TOKEN = /^1[A-Za-z0-9]{19}\d{13}$/;
const LONG_DATE = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;
const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const MASKED_IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]*X{4,}[A-Z0-9]*$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** A valid doWebPayment request, as a shop module sends it (fresh copy each call). */
function validRequest(): Obj {
  return {
    version: '34',
    payment: { amount: '1000', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
    returnURL: 'https://shop.example/?wc-api=Gateway&url_type=return',
    cancelURL: 'https://shop.example/?wc-api=Gateway&url_type=cancel',
    order: { ref: '0042', country: 'BE', amount: '1000', currency: '978', date: '19/01/2024 10:30' },
    notificationURL: 'https://shop.example/?wc-api=Gateway&url_type=notification',
    selectedContractList: { selectedContract: ['BANCONTACT'] },
    privateDataList: {
      privateData: [
        { key: 'OrderSaleChannel', value: 'DESKTOP' },
        { key: 'id_cart', value: '0077' },
      ],
    },
    languageCode: 'fr',
    buyer: { lastName: 'Dupont', firstName: 'Jean', email: 'jean.dupont@example.com', mobilePhone: '0470000000' },
  };
}

/** Removes a dotted path from a request. */
function without(req: Obj, path: string): Obj {
  const parts = path.split('.');
  let cur = req;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Obj;
  delete cur[parts.at(-1)!];
  return req;
}

/** Sets a dotted path of a request. */
function withValue(req: Obj, path: string, value: unknown): Obj {
  const parts = path.split('.');
  let cur = req;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Obj;
  cur[parts.at(-1)!] = value;
  return req;
}

/** A node-soap client of one merchant, remembering the HTTP status of its last response. */
interface Tracked {
  client: soap.Client;
  lastStatus(): number | undefined;
}

async function soapClient(sim: RunningSimulator, creds?: Creds): Promise<Tracked> {
  const client = await soap.createClientAsync(`${sim.url}/V4/services/WebPaymentAPI?wsdl`);
  if (creds) client.setSecurity(new soap.BasicAuthSecurity(creds.id, creds.key));
  let status: number | undefined;
  client.on('response', (_body: unknown, response: { status?: number } | null) => {
    status = response?.status;
  });
  return { client, lastStatus: () => status };
}

async function doWebPayment(c: Tracked, req: Obj): Promise<Obj> {
  const [res] = (await c.client['doWebPaymentAsync'](req)) as [Obj];
  return res;
}

async function details(c: Tracked, token: string): Promise<Obj> {
  const [res] = (await c.client['getWebPaymentDetailsAsync']({ version: '34', token })) as [Obj];
  return res;
}

async function finish(sim: RunningSimulator, token: string, code: string): Promise<void> {
  const r = await fetch(`${sim.url}/_simulator/sessions/${encodeURIComponent(token)}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(r.status, await r.clone().text()).toBe(200);
}

/** The error a promise rejects with (fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<Obj> {
  try {
    await p;
  } catch (e) {
    return e as Obj;
  }
  throw new Error('expected the call to be rejected');
}

function expectRefused(res: Obj, field: string, codes: string[] = ['02308', '02305']): void {
  expect(codes, JSON.stringify(res.result)).toContain(res.result?.code);
  expect(res.result.shortMessage).toBe('ERROR');
  expect(res.result.longMessage).toContain(field);
  expect(res.token ?? undefined).toBeUndefined();
  expect(res.redirectURL ?? undefined).toBeUndefined();
}

// ---------------------------------------------------------------------------
// Raw HTTP

function basic(creds: Creds): string {
  return `Basic ${Buffer.from(`${creds.id}:${creds.key}`).toString('base64')}`;
}

async function post(sim: RunningSimulator, body: string, headers: Record<string, string> = {}, creds: Creds | null = DEMO): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...(creds && { authorization: basic(creds) }), ...headers },
    body,
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

type Ordered = Record<string, unknown>[];
const orderedParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });

function tagOf(node: Record<string, unknown>): string {
  return Object.keys(node).find((k) => k !== ':@')!;
}

/** The ordered children of the element at a path of qualified names. */
function orderedChildren(nodes: Ordered, path: string[]): Ordered {
  let cur = nodes;
  for (const name of path) {
    const next = cur.find((n) => tagOf(n) === name);
    if (!next) throw new Error(`no element ${name} (have ${cur.map(tagOf).join(', ')})`);
    cur = next[name] as Ordered;
  }
  return cur.filter((n) => tagOf(n) !== '#text');
}

/** Fails unless `names` appear in the order of `order` (each at most once). */
function expectInOrder(names: string[], order: readonly string[], what: string): void {
  const idx = names.map((n) => order.indexOf(n));
  expect(idx.filter((i) => i < 0).length, `${what}: unknown elements in ${names.join(', ')}`).toBe(0);
  for (let i = 1; i < idx.length; i++) expect(idx[i]!, `${what}: ${names.join(', ')}`).toBeGreaterThan(idx[i - 1]!);
}

/** Local names of the children, checking their prefix. */
function localNames(children: Ordered, prefix: string): string[] {
  return children.map((n) => {
    const [p, local] = tagOf(n).split(':');
    expect(p, tagOf(n)).toBe(prefix);
    return local!;
  });
}

function faultOf(xml: string): { faultcode: string; faultstring: string } {
  const doc = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml) as Obj;
  const fault = doc?.['Envelope']?.['Body']?.['Fault'] as Obj | undefined;
  if (!fault) throw new Error(`not a SOAP Fault: ${xml.slice(0, 300)}`);
  return { faultcode: String(fault['faultcode']), faultstring: String(fault['faultstring']) };
}

/** A getWebPaymentDetails request as PHP SoapClient writes it. */
function phpDetailsRequest(token: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}" xmlns:ns1="${IMPL}"><SOAP-ENV:Body>` +
    `<ns1:getWebPaymentDetailsRequest><ns1:version>34</ns1:version><ns1:token>${token}</ns1:token></ns1:getWebPaymentDetailsRequest>` +
    `</SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

/** A doWebPayment request shaped like PHP SDK 4.77's (prefixes, xsi:nil on every optional element, empty required ones). */
function phpDoWebPaymentRequest(): string {
  const nil = (p: string, names: string[]) => names.map((n) => `<${p}:${n} xsi:nil="true"/>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}" xmlns:ns1="${IMPL}" xmlns:ns2="${OBJ}" xmlns:xsi="${XSI}"><SOAP-ENV:Body><ns1:doWebPaymentRequest>` +
    `<ns1:version>34</ns1:version>` +
    `<ns1:payment><ns2:amount>2500</ns2:amount><ns2:currency>978</ns2:currency><ns2:action>101</ns2:action><ns2:mode>CPT</ns2:mode><ns2:contractNumber>BANCONTACT</ns2:contractNumber>` +
    nil('ns2', ['differedActionDate', 'method', 'softDescriptor', 'cardBrand', 'registrationToken', 'cumulatedAmount']) +
    `</ns1:payment>` +
    `<ns1:returnURL>https://shop.example/checkout/return/</ns1:returnURL><ns1:cancelURL>https://shop.example/checkout/cancel/</ns1:cancelURL>` +
    `<ns1:order><ns2:ref>000000777</ns2:ref><ns2:origin xsi:nil="true"/><ns2:country>BE</ns2:country><ns2:taxes>434</ns2:taxes><ns2:amount>2500</ns2:amount><ns2:currency>978</ns2:currency><ns2:date>02/02/2024 09:15</ns2:date>` +
    `<ns2:details><ns2:details><ns2:ref>TSHIRT-M</ns2:ref><ns2:price>2500</ns2:price><ns2:quantity>1</ns2:quantity><ns2:comment>T-shirt</ns2:comment>` +
    nil('ns2', ['category', 'brand', 'subcategory1', 'subcategory2', 'additionalData']) +
    `<ns2:taxRate>2100</ns2:taxRate>` +
    nil('ns2', ['seller', 'sellerType']) +
    `</ns2:details></ns2:details>` +
    nil('ns2', ['deliveryTime', 'deliveryMode', 'deliveryExpectedDate', 'deliveryExpectedDelay', 'deliveryCharge', 'discountAmount', 'otaPackageType', 'otaDestinationCountry', 'bookingReference', 'orderDetail', 'orderExtended', 'orderOTA']) +
    `</ns1:order>` +
    `<ns1:notificationURL>https://shop.example/checkout/notify/</ns1:notificationURL>` +
    `<ns1:selectedContractList><ns2:selectedContract>BANCONTACT</ns2:selectedContract></ns1:selectedContractList>` +
    `<ns1:secondSelectedContractList xsi:nil="true"/>` +
    `<ns1:privateDataList><ns2:privateData><ns2:key>OrderSaleChannel</ns2:key><ns2:value>DESKTOP</ns2:value></ns2:privateData></ns1:privateDataList>` +
    `<ns1:languageCode>nl</ns1:languageCode><ns1:customPaymentPageCode xsi:nil="true"/>` +
    `<ns1:buyer><ns2:title xsi:nil="true"/><ns2:lastName>Peeters</ns2:lastName><ns2:firstName>An</ns2:firstName><ns2:email>an.peeters@example.be</ns2:email>` +
    `<ns2:shippingAdress>${nil('ns2', [...ORDER.address])}</ns2:shippingAdress>` +
    `<ns2:billingAddress>${nil('ns2', ['title', 'name'])}<ns2:firstName>An</ns2:firstName><ns2:lastName>Peeters</ns2:lastName><ns2:street1>Grote Markt 1</ns2:street1>` +
    nil('ns2', ['street2', 'streetNumber']) +
    `<ns2:cityName>Antwerpen</ns2:cityName><ns2:zipCode>2000</ns2:zipCode><ns2:country>BE</ns2:country>` +
    nil('ns2', ['phone', 'state', 'county', 'phoneType', 'addressCreateDate', 'email']) +
    `</ns2:billingAddress>` +
    nil('ns2', ['accountCreateDate', 'accountAverageAmount', 'accountOrderCount', 'walletId', 'walletDisplayed', 'walletSecured', 'walletCardInd', 'ip']) +
    `<ns2:mobilePhone>0470123456</ns2:mobilePhone><ns2:customerId>an.peeters@example.be</ns2:customerId>` +
    nil('ns2', ['legalStatus', 'legalDocumentType', 'legalDocument', 'birthDate', 'fingerprintID', 'deviceFingerprint', 'isBot', 'isIncognito', 'isBehindProxy', 'isFromTor', 'isEmulator', 'isRooted', 'hasTimezoneMismatch', 'loyaltyMemberType', 'buyerExtended']) +
    `<ns2:merchantAuthentication><ns2:method xsi:nil="true"/><ns2:date xsi:nil="true"/></ns2:merchantAuthentication>` +
    `</ns1:buyer>` +
    `<ns1:owner><ns2:lastName xsi:nil="true"/><ns2:firstName xsi:nil="true"/><ns2:billingAddress xsi:type="ns2:billingAddress"><street/><cityName/><zipCode/><country/><phone/></ns2:billingAddress><ns2:issueCardDate xsi:nil="true"/></ns1:owner>` +
    `<ns1:securityMode xsi:nil="true"/>` +
    `<ns1:recurring><ns2:firstAmount xsi:nil="true"/><ns2:amount/><ns2:billingCycle/><ns2:billingLeft/>` +
    nil('ns2', ['billingDay', 'startDate', 'endDate', 'newAmount', 'amountModificationDate', 'billingRank']) +
    `</ns1:recurring>` +
    nil('ns1', ['customPaymentTemplateURL', 'contractNumberWalletList', 'merchantName']) +
    `<ns1:subMerchant><ns2:subMerchantId/><ns2:subMerchantName xsi:nil="true"/><ns2:subMerchantMCC/>` +
    nil('ns2', ['subMerchantSIRET', 'subMerchantTaxCode', 'subMerchantStreet', 'subMerchantCity', 'subMerchantZipCode', 'subMerchantCountry', 'subMerchantState', 'subMerchantEmailAddress', 'subMerchantPhoneNumber']) +
    `</ns1:subMerchant>` +
    nil('ns1', ['miscData', 'asynchronousRetryTimeout']) +
    `<ns1:threeDSInfo>${nil('ns2', ['challengeInd', 'threeDSReqPriorAuthData'])}<ns2:browser>${nil('ns2', ['acceptHeader', 'javaEnabled', 'userAgent'])}</ns2:browser><ns2:sdk>${nil('ns2', ['appID', 'transID'])}</ns2:sdk>${nil('ns2', ['challengeWindowSize'])}</ns1:threeDSInfo>` +
    nil('ns1', ['merchantScore', 'skipSmartDisplay']) +
    `</ns1:doWebPaymentRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

/** A doWebPayment request shaped like the Java SDK's (JAX-WS: default namespace obj, ns2 for impl, inline xsi declarations). */
function javaDoWebPaymentRequest(): string {
  const nil = (name: string) => `<${name} xmlns:xsi="${XSI}" xsi:nil="true"/>`;
  return (
    `<S:Envelope xmlns:S="${SOAP11}">\n  <S:Body>\n    <ns2:doWebPaymentRequest xmlns="${OBJ}" xmlns:ns2="${IMPL}">\n` +
    `      <ns2:version>34</ns2:version>\n` +
    `      <ns2:payment>\n        <amount>1500</amount>\n        <currency>978</currency>\n        <action>101</action>\n        <mode>CPT</mode>\n` +
    `        <contractNumber>BANCONTACT</contractNumber>\n        ${nil('registrationToken')}\n      </ns2:payment>\n` +
    `      <ns2:returnURL>http://shop.example/return</ns2:returnURL>\n      <ns2:cancelURL>http://shop.example/cancel</ns2:cancelURL>\n` +
    `      <ns2:order>\n        <ref>J-2024-001</ref>\n        ${nil('country')}\n        <amount>1500</amount>\n        <currency>978</currency>\n` +
    `        <date>03/03/2024 12:00</date>\n        ${nil('details')}\n      </ns2:order>\n` +
    `      <ns2:notificationURL>http://shop.example/notify</ns2:notificationURL>\n` +
    `      <ns2:selectedContractList>\n        <selectedContract>BANCONTACT</selectedContract>\n      </ns2:selectedContractList>\n` +
    `      <ns2:privateDataList>\n        <privateData>\n          <key>source</key>\n          <value>java</value>\n        </privateData>\n      </ns2:privateDataList>\n` +
    `      <ns2:buyer>\n        ${nil('title')}\n        <lastName>Janssens</lastName>\n        <firstName>Piet</firstName>\n        <email>piet@example.be</email>\n` +
    `        ${nil('walletId')}\n        ${nil('merchantAuthentication')}\n      </ns2:buyer>\n` +
    `      ${nil('ns2:owner')}\n      ${nil('ns2:threeDSInfo')}\n      ${nil('ns2:skipSmartDisplay')}\n` +
    `    </ns2:doWebPaymentRequest>\n  </S:Body>\n</S:Envelope>`
  );
}

// ---------------------------------------------------------------------------

describe('SOAP WebPaymentAPI contract (node-soap client from the served WSDL)', () => {
  let sim: RunningSimulator;
  let demo: Tracked;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
    demo = await soapClient(sim, DEMO);
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** A new pending session of the demo merchant (or another one). */
  async function newSession(req: Obj = validRequest(), c: Tracked = demo): Promise<string> {
    const res = await doWebPayment(c, req);
    expect(res.result.code, JSON.stringify(res.result)).toBe('00000');
    return res.token as string;
  }

  describe('doWebPayment', () => {
    it('accepts a valid request: 00000, a token, and a redirectURL to the simulator page', async () => {
      const res = await doWebPayment(demo, validRequest());
      expect(demo.lastStatus()).toBe(200);
      expect(res.result).toMatchObject({ code: '00000', shortMessage: 'ACCEPTED' });
      expect(res.token).toHaveLength(33);
      expect(res.token).toMatch(TOKEN);
      expect(res.redirectURL).toBe(`${sim.url}/v2/?token=${res.token}`);
      const url = new URL(res.redirectURL as string);
      expect(url.origin).toBe(new URL(sim.url).origin);
      expect(url.pathname).toBe('/v2/');
      expect(url.searchParams.get('token')).toBe(res.token);
    });

    it('gives every session its own token', async () => {
      const tokens = new Set<string>();
      for (let i = 0; i < 5; i++) tokens.add(await newSession());
      expect(tokens.size).toBe(5);
    });

    it.each(['payment.action', 'payment.mode', 'payment.amount', 'order.amount', 'order.currency', 'buyer.firstName', 'buyer.lastName', 'buyer.email'])(
      'refuses a request without %s: HTTP 200, ERROR naming the field, no token',
      async (field) => {
        const res = await doWebPayment(demo, without(validRequest(), field));
        expect(demo.lastStatus()).toBe(200);
        expectRefused(res, field);
      },
    );

    it('refuses payment.action 100 (Bancontact is 101 only), naming payment.action', async () => {
      expectRefused(await doWebPayment(demo, withValue(validRequest(), 'payment.action', '100')), 'payment.action');
    });

    it('refuses payment.mode DIF, naming payment.mode', async () => {
      expectRefused(await doWebPayment(demo, withValue(validRequest(), 'payment.mode', 'DIF')), 'payment.mode');
    });

    it('refuses order.amount lower than payment.amount, naming order.amount', async () => {
      const req = withValue(validRequest(), 'order.amount', '999');
      expectRefused(await doWebPayment(demo, req), 'order.amount');
    });

    it('accepts order.amount greater than payment.amount', async () => {
      await newSession(withValue(validRequest(), 'order.amount', '1500'));
    });

    const ENORMOUS = '9'.repeat(40);
    it.each([
      ['payment.amount', '10.50'],
      ['payment.amount', '-5'],
      ['payment.amount', 'abc'],
      ['payment.amount', ENORMOUS],
      ['order.amount', '10.50'],
      ['order.amount', '-5'],
      ['order.amount', 'abc'],
      ['order.amount', ENORMOUS],
    ])('refuses %s %s, naming the field', async (field, value) => {
      const res = await doWebPayment(demo, withValue(validRequest(), field, value));
      expect(demo.lastStatus()).toBe(200);
      expectRefused(res, field);
    });

    it.each(['ftp://x', 'not a url'])('refuses returnURL %j, naming returnURL', async (value) => {
      expectRefused(await doWebPayment(demo, withValue(validRequest(), 'returnURL', value)), 'returnURL');
    });

    it('refuses an unknown contract with 02303', async () => {
      const req = withValue(validRequest(), 'payment.contractNumber', 'NOSUCHCONTRACT');
      req['selectedContractList'] = { selectedContract: ['NOSUCHCONTRACT'] };
      const res = await doWebPayment(demo, req);
      expect(res.result.code).toBe('02303');
      expect(res.result.shortMessage).toBe('ERROR');
      expect(res.token ?? undefined).toBeUndefined();
    });
  });

  describe('getWebPaymentDetails', () => {
    it('answers an unknown token with 02304', async () => {
      const res = await details(demo, `1${'Z'.repeat(19)}0000000000000`);
      expect(demo.lastStatus()).toBe(200);
      expect(res.result).toMatchObject({ code: '02304', shortMessage: 'ERROR' });
    });

    it('answers a pending session with 02306 INPROGRESS', async () => {
      const token = await newSession();
      const res = await details(demo, token);
      expect(res.result).toMatchObject({ code: '02306', shortMessage: 'INPROGRESS' });
    });

    it('answers a paid session with 00000 and the Bancontact details', async () => {
      const token = await newSession();
      await finish(sim, token, '00000');
      const res = await details(demo, token);

      expect(res.result).toMatchObject({ code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });

      const tx = res.transaction as Obj;
      expect(tx.id).toHaveLength(18);
      expect(tx.date).toMatch(LONG_DATE);

      expect(res.payment).toMatchObject({ amount: '1000', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' });
      expect(res.order).toMatchObject({ ref: '0042', amount: '1000', currency: '978' });
      expect(typeof res.order.ref).toBe('string');
      expect(res.buyer).toMatchObject({ lastName: 'Dupont', firstName: 'Jean', email: 'jean.dupont@example.com' });
      expect(res.privateDataList.privateData).toEqual([
        { key: 'OrderSaleChannel', value: 'DESKTOP' },
        { key: 'id_cart', value: '0077' },
      ]);

      expect(typeof tx.partnerAdditionalData).toBe('string');
      const pad = JSON.parse(tx.partnerAdditionalData as string) as Obj;
      expect(pad.cardMaskedPan).toMatch(/^\d{6}X+\d{4}$/);
      expect(pad.cardExpiry).toMatch(/^(0[1-9]|1[0-2])\/\d{2}$/);
      expect(pad.transactionFlow).toBe('ecommerce');

      expect(res.bankAccountData.bankCode).toMatch(BIC);
      expect(res.bankAccountData.accountNumber).toMatch(MASKED_IBAN);

      expect(res.card.number).toBe(pad.cardMaskedPan);
      expect(res.card.type).toBe('BANCONTACT_MNXT');
      expect(res.card.expirationDate).toBe((pad.cardExpiry as string).replace('/', ''));

      expect(res.authorization.number).toMatch(/^\w+$/);
      expect(res.authorization.date).toMatch(LONG_DATE);
      expect(res.contractNumber).toBe('BANCONTACT');
    });

    it('uses payment.softDescriptor as the soft descriptor when sent', async () => {
      const token = await newSession(withValue(validRequest(), 'payment.softDescriptor', 'MYSHOP BE'));
      await finish(sim, token, '00000');
      const res = await details(demo, token);
      expect(res.transaction.softDescriptor).toBe('MYSHOP BE');
      expect(res.payment.softDescriptor).toBe('MYSHOP BE');
    });

    it("falls back to the contract's shop name (DemoShop)", async () => {
      const token = await newSession();
      await finish(sim, token, '00000');
      const res = await details(demo, token);
      expect(res.transaction.softDescriptor).toBe('DemoShop');
      expect(res.payment.softDescriptor).toBe('DemoShop');
    });

    it("falls back to the merchant's shop name when the contract has none (MERCHANTSHOP)", async () => {
      const c = await soapClient(sim, NO_SHOP_NAME);
      const token = await newSession(validRequest(), c);
      await finish(sim, token, '00000');
      const res = await details(c, token);
      expect(res.result.code).toBe('00000');
      expect(res.transaction.softDescriptor).toBe('MERCHANTSHOP');
      expect(res.payment.softDescriptor).toBe('MERCHANTSHOP');
    });

    it('answers a session cancelled by the buyer with 02008 CANCELLED', async () => {
      const token = await newSession();
      await finish(sim, token, '02008');
      const res = await details(demo, token);
      expect(res.result).toMatchObject({ code: '02008', shortMessage: 'CANCELLED', longMessage: 'Transaction canceled by user' });
    });

    it("does not show a merchant's sessions to another merchant (02304)", async () => {
      const token = await newSession();
      const worker = await soapClient(sim, WORKER1);
      expect((await details(worker, token)).result.code).toBe('02304');
      await finish(sim, token, '00000');
      expect((await details(worker, token)).result.code).toBe('02304');
      expect((await details(demo, token)).result.code).toBe('00000');
    });
  });

  describe('authentication', () => {
    it.each([
      ['a wrong access key', { id: DEMO.id, key: 'WRONGKEY' }],
      ['an unknown merchant', { id: '99999999999999', key: 'DEMOACCESSKEY' }],
      ['another merchant’s key', { id: DEMO.id, key: WORKER1.key }],
      ['no Authorization header', undefined],
    ])('answers %s with HTTP 401', async (_name, creds) => {
      const c = await soapClient(sim, creds);
      const err = await rejection(doWebPayment(c, validRequest()));
      expect(err.response?.status).toBe(401);
      const err2 = await rejection(details(c, `1${'Z'.repeat(19)}0000000000000`));
      expect(err2.response?.status).toBe(401);
    });
  });
});

describe("a contract of another merchant", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    // the project's fixtures, plus a contract that only worker merchant 02 has
    const base = loadFixtures(DEFAULT_FIXTURES_DIR);
    const fixtures: Fixtures = structuredClone(base);
    const worker2 = fixtures.merchants.find((m) => m.merchantId === '12345678900002')!;
    worker2.contracts.push({ contractNumber: 'WORKER02ONLY', cardCode: 'BANCONTACT_MNXT', label: 'BANCONTACT_MNXT', currency: '978', pointOfSale: 'POS1' });
    sim = await startSimulator({ port: 0, app: { tickMs: 0, fixtures } });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('is refused with 02303', async () => {
    const req = withValue(validRequest(), 'payment.contractNumber', 'WORKER02ONLY');
    req['selectedContractList'] = { selectedContract: ['WORKER02ONLY'] };
    const owner = await soapClient(sim, { id: '12345678900002', key: 'WORKERKEY02' });
    expect((await doWebPayment(owner, req)).result.code).toBe('00000');
    const demo = await soapClient(sim, DEMO);
    const res = await doWebPayment(demo, req);
    expect(res.result.code).toBe('02303');
    expect(res.result.shortMessage).toBe('ERROR');
    expect(res.token ?? undefined).toBeUndefined();
  });
});

describe('SOAP WebPaymentAPI over raw HTTP', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** A doWebPayment envelope with the buyer's fields out of schema order. */
  function plainDoWebPayment(): string {
    return (
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:version>34</impl:version>` +
      `<impl:payment><obj:mode>CPT</obj:mode><obj:action>101</obj:action><obj:currency>978</obj:currency><obj:amount>1000</obj:amount><obj:contractNumber>BANCONTACT</obj:contractNumber></impl:payment>` +
      `<impl:returnURL>https://shop.example/return</impl:returnURL><impl:cancelURL>https://shop.example/cancel</impl:cancelURL>` +
      `<impl:order><obj:date>19/01/2024 10:30</obj:date><obj:currency>978</obj:currency><obj:amount>1000</obj:amount><obj:ref>0042</obj:ref></impl:order>` +
      `<impl:privateDataList><obj:privateData><obj:value>v</obj:value><obj:key>k</obj:key></obj:privateData></impl:privateDataList>` +
      `<impl:buyer><obj:email>jean@example.com</obj:email><obj:firstName>Jean</obj:firstName><obj:lastName>Dupont</obj:lastName></impl:buyer>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`
    );
  }

  async function rawSession(): Promise<string> {
    const r = await post(sim, plainDoWebPayment(), { soapaction: '"doWebPayment"' });
    expect(r.status).toBe(200);
    const token = /<(?:\w+:)?token>([^<]+)</.exec(r.text)?.[1];
    expect(token).toMatch(TOKEN);
    return token!;
  }

  it('writes doWebPaymentResponse with result first, then in schema order', async () => {
    const r = await post(sim, plainDoWebPayment(), { soapaction: '"doWebPayment"' });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/xml/);
    const doc = orderedParser.parse(r.text) as Ordered;
    const env = tagOf(doc.find((n) => tagOf(n).endsWith(':Envelope'))!);
    const envPrefix = env.split(':')[0]!;
    const top = orderedChildren(doc, [env, `${envPrefix}:Body`, 'impl:doWebPaymentResponse']);
    const names = localNames(top, 'impl');
    expect(names[0]).toBe('result');
    expect(names).toEqual(['result', 'token', 'redirectURL']);
    expectInOrder(names, ORDER.doWebPaymentResponse, 'doWebPaymentResponse');
    const result = localNames(orderedChildren(top, ['impl:result']), 'obj');
    expect(result[0]).toBe('code');
    expectInOrder(result, ORDER.result, 'result');
  });

  it('writes getWebPaymentDetailsResponse with result first, then in schema order at every level', async () => {
    const token = await rawSession();
    await finish(sim, token, '00000');
    const r = await post(sim, phpDetailsRequest(token), { soapaction: '"getWebPaymentDetails"' });
    expect(r.status).toBe(200);
    const doc = orderedParser.parse(r.text) as Ordered;
    const env = tagOf(doc.find((n) => tagOf(n).endsWith(':Envelope'))!);
    const top = orderedChildren(doc, [env, `${env.split(':')[0]}:Body`, 'impl:getWebPaymentDetailsResponse']);
    const names = localNames(top, 'impl');
    expect(names[0]).toBe('result');
    expectInOrder(names, ORDER.getWebPaymentDetailsResponse, 'getWebPaymentDetailsResponse');
    for (const expected of ['transaction', 'payment', 'authorization', 'privateDataList', 'card', 'order', 'contractNumber', 'bankAccountData', 'buyer']) {
      expect(names).toContain(expected);
    }
    for (const [name, order] of [
      ['result', ORDER.result],
      ['transaction', ORDER.transaction],
      ['payment', ORDER.payment],
      ['authorization', ORDER.authorization],
      ['card', ORDER.card],
      ['order', ORDER.order],
      ['bankAccountData', ORDER.bankAccountData],
      ['buyer', ORDER.buyer],
    ] as const) {
      const inner = localNames(orderedChildren(top, [`impl:${name}`]), 'obj');
      expect(inner.length, name).toBeGreaterThan(0);
      expectInOrder(inner, order, name);
    }
    // sent as email, firstName, lastName: echoed in the schema's order, the required
    // (nillable) title that was not sent going out as xsi:nil before them
    expect(localNames(orderedChildren(top, ['impl:buyer']), 'obj').slice(0, 4)).toEqual(['title', 'lastName', 'firstName', 'email']);
    expect(r.text).toMatch(/<impl:buyer><obj:title xsi:nil="true"\/>/);
    const pd = orderedChildren(top, ['impl:privateDataList', 'obj:privateData']);
    expect(localNames(pd, 'obj')).toEqual(['key', 'value']);
  });

  it('accepts a PHP-SDK-shaped doWebPayment (SOAP-ENV/ns1/ns2, xsi:nil everywhere, empty recurring amount, unqualified owner address)', async () => {
    const r = await post(sim, phpDoWebPaymentRequest(), { soapaction: '"doWebPayment"', 'user-agent': 'PHP', version: 'Magento 2.4.7 - v1.2.25 - PHP SDK 4.77' });
    expect(r.status, r.text).toBe(200);
    expect(r.text).toMatch(/<obj:code>00000<\/obj:code>/);
    const token = /<impl:token>([^<]+)<\/impl:token>/.exec(r.text)?.[1];
    expect(token).toMatch(TOKEN);
    const d = await post(sim, phpDetailsRequest(token!), { soapaction: '"getWebPaymentDetails"' });
    expect(d.status).toBe(200);
    expect(d.text).toMatch(/<obj:code>02306<\/obj:code>/);
    expect(d.text).toContain('<obj:ref>000000777</obj:ref>');
  });

  it('accepts a Java-SDK-shaped doWebPayment (default namespace obj, ns2 for impl)', async () => {
    const r = await post(sim, javaDoWebPaymentRequest(), { soapaction: '"doWebPayment"', version: '17.0.2 - JAVA SDK v4.77' });
    expect(r.status, r.text).toBe(200);
    expect(r.text).toMatch(/<obj:code>00000<\/obj:code>/);
    expect(/<impl:token>([^<]+)<\/impl:token>/.exec(r.text)?.[1]).toMatch(TOKEN);
  });

  it('accepts a request without a SOAPAction header', async () => {
    const r = await post(sim, plainDoWebPayment());
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/<obj:code>00000<\/obj:code>/);
  });

  it('answers an unknown operation with HTTP 500 and a Client Fault naming it', async () => {
    const body = `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body><impl:doTeleportationRequest><impl:version>34</impl:version></impl:doTeleportationRequest></soapenv:Body></soapenv:Envelope>`;
    const r = await post(sim, body, { soapaction: '"doTeleportation"' });
    expect(r.status).toBe(500);
    expect(r.type).toMatch(/xml/);
    const f = faultOf(r.text);
    expect(f.faultcode).toMatch(/:Client$/);
    expect(f.faultstring).toContain('doTeleportation');
  });

  it('answers an operation of another API with a Fault naming the right endpoint', async () => {
    const body = `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body><impl:doRefundRequest><impl:transactionID>T</impl:transactionID></impl:doRefundRequest></soapenv:Body></soapenv:Envelope>`;
    const r = await post(sim, body, { soapaction: '"doRefund"' });
    expect(r.status).toBe(500);
    const f = faultOf(r.text);
    expect(f.faultstring).toContain('doRefund');
    expect(f.faultstring).toContain('DirectPaymentAPI');
  });

  it.each([
    ['truncated', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><impl:doWebPaymentRequest xmlns:impl="${IMPL}"><impl:version>34`],
    ['mismatched tags', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><a></b></soapenv:Body></soapenv:Envelope>`],
    ['not XML', 'this is not xml at all'],
    ['a billion laughs', `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><x>&b;</x></soapenv:Body></soapenv:Envelope>`],
  ])('answers malformed XML (%s) with HTTP 500 and a Client Fault, not a stack trace', async (_name, body) => {
    const r = await post(sim, body, { soapaction: '"doWebPayment"' });
    expect(r.status).toBe(500);
    expect(r.type).toMatch(/^text\/xml/);
    const f = faultOf(r.text);
    expect(f.faultcode).toMatch(/:Client$/);
    expect(r.text).not.toMatch(/\n\s+at\s|node_modules|\.ts:\d+|\.js:\d+/);
  });

  it('answers an empty body with a Client Fault', async () => {
    const r = await post(sim, '', { soapaction: '"doWebPayment"' });
    expect(r.status).toBe(500);
    expect(faultOf(r.text).faultcode).toMatch(/:Client$/);
  });

  it('answers a body above the limit with HTTP 413', async () => {
    const filler = 'x'.repeat(sim.config.bodyLimit + 1024);
    const body = `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body><impl:getWebPaymentDetailsRequest><impl:token>${filler}</impl:token></impl:getWebPaymentDetailsRequest></soapenv:Body></soapenv:Envelope>`;
    const r = await post(sim, body, { soapaction: '"getWebPaymentDetails"' });
    expect(r.status).toBe(413);
  });

  it.each([
    ['application/json', JSON.stringify({ version: '34', token: 'x' })],
    ['application/x-www-form-urlencoded', 'version=34&token=x'],
  ])('answers Content-Type %s with HTTP 415', async (type, body) => {
    const r = await post(sim, body, { 'content-type': type });
    expect(r.status).toBe(415);
  });

  it('answers a SOAP 1.2 envelope with a VersionMismatch Fault', async () => {
    const body = `<?xml version="1.0"?><env:Envelope xmlns:env="${SOAP12}" xmlns:impl="${IMPL}"><env:Body><impl:getWebPaymentDetailsRequest><impl:version>34</impl:version><impl:token>t</impl:token></impl:getWebPaymentDetailsRequest></env:Body></env:Envelope>`;
    const r = await post(sim, body, { 'content-type': 'application/soap+xml; charset=utf-8; action="getWebPaymentDetails"' });
    expect(r.status).toBe(500);
    const f = faultOf(r.text);
    expect(f.faultcode).toMatch(/:VersionMismatch$/);
  });

  it('answers wrong credentials over raw HTTP with 401 before reading the envelope', async () => {
    expect((await post(sim, plainDoWebPayment(), {}, { id: DEMO.id, key: 'nope' })).status).toBe(401);
    expect((await post(sim, plainDoWebPayment(), {}, null)).status).toBe(401);
    expect((await post(sim, 'garbage', {}, null)).status).toBe(401);
    expect((await post(sim, plainDoWebPayment(), { authorization: 'Bearer abc' }, null)).status).toBe(401);
  });

  it('serves the WSDL on GET ?wsdl, with soap:address pointing at the simulator', async () => {
    const r = await fetch(`${sim.url}/V4/services/WebPaymentAPI?wsdl`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/xml/);
    const xml = await r.text();
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true }).parse(xml) as Obj;
    const service = doc['definitions']['service'] as Obj;
    const port = (Array.isArray(service['port']) ? service['port'][0] : service['port']) as Obj;
    expect(port['address']['@location']).toBe(`${sim.url}/V4/services/WebPaymentAPI`);
    expect(xml).toContain(`targetNamespace="${IMPL}"`);
  });
});

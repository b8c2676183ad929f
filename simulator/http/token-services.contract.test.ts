/**
 * Contract tests of the widget's token services (/services/token/{token}/…) against a running
 * simulator, as the widget on a shop page and Monext's native SDKs call them: the SessionState of
 * each state, CORS and preflights, every bad input, and whole payments through the API (doWebPayment,
 * state, paymentRequest, the partner page or the admin outcome, state, getWebPaymentDetails), the
 * saved card, expiry on the simulator's clock and a refusing scenario. docs/widget-services.md is the
 * contract written down.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from '../fixtures/load.js';
import type { Fixtures } from '../fixtures/model.js';
import { startSimulator, type RunningSimulator } from '../server.js';

const DEMO = { id: '12345678901234', key: 'DEMOACCESSKEY' };
/** A worker merchant whose point of sale redirects automatically at the end (set in fixtures() below). */
const AUTO = { id: '12345678900008', key: 'WORKERKEY08' };
type Creds = { id: string; key: string };
const SHOP = 'https://shop.example';
const CHECKOUT = `${SHOP}/checkout?step=payment`;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** The default fixtures, with automaticRedirectAtSessionsEnd on AUTO's point of sale. */
function fixtures(): Fixtures {
  const f = loadFixtures(DEFAULT_FIXTURES_DIR);
  const auto = f.merchants.find((m) => m.merchantId === AUTO.id)!;
  auto.pointsOfSale[0]!.automaticRedirectAtSessionsEnd = true;
  return f;
}

async function start(): Promise<RunningSimulator> {
  return startSimulator({ port: 0, host: '127.0.0.1', app: { tickMs: 0, fixtures: fixtures() } });
}

interface PaymentOptions {
  creds?: Creds;
  lastName?: string;
  amount?: string;
  walletId?: string;
  languageCode?: string;
  extraBuyer?: string;
}

async function soap(sim: RunningSimulator, creds: Creds, body: string): Promise<string> {
  const res = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, {
    method: 'POST',
    headers: { authorization: 'Basic ' + Buffer.from(`${creds.id}:${creds.key}`).toString('base64'), 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body>${body}</s:Body></s:Envelope>`,
  });
  return res.text();
}

/** doWebPayment as a shop in widget mode sends it; returns the token. */
async function doWebPayment(sim: RunningSimulator, o: PaymentOptions = {}): Promise<string> {
  const amount = o.amount ?? '1000';
  const xml = await soap(
    sim,
    o.creds ?? DEMO,
    `<i:doWebPaymentRequest><i:version>34</i:version><i:payment><o:amount>${amount}</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment><i:returnURL>${SHOP}/return?order=42</i:returnURL><i:cancelURL>${SHOP}/cancel</i:cancelURL><i:order><o:ref>W-42</o:ref><o:amount>${amount}</o:amount><o:currency>978</o:currency><o:date>02/12/2026 09:30</o:date></i:order><i:notificationURL>http://127.0.0.1:9/notify</i:notificationURL><i:buyer><o:lastName>${o.lastName ?? 'Janssens'}</o:lastName><o:firstName>Lotte</o:firstName><o:email>lotte@shop.example</o:email>${o.walletId ? `<o:walletId>${o.walletId}</o:walletId>` : ''}${o.extraBuyer ?? ''}</i:buyer>${o.languageCode ? `<i:languageCode>${o.languageCode}</i:languageCode>` : ''}</i:doWebPaymentRequest>`,
  );
  const token = /<impl:token>([^<]+)</.exec(xml)?.[1];
  if (!token) throw new Error(`doWebPayment failed: ${xml}`);
  return token;
}

/** getWebPaymentDetails: the result code and the transaction id it gives. */
async function details(sim: RunningSimulator, token: string, creds: Creds = DEMO): Promise<{ code: string; transactionId?: string }> {
  const xml = await soap(sim, creds, `<i:getWebPaymentDetailsRequest><i:version>34</i:version><i:token>${token}</i:token></i:getWebPaymentDetailsRequest>`);
  const code = /<obj:code>([^<]+)</.exec(xml)?.[1];
  if (!code) throw new Error(`getWebPaymentDetails failed: ${xml}`);
  const transactionId = /<impl:transaction>\s*<obj:id>([^<]+)</.exec(xml)?.[1];
  return transactionId === undefined ? { code } : { code, transactionId };
}

function service(sim: RunningSimulator, token: string, path: string): string {
  return `${sim.url}/services/token/${encodeURIComponent(token)}/${path}`;
}

async function state(sim: RunningSimulator, token: string, headers: Record<string, string> = {}): Promise<Obj> {
  const res = await fetch(service(sim, token, 'state/current'), { headers: { accept: 'application/json', ...headers } });
  expect(res.status).toBe(200);
  return (await res.json()) as Obj;
}

async function post(sim: RunningSimulator, token: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Obj; headers: Headers }> {
  const res = await fetch(service(sim, token, path), { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Obj, headers: res.headers };
}

const paymentRequest = (sim: RunningSimulator, token: string, body: Obj = {}) =>
  post(sim, token, 'paymentRequest', { cardCode: 'BANCONTACT_MNXT', contractNumber: 'BANCONTACT', merchantReturnUrl: CHECKOUT, isEmbeddedRedirectionAllowed: false, paymentParams: {}, ...body });

/** The buyer presses a button of the partner simulator page (the hosted page); returns where they are sent. */
async function press(sim: RunningSimulator, token: string, button: 'pay' | 'abort'): Promise<{ status: number; location: string | null }> {
  const res = await fetch(`${sim.url}/v2/${button}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}`, redirect: 'manual' });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') };
}

const STATE_KEYS = ['paymentMethodsList', 'paymentRedirectNoResponse', 'paymentSuccess', 'paymentFailure', 'paymentCanceled', 'tokenExpired', 'paymentOnholdPartner', 'activeWaiting'];

/** The common fields every SessionState has, and exactly one state object, named after the state. */
function expectSessionState(s: Obj, token: string, type: string, key: string): void {
  expect(s['token']).toBe(token);
  expect(s['type']).toBe(type);
  expect(s['creationDate']).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} \S+ \d{4}$/);
  expect(s['returnUrl']).toBe(`${SHOP}/return?order=42&paylinetoken=${token}`);
  expect(s['cancelUrl']).toBe(`${SHOP}/cancel?paylinetoken=${token}`);
  expect(s['pointOfSale']).toBe('POS1');
  expect(typeof s['automaticRedirectAtSessionsEnd']).toBe('boolean');
  expect(s['isSandbox']).toBe(true);
  expect(s['info']).toMatchObject({ PaylineAmountSmallestUnit: expect.any(Number), PaylineCurrencyCode: 'EUR', PaylineOrderRef: 'W-42', PaylineBuyerFirstName: 'Lotte' });
  expect(Object.keys(s).filter((k) => STATE_KEYS.includes(k))).toEqual([key]);
}

describe('token services', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(async () => {
    await sim.close();
  });

  describe('state/current', () => {
    it('gives PAYMENT_METHODS_LIST with Bancontact, the info of getContextInfo and the session language', async () => {
      const token = await doWebPayment(sim, { languageCode: 'nl', extraBuyer: '<o:ip>192.0.2.10</o:ip>' });
      const s = await state(sim, token);
      expectSessionState(s, token, 'PAYMENT_METHODS_LIST', 'paymentMethodsList');
      expect(s['language']).toBe('nl');
      expect(s['automaticRedirectAtSessionsEnd']).toBe(false);
      expect(s['info']).toEqual({
        PaylineAmountSmallestUnit: 1000,
        PaylineCurrencyDigits: 2,
        PaylineCurrencyCode: 'EUR',
        PaylineFormattedAmount: '10,00 EUR',
        PaylineOrderAmountSmallestUnit: 1000,
        PaylineFormattedOrderAmount: '10,00 EUR',
        PaylineOrderRef: 'W-42',
        PaylineOrderDate: '02/12/2026 09:30',
        PaylineBuyerFirstName: 'Lotte',
        PaylineBuyerLastName: 'Janssens',
        PaylineBuyerEmail: 'lotte@shop.example',
        PaylineBuyerIp: '192.0.2.10',
        PaylineOrderDetails: [],
        PaylineMerchantCountry: 'FR',
      });
      expect(s['paymentMethodsList']['wallets']).toEqual([]);
      expect(s['paymentMethodsList']['paymentMethods']).toEqual([
        expect.objectContaining({ cardCode: 'BANCONTACT_MNXT', contractNumber: 'BANCONTACT', state: 'AVAILABLE', hasForm: true, form: expect.objectContaining({ buttonText: 'Betalen met Bancontact' }) }),
      ]);
    });

    it('takes the language from Accept-Language when doWebPayment gave none', async () => {
      const token = await doWebPayment(sim);
      expect((await state(sim, token, { 'accept-language': 'de-BE,fr;q=0.8' }))['language']).toBe('de');
      expect((await state(sim, token, { 'accept-language': 'es' }))['language']).toBe('en');
    });

    it('echoes the point of sale option automaticRedirectAtSessionsEnd', async () => {
      const token = await doWebPayment(sim, { creds: AUTO });
      expect((await state(sim, token))['automaticRedirectAtSessionsEnd']).toBe(true);
    });

    it('is never cached', async () => {
      const token = await doWebPayment(sim);
      const res = await fetch(service(sim, token, 'state/current'));
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  describe('a payment through the widget', () => {
    it('paymentRequest → the partner page → MAKE A PAYMENT → back to the shop page with paylinetoken → PAYMENT_SUCCESS → getWebPaymentDetails 00000', async () => {
      const token = await doWebPayment(sim);
      const asked = await paymentRequest(sim, token);
      expect(asked.status).toBe(200);
      expectSessionState(asked.json, token, 'PAYMENT_REDIRECT_NO_RESPONSE', 'paymentRedirectNoResponse');
      const redirect = asked.json['paymentRedirectNoResponse'];
      expect(redirect).toMatchObject({ cardCode: 'BANCONTACT_MNXT', contractNumber: 'BANCONTACT' });
      expect(redirect['redirectionData']).toMatchObject({
        requestType: 'GET',
        requestUrl: `${sim.url}/v2/?token=${token}`,
        requestFields: {},
        iframeEmbeddable: false,
        hasPartnerLogo: false,
        isCompletionMethod: false,
      });
      expect(redirect['redirectionData']['timeoutInMs']).toBeGreaterThan(60 * 60_000);
      expect((await state(sim, token))['type']).toBe('PAYMENT_REDIRECT_NO_RESPONSE');

      // the partner page the widget sends the buyer to is the hosted page
      const page = await fetch(redirect['redirectionData']['requestUrl']);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('MAKE A PAYMENT');
      expect(await press(sim, token, 'pay')).toEqual({ status: 303, location: `${CHECKOUT}&paylinetoken=${token}` });

      const final = await state(sim, token);
      expectSessionState(final, token, 'PAYMENT_SUCCESS', 'paymentSuccess');
      const { code, transactionId } = await details(sim, token);
      expect(code).toBe('00000');
      expect(final['paymentSuccess']).toMatchObject({ displayTicket: true, selectedCardCode: 'BANCONTACT_MNXT', selectedContractNumber: 'BANCONTACT' });
      const ticket = final['paymentSuccess']['ticket'] as Obj[];
      expect(ticket.map((l) => l['v'])).toEqual(expect.arrayContaining(['DemoShop', 'W-42', transactionId, '10,00 EUR']));
      expect(ticket.at(-2)).toMatchObject({ k: 'Amount', v: '10,00 EUR', s: 'ticketAmount' });
      expect(ticket.at(-1)).toEqual({ i: false, s: 'ticketKeep', v: 'CUSTOMER RECEIPT TO KEEP', t: 0 });

      // the back office and the session JSON say where it came from, and the journal has each call
      const json = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as Obj;
      expect(json['origin']).toBe('Widget (SOAP)');
      expect(json['widget']).toMatchObject({ via: 'paymentRequest', merchantReturnUrl: CHECKOUT });
      const calls = (json['journal'] as Obj[]).filter((e) => e['kind'] === 'widget').map((e) => [e['method'], e['path'].split('/').slice(4).join('/'), e['httpStatus'], e['state']]);
      expect(calls).toEqual([
        ['POST', 'paymentRequest', 200, 'PAYMENT_REDIRECT_NO_RESPONSE'],
        ['GET', 'state/current', 200, 'PAYMENT_REDIRECT_NO_RESPONSE'],
        ['GET', 'state/current', 200, 'PAYMENT_SUCCESS'],
      ]);
      const kinds = (json['journal'] as Obj[]).map((e) => e['kind']);
      expect(kinds.indexOf('soap')).toBeLessThan(kinds.indexOf('widget'));
      const detail = await (await fetch(`${sim.url}/_simulator/ui/sessions/${token}`)).text();
      expect(detail).toContain('<dd data-testid="origin">Widget (SOAP)</dd>');
      expect(detail).toContain('Widget · POST paymentRequest');
      expect(detail).toContain('Widget · GET state/current');
    });

    it('a hosted-page payment keeps the origin "Web payment (SOAP)" and goes back to returnURL', async () => {
      const token = await doWebPayment(sim);
      expect((await state(sim, token))['type']).toBe('PAYMENT_METHODS_LIST');
      expect(await press(sim, token, 'pay')).toEqual({ status: 303, location: `${SHOP}/return?order=42&paylinetoken=${token}` });
      expect((await state(sim, token))['type']).toBe('PAYMENT_SUCCESS');
      const json = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as Obj;
      expect(json['origin']).toBe('Web payment (SOAP)');
      expect(await (await fetch(`${sim.url}/_simulator/ui/sessions/${token}`)).text()).toContain('<dd data-testid="origin">Web payment (SOAP)</dd>');
    });

    it('ABORT → back to the shop page (not cancelURL) → PAYMENT_CANCELED → 02008', async () => {
      const token = await doWebPayment(sim, { languageCode: 'fr' });
      await paymentRequest(sim, token, { contractNumber: undefined });
      expect(await press(sim, token, 'abort')).toEqual({ status: 303, location: `${CHECKOUT}&paylinetoken=${token}` });
      const s = await state(sim, token);
      expectSessionState(s, token, 'PAYMENT_CANCELED', 'paymentCanceled');
      expect(s['paymentCanceled']).toEqual({ message: { type: 'ERROR', localizedMessage: 'Paiement annulé', displayIcon: true }, selectedCardCode: 'BANCONTACT_MNXT', selectedContractNumber: 'BANCONTACT' });
      expect((await details(sim, token)).code).toBe('02008');
    });

    it('a 02020 scenario → PAYMENT_FAILURE "Payment refused" → 02020', async () => {
      const token = await doWebPayment(sim, { lastName: 'Refused' });
      await paymentRequest(sim, token);
      expect((await press(sim, token, 'pay')).location).toBe(`${CHECKOUT}&paylinetoken=${token}`);
      const s = await state(sim, token);
      expectSessionState(s, token, 'PAYMENT_FAILURE', 'paymentFailure');
      expect(s['paymentFailure']).toMatchObject({ message: { type: 'ERROR', localizedMessage: 'Payment refused' }, selectedCardCode: 'BANCONTACT_MNXT', result: { code: '02020' } });
      expect((await details(sim, token)).code).toBe('02020');
    });

    it('errors (02012, 02106) through the admin outcome API → PAYMENT_FAILURE', async () => {
      for (const code of ['02012', '02106']) {
        const token = await doWebPayment(sim);
        await paymentRequest(sim, token);
        const res = await fetch(`${sim.url}/_simulator/sessions/${token}/outcome`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ code }) });
        expect(res.status).toBe(200);
        expect(((await res.json()) as Obj)['redirect']).toBe(`${CHECKOUT}&paylinetoken=${token}`);
        const s = await state(sim, token);
        expect(s['type']).toBe('PAYMENT_FAILURE');
        expect(s['paymentFailure']['message']['localizedMessage']).toBe('The payment could not be made: an error occurred at the payment partner');
        expect(s['paymentFailure']['result']['code']).toBe(code);
        expect((await details(sim, token)).code).toBe(code);
      }
    });

    it('a panel outcome on the partner page also sends the buyer back to the shop page', async () => {
      const token = await doWebPayment(sim);
      await paymentRequest(sim, token);
      const res = await fetch(`${sim.url}/v2/simulate`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}&code=01100`, redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${CHECKOUT}&paylinetoken=${token}`);
      expect((await state(sim, token))['type']).toBe('PAYMENT_FAILURE');
    });

    it('a second paymentRequest while pending is accepted: the newest merchantReturnUrl wins', async () => {
      const token = await doWebPayment(sim);
      await paymentRequest(sim, token);
      const again = await paymentRequest(sim, token, { merchantReturnUrl: `${SHOP}/other#widget` });
      expect(again.status).toBe(200);
      expect((await press(sim, token, 'pay')).location).toBe(`${SHOP}/other?paylinetoken=${token}#widget`);
    });
  });

  describe('the saved card (walletPaymentRequest)', () => {
    it('is listed once a payment has saved it, and pays at once: PAYMENT_SUCCESS, paid by wallet', async () => {
      const walletId = `wallet-${Date.now()}`;
      const first = await doWebPayment(sim, { walletId });
      expect((await state(sim, first))['paymentMethodsList']['wallets']).toEqual([]);
      await paymentRequest(sim, first);
      await press(sim, first, 'pay');

      const token = await doWebPayment(sim, { walletId });
      const wallets = (await state(sim, token))['paymentMethodsList']['wallets'] as Obj[];
      expect(wallets).toHaveLength(1);
      expect(wallets[0]).toMatchObject({ index: 1, cardCode: 'BANCONTACT_MNXT', isDefault: true, additionalData: { PAN: expect.stringMatching(/^670999X{6}\d{4}$/), DATE: expect.stringMatching(/^\d{4}$/), HOLDER: 'Lotte Janssens' } });

      const paid = await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1, isEmbeddedRedirectionAllowed: false, merchantReturnUrl: CHECKOUT, paymentParams: {} });
      expect(paid.status).toBe(200);
      expectSessionState(paid.json, token, 'PAYMENT_SUCCESS', 'paymentSuccess');
      expect(paid.json['paymentSuccess']['paymentCard']).toBe(wallets[0]!['additionalData']['PAN']);
      expect((await details(sim, token)).code).toBe('00000');
      const json = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as Obj;
      expect(json).toMatchObject({ paidByWallet: true, origin: 'Widget (SOAP)', widget: { via: 'walletPaymentRequest' } });
      expect((json['journal'] as Obj[]).find((e) => e['kind'] === 'widget' && e['method'] === 'POST')).toMatchObject({ httpStatus: 200, state: 'PAYMENT_SUCCESS' });
    });

    it('scenario rules apply to the saved card too', async () => {
      const walletId = `wallet-r-${Date.now()}`;
      const first = await doWebPayment(sim, { walletId });
      await press(sim, first, 'pay');
      const token = await doWebPayment(sim, { walletId, lastName: 'Refused' });
      const paid = await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1 });
      expect(paid.json['type']).toBe('PAYMENT_FAILURE');
      expect((await details(sim, token)).code).toBe('02020');
    });

    it('a partner that never answers (scenario "never") leaves the wallet payment pending: PAYMENT_REDIRECT_NO_RESPONSE with the card index, then TOKEN_EXPIRED', async () => {
      const walletId = `wallet-n-${Date.now()}`;
      await press(sim, await doWebPayment(sim, { walletId }), 'pay');
      const token = await doWebPayment(sim, { walletId, lastName: 'Expired' });
      const paid = await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1 });
      expect(paid.status).toBe(200);
      expectSessionState(paid.json, token, 'PAYMENT_REDIRECT_NO_RESPONSE', 'paymentRedirectNoResponse');
      expect(paid.json['paymentRedirectNoResponse']['walletCardIndex']).toBe(1);
      expect((await details(sim, token)).code).toBe('02306');
      await fetch(`${sim.url}/_simulator/sessions/${token}/outcome`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ code: '02324' }) });
      expect((await state(sim, token))['type']).toBe('TOKEN_EXPIRED');
      expect((await details(sim, token)).code).toBe('02324');
    });

    it('refuses an index that is no saved card (400) and a session without wallet', async () => {
      const token = await doWebPayment(sim);
      const none = await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1 });
      expect(none.status).toBe(400);
      expect(none.json['error']).toBe('index 1 is not a saved card of this session (saved cards: none)');
      for (const index of [0, 2, -1, 0.5, '1', null]) {
        const r = await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index });
        expect(r.status).toBe(400);
        expect(r.json).toMatchObject({ statusCode: 400, error: expect.stringContaining('index') });
      }
      expect((await state(sim, token))['type']).toBe('PAYMENT_METHODS_LIST');
    });
  });

  describe('bad input', () => {
    it('unknown token: 404 JSON on every service', async () => {
      for (const [method, path] of [
        ['GET', 'state/current'],
        ['POST', 'paymentRequest'],
        ['POST', 'walletPaymentRequest'],
      ] as const) {
        const res = await fetch(service(sim, '1NoSuchTokenAtAll0000000000000000', path), { method, headers: JSON_HEADERS, ...(method === 'POST' && { body: JSON.stringify({ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: CHECKOUT, index: 1 }) }) });
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ error: 'No payment session has the token "1NoSuchTokenAtAll0000000000000000"', statusCode: 404 });
      }
      const unknownPath = await fetch(`${sim.url}/services/token/abc/securedPaymentRequest`, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
      expect(unknownPath.status).toBe(404);
      expect(((await unknownPath.json()) as Obj)['statusCode']).toBe(404);
    });

    it('bodies that are not a JSON object, and wrong fields: 400 naming the field, the session unchanged', async () => {
      const token = await doWebPayment(sim);
      const cases: [unknown, RegExp][] = [
        ['{"cardCode": ', /^Invalid JSON body/],
        ['[1,2]', /must be a JSON object/],
        ['"BANCONTACT_MNXT"', /must be a JSON object/],
        [{ merchantReturnUrl: CHECKOUT }, /^cardCode must be "BANCONTACT_MNXT".*got nothing/],
        [{ cardCode: 'CB', merchantReturnUrl: CHECKOUT }, /^cardCode must be "BANCONTACT_MNXT".*got "CB"/],
        [{ cardCode: 'BANCONTACT_MNXT', contractNumber: 'OTHER', merchantReturnUrl: CHECKOUT }, /^contractNumber must be the session's contract "BANCONTACT"/],
        [{ cardCode: 'BANCONTACT_MNXT' }, /^merchantReturnUrl is missing/],
        [{ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: '/checkout' }, /merchantReturnUrl: must be an absolute http\(s\) URL/],
        [{ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: 'javascript:alert(1)' }, /merchantReturnUrl: must be an absolute http\(s\) URL/],
        [{ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: 42 }, /^merchantReturnUrl must be an absolute http\(s\) URL; got 42/],
        [{ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: `${SHOP}/${'x'.repeat(2100)}` }, /merchantReturnUrl: at most 2048 characters/],
        [{ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: CHECKOUT, isEmbeddedRedirectionAllowed: 'yes' }, /^isEmbeddedRedirectionAllowed must be true or false/],
        [{ cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: CHECKOUT, paymentParams: [] }, /^paymentParams must be a JSON object/],
      ];
      for (const [body, error] of cases) {
        const r = await post(sim, token, 'paymentRequest', body);
        expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(r.json['statusCode']).toBe(400);
        expect(r.json['error']).toMatch(error);
      }
      const empty = await fetch(service(sim, token, 'paymentRequest'), { method: 'POST' });
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as Obj)['error']).toMatch(/^cardCode/);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const form = await fetch(service(sim, token, 'paymentRequest'), { method: 'POST', headers: { 'content-type': type }, body: `cardCode=BANCONTACT_MNXT&merchantReturnUrl=${encodeURIComponent(CHECKOUT)}` });
        expect(form.status, type).toBe(415);
        expect(((await form.json()) as Obj)['error']).toMatch(/send the body as application\/json/);
      }
      const proto = await post(sim, token, 'paymentRequest', '{"cardCode":"BANCONTACT_MNXT","merchantReturnUrl":"https://shop.example/","__proto__":{"x":1}}');
      expect(proto.status).toBe(400);
      expect((await state(sim, token))['type']).toBe('PAYMENT_METHODS_LIST');
      // the journal keeps each refused call with what the client was told
      const json = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as Obj;
      const refused = (json['journal'] as Obj[]).filter((e) => e['kind'] === 'widget' && e['httpStatus'] !== 200);
      expect(refused.length).toBe(cases.length + 4);
      expect(refused[3]).toMatchObject({ method: 'POST', httpStatus: 400, detail: expect.stringMatching(/^cardCode must be "BANCONTACT_MNXT"/) });
      expect(refused[0]).toMatchObject({ httpStatus: 400, detail: expect.stringMatching(/not valid JSON/) });
      expect(refused.every((e) => e['state'] === undefined)).toBe(true);
      expect(json['origin']).toBe('Web payment (SOAP)');
    });

    it('any JSON body: 200 or a 400 naming what is wrong, never a 500, and the session stays pending', async () => {
      const token = await doWebPayment(sim);
      const key = fc.constantFrom('cardCode', 'contractNumber', 'merchantReturnUrl', 'isEmbeddedRedirectionAllowed', 'paymentParams', 'index', '__proto__', 'constructor', 'toString');
      const value = fc.oneof(fc.constantFrom('BANCONTACT_MNXT', 'BANCONTACT', CHECKOUT, 'ftp://x', true, 1, 0, null), fc.jsonValue({ maxDepth: 3 }));
      const body = fc.oneof(fc.dictionary(key, value, { maxKeys: 7 }), fc.jsonValue({ maxDepth: 3 }));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('paymentRequest', 'walletPaymentRequest'), body, async (path, b) => {
          const res = await fetch(service(sim, token, path), { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(b) ?? 'null' });
          const json = (await res.json()) as Obj;
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) expect(json).toEqual({ error: expect.any(String), statusCode: 400 });
          else expect(json['type']).toBe('PAYMENT_REDIRECT_NO_RESPONSE');
        }),
        { numRuns: 200 },
      );
      expect(sim.ctx.payments.session(token)?.status).toBe('PENDING');
      // 200 requests: seconds on a busy shared machine
    }, 60_000);

    it('a payment request on a final session: 409, the final state stays', async () => {
      const token = await doWebPayment(sim);
      await press(sim, token, 'abort');
      for (const [path, body] of [
        ['paymentRequest', { cardCode: 'BANCONTACT_MNXT', merchantReturnUrl: CHECKOUT }],
        ['walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1 }],
      ] as const) {
        const r = await post(sim, token, path, body);
        if (path === 'walletPaymentRequest') {
          // no saved card in this session: the index is checked first
          expect(r.status).toBe(400);
          continue;
        }
        expect(r.status).toBe(409);
        expect(r.json).toEqual({ error: `The session is already final (02008 CANCELLED): GET /services/token/${token}/state/current gives its final state`, statusCode: 409 });
      }
      const s = await state(sim, token);
      expect(s['type']).toBe('PAYMENT_CANCELED');
      const json = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as Obj;
      expect(json['origin']).toBe('Web payment (SOAP)');
    });

    it('a wallet payment request on a final session with a saved card: 409', async () => {
      const walletId = `wallet-f-${Date.now()}`;
      await press(sim, await doWebPayment(sim, { walletId }), 'pay');
      const token = await doWebPayment(sim, { walletId });
      expect((await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1 })).status).toBe(200);
      const again = await post(sim, token, 'walletPaymentRequest', { cardCode: 'BANCONTACT_MNXT', index: 1 });
      expect(again.status).toBe(409);
      expect((await details(sim, token)).code).toBe('00000');
    });

    it('a method a service does not answer: 405 with Allow', async () => {
      const token = await doWebPayment(sim);
      for (const [method, path, allow] of [
        ['POST', 'state/current', 'GET, OPTIONS'],
        ['DELETE', 'state/current', 'GET, OPTIONS'],
        ['GET', 'paymentRequest', 'POST, OPTIONS'],
        ['PUT', 'walletPaymentRequest', 'POST, OPTIONS'],
      ] as const) {
        const res = await fetch(service(sim, token, path), { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe(allow);
        expect(((await res.json()) as Obj)['statusCode']).toBe(405);
      }
    });
  });

  describe('CORS', () => {
    it('reflects the shop origin on answers and errors', async () => {
      const token = await doWebPayment(sim);
      const ok = await fetch(service(sim, token, 'state/current'), { headers: { origin: SHOP } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(ok.headers.get('vary')).toMatch(/Origin/);
      const bad = await fetch(service(sim, token, 'paymentRequest'), { method: 'POST', headers: { origin: 'http://localhost:3000', ...JSON_HEADERS }, body: '{}' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      const unknown = await fetch(service(sim, 'nope', 'state/current'), { headers: { origin: SHOP } });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('access-control-allow-origin')).toBe(SHOP);
    });

    it('answers preflights with the methods and headers the widget and the SDKs send', async () => {
      const token = await doWebPayment(sim);
      for (const path of ['state/current', 'paymentRequest', 'walletPaymentRequest']) {
        const res = await fetch(service(sim, token, path), {
          method: 'OPTIONS',
          headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-widget-sdk,accept-language' },
        });
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
        expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
        expect(res.headers.get('access-control-allow-headers')).toBe('content-type, accept, accept-language, x-widget-sdk');
      }
    });

    it('answers an OPTIONS without Origin (no preflight) with 204 too', async () => {
      const res = await fetch(service(sim, 'abc', 'state/current'), { method: 'OPTIONS' });
      expect(res.status).toBe(204);
    });

    it('stays off the rest of the simulator', async () => {
      for (const path of ['/_simulator/clock', '/v2/?token=x', '/V4/services/WebPaymentAPI?wsdl']) {
        const res = await fetch(`${sim.url}${path}`, { headers: { origin: SHOP } });
        await res.arrayBuffer();
        expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      }
      const preflight = await fetch(`${sim.url}/_simulator/reset`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
      await preflight.arrayBuffer();
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('token services and the clock', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('after the payment delay, state/current gives TOKEN_EXPIRED, getWebPaymentDetails 02324, and payment requests 409', async () => {
    const waiting = await doWebPayment(sim);
    const redirected = await doWebPayment(sim);
    await paymentRequest(sim, redirected);
    const res = await fetch(`${sim.url}/_simulator/clock/advance`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ seconds: 61 * 60 + 1 }) });
    expect(res.status).toBe(200);
    for (const token of [waiting, redirected]) {
      const s = await state(sim, token);
      expectSessionState(s, token, 'TOKEN_EXPIRED', 'tokenExpired');
      expect(s['tokenExpired']).toEqual({});
      expect((await details(sim, token)).code).toBe('02324');
      expect((await paymentRequest(sim, token)).status).toBe(409);
    }
  });

  it('a session expires on a state fetch too, without waiting for the tick', async () => {
    const token = await doWebPayment(sim);
    sim.ctx.clock.advance(61 * 60 + 1);
    expect((await state(sim, token))['type']).toBe('TOKEN_EXPIRED');
  });
});

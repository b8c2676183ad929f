/**
 * A small merchant shop for the end-to-end tests, written as a real shop's
 * Payline module would be: hand-written SOAP 1.1 envelopes posted with fetch and
 * HTTP Basic authentication, Magento-like (PHP SoapClient prefixes, optional
 * elements sent as `xsi:nil="true"`), with WooCommerce-like return and
 * notification URLs that already carry a query string.
 *
 *   GET /checkout?lastName=…&amount=…&languageCode=…   doWebPayment, then 302 to the redirectURL
 *                                       (languageCode: eng by default, as Magento; empty: nil)
 *   GET /?wc-api=Gateway&url_type=return&paylinetoken=…        the returnURL
 *   GET /payline/cancel?paylinetoken=…                          the cancelURL
 *   GET /?wc-api=Gateway&url_type=notification&notificationType=WEBTRS&token=…
 *                                                               the notificationURL
 *
 * The return and cancel pages call getWebPaymentDetails and show the result in
 * elements with data-testid attributes (result-code, result-short-message,
 * result-long-message, partner-code, transaction-id, token, landing).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

export interface MerchantCredentials {
  merchantId: string;
  accessKey: string;
  /** Defaults to BANCONTACT. */
  contractNumber?: string;
}

export interface ReceivedNotification {
  notificationType: string | null;
  token: string | null;
  /** The whole query string received, decoded. */
  query: Record<string, string>;
  receivedAt: number;
}

export interface Checkout {
  orderRef: string;
  lastName: string;
  amount: string;
  token?: string;
  redirectURL?: string;
  result: SoapResult;
}

export interface SoapResult {
  code: string;
  shortMessage?: string;
  longMessage?: string;
  partnerCode?: string;
  partnerCodeLabel?: string;
}

/** What a checkout varies; the rest is the shop's fixed order. */
export interface PaymentParams {
  lastName?: string;
  firstName?: string;
  email?: string;
  /** In cents, e.g. '9900'. */
  amount?: string;
  /** buyer.walletId (sent as nil when absent). */
  walletId?: string;
  /** doWebPayment's languageCode; 'eng' when absent, nil when ''. */
  languageCode?: string;
}

export interface PaymentDetails {
  result: SoapResult;
  transactionId?: string;
  amount?: string;
  orderRef?: string;
  /** The getWebPaymentDetailsResponse element as parsed (namespace prefixes removed). */
  raw: Record<string, unknown>;
}

export interface MerchantApp {
  url: string;
  returnURL: string;
  cancelURL: string;
  notificationURL: string;
  /** Every GET received on the notification URL, in order of arrival. */
  notifications: ReceivedNotification[];
  /** Every doWebPayment made by /checkout, in order. */
  checkouts: Checkout[];
  /** getWebPaymentDetails, as the return page calls it. */
  details(token: string): Promise<PaymentDetails>;
  /** doWebPayment as /checkout makes it, without the redirect (the in-shop pages show the widget with its token). */
  createPayment(params?: PaymentParams): Promise<Checkout>;
  close(): Promise<void>;
}

/** A SOAP call that did not give a response (fault, HTTP error, not XML). */
export class SoapCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SoapCallError';
  }
}

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const IMPL_NS = 'http://impl.ws.payline.experian.com';
const OBJ_NS = 'http://obj.ws.payline.experian.com';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const API_VERSION = '34';

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, trimValues: true });

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
const html = xml;

/** The value at a dotted path of a parsed document, or undefined. */
function at(node: unknown, path: string): unknown {
  let cur = node;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Text at a dotted path; empty and nil elements read as undefined. */
function str(node: unknown, path: string): string | undefined {
  const v = at(node, path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function resultOf(node: unknown): SoapResult {
  const code = str(node, 'result.code');
  if (code === undefined) throw new SoapCallError('The response has no result.code', 200);
  const out: SoapResult = { code };
  for (const k of ['shortMessage', 'longMessage', 'partnerCode', 'partnerCodeLabel'] as const) {
    const v = str(node, `result.${k}`);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function envelope(operation: string, inner: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}" xmlns:ns1="${OBJ_NS}" xmlns:ns2="${IMPL_NS}" xmlns:xsi="${XSI_NS}">` +
    `<SOAP-ENV:Body><ns2:${operation}Request>${inner}</ns2:${operation}Request></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

const nil = (tag: string) => `<${tag} xsi:nil="true"/>`;
const el = (tag: string, value: string) => `<${tag}>${xml(value)}</${tag}>`;

function orderDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface WebPaymentInput {
  amount: string;
  orderRef: string;
  lastName: string;
  firstName: string;
  email: string;
  contractNumber: string;
  returnURL: string;
  cancelURL: string;
  notificationURL: string;
  walletId?: string;
  /** undefined: xsi:nil. */
  languageCode: string | undefined;
}

/** doWebPaymentRequest as a Magento 2 module sends it: every optional element present, nil when unused. */
function doWebPaymentBody(i: WebPaymentInput): string {
  return [
    el('ns2:version', API_VERSION),
    '<ns2:payment>',
    el('ns1:amount', i.amount),
    el('ns1:currency', '978'),
    el('ns1:action', '101'),
    el('ns1:mode', 'CPT'),
    el('ns1:contractNumber', i.contractNumber),
    nil('ns1:differedActionDate'),
    nil('ns1:method'),
    nil('ns1:softDescriptor'),
    nil('ns1:cardBrand'),
    '</ns2:payment>',
    el('ns2:returnURL', i.returnURL),
    el('ns2:cancelURL', i.cancelURL),
    '<ns2:order>',
    el('ns1:ref', i.orderRef),
    nil('ns1:origin'),
    el('ns1:country', 'BE'),
    nil('ns1:taxes'),
    el('ns1:amount', i.amount),
    el('ns1:currency', '978'),
    el('ns1:date', orderDate(new Date())),
    '<ns1:details><ns1:details>',
    el('ns1:ref', 'SKU-24-MB01'),
    el('ns1:price', i.amount),
    el('ns1:quantity', '1'),
    el('ns1:comment', 'Joust Duffle Bag'),
    '</ns1:details></ns1:details>',
    nil('ns1:deliveryTime'),
    nil('ns1:deliveryMode'),
    '</ns2:order>',
    el('ns2:notificationURL', i.notificationURL),
    `<ns2:selectedContractList>${el('ns1:selectedContract', i.contractNumber)}</ns2:selectedContractList>`,
    nil('ns2:secondSelectedContractList'),
    `<ns2:privateDataList><ns1:privateData>${el('ns1:key', 'quote_id')}${el('ns1:value', i.orderRef)}</ns1:privateData></ns2:privateDataList>`,
    i.languageCode === undefined ? nil('ns2:languageCode') : el('ns2:languageCode', i.languageCode),
    nil('ns2:customPaymentPageCode'),
    '<ns2:buyer>',
    el('ns1:title', '4'),
    el('ns1:lastName', i.lastName),
    el('ns1:firstName', i.firstName),
    el('ns1:email', i.email),
    nil('ns1:shippingAdress'),
    nil('ns1:billingAddress'),
    nil('ns1:accountCreateDate'),
    i.walletId ? el('ns1:walletId', i.walletId) : nil('ns1:walletId'),
    nil('ns1:walletDisplayed'),
    nil('ns1:ip'),
    nil('ns1:mobilePhone'),
    '</ns2:buyer>',
    nil('ns2:owner'),
    nil('ns2:securityMode'),
    nil('ns2:recurring'),
    nil('ns2:customPaymentTemplateURL'),
    nil('ns2:contractNumberWalletList'),
    nil('ns2:merchantName'),
    nil('ns2:subMerchant'),
    nil('ns2:miscData'),
    nil('ns2:asynchronousRetryTimeout'),
  ].join('');
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title></head><body><header><strong>Test shop</strong></header><main>${body}</main></body></html>`;
}

function resultPage(landing: 'return' | 'cancel', token: string, d: PaymentDetails): string {
  const row = (label: string, id: string, v: string | undefined) =>
    `<tr><th>${html(label)}</th><td data-testid="${id}">${html(v ?? '')}</td></tr>`;
  const accepted = d.result.code === '00000';
  return page(
    accepted ? 'Thank you for your order' : 'Payment not completed',
    `<h1>${accepted ? 'Thank you for your order' : 'Your payment was not completed'}</h1>` +
      `<p>Back from the payment page (<span data-testid="landing">${landing}</span>).</p>` +
      '<table>' +
      row('Result code', 'result-code', d.result.code) +
      row('Short message', 'result-short-message', d.result.shortMessage) +
      row('Long message', 'result-long-message', d.result.longMessage) +
      row('Partner code', 'partner-code', d.result.partnerCode) +
      row('Transaction', 'transaction-id', d.transactionId) +
      row('Order', 'order-ref', d.orderRef) +
      row('Token', 'token', token) +
      '</table>' +
      '<p><a href="/checkout">Buy again</a></p>',
  );
}

/** How the shop POSTs a SOAP request: status and body text of the answer. */
export type SoapTransport = (url: string, headers: Record<string, string>, body: string) => Promise<{ status: number; text: string }>;

/** The default transport: Node's fetch, 10 s time-out. */
const fetchTransport: SoapTransport = async (url, headers, body) => {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
};

/**
 * Starts the shop on a free port of 127.0.0.1. `simulatorUrl` is the simulator's
 * base URL (e.g. http://127.0.0.1:8080, or https://homologation.payline.com with a
 * `post` that trusts the simulator's CA and maps the name), `creds` the merchant's
 * id and access key.
 */
export async function startMerchantApp(simulatorUrl: string, creds: MerchantCredentials, post: SoapTransport = fetchTransport): Promise<MerchantApp> {
  const base = simulatorUrl.replace(/\/+$/, '');
  const contractNumber = creds.contractNumber ?? 'BANCONTACT';
  const authorization = `Basic ${Buffer.from(`${creds.merchantId}:${creds.accessKey}`).toString('base64')}`;
  const notifications: ReceivedNotification[] = [];
  const checkouts: Checkout[] = [];
  let orders = 0;
  let url = '';

  async function call(api: string, operation: string, inner: string): Promise<Record<string, unknown>> {
    const res = await post(`${base}/V4/services/${api}`, { authorization, 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` }, envelope(operation, inner));
    const text = res.text;
    let doc: unknown;
    try {
      doc = parser.parse(text);
    } catch {
      throw new SoapCallError(`${operation}: HTTP ${res.status}, not XML: ${text.slice(0, 200)}`, res.status);
    }
    const fault = at(doc, 'Envelope.Body.Fault');
    if (fault !== undefined) {
      throw new SoapCallError(`${operation}: SOAP fault ${str(fault, 'faultcode') ?? '?'}: ${str(fault, 'faultstring') ?? ''}`, res.status);
    }
    const answer = at(doc, `Envelope.Body.${operation}Response`);
    if (res.status < 200 || res.status > 299 || answer === null || typeof answer !== 'object') {
      throw new SoapCallError(`${operation}: HTTP ${res.status}, no ${operation}Response: ${text.slice(0, 200)}`, res.status);
    }
    return answer as Record<string, unknown>;
  }

  async function details(token: string): Promise<PaymentDetails> {
    const answer = await call('WebPaymentAPI', 'getWebPaymentDetails', el('ns2:version', API_VERSION) + el('ns2:token', token));
    const out: PaymentDetails = { result: resultOf(answer), raw: answer };
    const transactionId = str(answer, 'transaction.id');
    const amount = str(answer, 'payment.amount');
    const orderRef = str(answer, 'order.ref');
    if (transactionId !== undefined) out.transactionId = transactionId;
    if (amount !== undefined) out.amount = amount;
    if (orderRef !== undefined) out.orderRef = orderRef;
    return out;
  }

  const send = (res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  async function createPayment(p: PaymentParams = {}): Promise<Checkout> {
    orders++;
    const orderRef = `ORDER-${String(orders).padStart(4, '0')}-${Date.now().toString(36)}`;
    const lastName = p.lastName || 'Doe';
    const amount = p.amount || '9900';
    const answer = await call(
      'WebPaymentAPI',
      'doWebPayment',
      doWebPaymentBody({
        amount,
        orderRef,
        lastName,
        firstName: p.firstName || 'Jane',
        email: p.email || 'jane.doe@example.com',
        contractNumber,
        returnURL: app.returnURL,
        cancelURL: app.cancelURL,
        notificationURL: app.notificationURL,
        ...(p.walletId && { walletId: p.walletId }),
        languageCode: p.languageCode === '' ? undefined : (p.languageCode ?? 'eng'),
      }),
    );
    const result = resultOf(answer);
    const token = str(answer, 'token');
    const redirectURL = str(answer, 'redirectURL');
    const entry: Checkout = { orderRef, lastName, amount, result };
    if (token !== undefined) entry.token = token;
    if (redirectURL !== undefined) entry.redirectURL = redirectURL;
    checkouts.push(entry);
    return entry;
  }

  async function checkout(q: URLSearchParams, res: ServerResponse): Promise<void> {
    const { result, redirectURL } = await createPayment({
      lastName: q.get('lastName') ?? '',
      amount: q.get('amount') ?? '',
      firstName: q.get('firstName') ?? '',
      email: q.get('email') ?? '',
      ...(q.has('languageCode') && { languageCode: q.get('languageCode')! }),
    });
    if (result.code !== '00000' || redirectURL === undefined) {
      return send(
        res,
        200,
        page(
          'Payment unavailable',
          `<h1>The payment could not start</h1><p data-testid="result-code">${html(result.code)}</p><p data-testid="result-long-message">${html(result.longMessage ?? '')}</p>`,
        ),
      );
    }
    res.writeHead(302, { location: redirectURL, 'cache-control': 'no-store' });
    res.end();
  }

  async function back(landing: 'return' | 'cancel', q: URLSearchParams, res: ServerResponse): Promise<void> {
    const token = q.get('paylinetoken');
    if (!token) return send(res, 400, page('Missing token', '<h1>No paylinetoken in the URL</h1>'));
    const d = await details(token);
    send(res, 200, resultPage(landing, token, d));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://shop.invalid');
    const q = u.searchParams;
    if (req.method !== 'GET') return send(res, 405, page('Method not allowed', '<h1>Method not allowed</h1>'));
    if (u.pathname === '/checkout') return checkout(q, res);
    if (u.pathname === '/payline/cancel') return back('cancel', q, res);
    if (u.pathname === '/' && q.get('wc-api') === 'Gateway') {
      switch (q.get('url_type')) {
        case 'return':
          return back('return', q, res);
        case 'notification':
          notifications.push({
            notificationType: q.get('notificationType'),
            token: q.get('token'),
            query: Object.fromEntries(q.entries()),
            receivedAt: Date.now(),
          });
          return send(res, 200, 'OK', 'text/plain; charset=utf-8');
      }
    }
    if (u.pathname === '/') return send(res, 200, page('Test shop', '<h1>Test shop</h1><p><a href="/checkout">Pay 99,00 EUR with Bancontact</a></p>'));
    send(res, 404, page('Not found', '<h1>Not found</h1>'));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      if (!res.headersSent) send(res, 502, page('Payment error', `<h1>Payment error</h1><p data-testid="shop-error">${html(msg)}</p>`));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const app: MerchantApp = {
    url,
    returnURL: `${url}/?wc-api=Gateway&url_type=return`,
    cancelURL: `${url}/payline/cancel`,
    notificationURL: `${url}/?wc-api=Gateway&url_type=notification`,
    notifications,
    checkouts,
    details,
    createPayment,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
  return app;
}

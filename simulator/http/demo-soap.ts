/**
 * The demo shop's SOAP client, written as a merchant would write it: hand-made
 * SOAP 1.1 envelopes posted with fetch and HTTP Basic authentication, and a tiny
 * reader of the responses. Nothing here calls the simulator's internals: read it
 * to see what a shop sends to Monext Online and what comes back.
 */
import { escapeXml, parseRequest, text, type ParsedRequest, type XNode, type XObj } from '../soap/envelope.js';

/** The demo merchant of fixtures/merchants.json. */
export const DEMO_MERCHANT = { merchantId: '12345678901234', accessKey: 'DEMOACCESSKEY', contractNumber: 'BANCONTACT' } as const;

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const IMPL_NS = 'http://impl.ws.payline.experian.com';
export const OBJ_NS = 'http://obj.ws.payline.experian.com';
/** The API version the shop speaks (any recent one works for Bancontact). */
export const API_VERSION = '34';
/** How long the shop waits for an answer before giving up. */
export const SOAP_TIMEOUT_MS = 5000;

export type DemoApi = 'WebPaymentAPI' | 'DirectPaymentAPI';

/** Indents of the request's elements and of their children. */
const a = '      ';
const b = '        ';

/** `<tag>value</tag>` with the value escaped; nothing when the value is undefined. */
const el = (tag: string, value: string | undefined, indent: string): string => (value === undefined ? '' : `${indent}<${tag}>${escapeXml(value)}</${tag}>\n`);

function envelope(operation: string, inner: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:impl="${IMPL_NS}" xmlns:obj="${OBJ_NS}">\n` +
    '  <soapenv:Header/>\n' +
    '  <soapenv:Body>\n' +
    `    <impl:${operation}Request>\n` +
    inner +
    `    </impl:${operation}Request>\n` +
    '  </soapenv:Body>\n' +
    '</soapenv:Envelope>\n'
  );
}

export interface WebPaymentInput {
  /** Cents, e.g. `9900` for 99,00 EUR. */
  amount: string;
  /** ISO 4217 numeric, `978` for the euro. */
  currency: string;
  contractNumber: string;
  orderRef: string;
  /** `dd/MM/yyyy HH:mm`. */
  orderDate: string;
  returnURL: string;
  cancelURL: string;
  notificationURL: string;
  firstName: string;
  lastName: string;
  email: string;
  /** The payment page's language (`eng`, `fr`, `nl`, `de`…); undefined: no languageCode, the buyer's browser decides. */
  languageCode?: string;
}

/** The `payment` block of a request: amount, currency, action (101 pay, 421 refund), mode CPT, contract. */
function paymentBlock(amount: string, currency: string, action: string, contractNumber: string): string {
  return (
    `${a}<impl:payment>\n` +
    el('obj:amount', amount, b) +
    el('obj:currency', currency, b) +
    el('obj:action', action, b) +
    el('obj:mode', 'CPT', b) +
    el('obj:contractNumber', contractNumber, b) +
    `${a}</impl:payment>\n`
  );
}

/** doWebPaymentRequest: the elements a Bancontact payment needs, in the WSDL's order. */
export function doWebPaymentEnvelope(i: WebPaymentInput): string {
  return envelope(
    'doWebPayment',
    el('impl:version', API_VERSION, a) +
      paymentBlock(i.amount, i.currency, '101', i.contractNumber) +
      el('impl:returnURL', i.returnURL, a) +
      el('impl:cancelURL', i.cancelURL, a) +
      `${a}<impl:order>\n` +
      el('obj:ref', i.orderRef, b) +
      el('obj:country', 'BE', b) +
      el('obj:amount', i.amount, b) +
      el('obj:currency', i.currency, b) +
      el('obj:date', i.orderDate, b) +
      `${a}</impl:order>\n` +
      el('impl:notificationURL', i.notificationURL, a) +
      `${a}<impl:selectedContractList>\n` +
      el('obj:selectedContract', i.contractNumber, b) +
      `${a}</impl:selectedContractList>\n` +
      (i.languageCode === undefined ? '' : el('impl:languageCode', i.languageCode, a)) +
      `${a}<impl:buyer>\n` +
      el('obj:lastName', i.lastName, b) +
      el('obj:firstName', i.firstName, b) +
      el('obj:email', i.email, b) +
      `${a}</impl:buyer>\n`,
  );
}

/** getWebPaymentDetailsRequest: the token the shop got back (from doWebPayment or `paylinetoken`). */
export function getWebPaymentDetailsEnvelope(token: string): string {
  return envelope('getWebPaymentDetails', el('impl:version', API_VERSION, a) + el('impl:token', token, a));
}

export interface RefundInput {
  transactionID: string;
  amount: string;
  currency: string;
  contractNumber: string;
  comment?: string;
}

/** doRefundRequest: action 421, the amount to give back (all or part of the payment). */
export function doRefundEnvelope(i: RefundInput): string {
  return envelope(
    'doRefund',
    el('impl:version', API_VERSION, a) +
      el('impl:transactionID', i.transactionID, a) +
      paymentBlock(i.amount, i.currency, '421', i.contractNumber) +
      el('impl:comment', i.comment, a),
  );
}

// ---------------------------------------------------------------------------
// Calling and reading

export interface SoapResult {
  code: string;
  shortMessage?: string;
  longMessage?: string;
  partnerCode?: string;
  partnerCodeLabel?: string;
}

/** One call as the shop made it: what was sent and what came back (for display). */
export interface SoapCall {
  api: DemoApi;
  operation: string;
  url: string;
  request: string;
  /** The raw response body ('' when none arrived). */
  response: string;
  httpStatus?: number;
  durationMs: number;
  /** Why there is no usable answer (network error, timeout, HTTP error, fault, not XML). */
  error?: string;
}

export interface SoapAnswer {
  call: SoapCall;
  /** The `<operation>Response` element, parsed; undefined when call.error is set. */
  body?: XObj;
}

export function resultOf(body: XNode | undefined): SoapResult | undefined {
  const code = text(body, 'result.code');
  if (code === undefined) return undefined;
  const out: SoapResult = { code };
  for (const k of ['shortMessage', 'longMessage', 'partnerCode', 'partnerCodeLabel'] as const) {
    const v = text(body, `result.${k}`);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * Reads a SOAP response: the `<operation>Response` element, or why there is none.
 * It uses the simulator's own envelope reader (predefined entities only, no DTD),
 * as any response from the network is read.
 */
export function readResponse(operation: string, status: number, body: string): { body?: XObj; error?: string } {
  let parsed: ParsedRequest | undefined;
  try {
    parsed = parseRequest(body);
  } catch {
    parsed = undefined;
  }
  if (parsed?.operation === 'Fault') {
    return { error: `SOAP fault ${text(parsed.body, 'faultcode') ?? '?'}: ${text(parsed.body, 'faultstring') ?? ''}` };
  }
  if (status !== 200 || parsed?.operation !== `${operation}Response`) {
    const hint = status === 401 ? ' (the merchant id or access key is not accepted)' : '';
    return { error: `HTTP ${status}${hint}, no ${operation}Response in the answer: ${body.slice(0, 200) || '(empty body)'}` };
  }
  if (resultOf(parsed.body) === undefined) return { error: `The ${operation}Response has no result.code` };
  return { body: parsed.body };
}

export interface CallOptions {
  /** The simulator's base URL, e.g. http://127.0.0.1:8080 (its PUBLIC_URL). */
  baseUrl: string;
  merchantId: string;
  accessKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** POSTs an envelope to /V4/services/{api} with Basic auth; never throws. */
export async function callSoap(opts: CallOptions, api: DemoApi, operation: string, request: string): Promise<SoapAnswer> {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/V4/services/${api}`;
  const started = performance.now();
  const call: SoapCall = { api, operation, url, request, response: '', durationMs: 0 };
  const done = () => (call.durationMs = Math.round(performance.now() - started));
  const timeoutMs = opts.timeoutMs ?? SOAP_TIMEOUT_MS;
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${opts.merchantId}:${opts.accessKey}`).toString('base64')}`,
        'content-type': 'text/xml; charset=utf-8',
        soapaction: `"${operation}"`,
      },
      body: request,
      signal: AbortSignal.timeout(timeoutMs),
    });
    call.httpStatus = res.status;
    call.response = await res.text();
    done();
    const read = readResponse(operation, res.status, call.response);
    if (read.error !== undefined) {
      call.error = read.error;
      return { call };
    }
    return { call, body: read.body! };
  } catch (e) {
    done();
    const err = e as Error & { cause?: { code?: string; message?: string } };
    call.error =
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `No answer from ${url} within ${timeoutMs / 1000} s`
        : `Cannot reach ${url}: ${err.cause?.code ?? err.cause?.message ?? err.message}`;
    return { call };
  }
}

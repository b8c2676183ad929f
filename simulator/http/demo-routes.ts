/**
 * The demo shop: a small merchant site served by the simulator itself, acting
 * as a real shop would. It talks to the simulator only through its public SOAP
 * API, over HTTP, at PUBLIC_URL (see demo-soap.ts), and shows every message it
 * sends and receives.
 *
 *   GET  /              the shop: amount, buyer, outcome to try, "Pay with Bancontact"
 *   POST /demo/pay      doWebPayment, then 303 to the redirectURL (or the result if refused);
 *                       in-shop mode, 303 to /demo/widget instead
 *   GET  /demo/widget   the shop's own payment page with the widget (`?token=…&template=…`;
 *                       the partner page sends the buyer back here with paylinetoken appended)
 *   GET  /demo/return   the returnURL (`?shop=demo&paylinetoken=…`): getWebPaymentDetails
 *   GET  /demo/cancel   the cancelURL (`?paylinetoken=…`): getWebPaymentDetails
 *   GET  /demo/notify   the notificationURL: records the notification, answers 200
 *   POST /demo/refund   doRefund (DirectPaymentAPI) of the payment
 */
import { isFaultScenario } from '../domain/faults.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { findCode, longMessageNote } from '../domain/codes.js';
import { formatAmount, longDate } from '../domain/formats.js';
import type { SimulatorContext } from './context.js';
import { text, type XObj } from '../soap/envelope.js';
import { codePointName, notXmlCharAt } from '../soap/xml-reader.js';
import { BoundedMap } from '../domain/bounded-map.js';
import { XML_CSS, xmlToHtml } from './backoffice-routes.js';
import {
  callSoap,
  DEMO_MERCHANT,
  doRefundEnvelope,
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  resultOf,
  type DemoApi,
  type SoapAnswer,
  type SoapCall,
  type SoapResult,
} from './demo-soap.js';

const CURRENCY = '978';
const DEFAULTS = { amount: '99,00', firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@example.com', languageCode: 'eng', mode: 'redirect', template: 'column' };

/** The shop's "language of the payment page" list: the languageCode it sends ('none': it sends none). */
const LANGUAGE_CHOICES = [
  { value: 'eng', label: 'English (languageCode eng, as the Magento module sends it)' },
  { value: 'fr', label: 'Français (fr)' },
  { value: 'nl', label: 'Nederlands (nl)' },
  { value: 'de', label: 'Deutsch (de)' },
  { value: 'none', label: "No languageCode: the buyer's browser language" },
] as const;

/** The widget's templates the demo offers (data-template). */
const TEMPLATES = ['column', 'tab', 'lightbox'] as const;
const MAX_REMEMBERED = 500;

export interface DemoNotification {
  at: number;
  token: string | null;
  notificationType: string | null;
  url: string;
}

/** One choice of the shop's "outcome to try" list. */
interface OutcomeChoice {
  value: string;
  label: string;
  /** The buyer.lastName that selects the scenario. */
  lastName?: string;
}

/** `99,00`, `99.5`, `99` or `99,00 €` in cents; undefined when not an amount. */
export function parseAmount(input: string): number | undefined {
  const m = /^\s*(\d{1,8})(?:[.,](\d{1,2}))?\s*(?:€|eur)?\s*$/i.exec(input);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** 9900 → `99,00` (the shop's input format). */
export function amountInput(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** A call as the pages show it: a heading, a status line and the highlighted XML. */
function callView(c: SoapCall, when?: string) {
  return {
    title: `${c.operation} → ${c.api}`,
    operation: c.operation,
    when,
    url: c.url,
    status: c.httpStatus === undefined ? 'no HTTP answer' : `HTTP ${c.httpStatus}`,
    durationMs: c.durationMs,
    error: c.error,
    requestHtml: xmlToHtml(c.request),
    responseHtml: c.response === '' ? '<span class="x-empty">(no response)</span>' : xmlToHtml(c.response),
  };
}

/**
 * A message naming the first field that holds a character XML cannot carry (the
 * shop could not put it in its SOAP request), or undefined.
 */
function unsendableField(fields: Record<string, string>): string | undefined {
  for (const [label, value] of Object.entries(fields)) {
    const at = notXmlCharAt(value);
    if (at >= 0) return `The ${label} contains ${codePointName(value, at)}, a character XML cannot carry: the shop cannot send it to the payment platform.`;
  }
  return undefined;
}

export function registerDemoRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const base = () => ctx.config.publicUrl.replace(/\/+$/, '');
  /** The doWebPayment call of each token, shown again on the result page. */
  const payCalls = new BoundedMap<string, SoapCall>(MAX_REMEMBERED);
  const notifications: DemoNotification[] = [];
  let orders = 0;

  const soap = (api: DemoApi, operation: string, envelope: string): Promise<SoapAnswer> =>
    callSoap({ baseUrl: base(), merchantId: DEMO_MERCHANT.merchantId, accessKey: DEMO_MERCHANT.accessKey }, api, operation, envelope);

  /** Every outcome the simulator can give, with how the shop gets it. */
  const choices = (): OutcomeChoice[] => {
    const out: OutcomeChoice[] = [
      { value: 'accept', label: '00000 ACCEPTED – Payment accepted: press MAKE A PAYMENT' },
      { value: 'abort', label: '02008 CANCELLED – Cancelled by the buyer: press ABORT' },
    ];
    for (const s of ctx.catalog().scenariosFor(DEMO_MERCHANT.merchantId)) {
      const keys = Object.keys(s.match);
      const v = s.match['buyer.lastName'];
      // the fault scenarios (Flaky, Slow, Silent…) are for a shop's failure paths, not outcomes the demo offers
      if (keys.length !== 1 || v === undefined || isFaultScenario(s)) continue;
      const lastName = Array.isArray(v) ? v[0] : v;
      if (lastName === undefined) continue;
      const c = findCode(s.code);
      const how =
        s.when === 'doWebPayment'
          ? 'refused at doWebPayment, no payment page'
          : s.when === 'never'
            ? 'press MAKE A PAYMENT, then advance the simulated clock past the payment delay'
            : 'press MAKE A PAYMENT';
      out.push({ value: s.id, lastName, label: `${s.code} ${c?.shortMessage ?? ''} – ${c?.label ?? s.description}: last name "${lastName}", ${how}` });
    }
    return out;
  };

  const shopPage = (reply: FastifyReply, form: typeof DEFAULTS & { scenario: string }, error?: string, status = 200) => {
    const merchant = ctx.catalog().merchant(DEMO_MERCHANT.merchantId);
    return reply
      .code(status)
      .view('demo-shop.hbs', {
        title: 'DemoShop – a pretend merchant',
        form,
        widgetMode: form.mode === 'widget',
        templates: TEMPLATES.map((t) => ({ value: t, selected: t === form.template })),
        error,
        options: choices().map((c) => ({ ...c, selected: c.value === form.scenario })),
        languages: LANGUAGE_CHOICES.map((c) => ({ ...c, selected: c.value === form.languageCode })),
        endpoint: `${base()}/V4/services/WebPaymentAPI`,
        merchantId: DEMO_MERCHANT.merchantId,
        accessKey: DEMO_MERCHANT.accessKey,
        merchantMissing: merchant === undefined || merchant.accessKey !== DEMO_MERCHANT.accessKey,
      });
  };

  const errorPage = (reply: FastifyReply, title: string, message: string, calls: SoapCall[]) => {
    const timedOut = calls.some((c) => c.httpStatus === undefined && c.error?.startsWith('No answer'));
    const unreachable = calls.some((c) => c.httpStatus === undefined);
    return reply.code(timedOut ? 504 : 502).view('demo-error.hbs', {
      title,
      message,
      unreachable,
      publicUrl: base(),
      calls: calls.map((c) => callView(c)),
      xmlCss: XML_CSS,
    });
  };

  const resultPage = (
    reply: FastifyReply,
    data: {
      landing: 'return' | 'cancel' | 'doWebPayment';
      receivedUrl?: string;
      token?: string;
      result: SoapResult;
      body?: XObj;
      calls: { call: SoapCall; when: string }[];
    },
  ) => {
    const { body, result, token } = data;
    const accepted = result.code === '00000';
    const amount = text(body, 'payment.amount');
    const currency = text(body, 'payment.currency') ?? CURRENCY;
    const transactionId = text(body, 'transaction.id');
    const heading =
      data.landing === 'doWebPayment'
        ? 'The payment could not start'
        : accepted
          ? 'Thank you for your order'
          : result.code === '02306'
            ? 'Your payment is still in progress'
            : 'Your payment was not completed';
    return reply.view('demo-result.hbs', {
      title: `DemoShop – ${heading}`,
      heading,
      accepted,
      landing: data.landing,
      receivedUrl: data.receivedUrl,
      result,
      resultNote: longMessageNote(result),
      token,
      transactionId,
      orderRef: text(body, 'order.ref'),
      amount: amount !== undefined ? formatAmount(amount, currency) : undefined,
      date: text(body, 'transaction.date'),
      backofficeHref: token ? `/_simulator/ui/sessions/${encodeURIComponent(token)}` : undefined,
      refund:
        accepted && transactionId && token
          ? { token, transactionId, currency, amount: amount && /^\d+$/.test(amount) ? amountInput(Number(amount)) : DEFAULTS.amount }
          : undefined,
      notifications: token
        ? notifications.filter((n) => n.token === token).map((n) => ({ at: longDate(n.at, ctx.config.timeZone), type: n.notificationType, url: n.url }))
        : [],
      calls: data.calls.map((c) => callView(c.call, c.when)),
      xmlCss: XML_CSS,
    });
  };

  app.get('/', async (_req, reply) => shopPage(reply, { ...DEFAULTS, scenario: 'accept' }));

  app.post('/demo/pay', async (req, reply) => {
    const form = {
      amount: field(req.body, 'amount') || DEFAULTS.amount,
      firstName: field(req.body, 'firstName'),
      lastName: field(req.body, 'lastName'),
      email: field(req.body, 'email'),
      scenario: field(req.body, 'scenario') || 'accept',
      languageCode: field(req.body, 'languageCode') || DEFAULTS.languageCode,
      mode: field(req.body, 'mode') || DEFAULTS.mode,
      template: field(req.body, 'template') || DEFAULTS.template,
    };
    if (form.mode !== 'redirect' && form.mode !== 'widget') return shopPage(reply, { ...form, mode: DEFAULTS.mode }, `Unknown payment page ${JSON.stringify(form.mode.slice(0, 20))}: redirect or widget.`, 400);
    if (!(TEMPLATES as readonly string[]).includes(form.template)) {
      return shopPage(reply, { ...form, template: DEFAULTS.template }, `Unknown widget template ${JSON.stringify(form.template.slice(0, 20))}: ${TEMPLATES.join(', ')}.`, 400);
    }
    const unsendable = unsendableField({ 'first name': form.firstName, 'last name': form.lastName, 'e-mail': form.email });
    if (unsendable) return shopPage(reply, form, unsendable, 400);
    const choice = choices().find((c) => c.value === form.scenario);
    if (!choice) return shopPage(reply, form, `Unknown outcome ${JSON.stringify(form.scenario.slice(0, 40))}: pick one in the list.`, 400);
    if (choice.lastName !== undefined) form.lastName = choice.lastName;
    if (!LANGUAGE_CHOICES.some((c) => c.value === form.languageCode)) {
      return shopPage(reply, form, `Unknown language ${JSON.stringify(form.languageCode.slice(0, 40))}: pick one in the list.`, 400);
    }
    const cents = parseAmount(form.amount);
    if (cents === undefined || cents === 0) {
      return shopPage(reply, form, `The amount must be a positive amount in euros such as 99,00 (got ${JSON.stringify(form.amount.slice(0, 20))}).`, 400);
    }
    orders++;
    const now = Date.now();
    const stamp = longDate(now, ctx.config.timeZone); // dd/MM/yyyy HH:mm:ss
    const orderRef = `DEMO-${stamp.slice(6, 10)}${stamp.slice(3, 5)}${stamp.slice(0, 2)}-${stamp.slice(11).replace(/:/g, '')}-${orders}`;
    const request = doWebPaymentEnvelope({
      amount: String(cents),
      currency: CURRENCY,
      contractNumber: DEMO_MERCHANT.contractNumber,
      orderRef,
      orderDate: stamp.slice(0, 16),
      returnURL: `${base()}/demo/return?shop=demo`,
      cancelURL: `${base()}/demo/cancel`,
      notificationURL: `${base()}/demo/notify`,
      firstName: form.firstName,
      lastName: form.lastName,
      email: form.email,
      ...(form.languageCode !== 'none' && { languageCode: form.languageCode }),
    });
    const answer = await soap('WebPaymentAPI', 'doWebPayment', request);
    if (!answer.body) return errorPage(reply, 'The payment could not start', 'The shop could not get an answer to doWebPayment.', [answer.call]);
    const result = resultOf(answer.body)!;
    const token = text(answer.body, 'token');
    const redirectURL = text(answer.body, 'redirectURL');
    if (result.code === '00000' && token && redirectURL) {
      payCalls.set(token, answer.call);
      if (form.mode === 'widget') return reply.redirect(`/demo/widget?${new URLSearchParams({ token, template: form.template })}`, 303);
      return reply.redirect(redirectURL, 303);
    }
    return resultPage(reply, {
      landing: 'doWebPayment',
      ...(token !== undefined && { token }),
      result,
      body: answer.body,
      calls: [{ call: answer.call, when: 'when you pressed Pay with Bancontact' }],
    });
  });

  const back = (landing: 'return' | 'cancel') => async (req: { query: unknown; url: string }, reply: FastifyReply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const token = typeof q['paylinetoken'] === 'string' ? q['paylinetoken'].trim() : '';
    if (!token) {
      return reply.code(400).view('message.hbs', {
        title: 'No payment token',
        message: `The ${landing} URL was opened without paylinetoken: the payment page adds it when it sends the buyer back to the shop.`,
        status: 400,
      });
    }
    const unsendable = unsendableField({ paylinetoken: token });
    if (unsendable) return reply.code(400).view('message.hbs', { title: 'Not a payment token', message: unsendable, status: 400 });
    const answer = await soap('WebPaymentAPI', 'getWebPaymentDetails', getWebPaymentDetailsEnvelope(token));
    if (!answer.body) return errorPage(reply, 'The payment result is unknown', 'The shop could not get an answer to getWebPaymentDetails.', [answer.call]);
    const earlier = payCalls.get(token);
    return resultPage(reply, {
      landing,
      receivedUrl: req.url,
      token,
      result: resultOf(answer.body)!,
      body: answer.body,
      calls: [
        ...(earlier ? [{ call: earlier, when: 'when you pressed Pay with Bancontact' }] : []),
        { call: answer.call, when: `when the buyer came back on the ${landing} URL` },
      ],
    });
  };
  // in-shop mode: the shop's page embeds the widget; back from the partner page it shows the widget
  // again with the paylinetoken it was given, as Magento and WooCommerce do
  app.get('/demo/widget', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const one = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
    const token = one('paylinetoken') || one('token');
    const template = one('template') || DEFAULTS.template;
    if (!token || !(TEMPLATES as readonly string[]).includes(template)) {
      return reply.code(400).view('message.hbs', {
        title: 'Cannot show the widget',
        message: !token
          ? 'The widget page needs the token of doWebPayment (?token=…): start the payment from the shop.'
          : `Unknown widget template ${JSON.stringify(template.slice(0, 20))}: ${TEMPLATES.join(', ')}.`,
        status: 400,
        back: '/',
      });
    }
    return reply.header('cache-control', 'no-store').view('demo-widget.hbs', {
      title: 'DemoShop – pay in the shop',
      token,
      template,
      lightbox: template === 'lightbox',
      returned: one('paylinetoken') !== '',
      backofficeHref: `/_simulator/ui/sessions/${encodeURIComponent(token)}`,
    });
  });
  app.get('/demo/return', back('return'));
  app.get('/demo/cancel', back('cancel'));

  app.get('/demo/notify', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : null);
    notifications.push({ at: ctx.clock.now(), token: s('token'), notificationType: s('notificationType'), url: req.url });
    if (notifications.length > MAX_REMEMBERED) notifications.shift();
    return reply.type('text/plain; charset=utf-8').send('OK');
  });

  app.post('/demo/refund', async (req, reply) => {
    const token = field(req.body, 'token');
    const transactionId = field(req.body, 'transactionId');
    const currency = field(req.body, 'currency') || CURRENCY;
    const amountText = field(req.body, 'amount');
    const cents = parseAmount(amountText);
    const unsendable = unsendableField({ 'transaction id': transactionId, currency });
    if (unsendable) return reply.code(400).view('message.hbs', { title: 'Cannot refund', message: unsendable, status: 400 });
    if (!transactionId || cents === undefined || cents === 0) {
      return reply.code(400).view('message.hbs', {
        title: 'Cannot refund',
        message: !transactionId
          ? 'The refund form has no transaction id: refund from the result page of an accepted payment.'
          : `The amount to refund must be a positive amount in euros such as 10,00 (got ${JSON.stringify(amountText.slice(0, 20))}).`,
        status: 400,
        ...(token && { back: `/demo/return?shop=demo&paylinetoken=${encodeURIComponent(token)}` }),
      });
    }
    const request = doRefundEnvelope({
      transactionID: transactionId,
      amount: String(cents),
      currency,
      contractNumber: DEMO_MERCHANT.contractNumber,
      comment: 'Refund from the demo shop',
    });
    const answer = await soap('DirectPaymentAPI', 'doRefund', request);
    if (!answer.body) return errorPage(reply, 'The refund failed', 'The shop could not get an answer to doRefund.', [answer.call]);
    const result = resultOf(answer.body)!;
    return reply.view('demo-refund.hbs', {
      title: 'DemoShop – refund',
      accepted: result.code === '00000',
      result,
      amount: formatAmount(String(cents), currency),
      paymentId: transactionId,
      refundId: text(answer.body, 'transaction.id'),
      date: text(answer.body, 'transaction.date'),
      resultHref: token ? `/demo/return?shop=demo&paylinetoken=${encodeURIComponent(token)}` : undefined,
      backofficeHref: token ? `/_simulator/ui/sessions/${encodeURIComponent(token)}` : undefined,
      calls: [callView(answer.call, 'when you pressed Refund')],
      xmlCss: XML_CSS,
    });
  });
}

/**
 * The hosted payment page (the redirectURL): the two buttons of Monext's
 * homologation simulator, MAKE A PAYMENT and ABORT, and beside them a panel of
 * simulator controls with one button per configured outcome.
 *
 * Every page here is a buyer's: in the session's language (doWebPayment's
 * languageCode), else the one the browser's Accept-Language prefers among
 * fr, nl, de and en, else English. The simulator controls stay in English.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OUTCOME_CODES } from '../domain/codes.js';
import { formatAmount, longDate } from '../domain/formats.js';
import { chooseLanguage, type Language } from '../domain/language.js';
import { CANCELLED, EXPIRED, type BuyerAction } from '../domain/payments.js';
import type { WebSession } from '../domain/model.js';
import { text } from '../soap/envelope.js';
import type { SimulatorContext } from './context.js';
import { catalogues, translate } from './texts.js';
import { withPaylineToken } from './urls.js';

type Form = { token?: string; code?: string; wallet?: string };

/**
 * Where the buyer goes back to once the result is final: in widget mode the shop page that hosted
 * the widget (its paymentRequest's merchantReturnUrl), which shows the final state; else returnURL,
 * or cancelURL after ABORT or expiry.
 */
export function destination(s: WebSession): string {
  if (s.widget?.merchantReturnUrl !== undefined) return withPaylineToken(s.widget.merchantReturnUrl, s.token);
  const code = s.result?.code;
  const url = code === CANCELLED || code === EXPIRED ? text(s.request, 'cancelURL') : text(s.request, 'returnURL');
  return withPaylineToken(url ?? '/', s.token);
}

/** The language of a buyer page: the session's, else the browser's choice among the four, else English. */
export function pageLanguage(req: FastifyRequest, s: WebSession | undefined): Language {
  return s?.language ?? chooseLanguage(undefined, req.headers['accept-language']).language;
}

/** The message pages (views/message.hbs): each has the texts `message.<kind>.title` and `message.<kind>.text`. */
export const MESSAGE_KINDS = ['unknownSession', 'expired', 'finished', 'unknownOutcome'] as const;
type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What every buyer page's view needs: its language (`<html lang>`) and texts (the `t` helper). */
function buyerView(language: Language) {
  const texts = catalogues()[language];
  return { lang: language, texts, say: (key: string, values?: Record<string, unknown>) => translate(texts, key, values) };
}

/** The shop name shown to the buyer: the contract's, else the merchant's, else the soft descriptor. */
export function shopNameOf(ctx: SimulatorContext, s: WebSession): string {
  const m = ctx.catalog().merchant(s.merchantId);
  const c = m && ctx.catalog().contract(m, s.contractNumber);
  return c?.shopName || m?.shopName || s.softDescriptor;
}

/** The pages' icon (a small "B" on the page's brand colour), linked from layout.hbs. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#005498"/>' +
  '<text x="16" y="23" font-family="Arial,sans-serif" font-size="20" font-weight="700" fill="#ffd800" text-anchor="middle">B</text></svg>';

export function registerPageRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  // every browser asks for /favicon.ico: an icon rather than a 404 on every page
  const favicon = async (_req: unknown, reply: FastifyReply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG);
  app.get('/favicon.ico', favicon);
  app.get('/favicon.svg', favicon);

  // the page reflects a session's live state: never show a cached copy (e.g. after Back)
  const noStore = { onRequest: (_req: unknown, reply: FastifyReply, done: () => void) => (reply.header('cache-control', 'no-store'), done()) };
  const shopName = (s: WebSession): string => shopNameOf(ctx, s);

  const message = (reply: FastifyReply, language: Language, kind: MessageKind, values: Record<string, unknown>, extra: { code?: string; back?: string; status: number }) => {
    const { lang, texts, say } = buyerView(language);
    return reply.view('message.hbs', { lang, texts, kind, title: say(`message.${kind}.title`), message: say(`message.${kind}.text`, values), ...extra });
  };

  const unknown = (req: FastifyRequest, reply: FastifyReply) => message(reply.code(404), pageLanguage(req, undefined), 'unknownSession', {}, { status: 404 });

  const finished = (req: FastifyRequest, reply: FastifyReply, s: WebSession) => {
    const expired = s.result?.code === EXPIRED;
    const values = { code: s.result?.code, shortMessage: s.result?.shortMessage, longMessage: s.result?.longMessage };
    return message(reply, pageLanguage(req, s), expired ? 'expired' : 'finished', values, { code: s.result?.code, back: destination(s), status: 200 });
  };

  const page = (req: FastifyRequest, reply: FastifyReply, s: WebSession, notice?: 'page.partnerSilent') => {
    const wallet = ctx.payments.wallet(s);
    const language = pageLanguage(req, s);
    const { lang, texts, say } = buyerView(language);
    return reply.view('payment.hbs', {
      lang,
      texts,
      title: say('page.title', { shop: shopName(s) }),
      token: s.token,
      shopName: shopName(s),
      amount: formatAmount(text(s.request, 'payment.amount') ?? '0', text(s.request, 'payment.currency') ?? '978', language),
      orderRef: text(s.request, 'order.ref'),
      expiresAt: longDate(s.expiresAt, ctx.config.timeZone, language),
      wallet: wallet && { label: `${wallet.card.maskedPan} - ${wallet.card.expiry}` },
      outcomes: OUTCOME_CODES.map((c) => ({ code: c.code, shortMessage: c.shortMessage, label: c.label })),
      scenario: s.scenario,
      notice: notice && say(notice),
    });
  };

  app.get<{ Querystring: { token?: string } }>('/v2/', noStore, async (req, reply) => {
    const token = req.query.token;
    const s = token ? ctx.payments.session(token) : undefined;
    if (!s) return unknown(req, reply);
    ctx.journal.record(s.token, { kind: 'page', at: ctx.clock.now(), event: 'view', ...(s.status === 'FINAL' && { detail: `already final: ${s.result?.code}` }) });
    if (s.status === 'FINAL') return finished(req, reply, s);
    return page(req, reply, s);
  });

  const act = (req: FastifyRequest, reply: FastifyReply, form: Form, action: BuyerAction) => {
    const token = typeof form.token === 'string' ? form.token : undefined;
    // the press happens before what it causes (the notification is started inside act)
    const at = ctx.clock.now();
    const outcome = token ? ctx.payments.act(token, action) : ({ kind: 'unknown' } as const);
    if (outcome.kind === 'unknown') return unknown(req, reply);
    const s = outcome.session;
    const event = action.type === 'code' ? 'simulate' : action.type;
    const detail =
      outcome.kind === 'waiting'
        ? 'the partner did not answer (scenario: never)'
        : outcome.changed
          ? `result ${s.result?.code} ${s.result?.shortMessage}`
          : `ignored: the result was already final (${s.result?.code})`;
    ctx.journal.record(s.token, { kind: 'page', at, event, detail: action.type === 'code' ? `${action.code}: ${detail}` : detail });
    if (outcome.kind === 'waiting') {
      return page(req, reply, s, 'page.partnerSilent');
    }
    if (s.result?.code === EXPIRED) return finished(req, reply, s);
    const url = destination(s);
    ctx.journal.record(s.token, { kind: 'redirect', at, url });
    return reply.redirect(url, 303);
  };
  const form = (body: unknown): Form => (body && typeof body === 'object' ? (body as Form) : {});

  app.post('/v2/pay', noStore, async (req, reply) => act(req, reply, form(req.body), { type: 'pay', byWallet: form(req.body).wallet === '1' }));
  app.post('/v2/abort', noStore, async (req, reply) => act(req, reply, form(req.body), { type: 'abort' }));
  app.post('/v2/simulate', noStore, async (req, reply) => {
    const f = form(req.body);
    const code = typeof f.code === 'string' ? f.code : '';
    if (!OUTCOME_CODES.some((c) => c.code === code)) {
      const token = typeof f.token === 'string' ? f.token : undefined;
      const values = { code: JSON.stringify(code.slice(0, 20)), codes: OUTCOME_CODES.map((c) => c.code).join(', ') };
      return message(reply.code(400), pageLanguage(req, token ? ctx.payments.session(token) : undefined), 'unknownOutcome', values, { status: 400 });
    }
    return act(req, reply, f, { type: 'code', code, by: 'panel' });
  });
}

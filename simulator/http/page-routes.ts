/**
 * The hosted payment page (the redirectURL): the two buttons of Monext's
 * homologation simulator, MAKE A PAYMENT and ABORT, and beside them a panel of
 * simulator controls with one button per configured outcome.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { OUTCOME_CODES } from '../domain/codes.js';
import { formatAmount, longDate } from '../domain/formats.js';
import { CANCELLED, EXPIRED, type BuyerAction } from '../domain/payments.js';
import type { WebSession } from '../domain/model.js';
import { text } from '../soap/envelope.js';
import type { SimulatorContext } from './context.js';
import { withPaylineToken } from './urls.js';

type Form = { token?: string; code?: string; wallet?: string };

/** Where the buyer goes back to once the result is final. */
export function destination(s: WebSession): string {
  const code = s.result?.code;
  const url = code === CANCELLED || code === EXPIRED ? text(s.request, 'cancelURL') : text(s.request, 'returnURL');
  return withPaylineToken(url ?? '/', s.token);
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

  const shopName = (s: WebSession): string => {
    const m = ctx.catalog().merchant(s.merchantId);
    const c = m && ctx.catalog().contract(m, s.contractNumber);
    return c?.shopName || m?.shopName || s.softDescriptor;
  };

  const unknown = (reply: FastifyReply) =>
    reply.code(404).view('message.hbs', {
      title: 'Unknown payment session',
      message: 'This payment link is not valid: no payment session has this token. Start the payment again from the shop.',
      status: 404,
    });

  const finished = (reply: FastifyReply, s: WebSession) => {
    const expired = s.result?.code === EXPIRED;
    return reply.view('message.hbs', {
      title: expired ? 'Your payment session has expired' : 'This payment is finished',
      message: expired
        ? 'The time allowed to pay has run out, and no payment was made.'
        : `The result of this payment is already known: ${s.result?.code} ${s.result?.shortMessage} (${s.result?.longMessage}).`,
      code: s.result?.code,
      back: destination(s),
      status: 200,
    });
  };

  const page = (reply: FastifyReply, s: WebSession, notice?: string) => {
    const wallet = ctx.payments.wallet(s);
    return reply.view('payment.hbs', {
      title: `${shopName(s)} – Bancontact payment`,
      token: s.token,
      shopName: shopName(s),
      amount: formatAmount(text(s.request, 'payment.amount') ?? '0', text(s.request, 'payment.currency') ?? '978'),
      orderRef: text(s.request, 'order.ref'),
      expiresAt: longDate(s.expiresAt, ctx.config.timeZone),
      wallet: wallet && { label: `${wallet.card.maskedPan} - ${wallet.card.expiry}` },
      outcomes: OUTCOME_CODES.map((c) => ({ code: c.code, shortMessage: c.shortMessage, label: c.label })),
      scenario: s.scenario,
      notice,
    });
  };

  app.get<{ Querystring: { token?: string } }>('/v2/', noStore, async (req, reply) => {
    const token = req.query.token;
    const s = token ? ctx.payments.session(token) : undefined;
    if (!s) return unknown(reply);
    ctx.journal.record(s.token, { kind: 'page', at: ctx.clock.now(), event: 'view', ...(s.status === 'FINAL' && { detail: `already final: ${s.result?.code}` }) });
    if (s.status === 'FINAL') return finished(reply, s);
    return page(reply, s);
  });

  const act = (reply: FastifyReply, form: Form, action: BuyerAction) => {
    const token = typeof form.token === 'string' ? form.token : undefined;
    // the press happens before what it causes (the notification is started inside act)
    const at = ctx.clock.now();
    const outcome = token ? ctx.payments.act(token, action) : ({ kind: 'unknown' } as const);
    if (outcome.kind === 'unknown') return unknown(reply);
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
      return page(reply, s, 'The payment partner has not answered. This session stays open until it expires.');
    }
    if (s.result?.code === EXPIRED) return finished(reply, s);
    const url = destination(s);
    ctx.journal.record(s.token, { kind: 'redirect', at, url });
    return reply.redirect(url, 303);
  };
  const form = (body: unknown): Form => (body && typeof body === 'object' ? (body as Form) : {});

  app.post('/v2/pay', noStore, async (req, reply) => act(reply, form(req.body), { type: 'pay', byWallet: form(req.body).wallet === '1' }));
  app.post('/v2/abort', noStore, async (req, reply) => act(reply, form(req.body), { type: 'abort' }));
  app.post('/v2/simulate', noStore, async (req, reply) => {
    const f = form(req.body);
    const code = typeof f.code === 'string' ? f.code : '';
    if (!OUTCOME_CODES.some((c) => c.code === code)) {
      return reply.code(400).view('message.hbs', {
        title: 'Unknown outcome',
        message: `${JSON.stringify(code.slice(0, 20))} is not an outcome code; the codes are ${OUTCOME_CODES.map((c) => c.code).join(', ')}.`,
        status: 400,
      });
    }
    return act(reply, f, { type: 'code', code, by: 'panel' });
  });
}

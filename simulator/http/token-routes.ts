/**
 * The token services of the payment widget (in-shop mode) and of Monext's native SDKs, under
 * /services/token/{token}/: the session state, the payment request (which sends the buyer to the
 * partner simulator page) and the payment with the saved card. JSON in and out, CORS for the
 * shop's page (any origin: a test tool), errors as `{ error, statusCode }` through the app's one
 * error handler. Contract: docs/widget-services.md.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSession } from '../domain/model.js';
import { absoluteUrl, Refusal } from '../domain/validation.js';
import { BANCONTACT, sessionState, stateType, WALLET_CARD_INDEX, type StateType } from '../domain/widget-state.js';
import { text } from '../soap/envelope.js';
import { objectBody } from './admin-routes.js';
import type { SimulatorContext } from './context.js';
import { HttpError } from './errors.js';
import { pageLanguage, shopNameOf } from './page-routes.js';
import { answerBase, WEBPAYMENT_HOST } from './hosts.js';
import { withPaylineToken } from './urls.js';

export const TOKEN_SERVICES_PREFIX = '/services/token';

type Params = { token: string };

/** What a request answered, for its journal entry (kept until the response is sent). */
const answered = new WeakMap<FastifyRequest, { state?: StateType; detail?: string }>();

export async function registerTokenRoutes(app: FastifyInstance, ctx: SimulatorContext): Promise<void> {
  await app.register(
    async (scope) => {
      // the widget runs on the shop's page and calls these services cross-origin (fetch with JSON):
      // every origin is allowed and reflected, preflights answered; nothing else of the simulator gets CORS
      await scope.register(cors, {
        origin: true,
        methods: ['GET', 'POST', 'OPTIONS'],
        allowedHeaders: ['content-type', 'accept', 'accept-language', 'x-widget-sdk'],
        maxAge: 600,
        // an OPTIONS without Origin gets the same 204 (strict mode answered it with a text/plain 400)
        strictPreflight: false,
      });
      scope.addHook('onRequest', (_req, reply, done) => {
        reply.header('cache-control', 'no-store');
        done();
      });
      // the journal of the session gets every state fetch and payment request, with what it answered
      scope.addHook('onResponse', (req, reply, done) => {
        const token = (req.params as Partial<Params> | undefined)?.token;
        if (req.method !== 'OPTIONS' && token !== undefined && ctx.store.getSession(token)) {
          const a = answered.get(req);
          ctx.journal.record(token, {
            kind: 'widget',
            at: ctx.clock.now(),
            method: req.method,
            path: req.url.split('?', 1)[0]!,
            httpStatus: reply.statusCode,
            ...(a?.state !== undefined && { state: a.state }),
            ...(a?.detail !== undefined && { detail: a.detail }),
          });
        }
        done();
      });

      // a refused call's journal entry says why (the error's message, as the client got it)
      scope.addHook('onError', (req, _reply, err, done) => {
        answered.set(req, { detail: err.message.slice(0, 300) });
        done();
      });

      const sessionOf = (token: string): WebSession => {
        const s = ctx.payments.session(token);
        if (!s) throw new HttpError(404, `No payment session has the token ${JSON.stringify(token.slice(0, 60))}`);
        return s;
      };

      const state = (req: FastifyRequest, s: WebSession, detail?: string) => {
        const merchant = ctx.catalog().merchant(s.merchantId);
        const pos = merchant && ctx.catalog().pointOfSale(merchant, s.pointOfSale);
        const tx = s.transactionId === undefined ? undefined : ctx.store.getTransaction(s.transactionId);
        const wallet = ctx.payments.wallet(s);
        const body = sessionState({
          session: s,
          now: ctx.clock.now(),
          timeZone: ctx.config.timeZone,
          language: pageLanguage(req, s),
          shopName: shopNameOf(ctx, s),
          automaticRedirectAtSessionsEnd: pos?.automaticRedirectAtSessionsEnd === true,
          // the partner page is on the hosted page's host: asked on Monext's payment host, Monext's webpayment host
          partnerPageUrl: ctx.payments.redirectURL(s.token, answerBase(req, ctx, WEBPAYMENT_HOST)),
          returnUrl: withPaylineToken(text(s.request, 'returnURL') ?? '', s.token),
          cancelUrl: withPaylineToken(text(s.request, 'cancelURL') ?? '', s.token),
          ...(wallet && { wallet }),
          ...(tx && { transaction: tx }),
        });
        answered.set(req, { state: stateType(s), ...(detail !== undefined && { detail }) });
        return body;
      };

      /** The checks both payment requests share; returns the merchantReturnUrl given, if any. */
      const checkRequest = (s: WebSession, o: Record<string, unknown>, returnUrlRequired: boolean): string | undefined => {
        if (o['cardCode'] !== BANCONTACT) throw new HttpError(400, `cardCode must be "${BANCONTACT}", the payment method of this session; got ${shownJson(o['cardCode'])}`);
        const contract = o['contractNumber'];
        if (contract !== undefined && contract !== null && contract !== s.contractNumber) {
          throw new HttpError(400, `contractNumber must be the session's contract "${s.contractNumber}" (or be left out); got ${shownJson(contract)}`);
        }
        const flag = o['isEmbeddedRedirectionAllowed'];
        if (flag !== undefined && flag !== null && typeof flag !== 'boolean') throw new HttpError(400, `isEmbeddedRedirectionAllowed must be true or false; got ${shownJson(flag)}`);
        const params = o['paymentParams'];
        if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
          throw new HttpError(400, `paymentParams must be a JSON object; got ${shownJson(params)}`);
        }
        const url = o['merchantReturnUrl'];
        if (url === undefined || url === null) {
          if (returnUrlRequired) throw new HttpError(400, 'merchantReturnUrl is missing: give the absolute URL of the shop page that shows the widget');
          return undefined;
        }
        if (typeof url !== 'string') throw new HttpError(400, `merchantReturnUrl must be an absolute http(s) URL; got ${shownJson(url)}`);
        try {
          return absoluteUrl('merchantReturnUrl', url);
        } catch (e) {
          if (e instanceof Refusal) throw new HttpError(400, e.result.longMessage);
          throw e;
        }
      };

      /** The request body as a JSON object: other media types (form, text) get 415, as the contract says JSON. */
      const jsonBody = (req: FastifyRequest): Record<string, unknown> => {
        const type = req.headers['content-type'];
        if (type !== undefined && !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
          throw new HttpError(415, `Unsupported Content-Type ${JSON.stringify(type.slice(0, 60))}: send the body as application/json`);
        }
        return objectBody(req.body);
      };

      const notFinal = (s: WebSession) => {
        if (s.status === 'FINAL') {
          throw new HttpError(409, `The session is already final (${s.result?.code} ${s.result?.shortMessage}): GET ${TOKEN_SERVICES_PREFIX}/${s.token}/state/current gives its final state`);
        }
      };

      scope.get<{ Params: Params }>('/:token/state/current', async (req) => state(req, sessionOf(req.params.token)));

      scope.post<{ Params: Params }>('/:token/paymentRequest', async (req) => {
        const s = sessionOf(req.params.token);
        const url = checkRequest(s, jsonBody(req), true);
        notFinal(s);
        ctx.payments.requestByWidget(s, 'paymentRequest', url);
        return state(req, s, `sent to the partner page; back to ${url}`);
      });

      scope.post<{ Params: Params }>('/:token/walletPaymentRequest', async (req) => {
        const s = sessionOf(req.params.token);
        const o = jsonBody(req);
        const url = checkRequest(s, o, false);
        const index = o['index'];
        if (typeof index !== 'number' || !Number.isInteger(index)) throw new HttpError(400, `index must be the index of a saved card of paymentMethodsList.wallets; got ${shownJson(index)}`);
        if (index !== WALLET_CARD_INDEX || !ctx.payments.wallet(s)) {
          throw new HttpError(400, `index ${index} is not a saved card of this session (saved cards: ${ctx.payments.wallet(s) ? `index ${WALLET_CARD_INDEX}` : 'none'})`);
        }
        notFinal(s);
        ctx.payments.requestByWidget(s, 'walletPaymentRequest', url);
        const outcome = ctx.payments.act(s.token, { type: 'pay', byWallet: true });
        const detail = outcome.kind === 'waiting' ? 'paid with the saved card: the partner did not answer (scenario: never)' : `paid with the saved card: result ${s.result?.code} ${s.result?.shortMessage}`;
        return state(req, s, detail);
      });

      // a method a service does not answer to: 405 naming the one it does
      const wrongMethod = (allow: string) => async (_req: FastifyRequest, reply: FastifyReply) => {
        reply.header('allow', `${allow}, OPTIONS`);
        throw new HttpError(405, `Method not allowed: this service answers ${allow}`);
      };
      const OTHER = ['PUT', 'PATCH', 'DELETE'] as const;
      scope.route({ method: ['POST', ...OTHER], url: '/:token/state/current', handler: wrongMethod('GET') });
      scope.route({ method: ['GET', ...OTHER], url: '/:token/paymentRequest', handler: wrongMethod('POST') });
      scope.route({ method: ['GET', ...OTHER], url: '/:token/walletPaymentRequest', handler: wrongMethod('POST') });
    },
    { prefix: TOKEN_SERVICES_PREFIX },
  );
}

/** A JSON value quoted for a message, cut to a readable length. */
function shownJson(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

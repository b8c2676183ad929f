/**
 * The SOAP endpoints: POST /V4/services/{WebPaymentAPI|DirectPaymentAPI|ExtendedAPI}
 * with pre-emptive HTTP Basic authentication (merchant id : access key, HTTP 401
 * otherwise, as on the real platform), and GET …?wsdl for the WSDL. The same
 * endpoints answer under /failover/V4/services/…, the second base URL a shop's
 * failover (Monext's PHP SDK) moves to. Fault rules (http/faults.ts) apply after
 * authentication, before the operation runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Merchant } from '../fixtures/model.js';
import type { Catalog } from '../domain/catalog.js';
import { parseRequest, renderResponse, SoapFault } from '../soap/envelope.js';
import { OPERATIONS, type ApiName } from '../soap/schema.js';
import { renderWsdl } from '../soap/wsdl.js';
import type { OperationContext, OperationHandler } from '../soap/webpayment.js';
import type { SimulatorContext } from './context.js';
import { handleError, HttpError } from './errors.js';
import type { FaultHit } from '../domain/faults.js';
import { codeFaultAnswer, failoverHeaders, httpFaultAnswer, type FaultMark } from './faults.js';
import { answerBase, SOAP_HOST, WEBPAYMENT_HOST } from './hosts.js';

export const APIS: readonly ApiName[] = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'];
/** The base paths the SOAP API is served under: the platform's, and the failover one. */
export const SOAP_BASES = ['/V4', '/failover/V4'] as const;

declare module 'fastify' {
  interface FastifyRequest {
    merchant?: Merchant;
    /** What the journal needs to know of a SOAP exchange. */
    soap?: { operation: string; token?: string; resultCode?: string; fault?: FaultMark };
    /** performance.now() when the SOAP route took the request (Fastify times replies only when it logs). */
    soapStartedAt: number;
  }
  interface FastifyContextConfig {
    /** On the SOAP route: records an exchange just answered (the error handler calls it for faults). */
    journalSoap?: (req: FastifyRequest, reply: FastifyReply, response: string) => void;
  }
}

/** merchantId and access key from a Basic Authorization header. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Why credentials were refused, for the journal's 401 entry: which merchant ID was tried, and what was wrong. */
export function whyUnauthorized(catalog: Catalog, header: string | undefined): { triedMerchantId?: string; unauthorized: string } {
  if (header === undefined) return { unauthorized: 'no Authorization header: send HTTP Basic merchantId:accessKey' };
  const creds = basicCredentials(header);
  if (!creds) return { unauthorized: 'the Authorization header is not HTTP Basic merchantId:accessKey' };
  if (!catalog.merchant(creds.user)) return { triedMerchantId: creds.user, unauthorized: `unknown merchant ID ${JSON.stringify(creds.user)}` };
  return { triedMerchantId: creds.user, unauthorized: `wrong access key for merchant ${creds.user}` };
}

/**
 * The merchant of an Authorization header, as basicCredentials and the catalog's
 * authenticate give it, remembered per catalog (a reload makes a new catalog):
 * the same few headers come with every request.
 */
const authCache = new WeakMap<Catalog, Map<string, Merchant>>();
const AUTH_CACHE_SIZE = 1000;

function authenticate(catalog: Catalog, header: string | undefined): Merchant | undefined {
  if (header === undefined) return undefined;
  let cache = authCache.get(catalog);
  if (!cache) {
    cache = new Map();
    authCache.set(catalog, cache);
  }
  const hit = cache.get(header);
  if (hit) return hit;
  const creds = basicCredentials(header);
  const merchant = creds && catalog.authenticate(creds.user, creds.password);
  if (merchant) {
    // only headers that authenticate are kept, and no more than AUTH_CACHE_SIZE of them
    if (cache.size >= AUTH_CACHE_SIZE) cache.clear();
    cache.set(header, merchant);
  }
  return merchant;
}

export function registerSoapRoutes(app: FastifyInstance, ctx: SimulatorContext, handlers: Record<ApiName, Record<string, OperationHandler>>): void {
  // declared, so that every request object has them from the start (set later, they change its shape)
  app.decorateRequest('merchant', undefined);
  app.decorateRequest('soap', undefined);
  app.decorateRequest('soapStartedAt', 0);
  const isApi = (s: string): s is ApiName => (APIS as readonly string[]).includes(s);

  for (const base of SOAP_BASES) {
    app.get<{ Params: { api: string } }>(`${base}/services/:api`, async (req, reply) => {
      const api = req.params.api;
      if (!isApi(api)) return reply.callNotFound();
      if (!('wsdl' in (req.query as Record<string, unknown>))) {
        return reply.type('text/plain; charset=utf-8').send(`${api}: SOAP 1.1 endpoint of the Bancontact homologation simulator. POST SOAP envelopes here; the WSDL is at ?wsdl.\n`);
      }
      return reply.type('text/xml; charset=utf-8').send(renderWsdl(api, `${answerBase(req, ctx, SOAP_HOST)}${base}/services/${api}`));
    });
  }

  // the journal is written where each answer is sent (here, and by the error handler for
  // faults) rather than in an onSend hook: the hook machinery cost as much as the journal
  const journalSoap = (req: FastifyRequest, reply: FastifyReply, response: string, refused?: { triedMerchantId?: string; unauthorized: string }): void => {
    const info = req.soap;
    const fault = info?.fault;
    const headers = failoverHeaders(req.headers);
    const route = req.routeOptions.url;
    ctx.journal.recordSoap(info?.token, {
      kind: 'soap',
      at: ctx.clock.now(),
      api: (req.params as { api: string }).api,
      operation: info?.operation ?? 'unknown',
      // no answer at all (reset, hang): status 0
      httpStatus: fault && (fault.kind === 'reset' || fault.kind === 'hang') ? 0 : reply.statusCode,
      durationMs: Math.round((performance.now() - req.soapStartedAt) * 1000) / 1000,
      merchantId: req.merchant ? req.merchant.merchantId : undefined,
      ...refused,
      resultCode: info?.resultCode,
      request: typeof req.body === 'string' ? req.body : '',
      response,
      ...(route !== undefined && route.startsWith('/failover/') && { endpoint: route.slice(0, route.indexOf('/services/')) }),
      ...(fault && { fault }),
      ...(headers && { headers }),
    });
  };

  /** Runs the operation and sends its answer. */
  const answer = (req: FastifyRequest, reply: FastifyReply, handler: OperationHandler, operation: string, body: OperationContext['body']): void => {
    const info = req.soap!;
    const opCtx: OperationContext = { merchant: req.merchant!, body, pageBase: answerBase(req, ctx, WEBPAYMENT_HOST) };
    const out = handler(opCtx);
    const result = out['result'] as { code?: string } | undefined;
    if (opCtx.token !== undefined) info.token = opCtx.token;
    if (result?.code !== undefined) info.resultCode = result.code;
    const response = renderResponse(operation, out);
    reply.type('text/xml; charset=utf-8').send(response);
    journalSoap(req, reply, response);
    if (opCtx.notes && opCtx.token !== undefined) for (const note of opCtx.notes) ctx.journal.record(opCtx.token, note);
  };

  /** Gives the answer of a fault rule instead of (or, for a delay, before) the normal one. */
  const applyFault = (req: FastifyRequest, reply: FastifyReply, hit: FaultHit & { token?: string }, run: () => void): void => {
    const info = req.soap!;
    if (hit.token !== undefined) info.token = hit.token;
    const { rule } = hit;
    const mark = (detail: string) => (info.fault = { ruleId: hit.ruleId, kind: rule.kind, detail });
    // the bound of held or delayed requests is reached: a proxy's 503 at once rather than one more waiting socket
    const refuse = (what: string) => {
      const { type, body } = httpFaultAnswer(503);
      info.fault = { ruleId: hit.ruleId, kind: 'http', detail: `HTTP 503: too many connections held already (${what} refused)` };
      reply.code(503).type(type).send(body);
      journalSoap(req, reply, body);
    };
    switch (rule.kind) {
      case 'http': {
        const { type, body } = httpFaultAnswer(rule.status!);
        mark(`HTTP ${rule.status} without running the operation`);
        reply.code(rule.status!).type(type).send(body);
        journalSoap(req, reply, body);
        return;
      }
      case 'code': {
        const body = codeFaultAnswer(info.operation, rule.code!);
        mark(`result ${rule.code} without running the operation`);
        info.resultCode = rule.code;
        reply.type('text/xml; charset=utf-8').send(body);
        journalSoap(req, reply, body);
        return;
      }
      case 'reset':
        mark('connection reset without an answer');
        reply.hijack();
        // a TCP reset where the socket is plain TCP; over TLS (the HTTPS listener) resetAndDestroy
        // throws (its handle is not TCP) and the connection stayed open: it is closed instead
        if ((req.raw.socket as { encrypted?: boolean }).encrypted) req.raw.socket.destroy();
        else req.raw.socket.resetAndDestroy();
        journalSoap(req, reply, '');
        return;
      case 'hang': {
        const held = ctx.faults.hold(req, reply, (how) => {
          mark(`held without an answer, ${how}`);
          journalSoap(req, reply, '');
        });
        if (!held) refuse('hang');
        return;
      }
      case 'delay': {
        mark(`normal answer delayed by ${rule.ms} ms`);
        const delayed = ctx.faults.delay(req, rule.ms!, () => {
          try {
            run();
          } catch (e) {
            handleError(e as never, req, reply);
          }
        });
        if (!delayed) refuse('delay');
        return;
      }
    }
  };

  for (const base of SOAP_BASES) app.post<{ Params: { api: string } }>(
    `${base}/services/:api`,
    {
      config: { journalSoap },
      onRequest: (req: FastifyRequest<{ Params: { api: string } }>, reply, done) => {
        req.soapStartedAt = performance.now();
        if (!isApi(req.params.api)) {
          reply.callNotFound();
          return;
        }
        const merchant = authenticate(ctx.catalog(), req.headers.authorization);
        if (!merchant) {
          // an empty body: SOAP clients report the status (PHP: "Unauthorized"; zeep: HTTP status 401)
          reply.code(401).header('www-authenticate', 'Basic realm="Payline"').send();
          journalSoap(req, reply, '', whyUnauthorized(ctx.catalog(), req.headers.authorization));
          return;
        }
        req.merchant = merchant;
        done();
      },
    },
    (req, reply) => {
      const api = req.params.api as ApiName;
      if (typeof req.body !== 'string') throw new HttpError(415, `Unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}`);
      const { operation, body } = parseRequest(req.body);
      const info: NonNullable<FastifyRequest['soap']> = { operation };
      req.soap = info;
      // own properties only: an operation named constructor or __proto__ is no operation
      const handler = Object.hasOwn(handlers[api], operation) ? handlers[api][operation] : undefined;
      if (!handler) {
        const home = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation]!.api : undefined;
        const implemented = Object.keys(handlers[api]).join(', ');
        const msg = home && home !== api
          ? `Operation ${operation} belongs to ${home}: send it to /V4/services/${home}`
          : `Operation ${operation} is not implemented by the simulator on ${api} (implemented: ${implemented})`;
        throw new SoapFault('Client', msg);
      }
      const hit = ctx.faults.find(ctx.catalog(), ctx.store, req.merchant!.merchantId, operation, body);
      if (hit) applyFault(req, reply, hit, () => answer(req, reply, handler, operation, body));
      else answer(req, reply, handler, operation, body);
    },
  );
}

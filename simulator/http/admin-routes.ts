/**
 * The simulator's own JSON API under /_simulator/: simulated time, finishing a
 * session with a chosen outcome, reset, fixture reload, fault rules,
 * notification modes, health. Every input is checked and refused with a clear 4xx.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { basicCredentials } from './soap-routes.js';
import { findCode, OUTCOME_CODES } from '../domain/codes.js';
import { longDate } from '../domain/formats.js';
import { LATEST_TIME } from '../domain/clock.js';
import { FixtureError } from '../fixtures/validate.js';
import { checkFault, checkNotificationMode, FAULT_OPERATIONS, FaultRuleError, type FaultRule } from '../domain/faults.js';
import { PACKAGE_VERSION } from '../paths.js';
import type { SimulatorContext } from './context.js';
import { HttpError, isUnderAdmin, queryValue } from './errors.js';
import { destination } from './page-routes.js';
import { hasOrderRef, sessionJson, sessionSummary, transactionJson } from './session-view.js';
import { tokenOf } from '../soap/directpayment.js';

/** A JSON request body as an object (none: an empty one); 400 for anything else. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * With ADMIN_TOKEN set, everything under /_simulator requires it, as
 * `Authorization: Bearer <token>`, `X-Simulator-Token: <token>`, or HTTP Basic
 * with any user name and the token as password (so a browser can open the back
 * office). Compared in constant time.
 */
export function adminTokenMatches(token: string, headers: Record<string, string | string[] | undefined>): boolean {
  const given: string[] = [];
  const x = headers['x-simulator-token'];
  if (typeof x === 'string') given.push(x);
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (bearer) given.push(bearer[1]!);
    const basic = basicCredentials(auth);
    if (basic) given.push(basic.password);
  }
  const want = Buffer.from(token);
  return given.some((g) => {
    const b = Buffer.from(g);
    return b.length === want.length && timingSafeEqual(b, want);
  });
}

export const HEALTH_PATH = '/_simulator/health';

/** A fault rule as the API lists it: every merchant is "*", and callsLeft null until removed. */
function faultJson(r: FaultRule): Record<string, unknown> {
  const { callsLeft, merchantId, ...rest } = r;
  return { ...rest, merchantId: merchantId ?? '*', callsLeft: callsLeft ?? null };
}

/** Runs a check of domain/faults.ts; its FaultRuleError becomes a 400 naming the field. */
function ruleField<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof FaultRuleError) throw new HttpError(400, `${e.field} ${e.problem}`);
    throw e;
  }
}

export function registerAdminRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const startedAt = performance.now();
  app.get(HEALTH_PATH, async () => ({ status: 'ok', version: PACKAGE_VERSION, uptimeSeconds: Math.floor((performance.now() - startedAt) / 1000) }));

  const faults = ctx.faults.book;
  app.post('/_simulator/faults', async (req, reply) => {
    const spec = ruleField(() => checkFault(objectBody(req.body), { operations: FAULT_OPERATIONS, merchantExists: (id) => ctx.catalog().merchant(id) !== undefined }));
    const rule = faults.add(spec);
    if (!rule) throw new HttpError(400, `There are already ${faults.maxRules} fault rules, the most kept: DELETE /_simulator/faults/{id} or /_simulator/faults first`);
    return reply.code(201).send(faultJson(rule));
  });
  app.get('/_simulator/faults', async () => ({ faults: faults.list().map(faultJson), heldConnections: ctx.faults.heldCount }));
  app.delete('/_simulator/faults', async () => {
    const removed = faults.size;
    faults.clear();
    return { removed };
  });
  app.delete<{ Params: { id: string } }>('/_simulator/faults/:id', async (req) => {
    if (!faults.remove(req.params.id)) throw new HttpError(404, `No fault rule has the id ${JSON.stringify(req.params.id.slice(0, 60))}`);
    return { removed: 1 };
  });

  const finalSession = (token: string) => {
    const s = ctx.payments.session(token);
    if (!s) throw new HttpError(404, `No session has the token ${JSON.stringify(token.slice(0, 60))}`);
    return s;
  };
  app.post<{ Params: { token: string } }>('/_simulator/sessions/:token/notification', async (req) => {
    const body = objectBody(req.body);
    const s = finalSession(req.params.token);
    const extra = Object.keys(body).find((k) => k !== 'mode');
    if (extra !== undefined) throw new HttpError(400, `${extra.slice(0, 60)} is not a field of a notification mode request (fields: mode)`);
    const mode = ruleField(() => checkNotificationMode(body['mode'], 'mode'));
    ctx.notifier.setMode(s.token, mode);
    ctx.journal.record(s.token, { kind: 'page', at: ctx.clock.now(), event: 'admin', detail: `notification mode ${JSON.stringify(mode)} set${s.status === 'FINAL' ? ' (the session is final already: it applies to a resend only)' : ''}` });
    return { token: s.token, mode };
  });
  app.post<{ Params: { token: string } }>('/_simulator/sessions/:token/notify', async (req, reply) => {
    const s = finalSession(req.params.token);
    if (s.status !== 'FINAL') throw new HttpError(409, 'The session has no final result yet: its notification is sent when it has one');
    if (!ctx.notifier.resend(s)) throw new HttpError(409, 'The session has no notificationURL: there is nothing to send');
    ctx.journal.record(s.token, { kind: 'page', at: ctx.clock.now(), event: 'admin', detail: 'notification sent again on request' });
    return reply.code(202).send({ token: s.token, resent: true });
  });

  const token = ctx.config.adminToken;
  if (token !== undefined) {
    app.addHook('onRequest', (req, reply, done) => {
      // the health check answers without the token (it tells nothing but "ok", the version and the uptime)
      if (isUnderAdmin(req) && req.routeOptions.url !== HEALTH_PATH && !adminTokenMatches(token, req.headers)) {
        reply
          .code(401)
          .header('www-authenticate', 'Basic realm="Bancontact simulator admin"')
          .send({ error: 'The admin API and back office need the admin token (ADMIN_TOKEN): send Authorization: Bearer <token>', statusCode: 401 });
        return;
      }
      done();
    });
  }

  const clockView = () => {
    const now = ctx.clock.now();
    return { now: new Date(now).toISOString(), platformTime: longDate(now, ctx.config.timeZone), offsetSeconds: ctx.clock.offsetMs / 1000 };
  };

  app.get('/_simulator/clock', async () => clockView());

  app.post('/_simulator/clock/advance', async (req) => {
    const body = objectBody(req.body);
    const seconds = body['seconds'];
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 10 * 365 * 86400) {
      throw new HttpError(400, 'seconds must be a number from 0 to 315360000 (ten years), e.g. {"seconds": 3660}');
    }
    try {
      ctx.clock.advance(seconds);
    } catch (e) {
      // seconds is checked above: the clock refuses only to go past LATEST_TIME
      if (!(e instanceof RangeError)) throw e;
      const room = Math.max(0, Math.floor((LATEST_TIME - ctx.clock.now()) / 1000));
      throw new HttpError(400, `the simulated clock cannot go past ${new Date(LATEST_TIME).toISOString()}: it can advance at most ${room} seconds more`);
    }
    ctx.tick();
    return clockView();
  });

  app.get('/_simulator/sessions', async (req) => {
    const q = req.query as Record<string, unknown>;
    const [merchantId, status, orderRef, limitText] = [queryValue(q, 'merchantId'), queryValue(q, 'status'), queryValue(q, 'orderRef'), queryValue(q, 'limit')];
    if (status !== undefined && status !== 'PENDING' && status !== 'FINAL') throw new HttpError(400, 'status must be PENDING or FINAL');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be a whole number from 1 to 1000');
    const all = [...ctx.store.sessions()].filter(
      (s) =>
        (merchantId === undefined || s.merchantId === merchantId) &&
        (status === undefined || s.status === status) &&
        hasOrderRef(s, orderRef),
    );
    all.sort((a, b) => b.createdAt - a.createdAt);
    return { total: all.length, sessions: all.slice(0, limit).map(sessionSummary) };
  });

  app.get<{ Params: { token: string } }>('/_simulator/sessions/:token', async (req) => {
    const s = ctx.payments.session(req.params.token);
    if (!s) throw new HttpError(404, `No session has the token ${JSON.stringify(req.params.token.slice(0, 60))}`);
    return sessionJson(ctx, s);
  });

  app.get<{ Params: { id: string } }>('/_simulator/transactions/:id', async (req) => {
    const t = ctx.store.getTransaction(req.params.id);
    if (!t) throw new HttpError(404, `No transaction has the id ${JSON.stringify(req.params.id.slice(0, 60))}`);
    return { ...transactionJson(t), token: tokenOf(ctx.store, t) ?? null };
  });

  app.get('/_simulator/journal', async (req) => ({
    exchanges: ctx.journal.recent(queryValue(req.query as Record<string, unknown>, 'merchantId')).map(({ token, entry }) => ({ token: token ?? null, ...entry, at: new Date(entry.at).toISOString() })),
  }));

  app.post<{ Params: { token: string } }>('/_simulator/sessions/:token/outcome', async (req) => {
    const body = objectBody(req.body);
    const code = body['code'];
    if (typeof code !== 'string' || !findCode(code)?.outcome) {
      throw new HttpError(400, `code must be one of ${OUTCOME_CODES.map((c) => c.code).join(', ')}, e.g. {"code": "02020"}`);
    }
    const outcome = ctx.payments.act(req.params.token, { type: 'code', code, by: 'api' });
    if (outcome.kind !== 'unknown') {
      ctx.journal.record(req.params.token, { kind: 'page', at: ctx.clock.now(), event: 'admin', detail: `outcome ${code} requested${outcome.kind === 'final' && !outcome.changed ? ': refused, already final' : ''}` });
    }
    if (outcome.kind === 'unknown') throw new HttpError(404, `No session has the token ${JSON.stringify(req.params.token.slice(0, 60))}`);
    if (outcome.kind === 'waiting') throw new HttpError(500, 'the session did not finish'); // not reachable with a code action
    const s = outcome.session;
    if (!outcome.changed) {
      throw new HttpError(409, `The session is already final with ${s.result?.code} ${s.result?.shortMessage}; a final result never changes`);
    }
    return { token: s.token, result: s.result, transactionId: s.transactionId ?? null, redirect: destination(s) };
  });

  app.post('/_simulator/reset', async (req) => {
    const body = objectBody(req.body);
    const merchantId = body['merchantId'];
    if (merchantId !== undefined && (typeof merchantId !== 'string' || !ctx.catalog().merchant(merchantId))) {
      throw new HttpError(400, `merchantId must name a configured merchant, got ${JSON.stringify(merchantId)}`);
    }
    if (merchantId === undefined) {
      ctx.journal.clear();
      ctx.payments.clearQueue();
      ctx.notifier.clear();
      ctx.faults.book.clear();
    } else {
      ctx.faults.book.clearMerchant(merchantId as string);
      for (const s of ctx.store.sessions()) if (s.merchantId === merchantId) ctx.journal.forget(s.token);
    }
    const removed = ctx.store.reset(merchantId as string | undefined);
    return { removedSessions: removed, merchantId: merchantId ?? null };
  });

  app.post('/_simulator/fixtures/reload', async () => {
    try {
      const c = ctx.reloadFixtures();
      return { merchants: c.fixtures.merchants.length, scenarios: c.fixtures.scenarios.length };
    } catch (e) {
      if (e instanceof FixtureError) throw new HttpError(422, e.message);
      throw e;
    }
  });

  // the local CA the HTTPS listener's certificate chains to: what a shop, a container or a browser must trust
  app.get('/_simulator/ca.pem', async (_req, reply) => {
    const pem = ctx.https.caPem;
    if (pem === undefined) {
      return reply.code(404).send({ error: 'HTTPS is off, so there is no CA in use: start the simulator with HTTPS_PORT / --https-port (or print the CA with `bancontact-simulator ca`)', statusCode: 404 });
    }
    return reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="bancontact-simulator-ca.pem"').send(pem);
  });
}

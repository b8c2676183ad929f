/**
 * Platform faults on the SOAP route: finds the rule a call hits (admin rules
 * first, then its scenario's) and gives the slow, failing or silent answer.
 * Held connections (hang) and delayed answers are bounded in number and time,
 * never block the event loop, and end when the simulator closes.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../domain/catalog.js';
import { result } from '../domain/codes.js';
import { FaultBook, type FaultHit, type FaultSpec } from '../domain/faults.js';
import type { Store } from '../domain/store.js';
import { findScenario } from '../domain/scenarios.js';
import { escapeXml, renderFault, renderResponse, text, type XObj } from '../soap/envelope.js';
import { tokenOf } from '../soap/directpayment.js';

/** Longest a hang holds a connection: five minutes. */
export const HOLD_MS = 300_000;
/** Most connections held (hang) or answers delayed at once; beyond, a hang or a delay answers 503 at once. */
export const MAX_HELD = 1000;

/** The request headers a shop's failover (Monext's PHP SDK) sends, kept in the journal. */
export const FAILOVER_HEADERS = ['x-failover-cause', 'x-failover-index', 'x-failover-origin', 'x-failover-duration', 'version'] as const;

/** What the journal says of a fault an exchange hit. */
export interface FaultMark {
  ruleId: string;
  kind: FaultSpec['kind'];
  detail: string;
}

export interface FaultInjectorOptions {
  holdMs?: number;
  maxHeld?: number;
}

/** The kept failover headers of a request, or undefined when it has none. */
export function failoverHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name of FAILOVER_HEADERS) {
    const v = headers[name];
    if (v === undefined) continue;
    (out ??= {})[name] = (Array.isArray(v) ? v.join(', ') : v).slice(0, 300);
  }
  return out;
}

const REASONS: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out', 408: 'Request Timeout' };

/** The answer of a kind "http" rule: a SOAP Fault for the platform's 500, a proxy's short page otherwise. */
export function httpFaultAnswer(status: number): { type: string; body: string } {
  const reason = REASONS[status] ?? 'Error';
  if (status === 500) return { type: 'text/xml; charset=utf-8', body: renderFault('Server', 'Internal Error') };
  if (status === 408) return { type: 'text/plain; charset=utf-8', body: `${status} ${reason}\n` };
  // a proxy's page as nginx writes it: HTML, not XML (the bare <hr>), so SOAP clients report the HTTP status
  const title = escapeXml(`${status} ${reason}`);
  return { type: 'text/html; charset=utf-8', body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>load balancer (simulated)</center>\r\n</body>\r\n</html>\r\n` };
}

/** The answer of a kind "code" rule: the operation's response with only the result (nothing else done). */
export function codeFaultAnswer(operation: string, code: string): string {
  return renderResponse(operation, { result: { ...result(code) } });
}

export class FaultInjector {
  readonly book = new FaultBook();
  private readonly holdMs: number;
  private readonly maxHeld: number;
  /**
   * Requests held without an answer (hang), or waiting for a delayed one, and what ends them.
   * Keyed by request, not socket: a keep-alive client may pipeline several requests on one socket.
   */
  private readonly held = new Map<IncomingMessage, { timer: NodeJS.Timeout; end: (why: string) => void }>();

  constructor(opts: FaultInjectorOptions = {}) {
    this.holdMs = opts.holdMs ?? HOLD_MS;
    this.maxHeld = opts.maxHeld ?? MAX_HELD;
  }

  get heldCount(): number {
    return this.held.size;
  }

  /**
   * The rule a SOAP call hits: an admin rule first, then one of the scenario behind
   * the call; with the token of the session the call is about, for the journal.
   */
  find(catalog: Catalog, store: Store, merchantId: string, operation: string, body: XObj): (FaultHit & { token?: string }) | undefined {
    const admin = this.book.take(operation, merchantId);
    if (operation === 'doWebPayment') {
      if (admin || !catalog.hasScenarioFaults) return admin;
      const sc = findScenario(catalog.scenariosFor(merchantId), body);
      return sc?.faults ? this.book.takeForDoWebPayment(sc.id, sc.faults, merchantId) : undefined;
    }
    if (!admin && !catalog.hasScenarioFaults) return undefined;
    const token = sessionToken(store, operation, body);
    const session = token === undefined ? undefined : store.getSession(token);
    // only the calls of the merchant whose session it is
    const own = session && session.merchantId === merchantId ? session : undefined;
    if (admin) return own ? { ...admin, token: own.token } : admin;
    if (!own?.scenario) return undefined;
    const sc = catalog.scenario(own.scenario.id);
    const hit = sc?.faults ? this.book.takeForSession(own.token, sc.id, sc.faults, operation) : undefined;
    return hit && { ...hit, token: own.token };
  }

  /**
   * Holds the connection without an answer until the client closes it or holdMs
   * passes; `done` is told how it ended. False when MAX_HELD connections are held already.
   */
  hold(req: FastifyRequest, reply: FastifyReply, done: (why: string) => void): boolean {
    if (this.held.size >= this.maxHeld) return false;
    reply.hijack();
    const raw = req.raw;
    const socket = raw.socket;
    const started = performance.now();
    let ended = false;
    const end = (why: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      this.held.delete(raw);
      if (!socket.destroyed) socket.destroy();
      done(`${why} after ${Math.round(performance.now() - started)} ms`);
    };
    const timer = setTimeout(() => end(`closed by the simulator (hang bound of ${this.holdMs} ms)`), this.holdMs);
    timer.unref();
    this.held.set(raw, { timer, end });
    socket.once('close', () => end('closed by the client'));
    return true;
  }

  /**
   * Runs `answer` after ms (the normal answer, late); a closing simulator ends the wait and the
   * connection. False when MAX_HELD requests are held or delayed already.
   */
  delay(req: FastifyRequest, ms: number, answer: () => void): boolean {
    if (this.held.size >= this.maxHeld) return false;
    const raw = req.raw;
    const timer = setTimeout(() => {
      this.held.delete(raw);
      answer();
    }, ms);
    this.held.set(raw, {
      timer,
      end: () => {
        clearTimeout(timer);
        this.held.delete(raw);
        raw.socket.destroy();
      },
    });
    return true;
  }

  /** Ends every held connection and delayed answer (the simulator is closing). */
  close(): void {
    for (const { end } of [...this.held.values()]) end('closed as the simulator stopped');
  }
}

/** The session a later call is about: its token, or the session of its transaction. */
function sessionToken(store: Store, operation: string, body: XObj): string | undefined {
  if (operation === 'getWebPaymentDetails') return text(body, 'token')?.trim();
  const id = text(body, 'transactionID') ?? text(body, 'transactionId');
  return id === undefined ? undefined : tokenOf(store, store.getTransaction(id.trim()));
}

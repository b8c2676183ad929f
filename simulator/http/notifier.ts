/**
 * Server-to-server notifications: once a session's result is final, a GET to its
 * notificationURL with `notificationType=WEBTRS&token=…` appended. A failed
 * attempt is retried every minute for two hours (on the simulator's clock), and
 * retries stop once getWebPaymentDetails has returned the final result, as on
 * the real platform. Sending never blocks a request: attempts run in the
 * background with a timeout, and a slow or failing shop only delays its own
 * retries.
 */
import type { Clock } from '../domain/clock.js';
import type { WebSession } from '../domain/model.js';
import { text } from '../soap/envelope.js';
import { appendQuery } from './urls.js';

export const RETRY_EVERY_MS = 60_000;
export const RETRY_FOR_MS = 2 * 60 * 60_000;

export interface NotificationAttempt {
  token: string;
  url: string;
  at: number;
  attempt: number;
  status?: number;
  error?: string;
  /** When the next attempt is due, if there will be one. */
  nextAttemptAt?: number;
}

interface Pending {
  token: string;
  url: string;
  firstAt: number;
  nextAt: number;
  attempt: number;
  inFlight: boolean;
}

export interface NotifierDeps {
  clock: Clock;
  /** Looks a session up (to see whether getWebPaymentDetails stopped the retries). */
  session: (token: string) => WebSession | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Told of every attempt (for the journal). */
  onAttempt?: (a: NotificationAttempt) => void;
}

export class Notifier {
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly fetchFn: typeof fetch;

  constructor(private readonly deps: NotifierDeps) {
    this.fetchFn = deps.fetch ?? fetch;
  }

  /** Plans the notification of a session that has just reached its final result. */
  schedule(s: WebSession): void {
    const base = text(s.request, 'notificationURL');
    if (base === undefined) return;
    const url = appendQuery(base, `notificationType=WEBTRS&token=${encodeURIComponent(s.token)}`);
    const now = this.deps.clock.now();
    this.pending.set(s.token, { token: s.token, url, firstAt: now, nextAt: now, attempt: 0, inFlight: false });
    this.tick();
  }

  /** Starts every attempt that is due. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const p of this.pending.values()) {
      if (p.inFlight || p.nextAt > now) continue;
      const s = this.deps.session(p.token);
      if (!s || s.fetchedFinal || now - p.firstAt > RETRY_FOR_MS) {
        this.pending.delete(p.token);
        continue;
      }
      this.start(p, now);
    }
  }

  /** Resolves when the attempts under way have ended (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  get size(): number {
    return this.pending.size;
  }

  clear(): void {
    this.pending.clear();
  }

  private start(p: Pending, now: number): void {
    p.inFlight = true;
    p.attempt++;
    const attempt: NotificationAttempt = { token: p.token, url: p.url, at: now, attempt: p.attempt };
    const run = this.send(p.url)
      .then((status) => {
        attempt.status = status;
        if (status < 200 || status >= 300) attempt.error = `HTTP ${status}`;
      })
      .catch((e: unknown) => {
        attempt.error = describe(e);
      })
      .then(() => {
        p.inFlight = false;
        if (attempt.error === undefined) {
          this.pending.delete(p.token);
        } else {
          p.nextAt = p.nextAt + RETRY_EVERY_MS;
          if (p.nextAt - p.firstAt <= RETRY_FOR_MS) attempt.nextAttemptAt = p.nextAt;
          else this.pending.delete(p.token);
        }
        this.deps.onAttempt?.(attempt);
      });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async send(url: string): Promise<number> {
    const res = await this.fetchFn(url, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5000),
      headers: { 'user-agent': 'Bancontact homologation simulator (Payline notification)' },
    });
    // the body is not read by the platform; release it
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${cause.message}` : '';
    return e.name === 'TimeoutError' ? 'timed out' : `${e.message}${c}`;
  }
  return String(e);
}

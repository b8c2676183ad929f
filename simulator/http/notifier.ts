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
import { BoundedMap } from '../domain/bounded-map.js';
import type { NotificationMode } from '../domain/faults.js';
import { text } from '../soap/envelope.js';
import { appendQuery } from './urls.js';

export const RETRY_EVERY_MS = 60_000;
export const RETRY_FOR_MS = 2 * 60 * 60_000;
/**
 * Most attempts under way at once; the others wait their turn. Starting thousands of
 * requests at once (a clock advance finishing thousands of sessions) held the event
 * loop for seconds and opened a socket each.
 */
export const MAX_IN_FLIGHT = 32;

export interface NotificationAttempt {
  token: string;
  url: string;
  at: number;
  attempt: number;
  status?: number;
  error?: string;
  /** When the next attempt is due, if there will be one. */
  nextAttemptAt?: number;
  /** Why it was made, or not made (notification modes, a resend). */
  note?: string;
}

interface Pending {
  token: string;
  url: string;
  firstAt: number;
  nextAt: number;
  attempt: number;
  inFlight: boolean;
  /** Copies still to deliver after this one (mode "twice"). */
  copies: number;
  /** Sent even though getWebPaymentDetails returned the final result (a resend, a second copy). */
  forced: boolean;
  /** Said of the next attempt in the journal. */
  note?: string;
}

export interface NotifierDeps {
  clock: Clock;
  /** Looks a session up (to see whether getWebPaymentDetails stopped the retries). */
  session: (token: string) => WebSession | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Told of every attempt (for the journal). */
  onAttempt?: (a: NotificationAttempt) => void;
  /** The mode a session's scenario asks for, if any. */
  scenarioMode?: (s: WebSession) => NotificationMode | undefined;
}

/** Most sessions with a mode set through the admin API (the oldest forgotten beyond). */
const MAX_MODES = 100_000;

function modeText(m: NotificationMode): string {
  return typeof m === 'string' ? JSON.stringify(m) : `{"delayMs": ${m.delayMs}}`;
}

export class Notifier {
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly fetchFn: typeof fetch;
  /** Due attempts wait for a place (the last tick stopped at MAX_IN_FLIGHT). */
  private waiting = false;
  /** A tick is planned to start them. */
  private refillPlanned = false;
  private stopped = false;
  /** Modes set per session through the admin API (they win over the scenario's). */
  private readonly modes = new BoundedMap<string, NotificationMode>(MAX_MODES);

  constructor(private readonly deps: NotifierDeps) {
    this.fetchFn = deps.fetch ?? fetch;
  }

  /** Sets how a session's notification goes (admin API); "once" is the default. */
  setMode(token: string, mode: NotificationMode): void {
    this.modes.set(token, mode);
  }

  /** The mode of a session: set through the admin API, else its scenario's, else "once". */
  modeOf(s: WebSession): NotificationMode {
    return this.modes.get(s.token) ?? this.deps.scenarioMode?.(s) ?? 'once';
  }

  /** Plans the notification of a session that has just reached its final result. */
  schedule(s: WebSession): void {
    const url = notificationUrl(s);
    if (url === undefined) return;
    const now = this.deps.clock.now();
    const mode = this.modeOf(s);
    if (mode === 'none') {
      this.deps.onAttempt?.({ token: s.token, url, at: now, attempt: 0, note: 'not sent: notification mode "none"' });
      return;
    }
    const delayMs = typeof mode === 'object' ? mode.delayMs : 0;
    this.pending.set(s.token, {
      token: s.token,
      url,
      firstAt: now + delayMs,
      nextAt: now + delayMs,
      attempt: 0,
      inFlight: false,
      copies: mode === 'twice' ? 1 : 0,
      forced: false,
      ...(mode !== 'once' && { note: `notification mode ${modeText(mode)}` }),
    });
    this.tick();
  }

  /**
   * Sends a final session's notification again now (admin API), even when
   * getWebPaymentDetails has returned the result; retried like the first on failure.
   * False when the session has no notificationURL.
   */
  resend(s: WebSession): boolean {
    const url = notificationUrl(s);
    if (url === undefined) return false;
    const now = this.deps.clock.now();
    const p = this.pending.get(s.token);
    if (p?.inFlight) {
      // an attempt is under way: one more copy once it is delivered
      p.copies++;
      return true;
    }
    this.pending.set(s.token, { token: s.token, url, firstAt: now, nextAt: now, attempt: p?.attempt ?? 0, inFlight: false, copies: p?.copies ?? 0, forced: true, note: 'sent again on request (POST /_simulator/sessions/{token}/notify)' });
    this.tick();
    return true;
  }

  /** Starts the attempts that are due (up to MAX_IN_FLIGHT under way). */
  tick(): void {
    if (this.stopped) return;
    this.waiting = false;
    const now = this.deps.clock.now();
    for (const p of this.pending.values()) {
      if (p.inFlight || p.nextAt > now) continue;
      const s = this.deps.session(p.token);
      // an attempt announced within the two hours is made, however late the tick
      if (!s || (s.fetchedFinal && !p.forced) || p.nextAt - p.firstAt > RETRY_FOR_MS) {
        this.pending.delete(p.token);
        continue;
      }
      if (this.inFlight.size >= MAX_IN_FLIGHT) {
        this.waiting = true;
        return;
      }
      this.start(p, now);
    }
  }

  /** Resolves when the attempts under way, and those waiting for a place, have ended (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.refillPlanned) {
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else await new Promise((r) => setImmediate(r));
    }
  }

  /** Starts no more attempts (shutdown: only those under way are waited for). */
  stop(): void {
    this.stopped = true;
  }

  get size(): number {
    return this.pending.size;
  }

  clear(): void {
    this.pending.clear();
    this.modes.clear();
  }

  private start(p: Pending, now: number): void {
    p.inFlight = true;
    p.attempt++;
    const attempt: NotificationAttempt = { token: p.token, url: p.url, at: now, attempt: p.attempt, ...(p.note !== undefined && { note: p.note }) };
    delete p.note;
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
        if (attempt.error === undefined && p.copies > 0) {
          // mode "twice" (or a resend asked while this attempt was under way): the same notification once more, now
          p.copies--;
          p.forced = true;
          p.note = 'another copy of a delivered notification (notification mode "twice" or a resend)';
          p.firstAt = p.nextAt = this.deps.clock.now();
          this.waiting = true;
        } else if (attempt.error === undefined) {
          this.pending.delete(p.token);
        } else {
          p.nextAt = p.nextAt + RETRY_EVERY_MS;
          // after a clock advance the missed retries are one attempt, made at once: the next is the first minute still ahead
          const now = this.deps.clock.now();
          if (p.nextAt <= now) p.nextAt = p.firstAt + (Math.floor((now - p.firstAt) / RETRY_EVERY_MS) + 1) * RETRY_EVERY_MS;
          if (p.nextAt - p.firstAt <= RETRY_FOR_MS) attempt.nextAttemptAt = p.nextAt;
          else this.pending.delete(p.token);
        }
        this.deps.onAttempt?.(attempt);
      });
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      if (this.waiting) this.planRefill();
    });
  }

  /** Starts, soon, attempts that are due but waited for a place (one planned tick for many ends). */
  private planRefill(): void {
    if (this.refillPlanned) return;
    this.refillPlanned = true;
    setImmediate(() => {
      this.refillPlanned = false;
      this.tick();
    });
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

/** The URL a session's notification goes to, or undefined when the shop gave no notificationURL. */
function notificationUrl(s: WebSession): string | undefined {
  const base = text(s.request, 'notificationURL');
  return base === undefined ? undefined : appendQuery(base, `notificationType=WEBTRS&token=${encodeURIComponent(s.token)}`);
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${cause.message}` : '';
    return e.name === 'TimeoutError' ? 'timed out' : `${e.message}${c}`;
  }
  return String(e);
}

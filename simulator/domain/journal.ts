/**
 * The journal: every exchange of a payment session, in order, so a test (or a
 * developer in the back office) can see what the shop sent and what the
 * simulator answered. Bounded: past `maxSessions` tokens the oldest session's
 * journal is dropped, and the list of recent exchanges keeps `maxRecent` entries.
 * Pure data; the HTTP layer records into it.
 */
export interface SoapExchange {
  kind: 'soap';
  at: number;
  api: string;
  operation: string;
  httpStatus: number;
  durationMs: number;
  merchantId?: string;
  resultCode?: string;
  request: string;
  response: string;
}

export interface PageEvent {
  kind: 'page';
  at: number;
  /** view: the page was shown; pay/abort/simulate: a button was pressed; admin: the admin API finished it. */
  event: 'view' | 'pay' | 'abort' | 'simulate' | 'admin';
  detail?: string;
}

export interface RedirectEvent {
  kind: 'redirect';
  at: number;
  url: string;
}

export interface NotificationEvent {
  kind: 'notification';
  at: number;
  url: string;
  attempt: number;
  status?: number;
  error?: string;
  nextAttemptAt?: number;
}

export interface ExpiryEvent {
  kind: 'expiry';
  at: number;
}

export type JournalEntry = SoapExchange | PageEvent | RedirectEvent | NotificationEvent | ExpiryEvent;

export interface JournalOptions {
  maxSessions: number;
  maxRecent: number;
  /** Most entries kept per session: the first (doWebPayment) and the latest ones (a shop polling getWebPaymentDetails adds one per call). */
  maxPerSession?: number;
}

/** Entries dropped at once from a full session journal, so that trimming is rare. */
const TRIM_BATCH = 50;

export class Journal {
  private readonly bySession = new Map<string, JournalEntry[]>();
  private readonly droppedBySession = new Map<string, number>();
  private recentEntries: { token?: string; entry: SoapExchange }[] = [];

  constructor(private readonly opts: JournalOptions = { maxSessions: 5000, maxRecent: 1000 }) {}

  /** Records an entry under a token (a session's journal). */
  record(token: string, entry: JournalEntry): void {
    let list = this.bySession.get(token);
    if (!list) {
      list = [];
      this.bySession.set(token, list);
      if (this.bySession.size > this.opts.maxSessions) {
        const oldest = this.bySession.keys().next().value;
        if (oldest !== undefined) this.forget(oldest);
      }
    }
    list.push(entry);
    const max = this.opts.maxPerSession ?? 500;
    if (list.length > max + TRIM_BATCH) {
      // keep the first entry (how the session began) and the latest ones
      const n = list.length - max;
      list.splice(1, n);
      this.droppedBySession.set(token, (this.droppedBySession.get(token) ?? 0) + n);
    }
  }

  /** How many entries of a session's journal were dropped to keep it bounded. */
  dropped(token: string): number {
    return this.droppedBySession.get(token) ?? 0;
  }

  /** Records a SOAP exchange under its token (if any) and in the list of recent exchanges. */
  recordSoap(token: string | undefined, entry: SoapExchange): void {
    if (token !== undefined) this.record(token, entry);
    this.recentEntries.push(token === undefined ? { entry } : { token, entry });
    if (this.recentEntries.length > this.opts.maxRecent * 2) this.recentEntries = this.recentEntries.slice(-this.opts.maxRecent);
  }

  entries(token: string): readonly JournalEntry[] {
    return this.bySession.get(token) ?? [];
  }

  /** The newest SOAP exchanges first, optionally of one merchant. */
  recent(merchantId?: string, limit = 100): { token?: string; entry: SoapExchange }[] {
    const out: { token?: string; entry: SoapExchange }[] = [];
    const start = Math.max(0, this.recentEntries.length - this.opts.maxRecent);
    for (let i = this.recentEntries.length - 1; i >= start && out.length < limit; i--) {
      const r = this.recentEntries[i]!;
      if (merchantId === undefined || r.entry.merchantId === merchantId) out.push(r);
    }
    return out;
  }

  forget(token: string): void {
    this.bySession.delete(token);
    this.droppedBySession.delete(token);
  }

  clear(): void {
    this.bySession.clear();
    this.droppedBySession.clear();
    this.recentEntries = [];
  }

  get sessionCount(): number {
    return this.bySession.size;
  }
}

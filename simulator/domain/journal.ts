/**
 * The journal: every exchange of a payment session, in order, so a test (or a
 * developer in the back office) can see what the shop sent and what the
 * simulator answered. Bounded: past `maxSessions` tokens the oldest session's
 * journal is dropped, the list of recent exchanges keeps `maxRecent` entries,
 * and the raw messages share a log of `messageBytes` bytes (the oldest are
 * overwritten first: their entries then say so in place of the message).
 * Pure data; the HTTP layer records into it.
 */
import { BoundedMap } from './bounded-map.js';
import { MessageLog } from './message-log.js';

export interface SoapExchange {
  kind: 'soap';
  at: number;
  api: string;
  operation: string;
  httpStatus: number;
  durationMs: number;
  merchantId?: string;
  /** A request refused with 401: the merchant ID its credentials gave, if any, and why they were refused. */
  triedMerchantId?: string;
  unauthorized?: string;
  resultCode?: string;
  request: string;
  response: string;
  /** The base path when it was not /V4 (the failover one, /failover/V4). */
  endpoint?: string;
  /** The fault rule the exchange hit, and what happened. */
  fault?: { ruleId: string; kind: string; detail: string };
  /** The failover headers (x-failover-*) and the SDK's version header the request carried. */
  headers?: Record<string, string>;
}

/** A SOAP exchange as the journal keeps it: its messages are in the message log. */
interface StoredSoapExchange extends Omit<SoapExchange, 'request' | 'response'> {
  requestAt: number;
  requestLength: number;
  responseAt: number;
  responseLength: number;
}

type StoredEntry = Exclude<JournalEntry, SoapExchange> | StoredSoapExchange;

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
  /** Why it was made, or not made (attempt 0): a notification mode, a resend. */
  note?: string;
}

/** A call of the widget's token services (/services/token/{token}/…) and what it answered. */
export interface WidgetEvent {
  kind: 'widget';
  at: number;
  method: string;
  path: string;
  httpStatus: number;
  /** The session state answered (SessionState.type), when the call succeeded. */
  state?: string;
  detail?: string;
}

export interface ExpiryEvent {
  kind: 'expiry';
  at: number;
}

/** doWebPayment's languageCode named none of the buyer page languages: the pages fall back. */
export interface LanguageEvent {
  kind: 'language';
  at: number;
  /** The code sent (its first 64 characters). */
  unsupported: string;
  detail: string;
}

export type JournalEntry = SoapExchange | PageEvent | RedirectEvent | NotificationEvent | WidgetEvent | ExpiryEvent | LanguageEvent;

export interface JournalOptions {
  maxSessions: number;
  maxRecent: number;
  /** Most entries kept per session: the first (doWebPayment) and the latest ones (a shop polling getWebPaymentDetails adds one per call). */
  maxPerSession?: number;
  /** Size of the log the raw SOAP messages share (default 32 MiB). */
  messageBytes?: number;
}

export const DEFAULT_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Entries dropped at once from a full session journal, so that trimming is rare. */
const TRIM_BATCH = 50;

export class Journal {
  private readonly bySession: BoundedMap<string, StoredEntry[]>;
  private readonly droppedBySession = new Map<string, number>();
  private recentEntries: { token?: string; entry: StoredSoapExchange }[] = [];
  private readonly messages: MessageLog;

  constructor(private readonly opts: JournalOptions = { maxSessions: 5000, maxRecent: 1000 }) {
    this.bySession = new BoundedMap(opts.maxSessions, (token) => {
      if (this.droppedBySession.size > 0) this.droppedBySession.delete(token);
    });
    this.messages = new MessageLog(opts.messageBytes ?? DEFAULT_MESSAGE_BYTES);
  }

  /** Records an entry under a token (a session's journal). */
  record(token: string, entry: JournalEntry): void {
    this.add(token, entry.kind === 'soap' ? this.stored(entry) : entry);
  }

  private add(token: string, entry: StoredEntry): void {
    const list = this.bySession.get(token);
    if (!list) {
      // a full journal makes room for a session that begins (its doWebPayment), not for one it let
      // go: a late getWebPaymentDetails or page view of an old session would push out a newer
      // session's whole journal and start a partial one
      if (this.bySession.size >= this.opts.maxSessions && !(entry.kind === 'soap' && entry.operation === 'doWebPayment')) return;
      // most sessions have one SOAP exchange: an array of exactly one to start with
      this.bySession.set(token, [entry]);
      return;
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
  recordSoap(token: string | undefined, exchange: SoapExchange): void {
    const entry = this.stored(exchange);
    if (token !== undefined) this.add(token, entry);
    this.recentEntries.push(token === undefined ? { entry } : { token, entry });
    if (this.recentEntries.length > this.opts.maxRecent * 2) this.recentEntries = this.recentEntries.slice(-this.opts.maxRecent);
  }

  entries(token: string): JournalEntry[] {
    const list = this.bySession.get(token);
    return list ? list.map((e) => (e.kind === 'soap' ? this.exchange(e) : e)) : [];
  }

  /**
   * The newest SOAP exchanges first, optionally of one merchant (a 401 counts for the merchant ID
   * it tried), optionally only those of no session.
   */
  recent(merchantId?: string, limit = 100, withoutToken = false): { token?: string; entry: SoapExchange }[] {
    const out: { token?: string; entry: SoapExchange }[] = [];
    const start = Math.max(0, this.recentEntries.length - this.opts.maxRecent);
    for (let i = this.recentEntries.length - 1; i >= start && out.length < limit; i--) {
      const r = this.recentEntries[i]!;
      if ((merchantId === undefined || (r.entry.merchantId ?? r.entry.triedMerchantId) === merchantId) && (!withoutToken || r.token === undefined)) {
        const entry = this.exchange(r.entry);
        out.push(r.token === undefined ? { entry } : { token: r.token, entry });
      }
    }
    return out;
  }

  /** The exchange as kept: its messages go to the message log. */
  private stored(e: SoapExchange): StoredSoapExchange {
    const req = this.messages.write(e.request);
    const res = this.messages.write(e.response);
    return {
      kind: 'soap',
      at: e.at,
      api: e.api,
      operation: e.operation,
      httpStatus: e.httpStatus,
      durationMs: e.durationMs,
      merchantId: e.merchantId,
      ...(e.triedMerchantId !== undefined && { triedMerchantId: e.triedMerchantId }),
      ...(e.unauthorized !== undefined && { unauthorized: e.unauthorized }),
      resultCode: e.resultCode,
      ...(e.endpoint !== undefined && { endpoint: e.endpoint }),
      ...(e.fault !== undefined && { fault: e.fault }),
      ...(e.headers !== undefined && { headers: e.headers }),
      requestAt: req.at,
      requestLength: req.length,
      responseAt: res.at,
      responseLength: res.length,
    };
  }

  /** The exchange with its messages read back from the log (or a note saying where they went). */
  private exchange(e: StoredSoapExchange): SoapExchange {
    const { requestAt, requestLength, responseAt, responseLength, ...rest } = e;
    return { ...rest, request: this.message(requestAt, requestLength), response: this.message(responseAt, responseLength) };
  }

  private message(at: number, length: number): string {
    if (length === 0) return '';
    const m = this.messages.read(at, length);
    if (m !== undefined) return m;
    // two significant digits: a quarter of 1 MiB is 0.25 MiB, not 0.3 (larger than the limit it states)
    const mib = (n: number) => `${Number((n / 1024 / 1024).toPrecision(2))} MiB`;
    return at < 0
      ? `<!-- message of ${length} bytes not kept: the journal keeps messages up to ${mib(this.messages.maxMessage)} (a quarter of JOURNAL_MB) -->`
      : `<!-- message of ${length} bytes no longer kept: the journal keeps the last ${mib(this.messages.capacity)} of messages (JOURNAL_MB) -->`;
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

/**
 * Web payment sessions: doWebPayment, the buyer's actions on the hosted page,
 * expiry, and the answer of getWebPaymentDetails. Pure of I/O: the clock, the id
 * generator and the store are injected; whoever needs to know when a session
 * reaches its final result (the notifier, the journal) subscribes with onFinal.
 */
import { findCode, result, type Result } from './codes.js';
import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import { freshTransactionId, type Store } from './store.js';
import type { Catalog } from './catalog.js';
import type { CardData, FinishedBy, Transaction, WebSession, WidgetRequest } from './model.js';
import { TimeQueue } from './heap.js';
import { findScenario } from './scenarios.js';
import { chooseLanguage } from './language.js';
import { checkWebPayment, Refusal } from './validation.js';
import { text, type XNode, type XObj } from '../soap/envelope.js';
import type { Merchant } from '../fixtures/model.js';

export interface PaymentDeps {
  clock: Clock;
  ids: IdGenerator;
  store: Store;
  /** The current catalog (it is replaced when fixtures are reloaded). */
  catalog: () => Catalog;
  /** Base of the URLs handed out, without a trailing slash. */
  publicUrl: () => string;
  /** How long a finished session stays readable before it is swept, in ms. */
  retentionMs?: number;
}

export interface WebPaymentAnswer {
  result: Result;
  token?: string;
  redirectURL?: string;
}

/** What a buyer's action on the page (or the admin API) did. */
export type ActionOutcome =
  | { kind: 'unknown' }
  | { kind: 'final'; session: WebSession; changed: boolean }
  | { kind: 'waiting'; session: WebSession };

export type BuyerAction = { type: 'pay'; byWallet?: boolean } | { type: 'abort' } | { type: 'code'; code: string; by: FinishedBy };

export const ACCEPTED = '00000';
export const CANCELLED = '02008';
export const EXPIRED = '02324';

export class Payments {
  private readonly expiries = new TimeQueue();
  /** Finished sessions, by the time they may be swept. */
  private readonly sweeps = new TimeQueue();
  private readonly finalListeners: ((s: WebSession) => void)[] = [];
  private readonly sweepListeners: ((token: string) => void)[] = [];
  private readonly retentionMs: number;

  constructor(private readonly deps: PaymentDeps) {
    this.retentionMs = deps.retentionMs ?? 24 * 3600_000;
    for (const s of deps.store.sessions()) {
      if (s.status === 'PENDING') this.expiries.push(s.expiresAt, s.token);
      else this.sweeps.push((s.finishedAt ?? s.createdAt) + this.retentionMs, s.token);
    }
  }

  /** Calls fn with the token of each session swept (finished longer ago than the retention). */
  onSweep(fn: (token: string) => void): void {
    this.sweepListeners.push(fn);
  }

  /** Calls fn each time a session reaches its final result (once per session). */
  onFinal(fn: (s: WebSession) => void): void {
    this.finalListeners.push(fn);
  }

  /** The hosted page of a session; `pageBase` is the base URL of the page's host (default: publicUrl). */
  redirectURL(token: string, pageBase: string = this.deps.publicUrl()): string {
    return `${pageBase}/v2/?token=${encodeURIComponent(token)}`;
  }

  /**
   * `pageBase`: the base URL the hosted page is reached on, as the SOAP edge knows
   * it from the host the request was sent to (default: publicUrl).
   */
  doWebPayment(merchant: Merchant, body: XObj, pageBase?: string): WebPaymentAnswer {
    const catalog = this.deps.catalog();
    let checked;
    try {
      checked = checkWebPayment(body, merchant, catalog);
    } catch (e) {
      if (e instanceof Refusal) return { result: e.result };
      throw e;
    }
    const scenario = findScenario(catalog.scenariosFor(merchant.merchantId), body);
    if (scenario && scenario.when === 'doWebPayment') {
      const refused = scenarioResult(scenario);
      // 02308 names the field, as every refused doWebPayment does: the scenario's first match path
      const field = Object.keys(scenario.match)[0];
      if (refused.code === '02308' && field !== undefined) refused.longMessage = `Invalid value for ${field}: refused by scenario ${scenario.id}`;
      return { result: refused };
    }
    const now = this.deps.clock.now();
    const token = this.deps.ids.token(now);
    const session: WebSession = {
      token,
      merchantId: merchant.merchantId,
      contractNumber: checked.contract.contractNumber,
      pointOfSale: checked.pointOfSale.label,
      createdAt: now,
      expiresAt: now + checked.pointOfSale.paymentDelayMinutes * 60_000,
      // a copy: the parsed strings are slices of the request text, which they would keep
      // alive for as long as the session lives
      request: compactCopy(body),
      softDescriptor: text(body, 'payment.softDescriptor') || checked.contract.shopName || merchant.shopName,
      status: 'PENDING',
      fetchedFinal: false,
    };
    const walletId = text(body, 'buyer.walletId');
    if (walletId !== undefined && checked.pointOfSale.saveWalletData) session.walletId = walletId;
    // the session's language when languageCode names one; the browser's choice is made per page view
    const languageCode = text(body, 'languageCode');
    const language = chooseLanguage(languageCode, undefined);
    if (language.unsupported !== undefined) session.unsupportedLanguageCode = language.unsupported;
    else if (languageCode?.trim()) session.language = language.language;
    if (scenario) {
      session.scenario = {
        id: scenario.id,
        code: scenario.code,
        when: scenario.when === 'never' ? 'never' : 'payment',
        ...(scenario.partnerCode !== undefined && { partnerCode: scenario.partnerCode }),
        ...(scenario.partnerCodeLabel !== undefined && { partnerCodeLabel: scenario.partnerCodeLabel }),
      };
    }
    this.deps.store.saveSession(session);
    this.expiries.push(session.expiresAt, token);
    return { result: result(ACCEPTED), token, redirectURL: this.redirectURL(token, pageBase) };
  }

  /** The session, after applying expiry if its deadline has passed. */
  session(token: string): WebSession | undefined {
    const s = this.deps.store.getSession(token);
    if (s && s.status === 'PENDING' && s.expiresAt <= this.deps.clock.now()) this.expire(s);
    return s;
  }

  /** The session of getWebPaymentDetails: only the merchant's own sessions are visible. */
  sessionOf(merchantId: string, token: string): WebSession | undefined {
    const s = this.session(token);
    return s && s.merchantId === merchantId ? s : undefined;
  }

  /** Marks the final result as fetched (stops the notification retries). */
  markFetched(s: WebSession): void {
    if (s.status === 'FINAL' && !s.fetchedFinal) {
      s.fetchedFinal = true;
      this.deps.store.saveSession(s);
    }
  }

  /**
   * Records that the shop's payment widget (in-shop mode) asked for the payment of a pending
   * session: the buyer then comes back to merchantReturnUrl (the last one given) after the partner page.
   */
  requestByWidget(s: WebSession, via: WidgetRequest['via'], merchantReturnUrl: string | undefined): void {
    const url = merchantReturnUrl ?? s.widget?.merchantReturnUrl;
    s.widget = { at: this.deps.clock.now(), via, ...(url !== undefined && { merchantReturnUrl: url }) };
    this.deps.store.saveSession(s);
  }

  wallet(s: WebSession) {
    return s.walletId === undefined ? undefined : this.deps.store.getWallet(s.merchantId, s.walletId);
  }

  /**
   * A buyer's action. A final session is never changed: the second press of a
   * button, or a press after expiry, returns the result already reached.
   */
  act(token: string, action: BuyerAction): ActionOutcome {
    const s = this.session(token);
    if (!s) return { kind: 'unknown' };
    if (s.status === 'FINAL') return { kind: 'final', session: s, changed: false };
    switch (action.type) {
      case 'abort':
        this.finish(s, result(CANCELLED), 'abort');
        break;
      case 'pay': {
        const sc = s.scenario;
        if (sc?.when === 'never') return { kind: 'waiting', session: s };
        const r = sc ? scenarioResult(sc) : result(ACCEPTED);
        this.finish(s, r, 'payment', action.byWallet === true);
        break;
      }
      case 'code': {
        if (action.code === EXPIRED) {
          this.expire(s, action.by);
        } else {
          const c = findCode(action.code);
          if (!c || !c.outcome) throw new RangeError(`${action.code} is not an outcome code`);
          this.finish(s, result(action.code), action.by);
        }
        break;
      }
    }
    return { kind: 'final', session: s, changed: true };
  }

  /**
   * Expires every pending session whose deadline has passed, and sweeps the
   * finished sessions older than the retention; returns how many expired.
   */
  tick(): number {
    const now = this.deps.clock.now();
    let n = 0;
    for (const token of this.expiries.popDue(now)) {
      const s = this.deps.store.getSession(token);
      if (s && s.status === 'PENDING' && s.expiresAt <= now) {
        this.expire(s);
        n++;
      }
    }
    for (const token of this.sweeps.popDue(now)) {
      const s = this.deps.store.getSession(token);
      if (s && s.status === 'FINAL') {
        this.deps.store.deleteSession(token);
        for (const fn of this.sweepListeners) fn(token);
      }
    }
    return n;
  }

  /** Forgets the expiry and sweep queues (after a store reset). */
  clearQueue(): void {
    this.expiries.clear();
    this.sweeps.clear();
  }

  private expire(s: WebSession, by: FinishedBy = 'expiry'): void {
    this.finish(s, result(EXPIRED), by);
  }

  private finish(s: WebSession, r: Result, by: FinishedBy, byWallet = false): void {
    const now = this.deps.clock.now();
    // the session, its transaction and a new wallet are kept together or not at all; the session
    // is saved first so that, if a later save fails, the store puts back its previous copy
    this.deps.store.atomically(() => {
      s.status = 'FINAL';
      s.result = r;
      s.finishedAt = now;
      s.finishedBy = by;
      this.deps.store.saveSession(s);
      // expiry happens on the platform's side: the partner never saw the buyer, so no transaction
      if (r.code !== EXPIRED) {
        const tx = this.transactionFor(s, r, now, byWallet);
        s.transactionId = tx.id;
        this.deps.store.saveTransaction(tx);
        this.deps.store.saveSession(s);
      }
    });
    this.sweeps.push(now + this.retentionMs, s.token);
    for (const fn of this.finalListeners) fn(s);
  }

  private transactionFor(s: WebSession, r: Result, now: number, byWallet: boolean): Transaction {
    const accepted = r.code === ACCEPTED;
    const saved = byWallet ? this.wallet(s) : undefined;
    const card = saved?.card ?? cardFor(s.token, s.createdAt);
    const id = freshTransactionId(this.deps.store, () => this.deps.ids.webTransactionId(now));
    if (accepted && s.walletId !== undefined) {
      s.paidByWallet = saved !== undefined;
      if (!saved) {
        this.deps.store.saveWallet({
          merchantId: s.merchantId,
          walletId: s.walletId,
          card,
          ...optional('lastName', text(s.request, 'buyer.lastName')),
          ...optional('firstName', text(s.request, 'buyer.firstName')),
          ...optional('email', text(s.request, 'buyer.email')),
          createdAt: now,
        });
      }
    }
    return {
      id,
      merchantId: s.merchantId,
      type: 'AUTHOR+CAP',
      date: now,
      amount: text(s.request, 'payment.amount') ?? '0',
      currency: text(s.request, 'payment.currency') ?? '978',
      contractNumber: s.contractNumber,
      orderRef: text(s.request, 'order.ref') ?? '',
      result: r,
      softDescriptor: s.softDescriptor,
      token: s.token,
      refundIds: [],
      refunded: 0,
      ...(accepted && { card, authorizationNumber: id.slice(-6) }),
    };
  }
}

/**
 * A copy of a parsed request that keeps nothing of the request text, for a
 * session to keep: V8 makes a substring of 13 characters or more a view on its
 * parent string, which would keep the whole request alive with the session. Long
 * strings get their own characters, and a value equal to one met recently is
 * shared between sessions (the same currency, action, mode, contract, return URL,
 * private data keys... come in every request), as JSON.parse does for short ones.
 */
export function compactCopy(v: XObj): XObj {
  const out: XObj = {};
  const keys = Object.keys(v);
  for (let k = 0; k < keys.length; k++) out[keys[k]!] = copyNode(v[keys[k]!]!);
  return out;
}

function copyNode(v: XNode): XNode {
  if (typeof v === 'string') return copyString(v);
  if (Array.isArray(v)) return v.map(copyNode);
  return compactCopy(v);
}

/**
 * Values met recently, by a cheap fingerprint (length, first and last characters):
 * no hashing of every value, and a miss costs one comparison that fails fast.
 */
const SHARED_SLOTS = 4096;
const shared: (string | undefined)[] = new Array<string | undefined>(SHARED_SLOTS).fill(undefined);
const SHARED_MAX_LENGTH = 100;

function copyString(s: string): string {
  const n = s.length;
  if (n === 0 || n > SHARED_MAX_LENGTH) return ownCopy(s);
  const slot = (Math.imul(n, 0x9e3779b1) ^ Math.imul(s.charCodeAt(0), 31) ^ Math.imul(s.charCodeAt(n - 1), 0x85ebca6b) ^ s.charCodeAt(n >> 1)) & (SHARED_SLOTS - 1);
  const known = shared[slot];
  if (known === s) return known;
  const copy = ownCopy(s);
  shared[slot] = copy;
  return copy;
}

/** A string with its own characters (below 13 characters a substring already is one). */
function ownCopy(s: string): string {
  // the strings are well-formed UTF-16 (the XML reader refuses lone surrogates): UTF-8 round-trips them
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

function optional<K extends string>(key: K, value: string | undefined): { [k in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: string };
}

/**
 * A scenario's result: the code's own result (with the code's partner code, see codes.ts) unless
 * the scenario names a partner code, which then comes with the scenario's label or none.
 */
function scenarioResult(sc: { code: string; partnerCode?: string; partnerCodeLabel?: string }): Result {
  const r = result(sc.code);
  if (sc.partnerCode !== undefined || sc.partnerCodeLabel !== undefined) {
    delete r.partnerCode;
    delete r.partnerCodeLabel;
    if (sc.partnerCode !== undefined) r.partnerCode = sc.partnerCode;
    if (sc.partnerCodeLabel !== undefined) r.partnerCodeLabel = sc.partnerCodeLabel;
  }
  return r;
}

/**
 * The Bancontact card of a session's payment, a rule a merchant's test can compute from the
 * token (README, "The contract"): BIN 670999, the token's last four digits (the last digits of
 * its creation time in ms), expiry the month of the session's creation three years later (UTC,
 * on the simulator's clock), e.g. a token ending in 5678 created in December 2026:
 * 670999XXXXXX5678, 12/29. A payment with a saved card shows that card instead.
 */
export function cardFor(token: string, createdAt: number): CardData {
  let last4 = token.slice(-4);
  if (!/^\d{4}$/.test(last4)) {
    // a token not made by the id generator (tests may inject their own): digits from its characters
    let h = 0;
    for (let i = 0; i < token.length; i++) h = (h * 31 + token.charCodeAt(i)) >>> 0;
    last4 = String(h % 10000).padStart(4, '0');
  }
  const d = new Date(createdAt);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const yy = String((d.getUTCFullYear() + 3) % 100).padStart(2, '0');
  return { maskedPan: `670999XXXXXX${last4}`, expiry: `${mm}/${yy}` };
}

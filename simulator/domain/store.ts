/**
 * Where the simulator keeps its state. The in-memory store is the default (fast,
 * for CI); other stores implement the same interface.
 */
import type { Transaction, WalletCard, WebSession } from './model.js';
import { BoundedMap } from './bounded-map.js';

export interface Store {
  getSession(token: string): WebSession | undefined;
  /** Inserts or updates (the object is the store's own after this call). */
  saveSession(s: WebSession): void;
  deleteSession(token: string): void;
  /** Pending sessions, for rebuilding the expiry queue on start. */
  pendingSessions(): Iterable<WebSession>;
  sessions(): Iterable<WebSession>;
  sessionCount(): number;

  getTransaction(id: string): Transaction | undefined;
  saveTransaction(t: Transaction): void;
  transactions(): Iterable<Transaction>;

  getWallet(merchantId: string, walletId: string): WalletCard | undefined;
  saveWallet(w: WalletCard): void;

  /** Clears sessions, transactions and wallets of one merchant, or of all. */
  reset(merchantId?: string): number;
  close(): void;
  /**
   * Runs fn, whose saves land together or not at all: when a save fails (a data file
   * that cannot be written), what fn saved is undone in the store too, and the error
   * goes on. The in-memory store has nothing to undo.
   */
  atomically<T>(fn: () => T): T;
}

/**
 * A transaction id the store does not hold yet. Ids are made of the time and a counter: a
 * counter that went round within the same second (or a clock advanced by whole years) would
 * repeat an id and overwrite a transaction.
 */
export function freshTransactionId(store: Store, make: () => string): string {
  for (let tries = 0; tries < 100; tries++) {
    const id = make();
    if (store.getTransaction(id) === undefined) return id;
  }
  throw new Error('no free transaction id after 100 tries');
}

/** The key of a wallet: a wallet id is a merchant's own. */
export function walletKey(merchantId: string, walletId: string): string {
  return `${merchantId}\u0000${walletId}`;
}

export interface MemoryStoreOptions {
  /** Most sessions kept; beyond, the oldest (by creation) is dropped. */
  maxSessions?: number;
  /** Most transactions kept; beyond, the oldest is dropped. */
  maxTransactions?: number;
  /** Called with the session or transaction dropped by a cap (a persistent store deletes it too). */
  onEvict?: (kind: 'session' | 'transaction', key: string) => void;
}

export class MemoryStore implements Store {
  private readonly sessionMap: BoundedMap<string, WebSession>;
  private readonly txMap: BoundedMap<string, Transaction>;
  private readonly walletMap = new Map<string, WalletCard>();

  constructor(opts: MemoryStoreOptions = {}) {
    const onEvict = opts.onEvict;
    this.sessionMap = new BoundedMap(opts.maxSessions ?? Infinity, onEvict && ((token) => onEvict('session', token)));
    this.txMap = new BoundedMap(opts.maxTransactions ?? Infinity, (id, tx) => {
      onEvict?.('transaction', id);
      // a payment's session goes with its transaction: kept alone, getWebPaymentDetails would
      // answer ACCEPTED with an empty transaction id (refunds add transactions, not sessions)
      if (tx.token !== undefined && this.sessionMap.get(tx.token)?.transactionId === id) {
        this.sessionMap.delete(tx.token);
        onEvict?.('session', tx.token);
      }
    });
  }

  getSession(token: string) {
    return this.sessionMap.get(token);
  }
  saveSession(s: WebSession) {
    this.sessionMap.set(s.token, s);
  }
  deleteSession(token: string) {
    this.sessionMap.delete(token);
  }
  *pendingSessions() {
    for (const s of this.sessionMap.values()) if (s.status === 'PENDING') yield s;
  }
  sessions() {
    return this.sessionMap.values();
  }
  sessionCount() {
    return this.sessionMap.size;
  }
  getTransaction(id: string) {
    return this.txMap.get(id);
  }
  saveTransaction(t: Transaction) {
    this.txMap.set(t.id, t);
  }
  transactions() {
    return this.txMap.values();
  }
  getWallet(merchantId: string, walletId: string) {
    return this.walletMap.get(walletKey(merchantId, walletId));
  }
  saveWallet(w: WalletCard) {
    this.walletMap.set(walletKey(w.merchantId, w.walletId), w);
  }
  reset(merchantId?: string): number {
    if (merchantId === undefined) {
      const n = this.sessionMap.size;
      this.sessionMap.clear();
      this.txMap.clear();
      this.walletMap.clear();
      return n;
    }
    let n = 0;
    for (const [k, s] of this.sessionMap) if (s.merchantId === merchantId) (this.sessionMap.delete(k), n++);
    for (const [k, t] of this.txMap) if (t.merchantId === merchantId) this.txMap.delete(k);
    for (const [k, w] of this.walletMap) if (w.merchantId === merchantId) this.walletMap.delete(k);
    return n;
  }
  close() {}
  atomically<T>(fn: () => T): T {
    return fn();
  }
  /** Forgets a transaction (a persistent store undoing a save the file refused). */
  protected dropTransaction(id: string): void {
    this.txMap.delete(id);
  }
  /** Forgets a wallet (a persistent store undoing a save the file refused). */
  protected dropWallet(merchantId: string, walletId: string): void {
    this.walletMap.delete(walletKey(merchantId, walletId));
  }
}

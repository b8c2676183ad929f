/**
 * The store behind `--data FILE`: the in-memory store, written through to a
 * SQLite file. Every read is served by MemoryStore's maps (the domain keeps
 * mutating the live objects it gets, as with the memory store); every save,
 * delete, reset and cap eviction is written to the file at once, one prepared
 * statement in autocommit. At open, every row is loaded back, oldest first, so
 * the caps drop the same sessions and transactions as before the restart.
 *
 * WAL with synchronous=NORMAL: a committed write survives the process being
 * killed (kill -9); only a power cut may lose the last writes. The file is
 * locked for the process's lifetime (locking_mode=EXCLUSIVE): the cache is
 * only right when one process writes, so a second simulator on the same file is
 * refused instead of silently overwriting the first one's state.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryStore, walletKey, type MemoryStoreOptions, type Store } from '../domain/store.js';
import { DataFileError } from './data-file-error.js';
import type { Transaction, WalletCard, WebSession } from '../domain/model.js';

/** Version of the tables below, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE sessions (
  seq INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  merchant_id TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE transactions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  merchant_id TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE wallets (
  merchant_id TEXT NOT NULL,
  wallet_id TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (merchant_id, wallet_id)
);
PRAGMA user_version = ${SCHEMA_VERSION};
`;

export { DataFileError };

function statements(db: Database.Database) {
  return {
    saveSession: db.prepare<[string, string, string]>(
      'INSERT INTO sessions (token, merchant_id, data) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data',
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token = ?'),
    saveTransaction: db.prepare<[string, string, string]>(
      'INSERT INTO transactions (id, merchant_id, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
    ),
    deleteTransaction: db.prepare<[string]>('DELETE FROM transactions WHERE id = ?'),
    saveWallet: db.prepare<[string, string, string]>(
      'INSERT INTO wallets (merchant_id, wallet_id, data) VALUES (?, ?, ?) ON CONFLICT (merchant_id, wallet_id) DO UPDATE SET data = excluded.data',
    ),
    resetMerchant: [
      db.prepare<[string]>('DELETE FROM sessions WHERE merchant_id = ?'),
      db.prepare<[string]>('DELETE FROM transactions WHERE merchant_id = ?'),
      db.prepare<[string]>('DELETE FROM wallets WHERE merchant_id = ?'),
    ],
    resetAll: [db.prepare('DELETE FROM sessions'), db.prepare('DELETE FROM transactions'), db.prepare('DELETE FROM wallets')],
    allSessions: db.prepare<[], string>('SELECT data FROM sessions ORDER BY seq').pluck(),
    allTransactions: db.prepare<[], string>('SELECT data FROM transactions ORDER BY seq').pluck(),
    allWallets: db.prepare<[], string>('SELECT data FROM wallets').pluck(),
    oneSession: db.prepare<[string], string>('SELECT data FROM sessions WHERE token = ?').pluck(),
    oneTransaction: db.prepare<[string], string>('SELECT data FROM transactions WHERE id = ?').pluck(),
    oneWallet: db.prepare<[string, string], string>('SELECT data FROM wallets WHERE merchant_id = ? AND wallet_id = ?').pluck(),
  };
}

type Statements = ReturnType<typeof statements>;

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Opens the file, checks what it holds, creates or checks the tables. Throws DataFileError. */
function openDatabase(file: string): Database.Database {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DataFileError(`cannot open data file ${file}: folder ${dir} does not exist`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new DataFileError(`cannot open data file ${file}: it is a folder, not a file`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: 500 });
    // before anything reads the file: the lock is then held until close
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DataFileError(
        `data file ${file} was written by a newer simulator (schema version ${version}; this one reads up to ${SCHEMA_VERSION}): upgrade the simulator or use another file`,
      );
    }
    if (version === 0) {
      const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      if (tables.length > 0) {
        throw new DataFileError(
          `data file ${file} is a SQLite database of something else (tables: ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}): give a new file name`,
        );
      }
      db.transaction(() => db!.exec(SCHEMA)).immediate();
    }
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof DataFileError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new DataFileError(`data file ${file} is not a SQLite database: give a new file name or the simulator's own file`);
    if (code === 'SQLITE_BUSY') throw new DataFileError(`data file ${file} is in use by another process (another simulator?): one process at a time`);
    throw new DataFileError(`cannot open data file ${file}: ${describe(e)}`);
  }
}

export class SqliteStore extends MemoryStore implements Store {
  private open = true;

  private constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
    opts: MemoryStoreOptions,
  ) {
    super({
      ...opts,
      onEvict: (kind, key) => {
        (kind === 'session' ? sql.deleteSession : sql.deleteTransaction).run(key);
        opts.onEvict?.(kind, key);
      },
    });
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Opens (or creates) the data file and loads its content. Throws DataFileError
   * when the file's folder does not exist, the file is not one of the
   * simulator's SQLite databases, is newer, or is used by another process.
   */
  static open(file: string, opts: MemoryStoreOptions = {}): SqliteStore {
    const db = openDatabase(file);
    try {
      const store = new SqliteStore(db, statements(db), opts);
      store.load();
      return store;
    } catch (e) {
      db.close();
      if (e instanceof DataFileError) throw e;
      throw new DataFileError(`cannot read data file ${file}: ${describe(e)}`);
    }
  }

  /** Fills the maps from the file, oldest first (rows beyond a lowered cap are deleted). */
  private load(): void {
    this.db
      .transaction(() => {
        for (const data of this.sql.allSessions.all()) super.saveSession(JSON.parse(data) as WebSession);
        for (const data of this.sql.allTransactions.all()) super.saveTransaction(JSON.parse(data) as Transaction);
        for (const data of this.sql.allWallets.all()) super.saveWallet(JSON.parse(data) as WalletCard);
      })
      .immediate();
  }

  /** What the saves under way in atomically() touched, to undo them in memory if the file refuses one. */
  private touched: { sessions: Set<string>; transactions: Set<string>; wallets: Map<string, [string, string]> } | undefined;
  /** Runs a function in one SQLite transaction (made once: better-sqlite3 wraps the function it is given). */
  private readonly inTransaction: (fn: () => unknown) => unknown;

  override atomically<T>(fn: () => T): T {
    if (this.touched) return fn(); // within an outer call: it commits or undoes everything
    const touched = { sessions: new Set<string>(), transactions: new Set<string>(), wallets: new Map<string, [string, string]>() };
    this.touched = touched;
    try {
      return this.inTransaction(fn) as T;
    } catch (e) {
      // the file rolled back: memory goes back to what the file holds for what was touched
      // (objects changed in place before their save are replaced by the file's copies)
      try {
        this.undo(touched);
      } catch {
        // the file cannot even be read: nothing better to do than to report the first error
      }
      throw e;
    } finally {
      this.touched = undefined;
    }
  }

  private undo(t: NonNullable<SqliteStore['touched']>): void {
    for (const token of t.sessions) {
      const data = this.sql.oneSession.get(token);
      if (data === undefined) super.deleteSession(token);
      else super.saveSession(JSON.parse(data) as WebSession);
    }
    for (const id of t.transactions) {
      const data = this.sql.oneTransaction.get(id);
      if (data === undefined) this.dropTransaction(id);
      else super.saveTransaction(JSON.parse(data) as Transaction);
    }
    for (const [merchantId, walletId] of t.wallets.values()) {
      const data = this.sql.oneWallet.get(merchantId, walletId);
      if (data === undefined) this.dropWallet(merchantId, walletId);
      else super.saveWallet(JSON.parse(data) as WalletCard);
    }
  }

  override saveSession(s: WebSession): void {
    this.atomically(() => {
      this.touched!.sessions.add(s.token);
      this.sql.saveSession.run(s.token, s.merchantId, JSON.stringify(s));
      super.saveSession(s);
    });
  }

  override deleteSession(token: string): void {
    this.sql.deleteSession.run(token);
    super.deleteSession(token);
  }

  override saveTransaction(t: Transaction): void {
    this.atomically(() => {
      this.touched!.transactions.add(t.id);
      this.sql.saveTransaction.run(t.id, t.merchantId, JSON.stringify(t));
      super.saveTransaction(t);
    });
  }

  override saveWallet(w: WalletCard): void {
    this.atomically(() => {
      this.touched!.wallets.set(walletKey(w.merchantId, w.walletId), [w.merchantId, w.walletId]);
      this.sql.saveWallet.run(w.merchantId, w.walletId, JSON.stringify(w));
      super.saveWallet(w);
    });
  }

  override reset(merchantId?: string): number {
    this.db.transaction(() => {
      if (merchantId === undefined) for (const st of this.sql.resetAll) st.run();
      else for (const st of this.sql.resetMerchant) st.run(merchantId);
    })();
    return super.reset(merchantId);
  }

  override close(): void {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}

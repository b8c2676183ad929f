/**
 * The SQLite store: what is saved comes back after close and reopen (and after
 * the process is killed), the caps and resets delete from the file too, and a
 * file that cannot be used fails with one DataFileError naming it. The last
 * part runs the compiled CLI twice on one data file, with a kill -9 between.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction, WalletCard, WebSession } from '../domain/model.js';
import { PROJECT_ROOT } from '../paths.js';
import { CLI, ensureCliBuilt } from '../cli.test-support.js';
import { DataFileError, SCHEMA_VERSION, SqliteStore } from './sqlite.js';

const DIR = mkdtempSync(join(tmpdir(), 'sim-sqlite-'));
let fileSeq = 0;
const newFile = () => join(DIR, `state-${++fileSeq}.db`);

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const opened: SqliteStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});
function open(file: string, opts?: Parameters<typeof SqliteStore.open>[1]): SqliteStore {
  const s = SqliteStore.open(file, opts);
  opened.push(s);
  return s;
}
/** Closes, then opens the same file again (no caps). */
function reopen(store: SqliteStore, file: string): SqliteStore {
  store.close();
  return open(file);
}

function session(token: string, merchantId = 'M1', createdAt = 1_700_000_000_000): WebSession {
  return {
    token,
    merchantId,
    contractNumber: 'BANCONTACT',
    pointOfSale: 'POS',
    createdAt,
    expiresAt: createdAt + 600_000,
    request: { payment: { amount: '1000', currency: '978' }, privateDataList: { privateData: [{ key: 'a', value: 'é€"<' }] } },
    softDescriptor: 'Shop',
    status: 'PENDING',
    fetchedFinal: false,
  };
}

function transaction(id: string, merchantId = 'M1'): Transaction {
  return {
    id,
    merchantId,
    type: 'AUTHOR+CAP',
    date: 1_700_000_000_000,
    amount: '1000',
    currency: '978',
    contractNumber: 'BANCONTACT',
    orderRef: 'R1',
    result: { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' },
    softDescriptor: 'Shop',
    token: 't1',
    refundIds: [],
    refunded: 0,
    card: { maskedPan: '670999XXXXXX1234', expiry: '01/27' },
  };
}

function wallet(walletId: string, merchantId = 'M1'): WalletCard {
  return { merchantId, walletId, card: { maskedPan: '670999XXXXXX9999', expiry: '02/28' }, lastName: 'Peeters', createdAt: 1_700_000_000_000 };
}

/** Row counts straight from the file (the store must be closed). */
function rows(file: string): { sessions: number; transactions: number; wallets: number } {
  const db = new Database(file, { readonly: true });
  try {
    const n = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return { sessions: n('sessions'), transactions: n('transactions'), wallets: n('wallets') };
  } finally {
    db.close();
  }
}

describe('SqliteStore', () => {
  it('creates a new file with the schema version', () => {
    const file = newFile();
    open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('gives back sessions, transactions and wallets after close and reopen, in the same order', () => {
    const file = newFile();
    let store = open(file);
    const sessions = [session('tA', 'M1', 1), session('tB', 'M2', 2), session('tC', 'M1', 3)];
    sessions[1]!.scenario = { id: 'sc', code: '01100', when: 'payment', partnerCode: 'X' };
    for (const s of sessions) store.saveSession(s);
    store.saveTransaction(transaction('G1'));
    store.saveTransaction({ ...transaction('R2', 'M2'), type: 'REFUND', originTransactionId: 'G1', comment: 'c' });
    store.saveWallet(wallet('w1'));
    store.saveWallet(wallet('w1', 'M2'));

    store = reopen(store, file);
    expect([...store.sessions()]).toEqual(sessions);
    expect(store.sessionCount()).toBe(3);
    expect([...store.pendingSessions()].map((s) => s.token)).toEqual(['tA', 'tB', 'tC']);
    expect(store.getSession('tB')).toEqual(sessions[1]);
    expect([...store.transactions()].map((t) => t.id)).toEqual(['G1', 'R2']);
    expect(store.getTransaction('R2')).toMatchObject({ type: 'REFUND', originTransactionId: 'G1', comment: 'c' });
    expect(store.getWallet('M1', 'w1')).toEqual(wallet('w1'));
    expect(store.getWallet('M2', 'w1')).toEqual(wallet('w1', 'M2'));
    expect(store.getWallet('M1', 'w2')).toBeUndefined();
  });

  it('returns the same live object until it is saved, as the memory store does', () => {
    const store = open(newFile());
    const s = session('t1');
    store.saveSession(s);
    expect(store.getSession('t1')).toBe(s);
  });

  it('persists updates: a session made FINAL, a payment refunded in part, a deleted session', () => {
    const file = newFile();
    let store = open(file);
    store.saveSession(session('t1'));
    store.saveSession(session('t2'));
    store.saveTransaction(transaction('G1'));

    const s = store.getSession('t1')!;
    s.status = 'FINAL';
    s.result = { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' };
    s.finishedAt = 5;
    s.finishedBy = 'api';
    s.transactionId = 'G1';
    store.saveSession(s);
    const p = store.getTransaction('G1')!;
    p.refunded += 400;
    p.refundIds.push('R1');
    store.saveTransaction({ ...transaction('R1'), type: 'REFUND', amount: '400', originTransactionId: 'G1' });
    store.saveTransaction(p);
    store.deleteSession('t2');

    store = reopen(store, file);
    expect(store.getSession('t1')).toMatchObject({ status: 'FINAL', finishedBy: 'api', transactionId: 'G1', result: { code: '00000' } });
    expect([...store.pendingSessions()]).toEqual([]);
    expect(store.getSession('t2')).toBeUndefined();
    expect(store.getTransaction('G1')).toMatchObject({ refunded: 400, refundIds: ['R1'] });
    // an update keeps the row's place: G1 is still the oldest transaction
    expect([...store.transactions()].map((t) => t.id)).toEqual(['G1', 'R1']);
  });

  it('resets one merchant in the file too', () => {
    const file = newFile();
    let store = open(file);
    store.saveSession(session('a1', 'A'));
    store.saveSession(session('a2', 'A'));
    store.saveSession(session('b1', 'B'));
    store.saveTransaction(transaction('GA', 'A'));
    store.saveTransaction(transaction('GB', 'B'));
    store.saveWallet(wallet('w', 'A'));
    store.saveWallet(wallet('w', 'B'));
    expect(store.reset('A')).toBe(2);

    store = reopen(store, file);
    expect([...store.sessions()].map((s) => s.token)).toEqual(['b1']);
    expect([...store.transactions()].map((t) => t.id)).toEqual(['GB']);
    expect(store.getWallet('A', 'w')).toBeUndefined();
    expect(store.getWallet('B', 'w')).toBeDefined();
  });

  it('resets everything in the file too', () => {
    const file = newFile();
    let store = open(file);
    store.saveSession(session('a1', 'A'));
    store.saveSession(session('b1', 'B'));
    store.saveTransaction(transaction('GA', 'A'));
    store.saveWallet(wallet('w', 'B'));
    expect(store.reset()).toBe(2);
    store.saveSession(session('after', 'A'));

    store = reopen(store, file);
    expect([...store.sessions()].map((s) => s.token)).toEqual(['after']);
    expect([...store.transactions()]).toEqual([]);
    expect(store.getWallet('B', 'w')).toBeUndefined();
  });

  it('deletes from the file what the caps drop, oldest first', () => {
    const file = newFile();
    const evicted: string[] = [];
    let store = open(file, { maxSessions: 3, maxTransactions: 2, onEvict: (kind, key) => evicted.push(`${kind}:${key}`) });
    for (let i = 1; i <= 5; i++) store.saveSession(session(`t${i}`, 'M1', i));
    store.saveSession(store.getSession('t3')!); // an update does not drop anything
    for (let i = 1; i <= 4; i++) store.saveTransaction(transaction(`G${i}`));
    expect(evicted).toEqual(['session:t1', 'session:t2', 'transaction:G1', 'transaction:G2']);
    store.close();
    expect(rows(file)).toEqual({ sessions: 3, transactions: 2, wallets: 0 });

    store = open(file);
    expect([...store.sessions()].map((s) => s.token)).toEqual(['t3', 't4', 't5']);
    expect([...store.transactions()].map((t) => t.id)).toEqual(['G3', 'G4']);
  });

  it("drops a payment's session with its transaction: kept alone it answered ACCEPTED without a transaction", () => {
    const file = newFile();
    const evicted: string[] = [];
    const store = open(file, { maxSessions: 10, maxTransactions: 2, onEvict: (kind, key) => evicted.push(`${kind}:${key}`) });
    store.saveSession({ ...session('paid'), status: 'FINAL', transactionId: 'G1' });
    store.saveSession(session('other'));
    store.saveTransaction({ ...transaction('G1'), token: 'paid' });
    // two refunds of the payment (their token is the payment's, but they are not its transaction)
    store.saveTransaction({ ...transaction('R1'), type: 'REFUND', token: 'paid' });
    expect(store.getSession('paid')).toBeDefined();
    store.saveTransaction({ ...transaction('R2'), type: 'REFUND', token: 'paid' });
    expect(evicted).toEqual(['transaction:G1', 'session:paid']);
    expect(store.getSession('paid')).toBeUndefined();
    store.saveTransaction({ ...transaction('R3'), type: 'REFUND', token: 'paid' });
    expect(evicted).toEqual(['transaction:G1', 'session:paid', 'transaction:R1']);
    expect([...store.sessions()].map((s) => s.token)).toEqual(['other']);
    store.close();
    expect(rows(file)).toEqual({ sessions: 1, transactions: 2, wallets: 0 });
  });

  it('when the file refuses a write (disk full), undoes in memory what the change saved, and the file keeps its state', () => {
    const file = newFile();
    const store = open(file);
    store.saveSession(session('s1'));
    store.saveTransaction(transaction('G1'));
    const statement = (store as unknown as { sql: { saveTransaction: { run: (...a: unknown[]) => unknown } } }).sql.saveTransaction;
    const run = statement.run;
    statement.run = () => {
      throw Object.assign(new Error('database or disk is full'), { name: 'SqliteError' });
    };
    // a payment finishing: the session saved first, then its transaction, which the file refuses
    const s = store.getSession('s1')!;
    expect(() =>
      store.atomically(() => {
        s.status = 'FINAL';
        s.transactionId = 'G2';
        store.saveSession(s);
        store.saveTransaction({ ...transaction('G2'), token: 's1' });
      }),
    ).toThrow(/disk is full/);
    expect(store.getSession('s1')).toMatchObject({ status: 'PENDING' });
    expect(store.getSession('s1')!.transactionId).toBeUndefined();
    expect(store.getTransaction('G2')).toBeUndefined();
    // a refund: the payment changed in place, its save refused
    const g1 = store.getTransaction('G1')!;
    g1.refunded = 100;
    expect(() => store.saveTransaction(g1)).toThrow(/disk is full/);
    expect(store.getTransaction('G1')!.refunded).toBe(0);

    statement.run = run;
    store.close();
    const again = open(file);
    expect(again.getSession('s1')).toMatchObject({ status: 'PENDING' });
    expect([...again.transactions()].map((t) => [t.id, t.refunded])).toEqual([['G1', 0]]);
    again.close();
  });

  it('applies a lowered cap at open: the oldest rows go from the file', () => {
    const file = newFile();
    const store = open(file);
    for (let i = 1; i <= 5; i++) store.saveSession(session(`t${i}`, 'M1', i));
    store.close();

    const capped = open(file, { maxSessions: 2 });
    expect([...capped.sessions()].map((s) => s.token)).toEqual(['t4', 't5']);
    capped.saveSession(session('t6', 'M1', 6));
    capped.close();
    expect(rows(file).sessions).toBe(2);
    expect([...open(file).sessions()].map((s) => s.token)).toEqual(['t5', 't6']);
  });

  it('close is idempotent', () => {
    const store = open(newFile());
    store.close();
    expect(() => store.close()).not.toThrow();
  });
});

describe('SqliteStore refuses a file it cannot use, with one DataFileError naming it', () => {
  function refusal(file: string): DataFileError {
    try {
      open(file);
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      expect((e as Error).name).toBe('DataFileError');
      expect((e as Error).message).toContain(file);
      return e as DataFileError;
    }
    throw new Error(`${file} was opened`);
  }

  it('a file that is not a SQLite database', () => {
    const file = join(DIR, 'notes.txt');
    writeFileSync(file, 'these are not the droids you are looking for\n'.repeat(40));
    expect(refusal(file).message).toMatch(/not a SQLite database/);
  });

  it('a folder that does not exist', () => {
    const file = join(DIR, 'no-such-folder', 'state.db');
    expect(refusal(file).message).toMatch(/does not exist/);
    expect(existsSync(join(DIR, 'no-such-folder'))).toBe(false);
  });

  it('a folder instead of a file', () => {
    const dir = join(DIR, 'a-folder');
    mkdirSync(dir);
    expect(refusal(dir).message).toMatch(/folder/);
  });

  it('a file written by a newer simulator', () => {
    const file = newFile();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(refusal(file).message).toMatch(new RegExp(`newer simulator \\(schema version ${SCHEMA_VERSION + 1}`));
  });

  it("another program's SQLite database", () => {
    const file = newFile();
    const db = new Database(file);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    expect(refusal(file).message).toMatch(/something else \(tables: invoices\)/);
  });

  it('a file already used by another store', () => {
    const file = newFile();
    open(file);
    expect(refusal(file).message).toMatch(/in use by another process/);
  });
});

// ---------------------------------------------------------------------------
// The compiled CLI, killed and restarted on the same data file

const COMPILED_STORE = join(PROJECT_ROOT, 'dist', 'simulator', 'store', 'sqlite.js');
const DEMO_AUTH = `Basic ${Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64')}`;
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const IMPL = 'http://impl.ws.payline.experian.com';
const OBJ = 'http://obj.ws.payline.experian.com';
const ensureBuilt = () => ensureCliBuilt(COMPILED_STORE);

interface Cli {
  child: ChildProcess;
  url: string;
}

const running = new Set<ChildProcess>();

/** Starts the CLI on a free port; resolves with the URL of its first stdout line. */
async function startCli(dataFile?: string): Promise<Cli> {
  const env = { ...process.env };
  for (const k of ['PORT', 'HOST', 'PUBLIC_URL', 'DATA_FILE', 'FIXTURES', 'MAX_SESSIONS', 'LOG_REQUESTS']) delete env[k];
  const args = [CLI, '--port', '0', ...(dataFile === undefined ? [] : ['--data', dataFile])];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n', 1)[0]!;
      if (out.includes('\n')) {
        const m = /listening on (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]!);
        else reject(new Error(`unexpected first line: ${line}`));
      }
    });
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before listening: ${err}`)));
  });
  return { child, url };
}

async function kill9(cli: Cli): Promise<void> {
  if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  const exited = once(cli.child, 'exit');
  cli.child.kill('SIGKILL');
  await exited;
}

async function soapCall(url: string, api: string, operation: string, inner: string): Promise<string> {
  const res = await fetch(`${url}/V4/services/${api}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"`, authorization: DEMO_AUTH },
    body:
      `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}">` +
      `<soapenv:Body><impl:${operation}Request><impl:version>34</impl:version>${inner}</impl:${operation}Request></soapenv:Body></soapenv:Envelope>`,
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return text;
}

/** The text of the first element with that local name (any prefix). */
function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(xml)?.[1];
}

async function doWebPayment(url: string, amount: string): Promise<string> {
  const xml = await soapCall(
    url,
    'WebPaymentAPI',
    'doWebPayment',
    `<impl:payment><obj:amount>${amount}</obj:amount><obj:currency>978</obj:currency><obj:action>101</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>BANCONTACT</obj:contractNumber></impl:payment>` +
      `<impl:returnURL>https://shop.example/return</impl:returnURL><impl:cancelURL>https://shop.example/cancel</impl:cancelURL>` +
      `<impl:order><obj:ref>PERSIST-${Date.now()}</obj:ref><obj:country>BE</obj:country><obj:amount>${amount}</obj:amount><obj:currency>978</obj:currency><obj:date>19/01/2024 10:30</obj:date></impl:order>` +
      `<impl:selectedContractList><obj:selectedContract>BANCONTACT</obj:selectedContract></impl:selectedContractList>` +
      `<impl:buyer><obj:lastName>Peeters</obj:lastName><obj:firstName>Jan</obj:firstName><obj:email>jan.peeters@example.be</obj:email></impl:buyer>`,
  );
  expect(tag(xml, 'code'), xml).toBe('00000');
  return tag(xml, 'token')!;
}

async function details(url: string, token: string): Promise<{ code: string | undefined; transactionId: string | undefined; xml: string }> {
  const xml = await soapCall(url, 'WebPaymentAPI', 'getWebPaymentDetails', `<impl:token>${token}</impl:token>`);
  const transactionId = /<(?:\w+:)?transaction>\s*<(?:\w+:)?id>([^<]+)</.exec(xml)?.[1];
  return { code: tag(xml, 'code'), transactionId, xml };
}

async function finish(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/_simulator/sessions/${encodeURIComponent(token)}/outcome`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: '00000' }),
  });
  const json = (await res.json()) as { result: { code: string }; transactionId: string };
  expect(res.status, JSON.stringify(json)).toBe(200);
  expect(json.result.code).toBe('00000');
  return json.transactionId;
}

describe('the CLI with --data keeps its state across a kill -9', { timeout: 60_000 }, () => {
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => {
    for (const c of running) c.kill('SIGKILL');
  });

  it('a payment made before the kill is refunded after the restart', async () => {
    const file = newFile();
    const first = await startCli(file);
    const token = await doWebPayment(first.url, '9900');
    const fromOutcome = await finish(first.url, token);
    const before = await details(first.url, token);
    expect(before.code, before.xml).toBe('00000');
    expect(before.transactionId).toBe(fromOutcome);
    await kill9(first);

    const second = await startCli(file);
    try {
      const refund = await soapCall(
        second.url,
        'DirectPaymentAPI',
        'doRefund',
        `<impl:transactionID>${before.transactionId}</impl:transactionID>` +
          `<impl:payment><obj:amount>2500</obj:amount><obj:currency>978</obj:currency><obj:action>421</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>BANCONTACT</obj:contractNumber></impl:payment>` +
          `<impl:comment>partial refund after restart</impl:comment>`,
      );
      expect(tag(refund, 'code'), refund).toBe('00000');
      const after = await details(second.url, token);
      expect(after.code, after.xml).toBe('00000');
      expect(after.transactionId).toBe(before.transactionId);
    } finally {
      await kill9(second);
    }
  });

  it('a second CLI on the same file is refused with one line', async () => {
    const file = newFile();
    const first = await startCli(file);
    try {
      const env = { ...process.env };
      delete env['DATA_FILE'];
      const second = spawn(process.execPath, [CLI, '--port', '0', '--data', file], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(second);
      let err = '';
      second.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const [code] = (await once(second, 'exit')) as [number | null];
      // exit 2 and a one-line message once cli.ts catches DataFileError like ConfigError (exit 1 and the same line before)
      expect(err).toMatch(new RegExp(`^bancontact-simulator: data file .*${file.split('/').pop()} is in use by another process`));
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(code).toBe(2);
    } finally {
      await kill9(first);
    }
  });

  it('SIGTERM stops it cleanly even when the reader of its output has gone', async () => {
    const file = newFile();
    const first = await startCli(file);
    const token = await doWebPayment(first.url, '4200');
    await finish(first.url, token);
    let err = '';
    first.child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    // the pipe's reading end closed: the "stopping" line the CLI writes gets EPIPE
    first.child.stdout!.destroy();
    const exited = once(first.child, 'exit');
    first.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(err).toBe('');
    expect(code).toBe(0);

    const second = await startCli(file);
    try {
      expect((await details(second.url, token)).code).toBe('00000');
    } finally {
      await kill9(second);
    }
  });

  it('SIGTERM stops it within seconds even while a client sends its request slowly (it waited forever)', async () => {
    const cli = await startCli();
    const { port } = new URL(cli.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.on('error', () => {});
    socket.write(`POST /V4/services/WebPaymentAPI HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<`);
    const trickle = setInterval(() => socket.write('x'), 200);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const exited = once(cli.child, 'exit');
      const started = Date.now();
      cli.child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(Date.now() - started).toBeLessThan(8000);
      expect(code).toBe(0);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });

  it('a host that cannot be resolved: one line and exit 2', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--host', 'no-such-host.invalid'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(err).toMatch(/^bancontact-simulator: cannot listen: .*no-such-host\.invalid/);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(code).toBe(2);
  });

  it('without --data, nothing is kept after a restart', async () => {
    const first = await startCli();
    const token = await doWebPayment(first.url, '1500');
    await finish(first.url, token);
    expect((await details(first.url, token)).code).toBe('00000');
    await kill9(first);

    const second = await startCli();
    try {
      const after = await details(second.url, token);
      expect(after.code, after.xml).not.toBe('00000');
      expect(after.transactionId).toBeUndefined();
    } finally {
      await kill9(second);
    }
  });
});

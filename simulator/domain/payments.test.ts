/**
 * The web payment session state machine (Payments) with a manual clock, seeded
 * ids, an in-memory store and the catalog of the project's default fixtures:
 * doWebPayment checks and scenarios, the buyer's actions, expiry (by tick and
 * lazily), wallets and the soft descriptor.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { createIdGenerator, seededBytes } from './ids.js';
import type { WebSession } from './model.js';
import { ACCEPTED, CANCELLED, cardFor, EXPIRED, Payments } from './payments.js';
import { MemoryStore } from './store.js';
import { catalog, merchantOf, paymentsHarness, START } from './default-fixtures.test-support.js';
import type { Merchant } from '../fixtures/model.js';
import type { XObj } from '../soap/envelope.js';

const MINUTE = 60_000;
const PUBLIC_URL = 'http://sim.test:8080';

const DEMO = merchantOf('12345678901234');
const OTHER = merchantOf('12345678900001');
const NO_CONTRACT_SHOPNAME = merchantOf('12345678900099');

interface Harness {
  clock: ManualClock;
  store: MemoryStore;
  payments: Payments;
  finals: WebSession[];
}

function harness(seed = 7): Harness {
  const { clock, store, payments } = paymentsHarness(seed, PUBLIC_URL);
  const finals: WebSession[] = [];
  payments.onFinal((s) => finals.push(s));
  return { clock, store, payments, finals };
}

type Patch = Record<string, Record<string, string | undefined> | string | undefined>;

/**
 * A valid Bancontact doWebPayment body, as the envelope parser gives it. A patch
 * replaces fields of a block (`{ buyer: { lastName: 'X' } }`), an undefined field
 * removes it, and an undefined block removes the whole block.
 */
function request(patch: Patch = {}): XObj {
  const base: Record<string, Record<string, string> | string> = {
    version: '34',
    payment: { amount: '9900', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
    returnURL: 'https://shop.test/return?order=1',
    cancelURL: 'https://shop.test/cancel',
    order: { ref: 'ORDER-1', amount: '9900', currency: '978', date: '19/01/2024 10:35' },
    notificationURL: 'https://shop.test/notify',
    buyer: { firstName: 'Jan', lastName: 'Peeters', email: 'jan.peeters@example.be' },
  };
  const out: XObj = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(patch)])) {
    const original = base[key];
    if (!(key in patch)) {
      out[key] = typeof original === 'object' ? { ...original } : original!;
      continue;
    }
    const p = patch[key];
    if (p === undefined) continue;
    if (typeof p === 'string') {
      out[key] = p;
      continue;
    }
    const merged: Record<string, string> = typeof original === 'object' ? { ...original } : {};
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    out[key] = merged;
  }
  return out;
}

/** Starts a session and returns its token (fails the test if doWebPayment refuses). */
function start(h: Harness, patch: Patch = {}, merchant: Merchant = DEMO): string {
  const answer = h.payments.doWebPayment(merchant, request(patch));
  expect(answer.result.code, answer.result.longMessage).toBe(ACCEPTED);
  expect(answer.token).toBeDefined();
  return answer.token!;
}

let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('doWebPayment accepted', () => {
  it('creates a PENDING session with a 33-character token, expiring 61 minutes later', () => {
    const answer = h.payments.doWebPayment(DEMO, request());
    expect(answer.result).toEqual({ code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
    const token = answer.token!;
    expect(token).toHaveLength(33);
    expect(token).toMatch(/^1[A-Za-z0-9]{19}\d{13}$/);
    expect(token.endsWith(String(START))).toBe(true);
    expect(answer.redirectURL).toBe(`${PUBLIC_URL}/v2/?token=${token}`);

    const s = h.payments.session(token)!;
    expect(s).toBeDefined();
    expect(s.status).toBe('PENDING');
    expect(s.merchantId).toBe(DEMO.merchantId);
    expect(s.contractNumber).toBe('BANCONTACT');
    expect(s.pointOfSale).toBe('POS1');
    expect(s.createdAt).toBe(START);
    expect(s.expiresAt).toBe(s.createdAt + 61 * MINUTE);
    expect(s.result).toBeUndefined();
    expect(s.transactionId).toBeUndefined();
    expect(s.fetchedFinal).toBe(false);
    expect(h.store.sessionCount()).toBe(1);
    expect(h.finals).toHaveLength(0);
  });

  it('gives each session its own token', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) tokens.add(start(h, { order: { ref: `ORDER-${i}` } }));
    expect(tokens.size).toBe(20);
  });

  it('takes the contract from selectedContractList when payment.contractNumber is absent', () => {
    const token = start(h, { payment: { contractNumber: undefined }, selectedContractList: { selectedContract: 'BANCONTACT' } });
    expect(h.payments.session(token)?.contractNumber).toBe('BANCONTACT');
  });

  it("records the buyer's language named by languageCode, or the code it does not support", () => {
    const session = (languageCode: string | undefined) => h.payments.session(start(h, { languageCode }))!;
    expect([session('NL').language, session('fr-BE').language, session('deu').language, session('eng').language]).toEqual(['nl', 'fr', 'de', 'en']);
    const unsupported = session('es');
    expect([unsupported.language, unsupported.unsupportedLanguageCode]).toEqual([undefined, 'es']);
    // no code (or a blank one): nothing recorded, each page view follows the browser
    for (const s of [session(undefined), session('  ')]) expect([s.language, s.unsupportedLanguageCode]).toEqual([undefined, undefined]);
    expect(session('nl').unsupportedLanguageCode).toBeUndefined();
  });

  it('is repeatable with the same seed and clock', () => {
    const a = harness(99);
    const b = harness(99);
    expect(start(a)).toBe(start(b));
  });
});

describe('doWebPayment refused by a validation rule', () => {
  // [what is wrong, patch, code, text the longMessage must contain]
  const cases: [string, Patch, string, string][] = [
    ['payment missing', { payment: undefined }, '02308', 'payment'],
    ['payment.amount missing', { payment: { amount: undefined } }, '02308', 'payment.amount'],
    ['payment.amount with letters', { payment: { amount: '99,00' } }, '02305', 'payment.amount'],
    ['payment.amount zero', { payment: { amount: '0' } }, '02308', 'payment.amount'],
    ['payment.amount too large', { payment: { amount: '10000000000' }, order: { amount: '10000000000' } }, '02308', 'payment.amount'],
    ['payment.currency not numeric', { payment: { currency: 'EUR' } }, '02305', 'payment.currency'],
    ['payment.action not 101', { payment: { action: '100' } }, '02308', 'payment.action'],
    ['payment.mode not CPT', { payment: { mode: 'REC' } }, '02308', 'payment.mode'],
    ['payment.contractNumber missing', { payment: { contractNumber: undefined } }, '02308', 'payment.contractNumber'],
    ['payment.currency not the contract one', { payment: { currency: '840' }, order: { currency: '840' } }, '02308', 'payment.currency'],
    ['payment.softDescriptor longer than 64', { payment: { softDescriptor: 'x'.repeat(65) } }, '02305', 'payment.softDescriptor'],
    ['returnURL missing', { returnURL: undefined }, '02308', 'returnURL'],
    ['returnURL not absolute', { returnURL: '/return' }, '02305', 'returnURL'],
    ['cancelURL missing', { cancelURL: undefined }, '02308', 'cancelURL'],
    ['cancelURL not http(s)', { cancelURL: 'ftp://shop.test/cancel' }, '02305', 'cancelURL'],
    ['order missing', { order: undefined }, '02308', 'order'],
    ['order.ref missing', { order: { ref: undefined } }, '02308', 'order.ref'],
    ['order.ref longer than 50', { order: { ref: 'R'.repeat(51) } }, '02305', 'order.ref'],
    ['order.amount missing', { order: { amount: undefined } }, '02308', 'order.amount'],
    ['order.currency differs', { order: { currency: '840' } }, '02308', 'order.currency'],
    ['order.date missing', { order: { date: undefined } }, '02308', 'order.date'],
    ['order.date badly formatted', { order: { date: '2024-01-19 10:35' } }, '02305', 'order.date'],
    ['order.amount below payment.amount', { order: { amount: '9899' } }, '02308', 'order.amount'],
    ['notificationURL not a URL', { notificationURL: 'not a url' }, '02305', 'notificationURL'],
    ['buyer missing', { buyer: undefined }, '02308', 'buyer'],
    ['buyer.firstName missing', { buyer: { firstName: undefined } }, '02308', 'buyer.firstName'],
    ['buyer.lastName missing', { buyer: { lastName: undefined } }, '02308', 'buyer.lastName'],
    ['buyer.lastName longer than 100', { buyer: { lastName: 'L'.repeat(101) } }, '02305', 'buyer.lastName'],
    ['buyer.email missing', { buyer: { email: undefined } }, '02308', 'buyer.email'],
    ['buyer.email not an address', { buyer: { email: 'jan.peeters' } }, '02305', 'buyer.email'],
    ['buyer.walletId longer than 50', { buyer: { walletId: 'W'.repeat(51) } }, '02305', 'buyer.walletId'],
  ];

  it.each(cases)('%s', (_what, patch, code, field) => {
    const answer = h.payments.doWebPayment(DEMO, request(patch));
    expect(answer.result.code).toBe(code);
    expect(answer.result.shortMessage).toBe('ERROR');
    expect(answer.result.longMessage).toContain(field);
    expect(answer.token).toBeUndefined();
    expect(answer.redirectURL).toBeUndefined();
    expect(h.store.sessionCount()).toBe(0);
  });

  it('an unknown contract: 02303 naming the contract and the merchant', () => {
    const answer = h.payments.doWebPayment(DEMO, request({ payment: { contractNumber: 'VISA' } }));
    expect(answer.result.code).toBe('02303');
    expect(answer.result.longMessage).toContain('"VISA"');
    expect(answer.result.longMessage).toContain(DEMO.merchantId);
    expect(answer.token).toBeUndefined();
    expect(h.store.sessionCount()).toBe(0);
  });

  it('"missing" says so in the message', () => {
    const answer = h.payments.doWebPayment(DEMO, request({ buyer: { email: undefined } }));
    expect(answer.result.longMessage).toBe('Invalid value for buyer.email: mandatory field is missing');
  });
});

describe('scenarios', () => {
  it('when=doWebPayment (lastName InvalidValue): refused with 02308, no session', () => {
    const answer = h.payments.doWebPayment(DEMO, request({ buyer: { lastName: 'InvalidValue' } }));
    expect(answer.result.code).toBe('02308');
    // the message names the field, like every refused doWebPayment (it used to stop at "Invalid value for")
    expect(answer.result.longMessage).toBe('Invalid value for buyer.lastName: refused by scenario invalid-value-by-lastname');
    expect(answer.token).toBeUndefined();
    expect(answer.redirectURL).toBeUndefined();
    expect(h.store.sessionCount()).toBe(0);
    expect([...h.store.transactions()]).toHaveLength(0);
    expect(h.finals).toHaveLength(0);
  });

  it('when=payment (lastName Refused): pay gives 02020 with the partner code', () => {
    const token = start(h, { buyer: { lastName: 'Refused' } });
    expect(h.payments.session(token)?.status).toBe('PENDING');
    const outcome = h.payments.act(token, { type: 'pay' });
    expect(outcome.kind).toBe('final');
    if (outcome.kind !== 'final') return;
    expect(outcome.changed).toBe(true);
    expect(outcome.session.result).toMatchObject({
      code: '02020',
      shortMessage: 'REFUSED',
      partnerCode: 'REFUSED_BY_ISSUER',
      partnerCodeLabel: 'Refused by issuer',
    });
    expect(outcome.session.finishedBy).toBe('payment');
    // the partner saw the buyer: a refused transaction exists, without card data
    const tx = h.store.getTransaction(outcome.session.transactionId!)!;
    expect(tx.result.code).toBe('02020');
    expect(tx.card).toBeUndefined();
    expect(tx.authorizationNumber).toBeUndefined();
    expect(h.finals).toHaveLength(1);
  });

  it('when=payment by amount (2020): same refusal', () => {
    const token = start(h, { payment: { amount: '2020' }, order: { amount: '2020' } });
    const outcome = h.payments.act(token, { type: 'pay' });
    expect(outcome.kind === 'final' && outcome.session.result?.code).toBe('02020');
  });

  it('when=never (lastName Expired): pay waits; tick() after 61 minutes expires it with 02324, listeners called once', () => {
    const token = start(h, { buyer: { lastName: 'Expired' } });
    const waiting = h.payments.act(token, { type: 'pay' });
    expect(waiting.kind).toBe('waiting');
    expect(h.payments.session(token)?.status).toBe('PENDING');
    expect(h.finals).toHaveLength(0);

    h.clock.advance(60 * 60);
    expect(h.payments.tick()).toBe(0);
    expect(h.payments.session(token)?.status).toBe('PENDING');

    h.clock.advance(60);
    expect(h.payments.tick()).toBe(1);
    const s = h.store.getSession(token)!;
    expect(s.status).toBe('FINAL');
    expect(s.result).toMatchObject({ code: EXPIRED, shortMessage: 'REFUSED' });
    expect(s.finishedBy).toBe('expiry');
    expect(s.finishedAt).toBe(START + 61 * MINUTE);
    // expiry happens without the partner: no transaction
    expect(s.transactionId).toBeUndefined();
    expect([...h.store.transactions()]).toHaveLength(0);
    expect(h.finals).toHaveLength(1);
    expect(h.finals[0]!.token).toBe(token);

    // nothing fires twice
    h.clock.advance(3600);
    expect(h.payments.tick()).toBe(0);
    h.payments.session(token);
    const after = h.payments.act(token, { type: 'pay' });
    expect(after).toMatchObject({ kind: 'final', changed: false });
    expect(h.finals).toHaveLength(1);
  });
});

describe('buyer actions', () => {
  it('pay: 00000 with an accepted AUTHOR+CAP transaction', () => {
    const token = start(h);
    h.clock.advance(30);
    const outcome = h.payments.act(token, { type: 'pay' });
    expect(outcome.kind).toBe('final');
    if (outcome.kind !== 'final') return;
    expect(outcome.changed).toBe(true);
    const s = outcome.session;
    expect(s.status).toBe('FINAL');
    expect(s.result).toEqual({ code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
    expect(s.finishedBy).toBe('payment');
    expect(s.finishedAt).toBe(START + 30_000);
    expect(s.transactionId).toMatch(/^G\d{17}$/);

    const tx = h.store.getTransaction(s.transactionId!)!;
    expect(tx).toMatchObject({
      id: s.transactionId,
      merchantId: DEMO.merchantId,
      type: 'AUTHOR+CAP',
      date: START + 30_000,
      amount: '9900',
      currency: '978',
      contractNumber: 'BANCONTACT',
      orderRef: 'ORDER-1',
      token,
      refundIds: [],
      refunded: 0,
    });
    expect(tx.result.code).toBe(ACCEPTED);
    // the README's rule: BIN 670999, the token's last four digits, the creation month three years on
    expect(token.slice(-13)).toBe(String(START));
    expect(tx.card).toEqual({ maskedPan: `670999XXXXXX${String(START).slice(-4)}`, expiry: '01/27' });
    expect(tx.authorizationNumber).toBe(tx.id.slice(-6));
    expect(h.finals.map((f) => f.token)).toEqual([token]);
  });

  it('abort: 02008, finished by the buyer', () => {
    const token = start(h);
    const outcome = h.payments.act(token, { type: 'abort' });
    expect(outcome.kind).toBe('final');
    if (outcome.kind !== 'final') return;
    expect(outcome.changed).toBe(true);
    expect(outcome.session.result).toMatchObject({ code: CANCELLED, shortMessage: 'CANCELLED' });
    expect(outcome.session.finishedBy).toBe('abort');
    const tx = h.store.getTransaction(outcome.session.transactionId!);
    expect(tx?.result.code).toBe(CANCELLED);
    expect(tx?.card).toBeUndefined();
    expect(h.finals).toHaveLength(1);
  });

  it('a second action never changes a final result', () => {
    const paid = start(h);
    h.payments.act(paid, { type: 'pay' });
    const first = h.store.getSession(paid)!;
    const txId = first.transactionId;
    const transactions = [...h.store.transactions()].length;
    for (const action of [{ type: 'abort' }, { type: 'pay' }, { type: 'code', code: '02020', by: 'api' }] as const) {
      const again = h.payments.act(paid, action);
      expect(again).toMatchObject({ kind: 'final', changed: false });
      if (again.kind === 'final') {
        expect(again.session.result?.code).toBe(ACCEPTED);
        expect(again.session.transactionId).toBe(txId);
      }
    }
    expect([...h.store.transactions()]).toHaveLength(transactions);

    const aborted = start(h, { order: { ref: 'ORDER-2' } });
    h.payments.act(aborted, { type: 'abort' });
    const again = h.payments.act(aborted, { type: 'pay' });
    expect(again).toMatchObject({ kind: 'final', changed: false });
    if (again.kind === 'final') expect(again.session.result?.code).toBe(CANCELLED);
    expect(h.finals).toHaveLength(2);
  });

  it('an action after expiry keeps 02324', () => {
    const token = start(h);
    h.clock.advance(61 * 60);
    const outcome = h.payments.act(token, { type: 'pay' });
    expect(outcome).toMatchObject({ kind: 'final', changed: false });
    if (outcome.kind === 'final') expect(outcome.session.result?.code).toBe(EXPIRED);
    expect(h.finals).toHaveLength(1);
  });

  it('an unknown token: unknown', () => {
    expect(h.payments.act('1nosuchtoken000000001705656910000', { type: 'pay' })).toEqual({ kind: 'unknown' });
    expect(h.payments.session('1nosuchtoken000000001705656910000')).toBeUndefined();
  });

  it('cardFor: the token\'s last four digits, the creation month (UTC) three years on', () => {
    expect(cardFor('1AbCdEfGhIjKlMnOpQrS1796212345678', Date.UTC(2026, 11, 2, 4, 0))).toEqual({ maskedPan: '670999XXXXXX5678', expiry: '12/29' });
    expect(cardFor('1AbCdEfGhIjKlMnOpQrS1796212345678', Date.UTC(2026, 11, 31, 23, 30))).toEqual({ maskedPan: '670999XXXXXX5678', expiry: '12/29' });
    expect(cardFor('1AbCdEfGhIjKlMnOpQrS1796212345678', Date.UTC(2027, 0, 1, 0, 0))).toEqual({ maskedPan: '670999XXXXXX5678', expiry: '01/30' });
  });

  it('02020 carries the same partner code by scenario, page button and admin API', () => {
    const byScenario = h.payments.act(start(h, { buyer: { lastName: 'Refused' } }), { type: 'pay' });
    const byPanel = h.payments.act(start(h, { order: { ref: 'ORDER-2' } }), { type: 'code', code: '02020', by: 'panel' });
    const byApi = h.payments.act(start(h, { order: { ref: 'ORDER-3' } }), { type: 'code', code: '02020', by: 'api' });
    const results = [byScenario, byPanel, byApi].map((o) => (o.kind === 'final' ? o.session.result : undefined));
    for (const r of results) {
      expect(r).toEqual({
        code: '02020',
        shortMessage: 'REFUSED',
        longMessage: 'Transaction refused by partner',
        partnerCode: 'REFUSED_BY_ISSUER',
        partnerCodeLabel: 'Refused by issuer',
      });
    }
  });

  it('a chosen code (admin API, panel) finishes the session with it', () => {
    const token = start(h);
    const outcome = h.payments.act(token, { type: 'code', code: '01100', by: 'api' });
    expect(outcome.kind === 'final' && outcome.session.result?.code).toBe('01100');
    expect(h.store.getSession(token)?.finishedBy).toBe('api');
    const expiring = start(h, { order: { ref: 'ORDER-2' } });
    const expired = h.payments.act(expiring, { type: 'code', code: EXPIRED, by: 'panel' });
    expect(expired.kind === 'final' && expired.session.result?.code).toBe(EXPIRED);
    expect(h.store.getSession(expiring)?.finishedBy).toBe('panel');
    expect(h.store.getSession(expiring)?.transactionId).toBeUndefined();
    expect(() => h.payments.act(start(h, { order: { ref: 'ORDER-3' } }), { type: 'code', code: '02306', by: 'api' })).toThrow(RangeError);
  });
});

describe('expiry', () => {
  it('is applied lazily by session(), at exactly 61 minutes, listeners called once', () => {
    const token = start(h);
    h.clock.set(START + 61 * MINUTE - 1);
    expect(h.payments.session(token)?.status).toBe('PENDING');
    h.clock.set(START + 61 * MINUTE);
    const s = h.payments.session(token)!;
    expect(s.status).toBe('FINAL');
    expect(s.result?.code).toBe(EXPIRED);
    expect(s.finishedBy).toBe('expiry');
    expect(h.finals).toHaveLength(1);
    // the queued deadline finds the session already final
    expect(h.payments.tick()).toBe(0);
    expect(h.payments.session(token)?.result?.code).toBe(EXPIRED);
    expect(h.finals).toHaveLength(1);
  });

  it('sessionOf() applies it too, and hides other merchants\' sessions', () => {
    const token = start(h);
    expect(h.payments.sessionOf(OTHER.merchantId, token)).toBeUndefined();
    h.clock.advance(62 * 60);
    expect(h.payments.sessionOf(DEMO.merchantId, token)?.result?.code).toBe(EXPIRED);
  });

  it('tick() expires only the sessions that are due', () => {
    const first = start(h);
    h.clock.advance(30 * 60);
    const second = start(h, { order: { ref: 'ORDER-2' } });
    const paid = start(h, { order: { ref: 'ORDER-3' } });
    h.payments.act(paid, { type: 'pay' });
    h.clock.advance(31 * 60);
    expect(h.payments.tick()).toBe(1);
    expect(h.store.getSession(first)?.status).toBe('FINAL');
    expect(h.store.getSession(second)?.status).toBe('PENDING');
    h.clock.advance(30 * 60);
    expect(h.payments.tick()).toBe(1);
    expect(h.store.getSession(second)?.result?.code).toBe(EXPIRED);
    expect(h.store.getSession(paid)?.result?.code).toBe(ACCEPTED);
    expect(h.finals.map((s) => s.token)).toEqual([paid, first, second]);
  });

  it('a Payments built on a store with pending sessions expires them too', () => {
    const token = start(h);
    const again = new Payments({ clock: h.clock, ids: createIdGenerator(seededBytes(3)), store: h.store, catalog: () => catalog, publicUrl: () => PUBLIC_URL });
    const finals: string[] = [];
    again.onFinal((s) => finals.push(s.token));
    h.clock.advance(61 * 60);
    expect(again.tick()).toBe(1);
    expect(finals).toEqual([token]);
  });
});

describe('wallet', () => {
  it('an accepted payment with buyer.walletId stores the card; the next session pays with it', () => {
    const first = start(h, { buyer: { walletId: 'WALLET-1' } });
    expect(h.payments.wallet(h.store.getSession(first)!)).toBeUndefined();
    const paid = h.payments.act(first, { type: 'pay' });
    if (paid.kind !== 'final') throw new Error('not final');
    expect(paid.session.paidByWallet).toBe(false);
    const firstTx = h.store.getTransaction(paid.session.transactionId!)!;
    const stored = h.store.getWallet(DEMO.merchantId, 'WALLET-1');
    expect(stored).toMatchObject({
      merchantId: DEMO.merchantId,
      walletId: 'WALLET-1',
      card: firstTx.card,
      lastName: 'Peeters',
      firstName: 'Jan',
      email: 'jan.peeters@example.be',
    });

    h.clock.advance(3600);
    const second = start(h, { buyer: { walletId: 'WALLET-1' }, order: { ref: 'ORDER-2' } });
    const s2 = h.payments.session(second)!;
    expect(s2.walletId).toBe('WALLET-1');
    expect(h.payments.wallet(s2)?.card).toEqual(firstTx.card);

    const byWallet = h.payments.act(second, { type: 'pay', byWallet: true });
    if (byWallet.kind !== 'final') throw new Error('not final');
    expect(byWallet.session.result?.code).toBe(ACCEPTED);
    expect(byWallet.session.paidByWallet).toBe(true);
    expect(h.store.getTransaction(byWallet.session.transactionId!)?.card).toEqual(firstTx.card);
  });

  it('a refused payment stores no card; wallets are per merchant', () => {
    const refused = start(h, { buyer: { walletId: 'WALLET-2', lastName: 'Refused' } });
    h.payments.act(refused, { type: 'pay' });
    expect(h.store.getWallet(DEMO.merchantId, 'WALLET-2')).toBeUndefined();

    const paid = start(h, { buyer: { walletId: 'WALLET-3' } });
    h.payments.act(paid, { type: 'pay' });
    expect(h.store.getWallet(DEMO.merchantId, 'WALLET-3')).toBeDefined();
    const elsewhere = start(h, { buyer: { walletId: 'WALLET-3' } }, OTHER);
    expect(h.payments.wallet(h.payments.session(elsewhere)!)).toBeUndefined();
  });

  it('pay with byWallet but no stored card: a new card, not paid by wallet', () => {
    const token = start(h, { buyer: { walletId: 'WALLET-4' } });
    const outcome = h.payments.act(token, { type: 'pay', byWallet: true });
    if (outcome.kind !== 'final') throw new Error('not final');
    expect(outcome.session.result?.code).toBe(ACCEPTED);
    expect(outcome.session.paidByWallet).toBe(false);
    expect(h.store.getWallet(DEMO.merchantId, 'WALLET-4')).toBeDefined();
  });
});

describe('softDescriptor', () => {
  it('payment.softDescriptor first', () => {
    const token = start(h, { payment: { softDescriptor: 'MY ORDER 42' } });
    expect(h.payments.session(token)?.softDescriptor).toBe('MY ORDER 42');
    h.payments.act(token, { type: 'pay' });
    const s = h.store.getSession(token)!;
    expect(h.store.getTransaction(s.transactionId!)?.softDescriptor).toBe('MY ORDER 42');
  });

  it('then the contract shopName', () => {
    expect(DEMO.contracts[0]?.shopName).toBe('DemoShop');
    const token = start(h);
    expect(h.payments.session(token)?.softDescriptor).toBe('DemoShop');
    const empty = start(h, { payment: { softDescriptor: '' }, order: { ref: 'ORDER-2' } });
    expect(h.payments.session(empty)?.softDescriptor).toBe('DemoShop');
  });

  it('then the merchant shopName (merchant 12345678900099 has no contract shopName)', () => {
    expect(NO_CONTRACT_SHOPNAME.contracts[0]?.shopName).toBeUndefined();
    const token = start(h, {}, NO_CONTRACT_SHOPNAME);
    expect(h.payments.session(token)?.softDescriptor).toBe('MERCHANTSHOP');
    h.payments.act(token, { type: 'pay' });
    const s = h.store.getSession(token)!;
    expect(h.store.getTransaction(s.transactionId!)?.softDescriptor).toBe('MERCHANTSHOP');
  });
});

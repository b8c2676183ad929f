/**
 * doRefund, doReset and the getTransactionDetails lookup (Refunds) with a manual
 * clock: partial refunds up to the captured amount, the 180-day window, refusals
 * recorded as refund transactions, the field named in each refusal.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from './clock.js';
import type { Transaction } from './model.js';
import { ACCEPTED, Payments } from './payments.js';
import { REFUND_WINDOW_DAYS, Refunds } from './refunds.js';
import { MemoryStore } from './store.js';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from '../fixtures/load.js';
import { merchantOf, paymentsHarness, START } from './default-fixtures.test-support.js';
import type { Merchant } from '../fixtures/model.js';
import type { XObj } from '../soap/envelope.js';

const DAY_S = 86_400;

/** payment.amount values that pick a scenario in the default fixtures (not a plain accepted payment). */
const SCENARIO_AMOUNTS = new Set(
  loadFixtures(DEFAULT_FIXTURES_DIR)
    .scenarios.map((s) => s.match['payment.amount'])
    .flat()
    .filter((v): v is string => v !== undefined)
    .map(Number),
);

const DEMO = merchantOf('12345678901234');
const OTHER = merchantOf('12345678900001');

interface Harness {
  clock: ManualClock;
  store: MemoryStore;
  payments: Payments;
  refunds: Refunds;
}

function harness(seed = 11): Harness {
  const { clock, ids, store, payments } = paymentsHarness(seed, 'http://sim.test');
  return { clock, store, payments, refunds: new Refunds({ clock, ids, store }) };
}

/** A finished web payment (accepted unless lastName picks a scenario); returns its transaction. */
function payment(h: Harness, opts: { amount?: string; ref?: string; lastName?: string; merchant?: Merchant } = {}): Transaction {
  const amount = opts.amount ?? '9900';
  const body: XObj = {
    version: '34',
    payment: { amount, currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
    returnURL: 'https://shop.test/return',
    cancelURL: 'https://shop.test/cancel',
    order: { ref: opts.ref ?? 'ORDER-1', amount, currency: '978', date: '19/01/2024 10:35' },
    buyer: { firstName: 'Jan', lastName: opts.lastName ?? 'Peeters', email: 'jan@example.be' },
  };
  const answer = h.payments.doWebPayment(opts.merchant ?? DEMO, body);
  expect(answer.result.code, answer.result.longMessage).toBe(ACCEPTED);
  const outcome = h.payments.act(answer.token!, { type: 'pay' });
  if (outcome.kind !== 'final' || !outcome.session.transactionId) throw new Error('the payment did not finish');
  return h.store.getTransaction(outcome.session.transactionId)!;
}

/** A doRefund body; a payment field set to undefined is left out. */
function refundBody(transactionID: string | undefined, p: Record<string, string | undefined> = {}, extra: XObj = {}): XObj {
  const pay: Record<string, string> = {};
  for (const [k, v] of Object.entries({ amount: '5000', currency: '978', action: '421', mode: 'CPT', contractNumber: 'BANCONTACT', ...p })) {
    if (v !== undefined) pay[k] = v;
  }
  return { ...(transactionID !== undefined && { transactionID }), payment: pay, ...extra };
}

const refundsOf = (h: Harness, tx: Transaction) => h.store.getTransaction(tx.id)!.refundIds.map((id) => h.store.getTransaction(id)!);

let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('doRefund: partial refunds up to the captured amount', () => {
  it('two partial refunds, then one exceeding (02613, recorded); the total never goes above the capture', () => {
    const pay = payment(h);
    h.clock.advance(DAY_S);

    const r1 = h.refunds.refund(DEMO, refundBody(pay.id, { amount: '5000' }, { comment: 'first part' }));
    expect(r1.result).toEqual({ code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
    expect(r1.transaction).toMatchObject({
      type: 'REFUND',
      merchantId: DEMO.merchantId,
      amount: '5000',
      currency: '978',
      originTransactionId: pay.id,
      orderRef: 'ORDER-1',
      contractNumber: 'BANCONTACT',
      softDescriptor: pay.softDescriptor,
      date: START + DAY_S * 1000,
      comment: 'first part',
    });
    expect(r1.transaction!.id).toMatch(/^\d{14}$/);
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(5000);

    h.clock.advance(60);
    const r2 = h.refunds.refund(DEMO, refundBody(pay.id, { amount: '4000' }));
    expect(r2.result.code).toBe(ACCEPTED);
    expect(r2.transaction!.id).not.toBe(r1.transaction!.id);
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(9000);

    const r3 = h.refunds.refund(DEMO, refundBody(pay.id, { amount: '1000' }));
    expect(r3.result.code).toBe('02613');
    expect(r3.result.shortMessage).toBe('ERROR');
    expect(r3.result.longMessage).toContain('The maximal sum of the capture/refund is exceeded');
    expect(r3.result.longMessage).toContain('900');
    // recorded as a refund transaction of its own, with its refusal
    expect(r3.transaction).toBeDefined();
    expect(h.store.getTransaction(r3.transaction!.id)).toMatchObject({ type: 'REFUND', amount: '1000', originTransactionId: pay.id });
    expect(h.store.getTransaction(r3.transaction!.id)!.result.code).toBe('02613');

    const after = h.store.getTransaction(pay.id)!;
    expect(after.refunded).toBe(9000);
    expect(after.refundIds).toEqual([r1.transaction!.id, r2.transaction!.id, r3.transaction!.id]);
    expect(refundsOf(h, pay).map((t) => t.result.code)).toEqual(['00000', '00000', '02613']);

    // exactly what is left is still accepted, then nothing more
    expect(h.refunds.refund(DEMO, refundBody(pay.id, { amount: '900' })).result.code).toBe(ACCEPTED);
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(9900);
    expect(h.refunds.refund(DEMO, refundBody(pay.id, { amount: '1' })).result.code).toBe('02613');
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(9900);
  });

  it('a full refund in one go', () => {
    const pay = payment(h);
    expect(h.refunds.refund(DEMO, refundBody(pay.id, { amount: '9900' })).result.code).toBe(ACCEPTED);
    expect(h.refunds.refund(DEMO, refundBody(pay.id, { amount: '1' })).result.code).toBe('02613');
  });

  it('more than captured at once: 02613, nothing refunded', () => {
    const pay = payment(h);
    const r = h.refunds.refund(DEMO, refundBody(pay.id, { amount: '9901' }));
    expect(r.result.code).toBe('02613');
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(0);
  });

  it('any sequence of refunds: accepted iff within what is left, the sum of accepted never above the capture', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }).filter((n) => !SCENARIO_AMOUNTS.has(n)), fc.array(fc.integer({ min: 1, max: 12_000 }), { maxLength: 12 }), (captured, asked) => {
        const hh = harness();
        const pay = payment(hh, { amount: String(captured) });
        let left = captured;
        for (const cents of asked) {
          const r = hh.refunds.refund(DEMO, refundBody(pay.id, { amount: String(cents) }));
          if (cents <= left) {
            expect(r.result.code).toBe(ACCEPTED);
            left -= cents;
          } else {
            expect(r.result.code).toBe('02613');
          }
          const now = hh.store.getTransaction(pay.id)!;
          expect(now.refunded).toBe(captured - left);
          expect(now.refunded).toBeLessThanOrEqual(captured);
        }
        const accepted = refundsOf(hh, pay).filter((t) => t.result.code === ACCEPTED);
        expect(accepted.reduce((sum, t) => sum + Number(t.amount), 0)).toBe(captured - left);
        expect(refundsOf(hh, pay)).toHaveLength(asked.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe('doRefund: which transaction', () => {
  it('an unknown id: 02301 naming transactionID, nothing recorded', () => {
    payment(h);
    const before = [...h.store.transactions()].length;
    const r = h.refunds.refund(DEMO, refundBody('G24011910351099999'));
    expect(r.result.code).toBe('02301');
    expect(r.result.longMessage).toContain('transactionID');
    expect(r.result.longMessage).toContain('G24011910351099999');
    expect(r.transaction).toBeUndefined();
    expect([...h.store.transactions()]).toHaveLength(before);
  });

  it("another merchant's transaction: 02301 naming transactionID, untouched", () => {
    const theirs = payment(h, { merchant: OTHER });
    const r = h.refunds.refund(DEMO, refundBody(theirs.id));
    expect(r.result.code).toBe('02301');
    expect(r.result.longMessage).toContain('transactionID');
    expect(h.store.getTransaction(theirs.id)!.refundIds).toEqual([]);
    // its own merchant can refund it
    expect(h.refunds.refund(OTHER, refundBody(theirs.id)).result.code).toBe(ACCEPTED);
  });

  it('transactionID missing: 02308 naming transactionID', () => {
    const r = h.refunds.refund(DEMO, refundBody(undefined));
    expect(r.result.code).toBe('02308');
    expect(r.result.longMessage).toContain('transactionID');
  });

  it('payment missing: 02308 naming payment', () => {
    const pay = payment(h);
    const r = h.refunds.refund(DEMO, { transactionID: pay.id });
    expect(r.result.code).toBe('02308');
    expect(r.result.longMessage).toContain('payment');
  });

  it('a refused payment: 02314', () => {
    const refused = payment(h, { lastName: 'Refused' });
    expect(refused.result.code).toBe('02020');
    const r = h.refunds.refund(DEMO, refundBody(refused.id));
    expect(r.result.code).toBe('02314');
    expect(r.result.longMessage).toContain('Transaction flag refundable is disabled');
    expect(r.result.longMessage).toContain(refused.id);
  });

  it('a cancelled payment: 02314', () => {
    const answer = h.payments.doWebPayment(DEMO, {
      payment: { amount: '9900', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
      returnURL: 'https://shop.test/return',
      cancelURL: 'https://shop.test/cancel',
      order: { ref: 'ORDER-9', amount: '9900', currency: '978', date: '19/01/2024 10:35' },
      buyer: { firstName: 'Jan', lastName: 'Peeters', email: 'jan@example.be' },
    });
    const outcome = h.payments.act(answer.token!, { type: 'abort' });
    if (outcome.kind !== 'final') throw new Error('not final');
    expect(h.refunds.refund(DEMO, refundBody(outcome.session.transactionId!)).result.code).toBe('02314');
  });

  it('a refund: 02314, pointing at its payment', () => {
    const pay = payment(h);
    const refund = h.refunds.refund(DEMO, refundBody(pay.id, { amount: '100' })).transaction!;
    const r = h.refunds.refund(DEMO, refundBody(refund.id, { amount: '100' }));
    expect(r.result.code).toBe('02314');
    expect(r.result.longMessage).toContain(pay.id);
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(100);
  });

  it('an id with surrounding blanks is found', () => {
    const pay = payment(h);
    expect(h.refunds.refund(DEMO, refundBody(` ${pay.id} `)).result.code).toBe(ACCEPTED);
  });
});

describe('doRefund: field checks', () => {
  it('a currency other than the payment one: 02308 naming payment.currency, not recorded', () => {
    const pay = payment(h);
    const r = h.refunds.refund(DEMO, refundBody(pay.id, { currency: '840' }));
    expect(r.result.code).toBe('02308');
    expect(r.result.longMessage).toContain('payment.currency');
    expect(r.transaction).toBeUndefined();
    expect(h.store.getTransaction(pay.id)!.refundIds).toEqual([]);
  });

  it.each([
    ['101 (a payment)', '101'],
    ['201 (a capture)', '201'],
    ['letters', 'REFUND'],
  ])('action %s: 02308 naming payment.action', (_what, action) => {
    const pay = payment(h);
    const r = h.refunds.refund(DEMO, refundBody(pay.id, { action }));
    expect(r.result.code).toBe('02308');
    expect(r.result.longMessage).toContain('payment.action');
    expect(h.store.getTransaction(pay.id)!.refundIds).toEqual([]);
  });

  it('action missing: 02308 naming payment.action', () => {
    const pay = payment(h);
    const r = h.refunds.refund(DEMO, refundBody(pay.id, { action: undefined }));
    expect(r.result.code).toBe('02308');
    expect(r.result.longMessage).toContain('payment.action');
  });

  // letters and signs fail the format check (02305, "Invalid field format"); zero and
  // too large are invalid values (02308); all of them name payment.amount
  it.each([
    ['letters', 'abc', '02305'],
    ['a decimal', '50.00', '02305'],
    ['negative', '-100', '02305'],
    ['zero', '0', '02308'],
    ['enormous', '99999999999999999999', '02308'],
    ['missing', undefined, '02308'],
  ])('amount %s: refused naming payment.amount, not recorded', (_what, amount, code) => {
    const pay = payment(h);
    const r = h.refunds.refund(DEMO, refundBody(pay.id, { amount }));
    expect(r.result.code).toBe(code);
    expect(r.result.longMessage).toContain('payment.amount');
    expect(r.transaction).toBeUndefined();
    expect(h.store.getTransaction(pay.id)!.refundIds).toEqual([]);
    expect(h.store.getTransaction(pay.id)!.refunded).toBe(0);
  });
});

describe('doRefund: 180 days on the simulator clock', () => {
  it('at exactly 180 days: accepted', () => {
    const pay = payment(h);
    h.clock.advance(REFUND_WINDOW_DAYS * DAY_S);
    expect(REFUND_WINDOW_DAYS).toBe(180);
    const r = h.refunds.refund(DEMO, refundBody(pay.id));
    expect(r.result.code).toBe(ACCEPTED);
  });

  it('180 days + 1 s: 02314, recorded, nothing refunded', () => {
    const pay = payment(h);
    h.clock.advance(180 * DAY_S + 1);
    const r = h.refunds.refund(DEMO, refundBody(pay.id));
    expect(r.result.code).toBe('02314');
    expect(r.result.longMessage).toContain('180 days');
    expect(r.transaction).toBeDefined();
    expect(h.store.getTransaction(r.transaction!.id)?.result.code).toBe('02314');
    const after = h.store.getTransaction(pay.id)!;
    expect(after.refunded).toBe(0);
    expect(after.refundIds).toEqual([r.transaction!.id]);
  });

  it('a first partial refund inside the window does not extend it', () => {
    const pay = payment(h);
    h.clock.advance(100 * DAY_S);
    expect(h.refunds.refund(DEMO, refundBody(pay.id, { amount: '1000' })).result.code).toBe(ACCEPTED);
    h.clock.advance(81 * DAY_S);
    expect(h.refunds.refund(DEMO, refundBody(pay.id, { amount: '1000' })).result.code).toBe('02314');
  });
});

describe('doReset', () => {
  it('an accepted payment: 01917, saying to use doRefund', () => {
    const pay = payment(h);
    const r = h.refunds.reset(DEMO, { transactionID: pay.id, comment: 'cancel order' });
    expect(r.result.code).toBe('01917');
    expect(r.result.shortMessage).toBe('REFUSED');
    expect(r.result.longMessage).toContain('This transaction is not resetable');
    expect(r.result.longMessage).toContain('doRefund');
    expect(h.store.getTransaction(pay.id)!.refundIds).toEqual([]);
  });

  it('a refused payment and a refund: 01917', () => {
    const refused = payment(h, { lastName: 'Refused' });
    expect(h.refunds.reset(DEMO, { transactionID: refused.id }).result.code).toBe('01917');
    const pay = payment(h, { ref: 'ORDER-2' });
    const refund = h.refunds.refund(DEMO, refundBody(pay.id)).transaction!;
    expect(h.refunds.reset(DEMO, { transactionID: refund.id }).result.code).toBe('01917');
  });

  it("unknown, another merchant's or missing transactionID", () => {
    const theirs = payment(h, { merchant: OTHER });
    for (const body of [{ transactionID: 'NOPE' }, { transactionID: theirs.id }]) {
      const r = h.refunds.reset(DEMO, body);
      expect(r.result.code).toBe('02301');
      expect(r.result.longMessage).toContain('transactionID');
    }
    const missing = h.refunds.reset(DEMO, {});
    expect(missing.result.code).toBe('02308');
    expect(missing.result.longMessage).toContain('transactionID');
  });
});

describe('find (getTransactionDetails)', () => {
  it('by transactionId', () => {
    const pay = payment(h);
    const found = h.refunds.find(DEMO, { transactionId: pay.id });
    expect(found.result.code).toBe(ACCEPTED);
    expect(found.transaction?.id).toBe(pay.id);
    const refund = h.refunds.refund(DEMO, refundBody(pay.id)).transaction!;
    expect(h.refunds.find(DEMO, { transactionId: refund.id }).transaction?.id).toBe(refund.id);
  });

  it('by orderRef: the latest payment of that order, never a refund', () => {
    const first = payment(h, { ref: 'ORDER-7', lastName: 'Refused' });
    h.clock.advance(600);
    const second = payment(h, { ref: 'ORDER-7' });
    payment(h, { ref: 'ORDER-8' });
    h.clock.advance(60);
    h.refunds.refund(DEMO, refundBody(second.id));
    const found = h.refunds.find(DEMO, { orderRef: 'ORDER-7' });
    expect(found.result.code).toBe(ACCEPTED);
    expect(found.transaction?.id).toBe(second.id);
    expect(found.transaction?.id).not.toBe(first.id);
    expect(found.transaction?.type).toBe('AUTHOR+CAP');
  });

  it('transactionId wins over orderRef', () => {
    const a = payment(h, { ref: 'ORDER-A' });
    payment(h, { ref: 'ORDER-B' });
    expect(h.refunds.find(DEMO, { transactionId: a.id, orderRef: 'ORDER-B' }).transaction?.id).toBe(a.id);
  });

  it('unknown or foreign: 02301; neither given: 02308', () => {
    const theirs = payment(h, { merchant: OTHER, ref: 'THEIRS' });
    const byId = h.refunds.find(DEMO, { transactionId: theirs.id });
    expect(byId.result.code).toBe('02301');
    expect(byId.result.longMessage).toContain('transactionId');
    expect(byId.transaction).toBeUndefined();
    const byRef = h.refunds.find(DEMO, { orderRef: 'THEIRS' });
    expect(byRef.result.code).toBe('02301');
    expect(byRef.result.longMessage).toContain('THEIRS');
    const neither = h.refunds.find(DEMO, {});
    expect(neither.result.code).toBe('02308');
    expect(neither.result.longMessage).toContain('transactionId');
  });
});

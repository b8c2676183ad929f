import { describe, expect, it } from 'vitest';
import type { Transaction } from './model.js';
import { freshTransactionId, MemoryStore } from './store.js';

const tx = (id: string): Transaction => ({
  id,
  merchantId: 'M1',
  type: 'REFUND',
  date: 0,
  amount: '100',
  currency: '978',
  contractNumber: 'BANCONTACT',
  orderRef: 'R1',
  result: { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' },
  softDescriptor: 'Shop',
  token: 't1',
  refundIds: [],
  refunded: 0,
});

describe('freshTransactionId', () => {
  it('skips ids the store already holds (a counter gone round within one second would overwrite a transaction)', () => {
    const store = new MemoryStore();
    store.saveTransaction(tx('A'));
    store.saveTransaction(tx('B'));
    const made = ['A', 'B', 'C', 'D'];
    expect(freshTransactionId(store, () => made.shift()!)).toBe('C');
    expect(freshTransactionId(store, () => 'E')).toBe('E');
  });

  it('gives up with an error rather than loop for ever', () => {
    const store = new MemoryStore();
    store.saveTransaction(tx('A'));
    expect(() => freshTransactionId(store, () => 'A')).toThrow(/no free transaction id/);
  });
});

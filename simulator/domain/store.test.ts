import { describe, expect, it } from 'vitest';
import type { Transaction } from './model.js';
import { freshTransactionId, type Store } from './store.js';

/** A store that holds transactions with these ids (freshTransactionId only asks for them). */
const holding = (...ids: string[]) => ({ getTransaction: (id: string) => (ids.includes(id) ? ({ id } as Transaction) : undefined) }) as unknown as Store;

describe('freshTransactionId', () => {
  it('skips ids the store already holds (a counter gone round within one second would overwrite a transaction)', () => {
    const store = holding('A', 'B');
    const made = ['A', 'B', 'C', 'D'];
    expect(freshTransactionId(store, () => made.shift()!)).toBe('C');
    expect(freshTransactionId(store, () => 'E')).toBe('E');
  });

  it('gives up with an error rather than loop for ever', () => {
    expect(() => freshTransactionId(holding('A'), () => 'A')).toThrow(/no free transaction id/);
  });
});

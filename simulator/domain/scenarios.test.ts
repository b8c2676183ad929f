import { describe, expect, it } from 'vitest';
import type { Scenario } from '../fixtures/model.js';
import type { XObj } from '../soap/envelope.js';
import { findScenario, matches, valueAt } from './scenarios.js';

const request: XObj = {
  payment: { amount: '2020', currency: '978', contractNumber: 'BANCONTACT' },
  order: { ref: '0042', amount: '2020' },
  buyer: { lastName: 'Refused', email: 'a@b.be' },
  privateDataList: { privateData: [{ key: 'OrderSaleChannel', value: 'DESKTOP' }, { key: 'worker', value: '3' }] },
};

const scenario = (id: string, match: Scenario['match'], extra: Partial<Scenario> = {}): Scenario => ({
  id,
  description: id,
  match,
  when: 'payment',
  code: '02020',
  ...extra,
});

describe('valueAt', () => {
  it('reads dotted paths, and privateData.<key> from privateDataList', () => {
    expect(valueAt(request, 'order.ref')).toBe('0042');
    expect(valueAt(request, 'privateData.worker')).toBe('3');
    expect(valueAt(request, 'privateData.OrderSaleChannel')).toBe('DESKTOP');
    expect(valueAt(request, 'privateData.nope')).toBeUndefined();
    expect(valueAt(request, 'buyer.firstName')).toBeUndefined();
    expect(valueAt(request, 'payment')).toBeUndefined(); // an object is not a value
  });
});

describe('matching', () => {
  it('needs every path to hold an accepted value (exact, case-sensitive)', () => {
    expect(matches(scenario('a', { 'buyer.lastName': 'Refused', 'payment.amount': '2020' }), request)).toBe(true);
    expect(matches(scenario('b', { 'buyer.lastName': 'Refused', 'payment.amount': '2021' }), request)).toBe(false);
    expect(matches(scenario('c', { 'buyer.lastName': 'refused' }), request)).toBe(false);
    expect(matches(scenario('d', { 'buyer.firstName': 'Refused' }), request)).toBe(false);
  });

  it('accepts any value of a list', () => {
    expect(matches(scenario('a', { 'order.ref': ['0041', '0042'] }), request)).toBe(true);
    expect(matches(scenario('b', { 'order.ref': ['42'] }), request)).toBe(false);
  });

  it('returns the first match in file order, reading each path once', () => {
    const list = [
      scenario('worker-4', { 'privateData.worker': '4' }),
      scenario('by-amount', { 'payment.amount': '2020' }, { code: '02012' }),
      scenario('by-name', { 'buyer.lastName': 'Refused' }),
    ];
    expect(findScenario(list, request)?.id).toBe('by-amount');
    expect(findScenario(list, { buyer: { lastName: 'Nobody' } })).toBeUndefined();
    // the same list again (compiled once, cached) gives the same answer
    expect(findScenario(list, request)?.id).toBe('by-amount');
    expect(findScenario([], request)).toBeUndefined();
  });
});

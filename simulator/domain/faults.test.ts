import { describe, expect, it } from 'vitest';
import { checkFault, FAULT_OPERATIONS, FaultBook, FaultRuleError, type FaultSpec } from './faults.js';

const opts = { operations: FAULT_OPERATIONS, merchantExists: (id: string) => id === '111' || id === '222' };

function refusal(value: unknown, o: Parameters<typeof checkFault>[1] = opts): { field: string; problem: string } {
  try {
    checkFault(value, o);
  } catch (e) {
    if (e instanceof FaultRuleError) return { field: e.field, problem: e.problem };
    throw e;
  }
  throw new Error('accepted');
}

describe('checkFault', () => {
  it('accepts each kind with its parameter, and times and merchantId', () => {
    expect(checkFault({ operation: 'doWebPayment', kind: 'http', status: 503, times: 1 }, opts)).toEqual({ operation: 'doWebPayment', kind: 'http', status: 503, times: 1 });
    expect(checkFault({ operation: '*', kind: 'delay', ms: 0 }, opts)).toEqual({ operation: '*', kind: 'delay', ms: 0 });
    expect(checkFault({ operation: 'doRefund', kind: 'reset', merchantId: '222' }, opts)).toEqual({ operation: 'doRefund', kind: 'reset', merchantId: '222' });
    expect(checkFault({ operation: 'getWebPaymentDetails', kind: 'hang' }, opts)).toEqual({ operation: 'getWebPaymentDetails', kind: 'hang' });
    expect(checkFault({ operation: 'doWebPayment', kind: 'code', code: '04901' }, opts)).toEqual({ operation: 'doWebPayment', kind: 'code', code: '04901' });
  });

  it.each([
    [null, 'rule'],
    [[], 'rule'],
    [{ kind: 'reset' }, 'operation'],
    [{ operation: 'doAuthorization', kind: 'reset' }, 'operation'],
    [{ operation: 'constructor', kind: 'reset' }, 'operation'],
    [{ operation: '*', kind: 'slow' }, 'kind'],
    [{ operation: '*' }, 'kind'],
    [{ operation: '*', kind: 'http' }, 'status'],
    [{ operation: '*', kind: 'http', status: 404 }, 'status'],
    [{ operation: '*', kind: 'http', status: '503' }, 'status'],
    [{ operation: '*', kind: 'delay' }, 'ms'],
    [{ operation: '*', kind: 'delay', ms: 1.5 }, 'ms'],
    [{ operation: '*', kind: 'delay', ms: -1 }, 'ms'],
    [{ operation: '*', kind: 'delay', ms: 300_001 }, 'ms'],
    [{ operation: '*', kind: 'code', code: '12345' }, 'code'],
    [{ operation: '*', kind: 'code', code: 2101 }, 'code'],
    [{ operation: '*', kind: 'reset', status: 500 }, 'status'],
    [{ operation: '*', kind: 'http', status: 500, ms: 5 }, 'ms'],
    [{ operation: '*', kind: 'reset', times: 0 }, 'times'],
    [{ operation: '*', kind: 'reset', times: 1.5 }, 'times'],
    [{ operation: '*', kind: 'reset', times: '1' }, 'times'],
    [{ operation: '*', kind: 'reset', merchantId: '999' }, 'merchantId'],
    [{ operation: '*', kind: 'reset', merchantId: 111 }, 'merchantId'],
    [{ operation: '*', kind: 'reset', extra: 1 }, 'extra'],
  ])('refuses %j, naming %s', (value, field) => {
    const r = refusal(value);
    expect(r.field).toBe(field);
    expect(r.problem.length).toBeGreaterThan(10);
  });

  it('refuses merchantId where the caller does not allow it (scenarios)', () => {
    expect(refusal({ operation: '*', kind: 'reset', merchantId: '111' }, { operations: FAULT_OPERATIONS }).field).toBe('merchantId');
  });
});

describe('FaultBook', () => {
  const add = (b: FaultBook, spec: FaultSpec & { merchantId?: string }) => b.add(spec)!;

  it('counts times down and removes a rule whose calls ran out; the next call is not hit', () => {
    const b = new FaultBook();
    const r = add(b, { operation: 'doWebPayment', kind: 'http', status: 503, times: 2 });
    expect(r).toMatchObject({ id: 'f1', callsLeft: 2, hits: 0 });
    expect(b.take('doWebPayment', '111')).toEqual({ ruleId: 'f1', rule: { operation: 'doWebPayment', kind: 'http', status: 503, times: 2 } });
    expect(b.list()[0]).toMatchObject({ callsLeft: 1, hits: 1 });
    expect(b.take('getWebPaymentDetails', '111')).toBeUndefined();
    expect(b.take('doWebPayment', '111')?.ruleId).toBe('f1');
    expect(b.size).toBe(0);
    expect(b.take('doWebPayment', '111')).toBeUndefined();
  });

  it('a rule without times hits until removed; "*" covers every operation', () => {
    const b = new FaultBook();
    const r = add(b, { operation: '*', kind: 'reset' });
    for (const op of ['doWebPayment', 'doRefund', 'getTransactionDetails']) expect(b.take(op, '111')?.ruleId).toBe(r.id);
    expect(b.list()[0]?.hits).toBe(3);
    expect(b.remove(r.id)).toBe(true);
    expect(b.remove(r.id)).toBe(false);
    expect(b.take('doWebPayment', '111')).toBeUndefined();
  });

  it("a rule with merchantId never touches another merchant's calls; one without hits every merchant", () => {
    const b = new FaultBook();
    add(b, { operation: 'doWebPayment', kind: 'hang', merchantId: '111' });
    expect(b.take('doWebPayment', '222')).toBeUndefined();
    expect(b.take('doWebPayment', '111')?.ruleId).toBe('f1');
    add(b, { operation: 'doRefund', kind: 'reset' });
    expect(b.take('doRefund', '222')?.ruleId).toBe('f2');
    expect(b.take('doRefund', '111')?.ruleId).toBe('f2');
    b.clearMerchant('111');
    expect(b.list().map((r) => r.id)).toEqual(['f2']);
  });

  it('the first rule added wins', () => {
    const b = new FaultBook();
    add(b, { operation: 'doWebPayment', kind: 'delay', ms: 10, times: 1 });
    add(b, { operation: '*', kind: 'reset' });
    expect(b.take('doWebPayment', '111')?.ruleId).toBe('f1');
    expect(b.take('doWebPayment', '111')?.ruleId).toBe('f2');
  });

  it('is bounded', () => {
    const b = new FaultBook(3);
    for (let i = 0; i < 3; i++) expect(b.add({ operation: '*', kind: 'reset' })).toBeDefined();
    expect(b.add({ operation: '*', kind: 'reset' })).toBeUndefined();
    b.clear();
    expect(b.add({ operation: '*', kind: 'reset' })?.id).toBe('f4');
  });

  it("counts a shared scenario's doWebPayment rules per merchant; a merchant's reset gives back its own count only", () => {
    const b = new FaultBook();
    const faults: FaultSpec[] = [{ operation: 'doWebPayment', kind: 'http', status: 503, times: 1 }];
    expect(b.takeForDoWebPayment('shared', faults, '111')?.ruleId).toBe('scenario:shared#0');
    expect(b.takeForDoWebPayment('shared', faults, '111')).toBeUndefined();
    // merchant 222's first call is hit as well: 111's calls did not use it up
    expect(b.takeForDoWebPayment('shared', faults, '222')?.ruleId).toBe('scenario:shared#0');
    b.clearMerchant('111');
    expect(b.takeForDoWebPayment('shared', faults, '111')?.ruleId).toBe('scenario:shared#0');
    expect(b.takeForDoWebPayment('shared', faults, '222')).toBeUndefined();
  });

  it("counts a scenario's later-call rules per session, and its doWebPayment rules per rule", () => {
    const b = new FaultBook();
    const faults: FaultSpec[] = [
      { operation: 'doWebPayment', kind: 'code', code: '02101', times: 1 },
      { operation: 'getWebPaymentDetails', kind: 'http', status: 503, times: 1 },
      { operation: 'getWebPaymentDetails', kind: 'delay', ms: 5, times: 1 },
    ];
    expect(b.takeForDoWebPayment('flaky', faults, '111')).toEqual({ ruleId: 'scenario:flaky#0', rule: faults[0] });
    expect(b.takeForDoWebPayment('flaky', faults, '111')).toBeUndefined();
    expect(b.takeForSession('T1', 'flaky', faults, 'doWebPayment')).toBeUndefined();
    expect(b.takeForSession('T1', 'flaky', faults, 'getWebPaymentDetails')?.ruleId).toBe('scenario:flaky#1');
    expect(b.takeForSession('T1', 'flaky', faults, 'getWebPaymentDetails')?.ruleId).toBe('scenario:flaky#2');
    expect(b.takeForSession('T1', 'flaky', faults, 'getWebPaymentDetails')).toBeUndefined();
    // another session of the same scenario has its own counts
    expect(b.takeForSession('T2', 'flaky', faults, 'getWebPaymentDetails')?.ruleId).toBe('scenario:flaky#1');
    expect(b.takeForSession('T2', 'flaky', faults, 'doRefund')).toBeUndefined();
    b.clear();
    expect(b.takeForDoWebPayment('flaky', faults, '111')?.ruleId).toBe('scenario:flaky#0');
    expect(b.takeForSession('T1', 'flaky', faults, 'getWebPaymentDetails')?.ruleId).toBe('scenario:flaky#1');
  });
});

import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry, type SoapExchange } from './journal.js';

const page = (at: number): JournalEntry => ({ kind: 'page', at, event: 'view' });
const exchange = (operation: string, at: number): SoapExchange => ({ kind: 'soap', at, api: 'WebPaymentAPI', operation, httpStatus: 200, durationMs: 1, request: '', response: '' });

describe('Journal', () => {
  it('keeps entries per session, in order', () => {
    const j = new Journal({ maxSessions: 10, maxRecent: 10 });
    j.record('a', page(1));
    j.record('b', page(2));
    j.record('a', page(3));
    expect(j.entries('a').map((e) => e.at)).toEqual([1, 3]);
    expect(j.entries('unknown')).toEqual([]);
  });

  it('drops the oldest session past maxSessions', () => {
    const j = new Journal({ maxSessions: 2, maxRecent: 10 });
    j.recordSoap('a', exchange('doWebPayment', 1));
    j.recordSoap('b', exchange('doWebPayment', 2));
    j.recordSoap('c', exchange('doWebPayment', 3));
    expect(j.sessionCount).toBe(2);
    expect(j.entries('a')).toEqual([]);
    expect(j.entries('c')).toHaveLength(1);
  });

  it('once full, does not let an old session it dropped push out a newer one (a late getWebPaymentDetails, a page view, a notification)', () => {
    const j = new Journal({ maxSessions: 3, maxRecent: 10 });
    for (const [k, t] of ['t0', 't1', 't2', 't3', 't4'].entries()) j.recordSoap(t, exchange('doWebPayment', k));
    j.recordSoap('t0', exchange('getWebPaymentDetails', 10));
    j.record('t1', page(11));
    expect(j.entries('t0')).toEqual([]);
    expect(j.entries('t1')).toEqual([]);
    for (const t of ['t2', 't3', 't4']) expect(j.entries(t).map((e) => e.kind === 'soap' && e.operation)).toEqual(['doWebPayment']);
    // the exchange is still in the list of recent ones
    expect(j.recent()[0]!.entry.operation).toBe('getWebPaymentDetails');
  });

  it('bounds one session (a shop polling getWebPaymentDetails): keeps the first entry and the latest ones, and counts the dropped', () => {
    const j = new Journal({ maxSessions: 10, maxRecent: 10, maxPerSession: 100 });
    for (let i = 0; i < 1000; i++) j.record('a', page(i));
    const kept = j.entries('a');
    expect(kept.length).toBeLessThanOrEqual(150);
    expect(kept[0]!.at).toBe(0);
    expect(kept[kept.length - 1]!.at).toBe(999);
    expect(j.dropped('a') + kept.length).toBe(1000);
    j.forget('a');
    expect(j.dropped('a')).toBe(0);
  });

  it('lists recent SOAP exchanges newest first, per merchant, bounded', () => {
    const j = new Journal({ maxSessions: 10, maxRecent: 3 });
    for (let i = 0; i < 10; i++) {
      j.recordSoap(i % 2 ? 't' : undefined, { kind: 'soap', at: i, api: 'WebPaymentAPI', operation: 'doWebPayment', httpStatus: 200, durationMs: 1, merchantId: i % 2 ? 'm1' : 'm2', request: '', response: '' });
    }
    expect(j.recent().map((r) => r.entry.at)).toEqual([9, 8, 7]);
    expect(j.recent('m1').map((r) => r.entry.at)).toEqual([9, 7]);
  });

  it('keeps the raw messages in its message log, and says when they are gone', () => {
    const j = new Journal({ maxSessions: 10, maxRecent: 10, messageBytes: 4096 });
    const soap = (at: number, request: string, response: string) => ({ kind: 'soap' as const, at, api: 'WebPaymentAPI', operation: 'getWebPaymentDetails', httpStatus: 200, durationMs: 1, merchantId: 'm1', resultCode: '00000', request, response });
    j.recordSoap('t', soap(1, '<req>Zoë</req>', '<res/>'));
    expect(j.entries('t')).toEqual([soap(1, '<req>Zoë</req>', '<res/>')]);
    expect(j.recent()[0]).toEqual({ token: 't', entry: soap(1, '<req>Zoë</req>', '<res/>') });
    // 4 KiB of messages later the first ones are overwritten; a message over 1 KiB is never kept
    for (let i = 0; i < 10; i++) j.recordSoap('u', soap(2, 'r'.repeat(500), 's'.repeat(500)));
    j.recordSoap('v', soap(3, 'big'.repeat(400), ''));
    const [gone] = j.entries('t') as SoapExchange[];
    expect(gone!.request).toBe('<!-- message of 15 bytes no longer kept: the journal keeps the last 0.0039 MiB of messages (JOURNAL_MB) -->');
    expect(gone!.resultCode).toBe('00000');
    const [big] = j.entries('v') as SoapExchange[];
    expect(big!.request).toMatch(/^<!-- message of 1200 bytes not kept: the journal keeps messages up to 0.00098 MiB/);
    expect(big!.response).toBe('');
    expect((j.entries('u').at(-1) as SoapExchange).request).toBe('r'.repeat(500));
  });
});

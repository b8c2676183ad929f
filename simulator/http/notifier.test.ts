import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import type { WebSession } from '../domain/model.js';
import { MAX_IN_FLIGHT, Notifier, RETRY_EVERY_MS, RETRY_FOR_MS, type NotificationAttempt } from './notifier.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function session(token: string, notificationURL?: string): WebSession {
  return {
    token,
    merchantId: '12345678901234',
    contractNumber: 'BANCONTACT',
    pointOfSale: 'POS1',
    createdAt: T0,
    expiresAt: T0 + 61 * 60_000,
    request: notificationURL === undefined ? {} : { notificationURL },
    softDescriptor: 'DemoShop',
    status: 'FINAL',
    fetchedFinal: false,
  };
}

/** A notifier whose fetch answers with the given statuses in turn (or never, for 'hang'). */
function harness(statuses: (number | 'hang' | 'refuse')[], timeoutMs = 50) {
  const clock = new ManualClock(T0);
  const sessions = new Map<string, WebSession>();
  const calls: string[] = [];
  const attempts: NotificationAttempt[] = [];
  const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(String(url));
    const next = statuses.shift() ?? 200;
    if (next === 'refuse') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    if (next === 'hang') {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }
    return new Response(null, { status: next });
  }) as typeof fetch;
  const notifier = new Notifier({ clock, session: (t) => sessions.get(t), fetch: fetchFn, timeoutMs, onAttempt: (a) => attempts.push(a) });
  const add = (s: WebSession) => {
    sessions.set(s.token, s);
    notifier.schedule(s);
  };
  return { clock, notifier, calls, attempts, add };
}

describe('Notifier', () => {
  it('sends a GET with notificationType=WEBTRS&token=… at once, with & when the URL has a query', async () => {
    const h = harness([200, 200]);
    h.add(session('T1', 'https://shop.test/notify'));
    h.add(session('T2', 'https://shop.test/?wc-api=Gw&url_type=notification'));
    await h.notifier.idle();
    expect(h.calls).toEqual(['https://shop.test/notify?notificationType=WEBTRS&token=T1', 'https://shop.test/?wc-api=Gw&url_type=notification&notificationType=WEBTRS&token=T2']);
    expect(h.attempts.map((a) => [a.status, a.error, a.nextAttemptAt])).toEqual([
      [200, undefined, undefined],
      [200, undefined, undefined],
    ]);
    expect(h.notifier.size).toBe(0);
  });

  it('sends nothing without a notificationURL', async () => {
    const h = harness([]);
    h.add(session('T1'));
    await h.notifier.idle();
    expect(h.calls).toEqual([]);
  });

  it('retries a failure every minute on the simulated clock, not before', async () => {
    const h = harness([500, 'refuse', 200]);
    h.add(session('T1', 'https://shop.test/n'));
    await h.notifier.idle();
    expect(h.attempts[0]).toMatchObject({ attempt: 1, status: 500, error: 'HTTP 500', nextAttemptAt: T0 + RETRY_EVERY_MS });
    h.clock.advance(59);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toHaveLength(1);
    h.clock.advance(1);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.attempts[1]).toMatchObject({ attempt: 2, nextAttemptAt: T0 + 2 * RETRY_EVERY_MS });
    expect(h.attempts[1]!.error).toMatch(/ECONNREFUSED/);
    h.clock.advance(60);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.attempts[2]).toMatchObject({ attempt: 3, status: 200 });
    expect(h.notifier.size).toBe(0);
  });

  it('stops retrying once getWebPaymentDetails has returned the final result', async () => {
    const h = harness([500, 500]);
    const s = session('T1', 'https://shop.test/n');
    h.add(s);
    await h.notifier.idle();
    s.fetchedFinal = true;
    h.clock.advance(60);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toHaveLength(1);
    expect(h.notifier.size).toBe(0);
  });

  it('gives up after two hours of failures', async () => {
    const h = harness(Array(200).fill(503));
    h.add(session('T1', 'https://shop.test/n'));
    await h.notifier.idle();
    for (let m = 1; m <= 130; m++) {
      h.clock.advance(60);
      h.notifier.tick();
      await h.notifier.idle();
    }
    expect(h.calls).toHaveLength(RETRY_FOR_MS / RETRY_EVERY_MS + 1);
    expect(h.attempts[h.attempts.length - 1]!.nextAttemptAt).toBeUndefined();
    expect(h.notifier.size).toBe(0);
  });

  it('a shop that never answers times out without holding anything up', async () => {
    const h = harness(['hang', 200], 30);
    const started = performance.now();
    h.add(session('T1', 'https://shop.test/slow'));
    expect(performance.now() - started).toBeLessThan(20); // schedule() does not wait
    await h.notifier.idle();
    expect(h.attempts[0]).toMatchObject({ attempt: 1, error: 'timed out', nextAttemptAt: T0 + RETRY_EVERY_MS });
  });

  it('keeps at most MAX_IN_FLIGHT attempts under way: a burst of finished sessions waits its turn, and every one is sent', async () => {
    const h = harness(Array(150).fill('hang'), 20);
    for (let k = 0; k < 150; k++) h.add(session(`T${k}`, 'https://shop.test/slow'));
    expect(h.calls).toHaveLength(MAX_IN_FLIGHT);
    await h.notifier.idle();
    expect(h.calls).toHaveLength(150);
    expect(new Set(h.attempts.map((a) => a.token)).size).toBe(150);
    expect(h.attempts.every((a) => a.error === 'timed out' && a.nextAttemptAt === T0 + RETRY_EVERY_MS)).toBe(true);
  });

  it('after a clock advance, the retries missed are one attempt made at once, and the next is the first minute still ahead', async () => {
    const h = harness([500, 500, 200]);
    h.add(session('T1', 'https://shop.test/n'));
    await h.notifier.idle();
    h.clock.advance(600);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toHaveLength(2);
    expect(h.attempts[1]).toMatchObject({ attempt: 2, at: T0 + 600_000, nextAttemptAt: T0 + 660_000 });
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toHaveLength(2);
  });

  it('after an advance past the two hours, one last attempt is made, and none is announced after it', async () => {
    const h = harness([500, 500]);
    h.add(session('T1', 'https://shop.test/n'));
    await h.notifier.idle();
    h.clock.advance(3 * 3600);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toHaveLength(2);
    expect(h.attempts[1]!.nextAttemptAt).toBeUndefined();
    expect(h.notifier.size).toBe(0);
  });
});

describe('Notifier modes', () => {
  it('{"delayMs": N} waits N ms on the simulated clock; "none" sends nothing and says so', async () => {
    const h = harness([200]);
    h.notifier.setMode('D1', { delayMs: 30_000 });
    h.notifier.setMode('N1', 'none');
    h.add(session('D1', 'https://shop.test/n'));
    h.add(session('N1', 'https://shop.test/n'));
    await h.notifier.idle();
    expect(h.calls).toEqual([]);
    expect(h.attempts).toEqual([expect.objectContaining({ token: 'N1', attempt: 0, note: 'not sent: notification mode "none"' })]);
    h.clock.advance(29);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toEqual([]);
    h.clock.advance(1);
    h.notifier.tick();
    await h.notifier.idle();
    expect(h.calls).toEqual(['https://shop.test/n?notificationType=WEBTRS&token=D1']);
  });

  it('"twice": a second copy once the first is delivered, even when the shop fetched the result; a failed first is retried first', async () => {
    const h = harness([500, 200, 200]);
    h.notifier.setMode('T1', 'twice');
    const s = session('T1', 'https://shop.test/n');
    h.add(s);
    await h.notifier.idle();
    expect(h.calls).toHaveLength(1);
    h.clock.advance(RETRY_EVERY_MS / 1000);
    h.notifier.tick();
    s.fetchedFinal = true;
    await h.notifier.idle();
    expect(h.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 200],
      [3, 200],
    ]);
    expect(h.notifier.size).toBe(0);
  });
});

/**
 * Notification modes against a shop that records what it gets: "none" and
 * "twice" from a scenario (buyers Silent and Twice), a delay set per session
 * through the admin API, and a resend on request. Each is in the journal.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';
import { callSoap, DEMO_MERCHANT, doWebPaymentEnvelope } from './demo-soap.js';
import { adminJson, waitFor } from './faults.test-support.js';

let sim: RunningSimulator;
let shop: Server;
let shopUrl: string;
/** Tokens of the notifications the shop received, in order. */
const received: string[] = [];

beforeAll(async () => {
  shop = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://shop.test');
    if (u.searchParams.get('notificationType') === 'WEBTRS') received.push(u.searchParams.get('token') ?? '');
    res.end('OK');
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/notify?shop=1`;
  sim = await startSimulator({ port: 0, app: { tickMs: 50 } });
});
afterAll(async () => {
  await sim?.close();
  await new Promise((r) => shop?.close(r));
});

const admin = (path: string, body: unknown = {}) => adminJson(sim, 'POST', path, body);

async function session(lastName: string): Promise<string> {
  const a = await callSoap({ baseUrl: sim.url, ...DEMO_MERCHANT }, 'WebPaymentAPI', 'doWebPayment', doWebPaymentEnvelope({
    amount: '1500',
    currency: '978',
    contractNumber: 'BANCONTACT',
    orderRef: `N-${lastName}-${Math.random().toString(36).slice(2, 8)}`,
    orderDate: '02/12/2026 10:00',
    returnURL: 'http://127.0.0.1:9/return',
    cancelURL: 'http://127.0.0.1:9/cancel',
    notificationURL: shopUrl,
    firstName: 'Jan',
    lastName,
    email: 'jan@example.test',
  }));
  expect(a.call.error, a.call.response).toBeUndefined();
  return (a.body as Record<string, any>)['token'] as string;
}

/** A session of that buyer, paid through the admin API: its token. */
async function paid(lastName: string): Promise<string> {
  const t = await session(lastName);
  await admin(`/_simulator/sessions/${t}/outcome`, { code: '00000' });
  return t;
}

const countFor = (token: string) => received.filter((t) => t === token).length;

async function notifications(token: string): Promise<any[]> {
  const s = (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as { journal: any[] };
  return s.journal.filter((e) => e.kind === 'notification');
}

async function settled(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
  await sim.ctx.notifier.idle();
}

describe('notification modes', () => {
  it('default: one notification', async () => {
    const t = await paid('Dupont');
    await waitFor('the notification', () => countFor(t) === 1);
    await settled();
    expect(countFor(t)).toBe(1);
  });

  it('"none" (buyer Silent): never sent, and the journal says so', async () => {
    const t = await paid('Silent');
    await settled();
    expect(countFor(t)).toBe(0);
    expect(await notifications(t)).toEqual([expect.objectContaining({ attempt: 0, note: 'not sent: notification mode "none"' })]);
  });

  it('"twice" (buyer Twice): sent twice', async () => {
    const t = await paid('Twice');
    await waitFor('two notifications', () => countFor(t) === 2);
    await settled();
    expect(countFor(t)).toBe(2);
    const n = await notifications(t);
    expect(n.map((e) => [e.attempt, e.status])).toEqual([
      [1, 200],
      [2, 200],
    ]);
    expect(n[1].note).toMatch(/another copy/);
  });

  it('a delay set per session: not at once, then sent', async () => {
    const t = await session('Dupont');
    const set = await admin(`/_simulator/sessions/${t}/notification`, { mode: { delayMs: 600 } });
    expect(set).toEqual({ status: 200, body: { token: t, mode: { delayMs: 600 } } });
    await admin(`/_simulator/sessions/${t}/outcome`, { code: '00000' });
    await settled();
    expect(countFor(t)).toBe(0);
    await waitFor('the delayed notification', () => countFor(t) === 1);
    expect((await notifications(t))[0]).toMatchObject({ attempt: 1, status: 200, note: 'notification mode {"delayMs": 600}' });
  });

  it('a session set to "none" through the admin API, then resent on request', async () => {
    const t = await session('Dupont');
    expect((await admin(`/_simulator/sessions/${t}/notify`)).status).toBe(409); // not final yet
    await admin(`/_simulator/sessions/${t}/notification`, { mode: 'none' });
    await admin(`/_simulator/sessions/${t}/outcome`, { code: '02020' });
    await settled();
    expect(countFor(t)).toBe(0);
    const r = await admin(`/_simulator/sessions/${t}/notify`);
    expect(r).toEqual({ status: 202, body: { token: t, resent: true } });
    await waitFor('the resent notification', () => countFor(t) === 1);
    const n = await notifications(t);
    expect(n.at(-1)).toMatchObject({ attempt: 1, status: 200, note: 'sent again on request (POST /_simulator/sessions/{token}/notify)' });
    const s = (await (await fetch(`${sim.url}/_simulator/sessions/${t}`)).json()) as { journal: any[] };
    expect(s.journal.filter((e) => e.kind === 'page' && e.event === 'admin').map((e) => e.detail)).toEqual([
      'notification mode "none" set',
      'outcome 02020 requested',
      'notification sent again on request',
    ]);
  });

  it('a resend goes even after getWebPaymentDetails returned the final result', async () => {
    const t = await paid('Dupont');
    await waitFor('the notification', () => countFor(t) === 1);
    sim.ctx.store.getSession(t)!.fetchedFinal = true;
    await admin(`/_simulator/sessions/${t}/notify`);
    await waitFor('the resent notification', () => countFor(t) === 2);
  });

  it('refuses a bad mode (400 naming it) and an unknown token (404)', async () => {
    const t = await session('Dupont');
    const bad = await admin(`/_simulator/sessions/${t}/notification`, { mode: 'thrice' });
    expect(bad).toEqual({ status: 400, body: { error: expect.stringMatching(/^mode must be "once", "none", "twice" or \{"delayMs": N\}, got "thrice"$/), statusCode: 400 } });
    expect((await admin(`/_simulator/sessions/${t}/notification`, { mode: { delayMs: 300_001 } })).body['error']).toMatch(/^mode\.delayMs must be a whole number of milliseconds from 0 to 300000, got 300001$/);
    expect((await admin('/_simulator/sessions/nope/notification', { mode: 'none' })).status).toBe(404);
    expect((await admin('/_simulator/sessions/nope/notify')).status).toBe(404);
  });

  it('refuses a field other than mode (400 naming it) and leaves the mode as it was', async () => {
    const t = await session('Dupont');
    // a delay written beside the mode rather than in it: not silently dropped
    const bad = await admin(`/_simulator/sessions/${t}/notification`, { mode: 'once', delayMs: 5000 });
    expect(bad).toEqual({ status: 400, body: { error: 'delayMs is not a field of a notification mode request (fields: mode)', statusCode: 400 } });
    expect(sim.ctx.notifier.modeOf(sim.ctx.store.getSession(t)!)).toBe('once');
  });
});

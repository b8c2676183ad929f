/**
 * Memory per live session: 100,000 doWebPayment calls through the whole HTTP
 * stack (app.inject, journal included), heap measured after a full GC; then
 * every session is finished and the clock moved past the retention, to show
 * that finished sessions are swept and memory comes back down.
 * Run by bench/run.ts as `node --expose-gc dist/bench/memory.js [count]`.
 */
import { parseConfig } from '../simulator/config.js';
import { buildApp } from '../simulator/http/app.js';
import { DEMO_AUTH, doWebPaymentXml, element } from './envelopes.js';

const count = Number(process.argv[2] ?? '100000');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const config = parseConfig(process.env);
const { app, ctx } = await buildApp({ config, tickMs: 0 });
await app.ready();
// one warm-up call so that lazily built things (WSDL-independent caches, formatters) exist before the baseline
await app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { authorization: DEMO_AUTH, 'content-type': 'text/xml' }, payload: doWebPaymentXml('warmup') });
ctx.store.reset();
ctx.journal.clear();
const before = heap();

for (let i = 0; i < count; i++) {
  const res = await app.inject({
    method: 'POST',
    url: '/V4/services/WebPaymentAPI',
    headers: { authorization: DEMO_AUTH, 'content-type': 'text/xml; charset=utf-8' },
    payload: doWebPaymentXml(`ORDER-${i}`),
  });
  // (the token is not kept here: a substring of the answer, it would keep the whole answer alive)
  if (res.statusCode !== 200 || !element(res.body, 'token')) throw new Error(`doWebPayment failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
}
const live = heap();
const liveSessions = ctx.store.sessionCount();
const tokens = [...ctx.store.sessions()].map((s) => s.token);

for (const t of tokens) ctx.payments.act(t, { type: 'pay' });
ctx.clock.advance(config.sessionRetentionMinutes * 60 + 60);
ctx.tick();
tokens.length = 0;
const swept = heap();

process.stdout.write(
  JSON.stringify({
    sessions: liveSessions,
    heapBeforeMB: before / 1048576,
    heapLiveMB: live / 1048576,
    bytesPerSession: (live - before) / count,
    sessionsAfterSweep: ctx.store.sessionCount(),
    heapAfterSweepMB: swept / 1048576,
    rssMB: process.memoryUsage().rss / 1048576,
  }) + '\n',
);
await app.close();

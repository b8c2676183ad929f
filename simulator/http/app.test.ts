import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { LATEST_TIME, SimulatedClock } from '../domain/clock.js';
import { buildApp } from './app.js';

describe('buildApp', () => {
  it('still validates and serializes with schemas, although their compilers load on first use', async () => {
    const { app } = await buildApp({ config: parseConfig({}), tickMs: 0 });
    app.post(
      '/schema-check',
      {
        schema: {
          body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
          response: { 200: { type: 'object', properties: { twice: { type: 'integer' } } } },
        },
      },
      async (req) => ({ twice: (req.body as { n: number }).n * 2, hidden: 'not in the response schema' }),
    );
    await app.ready();
    const ok = await app.inject({ method: 'POST', url: '/schema-check', payload: { n: 21 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ twice: 42 });
    const bad = await app.inject({ method: 'POST', url: '/schema-check', payload: { n: 'x' } });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });

  it('refuses to advance the simulated clock past the end of year 9999: 400 saying how far it can go, the clock untouched', async () => {
    const clock = new SimulatedClock(() => LATEST_TIME - 3600_000);
    const { app } = await buildApp({ config: parseConfig({}), clock, tickMs: 0 });
    const far = await app.inject({ method: 'POST', url: '/_simulator/clock/advance', payload: { seconds: 7200 } });
    expect(far.statusCode).toBe(400);
    expect(far.json().error).toBe('the simulated clock cannot go past 9999-12-31T23:59:59.999Z: it can advance at most 3600 seconds more');
    expect(clock.offsetMs).toBe(0);
    const near = await app.inject({ method: 'POST', url: '/_simulator/clock/advance', payload: { seconds: 3600 } });
    expect(near.statusCode).toBe(200);
    expect((await app.inject({ url: '/_simulator/clock' })).statusCode).toBe(200);
    await app.close();
  });

  it('answers a failure of the data file (disk full…) with 503 and one clear line in the log, no stack trace', async () => {
    const { app } = await buildApp({ config: parseConfig({}), tickMs: 0 });
    app.get('/_simulator/journal/disk-full', async () => {
      throw Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
    });
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const r = await app.inject({ url: '/_simulator/journal/disk-full' });
      expect(r.statusCode).toBe(503);
      expect(r.json().error).toBe('The data file cannot be used: database or disk is full');
    } finally {
      process.stderr.write = write;
    }
    expect(lines).toEqual(['bancontact-simulator: The data file cannot be used: database or disk is full\n']);
    await app.close();
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { buildApp, type BuiltApp } from './app.js';

const TOKEN = 's3cret-admin-token';

describe('ADMIN_TOKEN protects /_simulator', () => {
  let built: BuiltApp;
  beforeAll(async () => {
    built = await buildApp({ config: parseConfig({ ADMIN_TOKEN: TOKEN }), tickMs: 0 });
  });
  afterAll(() => built.app.close());

  it.each(['/_simulator/', '/_simulator', '/_simulator/clock', '/_simulator/sessions', '/_simulator/journal'])('refuses %s without the token (401, with a Basic challenge)', async (url) => {
    const r = await built.app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(r.json().error).toMatch(/admin token/);
  });

  it.each([
    ['POST', '/%5Fsimulator/reset'],
    ['POST', '/%5fsimulator/clock/advance'],
    ['GET', '/_simulato%72/clock'],
    ['GET', '/%5Fsimulator/'],
    ['GET', '/%5Fsimulator/journal'],
    ['POST', '/%5Fsimulator/fixtures/reload'],
    ['GET', '/%5Fsimulator/no-such-route'],
  ])('refuses %s %s, a percent-encoded spelling of /_simulator, without the token (401)', async (method, url) => {
    const r = await built.app.inject({ method: method as 'GET' | 'POST', url, ...(method === 'POST' && { payload: { seconds: 60 } }) });
    expect(r.statusCode).toBe(401);
    expect(built.ctx.clock.offsetMs).toBe(0);
  });

  it('refuses a wrong token and a POST without it', async () => {
    expect((await built.app.inject({ method: 'GET', url: '/_simulator/clock', headers: { authorization: 'Bearer wrong-token-123' } })).statusCode).toBe(401);
    expect((await built.app.inject({ method: 'POST', url: '/_simulator/clock/advance', payload: { seconds: 60 } })).statusCode).toBe(401);
  });

  it('accepts the token as Bearer, as X-Simulator-Token and as a Basic password (a browser)', async () => {
    const basic = 'Basic ' + Buffer.from(`admin:${TOKEN}`).toString('base64');
    for (const headers of [{ authorization: `Bearer ${TOKEN}` }, { 'x-simulator-token': TOKEN }, { authorization: basic }]) {
      expect((await built.app.inject({ method: 'GET', url: '/_simulator/clock', headers })).statusCode).toBe(200);
    }
    expect((await built.app.inject({ method: 'GET', url: '/_simulator/', headers: { authorization: basic } })).statusCode).toBe(200);
  });

  it('leaves the SOAP endpoints, the hosted page and the demo shop alone', async () => {
    expect((await built.app.inject({ method: 'GET', url: '/V4/services/WebPaymentAPI?wsdl' })).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'GET', url: '/v2/?token=unknown' })).statusCode).toBe(404);
    expect((await built.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });

  it('refuses a token shorter than 8 characters at start-up', () => {
    expect(() => parseConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN must be at least 8 characters/);
  });
});

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

describe('near misses and the icon', () => {
  const SOAP_XML = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>';

  it('a SOAP endpoint missed by a little gets a 404 with the right endpoint: a Fault for a SOAP POST, a line of text otherwise', async () => {
    const { app } = await buildApp({ config: parseConfig({}), tickMs: 0 });
    for (const [url, api] of [
      ['/services/WebPaymentAPI', 'WebPaymentAPI'],
      ['/V3/services/DirectPaymentAPI', 'DirectPaymentAPI'],
      ['/v4/services/webpaymentapi', 'WebPaymentAPI'],
      ['/V4/services/WebPaymentAPI/', 'WebPaymentAPI'],
      ['/V4/ExtendedAPI', 'ExtendedAPI'],
    ] as const) {
      const post = await app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml; charset=utf-8' }, payload: SOAP_XML });
      expect(post.statusCode, url).toBe(404);
      expect(post.headers['content-type']).toMatch(/^text\/xml/);
      expect(post.body).toContain('<faultcode>soapenv:Client</faultcode>');
      expect(post.body).toContain(`No such page: POST ${url}: the endpoint is /V4/services/${api} (WSDL: /V4/services/${api}?wsdl)`);
      const get = await app.inject({ url: `${url}?wsdl` });
      expect(get.statusCode).toBe(404);
      expect(get.headers['content-type']).toMatch(/^text\/plain/);
      expect(get.body).toBe(`No such page: GET ${url}: the endpoint is /V4/services/${api} (WSDL: /V4/services/${api}?wsdl)\n`);
      const json = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(json.statusCode).toBe(404);
      expect(json.headers['content-type']).toMatch(/^text\/plain/);
    }
    const unknownApi = await app.inject({ method: 'POST', url: '/V4/services/PaymentAPI', headers: { 'content-type': 'text/xml' }, payload: SOAP_XML });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.body).toContain('the services are /V4/services/WebPaymentAPI, /V4/services/DirectPaymentAPI, /V4/services/ExtendedAPI');
    // other pages keep the HTML 404
    const page = await app.inject({ url: '/nowhere' });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    await app.close();
  });

  it('a miss under the endpoints directory or the token services names them, not the SOAP services', async () => {
    const { app } = await buildApp({ config: parseConfig({}), tickMs: 0 });
    for (const url of ['/services/servicesendpoints/SOAP/1/x', '/services/servicesendpoints/soap', '/services/servicesendpoints/REST/1']) {
      const r = await app.inject({ url, headers: { host: 'homologation-payment.payline.com' } });
      expect(r.statusCode, url).toBe(404);
      expect(r.body).toBe(`No such page: GET ${url}: the endpoints directory is GET /services/servicesendpoints/SOAP/{merchantId}\n`);
    }
    const token = await app.inject({ url: '/services/token' });
    expect(token.statusCode).toBe(404);
    expect(token.body).toContain('the token services are /services/token/{token}/state/current (GET)');
    await app.close();
  });

  it('serves an icon at /favicon.ico and links it from every page', async () => {
    const { app } = await buildApp({ config: parseConfig({}), tickMs: 0 });
    for (const url of ['/favicon.ico', '/favicon.svg']) {
      const icon = await app.inject({ url });
      expect(icon.statusCode).toBe(200);
      expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(icon.body).toMatch(/^<svg /);
    }
    for (const url of ['/', '/_simulator/', '/nowhere']) {
      expect((await app.inject({ url })).body).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    }
    await app.close();
  });
});

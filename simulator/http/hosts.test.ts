import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { startSimulator } from '../server.js';
import { buildApp, type BuiltApp } from './app.js';
import {
  directoryUrls,
  hostName,
  hostRole,
  hostsFileLines,
  IMPERSONATED_HOSTS,
  namedBase,
  notServedMessage,
  serves,
  servingRole,
} from './hosts.js';

describe('hostRole', () => {
  it.each([
    ['homologation.payline.com', 'soap'],
    ['HOMOLOGATION.Payline.com:443', 'soap'],
    ['homologation.payline.com.', 'soap'],
    ['homologation-webpayment.payline.com:8443', 'webpayment'],
    ['homologation-payment.payline.com', 'payment'],
    ['homologation-payment-2.payline.com', 'payment'],
    ['homologation-payment.cdn.payline.com', 'payment'],
    ['homologation-admin.payline.com', 'admin'],
    ['127.0.0.1:8080', 'any'],
    ['[::1]:8080', 'any'],
    ['localhost', 'any'],
    ['services.payline.com', 'any'],
    ['homologation.payline.com.evil.test', 'any'],
    [undefined, 'any'],
    ['', 'any'],
  ])('%s → %s', (host, role) => {
    expect(hostRole(host)).toBe(role);
  });

  it('reads the name without port, case or final dot', () => {
    expect(hostName('Homologation.Payline.COM.:8443')).toBe('homologation.payline.com');
    expect(hostName('[::1]:443')).toBe('[::1]');
  });
});

describe('serves', () => {
  it('keeps each Monext name to what the real host serves', () => {
    expect(serves('soap', '/V4/services/:api')).toBe(true);
    expect(serves('soap', '/v2/')).toBe(false);
    expect(serves('webpayment', '/v2/')).toBe(true);
    expect(serves('webpayment', '/v2/pay')).toBe(true);
    expect(serves('webpayment', '/V4/services/WebPaymentAPI')).toBe(false);
    expect(serves('payment', '/services/servicesendpoints/SOAP/:merchantId')).toBe(true);
    expect(serves('payment', '/scripts/widget-min.js')).toBe(true);
    expect(serves('payment', '/_simulator/')).toBe(false);
    expect(serves('admin', '/_simulator')).toBe(true);
    expect(serves('admin', '/_simulator/sessions')).toBe(true);
    expect(serves('admin', '/_simulatorx')).toBe(false);
    expect(serves('admin', '/demo/pay')).toBe(false);
    expect(serves('any', '/anything')).toBe(true);
  });

  it('names the host that serves a path', () => {
    expect(servingRole('/v2/')).toBe('webpayment');
    expect(servingRole('/demo/pay')).toBeUndefined();
    expect(notServedMessage('homologation.payline.com:443', '/v2/')).toBe(
      'No such page on homologation.payline.com: /v2/. homologation.payline.com serves the SOAP services /V4/services/{WebPaymentAPI,DirectPaymentAPI,ExtendedAPI} (and their failover copy under /failover/V4/services/) only. /v2/ is served by homologation-webpayment.payline.com.',
    );
  });
});

describe('directory, bases and hosts file', () => {
  it('gives one base URL by default; a later option can add more', () => {
    expect(directoryUrls('https://homologation.payline.com')).toEqual(['https://homologation.payline.com/V4']);
    expect(directoryUrls('https://homologation.payline.com', ['/failover/V4'])).toEqual(['https://homologation.payline.com/V4', 'https://homologation.payline.com/failover/V4']);
  });

  it('writes the port only when it is not 443', () => {
    expect(namedBase('homologation.payline.com', 443)).toBe('https://homologation.payline.com');
    expect(namedBase('homologation.payline.com', 8443)).toBe('https://homologation.payline.com:8443');
  });

  it('prints one hosts-file line per homologation name, and no production name', () => {
    const lines = hostsFileLines('10.1.2.3').trim().split('\n');
    expect(lines).toEqual(IMPERSONATED_HOSTS.map((h) => `10.1.2.3 ${h}`));
    expect(lines).toHaveLength(6);
    expect(hostsFileLines()).toMatch(/^127\.0\.0\.1 homologation\.payline\.com\n/);
    for (const prod of ['services.payline.com', 'payment.payline.com', 'webpayment.payline.com', 'admin.payline.com']) {
      expect(lines.some((l) => l.endsWith(` ${prod}`))).toBe(false);
    }
  });
});

const AUTH = 'Basic ' + Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64');
const DO_WEB_PAYMENT =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body>' +
  '<i:doWebPaymentRequest><i:version>34</i:version><i:payment><o:amount>500</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment>' +
  '<i:returnURL>https://shop.test/ok</i:returnURL><i:cancelURL>https://shop.test/ko</i:cancelURL><i:order><o:ref>H-1</o:ref><o:amount>500</o:amount><o:currency>978</o:currency><o:date>02/12/2026 10:00</o:date></i:order>' +
  '<i:buyer><o:lastName>Peeters</o:lastName><o:firstName>An</o:firstName><o:email>an@shop.test</o:email></i:buyer></i:doWebPaymentRequest></s:Body></s:Envelope>';

describe('routing by the name asked for (HTTP listener, HTTPS port 8443)', () => {
  let built: BuiltApp;
  const get = (host: string, url: string) => built.app.inject({ method: 'GET', url, headers: { host } });
  const redirectURL = async (host: string) => {
    const r = await built.app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { host, authorization: AUTH, 'content-type': 'text/xml' }, payload: DO_WEB_PAYMENT });
    expect(r.statusCode).toBe(200);
    return /<impl:redirectURL>([^<]*)</.exec(r.body)?.[1];
  };

  beforeAll(async () => {
    built = await buildApp({ config: parseConfig({ PUBLIC_URL: 'http://sim.test:8080' }), tickMs: 0 });
    built.ctx.https.port = 8443;
  });
  afterAll(() => built.app.close());

  it('answers the PHP SDK endpoints directory with one URL and an integer ttl', async () => {
    for (const host of ['homologation-payment.payline.com', 'homologation-payment-2.payline.com:8443', 'homologation-payment.cdn.payline.com']) {
      const r = await get(host, '/services/servicesendpoints/SOAP/12345678901234');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const body = r.json() as { urls: string[]; ttl: unknown };
      expect(body.urls).toEqual(['https://homologation.payline.com:8443/V4']);
      expect(Number.isInteger(body.ttl)).toBe(true);
      expect(body.ttl as number).toBeGreaterThan(0);
    }
    // through any other name: PUBLIC_URL
    expect((await get('sim.test:8080', '/services/servicesendpoints/SOAP/1')).json()).toMatchObject({ urls: ['http://sim.test:8080/V4'] });
  });

  it('lists the failover copy second with DIRECTORY_FAILOVER', async () => {
    built.ctx.config.directoryFailover = true;
    try {
      const body = (await get('homologation-payment.payline.com', '/services/servicesendpoints/SOAP/12345678901234')).json() as { urls: string[] };
      expect(body.urls).toEqual(['https://homologation.payline.com:8443/V4', 'https://homologation.payline.com:8443/failover/V4']);
    } finally {
      built.ctx.config.directoryFailover = false;
    }
  });

  it('hands out the hosted page on homologation-webpayment.payline.com when asked on homologation.payline.com, PUBLIC_URL otherwise', async () => {
    expect(await redirectURL('homologation.payline.com')).toMatch(/^https:\/\/homologation-webpayment\.payline\.com:8443\/v2\/\?token=[\w-]+$/);
    expect(await redirectURL('sim.test:8080')).toMatch(/^http:\/\/sim\.test:8080\/v2\/\?token=[\w-]+$/);
  });

  it('writes the WSDL address with the name asked', async () => {
    expect((await get('homologation.payline.com', '/V4/services/DirectPaymentAPI?wsdl')).body).toContain('location="https://homologation.payline.com:8443/V4/services/DirectPaymentAPI"');
    expect((await get('localhost', '/V4/services/DirectPaymentAPI?wsdl')).body).toContain('location="http://sim.test:8080/V4/services/DirectPaymentAPI"');
  });

  it('serves on each name only what the real host serves, with a 404 saying where the path is served', async () => {
    const wrong: [string, string, RegExp][] = [
      ['homologation.payline.com', '/v2/?token=x', /homologation-webpayment\.payline\.com/],
      ['homologation.payline.com', '/_simulator/sessions', /homologation-admin\.payline\.com/],
      ['homologation-webpayment.payline.com', '/V4/services/WebPaymentAPI?wsdl', /served by homologation\.payline\.com/],
      ['homologation-payment.payline.com', '/', /serves the endpoints directory/],
      ['homologation-admin.payline.com', '/demo/pay', /serves the back office/],
    ];
    for (const [host, url, message] of wrong) {
      const r = await get(host, url);
      expect(r.statusCode, `${host}${url}`).toBe(404);
      expect(r.json()).toMatchObject({ statusCode: 404, error: expect.stringMatching(message) });
    }
    // the widget's files and token services are on the payment hosts (as the modules load them)
    for (const host of ['homologation-payment.payline.com', 'homologation-payment-2.payline.com', 'homologation-payment.cdn.payline.com']) {
      const widget = await get(host, host.includes('.cdn.') ? '/cdn/scripts/widget-min.js' : '/scripts/widget-min.js');
      expect(widget.statusCode, host).toBe(200);
      expect(widget.headers['content-type']).toMatch(/javascript/);
      expect((await get(host, '/services/token/nope/state/current')).json()).toMatchObject({ statusCode: 404, error: expect.stringMatching(/No payment session/) });
    }
    expect((await get('homologation-webpayment.payline.com', '/scripts/widget-min.js')).json()).toMatchObject({ statusCode: 404, error: expect.stringMatching(/served by homologation-payment\.payline\.com/) });
    // the failover copy of the SOAP API is on the SOAP host; the icon and the health check on every name
    expect((await get('homologation.payline.com', '/failover/V4/services/WebPaymentAPI?wsdl')).body).toContain('location="https://homologation.payline.com:8443/failover/V4/services/WebPaymentAPI"');
    for (const host of ['homologation.payline.com', 'homologation-webpayment.payline.com', 'homologation-payment.payline.com', 'homologation-admin.payline.com']) {
      expect((await get(host, '/_simulator/health')).json(), host).toMatchObject({ status: 'ok' });
      expect((await get(host, '/favicon.ico')).statusCode, host).toBe(200);
    }
    // a percent-encoded path is judged decoded, as the router reads it
    expect((await get('homologation.payline.com', '/%5Fsimulator/sessions')).statusCode).toBe(404);
  });

  it('serves what each name serves, and everything on any other name', async () => {
    expect((await get('homologation.payline.com', '/V4/services/WebPaymentAPI?wsdl')).statusCode).toBe(200);
    expect((await get('homologation-webpayment.payline.com', '/v2/?token=unknown')).statusCode).toBe(404); // the page's own "unknown session"
    expect((await get('homologation-webpayment.payline.com', '/v2/?token=unknown')).body).toContain('no payment session has this token');
    expect((await get('homologation-admin.payline.com', '/_simulator/sessions')).statusCode).toBe(200);
    const root = await get('homologation-admin.payline.com', '/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/_simulator/');
    for (const url of ['/', '/V4/services/WebPaymentAPI?wsdl', '/_simulator/sessions']) expect((await get('127.0.0.1:8080', url)).statusCode).toBe(200);
  });

  it("answers the widget's CORS preflight on the payment hosts (the CORS plugin's route is a wildcard, /services/token*)", async () => {
    for (const host of ['homologation-payment.payline.com', 'homologation-payment-2.payline.com', 'localhost']) {
      const r = await built.app.inject({
        method: 'OPTIONS',
        url: '/services/token/ABC/paymentRequest',
        headers: { host, origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(r.statusCode, host).toBe(204);
      expect(r.headers['access-control-allow-origin'], host).toBe('http://127.0.0.1:3000');
    }
    // the wildcard is judged by the path asked: not on the SOAP host, nor a look-alike prefix on the payment host
    expect((await built.app.inject({ method: 'OPTIONS', url: '/services/token/ABC/paymentRequest', headers: { host: 'homologation.payline.com', origin: 'http://127.0.0.1:3000' } })).statusCode).toBe(404);
    expect((await built.app.inject({ method: 'OPTIONS', url: '/services/tokenx', headers: { host: 'homologation-payment.payline.com', origin: 'http://127.0.0.1:3000' } })).statusCode).toBe(404);
  });

  it('says that /_simulator/ca.pem needs HTTPS on', async () => {
    const r = await get('localhost', '/_simulator/ca.pem');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: expect.stringMatching(/HTTPS is off/) });
  });
});

describe('start-up without HTTPS', () => {
  it('loads no certificate code (reflect-metadata, @peculiar/x509 and simulator/tls/ load only with HTTPS_PORT or `ca`)', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      expect((Reflect as unknown as Record<string, unknown>)['getMetadata']).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

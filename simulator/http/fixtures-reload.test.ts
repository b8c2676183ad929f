import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { DEFAULT_FIXTURES_DIR } from '../fixtures/load.js';
import { buildApp, type BuiltApp } from './app.js';

const AUTH = 'Basic ' + Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64');

function doWebPayment(lastName: string): string {
  return `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body><i:doWebPaymentRequest><i:version>34</i:version><i:payment><o:amount>1000</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment><i:returnURL>https://shop.test/r</i:returnURL><i:cancelURL>https://shop.test/c</i:cancelURL><i:order><o:ref>R-1</o:ref><o:amount>1000</o:amount><o:currency>978</o:currency><o:date>27/11/2026 10:00</o:date></i:order><i:buyer><o:lastName>${lastName}</o:lastName><o:firstName>Jean</o:firstName><o:email>jean@shop.test</o:email></i:buyer></i:doWebPaymentRequest></s:Body></s:Envelope>`;
}

describe('POST /_simulator/fixtures/reload', () => {
  let dir: string;
  let built: BuiltApp;
  const code = async (lastName: string) => {
    const r = await built.app.inject({ method: 'POST', url: '/V4/services/WebPaymentAPI', headers: { authorization: AUTH, 'content-type': 'text/xml' }, payload: doWebPayment(lastName) });
    return /<obj:code>(\d+)<\/obj:code>/.exec(r.body)?.[1];
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fixtures-reload-'));
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    built = await buildApp({ config: parseConfig({ FIXTURES: dir }), tickMs: 0 });
  });
  afterAll(async () => {
    await built.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies an edited scenarios.json without a restart', async () => {
    expect(await code('Blocked')).toBe('00000');
    const file = join(dir, 'scenarios.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: unknown[] };
    json.scenarios.unshift({ id: 'blocked', description: 'refused at once', match: { 'buyer.lastName': 'Blocked' }, when: 'doWebPayment', code: '02308' });
    writeFileSync(file, JSON.stringify(json));
    const r = await built.app.inject({ method: 'POST', url: '/_simulator/fixtures/reload' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ merchants: 10 });
    expect(await code('Blocked')).toBe('02308');
  });

  it('refuses a broken file with 422 naming the file and the JSON path, and keeps the configuration it had', async () => {
    writeFileSync(join(dir, 'merchants.json'), JSON.stringify({ merchants: [{ merchantId: 'abc' }] }));
    const r = await built.app.inject({ method: 'POST', url: '/_simulator/fixtures/reload' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatch(/merchants\.json: \$\.merchants\[0\]/);
    expect(await code('Blocked')).toBe('02308');
    expect(await code('Dupont')).toBe('00000');
  });
});

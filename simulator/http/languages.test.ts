/**
 * The buyer's language over HTTP: which language each buyer page is in (the
 * session's languageCode, else Accept-Language, else English), what the session
 * JSON, the journal and the back office say of it. The pages in a browser are in
 * e2e/languages.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';

const AUTH = 'Basic ' + Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64');

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, app: { tickMs: 0 } });
});
afterAll(async () => {
  await sim.close();
});

/** doWebPayment for 1 234,56 EUR, with a languageCode element when given (null: xsi:nil); returns the token. */
async function start(languageCode?: string | null, lastName = 'Peeters'): Promise<string> {
  const code = languageCode === undefined ? '' : languageCode === null ? '<i:languageCode xsi:nil="true"/>' : `<i:languageCode>${languageCode}</i:languageCode>`;
  const res = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body:
      `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body>` +
      `<i:doWebPaymentRequest><i:version>34</i:version><i:payment><o:amount>123456</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment>` +
      `<i:returnURL>https://shop.test/return</i:returnURL><i:cancelURL>https://shop.test/cancel</i:cancelURL><i:order><o:ref>LANG-1</o:ref><o:amount>123456</o:amount><o:currency>978</o:currency><o:date>02/12/2026 10:00</o:date></i:order>` +
      `${code}<i:buyer><o:lastName>${lastName}</o:lastName><o:firstName>Jan</o:firstName><o:email>jan@shop.test</o:email></i:buyer></i:doWebPaymentRequest></s:Body></s:Envelope>`,
  });
  const xml = await res.text();
  const token = /<impl:token>([^<]+)</.exec(xml)?.[1];
  if (!token) throw new Error(`no token in ${xml}`);
  return token;
}

async function page(token: string, acceptLanguage?: string): Promise<{ status: number; lang: string; html: string }> {
  const res = await fetch(`${sim.url}/v2/?token=${encodeURIComponent(token)}`, { headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });
  const html = await res.text();
  return { status: res.status, lang: /<html lang="([^"]*)"/.exec(html)?.[1] ?? '', html };
}

async function sessionJson(token: string): Promise<{ language: string | null; unsupportedLanguageCode: string | null; journal: { kind: string; unsupported?: string; detail?: string; operation?: string }[] }> {
  return (await (await fetch(`${sim.url}/_simulator/sessions/${token}`)).json()) as never;
}

describe('the hosted page', () => {
  it("is in the language of doWebPayment's languageCode, whatever the browser asks, with its amount and date", async () => {
    const expected = {
      fr: ['Montant total', '1\u202f234,56 EUR', 'décembre', 'Paiement sécurisé'],
      nl: ['Totaalbedrag', '1.234,56 EUR', 'december', 'Beveiligde betaling'],
      de: ['Gesamtbetrag', '1.234,56 EUR', 'Dezember', 'Sichere Zahlung'],
      en: ['Total amount', '1.234,56 EUR', 'December', 'Secure payment'],
    };
    for (const [language, texts] of Object.entries(expected)) {
      const token = await start(language.toUpperCase());
      for (const accept of [undefined, 'fr-BE,fr;q=0.9', 'de', 'en-US,en;q=0.9']) {
        const p = await page(token, accept);
        expect([p.status, p.lang], `${language} ${accept}`).toEqual([200, language]);
        for (const t of texts) expect(p.html, `${language}: ${t}`).toContain(t);
        expect(p.html).toMatch(/>MAKE A PAYMENT</);
        expect(p.html).toMatch(/>ABORT</);
      }
      expect((await sessionJson(token)).language).toBe(language);
    }
  });

  it('without a languageCode follows the browser (q-values honoured), else English; the session has no language', async () => {
    for (const languageCode of [undefined, null, '']) {
      const token = await start(languageCode);
      expect((await page(token, 'de-BE,de;q=0.9,fr;q=0.8')).lang).toBe('de');
      expect((await page(token, 'en;q=0.2, nl;q=0.7, fr;q=0.5')).lang).toBe('nl');
      expect((await page(token, 'es-ES,es')).lang).toBe('en');
      const none = await page(token);
      expect(none.lang).toBe('en');
      expect(none.html).toContain('Total amount');
      const s = await sessionJson(token);
      expect([s.language, s.unsupportedLanguageCode]).toEqual([null, null]);
      expect(s.journal.filter((e) => e.kind === 'language')).toEqual([]);
    }
  });

  it('with an unsupported languageCode falls back the same way, and the journal and the back office say so', async () => {
    const token = await start('es');
    expect((await page(token, 'nl-BE,nl;q=0.9')).lang).toBe('nl');
    expect((await page(token)).lang).toBe('en');
    const s = await sessionJson(token);
    expect([s.language, s.unsupportedLanguageCode]).toEqual([null, 'es']);
    expect(s.journal.map((e) => (e.kind === 'soap' ? e.operation : e.kind))).toEqual(['doWebPayment', 'language', 'page', 'page']);
    expect(s.journal[1]).toMatchObject({ kind: 'language', unsupported: 'es' });
    expect(s.journal[1]!.detail).toMatch(/languageCode "es" names none of the page languages \(fr, nl, de, en\).*Accept-Language, else en/);
    const detail = await (await fetch(`${sim.url}/_simulator/ui/sessions/${token}`)).text();
    expect(detail).toContain('Unsupported languageCode');
    expect(detail).toMatch(/languageCode <span class="mono">es<\/span> is not supported/);
  });

  it('shows the language in the back office', async () => {
    const detail = await (await fetch(`${sim.url}/_simulator/ui/sessions/${await start('de')}`)).text();
    expect(detail).toMatch(/data-testid="language">de <span class="muted">\(languageCode\)/);
    // the back office itself stays English
    expect(detail).toContain('<html lang="en">');
  });

  it('translates the title of the page', async () => {
    const p = await page(await start('nl'));
    expect(p.html).toMatch(/<title>DemoShop – Bancontact-betaling<\/title>/);
  });
});

describe('the message pages', () => {
  const post = (path: string, body: string, acceptLanguage?: string) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(acceptLanguage !== undefined && { 'accept-language': acceptLanguage }) },
      body,
      redirect: 'manual',
    });

  it('unknown token: 404 in the browser language', async () => {
    for (const [accept, lang, title] of [
      ['fr', 'fr', 'Session de paiement inconnue'],
      ['nl-BE', 'nl', 'Onbekende betaalsessie'],
      ['de', 'de', 'Unbekannte Zahlungssitzung'],
      [undefined, 'en', 'Unknown payment session'],
    ] as const) {
      const p = await page('no-such-token', accept);
      expect([p.status, p.lang], String(accept)).toEqual([404, lang]);
      expect(p.html).toContain(`<h1>${title}</h1>`);
      const pressed = await post('/v2/pay', 'token=no-such-token', accept);
      expect(pressed.status).toBe(404);
      expect(await pressed.text()).toContain(`<html lang="${lang}">`);
    }
  });

  it('finished and expired: in the session language, with the result code and the way back', async () => {
    const paid = await start('nl');
    expect((await post('/v2/pay', `token=${paid}`)).status).toBe(303);
    const finished = await page(paid, 'fr');
    expect(finished.lang).toBe('nl');
    expect(finished.html).toContain('<h1>Deze betaling is afgerond</h1>');
    expect(finished.html).toContain('Het resultaat van deze betaling is al bekend: 00000 ACCEPTED (Transaction approved).');
    expect(finished.html).toContain('Resultaatcode <strong data-testid="result-code">00000</strong>');
    expect(finished.html).toMatch(/href="https:\/\/shop\.test\/return\?paylinetoken(?:=|&#x3D;)[^"]+">Terug naar de webshop</);

    const expired = await start('de');
    const res = await post('/v2/simulate', `token=${expired}&code=02324`);
    const html = await res.text();
    expect([res.status, /<html lang="([^"]*)"/.exec(html)?.[1]]).toEqual([200, 'de']);
    expect(html).toContain('<h1>Ihre Zahlungssitzung ist abgelaufen</h1>');
    expect(html).toContain('Zurück zum Shop');
  });

  it('unknown outcome code: 400 in the session language', async () => {
    const token = await start('fr');
    const res = await post('/v2/simulate', `token=${token}&code=12345`, 'de');
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Résultat inconnu</h1>');
    expect(html).toContain('&quot;12345&quot; n&#x27;est pas un code de résultat');
  });

  it('the partner that never answers: the notice in the session language', async () => {
    const token = await start('nl', 'Expired');
    const res = await post('/v2/pay', `token=${token}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('De betaalpartner heeft niet geantwoord.');
  });
});

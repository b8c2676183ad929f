/**
 * The buyer's language in a browser: for each of fr, nl, de and en, the hosted
 * page, the finished page and the expired page show that language's texts and
 * amount, with the browser asking for another language (languageCode beats
 * Accept-Language); without a languageCode the browser's language decides; an
 * unsupported languageCode falls back and the journal says so; the kit finds
 * MAKE A PAYMENT, ABORT and the saved card in every language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { HostedPaymentPage } from '../simulator/kit/hosted-page.js';
import type { Language } from '../simulator/domain/language.js';
import { checkoutUrl, DEMO, startHarness, type Harness } from './support.js';

let h: Harness;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await h?.close();
});

/** A page in a browser context of its own, set to a locale (it sets Accept-Language), or Chromium's default. */
async function pageIn(locale?: string): Promise<Page> {
  const context = await h.browser.newContext(locale === undefined ? {} : { locale });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  contexts.push(context);
  return context.newPage();
}

/** What each language shows for 1 234,56 EUR. */
const EXPECTED: Record<Language, { total: string; amount: string; month: string; secure: string; finished: string; expired: string; back: string; code: string }> = {
  fr: { total: 'Montant total', amount: '1\u202f234,56 EUR', month: 'décembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre', secure: 'Paiement sécurisé', finished: 'Ce paiement est terminé', expired: 'Votre session de paiement a expiré', back: 'Retour à la boutique', code: 'Code retour' },
  nl: { total: 'Totaalbedrag', amount: '1.234,56 EUR', month: 'december|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november', secure: 'Beveiligde betaling', finished: 'Deze betaling is afgerond', expired: 'Uw betaalsessie is verlopen', back: 'Terug naar de webshop', code: 'Resultaatcode' },
  de: { total: 'Gesamtbetrag', amount: '1.234,56 EUR', month: 'Dezember|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November', secure: 'Sichere Zahlung', finished: 'Diese Zahlung ist abgeschlossen', expired: 'Ihre Zahlungssitzung ist abgelaufen', back: 'Zurück zum Shop', code: 'Ergebniscode' },
  en: { total: 'Total amount', amount: '1.234,56 EUR', month: 'December|January|February|March|April|May|June|July|August|September|October|November', secure: 'Secure payment', finished: 'This payment is finished', expired: 'Your payment session has expired', back: 'Back to the shop', code: 'Result code' },
};

/** A browser locale of another language than the one tested, to show that languageCode wins. */
const OTHER: Record<Language, string> = { fr: 'nl-BE', nl: 'fr-BE', de: 'en-GB', en: 'de-DE' };

async function checkout(page: Page, languageCode: string): Promise<HostedPaymentPage> {
  await page.goto(checkoutUrl(h.shop, { amount: '123456', languageCode }));
  return new HostedPaymentPage(page);
}

describe.each(Object.keys(EXPECTED) as Language[])('languageCode %s', (language) => {
  const e = EXPECTED[language];

  it(`the hosted page and the finished page are in ${language}, though the browser asks for ${OTHER[language]}`, async () => {
    const page = await pageIn(OTHER[language]);
    const hosted = await checkout(page, language.toUpperCase());
    expect(await hosted.language()).toBe(language);
    const region = hosted.paymentRegion;
    expect(await region.getByText(e.total, { exact: true }).count()).toBe(1);
    expect(await hosted.amount()).toBe(e.amount);
    expect(await page.getByTestId('order-line').innerText()).toMatch(new RegExp(`(${e.month}) \\d{4}`));
    expect(await region.getByText(e.secure, { exact: true }).count()).toBe(1);
    // the partner simulator's buttons keep their English names; the panel stays English
    expect(await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'ABORT', exact: true }).count()).toBe(1);
    expect(await hosted.controls.getByRole('heading', { name: 'Simulator controls' }).count()).toBe(1);

    await hosted.pay();
    const token = await hosted.waitForReturn(h.shop.returnURL);
    expect((await h.shop.details(token)).result.code).toBe('00000');

    // the payment link opened again: the finished page, in the session's language
    await page.goBack();
    await page.reload();
    expect(await hosted.isFinished()).toBe(true);
    expect(await hosted.language()).toBe(language);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(e.finished);
    expect(await page.locator('main').innerText()).toContain(`${e.code} 00000`);
    expect(await page.getByRole('link', { name: e.back, exact: true }).count()).toBe(1);
  });

  it(`the expired page is in ${language}, and ABORT is found by name`, async () => {
    const page = await pageIn(OTHER[language]);
    const hosted = await checkout(page, language);
    expect(await hosted.isExpired()).toBe(false);
    await hosted.chooseOutcome('02324');
    expect(await hosted.isExpired()).toBe(true);
    expect(await hosted.language()).toBe(language);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(e.expired);
    const back = page.getByRole('link', { name: e.back, exact: true });
    expect(await back.getAttribute('href')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/payline\/cancel\?paylinetoken=/);

    const other = await checkout(page, language);
    await other.abort();
    expect((await h.shop.details(await other.waitForReturn(h.shop.cancelURL))).result.code).toBe('02008');
  });
});

describe('without a languageCode, or an unsupported one', () => {
  it("Chromium's default Accept-Language is English (en-US): the page is in English", async () => {
    const page = await pageIn();
    const request = page.waitForRequest((r) => r.url().includes('/v2/?token='));
    const hosted = await checkout(page, '');
    expect(await hosted.language()).toBe('en');
    expect((await (await request).allHeaders())['accept-language']).toMatch(/^en-US/);
    expect(await hosted.amount()).toBe('1.234,56 EUR');
  });

  it("the browser's language decides among the four", async () => {
    for (const [locale, language] of [['nl-BE', 'nl'], ['de-DE', 'de'], ['fr-FR', 'fr'], ['es-ES', 'en']] as const) {
      const hosted = await checkout(await pageIn(locale), '');
      expect(await hosted.language(), locale).toBe(language);
      expect(await hosted.amount()).toBe(EXPECTED[language].amount);
    }
  });

  it('an unsupported languageCode (es) falls back to the browser language, and the journal says so', async () => {
    const page = await pageIn('de-BE');
    const hosted = await checkout(page, 'es');
    expect(await hosted.language()).toBe('de');
    expect(await hosted.paymentRegion.getByText(EXPECTED.de.total, { exact: true }).count()).toBe(1);
    const s = (await (await fetch(`${h.sim.url}/_simulator/sessions/${hosted.token()}`)).json()) as { language: null; unsupportedLanguageCode: string; journal: { kind: string; detail?: string }[] };
    expect([s.language, s.unsupportedLanguageCode]).toEqual([null, 'es']);
    expect(s.journal.find((x) => x.kind === 'language')?.detail).toMatch(/languageCode "es" names none of the page languages/);
  });
});

describe('the saved card (buyer.walletId) in another language', () => {
  /** doWebPayment with a walletId and a languageCode; returns the redirectURL. */
  async function walletPayment(walletId: string, languageCode: string): Promise<string> {
    const res = await fetch(`${h.sim.url}/V4/services/WebPaymentAPI`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${DEMO.merchantId}:${DEMO.accessKey}`).toString('base64')}`, 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body:
        `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://impl.ws.payline.experian.com" xmlns:o="http://obj.ws.payline.experian.com"><s:Body><i:doWebPaymentRequest><i:version>34</i:version>` +
        `<i:payment><o:amount>9900</o:amount><o:currency>978</o:currency><o:action>101</o:action><o:mode>CPT</o:mode><o:contractNumber>BANCONTACT</o:contractNumber></i:payment>` +
        `<i:returnURL>${h.shop.returnURL.replace(/&/g, '&amp;')}</i:returnURL><i:cancelURL>${h.shop.cancelURL}</i:cancelURL>` +
        `<i:order><o:ref>LANG-WALLET-${Date.now()}</o:ref><o:amount>9900</o:amount><o:currency>978</o:currency><o:date>02/12/2026 10:00</o:date></i:order>` +
        `<i:languageCode>${languageCode}</i:languageCode><i:buyer><o:lastName>Peeters</o:lastName><o:firstName>Lena</o:firstName><o:email>lena@example.be</o:email><o:walletId>${walletId}</o:walletId></i:buyer>` +
        `</i:doWebPaymentRequest></s:Body></s:Envelope>`,
    });
    const url = /<(?:\w+:)?redirectURL>([^<]+)</.exec(await res.text())?.[1];
    if (!url) throw new Error('no redirectURL');
    return url.replace(/&amp;/g, '&');
  }

  it('French: "Utiliser un moyen de paiement enregistré", "Valider votre paiement"; the kit pays with it', async () => {
    const page = await pageIn('en-GB');
    const walletId = `LangWallet-${Date.now()}`;
    const first = await new HostedPaymentPage(page).goto(await walletPayment(walletId, 'nl'));
    await first.pay();
    await first.waitForReturn(h.shop.returnURL);

    const hosted = await new HostedPaymentPage(page).goto(await walletPayment(walletId, 'fr'));
    expect(await page.getByRole('heading', { name: 'Utiliser un moyen de paiement enregistré', exact: true }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Utiliser un autre moyen de paiement', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Valider votre paiement', exact: true }).count()).toBe(1);
    expect(await hosted.amount()).toBe('99,00 EUR');
    await hosted.payWithSavedCard();
    const token = await hosted.waitForReturn(h.shop.returnURL);
    expect((await h.shop.details(token)).raw['wallet']).toBeDefined();
  });
});

describe("the demo shop's language list", () => {
  it('sends the languageCode chosen, or none (the browser decides)', async () => {
    const page = await pageIn('de-BE');
    for (const [choice, language] of [['nl', 'nl'], ['fr', 'fr'], ['eng', 'en'], ['none', 'de']] as const) {
      await page.goto(`${h.sim.url}/`);
      await page.getByLabel('Language of the payment page').selectOption(choice);
      await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
      await page.waitForURL(/\/v2\/\?token=/);
      expect(await new HostedPaymentPage(page).language(), choice).toBe(language);
    }
  });
});

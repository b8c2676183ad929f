/**
 * A wallet across orders, in a browser. doWebPayment with buyer.walletId (the
 * demo point of sale has saveWalletData): the first accepted payment saves the
 * card; the next order with the same walletId offers it on the hosted page
 * ("Use a saved payment method"), and paying with it is reported as a wallet
 * payment by getWebPaymentDetails and the back office. Another walletId sees
 * no saved card.
 *
 * The test shop of merchant-app.ts sends buyer.walletId as nil, so doWebPayment
 * is sent here with fetch; the shop still serves the return URL and
 * getWebPaymentDetails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HostedPaymentPage, startSimulator, type RunningSimulator } from '../simulator/index.js';
import { launchBrowser } from './browser.js';
import { startMerchantApp, type MerchantApp } from './merchant-app.js';

const MERCHANT = { merchantId: '12345678901234', accessKey: 'DEMOACCESSKEY' };
const WALLET = 'WalletDemo-01';

let sim: RunningSimulator, shop: MerchantApp, browser: Browser, page: Page;

beforeAll(async () => {
  const starting = launchBrowser();
  sim = await startSimulator({ port: 0 });
  shop = await startMerchantApp(sim.url, MERCHANT);
  browser = await starting;
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await shop?.close();
});

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
let orders = 0;

/** doWebPayment with a buyer.walletId; returns the redirectURL. */
async function doWebPayment(walletId: string): Promise<string> {
  orders++;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com">
<soapenv:Body><impl:doWebPaymentRequest>
<impl:version>34</impl:version>
<impl:payment><obj:amount>4550</obj:amount><obj:currency>978</obj:currency><obj:action>101</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>BANCONTACT</obj:contractNumber></impl:payment>
<impl:returnURL>${esc(shop.returnURL)}</impl:returnURL><impl:cancelURL>${esc(shop.cancelURL)}</impl:cancelURL>
<impl:order><obj:ref>WALLET-ORDER-${orders}-${Date.now()}</obj:ref><obj:amount>4550</obj:amount><obj:currency>978</obj:currency><obj:date>01/02/2025 10:00</obj:date></impl:order>
<impl:buyer><obj:lastName>Peeters</obj:lastName><obj:firstName>Lena</obj:firstName><obj:email>lena.peeters@example.be</obj:email><obj:walletId>${esc(walletId)}</obj:walletId></impl:buyer>
</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
  const res = await fetch(`${sim.url}/V4/services/WebPaymentAPI`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${MERCHANT.merchantId}:${MERCHANT.accessKey}`).toString('base64')}`,
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '"doWebPayment"',
    },
    body: xml,
  });
  const body = await res.text();
  expect(res.status, body).toBe(200);
  expect(/<(?:\w+:)?code>([^<]*)</.exec(body)?.[1], body).toBe('00000');
  const url = /<(?:\w+:)?redirectURL>([^<]+)</.exec(body)?.[1];
  if (!url) throw new Error(`no redirectURL in ${body}`);
  return url.replace(/&amp;/g, '&');
}

/** A string field of getWebPaymentDetails' parsed answer. */
function field(raw: Record<string, unknown>, path: string): string | undefined {
  let cur: unknown = raw;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === 'string' ? cur : undefined;
}

describe('wallet (buyer.walletId)', () => {
  let firstCard: string; // "670999XXXXXX1234 - MM/yy"

  it('order 1: MAKE A PAYMENT saves the card in the wallet', async () => {
    const hosted = await new HostedPaymentPage(page).goto(await doWebPayment(WALLET));
    expect(await hosted.savedCard()).toBeNull(); // the wallet is empty so far
    await hosted.pay();
    const token = await hosted.waitForReturn(shop.returnURL);
    const d = await shop.details(token);
    expect(d.result.code).toBe('00000');
    expect(field(d.raw, 'buyer.walletId')).toBe(WALLET);
    expect(d.raw['wallet']).toBeUndefined(); // paid with a new card, not by wallet

    const number = field(d.raw, 'card.number')!;
    expect(number).toMatch(/^670999X{6}\d{4}$/);
    const extra = JSON.parse(field(d.raw, 'transaction.partnerAdditionalData')!) as { cardMaskedPan: string; cardExpiry: string };
    expect(extra.cardMaskedPan).toBe(number);
    expect(extra.cardExpiry).toMatch(/^(0[1-9]|1[0-2])\/\d{2}$/);
    expect(field(d.raw, 'card.expirationDate')).toBe(extra.cardExpiry.replace('/', ''));
    firstCard = `${number} - ${extra.cardExpiry}`;
  });

  it('order 2, same walletId: the saved card is offered; paying with it is a wallet payment', async () => {
    const hosted = await new HostedPaymentPage(page).goto(await doWebPayment(WALLET));
    const token = hosted.token();
    expect(await hosted.savedCard()).toBe(firstCard);
    expect(firstCard).toMatch(/^670999X{6}\d{4} - \d{2}\/\d{2}$/);

    // "Use a saved payment method" with the card, above "Use another payment method"
    const saved = page.getByRole('heading', { name: 'Use a saved payment method', exact: true });
    const other = page.getByRole('heading', { name: 'Use another payment method', exact: true });
    const [savedBox, cardBox, otherBox] = await Promise.all([saved.boundingBox(), page.getByTestId('saved-card').boundingBox(), other.boundingBox()]);
    expect(savedBox!.y).toBeLessThan(cardBox!.y);
    expect(cardBox!.y).toBeLessThan(otherBox!.y);
    expect(await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).count()).toBe(1); // still possible

    await hosted.payWithSavedCard();
    expect(await hosted.waitForReturn(shop.returnURL)).toBe(token);
    const d = await shop.details(token);
    expect(d.result.code).toBe('00000');
    expect(field(d.raw, 'wallet.walletId')).toBe(WALLET);
    expect(field(d.raw, 'wallet.card.number')).toBe(firstCard.slice(0, 16));
    expect(field(d.raw, 'card.number')).toBe(firstCard.slice(0, 16));
    expect(field(d.raw, 'wallet.lastName')).toBe('Peeters');

    // the back office's detail page says so, with the wallet id
    await page.goto(`${sim.url}/_simulator/ui/sessions/${encodeURIComponent(token)}`);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Payment made by wallet');
    expect((await page.getByTestId('wallet-id').innerText()).trim()).toBe(WALLET);
    expect(text).toContain(firstCard);
  });

  it('order 3, another walletId: no saved card', async () => {
    const hosted = await new HostedPaymentPage(page).goto(await doWebPayment('WalletDemo-02'));
    expect(await hosted.savedCard()).toBeNull();
    expect(await page.getByText('Use a saved payment method').count()).toBe(0);
    await expect(hosted.payWithSavedCard()).rejects.toThrow(/no saved card/);
    await hosted.abort();
    expect((await shop.details(await hosted.waitForReturn(shop.cancelURL))).result.code).toBe('02008');
  });
});

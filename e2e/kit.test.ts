/**
 * The programmatic API as a merchant project uses it (this file is its
 * documentation): start the simulator from the package entry, let the shop
 * redirect to the hosted page, drive the page with HostedPaymentPage, read the
 * result with getWebPaymentDetails, close.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HostedPaymentPage, OUTCOME_CODES, startSimulator, type RunningSimulator } from '../simulator/index.js';
import { launchBrowser } from './browser.js';
import { startMerchantApp, type MerchantApp } from './merchant-app.js';

let sim: RunningSimulator, shop: MerchantApp, browser: Browser, page: Page;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 }); // a free port: sim.url says which
  shop = await startMerchantApp(sim.url, { merchantId: '12345678901234', accessKey: 'DEMOACCESSKEY' });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await shop?.close();
});

/** The shop's checkout (doWebPayment) answers with a redirect to the hosted page. */
async function redirectURL(): Promise<string> {
  const res = await fetch(`${shop.url}/checkout`, { redirect: 'manual' });
  return res.headers.get('location')!;
}

it('MAKE A PAYMENT: accepted (00000)', async () => {
  const hosted = await new HostedPaymentPage(page).goto(await redirectURL());
  expect([await hosted.shopName(), await hosted.amount()]).toEqual(['DemoShop', '99,00 EUR']);
  await hosted.pay();
  const token = await hosted.waitForReturn(shop.returnURL);
  expect((await shop.details(token)).result.code).toBe('00000');
});

it('ABORT: cancelled by the buyer (02008), back on the cancelURL', async () => {
  const hosted = await new HostedPaymentPage(page).goto(await redirectURL());
  await hosted.abort();
  expect((await shop.details(await hosted.waitForReturn(shop.cancelURL))).result).toMatchObject({ code: '02008', shortMessage: 'CANCELLED' });
});

it('Simulator controls: any outcome code, e.g. 02020 refused by the partner', async () => {
  const hosted = await new HostedPaymentPage(page).goto(await redirectURL());
  expect(await hosted.outcomes()).toEqual(OUTCOME_CODES.map((c) => c.code));
  await hosted.chooseOutcome('02020');
  expect((await shop.details(await hosted.waitForReturn(/url_type=return/))).result.code).toBe('02020');
});

it('02324: the session expires, the page says so', async () => {
  const hosted = await new HostedPaymentPage(page).goto(await redirectURL());
  expect(await hosted.isExpired()).toBe(false);
  await hosted.chooseOutcome('02324');
  expect(await hosted.isExpired()).toBe(true);
  await expect(hosted.chooseOutcome('99999')).rejects.toThrow(/no outcome button/);
});

it('stays a short example (it is documentation)', () => {
  expect(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').length).toBeLessThan(75);
});

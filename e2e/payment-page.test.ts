/**
 * The hosted payment page in a browser, from the shop's checkout to its return
 * page: MAKE A PAYMENT, ABORT, a second submission, unknown and finished tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { admin, checkoutUrl, eventually, leaks, postForm, startHarness, testIds, tokenOf, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** From the shop's checkout to the hosted page; returns the page's token. */
async function openPaymentPage(page: Page, params: { lastName?: string; amount?: string } = {}): Promise<string> {
  const response = await page.goto(checkoutUrl(h.shop, params));
  expect(response?.status()).toBe(200);
  expect(page.url().startsWith(`${h.sim.url}/v2/?token=`)).toBe(true);
  return tokenOf(page);
}

describe('hosted payment page', () => {
  it('MAKE A PAYMENT: accepted, back on the return URL, notified', async () => {
    const page = await h.newPage();
    const token = await openPaymentPage(page);

    // what the buyer sees
    expect(await page.title()).toContain('DemoShop');
    await expect(page.getByText('DemoShop', { exact: true }).count()).resolves.toBe(1);
    expect((await page.getByTestId('amount').innerText()).trim()).toBe('99,00 EUR');
    await expect(page.getByText('Bancontact', { exact: true }).count()).resolves.toBe(1);
    const pay = page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true });
    const abort = page.getByRole('button', { name: 'ABORT', exact: true });
    await expect(pay.count()).resolves.toBe(1);
    await expect(abort.count()).resolves.toBe(1);
    expect(await pay.innerText()).toBe('MAKE A PAYMENT');
    expect(await abort.innerText()).toBe('ABORT');
    await expect(page.getByRole('complementary', { name: 'Simulator controls' }).count()).resolves.toBe(1);

    await pay.click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    // the returnURL had a query string: the token is appended with '&'
    expect(page.url()).toBe(`${h.shop.returnURL}&paylinetoken=${encodeURIComponent(token)}`);
    const shown = await testIds(page);
    expect(shown).toMatchObject({
      landing: 'return',
      'result-code': '00000',
      'result-short-message': 'ACCEPTED',
      'result-long-message': 'Transaction approved',
      token,
    });
    const shownTx = shown['transaction-id'];
    expect(shownTx).toMatch(/^[A-Z]\d{17}$/);
    expect(shownTx).toHaveLength(18);

    const d = await h.shop.details(token);
    expect(d.result).toMatchObject({ code: '00000', shortMessage: 'ACCEPTED' });
    expect(d.transactionId).toBe(shownTx);
    expect(d.amount).toBe('9900');
    expect(d.orderRef).toBe(h.shop.checkouts.at(-1)?.orderRef);

    // the server-to-server notification, on the notification URL with its own query kept
    const n = await eventually('the WEBTRS notification', () => h.shop.notifications.find((x) => x.token === token));
    expect(n.notificationType).toBe('WEBTRS');
    expect(n.query['wc-api']).toBe('Gateway');
    expect(n.query['url_type']).toBe('notification');
    await page.close();
  });

  it('ABORT: cancelled by the buyer, back on the cancel URL', async () => {
    const page = await h.newPage();
    const token = await openPaymentPage(page);
    await page.getByRole('button', { name: 'ABORT', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
    // the cancelURL had no query string: the token is appended with '?'
    expect(page.url()).toBe(`${h.shop.cancelURL}?paylinetoken=${encodeURIComponent(token)}`);
    expect(await testIds(page)).toMatchObject({
      landing: 'cancel',
      'result-code': '02008',
      'result-short-message': 'CANCELLED',
      'result-long-message': 'Transaction canceled by user',
      token,
    });

    const d = await h.shop.details(token);
    expect(d.result).toEqual({ code: '02008', shortMessage: 'CANCELLED', longMessage: 'Transaction canceled by user' });
    const n = await eventually('the WEBTRS notification', () => h.shop.notifications.find((x) => x.token === token));
    expect(n.notificationType).toBe('WEBTRS');
    await page.close();
  });

  it('a second submission never changes the final result', async () => {
    const page = await h.newPage();
    const token = await openPaymentPage(page);
    // the same page open in a second tab: it goes stale once the first tab pays
    const stale = await page.context().newPage();
    await stale.goto(page.url());
    await expect(stale.getByRole('button', { name: 'ABORT', exact: true }).count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    const paid = await testIds(page);
    expect(paid['result-code']).toBe('00000');
    const tx = paid['transaction-id'];
    expect(tx).toMatch(/^[A-Z]\d{17}$/);

    // ABORT on the stale page: the buyer is sent to the result already reached (the return URL)
    await stale.getByRole('button', { name: 'ABORT', exact: true }).click();
    await stale.waitForURL((u) => u.href.startsWith(h.shop.url) && !u.href.startsWith(h.sim.url));
    expect(stale.url()).toBe(`${h.shop.returnURL}&paylinetoken=${encodeURIComponent(token)}`);
    expect(await testIds(stale)).toMatchObject({ 'result-code': '00000', 'transaction-id': tx });
    await stale.close();

    // back in history, then ABORT again. Chromium shows the page from its cache (the simulator
    // sends no Cache-Control), stale buttons included; a browser that reloads it gets the
    // "finished" page instead: either way the result must not move.
    await page.goBack();
    await page.waitForLoadState();
    const staleAbort = page.getByRole('button', { name: 'ABORT', exact: true });
    if ((await staleAbort.count()) > 0) {
      await staleAbort.click();
      await page.waitForURL((u) => u.href.startsWith(h.shop.url));
      expect(await testIds(page)).toMatchObject({ 'result-code': '00000', 'transaction-id': tx });
    } else {
      expect(await page.getByTestId('result-code').innerText()).toBe('00000');
    }

    // the forms posted again by hand, and the admin API
    for (const path of ['/v2/abort', '/v2/pay']) {
      const r = await postForm(h.sim, path, { token });
      expect(r.status, path).toBe(303);
      expect(r.location, path).toBe(`${h.shop.returnURL}&paylinetoken=${encodeURIComponent(token)}`);
    }
    const again = await postForm(h.sim, '/v2/simulate', { token, code: '02020' });
    expect(again.status).toBe(303);
    const forced = await admin(h.sim, `/_simulator/sessions/${encodeURIComponent(token)}/outcome`, { code: '02008' });
    expect(forced.status).toBe(409);

    const d = await h.shop.details(token);
    expect(d.result.code).toBe('00000');
    expect(d.transactionId).toBe(tx);
    await page.close();
  });

  it('an unknown token shows a clear 404 page, no stack trace', async () => {
    const page = await h.newPage();
    for (const path of ['/v2/?token=nope', '/v2/']) {
      const response = await page.goto(`${h.sim.url}${path}`);
      expect(response?.status(), path).toBe(404);
      const text = await page.locator('body').innerText();
      expect(text, path).toContain('Unknown payment session');
      expect(text, path).toContain('Start the payment again from the shop');
      expect(leaks(text), path).toEqual([]);
      await expect(page.getByRole('button').count()).resolves.toBe(0);
    }
    // pressing a button of a page whose session never existed
    const r = await postForm(h.sim, '/v2/pay', { token: 'nope' });
    expect(r.status).toBe(404);
    expect(r.text).toContain('Unknown payment session');
    expect(leaks(r.text)).toEqual([]);
    await page.close();
  });

  it('a finished token shows the result and a link back to the shop, no buttons', async () => {
    const page = await h.newPage();
    const token = await openPaymentPage(page);
    const hostedUrl = page.url();
    await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));

    const response = await page.goto(hostedUrl);
    expect(response?.status()).toBe(200);
    const text = await page.locator('body').innerText();
    expect(text).toContain('This payment is finished');
    expect((await page.getByTestId('result-code').innerText()).trim()).toBe('00000');
    expect(leaks(text)).toEqual([]);
    await expect(page.getByRole('button').count()).resolves.toBe(0);
    const back = page.getByRole('link', { name: 'Back to the shop' });
    expect(await back.getAttribute('href')).toBe(`${h.shop.returnURL}&paylinetoken=${encodeURIComponent(token)}`);
    await back.click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    expect((await testIds(page))['result-code']).toBe('00000');
    await page.close();
  });
});

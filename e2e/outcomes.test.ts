/**
 * The outcomes of a payment other than the buyer's two buttons, in a browser:
 *  - the "Simulator controls" panel of the hosted page: one button per outcome
 *    code, each finishing a fresh payment with its code;
 *  - scenarios chosen by buyer.lastName: a refusal on MAKE A PAYMENT, and a
 *    session that stays open until it expires on the simulator's clock (last:
 *    it moves this file's simulator clock forward by an hour).
 * One file, so one browser and one simulator for both (a file costs seconds of
 * start-up on a two-core machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, checkoutUrl, eventually, leaks, startHarness, testIds, tokenOf, type Harness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const CODES = ['00000', '02008', '02324', '02020', '02012', '02308', '02106', '01100', '01101', '01116', '04002'];

describe('simulator controls panel', () => {
  it('each outcome button finishes a fresh payment with its code', async () => {
    const page = await h.newPage();
    for (const [i, code] of CODES.entries()) {
      await page.goto(checkoutUrl(h.shop, { lastName: 'Panel' }));
      const token = tokenOf(page);
      const panel = page.getByRole('complementary', { name: 'Simulator controls' });
      if (i === 0) {
        // one button per outcome code, each starting with its code
        const labels = (await panel.getByRole('button').allInnerTexts()).map((t) => t.trim().slice(0, 5));
        expect(labels.sort()).toEqual([...CODES].sort());
      }
      await panel.getByRole('button', { name: new RegExp(code) }).click();
      await page.waitForURL((u) => !u.href.startsWith(`${h.sim.url}/v2/?`));

      const text = await page.locator('body').innerText();
      expect(leaks(text), code).toEqual([]);
      if (code === '02324') {
        // expiry: the simulator's own page, with a way back to the cancel URL
        expect(page.url().startsWith(h.sim.url), code).toBe(true);
        expect(text, code).toContain('Your payment session has expired');
        expect(await page.getByRole('link', { name: 'Back to the shop' }).getAttribute('href'), code).toBe(
          `${h.shop.cancelURL}?paylinetoken=${encodeURIComponent(token)}`,
        );
      } else {
        const target = code === '02008' ? `${h.shop.cancelURL}?` : `${h.shop.returnURL}&`;
        expect(page.url(), code).toBe(`${target}paylinetoken=${encodeURIComponent(token)}`);
        expect((await testIds(page))['result-code'], code).toBe(code);
      }

      const d = await h.shop.details(token);
      expect(d.result.code, code).toBe(code);
      if (code === '02324') expect(d.transactionId, code).toBeUndefined();
      else expect(d.transactionId, code).toMatch(/^[A-Z]\d{17}$/);
    }
    await page.close();
  });
});

describe('scenarios through the hosted page', () => {
  it('lastName Refused: MAKE A PAYMENT is refused by the partner (02020, partnerCode)', async () => {
    const page = await h.newPage();
    await page.goto(checkoutUrl(h.shop, { lastName: 'Refused' }));
    const token = tokenOf(page);
    // the panel says which scenario applies
    expect(await page.getByRole('complementary', { name: 'Simulator controls' }).innerText()).toContain('refused-by-lastname');

    await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    expect(page.url()).toBe(`${h.shop.returnURL}&paylinetoken=${encodeURIComponent(token)}`);
    expect(await testIds(page)).toMatchObject({
      landing: 'return',
      'result-code': '02020',
      'result-short-message': 'REFUSED',
      'result-long-message': 'Transaction refused by partner',
      'partner-code': 'REFUSED_BY_ISSUER',
    });

    const d = await h.shop.details(token);
    expect(d.result).toEqual({
      code: '02020',
      shortMessage: 'REFUSED',
      longMessage: 'Transaction refused by partner',
      partnerCode: 'REFUSED_BY_ISSUER',
      partnerCodeLabel: 'Refused by issuer',
    });
    expect(d.transactionId).toMatch(/^[A-Z]\d{17}$/);
    await page.close();
  });

  // Last in this file: it moves this simulator's clock forward by an hour.
  it('lastName Expired: the page stays open, then the session expires on the clock (02324, notified)', async () => {
    const page = await h.newPage();
    await page.goto(checkoutUrl(h.shop, { lastName: 'Expired' }));
    const token = tokenOf(page);
    const hostedUrl = page.url();

    await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
    await page.waitForLoadState();
    // still on the simulator, the same page with a notice, both buttons still there
    expect(page.url().startsWith(h.sim.url)).toBe(true);
    const notice = page.getByRole('status');
    expect(await notice.innerText()).toContain('has not answered');
    await expect(page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'ABORT', exact: true }).count()).resolves.toBe(1);
    expect((await h.shop.details(token)).result.code).toBe('02306');
    expect(h.shop.notifications.some((n) => n.token === token)).toBe(false);

    const advanced = await admin(h.sim, '/_simulator/clock/advance', { seconds: 3700 });
    expect(advanced.status).toBe(200);

    // the notification is sent at expiry, before anyone loads the page or asks for the details
    const n = await eventually('the notification of the expiry', () => h.shop.notifications.find((x) => x.token === token));
    expect(n.notificationType).toBe('WEBTRS');

    // reloading the page the buyer is on (the answer to the POST of MAKE A PAYMENT, so the form is
    // posted again), then opening the payment link again: both say the session has expired
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    expect(await page.locator('body').innerText()).toContain('Your payment session has expired');
    const response = await page.goto(hostedUrl);
    expect(response?.status()).toBe(200);
    const text = await page.locator('body').innerText();
    expect(text).toContain('Your payment session has expired');
    expect(text).toContain('no payment was made');
    expect(leaks(text)).toEqual([]);
    await expect(page.getByRole('button').count()).resolves.toBe(0);
    const back = page.getByRole('link', { name: 'Back to the shop' });
    const cancelWithToken = `${h.shop.cancelURL}?paylinetoken=${encodeURIComponent(token)}`;
    expect(await back.getAttribute('href')).toBe(cancelWithToken);

    await back.click();
    await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
    expect(page.url()).toBe(cancelWithToken);
    expect(await testIds(page)).toMatchObject({ landing: 'cancel', 'result-code': '02324', 'result-short-message': 'REFUSED', 'transaction-id': '' });

    const d = await h.shop.details(token);
    expect(d.result).toEqual({
      code: '02324',
      shortMessage: 'REFUSED',
      longMessage: 'The session expired before the consumer has finished the transaction',
    });
    // exactly one notification for this session
    expect(h.shop.notifications.filter((x) => x.token === token)).toHaveLength(1);
    await page.close();
  });
});

/**
 * The "Simulator controls" panel of the hosted page: one button per outcome
 * code, and each finishes a fresh payment with its code, as
 * getWebPaymentDetails then says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutUrl, leaks, startHarness, testIds, tokenOf, type Harness } from './support.js';

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

/**
 * Screenshots for the documentation: starts a simulator on a free port, walks a
 * payment through the demo shop in a headless Chromium, and saves PNGs into
 * docs/screenshots/:
 *
 *   demo-shop.png          the demo shop's checkout (GET /)
 *   payment-page.png       the hosted payment page (MAKE A PAYMENT / ABORT)
 *   payment-page-nl.png    the same page in Dutch (the shop sent languageCode nl)
 *   demo-result.png        the shop's result page after getWebPaymentDetails
 *   backoffice-list.png    the back office's list of transactions
 *   backoffice-detail.png  the back office's transaction page, a SOAP exchange open
 *   widget.png             the demo shop's in-shop page: the payment widget (column template)
 *
 * Run after a build: `npm run build && node dist/e2e/screenshots.js`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../simulator/paths.js';
import { startSimulator } from '../simulator/server.js';
import { launchBrowser } from './browser.js';

export const SCREENSHOTS_DIR = join(PROJECT_ROOT, 'docs', 'screenshots');

async function main(): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const starting = launchBrowser();
  const sim = await startSimulator({ port: 0 });
  const browser = await starting.catch(async (e: unknown) => {
    await sim.close();
    throw e;
  });
  const saved: string[] = [];
  const shot = async (page: Page, name: string, fullPage = true) => {
    const path = join(SCREENSHOTS_DIR, name);
    await page.screenshot({ path, fullPage });
    saved.push(path);
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, deviceScaleFactor: 1 });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();

    // an earlier, cancelled order so that the back office list shows more than one line
    await page.goto(`${sim.url}/`);
    await page.getByLabel('Outcome to try').selectOption('abort');
    await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
    await page.getByRole('button', { name: 'ABORT', exact: true }).click();
    await page.waitForURL(/\/demo\/cancel\?/);

    await page.goto(`${sim.url}/`);
    await shot(page, 'demo-shop.png');
    await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
    await page.waitForURL(/\/v2\/\?token=/);
    await shot(page, 'payment-page.png');

    await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
    await page.waitForURL(/\/demo\/return\?/);
    await shot(page, 'demo-result.png');

    await page.getByRole('link', { name: 'See this transaction in the back office' }).click();
    await page.waitForURL(/\/_simulator\/ui\/sessions\//);
    await page.locator('li[data-operation="doWebPayment"] summary').click();
    await shot(page, 'backoffice-detail.png');

    await page.goto(`${sim.url}/_simulator/`);
    await shot(page, 'backoffice-list.png');

    // the hosted page in Dutch; left open, so that it does not show in the list above
    await page.goto(`${sim.url}/`);
    await page.getByLabel('Language of the payment page').selectOption('nl');
    await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
    await page.waitForURL(/\/v2\/\?token=/);
    await shot(page, 'payment-page-nl.png');

    // in-shop mode: the widget on the shop's own page
    await page.goto(`${sim.url}/`);
    await page.getByLabel('In-shop (widget)').check();
    await page.getByLabel('Widget template').selectOption('column');
    await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
    await page.waitForURL(/\/demo\/widget\?/);
    await page.locator('#PaylineWidget[data-pl-state="PAYMENT_METHODS_LIST"]').waitFor();
    await shot(page, 'widget.png');
  } finally {
    await browser.close().catch(() => undefined);
    await sim.close();
  }
  for (const p of saved) console.log(`saved ${p}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

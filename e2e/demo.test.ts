/**
 * The demo shop (GET /) in a browser, for every configured outcome: the shop
 * calls doWebPayment over HTTP, the buyer acts on the hosted page, the shop shows
 * the result from getWebPaymentDetails, and the back office shows the
 * transaction with its exchanged messages. Then a refund from the result page.
 * One simulator and one browser for the file; the outcomes run one after the
 * other, the expiry last (it moves the simulator's clock by an hour).
 */
import { isFaultScenario } from '../simulator/domain/faults.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OUTCOME_CODES } from '../simulator/domain/codes.js';
import { Catalog } from '../simulator/domain/catalog.js';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from '../simulator/fixtures/load.js';
import { DEMO_MERCHANT } from '../simulator/http/demo-soap.js';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { launchBrowser } from './browser.js';

interface Outcome {
  code: string;
  /** The value of the shop's "Outcome to try" select. */
  choice: string;
  lastName?: string;
  /** The hosted page's button, or none when doWebPayment itself is refused. */
  press?: 'MAKE A PAYMENT' | 'ABORT';
  /** The session stays open until the clock passes its payment delay. */
  expire?: boolean;
  landing: 'return' | 'cancel' | 'doWebPayment';
}

// every scenario of the demo merchant chosen by buyer.lastName, as the shop lists them
const scenarios = new Catalog(loadFixtures(DEFAULT_FIXTURES_DIR))
  .scenariosFor(DEMO_MERCHANT.merchantId)
  .filter((s) => Object.keys(s.match).join() === 'buyer.lastName' && !isFaultScenario(s));

const ACCEPT: Outcome = { code: '00000', choice: 'accept', press: 'MAKE A PAYMENT', landing: 'return' };
const ABORT: Outcome = { code: '02008', choice: 'abort', press: 'ABORT', landing: 'cancel' };
const OUTCOMES: Outcome[] = [
  ACCEPT,
  ABORT,
  ...scenarios.map((s): Outcome => {
    const v = s.match['buyer.lastName']!;
    const lastName = Array.isArray(v) ? v[0]! : v;
    if (s.when === 'doWebPayment') return { code: s.code, choice: s.id, lastName, landing: 'doWebPayment' };
    if (s.when === 'never') return { code: s.code, choice: s.id, lastName, press: 'MAKE A PAYMENT', expire: true, landing: 'cancel' };
    return { code: s.code, choice: s.id, lastName, press: 'MAKE A PAYMENT', landing: 'return' };
  }),
  // the expiry moves the clock: last
].sort((a, b) => Number(a.expire ?? false) - Number(b.expire ?? false));

let sim: RunningSimulator;
let browser: Browser;
let context: BrowserContext;
/** One page for the whole file (a new page costs time on a loaded machine). */
let page: Page;

beforeAll(async () => {
  const starting = launchBrowser();
  try {
    sim = await startSimulator({ port: 0 });
    browser = await starting;
  } catch (e) {
    await starting.then((b) => b.close()).catch(() => undefined);
    await sim?.close();
    throw e;
  }
  context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await sim?.close();
});

/** Every element with a data-testid on the page, as testid → trimmed text. */
function testIds(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-testid]'))) out[el.dataset['testid']!] = el.innerText.trim();
    return out;
  });
}

/** From the shop's form to the hosted page (or to the shop's result page when doWebPayment is refused). */
async function checkout(page: Page, o: Outcome): Promise<void> {
  await page.goto(`${sim.url}/`);
  await page.getByLabel('Outcome to try').selectOption(o.choice);
  // choosing a scenario sets the magic last name
  expect(await page.getByLabel('Last name').inputValue()).toBe(o.lastName ?? 'Doe');
  await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
  await page.waitForLoadState();
}

/** Opens the back office from the result page; returns the operations of the SOAP messages, in order. */
async function backOffice(page: Page, token: string): Promise<{ ids: Record<string, string>; operations: string[] }> {
  await page.getByTestId('backoffice-link').click();
  await page.waitForURL(`${sim.url}/_simulator/ui/sessions/${encodeURIComponent(token)}`);
  expect(await page.getByRole('heading', { name: /Exchanged messages/ }).count()).toBe(1);
  const operations = await page.locator('li[data-operation]').evaluateAll((els) => els.map((e) => e.getAttribute('data-operation') ?? ''));
  return { ids: await testIds(page), operations };
}

describe('demo shop, every configured outcome', () => {
  it('lists every outcome code in the shop', () => {
    const codes = new Set(OUTCOMES.map((o) => o.code));
    for (const c of OUTCOME_CODES) expect(codes.has(c.code), `outcome ${c.code}`).toBe(true);
  });

  for (const o of OUTCOMES) {
    const how = o.press ? `${o.press}${o.expire ? ' then an hour on the clock' : ''}` : 'refused at doWebPayment';
    it(`${o.code}${o.lastName ? ` (last name ${o.lastName})` : ''}: ${how}`, async () => {
      await checkout(page, o);
      if (o.landing === 'doWebPayment') {
        expect(page.url()).toBe(`${sim.url}/demo/pay`);
        const ids = await testIds(page);
        expect(ids).toMatchObject({ landing: 'doWebPayment', 'result-code': o.code });
        expect(ids['result-long-message']).toContain('Invalid value');
        expect(ids['token']).toBeUndefined();
        // the shop shows what it sent and the refusal it got
        const soap = await page.locator('li[data-operation]').allInnerTexts();
        expect(soap).toHaveLength(1);
        expect(soap[0]).toContain('doWebPayment → WebPaymentAPI');
        expect(soap[0]).toContain(`<obj:lastName>${o.lastName}</obj:lastName>`);
        expect(soap[0]).toContain(`<obj:code>${o.code}</obj:code>`);
        return;
      }

      const hosted = new URL(page.url());
      expect(`${hosted.origin}${hosted.pathname}`).toBe(`${sim.url}/v2/`);
      const token = hosted.searchParams.get('token')!;
      await page.getByRole('button', { name: o.press!, exact: true }).click();
      if (o.expire) {
        await page.waitForLoadState();
        expect(await page.getByRole('status').innerText()).toContain('has not answered');
        const res = await fetch(`${sim.url}/_simulator/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 3700 }) });
        expect(res.status).toBe(200);
        await page.goto(hosted.href);
        expect(await page.locator('body').innerText()).toContain('Your payment session has expired');
        await page.getByRole('link', { name: 'Back to the shop' }).click();
      }
      const back = o.landing === 'return' ? `${sim.url}/demo/return?shop=demo&paylinetoken=${token}` : `${sim.url}/demo/cancel?paylinetoken=${token}`;
      await page.waitForURL(back);

      const ids = await testIds(page);
      const code = OUTCOME_CODES.find((c) => c.code === o.code)!;
      expect(ids).toMatchObject({ landing: o.landing, 'result-code': o.code, 'result-short-message': code.shortMessage, 'result-long-message': code.longMessage, token });
      expect(ids['received-url']).toBe(back.slice(sim.url.length));
      if (o.code === '02324') expect(ids['transaction-id']).toBeUndefined();
      else expect(ids['transaction-id']).toMatch(/^G\d{17}$/);
      // the shop shows its doWebPayment and its getWebPaymentDetails
      const shopOps = await page.locator('li[data-operation]').evaluateAll((els) => els.map((e) => e.getAttribute('data-operation')));
      expect(shopOps).toEqual(['doWebPayment', 'getWebPaymentDetails']);

      const bo = await backOffice(page, token);
      expect(bo.ids['result-code']).toBe(o.code);
      expect(bo.ids['token']).toBe(token);
      if (ids['transaction-id']) expect(bo.ids['transaction-id']).toBe(ids['transaction-id']);
      expect(bo.operations[0]).toBe('doWebPayment');
      expect(bo.operations).toContain('getWebPaymentDetails');
      // the raw messages are there, pretty-printed
      const first = page.locator('li[data-operation="doWebPayment"]');
      await first.locator('summary').click();
      const xml = await first.locator('pre.xml').first().innerText();
      expect(xml).toContain('<impl:doWebPaymentRequest>');
      expect(xml).toMatch(/\n {8}<obj:amount>9900<\/obj:amount>/);
    });
  }
});

describe('demo shop, refund', () => {
  it('refunds part of an accepted payment from the result page; the back office shows it', async () => {
    await checkout(page, ACCEPT);
    const token = new URL(page.url()).searchParams.get('token')!;
    await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
    await page.waitForURL(/\/demo\/return\?shop=demo&paylinetoken=/);
    const paymentId = (await testIds(page))['transaction-id']!;

    await page.getByLabel('Amount to refund (EUR)').fill('10,00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.waitForURL(`${sim.url}/demo/refund`);
    const ids = await testIds(page);
    expect(ids).toMatchObject({ 'refund-result-code': '00000', 'refund-short-message': 'ACCEPTED', 'refund-amount': '10,00 EUR' });
    const refundId = ids['refund-transaction-id']!;
    expect(refundId).toMatch(/^\d{14}$/);
    expect(await page.locator('li[data-operation]').allInnerTexts()).toEqual([expect.stringContaining('doRefund → DirectPaymentAPI')]);

    const bo = await backOffice(page, token);
    expect(bo.ids['transaction-id']).toBe(paymentId);
    expect(bo.operations).toEqual(['doWebPayment', 'getWebPaymentDetails', 'doRefund']);
    const refunds = await page.getByTestId('refunds').innerText();
    expect(refunds).toContain(refundId);
    expect(refunds).toContain('10,00 €');
    expect(refunds).toContain('00000');
    expect(await page.locator('body').innerText()).toContain('10,00 € refunded');
  });
});

describe('demo shop and back office, as a browser loads them', () => {
  it('no request fails (the icon included), and the XML panes wrap inside their card instead of running past its right edge', async () => {
    const failed: string[] = [];
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    };
    page.on('response', onResponse);
    try {
      await checkout(page, ACCEPT);
      const token = new URL(page.url()).searchParams.get('token')!;
      await page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
      await page.waitForURL(/\/demo\/return\?shop=demo&paylinetoken=/);
      // the result page's SOAP messages: the getWebPaymentDetails answer has lines far wider than the card
      const panes = () =>
        page.locator('pre.xml').evaluateAll((els) =>
          els
            .filter((e) => e.getClientRects().length > 0)
            .map((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, right: e.getBoundingClientRect().right, card: e.closest('.card')!.getBoundingClientRect().right })),
        );
      const shown = await panes();
      expect(shown.length).toBeGreaterThanOrEqual(4);
      for (const p of shown) {
        expect(p.scroll).toBeLessThanOrEqual(p.client);
        expect(p.right).toBeLessThanOrEqual(p.card);
      }
      await backOffice(page, token);
      for (const summary of await page.locator('li[data-operation] summary').all()) await summary.click();
      const detail = await panes();
      expect(detail.length).toBeGreaterThanOrEqual(4);
      for (const p of detail) expect(p.scroll).toBeLessThanOrEqual(p.client);
      await page.goto(`${sim.url}/_simulator/`);
      await page.goto(`${sim.url}/v2/?token=${token}`);
      // the browser asked for the icon the layout links, and got it
      expect(await page.evaluate(async () => (await fetch('/favicon.ico')).status)).toBe(200);
    } finally {
      page.off('response', onResponse);
    }
    expect(failed).toEqual([]);
  });
});

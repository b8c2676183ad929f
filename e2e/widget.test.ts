/**
 * The payment widget (in-shop mode) in Chromium, on shop pages written as the
 * modules write them (widget-shops.ts): Magento with the column template (div
 * first, script appended later, a CSP that allows only the simulator's
 * origin), WooCommerce with tab (script and link first, then the div),
 * PrestaShop with lightbox (data-auto-init="false", then Payline.Api.init()).
 * The shop is on 127.0.0.1, the simulator on localhost: every call is
 * cross-origin. For each: the callbacks and their arguments in order, success
 * through the ticket's button, ABORT, a partner refusal, expiry on the simulated
 * clock, the saved card of a wallet, the API, and no console error, page error or
 * CSP violation anywhere.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PaymentWidget } from '../simulator/kit/widget.js';
import { PROJECT_ROOT } from '../simulator/paths.js';
import { admin, DEMO, eventually, testIds } from './support.js';
import { startMerchantApp } from './merchant-app.js';
import { callNames, startWidgetHarness, type WidgetHarness } from './widget-harness.js';
import { startWidgetShops, type ShopKind } from './widget-shops.js';

/** Worker merchant 08's point of sale gets automaticRedirectAtSessionsEnd in this file's fixtures. */
const AUTO_REDIRECT = { merchantId: '12345678900008', accessKey: 'WORKERKEY08', contractNumber: 'BANCONTACT' };

let h: WidgetHarness;
let fixturesDir: string;

beforeAll(async () => {
  fixturesDir = mkdtempSync(join(tmpdir(), 'widget-fixtures-'));
  const merchants = JSON.parse(readFileSync(join(PROJECT_ROOT, 'fixtures', 'merchants.json'), 'utf8')) as {
    merchants: { merchantId: string; pointsOfSale: Record<string, unknown>[] }[];
  };
  const worker = merchants.merchants.find((m) => m.merchantId === AUTO_REDIRECT.merchantId)!;
  worker.pointsOfSale[0]!['automaticRedirectAtSessionsEnd'] = true;
  writeFileSync(join(fixturesDir, 'merchants.json'), JSON.stringify(merchants));
  writeFileSync(join(fixturesDir, 'scenarios.json'), readFileSync(join(PROJECT_ROOT, 'fixtures', 'scenarios.json')));
  h = await startWidgetHarness(DEMO, { fixtures: fixturesDir });
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  const problems = h.problems.splice(0);
  expect(problems, 'console errors, page errors or CSP violations').toEqual([]);
});

const CASES: { kind: ShopKind; template: 'column' | 'tab' | 'lightbox' }[] = [
  { kind: 'magento', template: 'column' },
  { kind: 'woocommerce', template: 'tab' },
  { kind: 'prestashop', template: 'lightbox' },
];

const FIRST_SHOW = ['willinit', 'willshow', 'didshowstate:PAYMENT_METHODS_LIST'];

/** Opens the shop's payment page and waits for the list of payment methods (PrestaShop: after "Confirm order"). */
async function open(page: Page, kind: ShopKind, template: string, params: Record<string, string> = {}): Promise<PaymentWidget> {
  const q = new URLSearchParams({ template, ...params });
  await page.goto(`${h.shops.url}/${kind}?${q}`);
  const widget = new PaymentWidget(page);
  if (kind === 'prestashop') {
    expect(await widget.state()).toBeNull(); // data-auto-init="false": nothing until init()
    await page.getByRole('button', { name: 'Confirm order' }).click();
  }
  await widget.waitForState('PAYMENT_METHODS_LIST');
  return widget;
}

/** Waits until the callbacks reported by the page number n (they arrive asynchronously). */
const callsReach = (n: number) => eventually(`${n} callbacks`, () => h.calls.length >= n && callNames(h.calls));

describe.each(CASES)('$kind shop, $template template', ({ kind, template }) => {
  const autoTicket = kind !== 'prestashop'; // Magento and WooCommerce click the ticket's button themselves
  const autoCancel = kind === 'magento'; // Magento leaves for cancelUrl on a cancel, refusal or expiry

  it('fires the callbacks in order; a success ends on returnURL through the ticket button', async () => {
    h.calls.length = 0;
    const page = await h.newPage();
    const widget = await open(page, kind, template);
    expect(await callsReach(3)).toEqual(FIRST_SHOW);
    expect(h.calls.map((c) => c.arg)).toEqual([null, null, { state: 'PAYMENT_METHODS_LIST' }]);
    const token = await page.evaluate(() => (window.Payline!.Api['getToken'] as () => string)());
    const served = (await (await fetch(`${h.sim.url}/services/token/${token}/state/current`)).json()) as { merchantName?: string; pointOfSale: string };
    expect(await widget.header()).toEqual({ shop: served.merchantName ?? served.pointOfSale, amount: '99,00 EUR' });
    const root = page.locator('#PaylineWidget');
    expect(await root.getAttribute('class')).toContain('PaylineWidget');
    expect(await root.getAttribute('class')).toContain(template === 'lightbox' ? 'pl-container-lightbox' : 'pl-container-default');
    if (template === 'tab') expect(await root.getAttribute('class')).toContain('pl-layout-tab');
    if (kind === 'magento') expect(await page.locator('.PaylineWidget .pl-pay-btn').innerText()).toBe('Pay 99,00 EUR now'); // the module's relabelling

    expect(await widget.payWithBancontact()).toBe(token);
    if (autoTicket) await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    else {
      expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
      const ticket = await widget.ticket();
      expect(Object.values(ticket)).toContain('99,00 EUR');
      await widget.backToShop();
      await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    }
    expect(new URL(page.url()).searchParams.get('paylinetoken')).toBe(token);
    expect((await testIds(page))['result-code']).toBe('00000');
    const all = await callsReach(9);
    expect(all).toEqual([...FIRST_SHOW, 'beforepayment', 'didshowstate:PAYMENT_REDIRECT_NO_RESPONSE', 'willinit', 'willshow', 'finalstatehasbeenreached:PAYMENT_SUCCESS', 'didshowstate:PAYMENT_SUCCESS']);
    // the last four happened on the shop page the partner sent the buyer back to
    for (const c of h.calls.slice(5)) expect(new URL(c.at, 'http://x').searchParams.get('paylinetoken')).toBe(token);
    await page.close();
  });

  it('ABORT on the partner page: PAYMENT_CANCELED, and the shop moves to cancelUrl', async () => {
    h.calls.length = 0;
    const page = await h.newPage();
    const widget = await open(page, kind, template);
    const token = await widget.abort();
    if (!autoCancel) {
      expect(await widget.waitForFinalState()).toBe('PAYMENT_CANCELED');
      expect(await widget.messages()).toEqual(['Payment cancelled']);
      const shown = h.calls.find((c) => c.name === 'willdisplaymessage');
      expect(shown?.arg).toEqual({ id: expect.stringMatching(/^pl-message-\d+$/), type: 'error', key: 'paymentCanceled', message: 'Payment cancelled' });
      await widget.backToShop();
    }
    await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
    expect((await testIds(page))['result-code']).toBe('02008');
    expect(callNames(h.calls)).toContain('finalstatehasbeenreached:PAYMENT_CANCELED');
    expect((await h.shop.details(token)).result.code).toBe('02008');
    await page.close();
  });

  it('a partner refusal (buyer.lastName Refused, 02020): PAYMENT_FAILURE', async () => {
    h.calls.length = 0;
    const page = await h.newPage();
    const widget = await open(page, kind, template, { lastName: 'Refused' });
    const token = await widget.payWithBancontact();
    if (autoCancel) await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
    else {
      expect(await widget.waitForFinalState()).toBe('PAYMENT_FAILURE');
      expect(await widget.messages()).toEqual(['Payment refused']);
      expect(await page.locator('.pl-message.pl-message-error').count()).toBe(1);
    }
    await eventually('finalstatehasbeenreached', () => callNames(h.calls).includes('finalstatehasbeenreached:PAYMENT_FAILURE'));
    expect((await h.shop.details(token)).result.code).toBe('02020');
    await page.close();
  });

  it('expiry on the simulated clock: TOKEN_EXPIRED once the shop shows the widget again', async () => {
    h.calls.length = 0;
    const page = await h.newPage();
    const widget = await open(page, kind, template);
    const token = await page.evaluate(() => (window.Payline!.Api['getToken'] as () => string)());
    expect((await admin(h.sim, '/_simulator/clock/advance', { seconds: 3700 })).status).toBe(200);
    if (kind === 'magento') {
      // Magento shows the widget again when the checkout URL carries paylinetoken; it then leaves for cancelUrl
      await page.goto(`${h.shops.url}/magento?template=${template}&paylinetoken=${encodeURIComponent(token)}`);
      await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
      expect((await testIds(page))['result-code']).toBe('02324');
    } else {
      await page.evaluate(() => (window.Payline!.Api['reset'] as () => void)());
      expect(await widget.waitForFinalState()).toBe('TOKEN_EXPIRED');
      expect(await widget.messages()).toEqual(['Your payment session has expired']);
      await widget.backToShop();
      await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
    }
    expect(callNames(h.calls)).toContain('finalstatehasbeenreached:TOKEN_EXPIRED');
    await page.close();
  });

  it('the saved card of a wallet: offered on the next order, paid with "Valider votre paiement" without the partner page', async () => {
    const walletId = `W-${kind}-${Date.now()}`;
    const page = await h.newPage();
    const first = await open(page, kind, template, { walletId });
    expect(await first.savedCard()).toBeNull();
    await first.payWithBancontact();
    if (!autoTicket) {
      await first.waitForFinalState();
      await first.backToShop();
    }
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));

    h.calls.length = 0;
    const widget = await open(page, kind, template, { walletId, languageCode: 'fr' });
    expect(await widget.savedCard()).toMatch(/^670999X{6}\d{4}$/);
    expect(await page.locator('.pl-wallet-expiry').innerText()).toMatch(/^Expire fin (0[1-9]|1[0-2])\/\d{2}$/);
    await expect.poll(() => page.locator('.pl-section-title, .pl-tab-label').allInnerTexts()).toContain(template === 'tab' ? 'Carte enregistrée' : 'Utiliser un moyen de paiement enregistré');
    if (template !== 'tab') expect(await page.locator('.pl-section-title').allInnerTexts()).toEqual(['Utiliser un moyen de paiement enregistré', 'Utiliser un autre moyen de paiement']);
    if (template === 'tab') {
      // the ARIA tabs pattern: each tab controls its tabpanel; one Tab stop; the arrows and Home/End move the selection
      const tabs = page.getByRole('tab');
      expect(await tabs.count()).toBe(2);
      for (const tab of await tabs.all()) expect(await page.locator(`#${await tab.getAttribute('aria-controls')}`).getAttribute('role')).toBe('tabpanel');
      await page.getByRole('tab', { selected: true }).focus();
      const selected = () => page.getByRole('tab', { selected: true }).innerText();
      const focusedTab = () => page.evaluate(() => document.activeElement?.getAttribute('role'));
      expect(await selected()).toBe('Carte enregistrée');
      await page.keyboard.press('ArrowRight');
      expect([await selected(), await focusedTab()]).toEqual(['Bancontact', 'tab']);
      await page.keyboard.press('ArrowRight');
      expect(await selected()).toBe('Carte enregistrée');
      await page.keyboard.press('End');
      expect(await selected()).toBe('Bancontact');
      await page.keyboard.press('Home');
      expect(await selected()).toBe('Carte enregistrée');
      await page.keyboard.press('Tab'); // out of the tablist, into the selected panel
      expect(await page.evaluate(() => document.activeElement?.closest('[role=tabpanel]') !== null)).toBe(true);
    }
    expect(await page.locator('.pl-amount-label').innerText()).toBe('Montant total');
    expect(await page.locator('.pl-secure').innerText()).toBe('Paiement sécurisé');
    if (kind !== 'magento') expect(await page.locator('.pl-wallet .pl-pay-btn').innerText()).toBe('Valider votre paiement');
    const token = await page.evaluate(() => (window.Payline!.Api['getToken'] as () => string)());
    const visited: string[] = [];
    page.on('framenavigated', (f) => void (f === page.mainFrame() && visited.push(f.url())));
    await widget.payWithSavedCard();
    if (!autoTicket) {
      expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
      await widget.backToShop();
    }
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    expect(visited.filter((u) => u.includes('/v2/'))).toEqual([]); // no partner page
    const d = await h.shop.details(token);
    expect(d.result.code).toBe('00000');
    expect((d.raw['wallet'] as { walletId?: string } | undefined)?.walletId).toBe(walletId);
    expect((await callsReach(6)).slice(0, 6)).toEqual([...FIRST_SHOW, 'beforepayment', 'finalstatehasbeenreached:PAYMENT_SUCCESS', 'didshowstate:PAYMENT_SUCCESS']);
    await page.close();
  });

  it('answers getContextInfo, getCancelAndReturnUrls and the other getters; endToken ends it and calls back', async () => {
    const page = await h.newPage();
    await open(page, kind, template, { lastName: 'Peeters', amount: '4550' });
    const api = await page.evaluate(() => {
      const a = window.Payline!.Api as Record<string, (...args: unknown[]) => unknown>;
      const ctx = (window.Payline!.Models as { Contexts: { ContextManager: { getCurrentContext(): { getCancelUrl(): string; getReturnUrl(): string } } } }).Contexts.ContextManager.getCurrentContext();
      return {
        amount: a['getContextInfo']!('PaylineFormattedAmount'),
        cents: a['getContextInfo']!('PaylineAmountSmallestUnit'),
        currency: a['getContextInfo']!('PaylineCurrencyCode'),
        lastName: a['getContextInfo']!('PaylineBuyerLastName'),
        orderRef: a['getContextInfo']!('PaylineOrderRef'),
        missing: a['getContextInfo']!('NoSuchKey') ?? 'undefined',
        urls: a['getCancelAndReturnUrls']!(),
        context: { cancelUrl: ctx.getCancelUrl(), returnUrl: ctx.getReturnUrl() },
        language: [a['getLanguage']!(), a['getLanguageCode']!()],
        sandbox: [a['isSandbox']!(), a['isSandBox']!()],
        token: a['getToken']!() as string,
        jquery: typeof (window.Payline!.jQuery as (s: string) => { length: number })('.pl-pay-btn').length,
        hasGlobalJquery: 'jQuery' in window || '$' in window,
      };
    });
    const checkout = h.shop.checkouts.at(-1)!;
    expect(api).toMatchObject({ amount: '45,50 EUR', cents: 4550, currency: 'EUR', lastName: 'Peeters', orderRef: checkout.orderRef, missing: 'undefined' });
    expect(api.token).toBe(checkout.token);
    const withToken = (url: string) => `${url}${url.includes('?') ? '&' : '?'}paylinetoken=${api.token}`;
    expect(api.urls).toEqual({ cancelUrl: withToken(h.shop.cancelURL), returnUrl: withToken(h.shop.returnURL) });
    expect(api.context).toEqual(api.urls);
    expect(api.language).toEqual(['en', 'en']);
    expect(api.sandbox).toEqual([true, true]);
    expect(api.jquery).toBe('number');
    expect(api.hasGlobalJquery).toBe(false); // the shop's own jQuery (or none) is left alone

    const status = await page.evaluate(
      (t) => new Promise((resolve) => (window.Payline!.Api['getTokenStatus'] as (t: string, cb: (s: string) => void) => void)(t, resolve)),
      api.token,
    );
    expect(status).toBe('ALIVE');
    const update = await page.evaluate(
      (t) => new Promise((resolve) => (window.Payline!.Api['updateWebpaymentData'] as (...a: unknown[]) => void)(t, { payment: { amount: 100 } }, resolve)),
      api.token,
    );
    expect(update).toMatchObject({ status: 501, error: expect.stringContaining('not simulated') });

    if (kind === 'woocommerce') {
      await page.getByRole('button', { name: 'Cancel payment' }).click(); // endToken(), then cancelUrl
    } else {
      // Mangopay / the PHP samples: endToken(null, fn, null, true), fn goes to the cancel URL
      await page.evaluate(() => {
        const a = window.Payline!.Api as Record<string, (...args: unknown[]) => unknown>;
        a['endToken']!(null, () => window.location.assign((a['getCancelAndReturnUrls']!() as { cancelUrl: string }).cancelUrl), null, true);
      });
    }
    await page.waitForURL((u) => u.href.startsWith(h.shop.cancelURL));
    await page.close();
  });
});

describe('embedding, and the demo shop', () => {
  it('a div injected after the script ran starts by itself; reset() after a new data-token shows the new session (WooCommerce Blocks)', async () => {
    h.calls.length = 0;
    const page = await h.newPage();
    const widget = await open(page, 'woocommerce', 'column');
    const second = (await h.shop.createPayment({ amount: '1234' })).token!;
    await page.evaluate((t) => {
      document.getElementById('PaylineWidget')!.setAttribute('data-token', t);
      (window.Payline!.Api['reset'] as () => void)();
    }, second);
    await expect.poll(() => widget.header().then((x) => x.amount)).toBe('12,34 EUR');
    expect(await page.evaluate(() => (window.Payline!.Api['getToken'] as () => string)())).toBe(second);
    expect(await callsReach(6)).toEqual([...FIRST_SHOW, ...FIRST_SHOW]);

    // the checkout re-rendered: a new div replaces the old one, the widget finds it without init()
    const third = (await h.shop.createPayment({ amount: '2222' })).token!;
    await page.evaluate((t) => {
      document.getElementById('PaylineWidget')!.remove();
      const div = document.createElement('div');
      div.id = 'PaylineWidget';
      div.setAttribute('data-token', t);
      div.setAttribute('data-template', 'tab');
      document.body.appendChild(div);
    }, third);
    await expect.poll(() => widget.header().then((x) => x.amount)).toBe('22,22 EUR');
    expect(await page.locator('#PaylineWidget.pl-layout-tab').count()).toBe(1);
    await widget.payWithBancontact();
    await page.waitForURL((u) => u.href.startsWith(h.shop.returnURL));
    expect((await h.shop.details(third)).result.code).toBe('00000');
    expect((await h.shop.details(second)).result.code).toBe('02306'); // still waiting for its buyer
    await page.close();
  });

  it('callbacks that throw only warn; beforepayment false stops the payment; finalstatehasbeenreached false hides the final state', async () => {
    const page = await h.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    const throwing = JSON.stringify({ willinit: 'throw', willshow: 'throw', didshowstate: 'throw', beforepayment: false, finalstatehasbeenreached: false });
    const widget = await open(page, 'prestashop', 'column', { returns: throwing });
    expect(warnings.filter((w) => w.includes('threw'))).toHaveLength(3);

    const button = page.locator('#pl-pm-BANCONTACT_MNXT-payBtn');
    h.calls.length = 0;
    await button.click();
    await callsReach(1);
    await page.evaluate(() => void ((window as unknown as { plReturns: Record<string, unknown> }).plReturns['beforepayment'] = true));
    const hosted = await widget.chooseBancontact(); // the second press pays
    const session = (await (await fetch(`${h.sim.url}/_simulator/sessions/${hosted.token()}`)).json()) as { journal: { kind: string; path?: string }[] };
    expect(session.journal.filter((e) => e.kind === 'widget' && e.path?.endsWith('/paymentRequest'))).toHaveLength(1);
    await hosted.pay();
    await widget.waitForReturn();
    expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
    expect(await page.locator('#pl-ticket-default-ticket_btn').count()).toBe(0); // the shop said it handles the final state
    expect(callNames(h.calls)).not.toContain('didshowstate:PAYMENT_SUCCESS');
    await page.close();
  });

  it("the callbacks given to getTokenStatus, updateWebpaymentData (both spellings) and endToken that throw only warn: no uncaught error in the shop's page", async () => {
    const page = await h.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && m.text().includes('threw') && warnings.push(m.text())));
    await open(page, 'woocommerce', 'column');
    const answers = await page.evaluate(async () => {
      const api = window.Payline!.Api as Record<string, (...a: unknown[]) => void>;
      const token = api['getToken']!();
      const got: unknown[] = [];
      const throwing = (name: string) => (arg?: unknown) => {
        got.push([name, arg ?? null]);
        throw new Error(`${name} callback failed on purpose`);
      };
      api['getTokenStatus']!(token, throwing('getTokenStatus'));
      api['getTokenStatus']!('', throwing('getTokenStatus'));
      api['updateWebpaymentData']!(token, { payment: { amount: 100 } }, throwing('updateWebpaymentData'));
      api['updateWebPaymentData']!({ payment: { amount: 100 } }, throwing('updateWebPaymentData'));
      api['endToken']!(null, throwing('endToken'), null, true);
      await new Promise((r) => setTimeout(r, 300));
      return got.map((g) => (g as [string, unknown])[0]).sort();
    });
    expect(answers).toEqual(['endToken', 'getTokenStatus', 'getTokenStatus', 'updateWebPaymentData', 'updateWebpaymentData']);
    await expect.poll(() => warnings.length).toBe(5);
    await page.close();
  });

  it('Magento destroys the widget and shows it again (the script appended twice); without its stylesheet link the widget adds one with data-cspnonce', async () => {
    const page = await h.newPage();
    const widget = await open(page, 'magento', 'column', { css: 'none' });
    // styled although the page linked no stylesheet: the widget's link carries the page's nonce
    expect(await page.locator('link[href$="/styles/widget-min.css"][nonce]').count()).toBe(1);
    await expect.poll(() => page.locator('.pl-header-title-wrapper').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(0, 84, 152)');
    const next = (await h.shop.createPayment({ amount: '3333' })).token!;
    await page.evaluate((t) => {
      const api = (window as unknown as { magentoWidgetApi: { showWidget(t: string): void; destroyWidget(): void } }).magentoWidgetApi;
      api.destroyWidget();
      api.showWidget(t);
    }, next);
    await expect.poll(() => widget.header().then((x) => x.amount)).toBe('33,33 EUR');
    expect(await page.locator('script#payline-widget-api-js').count()).toBe(1);
    expect(await page.evaluate(() => (window.Payline!.Api['getToken'] as () => string)())).toBe(next);
    await page.close();
  });

  it('lightbox: the close button and Escape hide it, init() and toggle() show it again; the shortcut template says Bancontact has none', async () => {
    const page = await h.newPage();
    const widget = await open(page, 'prestashop', 'lightbox');
    const root = page.locator('#PaylineWidget');
    await expect.poll(() => root.isVisible()).toBe(true);
    await page.locator('#pl-container-lightbox-close').click();
    await expect.poll(() => root.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Confirm order' }).click(); // javascript:Payline.Api.init() again
    await expect.poll(() => root.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => root.isVisible()).toBe(false);
    await page.evaluate(() => (window.Payline!.Api['toggle'] as () => void)());
    await expect.poll(() => root.isVisible()).toBe(true);
    expect(await widget.state()).toBe('PAYMENT_METHODS_LIST');

    await page.goto(`${h.shops.url}/woocommerce?template=shortcut`);
    await widget.waitForState('PAYMENT_METHODS_LIST');
    expect(await widget.messages()).toEqual(['Bancontact offers no express checkout (shortcut).']);
    expect(await page.locator('.pl-pay-btn').count()).toBe(0);
    expect(await page.evaluate(() => (window.Payline!.Api['finalizeShortcut'] as () => unknown)())).toBeNull();
    await page.close();
  });

  it('lightbox for a keyboard buyer: a named dialog takes the focus, Tab and Shift+Tab stay inside it, Escape gives the focus back to the shop', async () => {
    const page = await h.newPage();
    await page.goto(`${h.shops.url}/prestashop?template=lightbox`);
    const confirm = page.getByRole('button', { name: 'Confirm order' });
    await confirm.focus();
    await page.keyboard.press('Enter'); // javascript:Payline.Api.init()
    await new PaymentWidget(page).waitForState('PAYMENT_METHODS_LIST');
    expect(await page.getByRole('dialog', { name: 'Secure payment' }).count()).toBe(1);
    const focused = () => page.evaluate(() => (document.activeElement?.closest('#PaylineWidget') ? document.activeElement.id : `outside: ${document.activeElement?.tagName}`));
    expect(await focused()).toBe('pl-container-lightbox-close');
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      seen.push(await focused());
    }
    const ids = ['pl-container-lightbox-close', 'pl-pm-BANCONTACT_MNXT-payBtn'];
    expect(seen).toEqual([ids[1], ids[0], ids[1], ids[0], ids[1], ids[0]]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#PaylineWidget').isVisible()).toBe(false);
    expect(await confirm.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.close();
  });

  it("lightbox in the session's language (languageCode nl on an English shop page): its dialog and close button are named in Dutch like the rest", async () => {
    const page = await h.newPage();
    await open(page, 'prestashop', 'lightbox', { languageCode: 'nl' });
    expect(await page.locator('.pl-pay-btn').innerText()).toBe('Betalen met Bancontact');
    expect(await page.getByRole('dialog', { name: 'Beveiligde betaling' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sluiten' }).count()).toBe(1);
    await page.close();
  });

  it('shown again while the buyer is at the partner: PAYMENT_REDIRECT_NO_RESPONSE with a way back there; it picks up the result by itself', async () => {
    h.calls.length = 0;
    const page = await h.newPage();
    const token = (await h.shop.createPayment()).token!;
    const shopPage = `${h.shops.url}/prestashop?template=column&paylinetoken=${token}`; // PrestaShop shows it at once with that token
    const widget = new PaymentWidget(page);
    await page.goto(shopPage);
    await widget.waitForState('PAYMENT_METHODS_LIST');
    await widget.chooseBancontact();
    await page.goto(shopPage); // the buyer comes back to the shop without pressing anything
    expect(await widget.waitForState('PAYMENT_REDIRECT_NO_RESPONSE')).toBe('PAYMENT_REDIRECT_NO_RESPONSE');
    expect(page.url()).toBe(shopPage); // no automatic redirect this time
    await page.getByRole('button', { name: 'Continue to Bancontact' }).click();
    await page.waitForURL(/\/v2\/\?token=/);
    await page.goto(shopPage);
    await widget.waitForState('PAYMENT_REDIRECT_NO_RESPONSE');
    // the payment ends elsewhere (the admin outcome API here): the widget sees it within a few seconds
    expect((await admin(h.sim, `/_simulator/sessions/${token}/outcome`, { code: '00000' })).status).toBe(200);
    expect(await widget.waitForFinalState({ timeout: 8000 })).toBe('PAYMENT_SUCCESS');
    expect(await page.locator('#pl-ticket-default-ticket_btn').count()).toBe(1);
    await page.close();
  });

  it('a saved-card payment the partner does not answer (scenario never): it waits, with no partner page to go to, until the session expires', async () => {
    const walletId = `W-never-${Date.now()}`;
    const page = await h.newPage();
    const first = await open(page, 'prestashop', 'column', { walletId });
    await first.payWithBancontact();
    await first.waitForFinalState();
    const widget = await open(page, 'prestashop', 'column', { walletId, lastName: 'Expired' });
    await widget.payWithSavedCard();
    expect(await widget.waitForState('PAYMENT_REDIRECT_NO_RESPONSE')).toBe('PAYMENT_REDIRECT_NO_RESPONSE');
    expect(await page.locator('.pl-pending').innerText()).toContain('Waiting for the answer of the payment partner');
    expect(await page.locator('.pl-continue-btn').count()).toBe(0);
    expect((await admin(h.sim, '/_simulator/clock/advance', { seconds: 3700 })).status).toBe(200);
    expect(await widget.waitForFinalState({ timeout: 8000 })).toBe('TOKEN_EXPIRED');
    await page.close();
  });

  it("the README's minimal page works as written: its doWebPayment, its shop.html, a payment to the ticket and returnURL", async () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### A minimal page that embeds it'));
    const html = /```html\n([\s\S]*?)```/.exec(section)![1]!;
    const envelope = /--data '([\s\S]*?)'/.exec(section)![1]!;
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      res.writeHead(path === '/shop.html' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(path === '/shop.html' ? html.replaceAll('http://127.0.0.1:8080', h.simUrl) : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const answer = await fetch(`${h.sim.url}/V4/services/WebPaymentAPI`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64')}`, 'content-type': 'text/xml' },
        body: envelope.replaceAll('http://127.0.0.1:8000', site).replace('ORDER-1', `ORDER-README-${Date.now()}`),
      });
      const token = /<[a-z0-9:]*token>([^<]*)/.exec(await answer.text())![1]!;
      const page = await h.newPage();
      const logs: string[] = [];
      page.on('console', (m) => void (m.type() === 'log' && logs.push(m.text())));
      await page.goto(`${site}/shop.html?token=${token}`);
      const widget = new PaymentWidget(page);
      await widget.waitForState('PAYMENT_METHODS_LIST');
      expect(await page.locator('.pl-amount-line').innerText()).toBe('Montant total 49,90 EUR');
      await widget.payWithBancontact();
      expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
      await expect.poll(() => logs).toContain('final state PAYMENT_SUCCESS');
      await widget.backToShop();
      await page.waitForURL(`${site}/shop.html?step=return&paylinetoken=${token}`);
      await page.close();
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it("the demo shop's in-shop choice: its own page shows the widget (tab), the payment ends on its result page; origin Widget (SOAP)", async () => {
    const page = await h.newPage();
    await page.goto(`${h.sim.url}/`);
    await page.getByLabel('In-shop (widget)').check();
    await page.getByLabel('Widget template').selectOption('tab');
    await page.getByRole('button', { name: 'Pay with Bancontact' }).click();
    await page.waitForURL(/\/demo\/widget\?/);
    const widget = new PaymentWidget(page);
    await widget.waitForState('PAYMENT_METHODS_LIST');
    expect(await page.locator('#PaylineWidget.pl-layout-tab').count()).toBe(1);
    await expect.poll(() => page.getByTestId('callbacks').locator('li').allInnerTexts()).toEqual(['willinit()', 'willshow()', 'didshowstate({"state":"PAYMENT_METHODS_LIST"})']);
    const token = await widget.payWithBancontact();
    expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
    await widget.backToShop();
    await page.waitForURL(/\/demo\/return\?/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Thank you for your order');
    const session = (await (await fetch(`${h.sim.url}/_simulator/sessions/${token}`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(session)).toContain('Widget (SOAP)');
    await page.close();
  });

  it('automaticRedirectAtSessionsEnd (point-of-sale option): the widget goes on to returnURL by itself', async () => {
    const shop = await startMerchantApp(h.sim.url, AUTO_REDIRECT);
    const shops = await startWidgetShops(h.simUrl, shop);
    try {
      const page = await h.newPage();
      // PrestaShop's page has no callback of its own: only the widget can move on
      await page.goto(`${shops.url}/prestashop?template=column`);
      await page.getByRole('button', { name: 'Confirm order' }).click();
      const widget = new PaymentWidget(page);
      await widget.waitForState('PAYMENT_METHODS_LIST');
      const token = await widget.payWithBancontact();
      await page.waitForURL((u) => u.href.startsWith(shop.returnURL));
      expect((await testIds(page))['result-code']).toBe('00000');
      expect(new URL(page.url()).searchParams.get('paylinetoken')).toBe(token);
      await page.close();
    } finally {
      await shops.close();
      await shop.close();
    }
  });
});

/**
 * A Playwright page object for the simulator's payment widget (in-shop mode), on
 * the shop's own page that embeds `<div id="PaylineWidget" data-token="…">`:
 *
 *   const widget = new PaymentWidget(page);
 *   await page.goto(`${shopUrl}/checkout`);        // the shop shows the widget
 *   await widget.waitForState('PAYMENT_METHODS_LIST');
 *   await widget.payWithBancontact();              // partner page: MAKE A PAYMENT, back on the shop
 *   expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
 *   await widget.backToShop();                     // the ticket's button: returnURL
 *
 * Elements are found by the ids and classes of Monext's widget (#pl-pm-BANCONTACT_MNXT-payBtn,
 * .pl-wallet, #pl-ticket-default-ticket_btn…), which stay put when a shop relabels
 * the buttons (Magento, PrestaShop). The state shown is the root's `data-pl-state`.
 * playwright-core is imported for its types only.
 */
import type { Locator, Page } from 'playwright-core';
import { HostedPaymentPage } from './hosted-page.js';

/**
 * The states after which the buyer can do nothing more: the widget's FINAL_STATES
 * (simulator/widget/state.ts, which the package does not ship compiled: the widget is bundled).
 */
export const WIDGET_FINAL_STATES = [
  'PAYMENT_SUCCESS',
  'PAYMENT_SUCCESS_FORCE_TICKET_DISPLAY',
  'PAYMENT_FAILURE',
  'PAYMENT_CANCELED',
  'TOKEN_EXPIRED',
  'PAYMENT_ONHOLD_PARTNER',
  'BROWSER_NOT_SUPPORTED',
] as const;

export interface WidgetWaitOptions {
  /** Milliseconds; default: the page's timeout. */
  timeout?: number;
}

export class PaymentWidget {
  /** @param selector the widget's element, `#PaylineWidget` unless the page has several frames of it. */
  constructor(
    readonly page: Page,
    readonly selector = '#PaylineWidget',
  ) {}

  get root(): Locator {
    return this.page.locator(this.selector);
  }

  /** The state shown (PAYMENT_METHODS_LIST, PAYMENT_SUCCESS…), or null before the first answer. */
  async state(): Promise<string | null> {
    if ((await this.root.count()) === 0) return null;
    return this.root.getAttribute('data-pl-state');
  }

  /** Waits until the widget shows one of these states (any state when none is given); returns it. */
  async waitForState(states?: string | readonly string[], options: WidgetWaitOptions = {}): Promise<string> {
    const list = states === undefined ? [] : typeof states === 'string' ? [states] : states;
    const css = list.length === 0 ? `${this.selector}[data-pl-state]` : list.map((s) => `${this.selector}[data-pl-state="${s}"]`).join(', ');
    await this.page.locator(css).first().waitFor({ state: 'attached', ...(options.timeout !== undefined && { timeout: options.timeout }) });
    return (await this.state()) ?? '';
  }

  /** Waits for a final state (after the buyer is back from the partner page); returns it. */
  waitForFinalState(options: WidgetWaitOptions = {}): Promise<string> {
    return this.waitForState(WIDGET_FINAL_STATES, options);
  }

  /** The shop name and the amount of the widget's header, e.g. { shop: 'DemoShop', amount: '99,00 EUR' }. */
  async header(): Promise<{ shop: string; amount: string }> {
    const [shop, amount] = await Promise.all([this.root.locator('.pl-shop-name').innerText(), this.root.locator('.pl-amount').innerText()]);
    return { shop: shop.trim(), amount: amount.trim() };
  }

  /** The saved card offered (the wallet's masked card number), or null. */
  async savedCard(): Promise<string | null> {
    const pan = this.root.locator('.pl-wallet-pan');
    if ((await pan.count()) === 0) return null;
    return (await pan.first().innerText()).trim();
  }

  /** The messages shown (refusal, cancellation, expiry…), as text. */
  async messages(): Promise<string[]> {
    return (await this.root.locator('.pl-message').allInnerTexts()).map((m) => m.trim());
  }

  /** The success ticket as label → value. */
  async ticket(): Promise<Record<string, string>> {
    const rows = await this.root.locator('.pl-ticket-lines tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']));
    return Object.fromEntries(rows);
  }

  private async visibleButton(button: Locator, tab: Locator, what: string): Promise<Locator> {
    if ((await button.count()) === 0) throw new Error(`PaymentWidget: ${what} is not offered (state ${await this.state()})`);
    if (!(await button.isVisible()) && (await tab.count()) > 0) await tab.click();
    if (!(await button.isVisible())) throw new Error(`PaymentWidget: ${what} is not visible (a lightbox not opened yet?)`);
    return button;
  }

  /** Chooses Bancontact: the widget sends the page to the partner simulator page, returned as a HostedPaymentPage. */
  async chooseBancontact(): Promise<HostedPaymentPage> {
    const button = await this.visibleButton(this.root.locator('#pl-pm-BANCONTACT_MNXT-payBtn'), this.root.locator('#pmLayout-tab-tab_BANCONTACT_MNXT'), 'Bancontact');
    await Promise.all([this.page.waitForURL(/\/v2\/\?token=/), button.click()]);
    return new HostedPaymentPage(this.page);
  }

  /** Waits until the partner page has sent the buyer back to the shop page (paylinetoken appended); returns the token. */
  async waitForReturn(options: WidgetWaitOptions = {}): Promise<string> {
    await this.page.waitForURL((u) => u.searchParams.has('paylinetoken') && !/\/v2\/?$/.test(u.pathname), {
      waitUntil: 'commit',
      ...(options.timeout !== undefined && { timeout: options.timeout }),
    });
    return new URL(this.page.url()).searchParams.get('paylinetoken') ?? '';
  }

  /** Bancontact, MAKE A PAYMENT on the partner page, back on the shop; returns the token. */
  async payWithBancontact(): Promise<string> {
    await (await this.chooseBancontact()).pay();
    return this.waitForReturn();
  }

  /** Bancontact, ABORT on the partner page, back on the shop; returns the token. */
  async abort(): Promise<string> {
    await (await this.chooseBancontact()).abort();
    return this.waitForReturn();
  }

  /** Bancontact, then an outcome code of the partner page's simulator controls (e.g. '02020'); returns the token. */
  async payWithOutcome(code: string): Promise<string> {
    await (await this.chooseBancontact()).chooseOutcome(code);
    return this.waitForReturn();
  }

  /**
   * Pays with the saved card ("Valider votre paiement"): no partner page, the final state comes at once.
   * Then waitForFinalState(), unless the shop moves on by itself (e.g. clicks the ticket's button).
   */
  async payWithSavedCard(): Promise<void> {
    const button = await this.visibleButton(this.root.locator('.pl-wallet .pl-pay-btn').first(), this.root.locator('[id^="pmLayout-tab-tab_wallet-"]').first(), 'a saved card');
    await button.click();
  }

  /** The final screen's button: the ticket's (#pl-ticket-default-ticket_btn, to returnURL) or "back to the shop". */
  async backToShop(): Promise<void> {
    const ticket = this.root.locator('#pl-ticket-default-ticket_btn');
    await ((await ticket.count()) > 0 ? ticket : this.root.locator('#pl-back-to-shop_btn')).click();
  }
}

/**
 * A Playwright page object for the simulator's hosted payment page (the
 * redirectURL of doWebPayment), for a merchant's own end-to-end tests:
 *
 *   const hosted = new HostedPaymentPage(page);
 *   await hosted.goto(redirectURL);          // or let the shop's checkout redirect there
 *   await hosted.pay();                      // MAKE A PAYMENT
 *   const token = await hosted.waitForReturn('https://shop.test/payline/return');
 *
 * playwright-core is imported for its types only: the simulator does not load
 * Playwright at run time; the test project brings its own `Page` (playwright,
 * @playwright/test or playwright-core).
 *
 * Selectors work in every language of the page (fr, nl, de, en): the buttons
 * MAKE A PAYMENT and ABORT by accessible name (they read the same in all four, as
 * on Monext's platform), the "Simulator controls" panel (always English), and the
 * page's data-testid attributes for what is worded in the buyer's language
 * (payment region, amount, saved card, expired and finished pages).
 */
import type { Locator, Page } from 'playwright-core';

export interface WaitForReturnOptions {
  /** Milliseconds; default: the page's navigation timeout. */
  timeout?: number;
  /** Which load state to wait for on the shop's page; default 'load'. 'commit' when the shop does not serve a page. */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class HostedPaymentPage {
  constructor(readonly page: Page) {}

  /** The section of the page with the shop, the amount and the buyer's buttons. */
  get paymentRegion(): Locator {
    return this.page.getByTestId('payment');
  }

  /** The simulator's own panel (not part of Monext's page): one button per outcome code. */
  get controls(): Locator {
    return this.page.getByRole('complementary', { name: 'Simulator controls' });
  }

  /** Opens the hosted page (the redirectURL returned by doWebPayment). */
  async goto(redirectURL: string): Promise<this> {
    await this.page.goto(redirectURL);
    return this;
  }

  /** The session token of the page currently shown (`/v2/?token=…`). */
  token(): string {
    const token = new URL(this.page.url()).searchParams.get('token');
    if (!token) throw new Error(`HostedPaymentPage: not on a hosted payment page: ${this.page.url()}`);
    return token;
  }

  /** The language the page declares (`<html lang>`): fr, nl, de or en. */
  async language(): Promise<string> {
    return (await this.page.locator('html').getAttribute('lang')) ?? '';
  }

  /** The amount as shown, e.g. "99,00 EUR". */
  async amount(): Promise<string> {
    return (await this.page.getByTestId('amount').innerText()).trim();
  }

  /** The shop name shown above the amount (the contract's shopName). */
  async shopName(): Promise<string> {
    return (await this.page.getByTestId('shop-name').innerText()).trim();
  }

  /** Presses MAKE A PAYMENT (accepted, or the result of the scenario that applies). */
  async pay(): Promise<void> {
    await this.page.getByRole('button', { name: 'MAKE A PAYMENT', exact: true }).click();
  }

  /** Presses ABORT (02008, back on the cancelURL). */
  async abort(): Promise<void> {
    await this.page.getByRole('button', { name: 'ABORT', exact: true }).click();
  }

  /** Pays with the card saved in the buyer's wallet (buyer.walletId; "Valider votre paiement" in French); fails if none is offered. */
  async payWithSavedCard(): Promise<void> {
    const button = this.page.getByTestId('pay-saved-card');
    if ((await button.count()) === 0) {
      throw new Error('HostedPaymentPage: no saved card is offered (send buyer.walletId of a wallet that paid before)');
    }
    await button.click();
  }

  /** The saved card offered, e.g. "670999XXXXXX1234 - 05/29", or null when the buyer has none. */
  async savedCard(): Promise<string | null> {
    const card = this.page.getByTestId('saved-card');
    if ((await card.count()) === 0) return null;
    return (await card.innerText()).trim();
  }

  /** The outcome codes of the panel, in its order. */
  async outcomes(): Promise<string[]> {
    const labels = await this.controls.getByRole('button').allInnerTexts();
    return labels.map((l) => l.trim().split(/\s+/)[0] ?? '');
  }

  /** Finishes the session with an outcome code (e.g. '02020') from the "Simulator controls" panel. */
  async chooseOutcome(code: string): Promise<void> {
    const button = this.controls.getByRole('button', { name: new RegExp(`(^|\\D)${escapeRegExp(code)}(\\D|$)`) });
    const n = await button.count();
    if (n !== 1) {
      const known = await this.outcomes().catch(() => [] as string[]);
      throw new Error(
        n === 0
          ? `HostedPaymentPage: no outcome button for ${JSON.stringify(code)} (the panel offers ${known.join(', ') || 'none: is this the hosted page?'})`
          : `HostedPaymentPage: ${n} outcome buttons match ${JSON.stringify(code)}`,
      );
    }
    await button.click();
  }

  /**
   * Waits for the browser to be back on the shop (the returnURL or cancelURL,
   * given as a URL prefix or a RegExp) and returns the token of its
   * `paylinetoken` parameter.
   */
  async waitForReturn(url: string | RegExp, options: WaitForReturnOptions = {}): Promise<string> {
    const matches = (u: URL) => (typeof url === 'string' ? u.href.startsWith(url) : url.test(u.href));
    await this.page.waitForURL(matches, {
      waitUntil: options.waitUntil ?? 'load',
      ...(options.timeout !== undefined && { timeout: options.timeout }),
    });
    const token = new URL(this.page.url()).searchParams.get('paylinetoken');
    if (!token) throw new Error(`HostedPaymentPage: back on ${this.page.url()} without a paylinetoken parameter`);
    return token;
  }

  /** Whether the page shown says the session has expired (02324); reload first to see a later expiry. */
  async isExpired(): Promise<boolean> {
    return (await this.page.getByTestId('message-expired').count()) > 0;
  }

  /** Whether the page shown says the payment is already finished (a token reused after its result). */
  async isFinished(): Promise<boolean> {
    return (await this.page.getByTestId('message-finished').count()) > 0;
  }
}

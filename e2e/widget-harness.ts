/**
 * What the widget's end-to-end tests share: a simulator, the test shop (SOAP
 * side), the in-shop pages of widget-shops.ts on 127.0.0.1 while the browser
 * reaches the simulator as http://localhost:<port> (another origin: CORS and the
 * Magento page's CSP really apply), one browser context that records every
 * callback the pages report, every console error, page error and CSP violation.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSimulator, type RunningSimulator, type StartOptions } from '../simulator/server.js';
import { launchBrowser } from './browser.js';
import { startMerchantApp, type MerchantApp, type MerchantCredentials } from './merchant-app.js';
import { startWidgetShops, type WidgetShops } from './widget-shops.js';

export interface RecordedCall {
  name: string;
  arg: unknown;
  /** The page's path and query when the callback fired. */
  at: string;
}

export interface WidgetHarness extends RecordingContext {
  sim: RunningSimulator;
  /** The simulator as the browser sees it (localhost, not the shop's 127.0.0.1). */
  simUrl: string;
  shop: MerchantApp;
  shops: WidgetShops;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWidgetHarness(creds: MerchantCredentials, options: StartOptions = {}): Promise<WidgetHarness> {
  const browserStarting = launchBrowser();
  const sim = await startSimulator({ port: 0, ...options });
  const simUrl = sim.url.replace('//127.0.0.1:', '//localhost:');
  const shop = await startMerchantApp(sim.url, creds);
  const shops = await startWidgetShops(simUrl, shop);
  const browser = await browserStarting;
  const recording = await recordingContext(browser);
  return {
    sim,
    simUrl,
    shop,
    shops,
    browser,
    ...recording,
    async close() {
      await browser.close().catch(() => undefined);
      await sim.close();
      await shops.close();
      await shop.close();
    },
  };
}

export interface RecordingContext {
  context: BrowserContext;
  /** Callbacks reported by the pages (window.plRecord), in order, across navigations. */
  calls: RecordedCall[];
  /** Console errors, uncaught page errors and CSP violations, as text. */
  problems: string[];
  newPage(): Promise<Page>;
}

/** A browser context (10 s time-outs) whose pages report their widget callbacks, console errors, page errors and CSP violations. */
export async function recordingContext(browser: Browser): Promise<RecordingContext> {
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  const calls: RecordedCall[] = [];
  const problems: string[] = [];
  await context.exposeBinding('plRecord', ({ page }, name: string, arg: unknown) => {
    const u = new URL(page.url());
    calls.push({ name, arg, at: `${u.pathname}${u.search}` });
  });
  await context.exposeBinding('plViolation', (_source, text: string) => void problems.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { plViolation: (t: string) => void }).plViolation(`CSP ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} on ${location.href}`);
    });
  });
  return {
    context,
    calls,
    problems,
    async newPage() {
      const page = await context.newPage();
      page.on('console', (m) => {
        // a page without a favicon (the test shop's, the simulator's) is not a problem of the widget
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console error on ${page.url()}: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
      return page;
    },
  };
}

/** The names of the calls, optionally with their state, e.g. `didshowstate:PAYMENT_METHODS_LIST`. */
export function callNames(calls: readonly RecordedCall[]): string[] {
  return calls.map((c) => {
    const state = c.arg && typeof c.arg === 'object' ? (c.arg as { state?: string }).state : undefined;
    return state ? `${c.name}:${state}` : c.name;
  });
}

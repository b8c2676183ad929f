/**
 * What every end-to-end test file needs: a simulator, the test shop and a
 * browser, started together and stopped in the right order; polling; checks on
 * error pages.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../simulator/server.js';
import { launchBrowser } from './browser.js';
import { startMerchantApp, type MerchantApp, type MerchantCredentials } from './merchant-app.js';

export const DEMO: MerchantCredentials = { merchantId: '12345678901234', accessKey: 'DEMOACCESSKEY', contractNumber: 'BANCONTACT' };

export interface Harness {
  sim: RunningSimulator;
  shop: MerchantApp;
  browser: Browser;
  /** A new page (its own history) in the file's one browser context. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const browserStarting = launchBrowser();
  const sim = await startSimulator({ port: 0 });
  let shop: MerchantApp | undefined;
  let browser: Browser | undefined;
  try {
    shop = await startMerchantApp(sim.url, DEMO);
    browser = await browserStarting;
  } catch (e) {
    await browserStarting.then((b) => b.close()).catch(() => undefined);
    await shop?.close();
    await sim.close();
    throw e;
  }
  const b = browser;
  const s = shop;
  // one context for the file: a context costs a second or more on a loaded two-core machine
  let context: Promise<BrowserContext> | undefined;
  return {
    sim,
    shop: s,
    browser: b,
    async newPage() {
      context ??= b.newContext().then((c) => {
        c.setDefaultTimeout(10_000);
        c.setDefaultNavigationTimeout(10_000);
        return c;
      });
      return (await context).newPage();
    },
    async close() {
      // the browser first (no more requests), then the simulator (it waits for its
      // notifications under way, which need the shop), then the shop
      await b.close().catch(() => undefined);
      await sim.close();
      await s.close();
    },
  };
}

/** Polls fn until it returns something other than undefined/false, or fails after timeoutMs. */
export async function eventually<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** POSTs JSON to the simulator's admin API; returns status and parsed body. */
export async function admin(sim: RunningSimulator, path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** POSTs the hosted page's form (as a second submission would) without following the redirect. */
export async function postForm(sim: RunningSimulator, path: string, form: Record<string, string>): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** Lines that look like a JavaScript stack trace (`    at fn (file.js:1:2)`). */
const STACK_LINE = /^\s*at\s+(?:\S+\s+\()?(?:[A-Za-z]:)?[^\s()]*:\d+:\d+\)?\s*$/m;

/** The problems of a page shown to a buyer: a stack trace or an `Error:` message. */
export function leaks(text: string): string[] {
  const out: string[] = [];
  if (STACK_LINE.test(text)) out.push('a stack trace line');
  if (/\bError:/.test(text)) out.push('"Error:"');
  if (/node_modules|\.ts:\d+|\.js:\d+/.test(text)) out.push('a source file path');
  return out;
}

/** The hosted page's token, from its URL (`/v2/?token=…`). */
export function tokenOf(page: Page): string {
  const token = new URL(page.url()).searchParams.get('token');
  if (!token) throw new Error(`not on a payment page: ${page.url()}`);
  return token;
}

/** The test shop's checkout URL for a buyer. */
export function checkoutUrl(shop: MerchantApp, params: { lastName?: string; amount?: string; languageCode?: string } = {}): string {
  const q = new URLSearchParams();
  if (params.lastName !== undefined) q.set('lastName', params.lastName);
  if (params.amount !== undefined) q.set('amount', params.amount);
  if (params.languageCode !== undefined) q.set('languageCode', params.languageCode);
  const s = q.toString();
  return `${shop.url}/checkout${s ? `?${s}` : ''}`;
}

/** Every element with a data-testid on the page, as testid → trimmed text (one round trip). */
export async function testIds(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-testid]'))) {
      out[el.dataset['testid']!] = el.innerText.trim();
    }
    return out;
  });
}

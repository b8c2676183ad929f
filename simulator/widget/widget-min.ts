/**
 * widget-min.js: the simulator's stand-in for Monext's payment widget. It defines
 * `window.Payline` (Api, jQuery, Models), finds `<div id="PaylineWidget">` whether
 * it is in the page before the script, parsed after it or injected later, and
 * starts it unless `data-auto-init="false"` (then `Payline.Api.init()` does).
 *
 * Bundled and minified by esbuild (scripts/build-widget.mjs); see
 * docs/widget-services.md for the services it calls and the README's "In-shop
 * mode (widget)" for the API.
 */
import jQuery from 'jquery/slim';
import { flag, serviceBase, tokenStatus } from './state.js';
import { callService, callShop, ROOT_ID, Widget } from './widget.js';

interface PaylineGlobal {
  Api: Record<string, unknown> & { __simulator?: { scan(): void } };
  jQuery: unknown;
  Models: unknown;
}

declare global {
  interface Window {
    Payline?: PaylineGlobal;
  }
}

/** The URL this script was loaded from (its services are on the same host). */
function scriptUrl(): string {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current.src;
  const found = document.querySelector<HTMLScriptElement>('script[src*="widget-min.js"]');
  return found?.src || window.location.href;
}

function boot(): void {
  const existing = window.Payline?.Api?.__simulator;
  if (existing) {
    // the script was added again (Magento removes and re-appends it): look for a new element
    existing.scan();
    return;
  }
  const src = scriptUrl();
  const base = serviceBase(src);
  const cssUrl = src.replace(/\/scripts\/widget-min\.js(?:[?#].*)?$/, '/styles/widget-min.css');
  const bound = new WeakSet<HTMLElement>();
  let current: Widget | undefined;

  const warn = (what: string) => console.warn(`Payline widget: ${what}`);

  /** Adds the stylesheet when the page has not linked it, with the page's CSP nonce. */
  const ensureStylesheet = (root: HTMLElement) => {
    if (!/\/styles\/widget-min\.css/.test(cssUrl)) return;
    const check = () => {
      if (document.querySelector('link[href*="widget-min.css"]')) return;
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = cssUrl;
      const nonce = root.getAttribute('data-cspnonce');
      if (nonce) link.setAttribute('nonce', nonce);
      document.head.appendChild(link);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check, { once: true });
    else check();
  };

  const start = (root: HTMLElement): Widget => {
    current?.dispose();
    bound.add(root);
    ensureStylesheet(root);
    const w = new Widget(root, {
      base,
      onDetached: () => {
        if (current === w) current = undefined;
      },
    });
    current = w;
    w.start();
    return w;
  };

  const scan = () => {
    const root = document.getElementById(ROOT_ID);
    if (current && !current.root.isConnected) {
      current.dispose();
      current = undefined;
    }
    if (!root || bound.has(root)) return;
    if (!flag(root.getAttribute('data-auto-init'), true)) return; // waits for Payline.Api.init()
    start(root);
  };

  const element = (): HTMLElement | undefined => {
    const root = document.getElementById(ROOT_ID);
    if (!root) warn(`no element with id="${ROOT_ID}" in the page`);
    return root ?? undefined;
  };

  /** Sets data-token / data-template from arguments given to init or reset. */
  const setAttributes = (root: HTMLElement, token: unknown, tpl: unknown) => {
    if (typeof token === 'string' && token !== '') root.setAttribute('data-token', token);
    if (typeof tpl === 'string' && tpl !== '') root.setAttribute('data-template', tpl);
  };

  const later = (fn: () => void): void => void setTimeout(fn, 0);

  const noShortcut = (name: string) => () => {
    warn(`${name}: Bancontact has no shortcut (express checkout); there is nothing to finalize or read`);
    return null;
  };

  const updateWebpaymentData = (...args: unknown[]) => {
    const cb = args.find((a): a is (r: unknown) => void => typeof a === 'function');
    const answer = {
      status: 501,
      error:
        'updateWebpaymentData is not simulated: the simulator has no service to change a web payment after doWebPayment, so the amount, order and buyer stay those of doWebPayment',
    };
    warn(answer.error);
    if (cb) later(() => callShop('the updateWebpaymentData callback', cb, answer));
  };

  const api = {
    init(token?: unknown, tpl?: unknown): void {
      const root = element();
      if (!root) return;
      const before = { token: root.getAttribute('data-token'), tpl: root.getAttribute('data-template') };
      setAttributes(root, token, tpl);
      const same = current?.root === root && before.token === root.getAttribute('data-token') && before.tpl === root.getAttribute('data-template');
      if (same && current && !current.ended) current.show();
      else start(root);
    },
    reset(token?: unknown, tpl?: unknown): void {
      const root = element();
      if (!root) return;
      setAttributes(root, token, tpl);
      start(root);
    },
    show: () => current?.show(),
    hide: () => current?.hide(),
    toggle: () => (current?.isVisible() ? current.hide() : current?.show()),
    endToken(_additionalData?: unknown, callback?: unknown, _spinner?: unknown, _handledByMerchant?: unknown): void {
      current?.end();
      if (typeof callback === 'function') later(() => callShop('the endToken callback', callback as () => void));
    },
    getCancelAndReturnUrls: () => ({ cancelUrl: current?.state?.cancelUrl, returnUrl: current?.state?.returnUrl }),
    getContextInfo: (key: unknown) => current?.contextInfo(key),
    getLanguage: () => current?.state?.language ?? current?.language(),
    getLanguageCode: () => current?.state?.language ?? current?.language(),
    isSandbox: () => current?.state?.isSandbox ?? true,
    isSandBox: () => current?.state?.isSandbox ?? true,
    getToken: () => current?.token ?? document.getElementById(ROOT_ID)?.getAttribute('data-token') ?? undefined,
    getTokenStatus(token: unknown, callback: unknown): void {
      if (typeof callback !== 'function') return;
      const cb = callback as (s: string) => void;
      if (typeof token !== 'string' || token === '') {
        later(() => callShop('the getTokenStatus callback', cb, 'UNKNOWN'));
        return;
      }
      void callService(base, token, 'state/current').then((a) => callShop('the getTokenStatus callback', cb, tokenStatus(a.status, a.state?.type)));
    },
    updateWebpaymentData,
    updateWebPaymentData: updateWebpaymentData,
    finalizeShortcut: noShortcut('finalizeShortcut'),
    finalizeShortCut: noShortcut('finalizeShortCut'),
    getBuyerShortcut: noShortcut('getBuyerShortcut'),
    getBuyerShortCut: noShortcut('getBuyerShortCut'),
    /** Not Monext's: the simulator's own hook, so that a second copy of the script finds the first. */
    __simulator: { scan },
  };

  const context = {
    getCancelUrl: () => current?.state?.cancelUrl,
    getReturnUrl: () => current?.state?.returnUrl,
    getToken: () => current?.token,
    getLanguage: () => api.getLanguage(),
  };

  window.Payline = {
    Api: api,
    jQuery,
    Models: { Contexts: { ContextManager: { getCurrentContext: () => context } } },
  };

  // the page came back from the back/forward cache (Back from the partner page): show the state as it is now
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && current && !current.ended) void current.load();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && current?.template === 'lightbox' && current.isVisible()) current.hide();
    else current?.keepFocusInside(e);
  });
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
}

boot();

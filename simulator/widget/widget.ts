/**
 * The widget in the shop's page: one `<div id="PaylineWidget">`, its data-*
 * attributes, its callbacks, the token services, and what it draws. Built with
 * DOM calls only (no innerHTML, no style attribute, no eval), so it runs under a
 * CSP that allows nothing but the simulator's origin; its look is all in
 * widget.css (served as widget-min.css).
 */
import {
  cardExpiry,
  contextInfo,
  endUrl,
  flag,
  isFinal,
  merchantReturnUrl,
  partnerUrl,
  template as readTemplate,
  tokenStatus,
  type PaymentMethod,
  type SessionState,
  type StateMessage,
  type Template,
  type Wallet,
} from './state.js';
import { language, t, type Lang } from './text.js';

export const ROOT_ID = 'PaylineWidget';

export type CallbackName = 'willinit' | 'willshow' | 'didshowstate' | 'finalstatehasbeenreached' | 'willdisplaymessage' | 'willremovemessage' | 'beforepayment';

type MessageType = 'success' | 'info' | 'error' | 'warn';

/** How often a pending payment (the buyer is at the partner) is looked at again, in ms. */
const POLL_MS = 3000;

/** Our classes on the root element; the shop's own classes (e.g. pl-custom) are left alone. */
const ROOT_CLASSES = ['PaylineWidget', 'pl-container-default', 'pl-container-lightbox', 'pl-layout-column', 'pl-layout-tab', 'pl-layout-shortcut', 'pl-hidden', 'pl-busy'];

interface Child {
  nodeType: number;
}

/** createElement with classes, id, text, attributes and children. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; id?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Child | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.appendChild(c as Node);
  return el;
}

function button(props: { class: string; id?: string; text: string }, onClick: () => void): HTMLButtonElement {
  const b = h('button', { ...props, attrs: { type: 'button' } });
  b.addEventListener('click', (e) => {
    e.preventDefault();
    onClick();
  });
  return b;
}

/** A global function named by a data-event-* attribute (`fn` or `ns.fn`). */
function globalFunction(name: string): ((arg?: unknown) => unknown) | undefined {
  let cur: unknown = window;
  for (const part of name.trim().split('.')) {
    if (cur === null || (typeof cur !== 'object' && typeof cur !== 'function')) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'function' ? (cur as (arg?: unknown) => unknown) : undefined;
}

function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}

function messageType(m: StateMessage | undefined, fallback: MessageType): MessageType {
  const v = (m?.type ?? '').toLowerCase();
  return v === 'error' || v === 'info' || v === 'success' ? v : v === 'warn' || v === 'warning' ? 'warn' : fallback;
}

/** Calls a function the shop gave (a data-event-* callback, an API call's callback); if it throws, a warning and undefined. */
export function callShop(what: string, fn: (...args: never[]) => unknown, ...args: unknown[]): unknown {
  try {
    return (fn as (...a: unknown[]) => unknown)(...args);
  } catch (e) {
    console.warn(`Payline widget: ${what} threw; the widget goes on`, e);
    return undefined;
  }
}

export interface ServiceAnswer {
  status: number;
  state?: SessionState;
  error?: string;
}

/** A call to the token services; never throws (a network failure is status 0). */
export async function callService(base: string, token: string, path: string, body?: unknown): Promise<ServiceAnswer> {
  const url = `${base}/services/token/${encodeURIComponent(token)}/${path}`;
  const init: RequestInit =
    body === undefined
      ? { headers: { accept: 'application/json' }, credentials: 'omit', cache: 'no-store' }
      : { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store' };
  try {
    const res = await fetch(url, init);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      json = undefined;
    }
    const obj = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
    if (res.ok && typeof obj['type'] === 'string') return { status: res.status, state: json as SessionState };
    return { status: res.ok ? 502 : res.status, error: typeof obj['error'] === 'string' ? obj['error'] : `HTTP ${res.status}` };
  } catch (e) {
    return { status: 0, error: e instanceof Error ? e.message : String(e) };
  }
}

export interface WidgetOptions {
  /** Base URL of the token services (where the script came from). */
  base: string;
  /** Called when this widget's element has left the page. */
  onDetached?: () => void;
}

/** One widget bound to one element. reset() makes a new one. */
export class Widget {
  readonly token: string;
  readonly template: Template;
  state: SessionState | undefined;
  /** Set by endToken: the widget does nothing more. */
  ended = false;
  private lang: Lang;
  private readonly embedded: boolean;
  private content: HTMLElement;
  private messages: HTMLElement;
  private shown = new Map<string, HTMLElement>();
  private messageCount = 0;
  private busy = false;
  private disposed = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** Lightbox: the shop's element that had the focus when it opened (it gets it back on close). */
  private openedFrom: HTMLElement | undefined;
  /** Lightbox: the parts drawn once in start() whose names follow the language. */
  private lightbox: { dialog: HTMLElement; close: HTMLElement } | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly opts: WidgetOptions,
  ) {
    this.token = (root.getAttribute('data-token') ?? '').trim();
    this.template = readTemplate(root.getAttribute('data-template'));
    this.embedded = flag(root.getAttribute('data-embeddedredirectionallowed'), true);
    this.lang = language(document.documentElement.lang || navigator.language);
    this.messages = h('div', { class: 'pl-messages', attrs: { 'aria-live': 'polite' } });
    this.content = h('div', { class: 'pl-content' });
  }

  /** Calls the shop's callback for a life-cycle event; a missing or throwing one changes nothing. */
  fire(name: CallbackName, arg?: unknown): unknown {
    const fnName = this.root.getAttribute(`data-event-${name}`);
    if (!fnName) return undefined;
    const fn = globalFunction(fnName);
    if (!fn) {
      console.warn(`Payline widget: data-event-${name}="${fnName}" is not a function of the page (window.${fnName})`);
      return undefined;
    }
    return callShop(`the ${name} callback (${fnName})`, fn, ...(arg === undefined ? [] : [arg]));
  }

  /** Builds the frame, fires willinit and willshow, then fetches and shows the state. */
  start(): void {
    const r = this.root;
    r.classList.remove(...ROOT_CLASSES);
    r.classList.add('PaylineWidget', this.template === 'lightbox' ? 'pl-container-lightbox' : 'pl-container-default', `pl-layout-${this.template === 'lightbox' ? 'column' : this.template}`);
    r.removeAttribute('data-pl-state');
    this.fire('willinit');
    if (this.disposed) return;
    const frame = h('div', { class: 'pl-widget' }, this.messages, this.content);
    if (this.template === 'lightbox') {
      const close = button({ class: 'pl-icon-close', id: 'pl-container-lightbox-close', text: '×' }, () => this.hide());
      const dialog = h(
        'div',
        { class: 'pl-lightbox-dialog', attrs: { role: 'dialog', 'aria-modal': 'true' } },
        h('div', { class: 'pl-lightbox-header-bar', id: 'pl-container-lightbox-header-bar' }, close),
        frame,
      );
      r.replaceChildren(h('div', { class: 'pl-lightbox-backdrop' }, dialog));
      this.lightbox = { dialog, close };
      this.nameLightbox();
      this.takeFocus();
    } else {
      r.replaceChildren(frame);
    }
    this.loading(t(this.lang, 'widget.loading'));
    this.fire('willshow');
    if (this.disposed) return;
    void this.load();
  }

  /** Stops everything (another widget takes the element, or the element is gone). */
  dispose(): void {
    this.disposed = true;
    this.stopPolling();
  }

  isVisible(): boolean {
    return !this.root.classList.contains('pl-hidden');
  }

  show(): void {
    const wasHidden = !this.isVisible();
    this.root.classList.remove('pl-hidden');
    if (wasHidden && this.template === 'lightbox') this.takeFocus();
  }

  hide(): void {
    const wasVisible = this.isVisible();
    this.root.classList.add('pl-hidden');
    if (wasVisible && this.template === 'lightbox') this.giveFocusBack();
  }

  private nameLightbox(): void {
    this.lightbox?.dialog.setAttribute('aria-label', t(this.lang, 'widget.secure'));
    this.lightbox?.close.setAttribute('aria-label', t(this.lang, 'widget.close'));
  }

  /** Lightbox (a modal dialog): the focus moves into it, remembering where it was in the shop's page. */
  private takeFocus(): void {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && !this.root.contains(active)) this.openedFrom = active;
    this.focusables()[0]?.focus();
  }

  private giveFocusBack(): void {
    const back = this.openedFrom;
    this.openedFrom = undefined;
    if (back?.isConnected && (this.root.contains(document.activeElement) || document.activeElement === document.body)) back.focus();
  }

  private focusables(): HTMLElement[] {
    return Array.from(this.root.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [tabindex]')).filter(
      (el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0,
    );
  }

  /** Tab and Shift+Tab in a visible lightbox go round its own buttons and never reach the page behind it. */
  keepFocusInside(e: KeyboardEvent): void {
    if (e.key !== 'Tab' || this.template !== 'lightbox' || !this.isVisible() || !this.root.isConnected) return;
    const els = this.focusables();
    const first = els[0];
    const last = els[els.length - 1];
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const active = document.activeElement;
    const inside = active instanceof HTMLElement && this.root.contains(active);
    if (!inside) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    } else if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  language(): Lang {
    return this.lang;
  }

  contextInfo(key: unknown): unknown {
    return contextInfo(this.state?.info, key);
  }

  /** Fetches state/current and shows it. */
  async load(): Promise<void> {
    if (!this.token) {
      this.showProblem('noToken', t(this.lang, 'widget.error.noToken'));
      return;
    }
    const answer = await callService(this.opts.base, this.token, 'state/current');
    if (this.disposed) return;
    if (answer.state) this.handle(answer.state, false);
    else this.failed(answer);
  }

  private failed(answer: ServiceAnswer): void {
    if (answer.status === 404) this.showProblem('unknownToken', t(this.lang, 'widget.error.unknownToken'));
    else {
      console.warn(`Payline widget: the token service answered ${answer.status || 'nothing'}: ${answer.error ?? ''}`);
      this.showProblem('technicalError', t(this.lang, 'widget.error.generic'), true);
    }
  }

  private showProblem(key: string, text: string, retry = false): void {
    this.setBusy(false);
    this.content.replaceChildren();
    this.clearMessages();
    this.message('error', key, text);
    if (retry) this.content.appendChild(button({ class: 'pl-btn pl-retry-btn', text: t(this.lang, 'widget.retry') }, () => void this.load()));
  }

  /** Shows a state the services answered; fromPayment: it answers the buyer's own payment request. */
  handle(state: SessionState, fromPayment: boolean): void {
    if (this.disposed || this.ended) return;
    this.stopPolling();
    this.state = state;
    this.lang = language(state.language);
    this.nameLightbox(); // the session's language may not be the page's
    const type = state.type;
    this.root.setAttribute('data-pl-state', type);
    this.setBusy(false);
    if (isFinal(type)) {
      if (this.fire('finalstatehasbeenreached', { state: type }) === false) {
        // the shop handles the final state itself: nothing of ours stays on screen
        this.clearMessages();
        this.content.replaceChildren();
        return;
      }
      if (this.disposed) return;
    }
    this.render(state, fromPayment);
    this.fire('didshowstate', { state: type });
    if (this.disposed) return;
    if (isFinal(type) && state.automaticRedirectAtSessionsEnd === true) {
      const url = endUrl(state);
      if (url) window.location.assign(url);
      return;
    }
    if (type === 'PAYMENT_REDIRECT_NO_RESPONSE') {
      if (fromPayment && partnerUrl(state)) this.goToPartner();
      else this.poll();
    }
  }

  private poll(): void {
    this.stopPolling();
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      if (!this.root.isConnected) {
        this.dispose();
        this.opts.onDetached?.();
        return;
      }
      void callService(this.opts.base, this.token, 'state/current').then((a) => {
        if (this.disposed || this.ended) return;
        if (a.state && a.state.type !== this.state?.type) this.handle(a.state, false);
        else this.poll();
      });
    }, POLL_MS);
  }

  private stopPolling(): void {
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** Sends the whole page to the partner (a GET, or a form POST of requestFields). */
  goToPartner(): void {
    const data = this.state?.paymentRedirectNoResponse?.redirectionData;
    if (!data?.requestUrl) return;
    if ((data.requestType ?? 'GET').toUpperCase() === 'POST') {
      const form = h('form', { class: 'pl-hidden', attrs: { method: 'post', action: data.requestUrl } });
      for (const [k, v] of Object.entries(data.requestFields ?? {})) form.appendChild(h('input', { attrs: { type: 'hidden', name: k, value: String(v) } }));
      this.root.appendChild(form);
      form.submit();
    } else {
      window.location.assign(data.requestUrl);
    }
  }

  /** The buyer pays: beforepayment (false stops it), then paymentRequest or walletPaymentRequest. */
  async pay(method: { kind: 'method'; pm: PaymentMethod } | { kind: 'wallet'; wallet: Wallet }): Promise<void> {
    if (this.busy || this.disposed || this.ended) return;
    if (this.fire('beforepayment') === false) return;
    if (this.disposed) return;
    this.setBusy(true);
    this.clearMessages();
    const returnUrl = merchantReturnUrl(window.location.href);
    const answer =
      method.kind === 'method'
        ? await callService(this.opts.base, this.token, 'paymentRequest', {
            cardCode: method.pm.cardCode,
            contractNumber: method.pm.contractNumber ?? null,
            merchantReturnUrl: returnUrl,
            isEmbeddedRedirectionAllowed: this.embedded,
            paymentParams: {},
          })
        : await callService(this.opts.base, this.token, 'walletPaymentRequest', {
            cardCode: method.wallet.cardCode,
            index: method.wallet.index,
            merchantReturnUrl: returnUrl,
            isEmbeddedRedirectionAllowed: this.embedded,
            paymentParams: {},
          });
    if (this.disposed) return;
    if (answer.state) return this.handle(answer.state, true);
    if (answer.status === 409) return this.load(); // already final (e.g. paid in another tab): show it
    this.setBusy(false);
    console.warn(`Payline widget: the payment request was answered ${answer.status || 'nothing'}: ${answer.error ?? ''}`);
    this.message('error', 'paymentRequestError', t(this.lang, 'widget.error.generic'));
  }

  /** endToken: the widget stops and clears itself. */
  end(): void {
    this.ended = true;
    this.stopPolling();
    this.clearMessages();
    this.content.replaceChildren();
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.root.classList.toggle('pl-busy', busy);
    this.root.setAttribute('aria-busy', String(busy));
    for (const b of Array.from(this.content.querySelectorAll<HTMLButtonElement>('button.pl-pay-btn'))) b.disabled = busy;
  }

  private loading(text: string): void {
    this.content.replaceChildren(h('div', { class: 'pl-loading' }, h('span', { class: 'pl-spinner', attrs: { 'aria-hidden': 'true' } }), h('span', { text })));
  }

  /** A message above the content, unless willdisplaymessage answers false. */
  message(type: MessageType, key: string, text: string): void {
    const id = `pl-message-${++this.messageCount}`;
    if (this.fire('willdisplaymessage', { id, type, key, message: text }) === false) return;
    const p = h('p', { class: `pl-message pl-message-${type}`, id, text, attrs: { role: type === 'error' ? 'alert' : 'status' } });
    this.shown.set(id, p);
    this.messages.appendChild(p);
  }

  private clearMessages(): void {
    for (const [id, el] of Array.from(this.shown)) {
      this.fire('willremovemessage', { id });
      el.remove();
      this.shown.delete(id);
    }
  }

  private render(state: SessionState, fromPayment: boolean): void {
    this.clearMessages();
    const L = this.lang;
    const header = h(
      'div',
      { class: 'pl-header' },
      h(
        'div',
        { class: 'pl-header-title-wrapper' },
        h(
          'div',
          { class: 'pl-header-title-content' },
          // the shop's name when the services give one (merchantName), else the point of sale's
          h('h4', { class: 'pl-shop-name', text: state.merchantName ?? state.pointOfSale ?? '' }),
          h(
            'p',
            { class: 'pl-amount-line' },
            h('span', { class: 'pl-amount-label', text: t(L, 'widget.totalAmount') }),
            document.createTextNode(' '),
            h('strong', { class: 'pl-amount', text: String(contextInfo(state.info, 'PaylineFormattedAmount') ?? '') }),
          ),
        ),
      ),
    );
    const body = h('div', { class: 'pl-body' });
    const footer = h(
      'div',
      { class: 'pl-footer' },
      h('span', { class: 'pl-secure', text: t(L, 'widget.secure') }),
      state.isSandbox === false ? null : h('span', { class: 'pl-sandbox', text: t(L, 'widget.sandbox') }),
    );
    this.content.replaceChildren(header, body, footer);

    switch (state.type) {
      case 'PAYMENT_METHODS_LIST':
        if (this.template === 'shortcut') {
          this.message('info', 'shortcutUnavailable', t(L, 'widget.shortcut.none'));
          return;
        }
        body.appendChild(this.methodsList(state));
        return;
      case 'PAYMENT_REDIRECT_NO_RESPONSE':
        body.appendChild(this.pending(fromPayment));
        return;
      case 'PAYMENT_SUCCESS':
      case 'PAYMENT_SUCCESS_FORCE_TICKET_DISPLAY':
        body.appendChild(this.ticket(state));
        return;
      case 'PAYMENT_FAILURE':
        this.message(messageType(state.paymentFailure?.message, 'error'), 'paymentFailure', state.paymentFailure?.message?.localizedMessage || t(L, 'widget.failure'));
        break;
      case 'PAYMENT_CANCELED':
        this.message(messageType(state.paymentCanceled?.message, 'error'), 'paymentCanceled', state.paymentCanceled?.message?.localizedMessage || t(L, 'widget.canceled'));
        break;
      case 'TOKEN_EXPIRED':
        this.message('warn', 'tokenExpired', t(L, 'widget.expired'));
        break;
      case 'PAYMENT_ONHOLD_PARTNER':
        this.message(messageType(state.paymentOnholdPartner?.message, 'info'), 'paymentOnholdPartner', state.paymentOnholdPartner?.message?.localizedMessage || t(L, 'widget.onhold'));
        break;
      default:
        this.message('error', 'unsupportedState', t(L, 'widget.error.generic'));
        console.warn(`Payline widget: state ${state.type} is not one the simulator's widget shows`);
        return;
    }
    const url = endUrl(state);
    if (url) body.appendChild(h('div', { class: 'pl-final-actions' }, button({ class: 'pl-btn pl-back-btn', id: 'pl-back-to-shop_btn', text: t(L, 'widget.backToShop') }, () => window.location.assign(url))));
  }

  private payButton(id: string, text: string, onClick: () => void): HTMLElement {
    return h('div', { class: 'pl-pay-btn-container' }, button({ class: 'pl-pay-btn', id, text }, onClick));
  }

  private walletView(w: Wallet): HTMLElement {
    const L = this.lang;
    const pan = w.additionalData?.PAN ?? '';
    const date = cardExpiry(w.additionalData?.DATE);
    const n = idPart(String(w.index));
    return h(
      'div',
      { class: 'pl-wallet', id: `pl-wallet-${n}` },
      h(
        'div',
        { class: 'pl-wallet-card' },
        h('span', { class: `pl-card-logo pl-logo-${idPart(w.cardCode)}`, attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'pl-wallet-pan', text: pan }),
        date ? h('span', { class: 'pl-wallet-expiry', text: t(L, 'widget.wallet.expiry', { date }) }) : null,
      ),
      this.payButton(`pl-wallet-${n}-payBtn`, t(L, 'widget.wallet.pay'), () => void this.pay({ kind: 'wallet', wallet: w })),
    );
  }

  private methodName(pm: PaymentMethod): string {
    return pm.cardCode === 'BANCONTACT_MNXT' ? t(this.lang, 'widget.bancontact.name') : pm.cardCode;
  }

  private methodView(pm: PaymentMethod, layout: 'column' | 'tab'): HTMLElement {
    const L = this.lang;
    const id = idPart(pm.cardCode);
    const description = pm.form?.description || t(L, 'widget.bancontact.description');
    const label = pm.form?.buttonText || t(L, 'widget.bancontact.pay');
    return h(
      'div',
      { class: 'pl-pmContainer', id: `pmLayout-${layout}-pmContainer-${id}` },
      h(
        'div',
        { class: 'pl-card', id: `pmLayout-${layout}-pmLogo-${id}` },
        h('span', { class: `pl-card-logo pl-logo-${id}`, attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'pl-card-name', text: this.methodName(pm) }),
      ),
      h(
        'div',
        { class: 'pl-pmForm', id: `pl-pmLayout-${layout}-pmForm-${id}` },
        h(
          'div',
          { class: 'pl-paymentMethod-view pl-clear-after', id: `pl-pm-${id}-view` },
          h('p', { class: 'pl-form-description', id: `pl-pm-${id}-message`, text: description }),
          pm.disabled ? null : this.payButton(`pl-pm-${id}-payBtn`, label, () => void this.pay({ kind: 'method', pm })),
        ),
      ),
    );
  }

  private methodsList(state: SessionState): HTMLElement {
    const L = this.lang;
    const wallets = (state.paymentMethodsList?.wallets ?? []).filter((w) => !w.isExpired);
    const methods = state.paymentMethodsList?.paymentMethods ?? [];
    if (this.template === 'tab') {
      const panels: { tab: HTMLElement; panel: HTMLElement }[] = [];
      const activate = (i: number) =>
        panels.forEach((p, j) => {
          p.tab.classList.toggle('pl-active', i === j);
          p.tab.setAttribute('aria-selected', String(i === j));
          p.tab.tabIndex = i === j ? 0 : -1; // one stop in the Tab order; the arrows move between tabs
          p.panel.classList.toggle('pl-hidden', i !== j);
        });
      const add = (tabId: string, label: string, logo: string, panel: HTMLElement) => {
        const i = panels.length;
        const tab = button({ class: 'pl-tab', id: tabId, text: '' }, () => activate(i));
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-controls', `${tabId}-panel`);
        panel.id = `${tabId}-panel`;
        panel.setAttribute('role', 'tabpanel');
        panel.setAttribute('aria-labelledby', tabId);
        tab.append(h('span', { class: `pl-card-logo pl-logo-${logo}`, attrs: { 'aria-hidden': 'true' } }), h('span', { class: 'pl-tab-label', text: label }));
        panels.push({ tab, panel });
      };
      for (const w of wallets) add(`pmLayout-tab-tab_wallet-${idPart(String(w.index))}`, t(L, 'widget.wallet.tab'), idPart(w.cardCode), h('div', { class: 'pl-wallet-layout' }, h('div', { class: 'pl-wallets' }, this.walletView(w))));
      for (const pm of methods) add(`pmLayout-tab-tab_${idPart(pm.cardCode)}`, this.methodName(pm), idPart(pm.cardCode), h('div', { class: 'pl-paymentMethods' }, this.methodView(pm, 'tab')));
      const tablist = h('div', { class: 'pl-tabs', attrs: { role: 'tablist' } }, ...panels.map((p) => p.tab));
      // the keys of the ARIA tabs pattern: Left/Right (round), Home, End select and focus a tab
      tablist.addEventListener('keydown', (e) => {
        const at = panels.findIndex((p) => p.tab === document.activeElement);
        const n = panels.length;
        const to = at < 0 ? -1 : ({ ArrowRight: (at + 1) % n, ArrowLeft: (at + n - 1) % n, Home: 0, End: n - 1 } as Record<string, number>)[e.key] ?? -1;
        if (to < 0) return;
        e.preventDefault();
        activate(to);
        panels[to]!.tab.focus();
      });
      const view = h(
        'div',
        { class: 'pl-tabs-layout' },
        tablist,
        h('div', { class: 'pl-tab-panels' }, ...panels.map((p) => p.panel)),
      );
      activate(0);
      return view;
    }
    return h(
      'div',
      { class: 'pl-column-layout' },
      wallets.length > 0
        ? h('div', { class: 'pl-wallet-layout' }, h('h5', { class: 'pl-section-title', text: t(L, 'widget.wallet.title') }), h('div', { class: 'pl-wallets' }, ...wallets.map((w) => this.walletView(w))))
        : null,
      h(
        'div',
        { class: 'pl-paymentMethods' },
        h('h5', { class: 'pl-section-title', id: 'pl-pmLayout-column-choosePMLabel', text: t(L, wallets.length > 0 ? 'widget.methods.title' : 'widget.methods.choose') }),
        ...methods.map((pm) => this.methodView(pm, 'column')),
      ),
    );
  }

  private pending(fromPayment: boolean): HTMLElement {
    const L = this.lang;
    const toPartner = this.state !== undefined && partnerUrl(this.state) !== undefined;
    if (fromPayment && toPartner) {
      return h('div', { class: 'pl-loading pl-redirecting' }, h('span', { class: 'pl-spinner', attrs: { 'aria-hidden': 'true' } }), h('span', { text: t(L, 'widget.redirecting') }));
    }
    return h(
      'div',
      { class: 'pl-pending' },
      h('p', { class: 'pl-pending-title', text: t(L, 'widget.pending.title') }),
      h('p', { class: 'pl-pending-wait', text: t(L, 'widget.pending.waiting') }),
      toPartner ? h('div', { class: 'pl-pay-btn-container' }, button({ class: 'pl-btn pl-continue-btn', text: t(L, 'widget.pending.continue') }, () => this.goToPartner())) : null,
    );
  }

  private ticket(state: SessionState): HTMLElement {
    const L = this.lang;
    const rows = (state.paymentSuccess?.ticket ?? []).map((line) =>
      h(
        'tr',
        { class: `pl-ticket-line${line.s ? ` pl-${idPart(line.s)}` : ''}${line.i ? ' pl-ticket-interline' : ''}` },
        h('th', { text: line.k ?? '' }),
        h('td', { text: line.v ?? '' }),
      ),
    );
    const url = state.returnUrl;
    return h(
      'div',
      { class: 'pl-ticket', id: 'pl-ticket-default' },
      h('p', { class: 'pl-ticket-title', text: t(L, 'widget.success.title') }),
      h('table', { class: 'pl-ticket-lines' }, h('tbody', {}, ...rows)),
      h(
        'div',
        { class: 'pl-pay-btn-container' },
        button({ class: 'pl-btn pl-ticket-btn', id: 'pl-ticket-default-ticket_btn', text: t(L, 'widget.success.button') }, () => {
          if (url) window.location.assign(url);
        }),
      ),
    );
  }
}

export { tokenStatus };

/**
 * The session state the token services answer (docs/widget-services.md) and the
 * pure decisions the widget takes on it: which states are final, where a final
 * state leads, what a token's status is, which URL the partner sends the buyer
 * back to. No DOM here, so it is unit-tested in Node.
 */

export type StateName =
  | 'PAYMENT_METHODS_LIST'
  | 'PAYMENT_REDIRECT_NO_RESPONSE'
  | 'PAYMENT_SUCCESS'
  | 'PAYMENT_FAILURE'
  | 'PAYMENT_CANCELED'
  | 'TOKEN_EXPIRED'
  | 'PAYMENT_ONHOLD_PARTNER'
  | 'ACTIVE_WAITING'
  | 'PAYMENT_FAILURE_WITH_RETRY'
  | 'PAYMENT_CANCELED_WITH_RETRY'
  | 'PAYMENT_METHODS_LIST_SHORTCUT'
  | 'BROWSER_NOT_SUPPORTED'
  | 'PAYMENT_SUCCESS_FORCE_TICKET_DISPLAY';

export interface StateMessage {
  type?: string;
  localizedMessage?: string;
  displayIcon?: boolean;
}

export interface Wallet {
  index: number;
  cardCode: string;
  contractNumber?: string;
  isExpired?: boolean;
  additionalData?: { PAN?: string; DATE?: string; HOLDER?: string };
}

export interface PaymentMethod {
  cardCode: string;
  contractNumber?: string;
  disabled?: boolean;
  hasForm?: boolean;
  form?: { displayButton?: boolean; description?: string; buttonText?: string; formType?: string } | null;
  hasLogo?: boolean;
  logo?: { url?: string; alt?: string; title?: string } | null;
}

export interface RedirectionData {
  requestType?: string;
  requestUrl?: string;
  requestFields?: Record<string, string>;
  timeoutInMs?: number | null;
}

export interface TicketLine {
  i?: boolean;
  k?: string;
  v?: string;
  s?: string;
  t?: number;
}

export interface SessionState {
  token: string;
  type: StateName | string;
  cancelUrl?: string;
  returnUrl?: string;
  pointOfSale?: string;
  /** Not in docs/widget-services.md yet: the shop name the hosted page shows, asked of the services. */
  merchantName?: string;
  language?: string;
  automaticRedirectAtSessionsEnd?: boolean;
  isSandbox?: boolean;
  info?: Record<string, unknown>;
  paymentMethodsList?: { wallets?: Wallet[]; paymentMethods?: PaymentMethod[] };
  paymentRedirectNoResponse?: { cardCode?: string; contractNumber?: string; walletCardIndex?: number | null; redirectionData?: RedirectionData };
  paymentSuccess?: { displayTicket?: boolean; paymentCard?: string; ticket?: TicketLine[] };
  paymentFailure?: { message?: StateMessage };
  paymentCanceled?: { message?: StateMessage };
  paymentOnholdPartner?: { message?: StateMessage };
  tokenExpired?: Record<string, unknown>;
}

/** The states after which the buyer can do nothing more (Monext's Android SDK's split). */
export const FINAL_STATES: ReadonlySet<string> = new Set([
  'PAYMENT_SUCCESS',
  'PAYMENT_SUCCESS_FORCE_TICKET_DISPLAY',
  'PAYMENT_FAILURE',
  'PAYMENT_CANCELED',
  'TOKEN_EXPIRED',
  'PAYMENT_ONHOLD_PARTNER',
  'BROWSER_NOT_SUPPORTED',
]);

export const isFinal = (type: string): boolean => FINAL_STATES.has(type);

const SUCCESS = new Set(['PAYMENT_SUCCESS', 'PAYMENT_SUCCESS_FORCE_TICKET_DISPLAY']);

/**
 * Where the buyer goes at the end of a session (the ticket's button, the "back to
 * the shop" button, automaticRedirectAtSessionsEnd): returnUrl after a success or a
 * pending payment, cancelUrl otherwise, as the token services document.
 */
export function endUrl(s: Pick<SessionState, 'type' | 'returnUrl' | 'cancelUrl'>): string | undefined {
  return SUCCESS.has(s.type) || s.type === 'PAYMENT_ONHOLD_PARTNER' ? s.returnUrl : s.cancelUrl;
}

/** getTokenStatus's answer for an HTTP status and state: a pending session is ALIVE, an ended one EXPIRED. */
export function tokenStatus(httpStatus: number, type: string | undefined): 'ALIVE' | 'EXPIRED' | 'UNKNOWN' {
  if (httpStatus !== 200 || type === undefined) return 'UNKNOWN';
  return isFinal(type) ? 'EXPIRED' : 'ALIVE';
}

/**
 * The page the partner sends the buyer back to: the page that hosts the widget,
 * without the paylinetoken of an earlier return (the server appends the new one).
 */
export function merchantReturnUrl(href: string): string {
  const u = new URL(href);
  if (!u.searchParams.has('paylinetoken')) return u.href;
  u.searchParams.delete('paylinetoken');
  return u.href;
}

/**
 * The base URL of the token services, from the URL the widget script was loaded
 * from: `https://host/scripts/widget-min.js` and `https://host/cdn/scripts/widget-min.js`
 * both give `https://host`.
 */
export function serviceBase(scriptSrc: string): string {
  const u = new URL(scriptSrc);
  const path = u.pathname.replace(/\/(?:cdn\/)?scripts\/[^/]*$/, '');
  return `${u.origin}${path === '/' ? '' : path}`;
}

/** A data-* flag: "false" (any case, spaces around) is false, anything else (or absent) the default. */
export function flag(value: string | null | undefined, byDefault: boolean): boolean {
  if (value === null || value === undefined) return byDefault;
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1' || v === '') return true;
  return byDefault;
}

export type Template = 'column' | 'tab' | 'lightbox' | 'shortcut';

/** data-template as the widget reads it; an absent or unknown value is the column layout. */
export function template(value: string | null | undefined): Template {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'tab' || v === 'lightbox' || v === 'shortcut' ? v : 'column';
}

/** getContextInfo(key): the value of the state's info; `PaylineBuyerShippingAddress.street1` is a flat key there. */
export function contextInfo(info: Record<string, unknown> | undefined, key: unknown): unknown {
  if (!info || typeof key !== 'string') return undefined;
  return Object.prototype.hasOwnProperty.call(info, key) ? info[key] : undefined;
}

/** A saved card's expiry as the buyer reads it: the services give `MMyy` (`1129`), shown `11/29`; anything else as given. */
export function cardExpiry(date: string | undefined): string | undefined {
  if (!date) return undefined;
  return /^\d{4}$/.test(date) ? `${date.slice(0, 2)}/${date.slice(2)}` : date;
}

/**
 * The partner page to send the buyer to in PAYMENT_REDIRECT_NO_RESPONSE, or undefined: after a
 * saved-card payment the partner did not answer (walletCardIndex set) there is no page, only waiting.
 */
export function partnerUrl(state: Pick<SessionState, 'paymentRedirectNoResponse'>): string | undefined {
  const data = state.paymentRedirectNoResponse;
  if (data?.walletCardIndex !== null && data?.walletCardIndex !== undefined) return undefined;
  return data?.redirectionData?.requestUrl || undefined;
}

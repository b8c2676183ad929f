/**
 * The session state of Monext's token services (GET /services/token/{token}/state/current and
 * the answers of paymentRequest / walletPaymentRequest), as the payment widget and Monext's
 * native SDKs read it: common fields, the `info` object behind Payline.Api.getContextInfo, and
 * exactly one state object named after the state. The shapes are written down in
 * docs/widget-services.md. Pure: everything it needs comes in the input.
 */
import type { Language } from './language.js';
import { currencyAlpha, formatAmount, longDate } from './formats.js';
import { ACCEPTED, CANCELLED, EXPIRED } from './payments.js';
import type { Transaction, WalletCard, WebSession } from './model.js';
import { child, list, text, type XNode } from '../soap/envelope.js';

export const BANCONTACT = 'BANCONTACT_MNXT';

export type StateType = 'PAYMENT_METHODS_LIST' | 'PAYMENT_REDIRECT_NO_RESPONSE' | 'PAYMENT_SUCCESS' | 'PAYMENT_FAILURE' | 'PAYMENT_CANCELED' | 'TOKEN_EXPIRED';

/** The texts the state carries, per language. */
const TEXTS: Record<Language, Record<'buttonText' | 'description' | 'refused' | 'error' | 'canceled' | 'shop' | 'orderRef' | 'date' | 'transaction' | 'authorization' | 'card' | 'amount' | 'keep', string>> = {
  en: {
    buttonText: 'Pay with Bancontact',
    description: 'You will be sent to the Bancontact page to confirm the payment.',
    refused: 'Payment refused',
    error: 'The payment could not be made: an error occurred at the payment partner',
    canceled: 'Payment cancelled',
    shop: 'Shop',
    orderRef: 'Order reference',
    date: 'Date',
    transaction: 'Transaction number',
    authorization: 'Authorization number',
    card: 'Card',
    amount: 'Amount',
    keep: 'CUSTOMER RECEIPT TO KEEP',
  },
  fr: {
    buttonText: 'Payer avec Bancontact',
    description: 'Vous allez être redirigé vers la page Bancontact pour confirmer le paiement.',
    refused: 'Paiement refusé',
    error: "Le paiement n'a pas pu être effectué : une erreur est survenue chez le partenaire de paiement",
    canceled: 'Paiement annulé',
    shop: 'Boutique',
    orderRef: 'Référence de commande',
    date: 'Date',
    transaction: 'Numéro de transaction',
    authorization: "Numéro d'autorisation",
    card: 'Carte',
    amount: 'Montant',
    keep: 'TICKET CLIENT A CONSERVER',
  },
  nl: {
    buttonText: 'Betalen met Bancontact',
    description: 'U wordt naar de Bancontact-pagina gestuurd om de betaling te bevestigen.',
    refused: 'Betaling geweigerd',
    error: 'De betaling kon niet worden uitgevoerd: er is een fout opgetreden bij de betaalpartner',
    canceled: 'Betaling geannuleerd',
    shop: 'Winkel',
    orderRef: 'Bestelreferentie',
    date: 'Datum',
    transaction: 'Transactienummer',
    authorization: 'Autorisatienummer',
    card: 'Kaart',
    amount: 'Bedrag',
    keep: 'KLANTENTICKET TE BEWAREN',
  },
  de: {
    buttonText: 'Mit Bancontact bezahlen',
    description: 'Sie werden zur Bancontact-Seite weitergeleitet, um die Zahlung zu bestätigen.',
    refused: 'Zahlung abgelehnt',
    error: 'Die Zahlung konnte nicht ausgeführt werden: beim Zahlungspartner ist ein Fehler aufgetreten',
    canceled: 'Zahlung abgebrochen',
    shop: 'Shop',
    orderRef: 'Bestellnummer',
    date: 'Datum',
    transaction: 'Transaktionsnummer',
    authorization: 'Autorisierungsnummer',
    card: 'Karte',
    amount: 'Betrag',
    keep: 'KUNDENBELEG AUFBEWAHREN',
  },
};

/** The state a session is in, as the token services name it. */
export function stateType(s: WebSession): StateType {
  if (s.status === 'PENDING') return s.widget ? 'PAYMENT_REDIRECT_NO_RESPONSE' : 'PAYMENT_METHODS_LIST';
  switch (s.result?.code) {
    case ACCEPTED:
      return 'PAYMENT_SUCCESS';
    case CANCELLED:
      return 'PAYMENT_CANCELED';
    case EXPIRED:
      return 'TOKEN_EXPIRED';
    default:
      return 'PAYMENT_FAILURE';
  }
}

/** The states after which nothing more can happen. */
export function isFinalState(type: StateType): boolean {
  return type !== 'PAYMENT_METHODS_LIST' && type !== 'PAYMENT_REDIRECT_NO_RESPONSE';
}

export interface StateInput {
  session: WebSession;
  /** The simulator's clock. */
  now: number;
  /** The platform's time zone (dates are written in it). */
  timeZone: string;
  language: Language;
  /** The shop name shown in the ticket. */
  shopName: string;
  /** The point of sale's option of that name. */
  automaticRedirectAtSessionsEnd: boolean;
  /** The partner simulator page the buyer is sent to (the hosted page, redirectURL). */
  partnerPageUrl: string;
  /** The buyer's saved card, when the point of sale saves wallets and doWebPayment carried buyer.walletId. */
  wallet?: WalletCard;
  /** The session's payment transaction, once final (not after expiry). */
  transaction?: Transaction;
  /** The shop URLs with paylinetoken appended. */
  returnUrl: string;
  cancelUrl: string;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** The SessionState JSON of a session. */
export function sessionState(input: StateInput): Record<string, Json> {
  const s = input.session;
  const type = stateType(s);
  return {
    token: s.token,
    type,
    creationDate: javaDate(s.createdAt, input.timeZone),
    cancelUrl: input.cancelUrl,
    returnUrl: input.returnUrl,
    pointOfSale: s.pointOfSale,
    merchantName: input.shopName,
    pointOfSaleAddress: null,
    language: input.language,
    automaticRedirectAtSessionsEnd: input.automaticRedirectAtSessionsEnd,
    isSandbox: true,
    scripts: [],
    info: contextInfo(s),
    [stateKey(type)]: stateObject(type, input),
  };
}

function stateKey(type: StateType): string {
  // PAYMENT_METHODS_LIST -> paymentMethodsList
  return type.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function stateObject(type: StateType, input: StateInput): Json {
  const s = input.session;
  const t = TEXTS[input.language];
  const selected = { selectedCardCode: BANCONTACT, selectedContractNumber: s.contractNumber };
  switch (type) {
    case 'PAYMENT_METHODS_LIST':
      return {
        wallets: input.wallet ? [walletEntry(input.wallet, s.contractNumber)] : [],
        paymentMethods: [
          {
            cardCode: BANCONTACT,
            contractNumber: s.contractNumber,
            state: 'AVAILABLE',
            // a number in Monext's answers (0 in every public fixture); the Android SDK reads an Int
            paymentMethodAction: 0,
            paymentParamsToBeControlled: [],
            hasForm: true,
            // buttonText at the top (the reference's shape) and in button{} (the Android SDK's PaymentForm)
            form: { displayButton: true, description: t.description, buttonText: t.buttonText, button: { buttonText: t.buttonText }, formFields: [], formType: 'REDIRECT' },
            hasLogo: false,
            logo: null,
            isIsolated: false,
            disabled: false,
            shouldBeInTopPosition: false,
            options: [],
            additionalData: {},
            requestContext: null,
            confirm: [],
          },
        ],
        isOriginalCreditTransfer: false,
        needsDeviceFingerprint: false,
        scoringNeeded: false,
        sensitiveInputContentMasked: false,
        shouldChangePaymentMethodPosition: false,
      };
    case 'PAYMENT_REDIRECT_NO_RESPONSE':
      return {
        cardCode: BANCONTACT,
        contractNumber: s.contractNumber,
        // the saved card's index when the wallet payment waits for the partner (a "never" scenario)
        walletCardIndex: s.widget?.via === 'walletPaymentRequest' ? WALLET_CARD_INDEX : null,
        redirectionData: {
          requestType: 'GET',
          requestUrl: input.partnerPageUrl,
          requestFields: {},
          iframeEmbeddable: false,
          // numbers, 0 when not embeddable (as in Monext's answers; the Android SDK requires them)
          iframeWidth: 0,
          iframeHeight: 0,
          timeoutInMs: Math.max(0, s.expiresAt - input.now),
          hasPartnerLogo: false,
          partnerLogoKey: null,
          isCompletionMethod: false,
        },
      };
    case 'PAYMENT_SUCCESS':
      return {
        displayTicket: true,
        fragmented: false,
        paymentCard: input.transaction?.card?.maskedPan ?? null,
        ...selected,
        ticket: ticket(input),
      };
    case 'PAYMENT_FAILURE': {
      const r = s.result!;
      return {
        message: { type: 'ERROR', localizedMessage: r.shortMessage === 'REFUSED' ? t.refused : t.error, displayIcon: true },
        ...selected,
        result: { code: r.code, shortMessage: r.shortMessage, longMessage: r.longMessage },
      };
    }
    case 'PAYMENT_CANCELED':
      return { message: { type: 'ERROR', localizedMessage: t.canceled, displayIcon: true }, ...selected };
    case 'TOKEN_EXPIRED':
      return {};
  }
}

/** Index of the one saved card of a session's wallet: Monext numbers a wallet's cards from 1. */
export const WALLET_CARD_INDEX = 1;

function walletEntry(w: WalletCard, contractNumber: string): Json {
  const holder = [w.firstName, w.lastName].filter((v) => v !== undefined).join(' ');
  return {
    index: WALLET_CARD_INDEX,
    cardCode: BANCONTACT,
    cardType: BANCONTACT,
    contractNumber,
    isDefault: true,
    isExpired: false,
    expiredMore6Months: false,
    // DATE as MMyy, as in Monext's answers
    additionalData: { PAN: w.card.maskedPan, DATE: w.card.expiry.replace('/', ''), ...(holder && { HOLDER: holder }), ...(w.email !== undefined && { EMAIL: w.email }) },
    hasCustomLogo: false,
    hasCustomLogoBase64: false,
    hasCustomLogoUrl: false,
    customLogoRatio: 0,
    hasSpecificDisplay: false,
    isPmAPI: false,
    isDeletable: false,
    confirm: [],
    options: [],
  };
}

function ticket(input: StateInput): Json[] {
  const s = input.session;
  const tx = input.transaction;
  const t = TEXTS[input.language];
  // as Monext's tickets: a style only on the amount and on the closing "keep" line
  const line = (k: string, v: string | undefined, style?: 'ticketAmount'): Json[] => (v === undefined ? [] : [{ i: false, k, v, ...(style && { s: style }), t: 0 }]);
  return [
    ...line(t.shop, input.shopName),
    ...line(t.orderRef, text(s.request, 'order.ref')),
    ...line(t.date, longDate(tx?.date ?? s.finishedAt ?? input.now, input.timeZone)),
    ...line(t.transaction, tx?.id),
    ...line(t.authorization, tx?.authorizationNumber),
    ...line(t.card, tx?.card?.maskedPan),
    ...line(t.amount, formatAmount(text(s.request, 'payment.amount') ?? '0', text(s.request, 'payment.currency') ?? '978'), 'ticketAmount'),
    { i: false, s: 'ticketKeep', v: t.keep, t: 0 },
  ];
}

/**
 * The merchant account's country, always in Monext's info (the Android SDK requires it). The
 * fixtures have no country: the simulator's accounts are taken as French, as Monext's are in every
 * public example.
 */
export const MERCHANT_COUNTRY = 'FR';

/** Fields of an order detail line, as getContextInfo('PaylineOrderDetails') gives them. */
const DETAIL_FIELDS = ['ref', 'price', 'quantity', 'comment', 'category', 'brand', 'subcategory1', 'subcategory2', 'additionalData', 'taxRate'] as const;
const ADDRESS_FIELDS = ['name', 'street1', 'street2', 'cityName', 'zipCode', 'country', 'phone'] as const;

/** The `info` object: what Payline.Api.getContextInfo(key) reads. A key is absent when the request did not give its value. */
export function contextInfo(s: WebSession): Record<string, Json> {
  const r = s.request;
  const info: Record<string, Json> = {};
  const put = (key: string, v: Json | undefined) => {
    if (v !== undefined) info[key] = v;
  };
  const currency = text(r, 'payment.currency') ?? '978';
  const amount = text(r, 'payment.amount');
  const orderAmount = text(r, 'order.amount');
  put('PaylineAmountSmallestUnit', amount === undefined ? undefined : Number(amount));
  put('PaylineCurrencyDigits', 2);
  put('PaylineCurrencyCode', currencyAlpha(currency));
  put('PaylineFormattedAmount', amount === undefined ? undefined : formatAmount(amount, currency));
  put('PaylineOrderAmountSmallestUnit', orderAmount === undefined ? undefined : Number(orderAmount));
  put('PaylineFormattedOrderAmount', orderAmount === undefined ? undefined : formatAmount(orderAmount, text(r, 'order.currency') ?? currency));
  put('PaylineOrderRef', text(r, 'order.ref'));
  put('PaylineOrderDate', text(r, 'order.date')?.trim().slice(0, 16));
  put('PaylineOrderDeliveryMode', text(r, 'order.deliveryMode'));
  put('PaylineOrderDeliveryTime', text(r, 'order.deliveryTime'));
  const details = list(child(r, 'order.details')?.['details']).flatMap((d: XNode) => {
    if (typeof d !== 'object' || Array.isArray(d)) return [];
    const line: Record<string, Json> = {};
    for (const f of DETAIL_FIELDS) {
      const v = text(d, f);
      if (v !== undefined) line[f] = v;
    }
    return [line];
  });
  put('PaylineOrderDetails', details);
  put('PaylineBuyerFirstName', text(r, 'buyer.firstName'));
  put('PaylineBuyerLastName', text(r, 'buyer.lastName'));
  put('PaylineBuyerEmail', text(r, 'buyer.email'));
  put('PaylineBuyerIp', text(r, 'buyer.ip'));
  put('PaylineBuyerMobilePhone', text(r, 'buyer.mobilePhone'));
  for (const f of ADDRESS_FIELDS) put(`PaylineBuyerShippingAddress.${f}`, text(r, `buyer.shippingAdress.${f}`));
  put('PaylineMerchantCountry', MERCHANT_COUNTRY);
  return info;
}

const javaFormatters = new Map<string, { date: Intl.DateTimeFormat; zone: Intl.DateTimeFormat }>();

/**
 * Java's Date.toString() in a time zone: `EEE MMM dd HH:mm:ss zzz yyyy`, e.g.
 * "Fri Aug 01 15:14:16 CEST 2025" (en-GB names the zone CET/CEST/BST/UTC as Java does;
 * zones it has no abbreviation for come out as GMT+n).
 */
export function javaDate(ms: number, timeZone: string): string {
  let f = javaFormatters.get(timeZone);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', year: 'numeric', hourCycle: 'h23' }),
      zone: new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }),
    };
    javaFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.date.formatToParts(new Date(ms))) p[type] = value;
  const zone = f.zone.formatToParts(new Date(ms)).find((x) => x.type === 'timeZoneName')?.value ?? timeZone;
  return `${p.weekday} ${p.month} ${p.day} ${p.hour}:${p.minute}:${p.second} ${zone} ${p.year}`;
}

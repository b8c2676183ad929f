/**
 * The SessionState JSON of the token services, built from sessions that Payments
 * made (manual clock, seeded ids, default fixtures): each state and its one
 * state object, the info object behind getContextInfo, the Java-style creation
 * date, and the language rule used until issue 13's is merged.
 */
import { describe, expect, it } from 'vitest';
import { merchantOf, paymentsHarness, START } from './default-fixtures.test-support.js';
import type { WebSession } from './model.js';
import { contextInfo, isFinalState, javaDate, sessionState, stateType, type StateInput } from './widget-state.js';
import type { XObj } from '../soap/envelope.js';

const DEMO = merchantOf('12345678901234');
const PUBLIC_URL = 'http://sim.test:8080';

function request(extra: Record<string, unknown> = {}): XObj {
  return {
    version: '34',
    payment: { amount: '123456', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
    returnURL: 'https://shop.test/return',
    cancelURL: 'https://shop.test/cancel',
    order: { ref: 'ORDER-7', amount: '123456', currency: '978', date: '19/01/2024 10:30', country: 'BE' },
    buyer: { lastName: 'Peeters', firstName: 'An', email: 'an@shop.test' },
    ...extra,
  } as XObj;
}

function newSession(extra: Record<string, unknown> = {}) {
  const h = paymentsHarness(3, PUBLIC_URL);
  const answer = h.payments.doWebPayment(DEMO, request(extra));
  expect(answer.result.code).toBe('00000');
  const session = h.store.getSession(answer.token!)!;
  const input = (s: WebSession, more: Partial<StateInput> = {}): StateInput => {
    const tx = s.transactionId === undefined ? undefined : h.store.getTransaction(s.transactionId);
    return {
      session: s,
      now: h.clock.now(),
      timeZone: 'Europe/Paris',
      language: 'en',
      shopName: 'DemoShop',
      automaticRedirectAtSessionsEnd: false,
      partnerPageUrl: h.payments.redirectURL(s.token),
      returnUrl: `https://shop.test/return?paylinetoken=${s.token}`,
      cancelUrl: `https://shop.test/cancel?paylinetoken=${s.token}`,
      ...(tx && { transaction: tx }),
      ...more,
    };
  };
  return { ...h, session, input };
}

const STATE_KEYS = ['paymentMethodsList', 'paymentRedirectNoResponse', 'paymentSuccess', 'paymentFailure', 'paymentCanceled', 'tokenExpired'];

/** The state objects present in a SessionState. */
function stateObjects(state: Record<string, unknown>): string[] {
  return Object.keys(state).filter((k) => STATE_KEYS.includes(k));
}

describe('javaDate', () => {
  it("writes Java's Date.toString() in the platform's zone", () => {
    expect(javaDate(START, 'Europe/Paris')).toBe('Fri Jan 19 10:35:10 CET 2024');
    expect(javaDate(Date.UTC(2025, 7, 1, 13, 14, 16), 'Europe/Paris')).toBe('Fri Aug 01 15:14:16 CEST 2025');
    expect(javaDate(Date.UTC(2025, 7, 1, 13, 14, 16), 'UTC')).toBe('Fri Aug 01 13:14:16 UTC 2025');
  });
});

describe('sessionState', () => {
  it('PAYMENT_METHODS_LIST for a pending session: the common fields and Bancontact, no wallet', () => {
    const { session, input } = newSession();
    const state = sessionState(input(session, { language: 'fr', automaticRedirectAtSessionsEnd: true }));
    expect(state).toMatchObject({
      token: session.token,
      type: 'PAYMENT_METHODS_LIST',
      creationDate: 'Fri Jan 19 10:35:10 CET 2024',
      cancelUrl: `https://shop.test/cancel?paylinetoken=${session.token}`,
      returnUrl: `https://shop.test/return?paylinetoken=${session.token}`,
      pointOfSale: 'POS1',
      language: 'fr',
      automaticRedirectAtSessionsEnd: true,
      isSandbox: true,
    });
    expect(stateObjects(state)).toEqual(['paymentMethodsList']);
    const list = state['paymentMethodsList'] as { wallets: unknown[]; paymentMethods: Record<string, unknown>[] };
    expect(list.wallets).toEqual([]);
    expect(list.paymentMethods).toHaveLength(1);
    expect(list.paymentMethods[0]).toMatchObject({
      cardCode: 'BANCONTACT_MNXT',
      contractNumber: 'BANCONTACT',
      state: 'AVAILABLE',
      hasForm: true,
      form: { displayButton: true, buttonText: 'Payer avec Bancontact' },
      hasLogo: false,
    });
  });

  it('lists the saved card of the wallet given', () => {
    const { session, input } = newSession();
    const wallet = { merchantId: DEMO.merchantId, walletId: 'W1', card: { maskedPan: '670999XXXXXX4321', expiry: '01/27' }, firstName: 'An', lastName: 'Peeters', email: 'an@shop.test', createdAt: START };
    const state = sessionState(input(session, { wallet }));
    expect((state['paymentMethodsList'] as { wallets: unknown[] }).wallets).toEqual([
      expect.objectContaining({
        index: 1,
        cardCode: 'BANCONTACT_MNXT',
        cardType: 'BANCONTACT_MNXT',
        isDefault: true,
        isExpired: false,
        isDeletable: false,
        additionalData: { PAN: '670999XXXXXX4321', DATE: '0127', HOLDER: 'An Peeters', EMAIL: 'an@shop.test' },
      }),
    ]);
  });

  it('PAYMENT_REDIRECT_NO_RESPONSE once the widget asked for the payment: a GET to the partner page, the time left as timeout', () => {
    const { session, input, payments, clock } = newSession();
    payments.requestByWidget(session, 'paymentRequest', 'https://shop.test/checkout');
    clock.advance(60);
    const state = sessionState(input(session));
    expect(state['type']).toBe('PAYMENT_REDIRECT_NO_RESPONSE');
    expect(stateObjects(state)).toEqual(['paymentRedirectNoResponse']);
    expect(state['paymentRedirectNoResponse']).toEqual({
      cardCode: 'BANCONTACT_MNXT',
      contractNumber: 'BANCONTACT',
      walletCardIndex: null,
      redirectionData: {
        requestType: 'GET',
        requestUrl: `${PUBLIC_URL}/v2/?token=${session.token}`,
        requestFields: {},
        iframeEmbeddable: false,
        iframeWidth: 0,
        iframeHeight: 0,
        timeoutInMs: 60 * 60_000,
        hasPartnerLogo: false,
        partnerLogoKey: null,
        isCompletionMethod: false,
      },
    });
  });

  it('PAYMENT_SUCCESS with the ticket of the transaction', () => {
    const { session, input, payments, store } = newSession();
    payments.act(session.token, { type: 'pay' });
    const tx = store.getTransaction(session.transactionId!)!;
    const state = sessionState(input(session));
    expect(stateType(session)).toBe('PAYMENT_SUCCESS');
    expect(stateObjects(state)).toEqual(['paymentSuccess']);
    const success = state['paymentSuccess'] as { ticket: { k?: string; v: string; s?: string }[] };
    expect(success).toMatchObject({ displayTicket: true, paymentCard: tx.card!.maskedPan, selectedCardCode: 'BANCONTACT_MNXT', selectedContractNumber: 'BANCONTACT' });
    expect(success.ticket.map((l) => [l.k, l.v, l.s])).toEqual([
      ['Shop', 'DemoShop', undefined],
      ['Order reference', 'ORDER-7', undefined],
      ['Date', '19/01/2024 10:35:10', undefined],
      ['Transaction number', tx.id, undefined],
      ['Authorization number', tx.authorizationNumber!, undefined],
      ['Card', tx.card!.maskedPan, undefined],
      ['Amount', '1\u202f234,56 EUR', 'ticketAmount'],
      [undefined, 'CUSTOMER RECEIPT TO KEEP', 'ticketKeep'],
    ]);
    expect(success.ticket.every((l) => (l as { t?: number }).t === 0)).toBe(true);
  });

  it('PAYMENT_FAILURE for a partner refusal and for an error, in the session language', () => {
    for (const [code, message] of [
      ['02020', 'Betaling geweigerd'],
      ['02106', 'De betaling kon niet worden uitgevoerd: er is een fout opgetreden bij de betaalpartner'],
      ['02012', 'De betaling kon niet worden uitgevoerd: er is een fout opgetreden bij de betaalpartner'],
    ] as const) {
      const { session, input, payments } = newSession();
      payments.act(session.token, { type: 'code', code, by: 'api' });
      const state = sessionState(input(session, { language: 'nl' }));
      expect(state['type']).toBe('PAYMENT_FAILURE');
      expect(stateObjects(state)).toEqual(['paymentFailure']);
      expect(state['paymentFailure']).toMatchObject({
        message: { type: 'ERROR', localizedMessage: message, displayIcon: true },
        selectedCardCode: 'BANCONTACT_MNXT',
        selectedContractNumber: 'BANCONTACT',
        result: { code },
      });
    }
  });

  it('PAYMENT_CANCELED after ABORT, TOKEN_EXPIRED after expiry', () => {
    const aborted = newSession();
    aborted.payments.act(aborted.session.token, { type: 'abort' });
    const canceled = sessionState(aborted.input(aborted.session, { language: 'de' }));
    expect(stateObjects(canceled)).toEqual(['paymentCanceled']);
    expect(canceled['paymentCanceled']).toEqual({
      message: { type: 'ERROR', localizedMessage: 'Zahlung abgebrochen', displayIcon: true },
      selectedCardCode: 'BANCONTACT_MNXT',
      selectedContractNumber: 'BANCONTACT',
    });

    const late = newSession();
    late.clock.advance(61 * 60);
    const s = late.payments.session(late.session.token)!;
    const expired = sessionState(late.input(s));
    expect(expired['type']).toBe('TOKEN_EXPIRED');
    expect(stateObjects(expired)).toEqual(['tokenExpired']);
    expect(expired['tokenExpired']).toEqual({});
  });

  it('final states are the four ends', () => {
    expect(['PAYMENT_METHODS_LIST', 'PAYMENT_REDIRECT_NO_RESPONSE', 'PAYMENT_SUCCESS', 'PAYMENT_FAILURE', 'PAYMENT_CANCELED', 'TOKEN_EXPIRED'].map((t) => isFinalState(t as never))).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('contextInfo', () => {
  it('gives the getContextInfo keys the request carries, numbers as numbers, nothing for absent fields', () => {
    const { session } = newSession();
    expect(contextInfo(session)).toEqual({
      PaylineAmountSmallestUnit: 123456,
      PaylineCurrencyDigits: 2,
      PaylineCurrencyCode: 'EUR',
      PaylineFormattedAmount: '1\u202f234,56 EUR',
      PaylineOrderAmountSmallestUnit: 123456,
      PaylineFormattedOrderAmount: '1\u202f234,56 EUR',
      PaylineOrderRef: 'ORDER-7',
      PaylineOrderDate: '19/01/2024 10:30',
      PaylineBuyerFirstName: 'An',
      PaylineBuyerLastName: 'Peeters',
      PaylineBuyerEmail: 'an@shop.test',
      PaylineOrderDetails: [],
      PaylineMerchantCountry: 'FR',
    });
  });

  it('reads delivery, order details, buyer ip, mobile phone and shipping address', () => {
    const { session } = newSession({
      order: {
        ref: 'ORDER-8',
        amount: '2000',
        currency: '978',
        date: '19/01/2024 10:30:45',
        deliveryMode: '4',
        deliveryTime: '1',
        details: { details: [{ ref: 'SKU-1', price: '1000', quantity: '1' }, { ref: 'SKU-2', price: '500', quantity: '2', comment: 'gift' }] },
      },
      payment: { amount: '2000', currency: '978', action: '101', mode: 'CPT', contractNumber: 'BANCONTACT' },
      buyer: {
        lastName: 'Peeters',
        firstName: 'An',
        email: 'an@shop.test',
        ip: '192.0.2.7',
        mobilePhone: '0470123456',
        shippingAdress: { name: 'An Peeters', street1: 'Rue Haute 1', cityName: 'Bruxelles', zipCode: '1000', country: 'BE' },
      },
    });
    const info = contextInfo(session);
    expect(info).toMatchObject({
      PaylineOrderDate: '19/01/2024 10:30',
      PaylineOrderDeliveryMode: '4',
      PaylineOrderDeliveryTime: '1',
      PaylineOrderDetails: [
        { ref: 'SKU-1', price: '1000', quantity: '1' },
        { ref: 'SKU-2', price: '500', quantity: '2', comment: 'gift' },
      ],
      PaylineBuyerIp: '192.0.2.7',
      PaylineBuyerMobilePhone: '0470123456',
      'PaylineBuyerShippingAddress.name': 'An Peeters',
      'PaylineBuyerShippingAddress.street1': 'Rue Haute 1',
      'PaylineBuyerShippingAddress.cityName': 'Bruxelles',
      'PaylineBuyerShippingAddress.zipCode': '1000',
      'PaylineBuyerShippingAddress.country': 'BE',
    });
    expect(info).not.toHaveProperty('PaylineBuyerShippingAddress.street2');
    expect(info['PaylineMerchantCountry']).toBe('FR');
  });
});

import { describe, expect, it } from 'vitest';
import { cardExpiry, contextInfo, endUrl, FINAL_STATES, flag, isFinal, merchantReturnUrl, partnerUrl, serviceBase, template, tokenStatus } from './state.js';

describe('widget decisions', () => {
  it('finds the services on the host the script came from, also under /cdn/ and a path prefix', () => {
    expect(serviceBase('https://homologation-payment.payline.com/scripts/widget-min.js')).toBe('https://homologation-payment.payline.com');
    expect(serviceBase('https://homologation-payment.cdn.payline.com/cdn/scripts/widget-min.js?v=2')).toBe('https://homologation-payment.cdn.payline.com');
    expect(serviceBase('http://localhost:8080/sim/scripts/widget-min.js')).toBe('http://localhost:8080/sim');
  });

  it('sends the partner back to the page itself, without the paylinetoken of an earlier return', () => {
    expect(merchantReturnUrl('https://shop.test/checkout/?paylinetoken=OLD&x=1#payment')).toBe('https://shop.test/checkout/?x=1#payment');
    expect(merchantReturnUrl('https://shop.test/?wc-api=G&paylinetoken=OLD')).toBe('https://shop.test/?wc-api=G');
    expect(merchantReturnUrl('https://shop.test/a?b=%20c')).toBe('https://shop.test/a?b=%20c');
  });

  it('splits final from pending states, and ends on returnUrl after a success, cancelUrl otherwise', () => {
    for (const s of ['PAYMENT_SUCCESS', 'PAYMENT_FAILURE', 'PAYMENT_CANCELED', 'TOKEN_EXPIRED', 'PAYMENT_ONHOLD_PARTNER']) expect(isFinal(s)).toBe(true);
    for (const s of ['PAYMENT_METHODS_LIST', 'PAYMENT_REDIRECT_NO_RESPONSE', 'ACTIVE_WAITING', 'PAYMENT_FAILURE_WITH_RETRY']) expect(isFinal(s)).toBe(false);
    const urls = { returnUrl: 'R', cancelUrl: 'C' };
    expect(endUrl({ ...urls, type: 'PAYMENT_SUCCESS' })).toBe('R');
    expect(endUrl({ ...urls, type: 'PAYMENT_FAILURE' })).toBe('C');
    expect(endUrl({ ...urls, type: 'PAYMENT_CANCELED' })).toBe('C');
    expect(endUrl({ ...urls, type: 'TOKEN_EXPIRED' })).toBe('C');
  });

  it('answers getTokenStatus: ALIVE while pending, EXPIRED once ended, UNKNOWN without a session', () => {
    expect(tokenStatus(200, 'PAYMENT_METHODS_LIST')).toBe('ALIVE');
    expect(tokenStatus(200, 'PAYMENT_REDIRECT_NO_RESPONSE')).toBe('ALIVE');
    expect(tokenStatus(200, 'TOKEN_EXPIRED')).toBe('EXPIRED');
    expect(tokenStatus(200, 'PAYMENT_SUCCESS')).toBe('EXPIRED');
    expect(tokenStatus(404, undefined)).toBe('UNKNOWN');
    expect(tokenStatus(0, undefined)).toBe('UNKNOWN');
  });

  it('reads data-* flags and templates as the modules write them', () => {
    expect(flag(null, true)).toBe(true);
    expect(flag('false', true)).toBe(false);
    expect(flag(' FALSE ', true)).toBe(false);
    expect(flag('true', false)).toBe(true);
    expect(flag('', false)).toBe(true);
    expect(flag('maybe', false)).toBe(false);
    expect(template('tab')).toBe('tab');
    expect(template('LIGHTBOX')).toBe('lightbox');
    expect(template(null)).toBe('column');
    expect(template('redirect')).toBe('column');
  });

  it('reads context info by key, dotted keys included, and nothing from the prototype', () => {
    const info = { PaylineFormattedAmount: '10,00 EUR', 'PaylineBuyerShippingAddress.cityName': 'Gent', PaylineAmountSmallestUnit: 1000 };
    expect(contextInfo(info, 'PaylineFormattedAmount')).toBe('10,00 EUR');
    expect(contextInfo(info, 'PaylineBuyerShippingAddress.cityName')).toBe('Gent');
    expect(contextInfo(info, 'PaylineAmountSmallestUnit')).toBe(1000);
    expect(contextInfo(info, 'toString')).toBeUndefined();
    expect(contextInfo(undefined, 'PaylineOrderRef')).toBeUndefined();
    expect(contextInfo(info, 42)).toBeUndefined();
  });

  it("shows a saved card's MMyy expiry as MM/yy", () => {
    expect(cardExpiry('1129')).toBe('11/29');
    expect(cardExpiry('11/29')).toBe('11/29');
    expect(cardExpiry(undefined)).toBeUndefined();
  });

  it('goes to the partner page after a payment request, only waits after a saved-card payment the partner did not answer', () => {
    const redirectionData = { requestType: 'GET', requestUrl: 'http://sim/v2/?token=T' };
    expect(partnerUrl({ paymentRedirectNoResponse: { walletCardIndex: null, redirectionData } })).toBe('http://sim/v2/?token=T');
    expect(partnerUrl({ paymentRedirectNoResponse: { redirectionData } })).toBe('http://sim/v2/?token=T');
    expect(partnerUrl({ paymentRedirectNoResponse: { walletCardIndex: 1, redirectionData } })).toBeUndefined();
    expect(partnerUrl({ paymentRedirectNoResponse: { walletCardIndex: null, redirectionData: { requestUrl: '' } } })).toBeUndefined();
    expect(partnerUrl({})).toBeUndefined();
  });
});

describe('the kit', () => {
  it("waits for the widget's own final states", async () => {
    const { WIDGET_FINAL_STATES } = await import('../kit/widget.js');
    expect([...WIDGET_FINAL_STATES].sort()).toEqual([...FINAL_STATES].sort());
  });
});

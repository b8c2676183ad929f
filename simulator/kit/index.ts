/**
 * `bancontact-homologation-simulator/kit`: Playwright page objects for a
 * merchant's own end-to-end tests: the hosted payment page (redirect mode) and
 * the payment widget (in-shop mode).
 */
export { HostedPaymentPage, type WaitForReturnOptions } from './hosted-page.js';
export { PaymentWidget, WIDGET_FINAL_STATES, type WidgetWaitOptions } from './widget.js';

/**
 * bancontact-homologation-simulator: a local stand-in for Monext Online's
 * (Payline) homologation platform for Bancontact, to start from a test set-up.
 *
 * Global set-up (vitest `globalSetup`, jest `globalSetup`/`globalTeardown`,
 * Playwright `globalSetup`):
 *
 * ```ts
 * import { startSimulator } from 'bancontact-homologation-simulator';
 *
 * export default async function setup() {
 *   const sim = await startSimulator({ port: 0 }); // port 0: a free port; sim.url says which
 *   process.env.PAYLINE_URL = sim.url;             // e.g. http://127.0.0.1:41234
 *   // the shop calls `${sim.url}/V4/services/WebPaymentAPI` with 12345678901234 / DEMOACCESSKEY
 *   return async () => {
 *     await sim.close();
 *   };
 * }
 * ```
 *
 * In a browser test, the hosted page (the redirectURL) has a page object:
 *
 * ```ts
 * import { HostedPaymentPage } from 'bancontact-homologation-simulator/kit';
 *
 * const hosted = new HostedPaymentPage(page);     // a Playwright Page
 * await page.goto(`${shopUrl}/checkout`);         // the shop redirects to the hosted page
 * await hosted.chooseOutcome('02020');            // or hosted.pay(), hosted.abort()
 * const token = await hosted.waitForReturn(`${shopUrl}/payline/return`);
 * ```
 *
 * In-shop mode (the widget on the shop's own page) has one too:
 *
 * ```ts
 * import { PaymentWidget } from 'bancontact-homologation-simulator/kit';
 *
 * const widget = new PaymentWidget(page);
 * await page.goto(`${shopUrl}/checkout`);         // the page embeds widget-min.js and <div id="PaylineWidget">
 * await widget.payWithBancontact();               // partner page: MAKE A PAYMENT, back on the shop page
 * expect(await widget.waitForFinalState()).toBe('PAYMENT_SUCCESS');
 * ```
 *
 * With `httpsPort` it also answers over HTTPS as Monext's homologation hosts;
 * `sim.https` gives its URL, port and the CA to trust (`caPem`, `caFile`):
 *
 * ```ts
 * const sim = await startSimulator({ port: 0, httpsPort: 0, caDir: '/tmp/sim-ca' });
 * https.get({ host: '127.0.0.1', port: sim.https!.port, servername: 'homologation.payline.com', ca: sim.https!.caPem, … });
 * ```
 *
 * The command line does the same: `npx bancontact-simulator --port 8080`.
 */
export { startSimulator, type StartOptions, type RunningSimulator, type RunningHttps, type TlsOptions } from './server.js';
export { parseConfig, ConfigError, type Config } from './config.js';
export { CODES, OUTCOME_CODES, findCode, type OutcomeCode, type ResultCode, type Result, type ShortMessage } from './domain/codes.js';
export { HostedPaymentPage, type WaitForReturnOptions } from './kit/hosted-page.js';
export { PaymentWidget, WIDGET_FINAL_STATES, type WidgetWaitOptions } from './kit/widget.js';

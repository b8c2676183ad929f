/**
 * Shop pages that embed the payment widget the way the three modules write
 * them (see the modules' templates); the SOAP side (doWebPayment, the return and
 * cancel URLs, getWebPaymentDetails) is the test shop of merchant-app.ts.
 *
 *   GET /magento?template=…       Magento 2: an empty container, then a script that injects
 *                                  <div id="PaylineWidget" data-cspnonce …>, the stylesheet (once)
 *                                  and <script id="payline-widget-api-js"> appended last; a CSP header
 *                                  that allows only the simulator's origin, or the hosts given as
 *                                  `cspHosts` (and the page's nonce);
 *                                  its two callbacks: relabel the CTA with the amount on
 *                                  PAYMENT_METHODS_LIST, click the ticket's button on success, go to
 *                                  cancelUrl on PAYMENT_CANCELED / PAYMENT_FAILURE / TOKEN_EXPIRED;
 *                                  window.magentoWidgetApi.showWidget(token) / destroyWidget() as the
 *                                  module's WidgetApi. `css=none`: no stylesheet link, styles by nonce only.
 *   GET /woocommerce?template=…   WooCommerce: script and stylesheet first, then the div
 *                                  (data-embeddedredirectionallowed="true"), a "Cancel payment" button
 *                                  (endToken, then cancelUrl); on success it clicks the ticket's button
 *                                  in a setTimeout(0), as all the modules do (the ticket is drawn after
 *                                  finalstatehasbeenreached returns).
 *   GET /prestashop?template=…    PrestaShop lightbox: the div with data-auto-init="false", then the
 *                                  script and stylesheet; "Confirm order" is a form whose action is
 *                                  javascript:Payline.Api.init(). No callbacks of its own.
 *
 * Query: lastName, amount, walletId, languageCode go to doWebPayment; `returns` (JSON) is what
 * the recorded callbacks answer, e.g. {"finalstatehasbeenreached": false} ("throw": they throw); `paylinetoken` (the
 * buyer back from the partner page) shows the widget again with that token, no new doWebPayment,
 * as the modules do. Every page also wires all seven data-event-* callbacks to a recorder that
 * calls `window.plRecord(name, arg)` when the test has exposed it.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { MerchantApp, PaymentParams } from './merchant-app.js';

export interface WidgetShops {
  url: string;
  close(): Promise<void>;
}

export type ShopKind = 'magento' | 'woocommerce' | 'prestashop';

export const CALLBACKS = ['willinit', 'willshow', 'didshowstate', 'finalstatehasbeenreached', 'willdisplaymessage', 'willremovemessage', 'beforepayment'] as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A value for an inline script: JSON with `<` escaped so it cannot close the script element. */
const js = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/**
 * The recorder: each callback reports its name and argument, then answers what the test set in
 * window.plReturns (undefined otherwise). Magento's and WooCommerce's own handlers call it too.
 */
const recorder = (returns: unknown) => `
window.plReturns = ${js(returns ?? {})};
window.plRecorded = [];
function plRecorder(name) {
  return function (arg) {
    var copy = arg === undefined ? null : JSON.parse(JSON.stringify(arg));
    window.plRecorded.push({ name: name, arg: copy });
    if (window.plRecord) window.plRecord(name, copy);
    if (window.plReturns[name] === 'throw') throw new Error('callback ' + name + ' failed on purpose');
    return window.plReturns[name];
  };
}
${CALLBACKS.map((c) => `window.plOn${c} = plRecorder(${js(c)});`).join('\n')}
`;

const eventAttributes = (except: string[] = []) =>
  CALLBACKS.filter((c) => !except.includes(c))
    .map((c) => ` data-event-${c}="plOn${c}"`)
    .join('');

function magento(sim: string, token: string, template: string, returns: unknown, nonce: string, linkCss: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Magento checkout</title></head>
<body><h1>Checkout</h1><div id="payline-widget-container"></div>
<script nonce="${nonce}">
${recorder(returns)}
(function () {
  var cfg = ${js({ sim, token, template, nonce, linkCss })};
  // view/base/web/js/widget-api.js
  window.eventDidshowstate = function (e) {
    plOndidshowstate(e);
    if (e.state === 'PAYMENT_METHODS_LIST') {
      var label = 'Pay {{amount}} now'.replace('{{amount}}', Payline.Api.getContextInfo('PaylineFormattedAmount'));
      document.querySelectorAll('.PaylineWidget .pl-pay-btn, .PaylineWidget .pl-btn').forEach(function (b) {
        b.textContent = label;
        var p = document.createElement('p');
        p.className = 'pl-text-under-cta';
        p.textContent = 'You will be charged now.';
        b.parentNode.insertBefore(p, b.nextSibling);
      });
    }
  };
  window.eventFinalstatehasbeenreached = function (e) {
    var answer = plOnfinalstatehasbeenreached(e);
    if (e.state === 'PAYMENT_SUCCESS') {
      setTimeout(function () { document.getElementById('pl-ticket-default-ticket_btn').click(); }, 0);
    } else if (e.state === 'PAYMENT_CANCELED' || e.state === 'PAYMENT_FAILURE' || e.state === 'TOKEN_EXPIRED') {
      window.location = Payline.Api.getCancelAndReturnUrls().cancelUrl;
    }
    return answer;
  };
  // view/base/web/js/widget-api-vanilla.js showWidget(): the div, the CSS once, then the script
  function showWidget(token) {
    var div = document.createElement('div');
    div.id = 'PaylineWidget';
    div.setAttribute('data-token', token);
    div.setAttribute('data-template', cfg.template);
    div.setAttribute('data-embeddedredirectionallowed', 'false');
    div.setAttribute('data-cspnonce', cfg.nonce);
    div.setAttribute('data-event-finalstatehasbeenreached', 'eventFinalstatehasbeenreached');
    div.setAttribute('data-event-didshowstate', 'eventDidshowstate');
    ['willinit', 'willshow', 'willdisplaymessage', 'willremovemessage', 'beforepayment'].forEach(function (c) { div.setAttribute('data-event-' + c, 'plOn' + c); });
    document.getElementById('payline-widget-container').appendChild(div);
    if (!window.isPaylineWidgetCssApiLoaded && cfg.linkCss) {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = cfg.sim + '/styles/widget-min.css';
      document.head.appendChild(link);
      window.isPaylineWidgetCssApiLoaded = true;
    }
    var script = document.createElement('script');
    script.id = 'payline-widget-api-js';
    script.src = cfg.sim + '/scripts/widget-min.js';
    document.body.appendChild(script);
  }
  // destroyWidget(): the script removed, the container emptied (showWidget appends the script again)
  function destroyWidget() {
    var script = document.getElementById('payline-widget-api-js');
    if (script) script.remove();
    document.getElementById('payline-widget-container').replaceChildren();
  }
  window.magentoWidgetApi = { showWidget: showWidget, destroyWidget: destroyWidget };
  showWidget(cfg.token);
})();
</script></body></html>`;
}

function woocommerce(sim: string, token: string, template: string, returns: unknown): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>WooCommerce order-pay</title>
<script>${recorder(returns)}
function eventFinalstatehasbeenreached(e) {
  var answer = plOnfinalstatehasbeenreached(e);
  if (e.state === 'PAYMENT_SUCCESS') {
    // "Wait for DOM update to simulate a click on the ticket confirmation button"
    window.setTimeout(function () {
      var ticketConfirmationButton = document.getElementById('pl-ticket-default-ticket_btn');
      if (ticketConfirmationButton) ticketConfirmationButton.click();
    }, 0);
  }
  return answer;
}
function cancelPaylinePayment() {
  Payline.Api.endToken(); // end the token's life
  window.location.href = Payline.Api.getCancelAndReturnUrls().cancelUrl;
}
</script>
<script src="${esc(sim)}/scripts/widget-min.js"></script>
<link rel="stylesheet" href="${esc(sim)}/styles/widget-min.css">
</head><body><h1>Pay for order</h1>
<div id="PaylineWidget" data-token="${esc(token)}" data-template="${esc(template)}" data-embeddedredirectionallowed="true" data-event-finalstatehasbeenreached="eventFinalstatehasbeenreached"${eventAttributes(['finalstatehasbeenreached'])}></div>
<button type="button" id="wc-cancel" onclick="cancelPaylinePayment()">Cancel payment</button>
</body></html>`;
}

function prestashop(sim: string, token: string, template: string, returns: unknown, back: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PrestaShop order</title><script>${recorder(returns)}</script></head>
<body><h1>Order</h1>
<div id="PaylineWidget" data-token="${esc(token)}" data-template="${esc(template)}" data-auto-init="${back ? 'true' : 'false'}" data-embeddedredirectionallowed="false"${eventAttributes()}></div>
<script src="${esc(sim)}/scripts/widget-min.js"></script>
<link rel="stylesheet" href="${esc(sim)}/styles/widget-min.css">
<form id="ps-confirm" action="javascript:Payline.Api.init()"><button type="submit">Confirm order</button></form>
</body></html>`;
}

export interface WidgetShopsOptions {
  /**
   * The sources the Magento page's CSP allows for script, style, connect, frame, img and font
   * (default: the simulator's origin only), e.g. the six hosts of Magento's csp_whitelist.xml.
   */
  cspHosts?: readonly string[];
}

/**
 * Starts the pages on a free port of 127.0.0.1. `simulatorUrl` is the simulator as the
 * browser sees it: give it another origin than the shop's (e.g. http://localhost:<port>)
 * so that CORS and the CSP are really exercised.
 */
export async function startWidgetShops(simulatorUrl: string, shop: MerchantApp, options: WidgetShopsOptions = {}): Promise<WidgetShops> {
  const sim = simulatorUrl.replace(/\/+$/, '');
  const allowed = (options.cspHosts ?? [sim]).join(' ');
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://shop.invalid');
    const q = u.searchParams;
    const kind = u.pathname.slice(1) as ShopKind;
    if (u.pathname === '/favicon.ico') return send(res, 204, '');
    if (!['magento', 'woocommerce', 'prestashop'].includes(kind)) return send(res, 404, 'not found');
    const template = q.get('template') ?? 'column';
    const back = q.get('paylinetoken');
    let returns: unknown;
    try {
      returns = JSON.parse(q.get('returns') ?? '{}');
    } catch {
      return send(res, 400, 'returns must be JSON');
    }
    const params: PaymentParams = {};
    for (const k of ['lastName', 'amount', 'walletId', 'languageCode'] as const) {
      const v = q.get(k);
      if (v) params[k] = v;
    }
    const tokenFor = back ? Promise.resolve(back) : shop.createPayment(params).then((c) => c.token ?? '');
    tokenFor
      .then((token) => {
        if (!token) return send(res, 502, 'doWebPayment gave no token');
        if (kind === 'magento') {
          const nonce = randomBytes(12).toString('base64');
          // css=none: the page links no stylesheet and allows styles by nonce only (the widget adds its link with data-cspnonce)
          const linkCss = q.get('css') !== 'none';
          const csp = `default-src 'none'; script-src 'nonce-${nonce}' ${allowed}; style-src ${linkCss ? allowed : `'nonce-${nonce}'`}; connect-src ${allowed}; frame-src ${allowed}; img-src ${allowed}; font-src ${allowed}; base-uri 'none'; form-action 'none'`;
          return send(res, 200, magento(sim, token, template, returns, nonce, linkCss), { 'content-security-policy': csp });
        }
        if (kind === 'woocommerce') return send(res, 200, woocommerce(sim, token, template, returns));
        return send(res, 200, prestashop(sim, token, template, returns, back !== null));
      })
      .catch((e: unknown) => send(res, 502, esc(e instanceof Error ? e.message : String(e))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

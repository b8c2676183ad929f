/**
 * The back office: an HTML view of the simulator's sessions, in the spirit of
 * Monext's admin centre.
 *
 *   GET /_simulator/                     sessions newest first, filtered by a GET form
 *                                        (GET /_simulator redirects there)
 *   GET /_simulator/ui/sessions/{token}  one transaction: its data, refunds and the
 *                                        messages exchanged (SOAP, page, redirect,
 *                                        notification, expiry), in order
 *
 * Also the small XML pretty-printer and highlighter the demo shop uses: it only
 * reads the text (never evaluates it) and escapes every piece before wrapping it
 * in a span.
 */
import type { FastifyInstance } from 'fastify';
import { longMessageNote, type ShortMessage } from '../domain/codes.js';
import { currencyAlpha, formatAmount, longDate } from '../domain/formats.js';
import type { JournalEntry } from '../domain/journal.js';
import type { Transaction, WebSession } from '../domain/model.js';
import { text } from '../soap/envelope.js';
import type { SimulatorContext } from './context.js';
import { HttpError, queryValue } from './errors.js';
import { hasOrderRef, sessionOrigin, sessionSummary, sessionTransactions } from './session-view.js';

// ---------------------------------------------------------------------------
// HTML and XML display helpers

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Beyond this many characters a message is shown cut (the journal keeps it whole). */
export const MAX_SHOWN_XML = 200_000;
/** Each message cut to this where many are shown: the list page's exchanges without a session, a session's page past PAGE_SHOWN_XML. */
const LIST_SHOWN_XML = 5_000;
/** The characters of SOAP messages a session's page shows in full before it cuts them to LIST_SHOWN_XML. */
const PAGE_SHOWN_XML = 2_000_000;

type XmlToken =
  | { t: 'open'; name: string; attrs: string; selfClosing: boolean }
  | { t: 'close'; name: string }
  | { t: 'text'; value: string }
  | { t: 'other'; value: string; cls: string };

/** Splits XML into tags and text; undefined when a `<` is never closed (then the caller shows plain text). */
function tokenize(xml: string): XmlToken[] | undefined {
  const out: XmlToken[] = [];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? n : next;
      out.push({ t: 'text', value: xml.slice(i, end) });
      i = end;
      continue;
    }
    const special = (open: string, close: string, cls: string): boolean => {
      if (!xml.startsWith(open, i)) return false;
      const end = xml.indexOf(close, i + open.length);
      if (end < 0) throw new RangeError('unterminated');
      out.push({ t: 'other', value: xml.slice(i, end + close.length), cls });
      i = end + close.length;
      return true;
    };
    try {
      if (special('<!--', '-->', 'x-c') || special('<![CDATA[', ']]>', 'x-tx') || special('<?', '?>', 'x-d') || special('<!', '>', 'x-d')) continue;
    } catch {
      return undefined;
    }
    // a tag: up to the first '>' outside quotes
    let j = i + 1;
    let quote = '';
    for (; j < n; j++) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= n) return undefined;
    const inner = xml.slice(i + 1, j);
    i = j + 1;
    if (inner.startsWith('/')) {
      out.push({ t: 'close', name: inner.slice(1).trim() });
      continue;
    }
    const selfClosing = inner.endsWith('/');
    const body = selfClosing ? inner.slice(0, -1) : inner;
    const m = /^[^\s/>]*/.exec(body);
    const name = m ? m[0] : '';
    out.push({ t: 'open', name, attrs: body.slice(name.length), selfClosing });
  }
  return out;
}

const span = (cls: string, s: string) => `<span class="${cls}">${escapeHtml(s)}</span>`;

function attrsHtml(attrs: string): string {
  let out = '';
  let last = 0;
  const re = /([^\s=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"']+))?/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    out += escapeHtml(attrs.slice(last, m.index).replace(/\s+/g, ' '));
    out += span('x-an', m[1]!);
    if (m[3] !== undefined) out += `${escapeHtml(m[2]!.trim())}${span('x-av', m[3])}`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(attrs.slice(last).trim());
}

function openHtml(tok: { name: string; attrs: string; selfClosing: boolean }): string {
  return `${span('x-p', '<')}${span('x-tn', tok.name)}${attrsHtml(tok.attrs)}${span('x-p', tok.selfClosing ? '/>' : '>')}`;
}

const closeHtml = (name: string) => `${span('x-p', '</')}${span('x-tn', name)}${span('x-p', '>')}`;

/**
 * Raw XML as indented, highlighted HTML (for a `<pre>`): one element per line,
 * an element holding only text on one line. Every piece of the input is
 * HTML-escaped; text that is not well-formed XML comes back escaped, unformatted.
 */
export function xmlToHtml(raw: string, maxShown = MAX_SHOWN_XML): string {
  if (raw === '') return '<span class="x-empty">(empty)</span>';
  const cut = raw.length > maxShown ? raw.slice(0, maxShown) : raw;
  const note = cut.length < raw.length ? `\n<span class="x-empty">… ${raw.length - cut.length} more characters not shown</span>` : '';
  const tokens = tokenize(cut);
  if (!tokens) return escapeHtml(cut) + note;
  const lines: string[] = [];
  let depth = 0;
  const pad = () => '  '.repeat(Math.min(depth, 40));
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    switch (tok.t) {
      case 'text': {
        const v = tok.value.trim();
        if (v !== '') lines.push(pad() + span('x-tx', v));
        break;
      }
      case 'other':
        lines.push(pad() + span(tok.cls, tok.value));
        break;
      case 'close':
        depth = Math.max(0, depth - 1);
        lines.push(pad() + closeHtml(tok.name));
        break;
      case 'open': {
        if (tok.selfClosing) {
          lines.push(pad() + openHtml(tok));
          break;
        }
        const a = tokens[k + 1];
        const b = tokens[k + 2];
        if (a?.t === 'close' && a.name === tok.name) {
          lines.push(pad() + openHtml(tok) + closeHtml(a.name));
          k += 1;
        } else if (a?.t === 'text' && b?.t === 'close' && b.name === tok.name) {
          lines.push(pad() + openHtml(tok) + span('x-tx', a.value) + closeHtml(b.name));
          k += 2;
        } else {
          lines.push(pad() + openHtml(tok));
          depth++;
        }
        break;
      }
    }
  }
  return lines.join('\n') + note;
}

/** The styles of xmlToHtml's output and of the message lists (put in a page's `<style>`). */
export const XML_CSS = `
  pre.xml { background:#f7f8fa; border:1px solid var(--line); border-radius:6px; padding:10px 12px; overflow:auto; max-height:480px; font:12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space:pre-wrap; overflow-wrap:anywhere; margin:4px 0 12px; }
  .x-p { color:#7a8699; } .x-tn { color:#0b5cad; } .x-an { color:#8a3ffc; } .x-av { color:#a3510f; } .x-tx { color:#1d2330; font-weight:600; }
  .x-c { color:#6a9955; font-style:italic; } .x-d { color:#7a8699; } .x-empty { color:#7a8699; font-style:italic; }
  .messages { list-style:none; padding:0; margin:0; }
  .messages > li { border-left:3px solid var(--line); padding:6px 0 6px 12px; margin:0 0 8px; }
  .messages > li.soap { border-color:var(--brand); } .messages > li.notification { border-color:#c9b27a; } .messages > li.expiry { border-color:#b3261e; }
  .messages .when { color:var(--muted); font-size:12px; font-variant-numeric:tabular-nums; }
  .messages .what { font-weight:600; }
  .messages summary { cursor:pointer; }
  .messages h4 { font-size:12px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); margin:8px 0 0; }
  .badge { display:inline-block; font-size:12px; padding:1px 8px; border-radius:10px; background:#e7ebf1; }
  .badge.ACCEPTED { background:#dff3e4; color:#17602b; } .badge.REFUSED, .badge.ERROR { background:#fde2e0; color:#8c1d18; }
  .badge.CANCELLED { background:#eee; color:#444; } .badge.PENDING, .badge.INPROGRESS { background:#fff3d6; color:#7a4b00; }
  .badge.REFUNDED { background:#e3ecfa; color:#0b4a8f; }
`;

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** `9900` + `978` gives `99,00 €`. */
export function amountWithSymbol(cents: string, currency: string): string {
  const alpha = currencyAlpha(currency);
  const s = formatAmount(cents, currency);
  const symbol = SYMBOLS[alpha];
  return symbol ? `${s.slice(0, -alpha.length)}${symbol}` : s;
}

// ---------------------------------------------------------------------------
// Views of the journal

export interface EntryView {
  kind: JournalEntry['kind'];
  at: string;
  what: string;
  lines: string[];
  /** SOAP only: highlighted request and response (built from escaped parts). */
  requestHtml?: string;
  responseHtml?: string;
  operation?: string;
  /** SOAP only: the fault rule the exchange hit, and what happened. */
  fault?: string;
  /** SOAP only: the failover (x-failover-*) and version headers the request carried, as "name: value". */
  headers?: string[];
}

const PAGE_EVENTS: Record<string, string> = {
  view: 'Payment page shown',
  pay: 'Buyer pressed MAKE A PAYMENT',
  abort: 'Buyer pressed ABORT',
  simulate: 'Simulator control pressed',
  admin: 'Admin API',
};

/**
 * A session's journal for its page: each SOAP message shown up to MAX_SHOWN_XML
 * characters while the page has room (PAGE_SHOWN_XML in all), LIST_SHOWN_XML after
 * (a shop that sent hundreds of large messages would otherwise make a page of gigabytes).
 */
export function journalView(entries: JournalEntry[], timeZone: string): EntryView[] {
  let room = PAGE_SHOWN_XML;
  return entries.map((e) => {
    const max = room > 0 ? MAX_SHOWN_XML : LIST_SHOWN_XML;
    if (e.kind === 'soap') room -= Math.min(e.request.length, max) + Math.min(e.response.length, max);
    return entryView(e, timeZone, max);
  });
}

/** maxXml: the characters of each SOAP message shown (a list of several keeps to fewer). */
export function entryView(e: JournalEntry, timeZone: string, maxXml = MAX_SHOWN_XML): EntryView {
  const at = longDate(e.at, timeZone);
  switch (e.kind) {
    case 'soap':
      return {
        kind: e.kind,
        at,
        operation: e.operation,
        what: `SOAP ${e.api} · ${e.operation}`,
        lines: [
          `HTTP ${e.httpStatus}${e.resultCode !== undefined ? ` · result ${e.resultCode}` : ''} · ${e.durationMs} ms${e.merchantId ? ` · merchant ${e.merchantId}` : ''}`,
          ...(e.unauthorized !== undefined ? [`refused: ${e.unauthorized}`] : []),
        ],
        requestHtml: xmlToHtml(e.request, maxXml),
        responseHtml: xmlToHtml(e.response, maxXml),
        ...(e.endpoint !== undefined && { what: `SOAP ${e.api} · ${e.operation} · on ${e.endpoint}` }),
        ...(e.fault && { fault: `Fault ${e.fault.ruleId} (${e.fault.kind}): ${e.fault.detail}` }),
        ...(e.headers && { headers: Object.entries(e.headers).map(([k, v]) => `${k}: ${v}`) }),
      };
    case 'page':
      return { kind: e.kind, at, what: PAGE_EVENTS[e.event] ?? `Page event ${e.event}`, lines: e.detail ? [e.detail] : [] };
    case 'redirect':
      return { kind: e.kind, at, what: 'Buyer redirected to the shop', lines: [e.url] };
    case 'notification': {
      const outcome = e.status !== undefined ? `answered HTTP ${e.status}` : `failed: ${e.error ?? 'no answer'}`;
      if (e.attempt === 0) return { kind: e.kind, at, what: 'Notification not sent', lines: [`GET ${e.url}`, e.note ?? ''] };
      const lines = [`GET ${e.url}`, outcome];
      if (e.note !== undefined) lines.push(e.note);
      if (e.nextAttemptAt !== undefined) lines.push(`next attempt at ${longDate(e.nextAttemptAt, timeZone)}`);
      return { kind: e.kind, at, what: `Notification, attempt ${e.attempt}`, lines };
    }
    case 'widget': {
      const answer = e.state !== undefined ? `answered HTTP ${e.httpStatus} · ${e.state}` : `answered HTTP ${e.httpStatus}`;
      return { kind: e.kind, at, what: `Widget · ${e.method} ${e.path.split('/').slice(4).join('/')}`, lines: [`${e.method} ${e.path}`, answer, ...(e.detail ? [e.detail] : [])] };
    }
    case 'expiry':
      return { kind: e.kind, at, what: 'Session expired (02324)', lines: ['The buyer did not finish within the payment delay of the point of sale.'] };
    case 'language':
      return { kind: e.kind, at, what: 'Unsupported languageCode', lines: [e.detail] };
  }
}

// ---------------------------------------------------------------------------
// Routes

const STATUS_FILTERS = ['PENDING', 'FINAL', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'ERROR'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

export const LIST_LIMIT = 200;

function matchesStatus(s: WebSession, f: StatusFilter): boolean {
  if (f === 'PENDING' || f === 'FINAL') return s.status === f;
  return s.status === 'FINAL' && s.result?.shortMessage === f;
}

function badgeOf(s: WebSession): ShortMessage | 'PENDING' {
  return s.status === 'FINAL' && s.result ? s.result.shortMessage : 'PENDING';
}

function refundView(t: Transaction, timeZone: string) {
  return {
    id: t.id,
    date: longDate(t.date, timeZone),
    amount: amountWithSymbol(t.amount, t.currency),
    code: t.result.code,
    shortMessage: t.result.shortMessage,
    longMessage: t.result.longMessage,
    comment: t.comment,
  };
}

export function registerBackOfficeRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const tz = () => ctx.config.timeZone;

  app.get('/_simulator', async (_req, reply) => reply.redirect('/_simulator/', 302));

  app.get('/_simulator/', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const status = queryValue(q, 'status')?.trim() || undefined;
    if (status !== undefined && !(STATUS_FILTERS as readonly string[]).includes(status)) {
      throw new HttpError(400, `status must be one of ${STATUS_FILTERS.join(', ')}`);
    }
    const orderRef = queryValue(q, 'orderRef')?.trim() || undefined;
    const merchantId = queryValue(q, 'merchantId')?.trim() || undefined;
    const all = [...ctx.store.sessions()].filter(
      (s) =>
        (status === undefined || matchesStatus(s, status as StatusFilter)) &&
        (merchantId === undefined || s.merchantId === merchantId) &&
        hasOrderRef(s, orderRef),
    );
    all.sort((a, b) => b.createdAt - a.createdAt);
    const rows = all.slice(0, LIST_LIMIT).map((s) => {
      const sum = sessionSummary(s);
      const payment = s.transactionId === undefined ? undefined : ctx.store.getTransaction(s.transactionId);
      const refunded = payment !== undefined && payment.refunded > 0 ? payment.refunded : 0;
      return {
        token: s.token,
        href: `/_simulator/ui/sessions/${encodeURIComponent(s.token)}`,
        date: longDate(s.createdAt, tz()),
        merchantId: s.merchantId,
        orderRef: sum.orderRef ?? '',
        amount: sum.amount !== null ? amountWithSymbol(sum.amount, sum.currency ?? '978') : '',
        status: s.status,
        badge: badgeOf(s),
        code: s.result?.code ?? '',
        shortMessage: s.result?.shortMessage ?? 'PENDING',
        transactionId: s.transactionId ?? '',
        // a payment refunded (in part or in full) says so in the list, as the detail page does
        refunded:
          refunded === 0
            ? undefined
            : `${refunded >= Number(payment!.amount) ? 'refunded' : 'partly refunded'}: ${amountWithSymbol(String(refunded), payment!.currency)}`,
      };
    });
    const merchants = ctx
      .catalog()
      .allMerchants()
      .map((m) => ({ id: m.merchantId, label: `${m.merchantId} (${m.shopName})`, selected: m.merchantId === merchantId }));
    if (merchantId !== undefined && !merchants.some((m) => m.id === merchantId)) merchants.push({ id: merchantId, label: merchantId, selected: true });
    const tokenless = ctx.journal.recent(merchantId, 20, true).map((r) => entryView(r.entry, tz(), LIST_SHOWN_XML));
    return reply.view('backoffice-list.hbs', {
      title: 'Back office – transactions',
      xmlCss: XML_CSS,
      rows,
      total: all.length,
      shown: rows.length,
      cut: all.length > rows.length,
      filtered: status !== undefined || orderRef !== undefined || merchantId !== undefined,
      orderRef: orderRef ?? '',
      statuses: STATUS_FILTERS.map((v) => ({ value: v, selected: v === status })),
      merchants,
      tokenless,
      platformTime: longDate(ctx.clock.now(), tz()),
    });
  });

  app.get<{ Params: { token: string } }>('/_simulator/ui/sessions/:token', async (req, reply) => {
    const s = ctx.payments.session(req.params.token);
    if (!s) throw new HttpError(404, `No payment session has the token ${JSON.stringify(req.params.token.slice(0, 60))}.`);
    const txs = sessionTransactions(ctx, s);
    const payment = txs[0];
    const refunds = txs.slice(1).map((t) => refundView(t, tz()));
    const amount = text(s.request, 'payment.amount') ?? '0';
    const currency = text(s.request, 'payment.currency') ?? '978';
    const merchant = ctx.catalog().merchant(s.merchantId);
    const contract = merchant && ctx.catalog().contract(merchant, s.contractNumber);
    const wallet = s.paidByWallet ? ctx.payments.wallet(s) : undefined;
    const pending = s.status === 'PENDING';
    if (pending) reply.header('refresh', '2');
    return reply.view('backoffice-detail.hbs', {
      title: `Transaction ${s.transactionId ?? s.token}`,
      xmlCss: XML_CSS,
      pending,
      token: s.token,
      transactionId: s.transactionId,
      date: longDate(payment?.date ?? s.createdAt, tz()),
      amount: amountWithSymbol(payment?.amount ?? amount, payment?.currency ?? currency),
      refunded: payment && payment.refunded > 0 ? amountWithSymbol(String(payment.refunded), payment.currency) : undefined,
      merchantId: s.merchantId,
      shopName: merchant?.shopName,
      contractNumber: s.contractNumber,
      cardCode: contract?.cardCode ?? 'BANCONTACT_MNXT',
      pointOfSale: s.pointOfSale,
      origin: sessionOrigin(s),
      orderRef: text(s.request, 'order.ref'),
      softDescriptor: payment?.softDescriptor ?? s.softDescriptor,
      buyer: {
        firstName: text(s.request, 'buyer.firstName'),
        lastName: text(s.request, 'buyer.lastName'),
        email: text(s.request, 'buyer.email'),
      },
      status: s.status,
      badge: badgeOf(s),
      result: s.result,
      resultNote: s.result && longMessageNote(s.result),
      finishedBy: s.finishedBy,
      finishedAt: s.finishedAt !== undefined ? longDate(s.finishedAt, tz()) : undefined,
      createdAt: longDate(s.createdAt, tz()),
      expiresAt: longDate(s.expiresAt, tz()),
      scenario: s.scenario,
      paidByWallet: s.paidByWallet === true,
      walletId: s.walletId,
      language: s.language,
      unsupportedLanguageCode: s.unsupportedLanguageCode,
      walletCard: wallet ? `${wallet.card.maskedPan} - ${wallet.card.expiry}` : undefined,
      card: payment?.card ? `${payment.card.maskedPan} - ${payment.card.expiry}` : undefined,
      authorizationNumber: payment?.authorizationNumber,
      refunds,
      fetchedFinal: s.fetchedFinal,
      entries: journalView(ctx.journal.entries(s.token), tz()),
      jsonHref: `/_simulator/sessions/${encodeURIComponent(s.token)}`,
    });
  });
}

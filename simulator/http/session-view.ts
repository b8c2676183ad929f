/**
 * The JSON view of a session and its transactions: what GET /_simulator/sessions/{token}
 * returns and what the back office shows.
 */
import type { Transaction, WebSession } from '../domain/model.js';
import { text } from '../soap/envelope.js';
import type { SimulatorContext } from './context.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function transactionJson(t: Transaction) {
  return {
    id: t.id,
    type: t.type,
    date: iso(t.date),
    amount: t.amount,
    currency: t.currency,
    result: t.result,
    contractNumber: t.contractNumber,
    orderRef: t.orderRef,
    softDescriptor: t.softDescriptor,
    originTransactionId: t.originTransactionId ?? null,
    refunded: t.type === 'AUTHOR+CAP' ? t.refunded : undefined,
    card: t.card ?? null,
    comment: t.comment ?? null,
  };
}

/** The session's payment transaction and its refunds, oldest first. */
export function sessionTransactions(ctx: SimulatorContext, s: WebSession): Transaction[] {
  const payment = s.transactionId === undefined ? undefined : ctx.store.getTransaction(s.transactionId);
  if (!payment) return [];
  const refunds = payment.refundIds.map((id) => ctx.store.getTransaction(id)).filter((t): t is Transaction => t !== undefined);
  return [payment, ...refunds];
}

/** Where the session was paid from, as the back office's "Origin" says it. */
export function sessionOrigin(s: WebSession): string {
  return s.widget ? 'Widget (SOAP)' : 'Web payment (SOAP)';
}

/**
 * The `orderRef` filter of the admin API and the back office: the whole order reference,
 * exactly (case and all), so that a test asking for order 10 never gets order 100.
 */
export function hasOrderRef(s: WebSession, orderRef: string | undefined): boolean {
  return orderRef === undefined || text(s.request, 'order.ref') === orderRef;
}

/** A short line of a session, for lists. */
export function sessionSummary(s: WebSession) {
  return {
    token: s.token,
    merchantId: s.merchantId,
    status: s.status,
    result: s.result ?? null,
    orderRef: text(s.request, 'order.ref') ?? null,
    amount: text(s.request, 'payment.amount') ?? null,
    currency: text(s.request, 'payment.currency') ?? null,
    createdAt: iso(s.createdAt),
    transactionId: s.transactionId ?? null,
  };
}

export function sessionJson(ctx: SimulatorContext, s: WebSession) {
  return {
    ...sessionSummary(s),
    contractNumber: s.contractNumber,
    pointOfSale: s.pointOfSale,
    origin: sessionOrigin(s),
    widget: s.widget ? { at: iso(s.widget.at), via: s.widget.via, merchantReturnUrl: s.widget.merchantReturnUrl ?? null } : null,
    expiresAt: iso(s.expiresAt),
    finishedAt: iso(s.finishedAt),
    finishedBy: s.finishedBy ?? null,
    scenario: s.scenario ?? null,
    softDescriptor: s.softDescriptor,
    buyer: {
      firstName: text(s.request, 'buyer.firstName') ?? null,
      lastName: text(s.request, 'buyer.lastName') ?? null,
      email: text(s.request, 'buyer.email') ?? null,
    },
    walletId: s.walletId ?? null,
    paidByWallet: s.paidByWallet ?? false,
    /** The buyer's language set by languageCode; null: each page view follows the browser's Accept-Language, else en. */
    language: s.language ?? null,
    unsupportedLanguageCode: s.unsupportedLanguageCode ?? null,
    fetchedFinal: s.fetchedFinal,
    request: s.request,
    transactions: sessionTransactions(ctx, s).map(transactionJson),
    journal: ctx.journal.entries(s.token).map((e) => ({ ...e, at: iso(e.at), ...(e.kind === 'notification' && e.nextAttemptAt !== undefined && { nextAttemptAt: iso(e.nextAttemptAt) }) })),
    /** Entries dropped from a long journal (the first and the latest 500 are kept). */
    journalDropped: ctx.journal.dropped(s.token),
  };
}

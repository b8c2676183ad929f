/**
 * WebPaymentAPI: doWebPayment and getWebPaymentDetails, from the parsed request
 * to the response object rendered in the WSDL's order.
 */
import { result } from '../domain/codes.js';
import { longDate } from '../domain/formats.js';
import { ACCEPTED, type Payments } from '../domain/payments.js';
import type { JournalEntry } from '../domain/journal.js';
import { unsupportedNote } from '../domain/language.js';
import type { CardData, Transaction, WalletCard, WebSession } from '../domain/model.js';
import type { Store } from '../domain/store.js';
import type { Merchant } from '../fixtures/model.js';
import { child, text, type OutObj, type XObj } from './envelope.js';

export interface OperationContext {
  merchant: Merchant;
  body: XObj;
  /** Base URL of the hosted page for this request (its host depends on the host the request was sent to). */
  pageBase?: string;
  /** Set by the handler: the session token the exchange belongs to (for the journal). */
  token?: string;
  /** Set by the handler: entries the journal records under the token after the exchange. */
  notes?: JournalEntry[];
}

export type OperationHandler = (ctx: OperationContext) => OutObj;

export interface WebPaymentDeps {
  payments: Payments;
  store: Store;
  timeZone: string;
}

export function webPaymentOperations(deps: WebPaymentDeps): Record<string, OperationHandler> {
  return {
    doWebPayment: (ctx) => {
      const { merchant, body } = ctx;
      const answer = deps.payments.doWebPayment(merchant, body, ctx.pageBase);
      ctx.token = answer.token;
      const s = answer.token === undefined ? undefined : deps.store.getSession(answer.token);
      if (s?.unsupportedLanguageCode !== undefined) {
        ctx.notes = [{ kind: 'language', at: s.createdAt, unsupported: s.unsupportedLanguageCode, detail: unsupportedNote(s.unsupportedLanguageCode) }];
      }
      return { result: { ...answer.result }, token: answer.token, redirectURL: answer.redirectURL };
    },
    getWebPaymentDetails: (ctx) => {
      const { merchant, body } = ctx;
      const token = text(body, 'token');
      if (token === undefined) return { result: { ...result('02308', 'Invalid value for token: mandatory field is missing') } };
      const s = deps.payments.sessionOf(merchant.merchantId, token.trim());
      if (!s) return { result: { ...result('02304') } };
      ctx.token = s.token;
      const tx = s.transactionId === undefined ? undefined : deps.store.getTransaction(s.transactionId);
      const answer = webPaymentDetails(s, tx, deps.payments.wallet(s), deps.timeZone);
      deps.payments.markFetched(s);
      return answer;
    },
  };
}

/** Bancontact bank account of the payer: BIC and masked IBAN, as on Monext's page. */
export function bankAccount(card: { maskedPan: string }): OutObj {
  const last2 = card.maskedPan.slice(-2);
  return { countryCode: 'BE', bankCode: 'GKCCBEBB', accountNumber: `BE12XXXXXXXXXX${last2}` };
}

/**
 * The transaction block of getWebPaymentDetails and getTransactionDetails, with
 * Bancontact's partnerAdditionalData (masked PAN, expiry, flow) when there is a card.
 */
export function transactionBlock(tx: Transaction, card: CardData | undefined, timeZone: string): OutObj {
  const block: OutObj = {
    id: tx.id,
    date: longDate(tx.date, timeZone),
    isDuplicated: '0',
    isPossibleFraud: '0',
    softDescriptor: tx.softDescriptor,
    partnerAdditionalData: undefined,
  };
  if (card) block['partnerAdditionalData'] = JSON.stringify({ cardMaskedPan: card.maskedPan, cardExpiry: card.expiry, transactionFlow: 'ecommerce' });
  return block;
}

/** The card block: masked number, card code, `MMyy`. */
export function cardBlock(card: { maskedPan: string; expiry: string }): OutObj {
  return { number: card.maskedPan, type: 'BANCONTACT_MNXT', expirationDate: card.expiry.replace('/', '') };
}

/**
 * The doWebPayment `payment` echoed, with the contract actually used. The fields of
 * the Payment type are written out: spreading the request's object (of a shape that
 * depends on the shop) was the slowest part of getWebPaymentDetails.
 */
export function paymentEcho(s: WebSession): OutObj {
  const p = child(s.request, 'payment') ?? {};
  return {
    amount: p['amount'],
    currency: p['currency'],
    action: p['action'],
    mode: p['mode'],
    contractNumber: s.contractNumber,
    differedActionDate: p['differedActionDate'],
    method: 'BANCONTACT_MNXT',
    softDescriptor: s.softDescriptor,
    cardBrand: p['cardBrand'],
    registrationToken: p['registrationToken'],
    cumulatedAmount: p['cumulatedAmount'],
  };
}

export function webPaymentDetails(s: WebSession, tx: Transaction | undefined, wallet: WalletCard | undefined, timeZone: string): OutObj {
  const r = s.status === 'FINAL' && s.result ? s.result : result('02306');
  const accepted = r.code === ACCEPTED;
  const out: OutObj = {
    result: { ...r },
    payment: paymentEcho(s),
    privateDataList: child(s.request, 'privateDataList'),
    order: child(s.request, 'order'),
    contractNumber: s.contractNumber,
    buyer: child(s.request, 'buyer'),
  };
  if (tx) {
    out['transaction'] = transactionBlock(tx, tx.card, timeZone);
  }
  if (accepted && tx?.card) {
    out['authorization'] = { number: tx.authorizationNumber, date: longDate(tx.date, timeZone) };
    out['card'] = cardBlock(tx.card);
    out['bankAccountData'] = bankAccount(tx.card);
    if (s.paidByWallet && wallet) {
      out['wallet'] = {
        walletId: wallet.walletId,
        lastName: wallet.lastName,
        firstName: wallet.firstName,
        email: wallet.email,
        card: cardBlock(wallet.card),
      };
    }
  }
  return out;
}

/**
 * DirectPaymentAPI (doRefund, doReset, getMerchantSettings, getEncryptionKey)
 * and ExtendedAPI (getTransactionDetails), from the parsed request to the
 * response object rendered in the WSDL's order.
 */
import { generateKeyPairSync } from 'node:crypto';
import { result } from '../domain/codes.js';
import { longDate, shortDate } from '../domain/formats.js';
import type { Transaction } from '../domain/model.js';
import { ACCEPTED } from '../domain/payments.js';
import type { Refunds } from '../domain/refunds.js';
import type { Store } from '../domain/store.js';
import { child, text, type OutObj } from './envelope.js';
import { bankAccount, cardBlock, paymentEcho, transactionBlock, type OperationHandler } from './webpayment.js';

export interface DirectDeps {
  refunds: Refunds;
  store: Store;
  timeZone: string;
}

/** The web session token a payment or a refund belongs to (for the journal). */
export function tokenOf(store: Store, tx: Transaction | undefined): string | undefined {
  if (!tx) return undefined;
  if (tx.token !== undefined) return tx.token;
  return tx.originTransactionId === undefined ? undefined : store.getTransaction(tx.originTransactionId)?.token;
}

/** The transaction block of doRefund/doReset answers (`dd/MM/yy HH:mm:ss`). */
function shortTransaction(tx: Transaction, timeZone: string): OutObj {
  return { id: tx.id, date: shortDate(tx.date, timeZone), isDuplicated: '0', isPossibleFraud: '0', softDescriptor: tx.softDescriptor };
}

/**
 * `transaction` is required in doRefund and doReset answers: when no transaction
 * was made it goes out with empty id and date, as the platform does.
 */
const NO_TRANSACTION: OutObj = { id: '', date: '' };

/** An RSA public key, made once on first use (WooCommerce only checks the call succeeds). */
let encryptionKey: { modulus: string; publicExponent: string } | undefined;
function publicKey(): { modulus: string; publicExponent: string } {
  if (!encryptionKey) {
    const { publicKey: pub } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = pub.export({ format: 'jwk' });
    encryptionKey = {
      modulus: Buffer.from(jwk.n!, 'base64url').toString('hex'),
      publicExponent: Buffer.from(jwk.e!, 'base64url').toString('hex'),
    };
  }
  return encryptionKey;
}

export function directPaymentOperations(deps: DirectDeps): Record<string, OperationHandler> {
  return {
    doRefund: (ctx) => {
      const r = deps.refunds.refund(ctx.merchant, ctx.body);
      ctx.token = tokenOf(deps.store, r.transaction);
      return { result: { ...r.result }, transaction: r.transaction ? shortTransaction(r.transaction, deps.timeZone) : NO_TRANSACTION };
    },
    doReset: (ctx) => {
      const r = deps.refunds.reset(ctx.merchant, ctx.body);
      ctx.token = tokenOf(deps.store, r.transaction);
      return { result: { ...r.result }, transaction: NO_TRANSACTION };
    },
    getMerchantSettings: ({ merchant }) => ({
      result: { ...result(ACCEPTED) },
      listPointOfSell: {
        pointOfSell: merchant.pointsOfSale.map((pos) => ({
          label: pos.label,
          contracts: {
            contract: merchant.contracts
              .filter((c) => c.pointOfSale === pos.label)
              .map((c) => ({ cardType: c.cardCode, label: c.label, contractNumber: c.contractNumber, currency: c.currency })),
          },
        })),
      },
    }),
    getEncryptionKey: ({ body }) => {
      const k = publicKey();
      return {
        result: { ...result(ACCEPTED) },
        key: {
          keyId: '1',
          modulus: k.modulus,
          merchantKeyName: text(body, 'merchantKeyName'),
          publicExponent: k.publicExponent,
          cipher: 'RSA',
          algo: 'RSA/ECB/PKCS1Padding',
          size: '2048',
        },
      };
    },
  };
}

export function extendedOperations(deps: DirectDeps): Record<string, OperationHandler> {
  return {
    getTransactionDetails: (ctx) => {
      const found = deps.refunds.find(ctx.merchant, ctx.body);
      const tx = found.transaction;
      ctx.token = tokenOf(deps.store, tx);
      if (!tx) return { result: { ...found.result } };
      return transactionDetails(tx, deps.store, deps.timeZone);
    },
  };
}

/** getTransactionDetails: the transaction, its payment data and its refunds. */
export function transactionDetails(tx: Transaction, store: Store, timeZone: string): OutObj {
  const payment = tx.type === 'REFUND' && tx.originTransactionId ? (store.getTransaction(tx.originTransactionId) ?? tx) : tx;
  const session = payment.token ? store.getSession(payment.token) : undefined;
  const refunds = payment.refundIds.map((id) => store.getTransaction(id)).filter((t): t is Transaction => t !== undefined);
  const status = (t: Transaction) => t.result.shortMessage;
  const out: OutObj = {
    result: { ...tx.result },
    transaction: { ...transactionBlock(tx, payment.card, timeZone), type: tx.type === 'REFUND' ? 'REFUND' : 'AUTHOR+CAP' },
    payment:
      tx.type === 'REFUND'
        ? { amount: tx.amount, currency: tx.currency, action: '421', mode: 'CPT', contractNumber: tx.contractNumber }
        : session
          ? paymentEcho(session)
          : { amount: tx.amount, currency: tx.currency, action: '101', mode: 'CPT', contractNumber: tx.contractNumber, softDescriptor: tx.softDescriptor },
    order: session ? child(session.request, 'order') : { ref: payment.orderRef, amount: payment.amount, currency: payment.currency },
    buyer: session ? child(session.request, 'buyer') : undefined,
    privateDataList: session ? child(session.request, 'privateDataList') : undefined,
    contractNumber: payment.contractNumber,
  };
  if (payment.card && payment.authorizationNumber) {
    out['authorization'] = { number: payment.authorizationNumber, date: shortDate(payment.date, timeZone) };
    out['card'] = cardBlock(payment.card);
    out['bankAccountData'] = bankAccount(payment.card);
  }
  const associated = tx.type === 'REFUND' ? [payment] : refunds;
  if (associated.length > 0) {
    out['associatedTransactionsList'] = {
      associatedTransactions: associated.map((t) => ({
        transactionId: t.id,
        type: t.type === 'REFUND' ? 'REFUND' : 'AUTHOR+CAP',
        date: shortDate(t.date, timeZone),
        amount: t.amount,
        status: status(t),
        originTransactionId: t.originTransactionId ?? t.id,
        currency: t.currency,
      })),
    };
  }
  out['statusHistoryList'] = {
    statusHistory: [payment, ...refunds].map((t) => ({
      transactionId: t.id,
      date: shortDate(t.date, timeZone),
      amount: t.amount,
      fees: '0',
      status: status(t),
      originTransactionId: t.originTransactionId ?? t.id,
      amountValue: t.amount,
      amountCurrency: t.currency,
    })),
  };
  return out;
}

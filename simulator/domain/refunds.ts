/**
 * After the payment: doRefund and doReset on the transactions of web payments.
 * Bancontact payments are captured at once (action 101): a reset is refused
 * (which makes Magento fall back to doRefund), and refunds may be partial and
 * repeated up to the captured amount, within 180 days of the payment, measured
 * on the simulator's clock. Pure of I/O.
 */
import { result, type Result } from './codes.js';
import type { Clock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { Transaction } from './model.js';
import { freshTransactionId, type Store } from './store.js';
import { ACCEPTED } from './payments.js';
import { amount, currency, invalid, Refusal, required, shown } from './validation.js';
import { text, type XObj } from '../soap/envelope.js';
import type { Merchant } from '../fixtures/model.js';

export const REFUND_WINDOW_DAYS = 180;
const DAY_MS = 86_400_000;

export interface OperationResult {
  result: Result;
  transaction?: Transaction;
}

export interface RefundDeps {
  clock: Clock;
  ids: IdGenerator;
  store: Store;
}

/** The merchant's transaction with that id, or a 02301 refusal naming the field. */
export function ownTransaction(store: Store, merchant: Merchant, id: string, field: string): Transaction {
  const tx = store.getTransaction(id.trim());
  if (!tx || tx.merchantId !== merchant.merchantId) {
    throw new Refusal(result('02301', `Transaction ID is invalid: no transaction ${shown(id)} for merchant ${merchant.merchantId} (${field})`));
  }
  return tx;
}

function refusing(fn: () => OperationResult): OperationResult {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Refusal) return { result: e.result };
    throw e;
  }
}

export class Refunds {
  constructor(private readonly deps: RefundDeps) {}

  /** doRefund: transactionID + payment (action 421, amount, currency). */
  refund(merchant: Merchant, body: XObj): OperationResult {
    return refusing(() => {
      const id = required(body, 'transactionID');
      if (!body['payment']) throw new Refusal(result('02308', 'Invalid value for payment: mandatory field is missing'));
      const cents = amount(body, 'payment.amount');
      const cur = currency(body, 'payment.currency');
      const action = required(body, 'payment.action').trim();
      if (action !== '421') throw invalid('payment.action', `doRefund takes 421 (refund), got ${shown(action)}`);
      const payment = ownTransaction(this.deps.store, merchant, id, 'transactionID');
      if (payment.type !== 'AUTHOR+CAP') {
        throw new Refusal(result('02314', `Transaction flag refundable is disabled: ${payment.id} is a refund; refund its payment ${payment.originTransactionId}`));
      }
      if (payment.result.code !== ACCEPTED) {
        throw new Refusal(result('02314', `Transaction flag refundable is disabled: payment ${payment.id} was not accepted (${payment.result.code} ${payment.result.shortMessage})`));
      }
      if (cur !== payment.currency) throw invalid('payment.currency', `the payment was made in ${payment.currency}, got ${cur}`);
      const contract = text(body, 'payment.contractNumber');
      if (contract !== undefined && contract !== payment.contractNumber) {
        throw new Refusal(result('02303', `Invalid contract number: payment ${payment.id} was made on contract ${payment.contractNumber}, got ${shown(contract)}`));
      }
      // from here on the request is well formed: a refusal is recorded as a refund
      // transaction of its own, so getTransactionDetails shows it beside the others
      const now = this.deps.clock.now();
      const captured = Number(payment.amount);
      const remaining = captured - payment.refunded;
      const ageDays = Math.floor((now - payment.date) / DAY_MS);
      const outcome =
        now - payment.date > REFUND_WINDOW_DAYS * DAY_MS
          ? result('02314', `Transaction flag refundable is disabled: Bancontact payments can be refunded for ${REFUND_WINDOW_DAYS} days, and payment ${payment.id} is ${ageDays} days old`)
          : cents > remaining
            ? result('02613', `The maximal sum of the capture/refund is exceeded: ${cents} asked, ${remaining} of ${captured} left to refund on ${payment.id}`)
            : result(ACCEPTED);
      const refund: Transaction = {
        id: freshTransactionId(this.deps.store, () => this.deps.ids.directTransactionId(now)),
        merchantId: merchant.merchantId,
        type: 'REFUND',
        date: now,
        amount: String(cents),
        currency: cur,
        contractNumber: payment.contractNumber,
        orderRef: payment.orderRef,
        result: outcome,
        softDescriptor: payment.softDescriptor,
        originTransactionId: payment.id,
        refundIds: [],
        refunded: 0,
        ...(text(body, 'comment') !== undefined && { comment: text(body, 'comment')! }),
      };
      // the refund and the payment it changes are kept together, or neither (a data file that cannot be written)
      this.deps.store.atomically(() => {
        if (outcome.code === ACCEPTED) payment.refunded += cents;
        payment.refundIds.push(refund.id);
        this.deps.store.saveTransaction(refund);
        this.deps.store.saveTransaction(payment);
      });
      return { result: refund.result, transaction: refund };
    });
  }

  /** doReset: refused for a captured Bancontact payment, as on the platform. */
  reset(merchant: Merchant, body: XObj): OperationResult {
    return refusing(() => {
      const id = required(body, 'transactionID');
      const tx = ownTransaction(this.deps.store, merchant, id, 'transactionID');
      const why =
        tx.type === 'REFUND'
          ? `${tx.id} is a refund`
          : tx.result.code === ACCEPTED
            ? `Bancontact payments are captured at once (action 101): refund ${tx.id} with doRefund instead`
            : `payment ${tx.id} was not accepted (${tx.result.code} ${tx.result.shortMessage})`;
      return { result: result('01917', `This transaction is not resetable: ${why}`), transaction: tx };
    });
  }

  /** The payment with that id, or the latest payment of the merchant with that order reference. */
  find(merchant: Merchant, body: XObj): { transaction?: Transaction; result: Result } {
    return refusing(() => {
      const id = text(body, 'transactionId');
      if (id !== undefined) return { result: result(ACCEPTED), transaction: ownTransaction(this.deps.store, merchant, id, 'transactionId') };
      const ref = text(body, 'orderRef');
      if (ref === undefined) throw new Refusal(result('02308', 'Invalid value for transactionId: give transactionId or orderRef'));
      let latest: Transaction | undefined;
      for (const t of this.deps.store.transactions()) {
        if (t.merchantId === merchant.merchantId && t.type === 'AUTHOR+CAP' && t.orderRef === ref && (!latest || t.date >= latest.date)) latest = t;
      }
      if (!latest) throw new Refusal(result('02301', `Transaction ID is invalid: no payment of merchant ${merchant.merchantId} has orderRef ${shown(ref)}`));
      return { result: result(ACCEPTED), transaction: latest };
    });
  }
}

/**
 * The simulator's state: web payment sessions, transactions and wallets. Plain
 * data, so that a store can keep it in memory or serialize it to disk.
 */
import type { Result } from './codes.js';
import type { XObj } from '../soap/envelope.js';
import type { Language } from './language.js';

export type SessionStatus = 'PENDING' | 'FINAL';

/** How the final result came about, for the journal and the back office. */
export type FinishedBy = 'payment' | 'abort' | 'panel' | 'api' | 'expiry' | 'scenario';

export interface CardData {
  /** Masked PAN, e.g. `670999XXXXXX1234`. */
  maskedPan: string;
  /** `MM/yy`. */
  expiry: string;
}

export interface WebSession {
  token: string;
  merchantId: string;
  contractNumber: string;
  pointOfSale: string;
  createdAt: number;
  expiresAt: number;
  /** The doWebPayment request's fields, nil and empty elements removed. */
  request: XObj;
  softDescriptor: string;
  /** Scenario chosen when the session was created, if any. */
  scenario?: { id: string; code: string; when: 'payment' | 'never'; partnerCode?: string; partnerCodeLabel?: string };
  status: SessionStatus;
  result?: Result;
  finishedAt?: number;
  finishedBy?: FinishedBy;
  transactionId?: string;
  /** True once getWebPaymentDetails has returned the final result: stops the notification. */
  fetchedFinal: boolean;
  /** Wallet the payment used or fed (buyer.walletId). */
  walletId?: string;
  paidByWallet?: boolean;
  /** The buyer's language, when doWebPayment's languageCode named one of the four; else each page follows the browser's Accept-Language. */
  language?: Language;
  /** The languageCode sent when it named none of the four languages (the pages then fall back as without one). */
  unsupportedLanguageCode?: string;
  /** Set when the shop's payment widget (in-shop mode) asked for the payment: the session's origin is then "Widget (SOAP)". */
  widget?: WidgetRequest;
}

/** The widget's last payment request of a session (POST /services/token/{token}/paymentRequest or walletPaymentRequest). */
export interface WidgetRequest {
  at: number;
  via: 'paymentRequest' | 'walletPaymentRequest';
  /** The shop page that hosted the widget: where the buyer goes back to (with paylinetoken) after the partner page. */
  merchantReturnUrl?: string;
}

export type TransactionType = 'AUTHOR+CAP' | 'REFUND';

export interface Transaction {
  id: string;
  merchantId: string;
  type: TransactionType;
  date: number;
  amount: string;
  currency: string;
  contractNumber: string;
  orderRef: string;
  result: Result;
  softDescriptor: string;
  /** The web session it came from (payments). */
  token?: string;
  /** For a refund: the payment it refunds. */
  originTransactionId?: string;
  /** For a payment: ids of its refunds, oldest first. */
  refundIds: string[];
  /** For a payment: cents refunded so far. */
  refunded: number;
  card?: CardData;
  authorizationNumber?: string;
  comment?: string;
}

export interface WalletCard {
  merchantId: string;
  walletId: string;
  card: CardData;
  lastName?: string;
  firstName?: string;
  email?: string;
  createdAt: number;
}

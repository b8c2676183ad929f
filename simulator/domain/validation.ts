/**
 * Field checks shared by the operations, and the doWebPayment rules of Monext's
 * Bancontact page. A refused request gets a result whose longMessage names the
 * field, e.g. `Invalid value for buyer.email: mandatory field is missing`. Pure.
 */
import { result, type Result } from './codes.js';
import { isOrderDate } from './formats.js';
import { text, type XObj } from '../soap/envelope.js';
import type { Catalog } from './catalog.js';
import type { Contract, Merchant, PointOfSale } from '../fixtures/model.js';

/** A request refused with a platform result code. */
export class Refusal extends Error {
  constructor(readonly result: Result) {
    super(result.longMessage);
    this.name = 'Refusal';
  }
}

export function missing(field: string): Refusal {
  return new Refusal(result('02308', `Invalid value for ${field}: mandatory field is missing`));
}

export function invalid(field: string, why: string): Refusal {
  return new Refusal(result('02308', `Invalid value for ${field}: ${why}`));
}

export function badFormat(field: string, why: string): Refusal {
  return new Refusal(result('02305', `Invalid field format for ${field}: ${why}`));
}

/** Quotes a value for a message, cut to a readable length. */
export function shown(value: string): string {
  const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(cut);
}

export function required(body: XObj, path: string): string {
  const v = text(body, path);
  if (v === undefined || v.trim() === '') throw missing(path);
  return v;
}

export function maxLength(path: string, value: string | undefined, max: number): void {
  // .length counts UTF-16 units, never fewer than characters: count characters only when it may matter
  if (value === undefined || value.length <= max) return;
  const chars = [...value].length;
  if (chars > max) throw badFormat(path, `at most ${max} characters, got ${chars}`);
}

/** Largest amount accepted, in cents (99 999 999,99). */
export const MAX_AMOUNT = 9_999_999_999;

/** A whole, positive number of cents. */
export function amount(body: XObj, path: string, opts: { allowZero?: boolean } = {}): number {
  const v = required(body, path).trim();
  if (!/^\d+$/.test(v)) throw badFormat(path, `must be a whole number of cents (e.g. 1000 for 10,00), got ${shown(v)}`);
  const n = Number(v);
  if (n > MAX_AMOUNT) throw invalid(path, `must not exceed ${MAX_AMOUNT}, got ${shown(v)}`);
  if (n === 0 && !opts.allowZero) throw invalid(path, 'must be greater than 0');
  return n;
}

export function currency(body: XObj, path: string): string {
  const v = required(body, path).trim();
  if (!/^\d{3}$/.test(v)) throw badFormat(path, `must be an ISO 4217 numeric code such as 978, got ${shown(v)}`);
  return v;
}

export function absoluteUrl(path: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw badFormat(path, `must be an absolute http(s) URL, got ${shown(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badFormat(path, `must be an absolute http(s) URL, got ${shown(value)}`);
  maxLength(path, value, 2048);
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CheckedWebPayment {
  contract: Contract;
  pointOfSale: PointOfSale;
  amount: number;
}

/**
 * The checks of doWebPayment for Bancontact, in the order the fields appear in
 * the request. Throws Refusal at the first problem.
 */
export function checkWebPayment(body: XObj, merchant: Merchant, catalog: Catalog): CheckedWebPayment {
  if (!body['payment']) throw missing('payment');
  const payAmount = amount(body, 'payment.amount');
  const payCurrency = currency(body, 'payment.currency');
  const action = required(body, 'payment.action').trim();
  if (action !== '101') throw invalid('payment.action', `Bancontact accepts only 101 (authorization + capture), got ${shown(action)}`);
  const mode = required(body, 'payment.mode').trim();
  if (mode !== 'CPT') throw invalid('payment.mode', `Bancontact accepts only CPT, got ${shown(mode)}`);

  const contractNumber = text(body, 'payment.contractNumber') ?? text(body, 'selectedContractList.selectedContract');
  if (contractNumber === undefined) throw missing('payment.contractNumber');
  const contract = catalog.contract(merchant, contractNumber);
  if (!contract) {
    throw new Refusal(result('02303', `Invalid contract number: ${shown(contractNumber)} is not a contract of merchant ${merchant.merchantId}`));
  }
  if (contract.currency !== payCurrency) {
    throw invalid('payment.currency', `contract ${contract.contractNumber} accepts currency ${contract.currency}, got ${payCurrency}`);
  }
  maxLength('payment.softDescriptor', text(body, 'payment.softDescriptor'), 64);

  absoluteUrl('returnURL', required(body, 'returnURL'));
  absoluteUrl('cancelURL', required(body, 'cancelURL'));

  if (!body['order']) throw missing('order');
  const ref = required(body, 'order.ref');
  maxLength('order.ref', ref, 50);
  const orderAmount = amount(body, 'order.amount');
  const orderCurrency = currency(body, 'order.currency');
  if (orderCurrency !== payCurrency) throw invalid('order.currency', `must equal payment.currency ${payCurrency}, got ${orderCurrency}`);
  const date = required(body, 'order.date');
  if (!isOrderDate(date.trim())) throw badFormat('order.date', `must be dd/MM/yyyy HH:mm, got ${shown(date)}`);
  if (orderAmount < payAmount) {
    throw invalid('order.amount', `must be greater than or equal to payment.amount (${orderAmount} < ${payAmount})`);
  }

  const notificationURL = text(body, 'notificationURL');
  if (notificationURL !== undefined) absoluteUrl('notificationURL', notificationURL);

  if (!body['buyer']) throw missing('buyer');
  maxLength('buyer.firstName', required(body, 'buyer.firstName'), 100);
  maxLength('buyer.lastName', required(body, 'buyer.lastName'), 100);
  const email = required(body, 'buyer.email').trim();
  maxLength('buyer.email', email, 150);
  if (!EMAIL.test(email)) throw badFormat('buyer.email', `must be an e-mail address, got ${shown(email)}`);
  maxLength('buyer.walletId', text(body, 'buyer.walletId'), 50);

  const pointOfSale = catalog.pointOfSale(merchant, contract.pointOfSale);
  if (!pointOfSale) throw new Error(`contract ${contract.contractNumber} names an unknown point of sale`); // prevented by fixture validation
  return { contract, pointOfSale, amount: payAmount };
}

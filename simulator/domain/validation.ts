/**
 * Field checks shared by the operations, and the doWebPayment rules of Monext's
 * Bancontact page. A refused request gets a result whose longMessage names the
 * field, e.g. `Invalid value for buyer.email: mandatory field is missing`. Pure.
 */
import { result, type Result } from './codes.js';
import { isOrderDate } from './formats.js';
import { text, type XNode, type XObj } from '../soap/envelope.js';
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
  return requiredValue(path, text(body, path));
}

/** The value read at `path`, which must be there. */
function requiredValue(path: string, v: string | undefined): string {
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
  return amountValue(path, text(body, path), opts.allowZero === true);
}

function amountValue(path: string, value: string | undefined, allowZero: boolean): number {
  const v = requiredValue(path, value).trim();
  if (!/^\d+$/.test(v)) throw badFormat(path, `must be a whole number of cents (e.g. 1000 for 10,00), got ${shown(v)}`);
  const n = Number(v);
  if (n > MAX_AMOUNT) throw invalid(path, `must not exceed ${MAX_AMOUNT}, got ${shown(v)}`);
  if (n === 0 && !allowZero) throw invalid(path, 'must be greater than 0');
  return n;
}

export function currency(body: XObj, path: string): string {
  return currencyValue(path, text(body, path));
}

function currencyValue(path: string, value: string | undefined): string {
  const v = requiredValue(path, value).trim();
  if (!/^\d{3}$/.test(v)) throw badFormat(path, `must be an ISO 4217 numeric code such as 978, got ${shown(v)}`);
  return v;
}

/** URLs already accepted (shops send the same return and cancel URLs again and again); bounded. */
const acceptedUrls = new Set<string>();

export function absoluteUrl(path: string, value: string): string {
  if (acceptedUrls.has(value)) return value;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw badFormat(path, `must be an absolute http(s) URL, got ${shown(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badFormat(path, `must be an absolute http(s) URL, got ${shown(value)}`);
  maxLength(path, value, 2048);
  if (acceptedUrls.size >= 1000) acceptedUrls.clear();
  acceptedUrls.add(value);
  return value;
}

/** An object to read fields of, as pick enters it: an array at its first item; text is no object. */
function entered(v: XNode | undefined): XObj | undefined {
  if (Array.isArray(v)) v = v[0];
  return v === undefined || typeof v === 'string' ? undefined : (v as XObj);
}

/** The text of a field of `o`, as text(o, name) reads it. */
function leaf(o: XObj | undefined, name: string): string | undefined {
  if (o === undefined) return undefined;
  let v = o[name];
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v : undefined;
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
  // the fields are read straight from the parsed request, as text(body, 'a.b') reads them
  if (!body['payment']) throw missing('payment');
  const payment = entered(body['payment']);
  const payAmount = amountValue('payment.amount', leaf(payment, 'amount'), false);
  const payCurrency = currencyValue('payment.currency', leaf(payment, 'currency'));
  const action = requiredValue('payment.action', leaf(payment, 'action')).trim();
  if (action !== '101') throw invalid('payment.action', `Bancontact accepts only 101 (authorization + capture), got ${shown(action)}`);
  const mode = requiredValue('payment.mode', leaf(payment, 'mode')).trim();
  if (mode !== 'CPT') throw invalid('payment.mode', `Bancontact accepts only CPT, got ${shown(mode)}`);

  const contractNumber = leaf(payment, 'contractNumber') ?? leaf(entered(body['selectedContractList']), 'selectedContract');
  if (contractNumber === undefined) throw missing('payment.contractNumber');
  const contract = catalog.contract(merchant, contractNumber);
  if (!contract) {
    throw new Refusal(result('02303', `Invalid contract number: ${shown(contractNumber)} is not a contract of merchant ${merchant.merchantId}`));
  }
  if (contract.currency !== payCurrency) {
    throw invalid('payment.currency', `contract ${contract.contractNumber} accepts currency ${contract.currency}, got ${payCurrency}`);
  }
  maxLength('payment.softDescriptor', leaf(payment, 'softDescriptor'), 64);

  absoluteUrl('returnURL', requiredValue('returnURL', leaf(body, 'returnURL')));
  absoluteUrl('cancelURL', requiredValue('cancelURL', leaf(body, 'cancelURL')));

  if (!body['order']) throw missing('order');
  const order = entered(body['order']);
  const ref = requiredValue('order.ref', leaf(order, 'ref'));
  maxLength('order.ref', ref, 50);
  const orderAmount = amountValue('order.amount', leaf(order, 'amount'), false);
  const orderCurrency = currencyValue('order.currency', leaf(order, 'currency'));
  if (orderCurrency !== payCurrency) throw invalid('order.currency', `must equal payment.currency ${payCurrency}, got ${orderCurrency}`);
  const date = requiredValue('order.date', leaf(order, 'date'));
  if (!isOrderDate(date.trim())) throw badFormat('order.date', `must be dd/MM/yyyy HH:mm, got ${shown(date)}`);
  if (orderAmount < payAmount) {
    throw invalid('order.amount', `must be greater than or equal to payment.amount (${orderAmount} < ${payAmount})`);
  }

  const notificationURL = leaf(body, 'notificationURL');
  if (notificationURL !== undefined) absoluteUrl('notificationURL', notificationURL);

  if (!body['buyer']) throw missing('buyer');
  const buyer = entered(body['buyer']);
  maxLength('buyer.firstName', requiredValue('buyer.firstName', leaf(buyer, 'firstName')), 100);
  maxLength('buyer.lastName', requiredValue('buyer.lastName', leaf(buyer, 'lastName')), 100);
  const email = requiredValue('buyer.email', leaf(buyer, 'email')).trim();
  maxLength('buyer.email', email, 150);
  if (!EMAIL.test(email)) throw badFormat('buyer.email', `must be an e-mail address, got ${shown(email)}`);
  maxLength('buyer.walletId', leaf(buyer, 'walletId'), 50);

  const pointOfSale = catalog.pointOfSale(merchant, contract.pointOfSale);
  if (!pointOfSale) throw new Error(`contract ${contract.contractNumber} names an unknown point of sale`); // prevented by fixture validation
  return { contract, pointOfSale, amount: payAmount };
}

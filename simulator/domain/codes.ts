/**
 * Monext Online (Payline) return codes used by the simulator: result.code,
 * result.shortMessage and result.longMessage exactly as the platform writes them.
 * Pure data; no I/O.
 */
export type ShortMessage =
  | 'ACCEPTED'
  | 'REFUSED'
  | 'CANCELLED'
  | 'ERROR'
  | 'INPROGRESS'
  | 'ONHOLD_PARTNER'
  | 'PENDING_RISK';

export interface ResultCode {
  code: string;
  shortMessage: ShortMessage;
  longMessage: string;
}

export interface Result extends ResultCode {
  partnerCode?: string;
  partnerCodeLabel?: string;
}

export interface OutcomeCode extends ResultCode {
  /** The partner's code and label this outcome carries on every route (page, admin API, scenario without its own). */
  partnerCode?: string;
  partnerCodeLabel?: string;
  /** Short text for the simulator panel and the README table. */
  label: string;
  /** True when the code can be chosen as the final outcome of a web payment. */
  outcome: boolean;
}

const table: OutcomeCode[] = [
  // Bancontact table (Monext "Bancontact - Intégration" page)
  { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved', label: 'Payment accepted', outcome: true },
  { code: '02008', shortMessage: 'CANCELLED', longMessage: 'Transaction canceled by user', label: 'Cancelled by the buyer (ABORT)', outcome: true },
  { code: '02324', shortMessage: 'REFUSED', longMessage: 'The session expired before the consumer has finished the transaction', label: 'Session expired', outcome: true },
  { code: '02020', shortMessage: 'REFUSED', longMessage: 'Transaction refused by partner', label: 'Refused by partner', outcome: true, partnerCode: 'REFUSED_BY_ISSUER', partnerCodeLabel: 'Refused by issuer' },
  { code: '02012', shortMessage: 'ERROR', longMessage: 'Unmatched partner return code', label: 'Unmatched partner return code', outcome: true },
  { code: '02308', shortMessage: 'ERROR', longMessage: 'Invalid value for', label: 'Invalid value', outcome: true },
  { code: '02106', shortMessage: 'ERROR', longMessage: 'Payment partner error', label: 'Payment partner error', outcome: true },
  // Generic bank refusals (01xxx) and fraud suspicion (04xxx)
  { code: '01100', shortMessage: 'REFUSED', longMessage: 'Do not honor', label: 'Bank refusal: do not honor', outcome: true },
  { code: '01101', shortMessage: 'REFUSED', longMessage: 'Card expired', label: 'Bank refusal: card expired', outcome: true },
  { code: '01116', shortMessage: 'REFUSED', longMessage: 'Amount limit', label: 'Bank refusal: amount limit', outcome: true },
  { code: '04002', shortMessage: 'REFUSED', longMessage: 'Fraud suspected', label: 'Fraud suspicion', outcome: true },
  // Codes of the platform itself (not chosen as outcomes)
  { code: '02306', shortMessage: 'INPROGRESS', longMessage: 'Transaction in progress, the consumer must fill in the payment information', label: 'In progress', outcome: false },
  { code: '02304', shortMessage: 'ERROR', longMessage: 'No transaction found for this token', label: 'Unknown token', outcome: false },
  { code: '02303', shortMessage: 'ERROR', longMessage: 'Invalid contract number', label: 'Invalid contract number', outcome: false },
  { code: '02305', shortMessage: 'ERROR', longMessage: 'Invalid field format', label: 'Invalid field format', outcome: false },
  { code: '02301', shortMessage: 'ERROR', longMessage: 'Transaction ID is invalid', label: 'Invalid transaction ID', outcome: false },
  { code: '02101', shortMessage: 'ERROR', longMessage: 'System internal error', label: 'Internal error', outcome: false },
  // Monext's PHP SDK fails over on 02101 and 04901; no public table gives 04901's text: the simulator's own wording
  { code: '04901', shortMessage: 'ERROR', longMessage: 'Service temporarily unavailable', label: 'Service unavailable (PHP SDK fails over)', outcome: false },
  { code: '01914', shortMessage: 'REFUSED', longMessage: 'Transaction can not be found', label: 'Transaction not found', outcome: false },
  { code: '01917', shortMessage: 'REFUSED', longMessage: 'This transaction is not resetable', label: 'Not resetable', outcome: false },
  { code: '02613', shortMessage: 'ERROR', longMessage: 'The maximal sum of the capture/refund is exceeded', label: 'Refund exceeds the captured amount', outcome: false },
  { code: '02314', shortMessage: 'ERROR', longMessage: 'Transaction flag refundable is disabled', label: 'Not refundable', outcome: false },
];

const byCode = new Map(table.map((c) => [c.code, c]));

export const CODES: readonly OutcomeCode[] = table;

/** The codes a scenario, the page panel or the admin API may choose as a final outcome. */
export const OUTCOME_CODES: readonly OutcomeCode[] = table.filter((c) => c.outcome);

export function findCode(code: string): OutcomeCode | undefined {
  return byCode.get(code);
}

/**
 * What a page shows after a result's longMessage when the message alone says too little:
 * Monext's own 02308 message, "Invalid value for", names no field when the result comes from the
 * partner's page (the simulator sends it as the platform does; a refused doWebPayment, by a check
 * or a scenario, names the field).
 */
export function longMessageNote(r: { code: string; longMessage?: string }): string | undefined {
  if (r.code === '02308' && r.longMessage?.trim() === 'Invalid value for') {
    return "Monext's message for 02308 ends there when the partner refuses a value of the payment: it names no field (a refused doWebPayment names it).";
  }
  return undefined;
}

/** The result block for a known code; throws on an unknown one (a programming error). */
export function result(code: string, longMessage?: string): Result {
  const c = byCode.get(code);
  if (!c) throw new Error(`unknown result code ${code}`);
  const r: Result = { code: c.code, shortMessage: c.shortMessage, longMessage: longMessage ?? c.longMessage };
  if (c.partnerCode !== undefined) r.partnerCode = c.partnerCode;
  if (c.partnerCodeLabel !== undefined) r.partnerCodeLabel = c.partnerCodeLabel;
  return r;
}

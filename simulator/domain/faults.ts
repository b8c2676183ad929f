/**
 * Platform faults on demand: the rules (checked here), which SOAP call a rule
 * hits, and how many calls it has left. Pure: the HTTP layer (http/faults.ts)
 * turns a hit into a slow, failing or silent answer.
 *
 * Who a rule hits:
 * - an admin rule with `merchantId` hits only that merchant's calls; an admin
 *   rule without one (listed as `"merchantId": "*"`) hits the calls of every merchant;
 * - a scenario's rule for doWebPayment (or "*") hits the doWebPayment calls the scenario
 *   matched (counted per merchant); its other rules hit only the later calls of a session that scenario
 *   began (counted per session), so never another merchant's or another session's.
 */
import { BoundedMap } from './bounded-map.js';
import { findCode } from './codes.js';
import { OPERATIONS } from '../soap/schema.js';

export type FaultKind = 'http' | 'delay' | 'reset' | 'hang' | 'code';
export const FAULT_KINDS: readonly FaultKind[] = ['http', 'delay', 'reset', 'hang', 'code'];
/** The statuses of a kind "http" rule: the platform's own 500, and what a proxy or load balancer gives. */
export const FAULT_STATUSES: readonly number[] = [500, 502, 503, 504, 408];
/** The SOAP operations the simulator implements: what a rule may name besides "*". */
export const FAULT_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);
/** Longest delay: five minutes. */
export const MAX_DELAY_MS = 300_000;
/** Most admin rules at once (POST beyond that gets 400). */
export const MAX_FAULT_RULES = 1000;
/** Most `times` a rule may count. */
export const MAX_TIMES = 1_000_000;

/** A rule as a scenario writes it (no merchantId: the scenario says whose calls). */
export interface FaultSpec {
  /** A SOAP operation the simulator implements, or "*". */
  operation: string;
  kind: FaultKind;
  /** kind http: the HTTP status. */
  status?: number;
  /** kind delay: milliseconds before the normal answer. */
  ms?: number;
  /** kind code: the result code answered. */
  code?: string;
  /** How many matching calls it hits; absent: every one until removed. */
  times?: number;
}

/** A rule of the admin API. */
export interface FaultRule extends FaultSpec {
  id: string;
  merchantId?: string;
  /** Calls it still hits; undefined: until removed. */
  callsLeft?: number;
  /** Calls it has hit. */
  hits: number;
}

/** What a call hit: the rule (a copy for the journal) and where it came from. */
export interface FaultHit {
  ruleId: string;
  rule: FaultSpec;
}

/** A bad rule: the field at fault and what is wrong. */
export class FaultRuleError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'FaultRuleError';
  }
}

export const FAULT_SPEC_FIELDS = ['operation', 'kind', 'status', 'ms', 'code', 'times'] as const;
/** The parameter each kind needs (and the only one it may have). */
const PARAMETER: Record<FaultKind, 'status' | 'ms' | 'code' | undefined> = { http: 'status', delay: 'ms', code: 'code', reset: undefined, hang: undefined };

export interface FaultCheckOptions {
  /** The SOAP operations a rule may name (besides "*"). */
  operations: readonly string[];
  /** Whether merchantId may be given, and which ones exist; undefined: the field is refused (scenarios). */
  merchantExists?: (merchantId: string) => boolean;
}

function shown(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return JSON.stringify(v) ?? String(v);
}

/** Checks a rule given as JSON; throws FaultRuleError naming the first field at fault. */
export function checkFault(value: unknown, opts: FaultCheckOptions): FaultSpec & { merchantId?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FaultRuleError('rule', `must be an object, got ${shown(value)}`);
  const o = value as Record<string, unknown>;
  const allowed: string[] = [...FAULT_SPEC_FIELDS, ...(opts.merchantExists ? ['merchantId'] : [])];
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new FaultRuleError(key, `is not a field of a fault rule (fields: ${allowed.join(', ')})`);
  }
  const ops = ['*', ...opts.operations];
  if (typeof o['operation'] !== 'string' || !ops.includes(o['operation'])) {
    throw new FaultRuleError('operation', `must be one of ${ops.map((x) => JSON.stringify(x)).join(', ')}, got ${shown(o['operation'])}`);
  }
  const kind = o['kind'];
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultRuleError('kind', `must be one of ${FAULT_KINDS.map((k) => JSON.stringify(k)).join(', ')}, got ${shown(kind)}`);
  }
  const k = kind as FaultKind;
  const spec: FaultSpec & { merchantId?: string } = { operation: o['operation'], kind: k };
  const param = PARAMETER[k];
  for (const p of ['status', 'ms', 'code'] as const) {
    if (p !== param && o[p] !== undefined) throw new FaultRuleError(p, `is not used by kind ${JSON.stringify(k)}${param ? ` (it takes ${param})` : ' (it takes no parameter)'}`);
  }
  if (param === 'status') {
    if (typeof o['status'] !== 'number' || !FAULT_STATUSES.includes(o['status'])) {
      throw new FaultRuleError('status', `must be one of ${FAULT_STATUSES.join(', ')} for kind "http", got ${shown(o['status'])}`);
    }
    spec.status = o['status'];
  } else if (param === 'ms') {
    const ms = o['ms'];
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_DELAY_MS) {
      throw new FaultRuleError('ms', `must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS} for kind "delay", got ${shown(ms)}`);
    }
    spec.ms = ms;
  } else if (param === 'code') {
    const code = o['code'];
    if (typeof code !== 'string' || !findCode(code)) {
      throw new FaultRuleError('code', `must be a result code the simulator knows (e.g. "02101", "04901"), got ${shown(code)}`);
    }
    spec.code = code;
  }
  const times = o['times'];
  if (times !== undefined) {
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > MAX_TIMES) {
      throw new FaultRuleError('times', `must be a whole number from 1 to ${MAX_TIMES} (leave it out: until removed), got ${shown(times)}`);
    }
    spec.times = times;
  }
  const merchantId = o['merchantId'];
  if (merchantId !== undefined) {
    if (typeof merchantId !== 'string' || !opts.merchantExists!(merchantId)) {
      throw new FaultRuleError('merchantId', `must name a configured merchant (leave it out: every merchant), got ${shown(merchantId)}`);
    }
    spec.merchantId = merchantId;
  }
  return spec;
}

/** once: the default; none: never sent; twice: sent again after it was delivered; delayMs: sent that long after the result. */
export type NotificationMode = 'once' | 'none' | 'twice' | { delayMs: number };
export const NOTIFICATION_MODES = ['once', 'none', 'twice'] as const;

/** Checks a notification mode given as JSON; throws FaultRuleError naming `field` (or field.delayMs). */
export function checkNotificationMode(value: unknown, field: string): NotificationMode {
  if (typeof value === 'string' && (NOTIFICATION_MODES as readonly string[]).includes(value)) return value as NotificationMode;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const extra = Object.keys(value).find((k) => k !== 'delayMs');
    if (extra !== undefined) throw new FaultRuleError(field, `has an unknown key ${JSON.stringify(extra)} (a delay is {"delayMs": N})`);
    const ms = (value as { delayMs?: unknown }).delayMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_DELAY_MS) {
      throw new FaultRuleError(`${field}.delayMs`, `must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, got ${shown(ms)}`);
    }
    return { delayMs: ms };
  }
  throw new FaultRuleError(field, `must be "once", "none", "twice" or {"delayMs": N}, got ${shown(value)}`);
}

/** A scenario that makes the platform misbehave (faults, a notification mode) rather than choose an outcome. */
export function isFaultScenario(s: { faults?: readonly FaultSpec[]; notification?: NotificationMode }): boolean {
  return s.faults !== undefined || s.notification !== undefined;
}

/** Whether a rule's operation covers a call's. */
export function coversOperation(rule: { operation: string }, operation: string): boolean {
  return rule.operation === '*' || rule.operation === operation;
}

/** The rule a scenario's fault gets in the journal and the listing: `scenario:<id>#<index>`. */
export function scenarioRuleId(scenarioId: string, index: number): string {
  return `scenario:${scenarioId}#${index}`;
}

/**
 * The admin rules, in the order they were added, and the counts of scenario
 * rules (per doWebPayment rule, per session for the others).
 */
export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /**
   * Calls hit per merchant, per scenario doWebPayment rule (merchantId -> ruleId -> hits): a
   * scenario without merchantId serves every merchant, and one merchant's calls never use up another's.
   */
  private readonly scenarioHits = new Map<string, Map<string, number>>();
  /** Calls hit per session, per scenario rule index. */
  private readonly sessionHits: BoundedMap<string, number[]>;

  constructor(
    readonly maxRules = MAX_FAULT_RULES,
    maxSessions = 100_000,
  ) {
    this.sessionHits = new BoundedMap(maxSessions);
  }

  /** Adds a checked rule; undefined when the list is full. */
  add(spec: FaultSpec & { merchantId?: string }): FaultRule | undefined {
    if (this.rules.length >= this.maxRules) return undefined;
    const rule: FaultRule = { id: `f${this.nextId++}`, ...spec, hits: 0, ...(spec.times !== undefined && { callsLeft: spec.times }) };
    this.rules.push(rule);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  get size(): number {
    return this.rules.length;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Removes the rules of one merchant and forgets what its doWebPayment calls counted (a reset of that merchant). */
  clearMerchant(merchantId: string): void {
    this.rules = this.rules.filter((r) => r.merchantId !== merchantId);
    this.scenarioHits.delete(merchantId);
  }

  /** Removes every admin rule and forgets what scenario rules counted. */
  clear(): void {
    this.rules = [];
    this.scenarioHits.clear();
    this.sessionHits.clear();
  }

  /**
   * The first admin rule covering a call of `merchantId`, counted as hit (a rule
   * whose calls run out is removed).
   */
  take(operation: string, merchantId: string): FaultHit | undefined {
    if (this.rules.length === 0) return undefined;
    const i = this.rules.findIndex((r) => coversOperation(r, operation) && (r.merchantId === undefined || r.merchantId === merchantId));
    if (i < 0) return undefined;
    const r = this.rules[i]!;
    r.hits++;
    if (r.callsLeft !== undefined && --r.callsLeft === 0) this.rules.splice(i, 1);
    return { ruleId: r.id, rule: specOf(r) };
  }

  /** A scenario's rule for the doWebPayment call of `merchantId` it matched (`times` counted per rule and merchant until a reset). */
  takeForDoWebPayment(scenarioId: string, faults: readonly FaultSpec[], merchantId: string): FaultHit | undefined {
    return this.takeCounted(faults, 'doWebPayment', (i) => {
      const id = scenarioRuleId(scenarioId, i);
      const hits = () => {
        let h = this.scenarioHits.get(merchantId);
        if (!h) this.scenarioHits.set(merchantId, (h = new Map()));
        return h;
      };
      return { id, get: () => this.scenarioHits.get(merchantId)?.get(id) ?? 0, inc: () => void hits().set(id, (hits().get(id) ?? 0) + 1) };
    });
  }

  /** A scenario's rule for a later call of the session `token` began (`times` counted per session). */
  takeForSession(token: string, scenarioId: string, faults: readonly FaultSpec[], operation: string): FaultHit | undefined {
    if (operation === 'doWebPayment') return undefined;
    return this.takeCounted(faults, operation, (i) => {
      const counts = () => {
        let c = this.sessionHits.get(token);
        if (!c) this.sessionHits.set(token, (c = []));
        return c;
      };
      return { id: scenarioRuleId(scenarioId, i), get: () => this.sessionHits.get(token)?.[i] ?? 0, inc: () => void (counts()[i] = (counts()[i] ?? 0) + 1) };
    });
  }

  private takeCounted(faults: readonly FaultSpec[], operation: string, counter: (i: number) => { id: string; get: () => number; inc: () => void }): FaultHit | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (!coversOperation(f, operation)) continue;
      const c = counter(i);
      if (f.times !== undefined && c.get() >= f.times) continue;
      c.inc();
      return { ruleId: c.id, rule: f };
    }
    return undefined;
  }
}

function specOf(r: FaultRule): FaultSpec {
  const { id: _id, merchantId: _m, callsLeft: _c, hits: _h, ...spec } = r;
  return spec;
}

/**
 * Everything the routes share: one object built by buildApp and passed to each
 * route module (no Fastify decoration needed).
 */
import type { Config } from '../config.js';
import type { Catalog } from '../domain/catalog.js';
import type { SimulatedClock } from '../domain/clock.js';
import type { Payments } from '../domain/payments.js';
import type { Store } from '../domain/store.js';
import type { Journal } from '../domain/journal.js';
import type { Notifier } from './notifier.js';
import type { FaultInjector } from './faults.js';

/** The HTTPS listener, once it listens (set by server.ts; empty while HTTPS is off). */
export interface HttpsState {
  /** The port it listens on. */
  port?: number;
  /** The CA certificate that signs its certificate (PEM) and the file it is kept in. */
  caPem?: string;
  caFile?: string;
}

export interface SimulatorContext {
  config: Config;
  https: HttpsState;
  clock: SimulatedClock;
  store: Store;
  payments: Payments;
  notifier: Notifier;
  journal: Journal;
  /** Fault rules and the connections they hold. */
  faults: FaultInjector;
  catalog(): Catalog;
  /** Reloads the fixtures folder; throws FixtureError and keeps the old catalog on a broken file. */
  reloadFixtures(): Catalog;
  /** Expires what is due and starts the notifications that are due. */
  tick(): void;
}

/**
 * What the domain tests share: the project's default fixtures, their merchants,
 * and Payments over a manual clock, seeded ids and an in-memory store.
 */
import { Catalog } from './catalog.js';
import { ManualClock } from './clock.js';
import { createIdGenerator, seededBytes, type IdGenerator } from './ids.js';
import { Payments } from './payments.js';
import { MemoryStore } from './store.js';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from '../fixtures/load.js';
import type { Merchant } from '../fixtures/model.js';

/** 19/01/2024 10:35:10 in Paris: where the manual clock starts. */
export const START = Date.UTC(2024, 0, 19, 9, 35, 10);

export const catalog = new Catalog(loadFixtures(DEFAULT_FIXTURES_DIR));

export function merchantOf(id: string): Merchant {
  const m = catalog.merchant(id);
  if (!m) throw new Error(`merchant ${id} is missing from the default fixtures`);
  return m;
}

export interface PaymentsHarness {
  clock: ManualClock;
  ids: IdGenerator;
  store: MemoryStore;
  payments: Payments;
}

/** Payments on the default fixtures, the clock at START, ids from `seed`. */
export function paymentsHarness(seed: number, publicUrl: string): PaymentsHarness {
  const clock = new ManualClock(START);
  const store = new MemoryStore();
  const ids = createIdGenerator(seededBytes(seed));
  const payments = new Payments({ clock, ids, store, catalog: () => catalog, publicUrl: () => publicUrl });
  return { clock, ids, store, payments };
}

/**
 * The configured merchants, points of sale, contracts and scenarios, indexed for
 * the lookups every request makes. Built from fixtures; replaced whole on reload.
 */
import type { Contract, Fixtures, Merchant, PointOfSale, Scenario } from '../fixtures/model.js';

export class Catalog {
  private readonly merchants = new Map<string, Merchant>();
  private readonly scenarioCache = new Map<string, Scenario[]>();
  private readonly scenariosById = new Map<string, Scenario>();
  /** Whether some scenario carries fault rules (else the SOAP route need not look). */
  readonly hasScenarioFaults: boolean;

  constructor(readonly fixtures: Fixtures) {
    for (const m of fixtures.merchants) this.merchants.set(m.merchantId, m);
    for (const s of fixtures.scenarios) this.scenariosById.set(s.id, s);
    this.hasScenarioFaults = fixtures.scenarios.some((s) => s.faults !== undefined && s.faults.length > 0);
  }

  scenario(id: string): Scenario | undefined {
    return this.scenariosById.get(id);
  }

  merchant(merchantId: string): Merchant | undefined {
    return this.merchants.get(merchantId);
  }

  allMerchants(): readonly Merchant[] {
    return this.fixtures.merchants;
  }

  /** The merchant whose id and access key match (HTTP Basic credentials). */
  authenticate(merchantId: string, accessKey: string): Merchant | undefined {
    const m = this.merchants.get(merchantId);
    return m && m.accessKey === accessKey ? m : undefined;
  }

  contract(merchant: Merchant, contractNumber: string): Contract | undefined {
    return merchant.contracts.find((c) => c.contractNumber === contractNumber);
  }

  pointOfSale(merchant: Merchant, label: string): PointOfSale | undefined {
    return merchant.pointsOfSale.find((p) => p.label === label);
  }

  /** Scenarios that may apply to this merchant, in file order. */
  scenariosFor(merchantId: string): Scenario[] {
    let list = this.scenarioCache.get(merchantId);
    if (!list) {
      list = this.fixtures.scenarios.filter((s) => s.merchantId === undefined || s.merchantId === merchantId);
      if (this.merchants.has(merchantId)) this.scenarioCache.set(merchantId, list);
    }
    return list;
  }
}

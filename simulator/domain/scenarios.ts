/**
 * Scenario rules: a scenario matches a doWebPayment request when every one of its
 * dotted paths holds one of the accepted values. The first match, in file order,
 * decides the outcome. Pure.
 */
import type { Scenario } from '../fixtures/model.js';
import { privateData, text, type XObj } from '../soap/envelope.js';

/** The request's value at a scenario path: `privateData.<key>` reads privateDataList. */
export function valueAt(request: XObj, path: string): string | undefined {
  if (path.startsWith('privateData.')) {
    const key = path.slice('privateData.'.length);
    return privateData(request).find((p) => p.key === key)?.value;
  }
  return text(request, path);
}

export function matches(scenario: Scenario, request: XObj): boolean {
  for (const [path, expected] of Object.entries(scenario.match)) {
    const actual = valueAt(request, path);
    if (actual === undefined) return false;
    if (Array.isArray(expected) ? !expected.includes(actual) : expected !== actual) return false;
  }
  return true;
}

export function findScenario(scenarios: readonly Scenario[], request: XObj): Scenario | undefined {
  return scenarios.find((s) => matches(s, request));
}

/**
 * Scenario rules: a scenario matches a doWebPayment request when every one of its
 * dotted paths holds one of the accepted values. The first match, in file order,
 * decides the outcome. Pure.
 */
import type { Scenario } from '../fixtures/model.js';
import { privateData, textAtParts, type XObj } from '../soap/envelope.js';

/** The request's value at a scenario path: `privateData.<key>` reads privateDataList. */
export function valueAt(request: XObj, path: string): string | undefined {
  return reader(path)(request);
}

/** A function reading a scenario path, worked out once per path. */
function reader(path: string): (request: XObj) => string | undefined {
  if (path.startsWith('privateData.')) {
    const key = path.slice('privateData.'.length);
    return (request) => privateData(request).find((p) => p.key === key)?.value;
  }
  const parts = path.split('.');
  return (request) => textAtParts(request, parts);
}

export function matches(scenario: Scenario, request: XObj): boolean {
  return findScenario([scenario], request) !== undefined;
}

/** A list of scenarios prepared for matching: each distinct path is read once per request. */
interface Compiled {
  paths: string[];
  readers: ((request: XObj) => string | undefined)[];
  rules: { scenario: Scenario; checks: [pathIndex: number, expected: string | string[]][] }[];
}

const compiled = new WeakMap<readonly Scenario[], Compiled>();

function compile(scenarios: readonly Scenario[]): Compiled {
  const paths: string[] = [];
  const rules = scenarios.map((scenario) => ({
    scenario,
    checks: Object.entries(scenario.match).map(([path, expected]): [number, string | string[]] => {
      let k = paths.indexOf(path);
      if (k < 0) k = paths.push(path) - 1;
      return [k, expected];
    }),
  }));
  return { paths, readers: paths.map(reader), rules };
}

/** The first scenario, in file order, whose every path holds an accepted value. */
export function findScenario(scenarios: readonly Scenario[], request: XObj): Scenario | undefined {
  let c = compiled.get(scenarios);
  if (!c) {
    c = compile(scenarios);
    compiled.set(scenarios, c);
  }
  const values: (string | undefined | null)[] = new Array(c.paths.length).fill(null);
  for (const { scenario, checks } of c.rules) {
    let ok = true;
    for (const [k, expected] of checks) {
      // each path is read once, when a rule first needs it
      let actual = values[k];
      if (actual === null) actual = values[k] = c.readers[k]!(request);
      if (actual === undefined || (Array.isArray(expected) ? !expected.includes(actual) : expected !== actual)) {
        ok = false;
        break;
      }
    }
    if (ok) return scenario;
  }
  return undefined;
}

/**
 * scripts/ensure-build.mjs decides whether `npm start` may run dist/ as it is: run on a copy in
 * a temporary project (the script finds the project from its own place).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ensure-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, secondsAgo: number): void {
  const p = join(root, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, '');
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(p, t, t);
}

it('builds when there is no build, or a source of the simulator is newer than the last build; not for tests or other folders', async () => {
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(here, 'ensure-build.mjs'), join(root, 'scripts', 'ensure-build.mjs'));
  const { staleness } = (await import(pathToFileURL(join(root, 'scripts', 'ensure-build.mjs')).href)) as { staleness: () => string | undefined };
  file('package.json', 100);
  file('simulator/domain/a.ts', 100);
  expect(staleness()).toBe('no build yet');
  file('dist/simulator/cli.js', 50);
  expect(staleness()).toBe('no build yet'); // a build not made by build:sim / ensure-build (no stamp)
  file('dist/.build-stamp', 50);
  expect(staleness()).toBeUndefined();
  file('simulator/domain/a.test.ts', 10);
  file('e2e/x.ts', 10);
  file('simulator/domain/b.test-support.ts', 10);
  expect(staleness()).toBeUndefined();
  file('simulator/domain/a.ts', 10);
  expect(staleness()).toBe(join('simulator', 'domain', 'a.ts') + ' changed since the last build');
  // a build by tsc --watch (npm run dev) writes its build info file: up to date again
  file('dist/.tsbuildinfo-simulator', 5);
  expect(staleness()).toBeUndefined();
  file('fixtures/schema/scenarios.schema.json', 1);
  expect(staleness()).toBe(join('fixtures', 'schema', 'scenarios.schema.json') + ' changed since the last build');
});

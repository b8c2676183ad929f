/**
 * The README's programmatic example ("Using it from your own tests"), with the journal
 * assertion of "Admin API" inside it, run as written: written to a .mjs file inside the
 * package (so `import … from 'bancontact-homologation-simulator'` resolves to this build, as
 * in a shop that installed it) and run with node. It needs the build of `npm test`
 * (dist/simulator/) and a Chromium (CHROMIUM_PATH, or Debian's).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../simulator/paths.js';
import { readmeExample } from '../simulator/readme.test-support.js';
import { chooseChromium } from './browser.js';

function run(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

it('the example of "Using it from your own tests", with the journal assertion, runs as written', async () => {
  const checkout = readmeExample('checkout');
  const journal = readmeExample('journal');
  // the README puts the journal assertion "before the browser closes"
  const closing = 'await browser.close();';
  expect(checkout).toContain(closing);
  const script = checkout.replace(closing, `${journal}\n\n${closing}`);
  const dir = join(PROJECT_ROOT, 'dist', 'readme-examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'checkout.mjs');
  writeFileSync(file, script);
  const chromium = chooseChromium();
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (chromium.executablePath !== undefined) env['CHROMIUM_PATH'] = chromium.executablePath;
  const { code, out } = await run(file, env);
  expect(out).toMatch(/^paid, token 1[A-Za-z0-9]{19}\d{13}\n$/);
  expect(code).toBe(0);
});

/**
 * The README's programmatic examples run as written: "Using it from your own tests" with the
 * journal assertion inside it, and the PaymentWidget example of "In-shop mode" on the README's
 * minimal shop page. Each is written to a .mjs file inside the package (so `import … from
 * 'bancontact-homologation-simulator'` resolves to this build, as in a shop that installed it) and
 * run with node. It needs the build of `npm test` (dist/simulator/, dist/widget/) and a Chromium
 * (CHROMIUM_PATH, or Debian's).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Writes the script to dist/readme-examples/NAME and runs it with node, with the Chromium the e2e tests use. */
function runScript(name: string, script: string): Promise<{ code: number | null; out: string }> {
  const dir = join(PROJECT_ROOT, 'dist', 'readme-examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, script);
  const chromium = chooseChromium();
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (chromium.executablePath !== undefined) env['CHROMIUM_PATH'] = chromium.executablePath;
  return run(file, env);
}

it('the example of "Using it from your own tests", with the journal assertion, runs as written', async () => {
  const checkout = readmeExample('checkout');
  const journal = readmeExample('journal');
  // the README puts the journal assertion "before the browser closes"
  const closing = 'await browser.close();';
  expect(checkout).toContain(closing);
  const script = checkout.replace(closing, `${journal}\n\n${closing}`);
  const { code, out } = await runScript('checkout.mjs', script);
  expect(out).toMatch(/^paid, token 1[A-Za-z0-9]{19}\d{13}\n$/);
  expect(code).toBe(0);
});

it('the PaymentWidget example of "In-shop mode" runs as written on the minimal page of the README', async () => {
  const kit = readmeExample('widget kit');
  const html = readmeExample('widget page');
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  // the doWebPayment of the same section, as its curl command sends it
  const section = readme.slice(readme.indexOf('### A minimal page that embeds it'));
  const envelope = /--data '([\s\S]*?)'/.exec(section)![1]!;
  const imports = kit.split('\n').filter((l) => l.startsWith('import '));
  const body = kit.split('\n').filter((l) => !l.startsWith('import '));
  // around the example: the simulator, the README's shop.html served on 127.0.0.1, its doWebPayment, and the
  // Playwright page the example calls playwrightPage, opened on the shop page with the token
  const script = [
    "import { createServer } from 'node:http';",
    "import { chromium } from 'playwright-core';",
    "import { startSimulator } from 'bancontact-homologation-simulator';",
    ...imports,
    'const sim = await startSimulator({ port: 0 });',
    `const html = ${JSON.stringify(html)}.replaceAll('http://127.0.0.1:8080', sim.url);`,
    "const shop = createServer((req, res) => res.end(req.url.startsWith('/shop.html') ? html : '')).listen(0, '127.0.0.1');",
    "await new Promise((resolve) => shop.once('listening', resolve));",
    'const shopUrl = `http://127.0.0.1:${shop.address().port}`;',
    `const answer = await fetch(\`\${sim.url}/V4/services/WebPaymentAPI\`, { method: 'POST', headers: { 'content-type': 'text/xml', authorization: 'Basic ' + Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64') }, body: ${JSON.stringify(envelope)}.replaceAll('http://127.0.0.1:8000', shopUrl) });`,
    'const token = /<[a-z0-9:]*token>([^<]*)/.exec(await answer.text())[1];',
    'const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || undefined });',
    'const playwrightPage = await browser.newPage();',
    'await playwrightPage.goto(`${shopUrl}/shop.html?token=${token}`);',
    ...body,
    "await playwrightPage.waitForURL(`${shopUrl}/shop.html?step=return&paylinetoken=${token}`);",
    "console.log('back on', new URL(playwrightPage.url()).search);",
    'await browser.close();',
    'shop.close();',
    'await sim.close();',
  ].join('\n');
  const { code, out } = await runScript('widget.mjs', script);
  expect(out).toMatch(/^PAYMENT_SUCCESS\nback on \?step=return&paylinetoken=1[A-Za-z0-9]{19}\d{13}\n$/);
  expect(code).toBe(0);
});

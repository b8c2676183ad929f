/**
 * The compiled CLI as a user runs it: the banner names the fixtures folder and
 * what it holds, a broken fixture or flag stops start-up with one line (exit 2),
 * and DATA_FILE without better-sqlite3 (an optional dependency) says what to install.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, runCli, type CliRun } from './cli.test-support.js';
import { OPTIONS } from './config.js';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from './fixtures/load.js';
import { PROJECT_ROOT } from './paths.js';
import { MISSING_SQLITE } from './store/open.js';

const DIR = mkdtempSync(join(tmpdir(), 'sim-cli-'));
const started: CliRun[] = [];

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => {
  for (const r of started) r.child.kill('SIGKILL');
  rmSync(DIR, { recursive: true, force: true });
});

/** Runs the CLI; one still running after its banner is stopped after the tests. */
async function cli(args: readonly string[], cliPath?: string): Promise<CliRun> {
  const r = await runCli(args, cliPath);
  if (r.code === null) started.push(r);
  return r;
}

const merchant = (merchantId: string, contracts: string[]) => ({
  merchantId,
  accessKey: 'KEY',
  shopName: 'SHOP',
  pointsOfSale: [{ label: 'POS1', paymentDelayMinutes: 61, saveWalletData: true }],
  contracts: contracts.map((contractNumber) => ({ contractNumber, cardCode: 'BANCONTACT_MNXT', label: 'L', currency: '978', pointOfSale: 'POS1' })),
});
const scenario = (match: Record<string, string>) => ({ id: 's1', description: 'd', match, when: 'payment', code: '02020' });

/** A fixtures folder with these files (name -> JSON). */
function fixtures(name: string, files: Record<string, unknown>): string {
  const dir = join(DIR, name);
  mkdirSync(dir);
  for (const [file, json] of Object.entries(files)) writeFileSync(join(dir, file), JSON.stringify(json));
  return dir;
}

describe('the start-up banner', { timeout: 60_000 }, () => {
  it("names the project's fixtures folder and counts what it holds", async () => {
    const r = await cli(['--port', '0']);
    expect(r.stdout).toMatch(/^Bancontact homologation simulator listening on http:\/\/127\.0\.0\.1:\d+ /);
    // counted from the files (other changes add default scenarios)
    const { merchants, scenarios } = loadFixtures(DEFAULT_FIXTURES_DIR);
    const contracts = merchants.reduce((n, m) => n + m.contracts.length, 0);
    expect(r.stdout).toContain(`\nfixtures: ${DEFAULT_FIXTURES_DIR} (${merchants.length} merchants, ${contracts} contracts, ${scenarios.length} scenarios)\n`);
    expect(DEFAULT_FIXTURES_DIR).toBe(join(PROJECT_ROOT, 'fixtures'));
  });

  it('names a folder given with --fixtures, as an absolute path, with its counts', async () => {
    const dir = fixtures('two', {
      'merchants.json': { merchants: [merchant('1', ['A', 'B']), merchant('2', ['A'])] },
      'scenarios.json': { scenarios: [scenario({ 'order.ref': 'R' })] },
    });
    const r = await cli(['--port', '0', `--fixtures=${dir}`]);
    expect(r.stdout).toContain(`\nfixtures: ${dir} (2 merchants, 3 contracts, 1 scenario)\n`);
  });
});

describe('start-up refusals: one line, exit 2', { timeout: 60_000 }, () => {
  it('a match path no doWebPayment request has, with the nearest one', async () => {
    const dir = fixtures('bad-path', {
      'merchants.json': { merchants: [merchant('1', ['A'])] },
      'scenarios.json': { scenarios: [scenario({ 'order.reference': 'R' })] },
    });
    const r = await cli(['--port', '0', '--fixtures', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `bancontact-simulator: ${join(dir, 'scenarios.json')}: $.scenarios[0].match["order.reference"]: no doWebPayment request has this path; ` +
        'did you mean "order.ref"? (a dotted path of the request such as "buyer.lastName", or "privateData.<key>")\n',
    );
  });

  it.each([
    [['--port'], 'option --port needs a value'],
    [['--data='], 'option --data needs a value'],
    [['--prot', '80'], `unknown option --prot (known: ${Object.values(OPTIONS).map((o) => o.flag).join(', ')})`],
    [['start'], 'unexpected argument "start" (options are written --name value or --name=value; --help lists them)'],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bancontact-simulator: ${message}\n`);
  });
});

it('--help and -h list every flag with its variable', async () => {
  for (const flag of ['--help', '-h']) {
    const r = await cli(['--port', '1', flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: bancontact-simulator \[options\]/);
    for (const o of Object.values(OPTIONS)) expect(r.stdout).toMatch(new RegExp(`\\n  ${o.flag} <value> +${o.env} +\\S`));
  }
});

describe('without better-sqlite3 (an install that could not build it)', { timeout: 60_000 }, () => {
  /**
   * The built simulator beside a node_modules holding every installed package but
   * better-sqlite3, as npm leaves it when the optional package fails to build.
   */
  let cliWithout: string;
  beforeAll(() => {
    const root = join(DIR, 'no-sqlite');
    cpSync(join(PROJECT_ROOT, 'dist', 'simulator'), join(root, 'dist', 'simulator'), { recursive: true });
    for (const f of ['package.json', 'views', 'fixtures', 'locales']) symlinkSync(join(PROJECT_ROOT, f), join(root, f));
    mkdirSync(join(root, 'node_modules'));
    for (const name of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
      if (name !== 'better-sqlite3') symlinkSync(join(PROJECT_ROOT, 'node_modules', name), join(root, 'node_modules', name));
    }
    cliWithout = join(root, 'dist', 'simulator', 'cli.js');
  });

  it('starts in memory', async () => {
    const r = await cli(['--port', '0'], cliWithout);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  });

  it('stops at start-up when DATA_FILE is set, saying what to install', async () => {
    const r = await cli(['--port', '0', '--data', join(DIR, 'state.db')], cliWithout);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bancontact-simulator: ${MISSING_SQLITE}\n`);
    expect(MISSING_SQLITE).toContain('npm install better-sqlite3');
  });

  it('the same command starts with better-sqlite3 installed', async () => {
    const r = await cli(['--port', '0', '--data', join(DIR, 'state.db')], CLI);
    expect(r.stderr).toBe('');
    expect(r.code).toBeNull();
  });
});

#!/usr/bin/env node
/**
 * bancontact-simulator [--port N] [--host H] [--public-url URL] [--fixtures DIR] …
 * Starts the simulator, prints the URLs it serves, stops cleanly on SIGINT/SIGTERM.
 *
 * bancontact-simulator ca [--ca-dir DIR]   prints the local CA certificate (creating it if needed)
 * bancontact-simulator hosts [ADDRESS]     prints the hosts-file lines for Monext's homologation names
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { asksForHelp, ConfigError, derivedPublicUrl, OPTIONS, parseConfig } from './config.js';
import { DEFAULT_FIXTURES_DIR, fixturesSummary } from './fixtures/load.js';
import { FixtureError } from './fixtures/validate.js';
import { HOMOLOGATION_HOSTS, hostsFileLines } from './http/hosts.js';
import { listen, type RunningSimulator } from './server.js';
import { DataFileError } from './store/data-file-error.js';

function usage(): string {
  const opts = Object.values(OPTIONS);
  const fw = Math.max(...opts.map((o) => o.flag.length)) + 8;
  const ew = Math.max(...opts.map((o) => o.env.length)) + 1;
  const lines = opts.map((o) => `  ${(o.flag + ' <value>').padEnd(fw)} ${o.env.padEnd(ew)} ${o.help}`);
  return (
    `Usage: bancontact-simulator [options]\n` +
    `       bancontact-simulator ca [--ca-dir DIR]   print the local CA certificate (PEM), creating it if needed\n` +
    `       bancontact-simulator hosts [ADDRESS]     print hosts-file lines mapping Monext's homologation names to ADDRESS (default 127.0.0.1)\n\n` +
    `  ${'flag'.padEnd(fw)} ${'env var'.padEnd(ew)}\n${lines.join('\n')}\n  ${'-h, --help'.padEnd(fw)} ${''.padEnd(ew)} this help\n\n` +
    `A value may also be written --flag=value; a flag wins over its env var.\n`
  );
}

/** Errors that stop start-up with one line and exit code 2 (checked by name when their module loads lazily). */
function isStartupError(e: unknown): e is Error {
  return e instanceof ConfigError || e instanceof FixtureError || e instanceof DataFileError || (e instanceof Error && e.name === 'CaDirError');
}

function fail(message: string): never {
  process.stderr.write(`bancontact-simulator: ${message}\n`);
  process.exit(2);
}

/** `ca` and `hosts`: the subcommands, read before any flag. Returns true when argv was one. */
async function subcommand(argv: readonly string[]): Promise<boolean> {
  if (argv[0] === 'hosts') {
    if (argv.length > 2) fail('usage: bancontact-simulator hosts [ADDRESS]');
    const address = argv[1] ?? '127.0.0.1';
    if (isIP(address) === 0) fail(`hosts: ADDRESS must be an IP address, got ${JSON.stringify(address)}`);
    process.stdout.write(hostsFileLines(address));
    return true;
  }
  if (argv[0] === 'ca') {
    let caDir: string;
    try {
      caDir = parseConfig(process.env, argv.slice(1)).caDir;
    } catch (e) {
      if (e instanceof ConfigError) fail(e.message);
      throw e;
    }
    const { loadOrCreateCa } = await import('./tls/ca.js');
    try {
      const ca = await loadOrCreateCa(caDir);
      if (ca.created) process.stderr.write(`bancontact-simulator: created a new CA in ${ca.file}\n`);
      process.stdout.write(ca.pem);
    } catch (e) {
      if (isStartupError(e)) fail(e.message);
      throw e;
    }
    return true;
  }
  return false;
}

function banner(sim: RunningSimulator, ms: number): string {
  const u = sim.url;
  const lines = [
    `Bancontact homologation simulator listening on ${u} (ready in ${ms} ms)`,
    `  SOAP   ${u}/V4/services/WebPaymentAPI     (WSDL: ?wsdl)`,
    `  SOAP   ${u}/V4/services/DirectPaymentAPI  (WSDL: ?wsdl)`,
    `  SOAP   ${u}/V4/services/ExtendedAPI       (WSDL: ?wsdl)`,
    `  page   ${u}/v2/?token=…`,
    `  admin  ${u}/_simulator/`,
    `  demo   ${u}/`,
    `fixtures: ${resolve(sim.config.fixtures ?? DEFAULT_FIXTURES_DIR)} (${fixturesSummary(sim.ctx.catalog().fixtures)})`,
  ];
  const h = sim.https;
  if (h) {
    const port = h.port === 443 ? '' : `:${h.port}`;
    lines.push(
      `HTTPS on ${h.url}, answering as Monext's homologation hosts (map them to this address: bancontact-simulator hosts):`,
      `  SOAP        https://${HOMOLOGATION_HOSTS.soap[0]}${port}/V4/services/…`,
      `  page        https://${HOMOLOGATION_HOSTS.webpayment[0]}${port}/v2/?token=…`,
      `  directory   https://${HOMOLOGATION_HOSTS.payment[0]}${port}/services/servicesendpoints/SOAP/{merchantId} (also ${HOMOLOGATION_HOSTS.payment.slice(1).join(', ')})`,
      `  admin       https://${HOMOLOGATION_HOSTS.admin[0]}${port}/_simulator/`,
      `  CA          ${h.caFile}${h.caCreated ? ' (created now)' : ''}: trust it once (SHA-256 ${h.caFingerprint})`,
    );
  }
  lines.push(`Demo merchant 12345678901234 / DEMOACCESSKEY, contract BANCONTACT. Ctrl+C stops.`, '');
  return lines.join('\n');
}

/** How long a stop waits for the requests under way. */
const STOP_GRACE_MS = 5000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (await subcommand(argv)) return;
  if (asksForHelp(argv)) {
    process.stdout.write(usage());
    return;
  }
  const t0 = performance.now();
  // what the simulator prints is for information: a reader of its output that goes away
  // (a closed pipe, EPIPE) must not crash it, nor keep it from stopping cleanly
  process.stdout.on('error', () => {});
  let sim;
  try {
    const config = parseConfig(process.env, argv);
    sim = await listen(config, derivedPublicUrl(process.env, argv));
  } catch (e) {
    // CaDirError is checked by name: its module (the certificate library) loads only with --https-port
    if (isStartupError(e)) fail(e.message);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EINVAL') {
      process.stderr.write(`bancontact-simulator: cannot listen: ${err.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  process.stdout.write(banner(sim, Math.round(performance.now() - t0)));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // a second signal: stop now (what is written to a data file is already safe)
      process.stdout.write(`${signal}: stopping now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    // requests under way get a few seconds to end; a client that sends its request slowly, or
    // never finishes it, does not keep the simulator from stopping
    setTimeout(() => {
      process.stdout.write(`requests still under way after ${STOP_GRACE_MS / 1000} s: stopping without them\n`);
      process.exit(0);
    }, STOP_GRACE_MS).unref();
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`bancontact-simulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

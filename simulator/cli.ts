#!/usr/bin/env node
/**
 * bancontact-simulator [--port N] [--host H] [--public-url URL] [--fixtures DIR] …
 * Starts the simulator, prints the URLs it serves, stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { asksForHelp, ConfigError, derivedPublicUrl, OPTIONS, parseConfig } from './config.js';
import { DEFAULT_FIXTURES_DIR, fixturesSummary } from './fixtures/load.js';
import { FixtureError } from './fixtures/validate.js';
import { listen } from './server.js';
import { DataFileError } from './store/data-file-error.js';

function usage(): string {
  const opts = Object.values(OPTIONS);
  const fw = Math.max(...opts.map((o) => o.flag.length)) + 8;
  const ew = Math.max(...opts.map((o) => o.env.length)) + 1;
  const lines = opts.map((o) => `  ${(o.flag + ' <value>').padEnd(fw)} ${o.env.padEnd(ew)} ${o.help}`);
  return `Usage: bancontact-simulator [options]\n\n  ${'flag'.padEnd(fw)} ${'env var'.padEnd(ew)}\n${lines.join('\n')}\n  ${'-h, --help'.padEnd(fw)} ${''.padEnd(ew)} this help\n\nA value may also be written --flag=value; a flag wins over its env var.\n`;
}

/** How long a stop waits for the requests under way. */
const STOP_GRACE_MS = 5000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
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
    if (e instanceof ConfigError || e instanceof FixtureError || e instanceof DataFileError) {
      process.stderr.write(`bancontact-simulator: ${e.message}\n`);
      process.exit(2);
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EINVAL') {
      process.stderr.write(`bancontact-simulator: cannot listen: ${err.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const u = sim.url;
  process.stdout.write(
    [
      `Bancontact homologation simulator listening on ${u} (ready in ${Math.round(performance.now() - t0)} ms)`,
      `  SOAP   ${u}/V4/services/WebPaymentAPI     (WSDL: ?wsdl)`,
      `  SOAP   ${u}/V4/services/DirectPaymentAPI  (WSDL: ?wsdl)`,
      `  SOAP   ${u}/V4/services/ExtendedAPI       (WSDL: ?wsdl)`,
      `  page   ${u}/v2/?token=…`,
      `  admin  ${u}/_simulator/`,
      `  demo   ${u}/`,
      `fixtures: ${resolve(sim.config.fixtures ?? DEFAULT_FIXTURES_DIR)} (${fixturesSummary(sim.ctx.catalog().fixtures)})`,
      `Demo merchant 12345678901234 / DEMOACCESSKEY, contract BANCONTACT. Ctrl+C stops.`,
      '',
    ].join('\n'),
  );
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

/**
 * Configuration from environment variables and command-line flags (a flag wins
 * over its variable). Pure: takes env and argv, returns a Config or throws one
 * ConfigError whose message says what is wrong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Base of the URLs the simulator hands out (redirectURL, WSDL address), no trailing slash. */
  publicUrl: string;
  /** Folder of merchants.json and scenarios.json; undefined = the project's fixtures/. */
  fixtures?: string;
  /** Largest request body accepted, in bytes (HTTP 413 beyond). */
  bodyLimit: number;
  /** Time zone of the dates the platform writes. */
  timeZone: string;
  /** Log each request (pino, to stdout). */
  logRequests: boolean;
  /** How many sessions keep their journal (exchanged messages); the oldest is dropped beyond. */
  journalSessions: number;
  /** Size of the log the journal keeps raw SOAP messages in, in MiB. */
  journalMegabytes: number;
  /** Minutes a finished session stays readable (getWebPaymentDetails, back office) before it is swept. */
  sessionRetentionMinutes: number;
  /** Most sessions kept at once; beyond, the oldest is dropped. */
  maxSessions: number;
  /** SQLite file that keeps sessions, transactions and wallets across restarts; undefined = in memory. */
  dataFile?: string;
  /** When set, /_simulator/… (admin API and back office) requires this token. */
  adminToken?: string;
  /** The endpoints directory lists a second base URL, …/failover/V4, after …/V4 (Monext's PHP SDK fails over to it). */
  directoryFailover: boolean;
  /** Port of the HTTPS listener that answers as Monext's homologation hosts (0 = a free one); undefined = no HTTPS. */
  httpsPort?: number;
  /** Folder of the local CA and the server certificate (created on first use, then reused). */
  caDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface Option {
  env: string;
  flag: string;
  help: string;
}

export const OPTIONS: Record<keyof Config, Option> = {
  port: { env: 'PORT', flag: '--port', help: 'TCP port to listen on (0 picks a free one)' },
  host: { env: 'HOST', flag: '--host', help: 'address to listen on' },
  publicUrl: { env: 'PUBLIC_URL', flag: '--public-url', help: 'base of the URLs handed out (redirectURL, WSDL address)' },
  fixtures: { env: 'FIXTURES', flag: '--fixtures', help: 'folder with merchants.json and scenarios.json' },
  bodyLimit: { env: 'BODY_LIMIT', flag: '--body-limit', help: 'largest request body in bytes (HTTP 413 beyond)' },
  timeZone: { env: 'TIME_ZONE', flag: '--time-zone', help: 'IANA time zone of the dates in responses' },
  logRequests: { env: 'LOG_REQUESTS', flag: '--log-requests', help: 'log every request to stdout (true/false)' },
  sessionRetentionMinutes: { env: 'SESSION_RETENTION_MINUTES', flag: '--session-retention-minutes', help: 'minutes a finished session stays readable before it is swept' },
  maxSessions: { env: 'MAX_SESSIONS', flag: '--max-sessions', help: 'most sessions kept at once (oldest dropped beyond)' },
  dataFile: { env: 'DATA_FILE', flag: '--data', help: 'SQLite file to keep state across restarts (default: in memory)' },
  adminToken: { env: 'ADMIN_TOKEN', flag: '--admin-token', help: 'require this token for /_simulator/… (admin API, back office)' },
  journalSessions: { env: 'JOURNAL_SESSIONS', flag: '--journal-sessions', help: 'how many sessions keep their journal of messages (oldest dropped)' },
  directoryFailover: { env: 'DIRECTORY_FAILOVER', flag: '--directory-failover', help: 'the endpoints directory lists a second base URL …/failover/V4 (true/false)' },
  journalMegabytes: { env: 'JOURNAL_MB', flag: '--journal-mb', help: 'MiB of raw SOAP messages the journal keeps (oldest overwritten)' },
  httpsPort: { env: 'HTTPS_PORT', flag: '--https-port', help: "also serve HTTPS on this port as Monext's homologation hosts (0 picks a free one; default: off)" },
  caDir: { env: 'CA_DIR', flag: '--ca-dir', help: 'folder of the local CA and server certificate (default: $XDG_DATA_HOME/bancontact-simulator or ~/.local/share/bancontact-simulator)' },
};

/** What the command line holds: the value of each flag given (the last one wins), --help, and the arguments that are not flags. */
export interface CommandLine {
  /** Flag (`--port`) -> value. */
  flags: Map<string, string>;
  help: boolean;
  positionals: string[];
}

/** parseArgs's description of the flags: every flag of OPTIONS takes a value; --help (-h) takes none. */
const ARG_OPTIONS: ParseArgsConfig['options'] = {
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(Object.values(OPTIONS).map((o) => [o.flag.slice(2), { type: 'string' as const }])),
};

/**
 * Reads the command line with node:util's parseArgs: `--flag value` and `--flag=value` for
 * each flag of OPTIONS, `--help`/`-h`, and at most `maxPositionals` other arguments (the
 * simulator takes none; a subcommand may take some). parseArgs runs without `strict` so
 * that each mistake is told here in one line, naming the flags there are.
 */
export function readCommandLine(argv: readonly string[], maxPositionals = 0): CommandLine {
  const { tokens } = parseArgs({ args: [...argv], options: ARG_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const line: CommandLine = { flags: new Map(), help: false, positionals: [] };
  // asking for help is never a mistake, whatever else is there
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { ...line, help: true };
  const known = Object.values(OPTIONS).map((o) => o.flag);
  for (const t of tokens) {
    if (t.kind === 'positional') {
      if (line.positionals.length >= maxPositionals) {
        throw new ConfigError(`unexpected argument ${JSON.stringify(t.value)} (options are written --name value or --name=value; --help lists them)`);
      }
      line.positionals.push(t.value);
    } else if (t.kind === 'option') {
      if (!known.includes(t.rawName)) {
        throw new ConfigError(`unknown option ${t.rawName} (known: ${known.join(', ')})`);
      } else if (t.value === undefined || t.value.trim() === '' || (!t.inlineValue && t.value.startsWith('--'))) {
        // `--data ''` is no value either (it made messages such as "cannot open data file : it is a folder")
        throw new ConfigError(`option ${t.rawName} needs a value`);
      } else line.flags.set(t.rawName, t.value);
    }
  }
  return line;
}

/** The default CA folder: a per-user data folder ($XDG_DATA_HOME, else ~/.local/share). */
export function defaultCaDir(env: Record<string, string | undefined>): string {
  const xdg = env['XDG_DATA_HOME'];
  const data = xdg && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.local', 'share');
  return join(data, 'bancontact-simulator');
}

export function parseConfig(env: Record<string, string | undefined>, argv: readonly string[] = []): Config {
  const { flags } = readCommandLine(argv);
  const raw = (k: keyof Config): { value: string; from: string } | undefined => {
    const o = OPTIONS[k];
    const f = flags.get(o.flag);
    if (f !== undefined) return { value: f, from: o.flag };
    const e = env[o.env];
    if (e !== undefined && e !== '') return { value: e, from: o.env };
    return undefined;
  };

  const int = (k: keyof Config, def: number, min: number, max: number): number => {
    const r = raw(k);
    if (!r) return def;
    if (!/^\d+$/.test(r.value) || Number(r.value) < min || Number(r.value) > max) {
      throw new ConfigError(`${r.from} must be a whole number from ${min} to ${max}, got ${JSON.stringify(r.value)}`);
    }
    return Number(r.value);
  };

  const port = int('port', 8080, 0, 65535);
  const host = raw('host')?.value ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError(`HOST must be a host name or IP address, got ${JSON.stringify(host)}`);

  let publicUrl: string;
  const pu = raw('publicUrl');
  if (pu) {
    let u: URL;
    try {
      u = new URL(pu.value);
    } catch {
      throw new ConfigError(`${pu.from} must be an absolute http(s) URL, got ${JSON.stringify(pu.value)}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${pu.from} must be an http(s) URL, got ${JSON.stringify(pu.value)}`);
    // the simulator's paths are appended to it: a query, a fragment, credentials or spaces would break every URL handed out
    if (u.username !== '' || u.password !== '' || /[\s"'<>?#]/.test(pu.value)) {
      throw new ConfigError(`${pu.from} must be a base URL such as http://sim.example:8080 or https://sim.example/path (no query, fragment, credentials, spaces or quotes), got ${JSON.stringify(pu.value)}`);
    }
    publicUrl = pu.value.replace(/\/+$/, '');
  } else {
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    publicUrl = `http://${shownHost}:${port}`;
  }

  const tz = raw('timeZone');
  const timeZone = tz?.value ?? 'Europe/Paris';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    throw new ConfigError(`${tz?.from ?? 'TIME_ZONE'} must be an IANA time zone such as Europe/Brussels, got ${JSON.stringify(timeZone)}`);
  }

  const bool = (k: keyof Config): boolean => {
    const r = raw(k);
    if (r && !['true', 'false', '1', '0'].includes(r.value)) throw new ConfigError(`${r.from} must be true or false, got ${JSON.stringify(r.value)}`);
    return r ? r.value === 'true' || r.value === '1' : false;
  };

  const fixtures = raw('fixtures')?.value;
  const dataFile = raw('dataFile')?.value;
  const admin = raw('adminToken');
  if (admin && (admin.value.length < 8 || /\s/.test(admin.value))) {
    throw new ConfigError(`${admin.from} must be at least 8 characters without spaces`);
  }
  const httpsPort = raw('httpsPort') ? int('httpsPort', 0, 0, 65535) : undefined;
  const caDir = raw('caDir')?.value ?? defaultCaDir(env);
  return {
    port,
    host,
    ...(httpsPort !== undefined && { httpsPort }),
    caDir,
    publicUrl,
    ...(fixtures !== undefined && { fixtures }),
    ...(dataFile !== undefined && { dataFile }),
    ...(admin && { adminToken: admin.value }),
    bodyLimit: int('bodyLimit', 1024 * 1024, 1024, 64 * 1024 * 1024),
    timeZone,
    logRequests: bool('logRequests'),
    directoryFailover: bool('directoryFailover'),
    journalSessions: int('journalSessions', 5000, 0, 1_000_000),
    // a Buffer of 2 GiB or more writes nothing with Buffer.write(string, offset): at most 1 GiB
    journalMegabytes: int('journalMegabytes', 32, 1, 1024),
    sessionRetentionMinutes: int('sessionRetentionMinutes', 1440, 1, 525_600),
    maxSessions: int('maxSessions', 500_000, 100, 10_000_000),
  };
}

/** Whether the command line asks for help (--help or -h, as parseArgs reads it: `--admin-token -h` is a token). */
export function asksForHelp(argv: readonly string[]): boolean {
  try {
    return readCommandLine(argv, Infinity).help;
  } catch {
    return false;
  }
}

/** Whether the publicUrl was derived from host and port (then a port 0 must be resolved after listen). */
export function derivedPublicUrl(env: Record<string, string | undefined>, argv: readonly string[]): boolean {
  return !readCommandLine(argv).flags.has(OPTIONS.publicUrl.flag) && !env[OPTIONS.publicUrl.env];
}

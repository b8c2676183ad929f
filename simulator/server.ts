/**
 * Starting and stopping the simulator: the programmatic API for test set-ups
 * (`startSimulator({ port: 0 })`) and the CLI both go through here.
 */
import type { AddressInfo } from 'node:net';
import { parseConfig, type Config } from './config.js';
import { buildApp, type AppOptions, type BuiltApp } from './http/app.js';

export interface StartOptions extends Partial<Omit<Config, 'publicUrl'>> {
  publicUrl?: string;
  /** Extra options for tests (injected clock, ids, store, fetch). */
  app?: Omit<AppOptions, 'config'>;
  /** Certificate clock, lifetime and renewal check period (tests). */
  tls?: TlsOptions;
}

export interface TlsOptions {
  now?: () => Date;
  leafValidityDays?: number;
  renewWithinDays?: number;
  /** ms between renewal checks (0: none; https.renew() still works). */
  renewCheckMs?: number;
}

/** The HTTPS listener, when HTTPS_PORT is set. */
export interface RunningHttps {
  /** e.g. https://127.0.0.1:8443 (any name of the certificate can be used instead of the address). */
  url: string;
  port: number;
  /** The CA certificate (PEM) and its file: what clients must trust. */
  caPem: string;
  caFile: string;
  /** SHA-256 fingerprint of the CA certificate. */
  caFingerprint: string;
  /** Whether this start created the CA. */
  caCreated: boolean;
  /** The server certificate in use (PEM). */
  certPem(): string;
  /** Re-issues the server certificate if it is due and swaps it in; true if it did. */
  renew(): Promise<boolean>;
}

export interface RunningSimulator extends BuiltApp {
  /** Base URL, e.g. http://127.0.0.1:8080 (the public URL). */
  url: string;
  config: Config;
  /** Set when HTTPS is on. */
  https?: RunningHttps;
  close(): Promise<void>;
}

/** Starts the simulator; with port 0 a free port is picked and url says which. */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { app: appOptions, tls, ...given } = options;
  // a key passed as undefined keeps its default
  const overrides = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<Config>;
  const base = parseConfig({});
  const config: Config = { ...base, ...overrides };
  // the public URL derives from host and port unless given; with port 0 it is known only after listen
  const explicitUrl = overrides.publicUrl?.replace(/\/+$/, '');
  config.publicUrl = explicitUrl ?? base.publicUrl;
  return listen(config, explicitUrl === undefined, appOptions, tls);
}

/** How an address is written in a URL (localhost for a wildcard, brackets for IPv6). */
function urlHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

/** Builds and listens with a parsed configuration (the CLI's path). */
export async function listen(config: Config, derivedUrl: boolean, appOptions: Omit<AppOptions, 'config'> = {}, tls: TlsOptions = {}): Promise<RunningSimulator> {
  const holder = { ...config };
  // the TLS code (and its certificate library) loads only when HTTPS is on
  const httpsModule = config.httpsPort === undefined ? undefined : await import('./tls/https.js');
  const built = await buildApp({ ...appOptions, config: holder });
  await built.app.listen({ port: config.port, host: config.host });
  if (derivedUrl) {
    const port = (built.app.server.address() as AddressInfo).port;
    holder.publicUrl = `http://${urlHost(config.host)}:${port}`;
  }
  if (!httpsModule) {
    return { ...built, url: holder.publicUrl, config: holder, close: () => built.app.close() };
  }
  let listener;
  try {
    const httpsOptions = {
      host: config.host,
      port: config.httpsPort!,
      caDir: config.caDir,
      publicUrl: holder.publicUrl,
      leaf: {
        ...(tls.leafValidityDays !== undefined && { validityDays: tls.leafValidityDays }),
        ...(tls.renewWithinDays !== undefined && { renewWithinDays: tls.renewWithinDays }),
      },
      ...(tls.now && { now: tls.now }),
      ...(tls.renewCheckMs !== undefined && { renewCheckMs: tls.renewCheckMs }),
    };
    listener = await httpsModule.listenHttps(built.app, httpsOptions, await httpsModule.prepareTls(httpsOptions));
  } catch (e) {
    await built.app.close();
    throw e;
  }
  const { ca } = listener;
  Object.assign(built.ctx.https, { port: listener.port, caPem: ca.pem, caFile: ca.file });
  const https: RunningHttps = {
    url: `https://${urlHost(config.host)}:${listener.port}`,
    port: listener.port,
    caPem: ca.pem,
    caFile: ca.file,
    caFingerprint: ca.fingerprint,
    caCreated: ca.created,
    certPem: () => listener.leaf().certPem,
    renew: () => listener.renew(),
  };
  return {
    ...built,
    url: holder.publicUrl,
    config: holder,
    https,
    close: async () => {
      await Promise.all([listener.close(), built.app.close()]);
    },
  };
}

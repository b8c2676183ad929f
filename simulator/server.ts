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
}

export interface RunningSimulator extends BuiltApp {
  /** Base URL, e.g. http://127.0.0.1:8080 (the public URL). */
  url: string;
  config: Config;
  close(): Promise<void>;
}

/** Starts the simulator; with port 0 a free port is picked and url says which. */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  const { app: appOptions, ...given } = options;
  // a key passed as undefined keeps its default
  const overrides = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<Config>;
  const base = parseConfig({});
  const config: Config = { ...base, ...overrides };
  // the public URL derives from host and port unless given; with port 0 it is known only after listen
  const explicitUrl = overrides.publicUrl?.replace(/\/+$/, '');
  config.publicUrl = explicitUrl ?? base.publicUrl;
  return listen(config, explicitUrl === undefined, appOptions);
}

/** Builds and listens with a parsed configuration (the CLI's path). */
export async function listen(config: Config, derivedUrl: boolean, appOptions: Omit<AppOptions, 'config'> = {}): Promise<RunningSimulator> {
  const holder = { ...config };
  const built = await buildApp({ ...appOptions, config: holder });
  await built.app.listen({ port: config.port, host: config.host });
  if (derivedUrl) {
    const port = (built.app.server.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
    holder.publicUrl = `http://${host}:${port}`;
  }
  return {
    ...built,
    url: holder.publicUrl,
    config: holder,
    close: () => built.app.close(),
  };
}

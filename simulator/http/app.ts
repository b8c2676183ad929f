/**
 * Builds the Fastify application (without listening): SOAP endpoints, hosted
 * page, admin API, one error handler. Tests build it with an injected clock,
 * id generator, store and fetch.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import view from '@fastify/view';
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import type { Config } from '../config.js';
import { Catalog } from '../domain/catalog.js';
import { SimulatedClock } from '../domain/clock.js';
import { createIdGenerator, type IdGenerator } from '../domain/ids.js';
import { Payments } from '../domain/payments.js';
import { Journal } from '../domain/journal.js';
import { MemoryStore, type Store } from '../domain/store.js';
import { importSqliteStore } from '../store/open.js';
import { DEFAULT_FIXTURES_DIR, loadFixtures } from '../fixtures/load.js';
import type { Fixtures } from '../fixtures/model.js';
import { VIEWS_DIR } from '../paths.js';
import { webPaymentOperations } from '../soap/webpayment.js';
import { directPaymentOperations, extendedOperations } from '../soap/directpayment.js';
import { Refunds } from '../domain/refunds.js';
import type { SimulatorContext } from './context.js';
import { handleError, installErrorHandler } from './errors.js';
import { Notifier } from './notifier.js';
import { FaultInjector, type FaultInjectorOptions } from './faults.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerBackOfficeRoutes } from './backoffice-routes.js';
import { registerDemoRoutes } from './demo-routes.js';
import { registerHostRoutes } from './hosts.js';
import { registerPageRoutes } from './page-routes.js';
import { registerSoapRoutes } from './soap-routes.js';
import { catalogues, translate, type Catalogue } from './texts.js';
import { registerTokenRoutes } from './token-routes.js';
import { registerWidgetFiles } from './widget-files.js';

/**
 * Handlebars, loaded on the first page rendered rather than at start-up (it is
 * a tenth of the start-up time, and SOAP-only runs never render a page).
 * @fastify/view calls only compile and registerPartial on the engine.
 */
const requireCjs = createRequire(import.meta.url);
let hb: typeof Handlebars | undefined;
function handlebars(): typeof Handlebars {
  if (hb) return hb;
  hb = requireCjs('handlebars') as typeof Handlebars;
  // {{t "page.totalAmount"}}, {{t "page.orderLine" order=orderRef date=expiresAt}}: a text of the
  // page's catalogue (the view's `texts`: a buyer page's language), escaped like any {{value}}; the
  // developers' pages (back office, demo shop, error pages) pass none and are in English
  hb.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    const texts = (options.data as { root?: { texts?: Catalogue } } | undefined)?.root?.texts ?? catalogues().en;
    return translate(texts, String(key), options.hash as Record<string, unknown>);
  });
  return hb;
}
const lazyHandlebars = {
  compile: (...args: Parameters<typeof Handlebars.compile>) => handlebars().compile(...args),
  registerPartial: (...args: Parameters<typeof Handlebars.registerPartial>) => handlebars().registerPartial(...args),
};

/**
 * Fastify's schema compilers (Ajv, fast-json-stringify), loaded when a route first
 * needs one: no route of the simulator has a schema, and loading Ajv was a sixth of
 * the start-up. They are Fastify's own dependencies, so they are found from Fastify.
 */
const requireFromFastify = createRequire(requireCjs.resolve('fastify'));
type CompilerFactory = (...args: unknown[]) => unknown;
const lazySchemaCompilers = {
  buildValidator: (...args: unknown[]) => (requireFromFastify('@fastify/ajv-compiler') as () => CompilerFactory)()(...args),
  buildSerializer: (...args: unknown[]) => (requireFromFastify('@fastify/fast-json-stringify-compiler') as () => CompilerFactory)()(...args),
};

export interface AppOptions {
  config: Config;
  /** Fixtures to use instead of reading config.fixtures (tests). */
  fixtures?: Fixtures;
  clock?: SimulatedClock;
  ids?: IdGenerator;
  store?: Store;
  fetch?: typeof fetch;
  /** How often expiry and notification retries are checked, in ms (0: never; tests tick by hand). */
  tickMs?: number;
  /** Bounds of held connections (tests give a short hold). */
  faults?: FaultInjectorOptions;
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: SimulatorContext;
}

/** The in-memory store, or the SQLite one when a data file is configured (loaded only then: better-sqlite3 is optional). */
async function openStore(config: Config): Promise<Store> {
  const limits = { maxSessions: config.maxSessions, maxTransactions: config.maxSessions };
  if (config.dataFile === undefined) return new MemoryStore(limits);
  const { SqliteStore } = await importSqliteStore();
  return SqliteStore.open(config.dataFile, limits);
}

export async function buildApp(opts: AppOptions): Promise<BuiltApp> {
  const { config } = opts;
  const fixturesDir = config.fixtures ?? DEFAULT_FIXTURES_DIR;
  // the buyer pages' texts, read (and checked) at start-up: a bad catalogue stops here, not on a page
  catalogues();
  let catalog = new Catalog(opts.fixtures ?? loadFixtures(fixturesDir));
  const clock = opts.clock ?? new SimulatedClock();
  const store = opts.store ?? (await openStore(config));
  const ids = opts.ids ?? createIdGenerator(undefined, config.timeZone);
  const payments = new Payments({
    clock,
    ids,
    store,
    catalog: () => catalog,
    publicUrl: () => config.publicUrl,
    retentionMs: config.sessionRetentionMinutes * 60_000,
  });
  const journal = new Journal({ maxSessions: config.journalSessions, maxRecent: 1000, messageBytes: config.journalMegabytes * 1024 * 1024 });
  const notifier = new Notifier({
    clock,
    session: (t) => store.getSession(t),
    ...(opts.fetch && { fetch: opts.fetch }),
    onAttempt: ({ token, ...attempt }) => journal.record(token, { kind: 'notification', ...attempt }),
    scenarioMode: (s) => (s.scenario ? catalog.scenario(s.scenario.id)?.notification : undefined),
  });
  const faults = new FaultInjector(opts.faults);
  payments.onSweep((token) => journal.forget(token));
  payments.onFinal((s) => {
    if (s.finishedBy === 'expiry') journal.record(s.token, { kind: 'expiry', at: s.finishedAt ?? clock.now() });
    notifier.schedule(s);
  });

  const ctx: SimulatorContext = {
    config,
    https: {},
    clock,
    store,
    payments,
    notifier,
    journal,
    faults,
    catalog: () => catalog,
    reloadFixtures: () => {
      catalog = new Catalog(loadFixtures(fixturesDir));
      return catalog;
    },
    tick: () => {
      payments.tick();
      notifier.tick();
    },
  };

  const app = Fastify({
    // without request logging, no logger at all (a per-request child logger costs on the hot path);
    // unhandled errors are still written to stderr by the error handler
    logger: config.logRequests ? { level: 'info' } : false,
    bodyLimit: config.bodyLimit,
    return503OnClosing: true,
    schemaController: { compilersFactory: lazySchemaCompilers as never },
    frameworkErrors: (err, req, reply) => handleError(err, req, reply),
  });

  const asText = (_req: unknown, body: string, done: (err: Error | null, body?: string) => void) => done(null, body);
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string' }, asText);
  await app.register(formbody);
  // the views use no reply.locals: declaring it here spares every request @fastify/view's hook that sets it
  app.decorateReply('locals', null);
  await app.register(view, {
    engine: { handlebars: lazyHandlebars },
    root: VIEWS_DIR,
    layout: 'layout.hbs',
    production: true,
  });
  installErrorHandler(app);

  // before every route: a path the host asked for does not serve is a 404 there
  registerHostRoutes(app, ctx);
  const direct = { refunds: new Refunds({ clock, ids, store }), store, timeZone: config.timeZone };
  registerSoapRoutes(app, ctx, {
    WebPaymentAPI: webPaymentOperations({ payments, store, timeZone: config.timeZone }),
    DirectPaymentAPI: directPaymentOperations(direct),
    ExtendedAPI: extendedOperations(direct),
  });
  registerPageRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerBackOfficeRoutes(app, ctx);
  registerDemoRoutes(app, ctx);
  await registerTokenRoutes(app, ctx);
  registerWidgetFiles(app);

  const tickMs = opts.tickMs ?? 1000;
  if (tickMs > 0) {
    const timer = setInterval(ctx.tick, tickMs);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  // held connections (hang) and delayed answers would keep the server from closing: ended first
  app.addHook('preClose', async () => faults.close());
  app.addHook('onClose', async () => {
    faults.close();
    notifier.stop();
    await notifier.idle();
    store.close();
  });
  return { app, ctx };
}

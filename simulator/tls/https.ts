/**
 * The HTTPS listener: a node:https server beside Fastify's HTTP one, handing its
 * requests to the same application (`app.routing`), with a certificate for
 * Monext's homologation names signed by the local CA. Loaded only when HTTPS is
 * on (it loads the certificate library).
 */
import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { IMPERSONATED_HOSTS } from '../http/hosts.js';
import { ensureLeaf, loadOrCreateCa, type Ca, type Leaf, type LeafOptions } from './ca.js';

/** How often a running simulator checks whether its server certificate needs renewing. */
const RENEW_CHECK_MS = 12 * 3600_000;

/** Monext's production domains: no name under them but the impersonated homologation ones is ever certified. */
const MONEXT_DOMAINS = ['payline.com', 'monext.fr', 'monext.net', 'monext.com'];

/** Whether a name is one of Monext's that the simulator must never answer as (production and the rest). */
export function isForbiddenName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (IMPERSONATED_HOSTS.includes(n)) return false;
  return MONEXT_DOMAINS.some((d) => n === d || n.endsWith(`.${d}`));
}

/**
 * The names the server certificate is valid for: Monext's homologation names,
 * localhost and its addresses, the PUBLIC_URL host and the listen address (when
 * it is one address, not a wildcard). Never a production name: one that slips in
 * through PUBLIC_URL is left out.
 */
export function serverNames(publicUrl: string, listenHost: string): string[] {
  const names = [...IMPERSONATED_HOSTS, 'localhost', '127.0.0.1', '::1'];
  try {
    names.push(new URL(publicUrl).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    // parseConfig checked it; nothing to add otherwise
  }
  if (listenHost !== '0.0.0.0' && listenHost !== '::' && listenHost !== '') names.push(listenHost.replace(/^\[|\]$/g, ''));
  return [...new Set(names.filter((n) => n !== '' && !isForbiddenName(n)))];
}

export interface HttpsOptions {
  host: string;
  port: number;
  caDir: string;
  publicUrl: string;
  /** Certificate clock and lifetime (tests). */
  leaf?: Omit<LeafOptions, 'now'>;
  now?: () => Date;
  /** How often to check the certificate for renewal, in ms (0: never; renew() still works). */
  renewCheckMs?: number;
}

export interface HttpsListener {
  server: Server;
  port: number;
  ca: Ca;
  /** The server certificate in use. */
  leaf(): Leaf;
  /** Re-issues the server certificate if it is near expiry (or its names changed) and swaps it in; true if it did. */
  renew(): Promise<boolean>;
  close(): Promise<void>;
}

/** Loads (or creates) the CA and the server certificate: the part that can fail on the CA folder, before anything listens. */
export async function prepareTls(options: HttpsOptions): Promise<{ ca: Ca; leaf: Leaf; names: string[] }> {
  const now = options.now?.() ?? new Date();
  const ca = await loadOrCreateCa(options.caDir, now);
  const names = serverNames(options.publicUrl, options.host);
  const leaf = await ensureLeaf(ca, options.caDir, names, { ...options.leaf, now });
  return { ca, leaf, names };
}

function secureContextOf(ca: Ca, leaf: Leaf): { cert: string; key: string } {
  // the chain sent: the server certificate, then the CA (a client that pins the CA's key finds it)
  return { cert: leaf.certPem + ca.pem, key: leaf.keyPem };
}

/** Starts the HTTPS listener for an app that is ready (listening on HTTP already). */
export async function listenHttps(app: FastifyInstance, options: HttpsOptions, prepared: Awaited<ReturnType<typeof prepareTls>>): Promise<HttpsListener> {
  const { ca, names } = prepared;
  let leaf = prepared.leaf;
  const server = createServer(secureContextOf(ca, leaf), (req, res) => app.routing(req, res));
  // the same keep-alive as Fastify gives its own server
  server.keepAliveTimeout = app.initialConfig.keepAliveTimeout ?? 72_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // a TLS handshake that fails (an untrusting client, a scanner) is the client's business: no crash, no log line
  server.on('tlsClientError', () => {});
  // a request Node refuses before routing (headers too large, malformed): Fastify's JSON answer, as on the HTTP port
  for (const onClientError of app.server.listeners('clientError')) server.on('clientError', onClientError as (err: Error, socket: Duplex) => void);

  let renewing: Promise<boolean> | undefined;
  const renew = (): Promise<boolean> =>
    (renewing ??= (async () => {
      try {
        const next = await ensureLeaf(ca, options.caDir, names, { ...options.leaf, now: options.now?.() ?? new Date() });
        if (!next.issued) return false;
        server.setSecureContext(secureContextOf(ca, next));
        leaf = next;
        return true;
      } finally {
        renewing = undefined;
      }
    })());
  const every = options.renewCheckMs ?? RENEW_CHECK_MS;
  const timer =
    every > 0
      ? setInterval(() => {
          renew().catch((e: unknown) => process.stderr.write(`bancontact-simulator: cannot renew the server certificate: ${e instanceof Error ? e.message : String(e)}\n`));
        }, every)
      : undefined;
  timer?.unref();

  return {
    server,
    port: (server.address() as { port: number }).port,
    ca,
    leaf: () => leaf,
    renew,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        if (!server.listening) return resolve();
        // close() ends the idle keep-alive connections once; a connection whose request was
        // under way becomes idle later (keep-alive), so idle ones are closed again until all are
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        sweep.unref();
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

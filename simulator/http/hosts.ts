/**
 * Routing by the name asked for. Shops and Monext's SDKs hard-code Monext's
 * homologation host names; the simulator answers as each of them, serving on
 * each only what the real host serves (a path another host serves gets a 404
 * saying which host serves it). Any other name (localhost, PUBLIC_URL's host, an
 * IP address) gets everything, as before.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from './context.js';
import { routedPath } from './errors.js';

export type HostRole = 'soap' | 'webpayment' | 'payment' | 'admin' | 'any';

/** Monext's homologation host names, by the role the simulator plays for each. */
export const HOMOLOGATION_HOSTS: Readonly<Record<Exclude<HostRole, 'any'>, readonly string[]>> = {
  soap: ['homologation.payline.com'],
  webpayment: ['homologation-webpayment.payline.com'],
  payment: ['homologation-payment.payline.com', 'homologation-payment-2.payline.com', 'homologation-payment.cdn.payline.com'],
  admin: ['homologation-admin.payline.com'],
};

/** Every impersonated name (the server certificate's DNS names, the hosts-file lines). */
export const IMPERSONATED_HOSTS: readonly string[] = Object.values(HOMOLOGATION_HOSTS).flat();

export const SOAP_HOST = HOMOLOGATION_HOSTS.soap[0]!;
export const WEBPAYMENT_HOST = HOMOLOGATION_HOSTS.webpayment[0]!;

/**
 * What each role serves: path prefixes. A prefix ending in `/` also covers the
 * path without it (`/_simulator/` covers `/_simulator`).
 */
export const SERVED_PATHS: Readonly<Record<Exclude<HostRole, 'any'>, readonly string[]>> = {
  soap: ['/V4/services/', '/failover/V4/services/'],
  webpayment: ['/v2/'],
  payment: ['/services/servicesendpoints/', '/services/token/', '/scripts/', '/styles/', '/cdn/'],
  admin: ['/_simulator/'],
};

/** What every named host serves too: the icon browsers ask for, and the health check (Compose, Kubernetes, CI wait loops). */
export const COMMON_PATHS: readonly string[] = ['/favicon.ico', '/favicon.svg', '/_simulator/health'];

const WHAT: Readonly<Record<Exclude<HostRole, 'any'>, string>> = {
  soap: 'the SOAP services /V4/services/{WebPaymentAPI,DirectPaymentAPI,ExtendedAPI} (and their failover copy under /failover/V4/services/)',
  webpayment: 'the hosted payment page /v2/?token=…',
  payment: 'the endpoints directory /services/servicesendpoints/SOAP/{merchantId}, the widget files (/scripts/, /styles/, /cdn/) and the token services /services/token/',
  admin: 'the back office /_simulator/',
};

const ROLE_OF = new Map<string, HostRole>(
  (Object.entries(HOMOLOGATION_HOSTS) as [HostRole, readonly string[]][]).flatMap(([role, names]) => names.map((n) => [n, role] as const)),
);

/** The name of a Host header without its port, lower case, without a final dot. */
export function hostName(host: string | undefined): string {
  if (!host) return '';
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/** The role of a Host header (port and case ignored). */
export function hostRole(host: string | undefined): HostRole {
  return ROLE_OF.get(hostName(host)) ?? 'any';
}

/** Whether a host of this role serves the (decoded) path. */
export function serves(role: HostRole, path: string): boolean {
  if (role === 'any' || COMMON_PATHS.includes(path)) return true;
  return SERVED_PATHS[role].some((p) => path.startsWith(p) || (p.endsWith('/') && path === p.slice(0, -1)));
}

/** Which role serves a path, among the named hosts; undefined if none does. */
export function servingRole(path: string): Exclude<HostRole, 'any'> | undefined {
  return (Object.keys(SERVED_PATHS) as Exclude<HostRole, 'any'>[]).find((r) => serves(r, path));
}

/** The text of the 404 for a path the host asked for does not serve. */
export function notServedMessage(host: string, path: string): string {
  const role = hostRole(host);
  const name = hostName(host);
  const here = role === 'any' ? '' : ` ${name} serves ${WHAT[role]} only.`;
  const other = servingRole(path);
  const there = other ? ` ${path} is served by ${HOMOLOGATION_HOSTS[other][0]}.` : '';
  return `No such page on ${name}: ${path}.${here}${there}`;
}

/** The HTTPS base URL of a named host, with the port when it is not 443. */
export function namedBase(name: string, port: number | undefined): string {
  return `https://${name}${port === undefined || port === 443 ? '' : `:${port}`}`;
}

/**
 * The base URLs of the PHP SDK's endpoints directory answer. The SDK appends
 * `/services/<API>` to each and re-sends a request to the next one on a 5xx, so by
 * default there is one. `extraPaths` adds more on the SOAP host (e.g. `/failover/V4`).
 */
export function directoryUrls(soapBase: string, extraPaths: readonly string[] = []): string[] {
  return [`${soapBase}/V4`, ...extraPaths.map((p) => `${soapBase}${p}`)];
}

/** Seconds the SDK may cache the directory answer (an integer: the SDK 4.77 fails every call on a string). */
export const DIRECTORY_TTL_SECONDS = 600;

/**
 * The port a named host is reached on, as the client sees it: the port of the
 * Host header on the HTTPS listener (a Compose mapping 443:8443 sends no port),
 * else the HTTPS port the simulator listens on.
 */
function clientHttpsPort(req: FastifyRequest, httpsPort: number | undefined): number | undefined {
  if ((req.raw.socket as { encrypted?: boolean }).encrypted) {
    const m = /:(\d+)$/.exec(req.headers.host ?? '');
    if (!m) return 443;
    // a port no URL can carry (0, 99999) is the client's mistake: the port it reached is named instead
    const port = Number(m[1]);
    return port >= 1 && port <= 65535 ? port : httpsPort;
  }
  return httpsPort;
}

/**
 * The base URL an answer names `name` with ("answers in the name of the host
 * asked"): asked on one of Monext's names, https://name[:port]; asked on any other
 * name, PUBLIC_URL, as always. With HTTPS off and a Monext name reaching the HTTP
 * listener (through a TLS proxy the simulator does not know of), https://name.
 */
export function answerBase(req: FastifyRequest, ctx: SimulatorContext, name: string): string {
  if (hostRole(req.headers.host) === 'any') return ctx.config.publicUrl;
  return namedBase(name, clientHttpsPort(req, ctx.https.port));
}

function notServed(req: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  return reply.code(404).send({ error: notServedMessage(req.headers.host ?? '', path), statusCode: 404 });
}

/**
 * The host check (before every route) and the routes only the named hosts need:
 * the endpoints directory and the admin host's root.
 */
export function registerHostRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.addHook('onRequest', (req, reply, done) => {
    const role = hostRole(req.headers.host);
    if (role === 'any') return done();
    const path = routedPath(req);
    if (serves(role, path)) return done();
    if (role === 'admin' && path === '/') {
      reply.redirect('/_simulator/', 302);
      return;
    }
    notServed(req, reply, path);
  });

  // the PHP SDK's failover endpoints directory (SDK >= 4.68, HOMO and PROD environments)
  app.get<{ Params: { merchantId: string } }>('/services/servicesendpoints/SOAP/:merchantId', async (req) => ({
    // DIRECTORY_FAILOVER: a second base URL, served by the simulator too, so that the SDK's failover shows
    urls: directoryUrls(answerBase(req, ctx, SOAP_HOST), ctx.config.directoryFailover ? ['/failover/V4'] : []),
    ttl: DIRECTORY_TTL_SECONDS,
  }));
}

/** The hosts-file lines mapping every impersonated name to `address`. */
export function hostsFileLines(address = '127.0.0.1'): string {
  return IMPERSONATED_HOSTS.map((h) => `${address} ${h}`).join('\n') + '\n';
}

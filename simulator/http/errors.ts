/**
 * The one error handler: every error leaves in the wire format of the route it
 * happened on (a SOAP Fault on the SOAP endpoint, JSON on the admin API, an HTML
 * page elsewhere), with a clear message and never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeXml, renderFault, SoapFault } from '../soap/envelope.js';

/** An admin API error with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A query parameter read once: undefined when absent, 400 when given more than once. */
export function queryValue(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw new HttpError(400, `${name} is given ${v.length} times in the query string: give it once`);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The path a request is routed by: the pattern of the route it matched, else (no
 * route: a 404, or an error met while routing) its path percent-decoded, as the
 * router reads it. Never the raw URL: `/%5Fsimulator/reset` reaches the route
 * `/_simulator/reset`, and deciding on the raw URL let it past the admin token.
 * A wildcard route's pattern (`/services/token*`, the CORS plugin's preflight
 * route) says nothing of the path: that path, decoded, which the router matched
 * against the pattern's prefix.
 */
export function routedPath(req: FastifyRequest): string {
  const route = req.routeOptions?.url;
  if (route !== undefined && !route.endsWith('*')) return route;
  const raw = req.url.split('?', 1)[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function isSoapRoute(req: FastifyRequest): boolean {
  const path = routedPath(req);
  return path.startsWith('/V4/services/') || path.startsWith('/failover/V4/services/');
}

/** The JSON admin API (the back office's HTML pages are /_simulator/ and /_simulator/ui/…). */
export function isAdminRoute(req: FastifyRequest): boolean {
  return /^\/_simulator\/(sessions|transactions|clock|reset|fixtures|journal|faults|health)(\/|$)/.test(routedPath(req));
}

/** The widget's JSON token services: their errors are JSON too. */
export function isTokenServiceRoute(req: FastifyRequest): boolean {
  return routedPath(req).startsWith('/services/token/');
}

/** Anything under /_simulator: the admin API and the back office (what ADMIN_TOKEN protects). */
export function isUnderAdmin(req: FastifyRequest): boolean {
  const path = routedPath(req);
  return path === '/_simulator' || path.startsWith('/_simulator/');
}

/** Sends a SOAP Fault (HTTP 500); returns the envelope sent. */
export function sendFault(reply: FastifyReply, fault: SoapFault): string {
  const envelope = renderFault(fault.faultCode, fault.message);
  reply.code(500).type('text/xml; charset=utf-8').send(envelope);
  return envelope;
}

function describeFastifyError(err: FastifyError): { status: number; message: string } | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: 'Unsupported Content-Type' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, message: `Invalid JSON body: ${err.message}` };
    case 'FST_ERR_BAD_URL':
      return { status: 400, message: 'The URL is not valid (bad percent-encoding)' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, message: 'A part of the URL is too long (at most 100 characters)' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, message: 'Content-Length does not match the body' };
    default:
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, message: err.message };
      return undefined;
  }
}

/** The data file (--data) refused a write or a read: disk full, file removed… One line in the log, 503 to the client. */
function dataFileError(err: Error): { status: number; message: string } {
  const message = `The data file cannot be used: ${err.message}`;
  process.stderr.write(`bancontact-simulator: ${message}\n`);
  return { status: 503, message };
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
}

/** The one error handler; also Fastify's `frameworkErrors` (bad URLs, over-long path parameters). */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  {
    // no route has that method and path: a body the 404 handler could not read does not change that
    if (req.is404 && err.code?.startsWith('FST_ERR_CTP_')) return handleNotFound(req, reply);
    const known =
      err instanceof HttpError
        ? { status: err.statusCode, message: err.message }
        : err instanceof SoapFault
          ? { status: 500, message: err.message }
          : err.name === 'SqliteError'
            ? dataFileError(err)
            : describeFastifyError(err);
    if (!known) {
      if (req.log.level === 'silent' || req.log.level === undefined) process.stderr.write(`unhandled error on ${req.method} ${req.url.split('?')[0]}: ${err.stack ?? err.message}\n`);
      else req.log.error({ err }, 'unhandled error');
    }
    const status = known?.status ?? 500;
    const message = known?.message ?? 'Internal error of the simulator (see its log)';

    if (isSoapRoute(req)) {
      let fault: string;
      if (err instanceof SoapFault) fault = sendFault(reply, err);
      else if (status < 500) {
        // an HTTP-level mistake (bad URL, body too large, wrong content type…): its own status, with a Fault saying what
        const hint = status === 415 ? `${message}: send the SOAP envelope as text/xml` : status === 413 ? `${message}: the limit is ${req.routeOptions?.bodyLimit ?? 'set by BODY_LIMIT'} bytes` : message;
        fault = renderFault('Client', hint);
        reply.code(status).type('text/xml; charset=utf-8').send(fault);
      } else fault = sendFault(reply, new SoapFault('Server', message));
      req.routeOptions?.config?.journalSoap?.(req, reply, fault);
      return reply;
    }
    if (isAdminRoute(req) || isTokenServiceRoute(req)) return reply.code(status).send({ error: message, statusCode: status });
    const title = status === 404 ? 'Not found' : 'Error';
    reply.code(status).type('text/html; charset=utf-8');
    // errors met while routing come with a reply that has no view decorator yet: a plain page then
    if (typeof reply.view !== 'function') return reply.send(`<!doctype html><title>${title}</title><h1>${title}</h1><p>${escapeXml(message)}</p>`);
    return reply.view('message.hbs', { title, message, status });
  }
}

const SERVICES = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'] as const;

/**
 * What a path that misses a SOAP endpoint was probably meant to be: `/services/WebPaymentAPI`
 * (no V4), `/V4/services/webpaymentapi`, `/V4/services/WebPaymentAPI/`, `/V3/…`, `/V4/WebPaymentAPI`;
 * or, under /services/servicesendpoints and /services/token, the directory or the token services.
 * Undefined for paths that look like no endpoint.
 */
export function endpointHint(path: string): string | undefined {
  const exact = SERVICES.find((s) => path === `/V4/services/${s}`);
  if (exact !== undefined) return `/V4/services/${exact} takes POST (a SOAP envelope) and GET ?wsdl`;
  const lower = path.toLowerCase();
  const api = SERVICES.find((s) => lower.includes(s.toLowerCase()));
  if (api !== undefined) return `the endpoint is /V4/services/${api} (WSDL: /V4/services/${api}?wsdl)`;
  // the other services under /services/: the PHP SDK's endpoints directory and the widget's token services
  if (lower.startsWith('/services/servicesendpoints')) return 'the endpoints directory is GET /services/servicesendpoints/SOAP/{merchantId}';
  if (lower.startsWith('/services/token')) return 'the token services are /services/token/{token}/state/current (GET), /services/token/{token}/paymentRequest and /services/token/{token}/walletPaymentRequest (POST)';
  if (lower.startsWith('/v4/') || lower.includes('/services')) return `the services are ${SERVICES.map((s) => `/V4/services/${s}`).join(', ')}`;
  return undefined;
}

/** A request whose body is a SOAP envelope by its content type (SOAP 1.1 text/xml, SOAP 1.2, application/xml). */
function soapContentType(req: FastifyRequest): boolean {
  return /^(text\/xml|application\/(soap\+)?xml)\b/i.test(req.headers['content-type'] ?? '');
}

function handleNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  {
    const path = req.url.split('?')[0]!;
    const message = `No such page: ${req.method} ${path}`;
    // the JSON APIs answer in JSON (the widget's token services are under /services/ too)
    if (isAdminRoute(req) || isTokenServiceRoute(req)) return reply.code(404).send({ error: message, statusCode: 404 });
    // under /V4/services/ every miss gets a hint; elsewhere a path that looks like an endpoint
    const hint = endpointHint(path) ?? (isSoapRoute(req) ? endpointHint('/services') : undefined);
    if (hint !== undefined) {
      // a SOAP client gets a Fault it can show; anything else a line of text
      if (req.method === 'POST' && soapContentType(req)) return reply.code(404).type('text/xml; charset=utf-8').send(renderFault('Client', `${message}: ${hint}`));
      return reply.code(404).type('text/plain; charset=utf-8').send(`${message}: ${hint}\n`);
    }
    return reply.code(404).type('text/html; charset=utf-8').view('message.hbs', { title: 'Not found', message, status: 404 });
  }
}

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

export function isSoapRoute(req: FastifyRequest): boolean {
  return req.url.startsWith('/V4/services/');
}

/** The JSON admin API (the back office's HTML pages are /_simulator/ and /_simulator/ui/…). */
export function isAdminRoute(req: FastifyRequest): boolean {
  return /^\/_simulator\/(sessions|transactions|clock|reset|fixtures|journal)(\/|\?|$)/.test(req.url);
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

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
}

/** The one error handler; also Fastify's `frameworkErrors` (bad URLs, over-long path parameters). */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  {
    const known =
      err instanceof HttpError ? { status: err.statusCode, message: err.message } : err instanceof SoapFault ? { status: 500, message: err.message } : describeFastifyError(err);
    if (!known) {
      if (req.log.level === 'silent' || req.log.level === undefined) process.stderr.write(`unhandled error on ${req.method} ${req.url.split('?')[0]}: ${err.stack ?? err.message}\n`);
      else req.log.error({ err }, 'unhandled error');
    }
    const status = known?.status ?? 500;
    const message = known?.message ?? 'Internal error of the simulator (see its log)';

    if (isSoapRoute(req)) {
      let fault: string;
      if (err instanceof SoapFault) fault = sendFault(reply, err);
      else if (status === 413 || status === 415) {
        const hint = status === 415 ? `${message}: send the SOAP envelope as text/xml` : `${message}: the limit is ${req.routeOptions.bodyLimit ?? 'set by BODY_LIMIT'} bytes`;
        fault = renderFault('Client', hint);
        reply.code(status).type('text/xml; charset=utf-8').send(fault);
      } else fault = sendFault(reply, new SoapFault(status < 500 ? 'Client' : 'Server', message));
      req.routeOptions.config?.journalSoap?.(req, reply, fault);
      return reply;
    }
    if (isAdminRoute(req)) return reply.code(status).send({ error: message, statusCode: status });
    const title = status === 404 ? 'Not found' : 'Error';
    reply.code(status).type('text/html; charset=utf-8');
    // errors met while routing come with a reply that has no view decorator yet: a plain page then
    if (typeof reply.view !== 'function') return reply.send(`<!doctype html><title>${title}</title><h1>${title}</h1><p>${escapeXml(message)}</p>`);
    return reply.view('message.hbs', { title, message, status });
  }
}

function handleNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  {
    const message = `No such page: ${req.method} ${req.url.split('?')[0]}`;
    if (isSoapRoute(req)) return reply.code(404).type('text/plain; charset=utf-8').send(`${message}: the services are WebPaymentAPI, DirectPaymentAPI and ExtendedAPI under /V4/services/`);
    if (isAdminRoute(req)) return reply.code(404).send({ error: message, statusCode: 404 });
    return reply.code(404).type('text/html; charset=utf-8').view('message.hbs', { title: 'Not found', message, status: 404 });
  }
}

/**
 * The payment widget's files, where shops load them from:
 *
 *   GET /scripts/widget-min.js      GET /cdn/scripts/widget-min.js
 *   GET /styles/widget-min.css      GET /cdn/styles/widget-min.css
 *
 * They are built by `npm run build` (scripts/build-widget.mjs) into dist/widget/
 * and read on the first request, then kept in memory (start-up reads nothing).
 * Headers suit a cross-origin <script>/<link> on a shop's page, also one with
 * `crossorigin` or under Cross-Origin-Embedder-Policy: CORS for any origin,
 * Cross-Origin-Resource-Policy cross-origin, nosniff, a short public cache
 * with an ETag.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROJECT_ROOT } from '../paths.js';

export const WIDGET_DIR = join(PROJECT_ROOT, 'dist', 'widget');

/** Seconds a browser or CDN may reuse a file without asking again (then the ETag answers 304). */
export const WIDGET_MAX_AGE = 300;

interface WidgetFile {
  body: Buffer;
  etag: string;
}

const FILES = {
  'widget-min.js': 'application/javascript; charset=utf-8',
  'widget-min.css': 'text/css; charset=utf-8',
} as const;

type Name = keyof typeof FILES;

/** Whether an If-None-Match header names this ETag (a list, weak tags, or *). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export function registerWidgetFiles(app: FastifyInstance, dir = WIDGET_DIR): void {
  const cache = new Map<Name, Promise<WidgetFile>>();

  const load = (name: Name): Promise<WidgetFile> => {
    let p = cache.get(name);
    if (!p) {
      p = readFile(join(dir, name)).then((body) => ({ body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }));
      // a missing file (not built yet) is looked for again on the next request
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };

  const serve = (name: Name) => async (req: FastifyRequest, reply: FastifyReply) => {
    reply
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff');
    let file: WidgetFile;
    try {
      file = await load(name);
    } catch {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send({ error: `The widget is not built: ${join('dist', 'widget', name)} is missing. Run \`npm run build\`.`, statusCode: 503 });
    }
    reply.header('cache-control', `public, max-age=${WIDGET_MAX_AGE}`).header('etag', file.etag).type(FILES[name]);
    if (matches(req.headers['if-none-match'], file.etag)) return reply.code(304).send();
    return reply.send(file.body);
  };

  for (const prefix of ['', '/cdn']) {
    app.get(`${prefix}/scripts/widget-min.js`, serve('widget-min.js'));
    app.get(`${prefix}/styles/widget-min.css`, serve('widget-min.css'));
  }
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerWidgetFiles, WIDGET_MAX_AGE } from './widget-files.js';

function appWith(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'widget-files-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const app = Fastify();
  registerWidgetFiles(app, dir);
  return { app, dir };
}

describe('widget files', () => {
  it('serves the script and the stylesheet on the four paths, with types, cache, CORS and CORP for a cross-origin page', async () => {
    const { app } = appWith({ 'widget-min.js': 'window.x=1;', 'widget-min.css': '.PaylineWidget{color:red}' });
    for (const [url, type, body] of [
      ['/scripts/widget-min.js', 'application/javascript; charset=utf-8', 'window.x=1;'],
      ['/cdn/scripts/widget-min.js', 'application/javascript; charset=utf-8', 'window.x=1;'],
      ['/styles/widget-min.css', 'text/css; charset=utf-8', '.PaylineWidget{color:red}'],
      ['/cdn/styles/widget-min.css', 'text/css; charset=utf-8', '.PaylineWidget{color:red}'],
    ] as const) {
      const res = await app.inject({ url, headers: { origin: 'https://shop.example' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(body);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['cache-control']).toBe(`public, max-age=${WIDGET_MAX_AGE}`);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['etag']).toMatch(/^"[\w-]{22}"$/);
    }
    await app.close();
  });

  it('answers 304 to a matching If-None-Match, 200 to another, and HEAD without a body', async () => {
    const { app } = appWith({ 'widget-min.js': 'a', 'widget-min.css': 'b' });
    const first = await app.inject({ url: '/scripts/widget-min.js' });
    const etag = first.headers['etag'] as string;
    expect((await app.inject({ url: '/scripts/widget-min.js', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    expect((await app.inject({ url: '/scripts/widget-min.js', headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode).toBe(304);
    expect((await app.inject({ url: '/scripts/widget-min.js', headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
    const head = await app.inject({ method: 'HEAD', url: '/styles/widget-min.css' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    await app.close();
  });

  it('says how to build the widget when it is not built, and finds it once it is', async () => {
    const { app, dir } = appWith({});
    const res = await app.inject({ url: '/scripts/widget-min.js' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'The widget is not built: dist/widget/widget-min.js is missing. Run `npm run build`.', statusCode: 503 });
    expect(res.headers['cache-control']).toBe('no-store');
    writeFileSync(join(dir, 'widget-min.js'), 'built');
    expect((await app.inject({ url: '/scripts/widget-min.js' })).body).toBe('built');
    await app.close();
  });
});

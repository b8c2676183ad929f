/**
 * The limit of this stack: a bare Fastify route that reads the POSTed body as
 * text and answers a fixed SOAP response of a given size, with nothing else.
 * Run as a child process by bench/run.ts: `node dist/bench/bare-server.js <size> [busy µs]`.
 * With a busy time, each request first keeps the CPU busy that long: the scale
 * of what a ratio means on the machine (how much work per request it leaves).
 */
import Fastify from 'fastify';

const size = Number(process.argv[2] ?? '600');
const busyMs = Number(process.argv[3] ?? '0') / 1000;
const head = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>';
const tail = '</x></soapenv:Body></soapenv:Envelope>';
const payload = head + 'a'.repeat(Math.max(0, size - head.length - tail.length)) + tail;

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.post('/V4/services/:api', async (_req, reply) => {
  if (busyMs > 0) for (const end = performance.now() + busyMs; performance.now() < end; );
  return reply.type('text/xml; charset=utf-8').send(payload);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);

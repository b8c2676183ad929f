/**
 * The HTTPS listener, with Node's own TLS client on loopback (no name mapping
 * needed: the client sends the Monext name as SNI and Host header itself).
 * The PHP and Chromium runs with the names mapped are in interop/hosts.test.ts.
 */
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../server.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sim-https-'));
  dirs.push(d);
  return d;
};
const running: RunningSimulator[] = [];
const start = async (...args: Parameters<typeof startSimulator>) => {
  const sim = await startSimulator(...args);
  running.push(sim);
  return sim;
};
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** GET over HTTPS to the simulator's loopback port, as `name` (SNI, and Host with the port as clients send it). */
function get(sim: RunningSimulator, name: string, path: string, options: { ca?: string; agent?: Agent; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sim.https!.port,
        servername: name,
        path,
        headers: { host: `${name}:${sim.https!.port}`, ...options.headers },
        ...(options.ca !== undefined && { ca: options.ca }),
        ...(options.agent !== undefined && { agent: options.agent }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * The certificate the listener presents to `servername`, and why a client trusting `ca` refuses it,
 * if it does. Verification stays on: the certificate is read in the identity check the TLS client
 * makes once the chain has verified, which is Node's own check.
 */
async function handshake(port: number, servername: string, ca?: string): Promise<{ cert: PeerCertificate; error?: string }> {
  let cert: PeerCertificate | undefined;
  const socket = connect({
    host: '127.0.0.1',
    port,
    servername,
    ...(ca !== undefined && { ca }),
    checkServerIdentity: (host, presented) => {
      cert = presented;
      return checkServerIdentity(host, presented);
    },
  });
  const outcome = await new Promise<string | undefined>((resolve) => {
    socket.once('secureConnect', () => resolve(undefined));
    socket.once('error', (e) => resolve(String(e)));
  });
  socket.destroy();
  if (cert === undefined) throw new Error(`no certificate reached the identity check for ${servername}: ${outcome}`);
  return { cert, ...(outcome !== undefined && { error: outcome }) };
}

describe('HTTPS listener', () => {
  it('is real TLS: a client that does not trust the CA is refused; one that does gets the SOAP host', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    await expect(get(sim, 'homologation.payline.com', '/V4/services/WebPaymentAPI?wsdl')).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const ok = await get(sim, 'homologation.payline.com', '/V4/services/WebPaymentAPI?wsdl', { ca: sim.https!.caPem });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain(`location="https://homologation.payline.com:${sim.https!.port}/V4/services/WebPaymentAPI"`);
    expect(sim.https!.url).toBe(`https://127.0.0.1:${sim.https!.port}`);
    // a client that reached port 443 (a Compose mapping 443 → this port) sends no port: the answers name none
    const mapped = await get(sim, 'homologation.payline.com', '/V4/services/WebPaymentAPI?wsdl', { ca: sim.https!.caPem, headers: { host: 'homologation.payline.com' } });
    expect(mapped.body).toContain('location="https://homologation.payline.com/V4/services/WebPaymentAPI"');
  });

  it('names the port it listens on when the Host header carries a port no URL can have', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    for (const host of ['homologation.payline.com:99999', 'homologation.payline.com:0']) {
      const r = await get(sim, 'homologation.payline.com', '/V4/services/WebPaymentAPI?wsdl', { ca: sim.https!.caPem, headers: { host } });
      expect(r.status, host).toBe(200);
      expect(r.body, host).toContain(`location="https://homologation.payline.com:${sim.https!.port}/V4/services/WebPaymentAPI"`);
    }
  });

  it('answers a request with headers too large as the HTTP port does: 431 with JSON', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    const r = await get(sim, 'homologation.payline.com', '/_simulator/health', { ca: sim.https!.caPem, headers: { 'accept-language': 'a'.repeat(20_000) } });
    expect(r.status).toBe(431);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toMatchObject({ statusCode: 431 });
  });

  it('a reset fault closes the HTTPS connection without an answer (it was left open), and close() is not held up', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'getMerchantSettings', kind: 'reset', times: 1 }) });
    const envelope = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.ws.payline.experian.com"><soapenv:Body><impl:getMerchantSettingsRequest><impl:version>34</impl:version></impl:getMerchantSettingsRequest></soapenv:Body></soapenv:Envelope>';
    const ended = await new Promise<string>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: sim.https!.port,
          servername: 'homologation.payline.com',
          path: '/V4/services/DirectPaymentAPI',
          method: 'POST',
          ca: sim.https!.caPem,
          headers: { host: 'homologation.payline.com', 'content-type': 'text/xml', authorization: `Basic ${Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64')}` },
          timeout: 5000,
        },
        (res) => resolve(`answered ${res.statusCode}`),
      );
      req.on('timeout', () => {
        resolve('no answer and still open after 5 s');
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end(envelope);
    });
    expect(ended).toMatch(/ECONNRESET|socket hang up/);
    const closing = performance.now();
    await sim.close();
    expect(performance.now() - closing).toBeLessThan(3000);
  });

  it('gives a production name no valid certificate', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    for (const prod of ['services.payline.com', 'payment.payline.com', 'webpayment.payline.com', 'admin.payline.com']) {
      const { error } = await handshake(sim.https!.port, prod, sim.https!.caPem);
      expect(error, prod).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames/);
      await expect(get(sim, prod, '/V4/services/WebPaymentAPI?wsdl', { ca: sim.https!.caPem }), prod).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    }
    for (const name of ['homologation.payline.com', 'homologation-payment.cdn.payline.com', 'localhost']) {
      expect((await handshake(sim.https!.port, name, sim.https!.caPem)).error, name).toBeUndefined();
    }
  });

  it('keeps the CA across restarts on the same CA_DIR (the same certificate too, while it is good)', async () => {
    const caDir = tempDir();
    const first = await start({ port: 0, httpsPort: 0, caDir });
    const cert = first.https!.certPem();
    expect(first.https!.caCreated).toBe(true);
    await first.close();
    const second = await start({ port: 0, httpsPort: 0, caDir });
    expect(second.https!.caCreated).toBe(false);
    expect(second.https!.caFingerprint).toBe(first.https!.caFingerprint);
    expect(second.https!.certPem()).toBe(cert);
    // and a client trusting the first start's CA still connects
    expect((await get(second, 'homologation-admin.payline.com', '/_simulator/sessions', { ca: first.https!.caPem })).status).toBe(200);
  });

  it('leaves the HTTP listener as it was', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    const wsdl = await fetch(`${sim.url}/V4/services/WebPaymentAPI?wsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toContain(`location="${sim.url}/V4/services/WebPaymentAPI"`);
    expect((await fetch(`${sim.url}/`)).status).toBe(200);
    expect((await fetch(`${sim.url}/_simulator/sessions`)).status).toBe(200);
  });

  it('serves the CA at /_simulator/ca.pem, behind ADMIN_TOKEN', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir(), adminToken: 'sekret-token' });
    const denied = await get(sim, 'homologation-admin.payline.com', '/_simulator/ca.pem', { ca: sim.https!.caPem });
    expect(denied.status).toBe(401);
    const pem = await get(sim, 'homologation-admin.payline.com', '/_simulator/ca.pem', { ca: sim.https!.caPem, headers: { authorization: 'Bearer sekret-token' } });
    expect(pem.status).toBe(200);
    expect(pem.headers['content-type']).toBe('application/x-pem-file');
    expect(pem.body).toBe(sim.https!.caPem);
    const viaHttp = await fetch(`${sim.url}/_simulator/ca.pem`, { headers: { authorization: 'Bearer sekret-token' } });
    expect(await viaHttp.text()).toBe(sim.https!.caPem);
  });

  it('renews its certificate when it nears expiry, while running, and serves the new one', async () => {
    // the simulator's clock starts 15 days back, so that after the 15 days below it is the real time:
    // the client checks both certificates' dates against the real clock
    let now = new Date(Date.now() - 15 * 24 * 3600_000);
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir(), tls: { now: () => now, leafValidityDays: 40, renewWithinDays: 30, renewCheckMs: 0 } });
    const before = (await handshake(sim.https!.port, 'homologation.payline.com', sim.https!.caPem)).cert;
    expect(await sim.https!.renew()).toBe(false);
    now = new Date(now.getTime() + 15 * 24 * 3600_000); // 25 days left
    expect(await sim.https!.renew()).toBe(true);
    const after = (await handshake(sim.https!.port, 'homologation.payline.com', sim.https!.caPem)).cert;
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(Date.parse(after.valid_to)).toBeGreaterThan(Date.parse(before.valid_to));
    expect(new X509Certificate(sim.https!.certPem()).serialNumber).toBe(after.serialNumber.toUpperCase());
    expect(await sim.https!.renew()).toBe(false);
  });

  it('closes with keep-alive connections open', async () => {
    const sim = await startSimulator({ port: 0, httpsPort: 0, caDir: tempDir() });
    const agent = new Agent({ keepAlive: true });
    for (let i = 0; i < 3; i++) expect((await get(sim, 'localhost', '/_simulator/clock', { ca: sim.https!.caPem, agent })).status).toBe(200);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
    await sim.close();
    await expect(get(sim, 'localhost', '/_simulator/clock', { ca: sim.https!.caPem })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('closes a keep-alive connection whose request was under way when it was asked to close', async () => {
    const sim = await startSimulator({ port: 0, httpsPort: 0, caDir: tempDir() });
    const socket = connect({ host: '127.0.0.1', port: sim.https!.port, servername: 'localhost', ca: sim.https!.caPem });
    await once(socket, 'secureConnect');
    let answer = '';
    socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
    const ended = once(socket, 'close');
    const body = '{"seconds":1}';
    // the request's head now, its body once the simulator is closing
    socket.write(`POST /_simulator/clock/advance HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    const closed = sim.close();
    socket.write(body);
    await closed;
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('refuses an HTTPS port in use, and closes the HTTP listener it had opened', async () => {
    const sim = await start({ port: 0, httpsPort: 0, caDir: tempDir() });
    await expect(startSimulator({ port: 0, httpsPort: sim.https!.port, caDir: tempDir() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

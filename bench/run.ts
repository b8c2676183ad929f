/**
 * npm run bench: the figures of issue 6, on this machine.
 *  1. start-up: from process start to the first answered request (median of 5), without
 *     and with HTTPS (--https-port: the CA made on the first start, reused after);
 *  2. throughput and latency of doWebPayment and getWebPaymentDetails, each beside
 *     a bare Fastify route that answers a fixed SOAP response of the same size
 *     (the limit of this stack), and the ratio between them;
 *  3. full API-level flows per second (doWebPayment → outcome → getWebPaymentDetails);
 *  4. memory with 100,000 live sessions, and after they are finished and swept.
 * Servers run in child processes; autocannon drives them from this one.
 *  5. for scale: the bare route made to keep the CPU busy BENCH_BUSY_US µs per request
 *     (default 30) against the bare route: how much work per request a ratio leaves
 *     on this machine, where the load generator shares the CPUs with the server.
 * Options (env): BENCH_SECONDS (default 18, per operation and side, split into BENCH_ROUNDS rounds, default 9),
 * BENCH_CONNECTIONS (default 20), BENCH_SESSIONS (default 100000), BENCH_BUSY_US (default 30; 0 skips 5).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_AUTH, doWebPaymentXml, element, getWebPaymentDetailsXml } from './envelopes.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'simulator', 'cli.js');
const BARE = join(HERE, 'bare-server.js');
const MEMORY = join(HERE, 'memory.js');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '18');
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? '20');
const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? '100000');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '9');
const BUSY_US = Number(process.env['BENCH_BUSY_US'] ?? '30');

interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns a server that prints "listening on <url>" and resolves once it has. */
function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({
          url: m[1]!,
          child,
          stop: () =>
            new Promise((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err || out}`)));
  });
}

async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: DEMO_AUTH, 'content-type': 'text/xml; charset=utf-8' }, body });
  return res.text();
}

async function newToken(base: string, ref: string): Promise<string> {
  const xml = await post(`${base}/V4/services/WebPaymentAPI`, doWebPaymentXml(ref));
  const token = element(xml, 'token');
  if (!token) throw new Error(`doWebPayment failed: ${xml.slice(0, 400)}`);
  return token;
}

async function finish(base: string, token: string): Promise<void> {
  const res = await fetch(`${base}/_simulator/sessions/${token}/outcome`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"00000"}' });
  if (res.status !== 200) throw new Error(`outcome failed: ${res.status} ${await res.text()}`);
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU time (all its threads) per request, in µs, where /proc tells (Linux). */
  cpuUs?: number;
}

/** CPU time a process has used, in µs (user + system, from /proc; undefined elsewhere). */
function cpuTimeUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100;

async function load(url: string, bodies: () => string, seconds = SECONDS, server?: Server): Promise<Load> {
  const cpu0 = cpuTimeUs(server?.child.pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { authorization: DEMO_AUTH, 'content-type': 'text/xml; charset=utf-8' },
        setupRequest: (req) => ({ ...req, body: bodies() }),
      },
    ],
  });
  const cpu1 = cpuTimeUs(server?.child.pid);
  const cpuUs = cpu0 !== undefined && cpu1 !== undefined && r.requests.total > 0 ? (cpu1 - cpu0) / r.requests.total : undefined;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, ...(cpuUs !== undefined && { cpuUs }) };
}

/** Start-up times of 5 starts, in the order run. */
async function startup(extraArgs: string[] = []): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const s = await spawnServer([CLI, '--port', '0', ...extraArgs]);
    for (;;) {
      const res = await fetch(`${s.url}/_simulator/clock`).catch(() => undefined);
      if (res?.status === 200) break;
    }
    times.push(performance.now() - t0);
    await s.stop();
  }
  return times;
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

async function flows(base: string, seconds: number, concurrency: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let n = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const token = await newToken(base, `FLOW-${n++}`);
      await finish(base, token);
      const xml = await post(`${base}/V4/services/WebPaymentAPI`, getWebPaymentDetailsXml(token));
      if (element(xml, 'code') !== '00000') throw new Error(`flow ended with ${element(xml, 'code')}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / seconds;
}

function memory(): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', MEMORY, String(SESSIONS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`memory bench exited ${code}`))));
  });
}

interface Comparison {
  ratio: number;
  ratios: number[];
  rounds: { other: Load; bare: Load }[];
  /** The round nearest the median, whose figures are shown. */
  mid: { other: Load; bare: Load };
}

/**
 * Throughput of `other` against the bare route, for the same requests. The machine's
 * speed drifts: the two take turns, and the ratio is the median of the rounds' ratios.
 */
async function compare(bare: Server, other: Server, body: () => string): Promise<Comparison> {
  const bareUrl = `${bare.url}/V4/services/WebPaymentAPI`;
  const otherUrl = `${other.url}/V4/services/WebPaymentAPI`;
  await load(bareUrl, body, 2); // warm-up
  await load(otherUrl, body, 2);
  const rounds: { other: Load; bare: Load }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = await load(bareUrl, body, SECONDS / ROUNDS, bare);
    const o = await load(otherUrl, body, SECONDS / ROUNDS, other);
    rounds.push({ other: o, bare: b });
  }
  const ratios = rounds.map((x) => x.other.rps / x.bare.rps).sort((a, b) => a - b);
  const h = ratios.length >> 1;
  // the median (of an even count: the mean of the two middle rounds, not the upper one)
  const ratio = ratios.length % 2 ? ratios[h]! : (ratios[h - 1]! + ratios[h]!) / 2;
  const off = (x: { other: Load; bare: Load }) => Math.abs(x.other.rps / x.bare.rps - ratio);
  const mid = rounds.reduce((best, x) => (off(x) < off(best) ? x : best));
  return { ratio, ratios, rounds, mid };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const line = (name: string, l: Load) =>
  `${name.padEnd(34)} ${fmt(l.rps).padStart(8)} req/s   p50 ${fmt(l.p50, 1).padStart(5)} ms   p99 ${fmt(l.p99, 1).padStart(5)} ms${l.cpuUs !== undefined ? `   server CPU ${fmt(l.cpuUs).padStart(4)} µs/req` : ''}${l.errors ? `   ${l.errors} errors` : ''}`;

async function main(): Promise<void> {
  console.log(`Bancontact simulator benchmark: node ${process.version}, ${SECONDS} s per run, ${CONNECTIONS} connections\n`);

  const startMs = median(await startup());
  console.log(`start-up (process start → first answer, median of 5): ${fmt(startMs)} ms   target < 500 ms   ${startMs < 500 ? 'OK' : 'MISSED'}`);
  const caDir = mkdtempSync(join(tmpdir(), 'bench-ca-'));
  try {
    const https = await startup(['--https-port', '0', '--ca-dir', caDir]);
    console.log(`start-up with HTTPS (CA reused, median of 4): ${fmt(median(https.slice(1)))} ms; first start, creating the CA: ${fmt(https[0]!)} ms\n`);
  } finally {
    rmSync(caDir, { recursive: true, force: true });
  }

  const sim = await spawnServer([CLI, '--port', '0']);
  const dwpUrl = `${sim.url}/V4/services/WebPaymentAPI`;
  // the sizes of the real answers, for bare routes of the same size
  const dwpSize = Buffer.byteLength(await post(dwpUrl, doWebPaymentXml('SIZE-1')));
  const tokens: string[] = [];
  for (let i = 0; i < 200; i++) tokens.push(await newToken(sim.url, `DETAILS-${i}`));
  for (const t of tokens) await finish(sim.url, t);
  const gwpdSize = Buffer.byteLength(await post(dwpUrl, getWebPaymentDetailsXml(tokens[0]!)));

  let i = 0;
  const dwpBody = () => doWebPaymentXml(`BENCH-${i++}`);
  const gwpdBody = () => getWebPaymentDetailsXml(tokens[i++ % tokens.length]!);

  let failed = false;
  for (const [op, size, body] of [
    ['doWebPayment', dwpSize, dwpBody],
    ['getWebPaymentDetails', gwpdSize, gwpdBody],
  ] as const) {
    const bare = await spawnServer([BARE, String(size)]);
    const r = await compare(bare, sim, body);
    await bare.stop();
    console.log(line(`bare route, ${fmt(size)} B answer`, r.mid.bare));
    console.log(line(`${op}`, r.mid.other));
    console.log(`${''.padEnd(34)} ratio ${r.ratio.toFixed(2)} (median of ${ROUNDS} rounds: ${r.ratios.map((x) => x.toFixed(2)).join(', ')})   target ≥ 0.60   ${r.ratio >= 0.6 ? 'OK' : 'MISSED'}\n`);
    if (r.rounds.some((x) => x.other.errors > 0)) failed = true;
  }

  if (BUSY_US > 0) {
    // the same comparison, with a bare route that does nothing but keep the CPU busy
    const bare = await spawnServer([BARE, String(dwpSize)]);
    const busy = await spawnServer([BARE, String(dwpSize), String(BUSY_US)]);
    const r = await compare(bare, busy, dwpBody);
    await Promise.all([bare.stop(), busy.stop()]);
    console.log(`for scale: the bare route kept busy ${BUSY_US} µs per request, against the bare route (how much work a ratio leaves per request here)`);
    console.log(line(`bare route + ${BUSY_US} µs busy`, r.mid.other));
    console.log(`${''.padEnd(34)} ratio ${r.ratio.toFixed(2)} (median of ${ROUNDS} rounds: ${r.ratios.map((x) => x.toFixed(2)).join(', ')})\n`);
  }

  const fps = await flows(sim.url, SECONDS, CONNECTIONS);
  console.log(`full flows (doWebPayment → outcome → getWebPaymentDetails), ${CONNECTIONS} at once: ${fmt(fps)} flows/s\n`);
  await sim.stop();

  const mem = await memory();
  console.log(`memory: ${fmt(mem['sessions']!)} live sessions: ${fmt(mem['bytesPerSession']!)} B of heap per session   target < 2,048 B   ${mem['bytesPerSession']! < 2048 ? 'OK' : 'MISSED'}`);
  console.log(`        heap ${fmt(mem['heapBeforeMB']!, 1)} MB empty → ${fmt(mem['heapLiveMB']!, 1)} MB live → ${fmt(mem['heapAfterSweepMB']!, 1)} MB once finished and swept (${fmt(mem['sessionsAfterSweep']!)} sessions left; the transactions stay, for refunds)`);
  if (failed) {
    console.error('errors during the load runs');
    process.exitCode = 1;
  }
}

await main();

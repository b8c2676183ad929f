/**
 * The simulator's local certificate authority and the server certificate it
 * signs for Monext's homologation names, made with @peculiar/x509 on Node's
 * WebCrypto (no openssl binary). Loaded only when HTTPS is on or the CA is
 * asked for. Certificates already in the folder are read and checked with
 * node:crypto; reflect-metadata and @peculiar/x509 (a few hundred ms to load)
 * load only when a certificate must be made.
 *
 * Files in the CA folder (created once, reused on every start so the CA a shop
 * trusts never changes):
 *   ca.pem          the CA certificate (what users trust)
 *   ca-key.pem      its private key (PKCS#8, mode 0600)
 *   server.pem      the server certificate (re-issued before it expires or when its names change)
 *   server-key.pem  its private key (mode 0600)
 */
import type * as X509Lib from '@peculiar/x509';
import { createHash, createPrivateKey, createPublicKey, randomUUID, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

let x509Loaded: Promise<typeof X509Lib> | undefined;

/** @peculiar/x509 on Node's WebCrypto, loaded on first use (reflect-metadata first: x509 2.x needs a Reflect polyfill). */
function x509Lib(): Promise<typeof X509Lib> {
  return (x509Loaded ??= (async () => {
    await import('reflect-metadata');
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(webcrypto as unknown as Crypto);
    return lib;
  })());
}

const DAY_MS = 24 * 3600_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** How long the CA lives (about 10 years): users trust it once. */
export const CA_VALIDITY_DAYS = 3650;
/**
 * How long a server certificate lives. The ceiling for TLS server certificates is
 * 397 days; browsers and the CA/Browser Forum moved to 200 days (from March 2026)
 * for public CAs. The simulator renews its own, so a short life costs nothing.
 */
export const LEAF_VALIDITY_DAYS = 180;
/** A server certificate with less than this left is re-issued. */
export const LEAF_RENEW_WITHIN_DAYS = 30;
/** notBefore is set this far in the past, for clocks that run a little behind. */
const BACKDATE_MS = 3600_000;

export class CaDirError extends Error {
  override name = 'CaDirError';
}

export interface CaFiles {
  dir: string;
  caCert: string;
  caKey: string;
  leafCert: string;
  leafKey: string;
}

export function caFiles(dir: string): CaFiles {
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    leafCert: join(dir, 'server.pem'),
    leafKey: join(dir, 'server-key.pem'),
  };
}

export interface Ca {
  cert: X509Certificate;
  /** The private key, PKCS#8 PEM. */
  keyPem: string;
  pem: string;
  file: string;
  /** SHA-256 of the DER certificate, hex with colons (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
  created: boolean;
}

export interface Leaf {
  certPem: string;
  keyPem: string;
  notBefore: Date;
  notAfter: Date;
  names: string[];
  /** True when this call issued it (first start, near expiry, names changed, CA changed). */
  issued: boolean;
}

export interface LeafOptions {
  now?: Date;
  validityDays?: number;
  renewWithinDays?: number;
}

/** Writes to a temporary name then renames: a reader never sees half a file. Keys get mode 0600. */
function writeAtomic(path: string, data: string, mode: 0o600 | 0o644): void {
  const tmp = writeTemp(path, data, mode);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes `data` to a new temporary file beside `path` (unique per process and call); returns its name. */
function writeTemp(path: string, data: string, mode: 0o600 | 0o644): string {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeFileSync(tmp, data, { mode, flag: 'wx' });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return tmp;
}

const writeSecret = (path: string, data: string) => writeAtomic(path, data, 0o600);
const writePublic = (path: string, data: string) => writeAtomic(path, data, 0o644);

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // a folder that exists but is not writable is found here, not halfway through writing the CA
    const probe = join(dir, `.write-test.${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CaDirError(`cannot write the CA folder ${dir} (CA_DIR / --ca-dir): ${err.code ?? err.message}`);
  }
}

const PEM_BODY = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/;

async function importKey(pem: string): Promise<CryptoKey> {
  const m = PEM_BODY.exec(pem);
  if (!m) throw new Error('not a PKCS#8 private key');
  return webcrypto.subtle.importKey('pkcs8', Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'), EC, true, ['sign']) as Promise<CryptoKey>;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`;
}

function randomSerial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] = b[0]! & 0x7f; // positive
  return Buffer.from(b).toString('hex');
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** The base64 SHA-256 of a certificate's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list, HPKP pins). */
export function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

function caName(now: Date): string {
  // commas and equals signs would split the distinguished name
  const host = hostname().replace(/[,=+<>#;"\\]/g, '-');
  return `CN=Bancontact homologation simulator local CA (${host}\\, ${now.toISOString().slice(0, 10)}),O=Bancontact homologation simulator (not Monext)`;
}

/** Loads the CA of `dir`, creating it (and the folder) the first time. */
export async function loadOrCreateCa(dir: string, now: Date = new Date()): Promise<Ca> {
  const files = caFiles(dir);
  if (existsSync(files.caKey)) return readCa(dir, files);
  ensureDir(dir);
  const x509 = await x509Lib();
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name = caName(now);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: SIGN,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pem = cert.toString('pem') + '\n';
  const keyPem = await exportKey(keys.privateKey);
  // Two starts may make a CA at once (parallel test workers on one CA_DIR): the key is
  // claimed with an exclusive link, and whoever loses uses the winner's CA. The key goes
  // first, so ca.pem never exists without its key.
  let keyTmp: string | undefined;
  let certTmp: string | undefined;
  try {
    keyTmp = writeTemp(files.caKey, keyPem, 0o600);
    certTmp = writeTemp(files.caCert, pem, 0o644);
    try {
      linkSync(keyTmp, files.caKey);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return await readCa(dir, files);
      throw e;
    }
    renameSync(certTmp, files.caCert);
    certTmp = undefined;
  } catch (e) {
    if (e instanceof CaDirError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new CaDirError(`cannot write the CA in ${dir} (CA_DIR / --ca-dir): ${err.code ?? err.message}`);
  } finally {
    for (const tmp of [keyTmp, certTmp]) if (tmp !== undefined) rmSync(tmp, { force: true });
  }
  const nodeCert = new X509Certificate(pem);
  return { cert: nodeCert, keyPem, pem, file: files.caCert, fingerprint: nodeCert.fingerprint256, created: true };
}

/** How long a start waits for the ca.pem another start is writing. */
const CA_WAIT_MS = 5000;

/** Reads the CA of the folder (waiting a little for a ca.pem another start is about to write). */
async function readCa(dir: string, files: CaFiles): Promise<Ca> {
  for (let waited = 0; !existsSync(files.caCert); waited += 50) {
    if (waited >= CA_WAIT_MS) {
      throw new CaDirError(`${files.caKey} has no ca.pem beside it (a start interrupted while making the CA?): remove ca-key.pem to make a new CA`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let pem: string;
  let keyPem: string;
  try {
    pem = readFileSync(files.caCert, 'utf8');
    keyPem = readFileSync(files.caKey, 'utf8');
  } catch (e) {
    throw new CaDirError(`cannot read the CA in ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const cert = new X509Certificate(pem);
    if (!cert.ca) throw new Error('ca.pem is not a CA certificate');
    // a damaged or foreign key is found now, not at the first renewal
    if (!keyMatches(cert, keyPem)) throw new Error('ca-key.pem is not the key of ca.pem');
    return { cert, keyPem, pem, file: files.caCert, fingerprint: cert.fingerprint256, created: false };
  } catch (e) {
    throw new CaDirError(`the CA in ${dir} cannot be read (${(e as Error).message}): remove ca.pem and ca-key.pem to make a new one, then trust the new one`);
  }
}

/** Whether a PEM private key is the key of a certificate. */
function keyMatches(cert: X509Certificate, keyPem: string): boolean {
  try {
    const spki = (k: ReturnType<typeof createPublicKey>) => k.export({ type: 'spki', format: 'der' });
    return spki(createPublicKey(createPrivateKey(keyPem))).equals(spki(cert.publicKey));
  } catch {
    return false;
  }
}

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

function sanOf(name: string): X509Lib.JsonGeneralName {
  return IP.test(name) ? { type: 'ip', value: name } : { type: 'dns', value: name };
}

/** The DNS names and IP addresses a certificate is valid for, normalised and sorted. */
export function namesOf(cert: X509Certificate): string[] {
  // node:crypto writes them "DNS:a.example, IP Address:127.0.0.1" (names with commas are quoted; ours have none)
  const entries = (cert.subjectAltName ?? '').split(', ').filter((e) => e !== '');
  const names = entries.flatMap((e) => {
    const m = /^(DNS|IP Address):(.+)$/.exec(e);
    return m ? [m[2]!] : [];
  });
  return normaliseNames(names);
}

function normaliseNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => (IP.test(n) ? new URL(`http://${n.includes(':') ? `[${n}]` : n}`).hostname.replace(/^\[|\]$/g, '') : n.toLowerCase())))].sort();
}

/** Why the server certificate in place must be replaced, or undefined if it can stay. */
function renewalReason(ca: Ca, cert: X509Certificate, names: string[], now: Date, renewWithinMs: number): string | undefined {
  if (!cert.checkIssued(ca.cert) || !cert.verify(ca.cert.publicKey)) return 'signed by another CA';
  if (Date.parse(cert.validTo) - now.getTime() < renewWithinMs) return 'near expiry';
  if (Date.parse(cert.validFrom) > now.getTime()) return 'not yet valid';
  if (namesOf(cert).join(' ') !== normaliseNames(names).join(' ')) return 'names changed';
  return undefined;
}

/** The certificate and key in place, when both can be read. */
function readLeaf(files: CaFiles): { cert: X509Certificate; certPem: string; keyPem: string } | undefined {
  if (!existsSync(files.leafCert) || !existsSync(files.leafKey)) return undefined;
  try {
    const certPem = readFileSync(files.leafCert, 'utf8');
    const cert = new X509Certificate(certPem);
    const keyPem = readFileSync(files.leafKey, 'utf8');
    // two starts renewing at once can leave one's certificate beside the other's key
    return keyMatches(cert, keyPem) ? { cert, certPem, keyPem } : undefined;
  } catch {
    return undefined; // unreadable: made again
  }
}

/**
 * The server certificate for `names`, signed by the CA: the one in the folder if it
 * is still good, else a new one (written to the folder).
 */
export async function ensureLeaf(ca: Ca, dir: string, names: readonly string[], options: LeafOptions = {}): Promise<Leaf> {
  const now = options.now ?? new Date();
  const validityDays = options.validityDays ?? LEAF_VALIDITY_DAYS;
  const renewWithinMs = (options.renewWithinDays ?? LEAF_RENEW_WITHIN_DAYS) * DAY_MS;
  const files = caFiles(dir);
  const wanted = normaliseNames(names);
  const current = readLeaf(files);
  if (current && renewalReason(ca, current.cert, wanted, now, renewWithinMs) === undefined) {
    const { cert, certPem, keyPem } = current;
    return { certPem, keyPem, notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo), names: namesOf(cert), issued: false };
  }
  const x509 = await x509Lib();
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(notBefore.getTime() + validityDays * DAY_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${names.find((n) => !IP.test(n))?.toLowerCase() ?? 'localhost'},O=Bancontact homologation simulator (not Monext)`,
    issuer: new x509.X509Certificate(ca.pem).subject,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN,
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.keyPem),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(wanted.map(sanOf)),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(new x509.X509Certificate(ca.pem)),
    ],
  });
  const certPem = cert.toString('pem') + '\n';
  const keyPem = await exportKey(keys.privateKey);
  try {
    writeSecret(files.leafKey, keyPem);
    writePublic(files.leafCert, certPem);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CaDirError(`cannot write the server certificate in ${dir} (CA_DIR / --ca-dir): ${err.code ?? err.message}`);
  }
  return { certPem, keyPem, notBefore, notAfter, names: wanted, issued: true };
}

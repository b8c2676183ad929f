import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caFiles, CaDirError, ensureLeaf, loadOrCreateCa, spkiHash } from './ca.js';
import { isForbiddenName, serverNames } from './https.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sim-ca-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const DAY = 24 * 3600_000;
const NAMES = ['homologation.payline.com', 'homologation-webpayment.payline.com', 'localhost', '127.0.0.1', '::1'];

describe('the local CA', () => {
  it('is an ECDSA P-256 / SHA-256 CA limited to signing server certificates, named for what it is, valid about 10 years', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const ca = await loadOrCreateCa(join(tempDir(), 'nested', 'ca'), now);
    expect(ca.created).toBe(true);
    const c = new X509Certificate(ca.pem);
    expect(c.ca).toBe(true);
    expect(c.subject).toMatch(/CN=Bancontact homologation simulator local CA \(.+, 2026-12-02\)/);
    expect(c.issuer).toBe(c.subject);
    expect(c.publicKey.asymmetricKeyType).toBe('ec');
    expect(c.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(c.verify(c.publicKey)).toBe(true);
    const years = (Date.parse(c.validTo) - now.getTime()) / (365.25 * DAY);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    // the extensions as @peculiar/x509 reads them back
    const { X509Certificate: Peculiar, BasicConstraintsExtension, KeyUsagesExtension, KeyUsageFlags } = await import('@peculiar/x509');
    const p = new Peculiar(ca.pem);
    const bc = p.getExtension(BasicConstraintsExtension)!;
    expect([bc.ca, bc.pathLength, bc.critical]).toEqual([true, 0, true]);
    const ku = p.getExtension(KeyUsagesExtension)!;
    expect(ku.usages).toBe(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign);
    expect(p.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
  });

  it('is created once and reused: same fingerprint on the next load; keys are mode 0600, the folder 0700', async () => {
    const dir = tempDir();
    const first = await loadOrCreateCa(dir);
    const second = await loadOrCreateCa(dir);
    expect(second.created).toBe(false);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.pem).toBe(first.pem);
    await ensureLeaf(second, dir, NAMES);
    const files = caFiles(dir);
    expect(statSync(files.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.leafKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.caCert).mode & 0o777).toBe(0o644);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a folder it cannot write with one CaDirError naming it', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const err = await loadOrCreateCa(join(file, 'ca')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaDirError);
    expect((err as Error).message).toBe(`cannot write the CA folder ${join(file, 'ca')} (CA_DIR / --ca-dir): ENOTDIR`);
  });

  it('is made once when several starts make it at the same time', async () => {
    const dir = tempDir();
    const cas = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateCa(dir)));
    expect(new Set(cas.map((c) => c.fingerprint)).size).toBe(1);
    expect(cas.filter((c) => c.created)).toHaveLength(1);
    expect(readFileSync(caFiles(dir).caCert, 'utf8')).toBe(cas[0]!.pem);
    expect(cas.every((c) => c.keyPem === readFileSync(caFiles(dir).caKey, 'utf8'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['ca-key.pem', 'ca.pem']);
  });

  it('re-issues a server certificate found beside another key', async () => {
    const dir = tempDir();
    const ca = await loadOrCreateCa(dir);
    const first = await ensureLeaf(ca, dir, NAMES);
    writeFileSync(caFiles(dir).leafKey, ca.keyPem);
    const again = await ensureLeaf(ca, dir, NAMES);
    expect(again.issued).toBe(true);
    expect(again.certPem).not.toBe(first.certPem);
  });

  it('refuses a damaged CA, saying how to make a new one', async () => {
    const dir = tempDir();
    await loadOrCreateCa(dir);
    writeFileSync(caFiles(dir).caKey, 'not a key');
    await expect(loadOrCreateCa(dir)).rejects.toThrow(/cannot be read .*remove ca\.pem and ca-key\.pem/);
  });
});

describe('the server certificate', () => {
  it('is signed by the CA, for server authentication, with exactly the names asked, at most 397 days, notBefore a little back', async () => {
    const dir = tempDir();
    const now = new Date('2026-12-02T10:00:00Z');
    const ca = await loadOrCreateCa(dir, now);
    const leaf = await ensureLeaf(ca, dir, NAMES, { now });
    expect(leaf.issued).toBe(true);
    const c = new X509Certificate(leaf.certPem);
    expect(c.ca).toBe(false);
    expect(c.checkIssued(new X509Certificate(ca.pem))).toBe(true);
    expect(c.verify(new X509Certificate(ca.pem).publicKey)).toBe(true);
    expect(c.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(c.subjectAltName?.split(', ').sort()).toEqual(['DNS:homologation-webpayment.payline.com', 'DNS:homologation.payline.com', 'DNS:localhost', 'IP Address:0:0:0:0:0:0:0:1', 'IP Address:127.0.0.1'].sort());
    expect(c.checkHost('homologation.payline.com')).toBe('homologation.payline.com');
    expect(c.checkHost('services.payline.com')).toBeUndefined();
    const from = Date.parse(c.validFrom);
    const to = Date.parse(c.validTo);
    expect(from).toBeLessThan(now.getTime());
    expect(now.getTime() - from).toBeLessThanOrEqual(2 * 3600_000);
    expect((to - from) / DAY).toBeLessThanOrEqual(397);
  });

  it('is kept while good; re-issued within 30 days of expiry, when its names change, or when another CA signed it', async () => {
    const dir = tempDir();
    const t0 = new Date('2026-12-02T10:00:00Z');
    const at = (days: number) => new Date(t0.getTime() + days * DAY);
    const ca = await loadOrCreateCa(dir, t0);
    const first = await ensureLeaf(ca, dir, NAMES, { now: t0, validityDays: 60 });
    const kept = await ensureLeaf(ca, dir, [...NAMES].reverse(), { now: at(29), validityDays: 60 });
    expect(kept.issued).toBe(false);
    expect(kept.certPem).toBe(first.certPem);
    // 31 days in, 29 days are left: renewed, for another full life from now
    const renewed = await ensureLeaf(ca, dir, NAMES, { now: at(31), validityDays: 60 });
    expect(renewed.issued).toBe(true);
    expect(renewed.notAfter.getTime()).toBeGreaterThan(at(90).getTime());
    expect(readFileSync(caFiles(dir).leafCert, 'utf8')).toBe(renewed.certPem);
    // a new name (PUBLIC_URL changed)
    const widened = await ensureLeaf(ca, dir, [...NAMES, 'sim.example'], { now: at(31), validityDays: 60 });
    expect(widened.issued).toBe(true);
    expect(widened.names).toContain('sim.example');
    // another CA in the folder (ca.pem replaced by hand): the old certificate no longer chains to it
    rmSync(caFiles(dir).caCert);
    rmSync(caFiles(dir).caKey);
    const other = await loadOrCreateCa(dir, at(31));
    expect(other.fingerprint).not.toBe(ca.fingerprint);
    expect((await ensureLeaf(other, dir, [...NAMES, 'sim.example'], { now: at(31), validityDays: 60 })).issued).toBe(true);
  });

  it('refuses with one CaDirError when the new certificate cannot be written', async () => {
    const dir = tempDir();
    const ca = await loadOrCreateCa(dir);
    mkdirSync(join(caFiles(dir).leafKey, 'in-the-way'), { recursive: true });
    const err = await ensureLeaf(ca, dir, NAMES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaDirError);
    expect((err as Error).message).toMatch(/^cannot write the server certificate in .+ \(CA_DIR \/ --ca-dir\): E[A-Z]+$/);
  });

  it('gives the SPKI hash Chromium pins with', async () => {
    const ca = await loadOrCreateCa(tempDir());
    expect(spkiHash(ca.pem)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('serverNames', () => {
  it('are the six homologation names, localhost and its addresses, the PUBLIC_URL host and the listen address', () => {
    expect(serverNames('http://sim.example:8080', '127.83.1.2')).toEqual([
      'homologation.payline.com',
      'homologation-webpayment.payline.com',
      'homologation-payment.payline.com',
      'homologation-payment-2.payline.com',
      'homologation-payment.cdn.payline.com',
      'homologation-admin.payline.com',
      'localhost',
      '127.0.0.1',
      '::1',
      'sim.example',
      '127.83.1.2',
    ]);
    expect(serverNames('http://[::1]:8080', '0.0.0.0')).toHaveLength(9);
  });

  it('never include a production name, even through PUBLIC_URL', () => {
    for (const prod of ['services.payline.com', 'payment.payline.com', 'webpayment.payline.com', 'admin.payline.com', 'services-cc.payline.com', 'payline.com', 'x.monext.fr']) {
      expect(isForbiddenName(prod), prod).toBe(true);
      expect(serverNames(`https://${prod}`, '127.0.0.1'), prod).not.toContain(prod);
    }
    expect(isForbiddenName('homologation.payline.com')).toBe(false);
    expect(isForbiddenName('notpayline.com')).toBe(false);
  });
});

/**
 * Identifiers in the platform's formats. The random source is injected so tests
 * get repeatable ids.
 *  - token: 33 characters, "1" + 19 letters/digits + the 13-digit creation time in ms,
 *    as the observed tokens (`1jom6TVNaLuHygEB62681665928911817`);
 *  - web payment transaction id: 18 characters, a letter, `yyMMddHHmmss`, 5 digits,
 *    as the admin centre shows (`G24011910351053102`);
 *  - direct operation (refund, reset) transaction id: 14 digits (`14341170746002`).
 */
import { randomBytes } from 'node:crypto';
import { compactDate, DEFAULT_TIME_ZONE } from './formats.js';

export type RandomBytes = (n: number) => Uint8Array;

export interface IdGenerator {
  token(now: number): string;
  webTransactionId(now: number): string;
  directTransactionId(now: number): string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The character codes of the token being made (one array for all). */
const tokenCodes: number[] = new Array<number>(33).fill(0);

/**
 * Cryptographic random bytes drawn from a pool refilled 4 KiB at a time: one
 * call to the system's generator per ~200 tokens instead of one per token (each
 * call costs tens of µs, a large part of a doWebPayment otherwise).
 */
export function pooledRandomBytes(poolSize = 4096): RandomBytes {
  let pool = randomBytes(poolSize);
  let at = 0;
  return (n) => {
    if (n > poolSize) return randomBytes(n);
    if (at + n > poolSize) {
      pool = randomBytes(poolSize);
      at = 0;
    }
    const out = pool.subarray(at, at + n);
    at += n;
    return out;
  };
}

export function createIdGenerator(bytes: RandomBytes = pooledRandomBytes(), timeZone = DEFAULT_TIME_ZONE): IdGenerator {
  const start = bytes(4);
  // counters start at a random point so that two runs (or a restart on a data file) do not repeat ids
  let web = ((start[0]! << 8) | start[1]!) % 100000;
  let direct = ((start[2]! << 8) | start[3]!) % 10000;
  return {
    token(now) {
      const b = bytes(19);
      tokenCodes[0] = 0x31; // "1"
      for (let i = 0; i < 19; i++) tokenCodes[i + 1] = ALPHABET.charCodeAt(b[i]! % ALPHABET.length);
      // the last 13 digits of the time in ms
      let t = Math.floor(now) % 1e13;
      for (let i = 32; i >= 20; i--) {
        tokenCodes[i] = 48 + (t % 10);
        t = Math.floor(t / 10);
      }
      // one flat string (a `+=` loop would leave a chain of 20 cons strings in every session)
      return String.fromCharCode.apply(null, tokenCodes);
    },
    webTransactionId(now) {
      web = (web + 1) % 100000;
      return 'G' + compactDate(now, timeZone) + String(web).padStart(5, '0');
    },
    directTransactionId(now) {
      direct = (direct + 1) % 10000;
      const secondsOfYear = Math.floor(now / 1000) % 31_536_000;
      return String(secondsOfYear).padStart(8, '0').slice(-8) + String(Math.floor(now / 1000 / 31_536_000) % 100).padStart(2, '0') + String(direct).padStart(4, '0');
    },
  };
}

/** A repeatable byte source for tests: a small xorshift generator. */
export function seededBytes(seed = 42): RandomBytes {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

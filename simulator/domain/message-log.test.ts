import { describe, expect, it } from 'vitest';
import { MessageLog } from './message-log.js';

describe('MessageLog', () => {
  it('gives back what it stored, any Unicode included', () => {
    const log = new MessageLog(1024);
    const a = log.write('<a>Zoë 💶 €</a>');
    const b = log.write('');
    expect(log.read(a.at, a.length)).toBe('<a>Zoë 💶 €</a>');
    expect(a.length).toBe(Buffer.byteLength('<a>Zoë 💶 €</a>'));
    expect(log.read(b.at, b.length)).toBe('');
  });

  it('overwrites the oldest messages first, never splits one, and says which are gone', () => {
    const log = new MessageLog(100);
    const first = log.write('a'.repeat(20)); // 0..20
    const second = log.write('b'.repeat(20)); // 20..40
    const third = log.write('c'.repeat(25)); // 40..65
    const fourth = log.write('d'.repeat(25)); // 65..90
    expect(log.read(first.at, first.length)).toBe('a'.repeat(20));
    // 15 bytes left at the end: the next message starts the ring again, over the first
    const fifth = log.write('e'.repeat(20));
    expect(log.read(fifth.at, fifth.length)).toBe('e'.repeat(20));
    expect(log.read(first.at, first.length)).toBeUndefined();
    expect(log.read(second.at, second.length)).toBe('b'.repeat(20));
    expect(log.read(third.at, third.length)).toBe('c'.repeat(25));
    expect(log.read(fourth.at, fourth.length)).toBe('d'.repeat(25));
    log.write('f'.repeat(1));
    expect(log.read(second.at, second.length)).toBeUndefined();
    for (let i = 0; i < 50; i++) log.write(`m${i}`.padEnd(10, '.'));
    expect(log.read(third.at, third.length)).toBeUndefined();
  });

  it('does not keep a message larger than a quarter of the log', () => {
    const log = new MessageLog(100);
    const big = log.write('x'.repeat(26));
    expect(big.at).toBe(-1);
    expect(big.length).toBe(26);
    expect(log.read(big.at, big.length)).toBeUndefined();
  });
});

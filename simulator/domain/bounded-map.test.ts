import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('drops the entry set longest ago past its cap, and tells', () => {
    const dropped: [string, number][] = [];
    const m = new BoundedMap<string, number>(3, (k, v) => dropped.push([k, v]));
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3], ['a', 10], ['d', 4]] as const) m.set(k, v);
    // updating 'a' keeps its place: it is still the oldest
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
    expect(dropped).toEqual([['a', 10]]);
    expect(m.get('d')).toBe(4);
    expect(m.size).toBe(3);
  });

  it('skips keys deleted meanwhile when it evicts', () => {
    const m = new BoundedMap<number, number>(2);
    m.set(1, 1).set(2, 2);
    m.delete(1);
    m.set(3, 3);
    m.set(4, 4);
    expect([...m.keys()]).toEqual([3, 4]);
  });

  it('keeps its bookkeeping bounded when entries are deleted faster than it evicts', () => {
    const m = new BoundedMap<number, number>(Infinity);
    for (let i = 0; i < 100_000; i++) {
      m.set(i, i);
      if (i >= 10) m.delete(i - 10);
    }
    expect(m.size).toBe(10);
    // the order list was rebuilt along the way: the cap still drops the oldest live entries
    const capped = new BoundedMap<number, number>(5);
    for (let i = 0; i < 50_000; i++) {
      capped.set(i, i);
      if (i % 3 === 0) capped.delete(i);
    }
    expect([...capped.keys()]).toEqual([49993, 49994, 49996, 49997, 49999]);
    expect((m as unknown as { order: unknown[] }).order.length).toBeLessThan(2 * 10 + 1024 + 1);
  });

  it('with a cap of 0 keeps nothing', () => {
    const m = new BoundedMap<string, number>(0);
    m.set('a', 1);
    expect(m.size).toBe(0);
  });

  it('clear empties it', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    m.clear();
    m.set('c', 3).set('d', 4).set('e', 5);
    expect([...m.keys()]).toEqual(['d', 'e']);
  });
});

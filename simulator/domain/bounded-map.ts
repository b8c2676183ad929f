/**
 * A Map that keeps at most `max` entries: past it, the entry first set longest
 * ago is dropped (and handed to onEvict). Map keeps insertion order, but finding
 * the oldest with `keys().next()` walks over every entry deleted since V8 last
 * rebuilt the table (it leaves deleted entries in place), which made each
 * eviction of a full journal cost microseconds; the keys' order is kept here instead.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  /** Keys in the order they were first set, from `head` on. A deleted key stays until it is reached or the list is rebuilt. */
  private order: (K | undefined)[] = [];
  private head = 0;

  constructor(
    readonly max: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  set(key: K, value: V): this {
    const before = this.map.size;
    this.map.set(key, value);
    if (this.map.size > before) {
      this.order.push(key);
      if (this.map.size > this.max) this.evictOldest();
      // deleted keys pile up when entries are deleted faster than the cap evicts them
      else if (this.order.length - this.head > 2 * this.map.size + 1024) this.rebuildOrder();
    }
    return this;
  }
  delete(key: K): boolean {
    return this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
    this.order = [];
    this.head = 0;
  }
  keys(): MapIterator<K> {
    return this.map.keys();
  }
  values(): MapIterator<V> {
    return this.map.values();
  }
  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.map.entries();
  }

  private evictOldest(): void {
    const order = this.order;
    while (this.head < order.length) {
      const key = order[this.head] as K;
      order[this.head++] = undefined;
      // a key deleted (and perhaps set again since) is dropped at its first place in the order
      if (this.map.has(key)) {
        const value = this.map.get(key) as V;
        this.map.delete(key);
        this.onEvict?.(key, value);
        break;
      }
    }
    if (this.head >= 1024 && this.head * 2 >= order.length) {
      this.order = order.slice(this.head);
      this.head = 0;
    }
  }

  private rebuildOrder(): void {
    this.order = [...this.map.keys()];
    this.head = 0;
  }
}

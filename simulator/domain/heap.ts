/** A binary min-heap of (time, key) pairs: the expiry and retry queues. */
export class TimeQueue {
  private times: number[] = [];
  private keys: string[] = [];

  get size(): number {
    return this.times.length;
  }

  push(time: number, key: string): void {
    this.times.push(time);
    this.keys.push(key);
    let i = this.times.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.times[p]! <= this.times[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the keys whose time is <= now, earliest first. */
  popDue(now: number): string[] {
    const out: string[] = [];
    while (this.times.length > 0 && this.times[0]! <= now) out.push(this.pop());
    return out;
  }

  clear(): void {
    this.times = [];
    this.keys = [];
  }

  private pop(): string {
    const key = this.keys[0]!;
    const lastT = this.times.pop()!;
    const lastK = this.keys.pop()!;
    if (this.times.length > 0) {
      this.times[0] = lastT;
      this.keys[0] = lastK;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.times.length && this.times[l]! < this.times[m]!) m = l;
        if (r < this.times.length && this.times[r]! < this.times[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return key;
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
  }
}

/**
 * The simulator's clock. Real time keeps running; `advance` moves the simulated
 * time forward on top of it, so a test reaches an expiry or a refund deadline at
 * once. Pure: the real time source is injected.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, simulated. */
  now(): number;
}

export class SimulatedClock implements Clock {
  private offset = 0;

  constructor(private readonly real: () => number = Date.now) {}

  now(): number {
    return this.real() + this.offset;
  }

  /** Moves the clock forward; returns the new time. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a finite number >= 0');
    this.offset += Math.round(seconds * 1000);
    return this.now();
  }

  /** How far ahead of real time the simulated clock runs, in milliseconds. */
  get offsetMs(): number {
    return this.offset;
  }
}

/** A clock that moves only when told to: for unit tests. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(seconds: number): number {
    this.t += seconds * 1000;
    return this.t;
  }
}

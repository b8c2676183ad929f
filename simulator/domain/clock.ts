/**
 * The simulator's clock. Real time keeps running; `advance` moves the simulated
 * time forward on top of it, so a test reaches an expiry or a refund deadline at
 * once. Pure: the real time source is injected.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, simulated. */
  now(): number;
}

/** The latest time the simulated clock may show: the end of year 9999 (dates are written dd/MM/yyyy). */
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export class SimulatedClock implements Clock {
  private offset = 0;

  constructor(private readonly real: () => number = Date.now) {}

  now(): number {
    return this.real() + this.offset;
  }

  /** Moves the clock forward; returns the new time. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a finite number >= 0');
    const ms = Math.round(seconds * 1000);
    if (this.now() + ms > LATEST_TIME) throw new RangeError(`the simulated clock cannot go past ${new Date(LATEST_TIME).toISOString()}`);
    this.offset += ms;
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

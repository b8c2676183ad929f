import { describe, expect, it } from 'vitest';
import { LATEST_TIME, SimulatedClock } from './clock.js';

describe('SimulatedClock', () => {
  it('moves forward on top of real time', () => {
    let real = 1_000_000;
    const clock = new SimulatedClock(() => real);
    expect(clock.advance(61)).toBe(1_061_000);
    real += 500;
    expect(clock.now()).toBe(1_061_500);
    expect(clock.offsetMs).toBe(61_000);
  });

  it('refuses to go past the end of year 9999 (dates past it cannot be written), and stays where it was', () => {
    const clock = new SimulatedClock(() => LATEST_TIME - 10_000);
    expect(() => clock.advance(11)).toThrow(/cannot go past 9999-12-31T23:59:59.999Z/);
    expect(clock.offsetMs).toBe(0);
    expect(clock.advance(10)).toBe(LATEST_TIME);
  });

  it('refuses negative and non-finite seconds', () => {
    const clock = new SimulatedClock(() => 0);
    for (const s of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => clock.advance(s)).toThrow(RangeError);
  });
});

/**
 * The scheduler's seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator), seeded through splitmix32.
 *
 * Why sfc32: it passes PractRand and BigCrush, needs only 32-bit integer
 * operations (which V8 keeps unboxed), has a 128-bit state that is cheap to
 * copy for replay, and a minimum period of 2^32 thanks to its counter. The
 * rejected alternatives: Math.random (not seedable), mulberry32 (32-bit state,
 * too short for long simulations), xoshiro128** (equally good, slightly
 * slower in V8 because of its rotations on four words).
 */
import { InvalidArgumentError, describeValue } from "./errors.js";

/**
 * Checks a scheduler seed: an integer in [0, 2^32), the range the generator
 * actually uses (a larger or fractional seed would be silently truncated, so
 * two different seeds could give the same run). Returns the seed.
 *
 * @example
 * ```ts
 * checkSeed(7, "Scheduler"); // 7
 * ```
 */
export function checkSeed(seed: unknown, where: string): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 4294967296) {
    throw new InvalidArgumentError(`${where}: seed must be an integer in [0, 2^32), got ${describeValue(seed)} (try seed >>> 0)`);
  }
  return seed;
}

/**
 * A seeded sfc32 generator; every scheduler has one (`scheduler.random`).
 *
 * @example
 * ```ts
 * const rng = new Random(42);
 * const roll = 1 + rng.below(6);
 * ```
 *
 * @category Time
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** The seed this generator started from. */
  readonly seed: number;

  constructor(seed: number) {
    // Checked, not truncated: two different seeds must never give the same numbers.
    this.seed = checkSeed(seed, "new Random()");
    let s = this.seed;
    // splitmix32 spreads even a small seed such as 1 or 2 over all 128 bits.
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float uniformly distributed in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer uniformly distributed in [0, n). Precondition: 0 < n <= 2^32. */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

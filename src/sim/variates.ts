/**
 * Random variates for models, drawn from the scheduler's seeded sfc32
 * generator, so that a model's randomness replays exactly with its seed.
 *
 * Two forms of each distribution:
 * - a plain function of a {@link Random}: `sample.exponential(rng, 10)`,
 *   for code outside the processes, for tight loops, and for a process that
 *   holds the generator (`const rng = yield* randomSource()`);
 * - an operation inside a process: `const t = yield* exponential(10)`.
 * Both draw from the same generator in the same way: one uniform per draw,
 * except `normal`, which takes two.
 *
 * Parametrisation, stated once because libraries disagree:
 * - `exponential(mean)` takes the MEAN (numpy's `scale`), not the rate
 *   (Python's `random.expovariate(lambd)` takes the rate λ = 1/mean). For
 *   an arrival rate λ write `exponential(1 / lambda)`;
 * - `uniform(a, b)` is continuous on [a, b); `uniformInt(a, b)` is an
 *   integer in [a, b], both ends included (Python's `randint(a, b)`);
 * - `normal(mu, sigma)` takes the standard deviation, not the variance;
 * - `triangular(low, high, mode)` has Python's argument order.
 *
 * Methods: inverse transform for uniform, exponential (`-mean * ln(1 - u)`,
 * finite because 1 - u is in (0, 1]) and triangular; Box-Muller for the
 * normal, using the cosine branch only, so that no state beyond the
 * generator's is kept (the sine branch would need a cache, which would make
 * a draw depend on who drew before).
 *
 * Bad parameters (NaN, infinite, a > b, mean <= 0, sigma < 0, mode outside
 * [low, high]) throw InvalidArgumentError naming the call.
 */
import { Instruction, InvalidArgumentError, describeValue } from "../kernel/api.js";
import type { Random, Task } from "../kernel/api.js";

// The checks run on every draw, so they only compare numbers; the message
// is built when one fails.

function bad(what: () => string, problem: string): never {
  throw new InvalidArgumentError(`${what()}: ${problem}`);
}

const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && x - x === 0;

function checkUniform(a: number, b: number): void {
  if (isFiniteNumber(a) && isFiniteNumber(b) && a <= b) return;
  bad(() => `uniform(${describeValue(a)}, ${describeValue(b)})`, "needs finite numbers a <= b");
}

function checkUniformInt(a: number, b: number): void {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && a <= b && b - a < 2 ** 32) return;
  bad(() => `uniformInt(${describeValue(a)}, ${describeValue(b)})`, "needs integers a <= b, fewer than 2^32 apart");
}

function checkExponential(mean: number): void {
  if (isFiniteNumber(mean) && mean > 0) return;
  bad(() => `exponential(${describeValue(mean)})`, "the mean must be a finite number > 0 (for a rate λ, pass 1 / λ)");
}

function checkNormal(mu: number, sigma: number): void {
  if (isFiniteNumber(mu) && isFiniteNumber(sigma) && sigma >= 0) return;
  bad(() => `normal(${describeValue(mu)}, ${describeValue(sigma)})`, "needs a finite mu and a finite sigma (the standard deviation) >= 0");
}

function checkTriangular(low: number, high: number, mode: number): void {
  if (isFiniteNumber(low) && isFiniteNumber(high) && isFiniteNumber(mode) && low <= mode && mode <= high) return;
  bad(
    () => `triangular(${describeValue(low)}, ${describeValue(high)}, ${describeValue(mode)})`,
    "needs finite numbers with low <= mode <= high (Python's argument order: low, high, mode)",
  );
}

function checkChoice(items: readonly unknown[]): void {
  if (Array.isArray(items) && items.length > 0) return;
  bad(() => `choice(${describeValue(items)})`, "needs a non-empty array");
}

const uniformRaw = (rng: Random, a: number, b: number): number => a + (b - a) * rng.next();
const uniformIntRaw = (rng: Random, a: number, b: number): number => a + rng.below(b - a + 1);
const exponentialRaw = (rng: Random, mean: number): number => -mean * Math.log(1 - rng.next());
function normalRaw(rng: Random, mu: number, sigma: number): number {
  const u1 = 1 - rng.next(); // (0, 1]: the log is finite
  const u2 = rng.next();
  return mu + sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
function triangularRaw(rng: Random, low: number, high: number, mode: number): number {
  const u = rng.next();
  const span = high - low;
  if (span === 0) return low;
  const c = (mode - low) / span;
  return u < c ? low + Math.sqrt(u * span * (mode - low)) : high - Math.sqrt((1 - u) * span * (high - mode));
}

/**
 * The variates as plain functions of a {@link Random} (see the file header
 * for each parametrisation). Outside a process, use `sim.random`; inside,
 * `yield* randomSource()` or the operations (`yield* exponential(10)`).
 *
 * @example
 * ```ts
 * const rng = sim.random;
 * const service = sample.exponential(rng, 4);     // mean 4
 * const size = sample.uniformInt(rng, 1, 6);      // 1..6
 * const part = sample.normal(rng, 10, 2);         // mean 10, sd 2
 * ```
 *
 * @category Simulation
 */
export const sample = {
  /** Uniform on [a, b). */
  uniform(rng: Random, a: number, b: number): number {
    checkUniform(a, b);
    return uniformRaw(rng, a, b);
  },
  /** A uniform integer in [a, b], both included (Python's randint). */
  uniformInt(rng: Random, a: number, b: number): number {
    checkUniformInt(a, b);
    return uniformIntRaw(rng, a, b);
  },
  /** Exponential with the given MEAN (for a rate λ, pass 1 / λ). */
  exponential(rng: Random, mean: number): number {
    checkExponential(mean);
    return exponentialRaw(rng, mean);
  },
  /** Normal (Gaussian) with mean `mu` and standard deviation `sigma`. */
  normal(rng: Random, mu: number, sigma: number): number {
    checkNormal(mu, sigma);
    return normalRaw(rng, mu, sigma);
  },
  /** Triangular on [low, high] with the given mode (Python's argument order). */
  triangular(rng: Random, low: number, high: number, mode: number): number {
    checkTriangular(low, high, mode);
    return triangularRaw(rng, low, high, mode);
  },
  /** One of `items`, each equally likely. */
  choice<T>(rng: Random, items: readonly T[]): T {
    checkChoice(items);
    return items[rng.below(items.length)] as T;
  },
};

/** An operation that draws one variate from the running task's scheduler. */
class Draw<T> extends Instruction<T> {
  constructor(
    private readonly description: string,
    private readonly draw: (rng: Random) => T,
  ) {
    super();
  }
  describe(): string {
    return this.description;
  }
  tryNow(task: Task<unknown>): T {
    return this.draw(task.scheduler.random);
  }
}

/** Gives the scheduler's generator itself, for the plain functions of {@link sample}. */
class RandomSource extends Instruction<Random> {
  describe(): string {
    return "randomSource()";
  }
  tryNow(task: Task<unknown>): Random {
    return task.scheduler.random;
  }
}
const RANDOM_SOURCE = new RandomSource();

/**
 * The running scheduler's seeded generator, for drawing many variates in
 * one step with the plain functions of {@link sample}.
 *
 * @example
 * ```ts
 * const rng = yield* randomSource();
 * const sizes = Array.from({ length: 5 }, () => sample.uniformInt(rng, 1, 6));
 * ```
 *
 * @category Simulation
 */
export function randomSource(): Instruction<Random> {
  return RANDOM_SOURCE;
}

/**
 * A uniform variate on [a, b), drawn inside a process.
 *
 * @example
 * ```ts
 * const patience = yield* uniform(1, 3);
 * ```
 *
 * @category Simulation
 */
export function uniform(a: number, b: number): Instruction<number> {
  checkUniform(a, b);
  return new Draw(`uniform(${a}, ${b})`, (rng) => uniformRaw(rng, a, b));
}

/**
 * A uniform integer in [a, b], both ends included (Python's randint), drawn
 * inside a process.
 *
 * @example
 * ```ts
 * const tickets = yield* uniformInt(1, 6);
 * ```
 *
 * @category Simulation
 */
export function uniformInt(a: number, b: number): Instruction<number> {
  checkUniformInt(a, b);
  return new Draw(`uniformInt(${a}, ${b})`, (rng) => uniformIntRaw(rng, a, b));
}

/**
 * An exponential variate with the given MEAN (not the rate: for a rate λ
 * pass 1 / λ), drawn inside a process.
 *
 * @example
 * ```ts
 * yield* sleep(yield* exponential(10)); // arrivals every 10 on average
 * ```
 *
 * @category Simulation
 */
export function exponential(mean: number): Instruction<number> {
  checkExponential(mean);
  return new Draw(`exponential(${mean})`, (rng) => exponentialRaw(rng, mean));
}

/**
 * A normal variate with mean `mu` and standard deviation `sigma`, drawn
 * inside a process.
 *
 * @example
 * ```ts
 * const partTime = yield* normal(10, 2);
 * ```
 *
 * @category Simulation
 */
export function normal(mu: number, sigma: number): Instruction<number> {
  checkNormal(mu, sigma);
  return new Draw(`normal(${mu}, ${sigma})`, (rng) => normalRaw(rng, mu, sigma));
}

/**
 * A triangular variate on [low, high] peaking at `mode` (Python's argument
 * order), drawn inside a process.
 *
 * @example
 * ```ts
 * const repair = yield* triangular(20, 60, 30);
 * ```
 *
 * @category Simulation
 */
export function triangular(low: number, high: number, mode: number): Instruction<number> {
  checkTriangular(low, high, mode);
  return new Draw(`triangular(${low}, ${high}, ${mode})`, (rng) => triangularRaw(rng, low, high, mode));
}

/**
 * One of `items`, each equally likely, drawn inside a process.
 *
 * @example
 * ```ts
 * const movie = yield* choice(movies);
 * ```
 *
 * @category Simulation
 */
export function choice<T>(items: readonly T[]): Instruction<T> {
  checkChoice(items);
  return new Draw(`choice(${items.length} items)`, (rng) => items[rng.below(items.length)] as T);
}

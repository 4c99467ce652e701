/**
 * The variates' first two moments over 100,000 samples.
 *
 * Tolerances: the sample mean of n draws has standard error σ/√n; the
 * sample variance has standard error σ²·√((κ − 1)/n), κ being the
 * distribution's kurtosis (uniform 1.8, triangular 2.4, normal 3,
 * exponential 9). Every check allows 4 standard errors: a correct sampler
 * fails one with probability ~6e-5, and the seed is fixed, so the test is
 * deterministic anyway; a wrong parametrisation (rate for mean, variance
 * for sd, a misplaced mode) is off by far more.
 */
import { InvalidArgumentError, Random, run } from "../../src/index.js";
import { Simulation, choice, exponential, normal, randomSource, sample, triangular, uniform, uniformInt } from "../../src/sim/index.js";

const N = 100_000;

function moments(draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < N; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / N;
  return { mean, variance: (sumSq - N * mean * mean) / (N - 1) };
}

function expectMoments(draw: () => number, mean: number, variance: number, kurtosis: number): void {
  const m = moments(draw);
  const seMean = Math.sqrt(variance / N);
  const seVar = variance * Math.sqrt((kurtosis - 1) / N);
  expect(Math.abs(m.mean - mean)).toBeLessThan(4 * seMean);
  expect(Math.abs(m.variance - variance)).toBeLessThan(4 * seVar);
}

describe("variates: moments over 100k samples, within 4 standard errors", () => {
  const rng = new Random(2024);

  it("uniform(a, b)", () => {
    expectMoments(() => sample.uniform(rng, 2, 10), 6, 64 / 12, 1.8);
  });

  it("exponential(mean) takes the mean, not the rate", () => {
    expectMoments(() => sample.exponential(rng, 5), 5, 25, 9);
  });

  it("normal(mu, sigma) takes the standard deviation", () => {
    expectMoments(() => sample.normal(rng, 10, 2), 10, 4, 3);
  });

  it("triangular(low, high, mode), Python's argument order", () => {
    const [a, b, c] = [1, 10, 3];
    expectMoments(() => sample.triangular(rng, a, b, c), (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, 2.4);
  });

  it("uniformInt(a, b) includes both ends", () => {
    const seen = new Set<number>();
    expectMoments(
      () => {
        const x = sample.uniformInt(rng, 1, 6);
        seen.add(x);
        return x;
      },
      3.5,
      35 / 12,
      1.73,
    );
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("edge cases: a degenerate uniform, triangular and normal give their one value", () => {
    expect(sample.uniform(rng, 3, 3)).toBe(3);
    expect(sample.triangular(rng, 4, 4, 4)).toBe(4);
    expect(sample.normal(rng, 7, 0)).toBe(7);
    const t = sample.triangular(rng, 0, 1, 0);
    expect(t >= 0 && t <= 1).toBe(true);
  });
});

describe("variates as operations", () => {
  it("draw from the scheduler's seeded generator: the same numbers as the plain functions", () => {
    const fromOps = run(
      function* () {
        return [yield* uniform(0, 1), yield* exponential(2), yield* normal(0, 1), yield* triangular(0, 2, 1), yield* uniformInt(1, 6), yield* choice(["a", "b", "c"])];
      },
      { seed: 99 },
    );
    const sim = new Simulation({ seed: 99 });
    const rng = sim.random;
    const plain = [sample.uniform(rng, 0, 1), sample.exponential(rng, 2), sample.normal(rng, 0, 1), sample.triangular(rng, 0, 2, 1), sample.uniformInt(rng, 1, 6), sample.choice(rng, ["a", "b", "c"])];
    expect(fromOps).toEqual(plain);
  });

  it("randomSource() hands the generator to a process", () => {
    const [a, b] = run(
      function* () {
        const rng = yield* randomSource();
        return [sample.exponential(rng, 1), yield* exponential(1)];
      },
      { seed: 5 },
    );
    const rng = new Random(5);
    expect([a, b]).toEqual([sample.exponential(rng, 1), sample.exponential(rng, 1)]);
  });

  it("refuses bad parameters with a message naming the call", () => {
    const rng = new Random(1);
    expect(() => sample.exponential(rng, 0)).toThrow("exponential(the number 0): the mean must be a finite number > 0 (for a rate λ, pass 1 / λ)");
    expect(() => exponential(-1)).toThrow(InvalidArgumentError);
    expect(() => uniform(5, 1)).toThrow(/uniform\(the number 5, the number 1\): needs finite numbers a <= b/);
    expect(() => normal(0, -1)).toThrow(/sigma/);
    expect(() => triangular(0, 10, 11)).toThrow(/low <= mode <= high/);
    expect(() => uniformInt(1.5, 3)).toThrow(/integers/);
    expect(() => choice([])).toThrow(/non-empty/);
    expect(() => sample.uniform(rng, Number.NaN, 1)).toThrow(InvalidArgumentError);
  });
});

/**
 * Statistical model checks: classic queues whose steady state is known in
 * closed form, simulated with the sim layer and compared with theory.
 *
 * Both runs use a fixed seed, so they are deterministic; the tolerances say
 * how far a correct simulator may land from theory for *some* seed, so that
 * the seed was not picked to pass (it is 1 in both).
 *
 * M/M/1, λ = 0.9, μ = 1 (ρ = 0.9): Wq = ρ/(μ − λ) = 9, utilisation ρ.
 *   200,000 customers, the first 20,000 discarded as warm-up (statistics
 *   reset when customer 20,000 arrives; the relaxation time at ρ = 0.9 is
 *   ~1/(μ(1 − √ρ)²) ≈ 380 time units, ~340 customers, far shorter).
 *   Waits in a busy queue are strongly correlated, so the standard error of
 *   the mean wait over n customers is √(σ²/n), σ² being the asymptotic
 *   variance constant ρ(2 + 5ρ − 4ρ² + ρ³)/(μ²(1 − ρ)⁴) ≈ 35,900: for
 *   n = 180,000 that is 0.447 (measured over 40 seeds: 0.435). Allowed: 4 SE
 *   = 1.79, i.e. ±20%. That is what 200k customers can tell at ρ = 0.9.
 *   Utilisation and the probability of waiting (= ρ, by PASTA) are much
 *   tighter: their spread over 40 seeds was 0.0033; allowed 0.015 (4.5 sd).
 *
 * M/M/3, λ = 2.4, μ = 1 (ρ = 0.8): Erlang C gives P(wait) = 0.6472 and
 *   Wq = C/(cμ − λ) = 1.0787, Lq = λWq = 2.589. 200,000 customers, 20,000
 *   of warm-up. Spread over 30 seeds: Wq 0.026, P(wait) 0.0039, Lq 0.065,
 *   utilisation 0.0022; allowed 4 of those each.
 *
 * Also, on the same sample path, Little's law must hold between the
 * time-weighted queue length and the waits (up to the few customers
 * straddling the window's ends): a check of the monitor itself, to 1%.
 */
import { sleep } from "../../src/index.js";
import type { Coroutine, Random } from "../../src/index.js";
import { Resource, Simulation, sample, startProcess } from "../../src/sim/index.js";
import type { ResourceStats } from "../../src/sim/index.js";

function queueModel(seed: number, lambda: number, mu: number, servers: number, customers: number, warmUp: number): ResourceStats {
  const sim = new Simulation({ seed });
  const server = new Resource(servers, { sim });

  function* customer(rng: Random): Coroutine<void> {
    yield* server.use(sleep(sample.exponential(rng, 1 / mu)));
  }

  function* source(rng: Random): Coroutine<void> {
    for (let i = 0; i < customers; i++) {
      if (i === warmUp) server.resetStats();
      yield* startProcess(customer, rng);
      yield* sleep(sample.exponential(rng, 1 / lambda));
    }
  }

  sim.process(source, sim.random);
  sim.run();
  return server.stats();
}

function erlangC(servers: number, offered: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < servers; k++) {
    if (k > 0) term *= offered / k;
    sum += term;
  }
  const top = ((term * offered) / servers) * (servers / (servers - offered));
  return top / (sum + top);
}

function expectLittle(s: ResourceStats): void {
  const arrivalRate = s.wait.count / s.elapsed;
  expect(Math.abs(s.queue.mean - arrivalRate * s.wait.mean) / s.queue.mean).toBeLessThan(0.01);
}

describe("M/M/1 (λ = 0.9, μ = 1) against theory", () => {
  const lambda = 0.9;
  const mu = 1;
  const rho = lambda / mu;
  const s = queueModel(1, lambda, mu, 1, 200_000, 20_000);

  it("mean wait in queue Wq = ρ/(μ − λ) = 9, within 4 standard errors", () => {
    const n = s.wait.count;
    const sigma2 = (rho * (2 + 5 * rho - 4 * rho ** 2 + rho ** 3)) / (mu ** 2 * (1 - rho) ** 4);
    const se = Math.sqrt(sigma2 / n);
    expect(n).toBeGreaterThan(179_000);
    expect(Math.abs(s.wait.mean - rho / (mu - lambda))).toBeLessThan(4 * se);
  });

  it("utilisation and probability of waiting are ρ = 0.9", () => {
    expect(Math.abs(s.utilisation - rho)).toBeLessThan(0.015);
    expect(Math.abs(s.wait.waited / s.wait.count - rho)).toBeLessThan(0.015);
    expect(s.capacity).toBe(1);
    expect(s.since).toBeGreaterThan(0); // the warm-up was discarded
  });

  it("the monitor's time-weighted queue length obeys Little's law with the waits", () => {
    expectLittle(s);
  });
});

describe("M/M/3 (λ = 2.4, μ = 1) against Erlang C", () => {
  const lambda = 2.4;
  const mu = 1;
  const c = 3;
  const s = queueModel(1, lambda, mu, c, 200_000, 20_000);
  const pWait = erlangC(c, lambda / mu);
  const wq = pWait / (c * mu - lambda);

  it("Erlang C itself: P(wait) = 0.6472, Wq = 1.0787", () => {
    expect(pWait).toBeCloseTo(0.6472, 4);
    expect(wq).toBeCloseTo(1.0787, 4);
  });

  it("mean wait in queue and probability of waiting", () => {
    expect(Math.abs(s.wait.mean - wq)).toBeLessThan(4 * 0.026);
    expect(Math.abs(s.wait.waited / s.wait.count - pWait)).toBeLessThan(4 * 0.0039);
  });

  it("mean queue length Lq = λWq and utilisation ρ = λ/(cμ) = 0.8", () => {
    expect(Math.abs(s.queue.mean - lambda * wq)).toBeLessThan(4 * 0.065);
    expect(Math.abs(s.utilisation - lambda / (c * mu))).toBeLessThan(4 * 0.0022);
    expect(s.busy.max).toBe(3);
    expectLittle(s);
  });
});

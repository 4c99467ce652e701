/**
 * Replications: running a model many times with different seeds and
 * summarising the results with a confidence interval.
 *
 * One run of a stochastic model is one sample. To say how confident you are
 * in its mean wait, run independent replications (each with its own seed,
 * so each draws its own random numbers), take one number from each, and
 * compute their mean and a Student-t confidence interval. The model here is
 * a bank with two tellers (M/M/2: arrivals every 1/1.5 minutes on average,
 * services of 1 minute on average), whose mean wait Erlang C gives
 * exactly, so the interval can be checked against the truth.
 *
 * Run it: `npx tsx examples/sim/replications.ts [first seed]` (default 1).
 */
import { sleep } from "spindle";
import type { Coroutine } from "spindle";
import { Resource, Simulation, exponential, startProcess } from "spindle";

const ARRIVAL_RATE = 1.5; // customers per minute
const SERVICE_MEAN = 1; // minutes
const TELLERS = 2;
const CUSTOMERS = 10_000; // per replication
const WARM_UP = 1_000; // customers whose statistics are discarded
const REPLICATIONS = 10;
/** Student's t, 97.5% quantile, 9 degrees of freedom (for 10 replications). */
const T_975_DF9 = 2.262;

// #region model
interface Outcome {
  meanWait: number;
  utilisation: number;
}

/** One replication: the whole model, built fresh and run with its own seed. */
function bank(seed: number): Outcome {
  const sim = new Simulation({ seed });
  const tellers = new Resource(TELLERS, { name: "tellers", sim });

  function* service(): Coroutine<void> {
    yield* sleep(yield* exponential(SERVICE_MEAN));
  }

  function* customer(): Coroutine<void> {
    // The body comes from one generator function, not a `function* () {}`
    // written inline, which would be a new generator function per customer
    // (about 3x slower in V8; see "Performance" in docs/simulation.md).
    yield* tellers.use(service());
  }

  function* arrivals(): Coroutine<void> {
    for (let i = 0; i < CUSTOMERS; i++) {
      if (i === WARM_UP) tellers.resetStats(); // discard the warm-up period
      yield* startProcess(customer);
      yield* sleep(yield* exponential(1 / ARRIVAL_RATE));
    }
  }

  sim.process(arrivals);
  sim.run();
  const s = tellers.stats();
  return { meanWait: s.wait.mean, utilisation: s.utilisation };
}
// #endregion model

// #region summarise
/** Mean and half-width of the 95% confidence interval of `xs` (10 values: t with 9 df). */
function summarise(xs: number[]): { mean: number; halfWidth: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: (T_975_DF9 * Math.sqrt(variance)) / Math.sqrt(n) };
}

export function main(firstSeed = 1): string[] {
  const seeds = Array.from({ length: REPLICATIONS }, (_, i) => firstSeed + i);
  const outcomes = seeds.map(bank); // independent runs: a seed each
  const out = ["seed | mean wait | utilisation"];
  outcomes.forEach((o, i) => out.push(`${String(seeds[i]).padStart(4)} | ${o.meanWait.toFixed(4).padStart(9)} | ${o.utilisation.toFixed(4)}`));

  const wait = summarise(outcomes.map((o) => o.meanWait));
  const util = summarise(outcomes.map((o) => o.utilisation));
  out.push(`mean wait:   ${wait.mean.toFixed(4)} ± ${wait.halfWidth.toFixed(4)} (95% CI over ${REPLICATIONS} replications)`);
  out.push(`utilisation: ${util.mean.toFixed(4)} ± ${util.halfWidth.toFixed(4)}`);
  out.push(`theory (Erlang C): mean wait ${erlangCWait(TELLERS, ARRIVAL_RATE, 1 / SERVICE_MEAN).toFixed(4)}, utilisation ${(ARRIVAL_RATE * SERVICE_MEAN / TELLERS).toFixed(4)}`);
  return out;
}
// #endregion summarise

/** Mean wait in queue of an M/M/c queue (Erlang C). */
function erlangCWait(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top) / (c * mu - lambda);
}

if (require.main === module) for (const line of main(process.argv[2] === undefined ? 1 : Number(process.argv[2]))) console.log(line);

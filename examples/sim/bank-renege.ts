/**
 * Bank renege: a port of SimPy's bank_renege example.
 *
 * Covers: Resource, conditions (anyOf), reneging.
 *
 * One counter; customers arrive at random and each has a random patience.
 * A customer waits for the counter until her patience runs out, then
 * leaves (reneges); one who gets to the counter is served for a random
 * time and then frees it.
 *
 * Run it: `npx tsx examples/sim/bank-renege.ts [seed]` (default 42).
 * The numbers differ from SimPy's recorded output: spindle draws from its
 * own seeded generator (sfc32), not Python's Mersenne Twister, so the same
 * seed gives other arrival times. The model and its behaviour are the same.
 */
import { now, sleep } from "spindle";
import type { Coroutine } from "spindle";
import { Resource, Simulation, after, anyOf, exponential, startProcess, uniform } from "spindle";

const RANDOM_SEED = 42;
const NEW_CUSTOMERS = 5; // total number of customers
const INTERVAL_CUSTOMERS = 10.0; // mean time between arrivals
const MIN_PATIENCE = 1; // patience is uniform between these
const MAX_PATIENCE = 3;
const TIME_IN_BANK = 12.0; // mean service time

const f = (x: number, width: number, digits: number): string => x.toFixed(digits).padStart(width);

// #region source
/** Starts `count` customers, one every `interval` on average (exponential gaps). */
function* source(out: string[], count: number, interval: number, counter: Resource): Coroutine<void> {
  for (let i = 0; i < count; i++) {
    const name = `Customer${String(i).padStart(2, "0")}`;
    yield* startProcess(customer, out, name, counter, TIME_IN_BANK);
    yield* sleep(yield* exponential(interval));
  }
}
// #endregion source

// #region customer
/** Arrives, waits for the counter or until her patience runs out, is served, leaves. */
function* customer(out: string[], name: string, counter: Resource, timeInBank: number): Coroutine<void> {
  const arrive = yield* now();
  out.push(`${f(arrive, 7, 4)} ${name}: Here I am`);

  const req = counter.request(); // joins the queue now
  try {
    const patience = yield* uniform(MIN_PATIENCE, MAX_PATIENCE);
    // Wait for the counter, or give up at the end of her tether.
    const results = yield* anyOf([req, after(patience)]);
    const wait = (yield* now()) - arrive;

    if (results.has(req)) {
      out.push(`${f(yield* now(), 7, 4)} ${name}: Waited ${f(wait, 6, 3)}`);
      yield* sleep(yield* exponential(timeInBank));
      out.push(`${f(yield* now(), 7, 4)} ${name}: Finished`);
    } else {
      out.push(`${f(yield* now(), 7, 4)} ${name}: RENEGED after ${f(wait, 6, 3)}`);
    }
  } finally {
    counter.release(req); // frees the counter, or leaves the queue (SimPy's `with`)
  }
}
// #endregion customer

// #region main
export function main(seed = RANDOM_SEED): string[] {
  const out = ["Bank renege"];
  const sim = new Simulation({ seed });
  const counter = new Resource(1, { name: "counter", sim });
  sim.process(source, out, NEW_CUSTOMERS, INTERVAL_CUSTOMERS, counter);
  sim.run();
  const { wait, utilisation } = counter.stats();
  out.push(`(counter busy ${(100 * utilisation).toFixed(1)}% of the time; ${wait.count} served, mean wait ${wait.mean.toFixed(3)})`);
  return out;
}
// #endregion main

if (require.main === module) for (const line of main(process.argv[2] === undefined ? RANDOM_SEED : Number(process.argv[2]))) console.log(line);

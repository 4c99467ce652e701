/**
 * docs/node.md: a worker module for replicate(). A bank with a few tellers
 * (a semaphore) and customers arriving at random: each replication is one
 * spindle simulation on the virtual clock, a pure function of (input, seed).
 *
 * Worker threads load modules with Node's own loader, so
 * examples/node/replications.ts and test/node/replicate.test.ts first bundle
 * it (with the parts of spindle it uses) to one plain .mjs file with esbuild.
 */
import { now, random, run, semaphore, sleep, spawn } from "spindle";
import type { Coroutine, Semaphore, Task } from "spindle";

// #region model
export interface BankInput {
  customers: number;
  tellers: number;
  meanArrivalMs: number;
  meanServiceMs: number;
}

export interface BankResult {
  seed: number;
  served: number;
  meanWaitMs: number;
  maxWaitMs: number;
  closedAtMs: number;
}

/** An exponentially distributed delay, from the run's seeded generator. */
function* exponential(mean: number): Coroutine<number> {
  return -Math.log(1 - (yield* random())) * mean;
}

function* customer(tellers: Semaphore, input: BankInput, waits: number[]): Coroutine<void> {
  const arrived = yield* now();
  yield* tellers.acquire();
  try {
    waits.push((yield* now()) - arrived);
    yield* sleep(yield* exponential(input.meanServiceMs));
  } finally {
    tellers.release();
  }
}

function* bank(input: BankInput): Coroutine<number[]> {
  const tellers = semaphore(input.tellers, { name: "tellers" });
  const waits: number[] = [];
  const visits: Task<void>[] = [];
  for (let i = 0; i < input.customers; i++) {
    visits.push(yield* spawn(customer, tellers, input, waits));
    yield* sleep(yield* exponential(input.meanArrivalMs));
  }
  for (const visit of visits) yield* visit;
  return waits;
}

/** One replication: what a worker runs for each seed. */
export function work(input: BankInput, seed: number): BankResult {
  let closedAtMs = 0;
  const waits = run(function* () {
    const result = yield* bank(input);
    closedAtMs = yield* now();
    return result;
  }, { seed });
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    seed,
    served: waits.length,
    meanWaitMs: round(waits.reduce((a, b) => a + b, 0) / waits.length),
    maxWaitMs: round(Math.max(...waits)),
    closedAtMs: round(closedAtMs),
  };
}
// #endregion model

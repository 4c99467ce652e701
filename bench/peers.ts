/**
 * Workload 6: the published peers, Effection 4 and js-csp 1, on the
 * context-switch and spawn+join workloads (memory is in memory.ts; neither
 * peer has a virtual clock, so the timer workload does not apply).
 *
 * Both finish asynchronously (Effection's `run()` resolves a Promise, js-csp
 * delivers a process's result through a channel callback), so every case is a
 * deferred benchmark.js benchmark: the clock stops when the whole workload has
 * settled. One op is a whole workload, so the deferred bookkeeping is amortised.
 *
 * The cheapest "yield to the scheduler" of each:
 * - Effection 4 has no yieldNow. `sleep(0)` arms a real setTimeout (>= 1 ms in
 *   Node), which would time the OS timer rather than the library. Its cheapest
 *   round trip through its scheduler is an `action` that resolves at once:
 *   Effection's reducer requeues the coroutine behind the other ready ones
 *   (checked: 3 tasks interleave 0,1,2,0,1,2...), synchronously. That is the
 *   headline; `sleep(0)` with 1,000 tasks is shown for reference.
 * - js-csp: a process that yields a plain value (`yield null`) is rescheduled
 *   with `setImmediate`, its cheapest yield; `csp.timeout(0)` would add a
 *   channel and a setTimeout.
 */
import { action, run as effectionRun, sleep as effectionSleep, spawn as effectionSpawn } from "effection";
import type { Operation as EffectionOperation, Task as EffectionTask } from "effection";
import * as csp from "js-csp";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";

// ------------------------------------------------------------ Effection 4

const noop = (): void => {};
/** Created once and reused: an action's executor runs anew on every evaluation. */
const effectionYield: EffectionOperation<void> = action<void>((resolve) => {
  resolve();
  return noop;
});

function* effectionYielder(n: number): EffectionOperation<number> {
  for (let i = 0; i < n; i++) yield* effectionYield;
  return n;
}

function* effectionSleeper(n: number): EffectionOperation<number> {
  for (let i = 0; i < n; i++) yield* effectionSleep(0);
  return n;
}

function* effectionRoundRobin(body: (n: number) => EffectionOperation<number>, tasks: number, yields: number): EffectionOperation<number> {
  const spawned = new Array<EffectionTask<number>>(tasks);
  for (let i = 0; i < tasks; i++) spawned[i] = yield* effectionSpawn(() => body(yields));
  let sum = 0;
  for (let i = 0; i < tasks; i++) sum += yield* spawned[i] as EffectionTask<number>;
  return sum;
}

function* effectionChild(i: number): EffectionOperation<number> {
  return i;
}

function* effectionSpawnJoin(n: number): EffectionOperation<number> {
  const spawned = new Array<EffectionTask<number>>(n);
  // Effection's spawn takes an operation factory: one closure per child is its API.
  for (let i = 0; i < n; i++) spawned[i] = yield* effectionSpawn(() => effectionChild(i));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += yield* spawned[i] as EffectionTask<number>;
  return sum;
}

// ------------------------------------------------------------ js-csp 1

function* cspYielder(n: number): Generator<unknown, number, unknown> {
  for (let i = 0; i < n; i++) yield null;
  return n;
}

function* cspChild(i: number): Generator<unknown, number, unknown> {
  return i;
}

/** Takes every channel in order and sums the values (js-csp's join). */
function* cspJoinAll(channels: csp.Channel[]): Generator<unknown, number, unknown> {
  let sum = 0;
  for (const ch of channels) sum += (yield csp.take(ch)) as number;
  return sum;
}

function* cspSpawnJoin(n: number): Generator<unknown, number, unknown> {
  const channels = new Array<csp.Channel>(n);
  for (let i = 0; i < n; i++) channels[i] = csp.go(cspChild, [i]);
  return yield* cspJoinAll(channels);
}

/** Runs a js-csp process and resolves with its return value. */
function cspResult(ch: csp.Channel): Promise<number> {
  return new Promise((resolve) => csp.takeAsync(ch, (value) => resolve(value as number)));
}

function cspRoundRobin(tasks: number, yields: number): Promise<number> {
  const channels = new Array<csp.Channel>(tasks);
  for (let i = 0; i < tasks; i++) channels[i] = csp.go(cspYielder, [yields]);
  return cspResult(csp.go(cspJoinAll, [channels]));
}

export function peerCases(s: Sizes): Case[] {
  const n = s.switchSingle;
  const T = s.rrTasks;
  const Y = s.rrYields;
  const rr = T * Y;
  const effSp = s.effectionSpawnTasks;
  const cspSp = s.cspSpawnTasks;
  const sleepT = s.peerSleepTasks;
  const sleepY = s.peerSleepYields;
  return [
    { id: "peers.switch.single.effection", name: "1a Effection 4, yield* action (sync resolve)", subject: "effection", unit: "switch", units: n, expect: n, runAsync: () => effectionRun(() => effectionYielder(n)) },
    { id: "peers.switch.single.js-csp", name: "1a js-csp 1, yield null", subject: "js-csp", unit: "switch", units: n, expect: n, runAsync: () => cspResult(csp.go(cspYielder, [n])) },
    { id: "peers.switch.rr.effection", name: `1b Effection 4, ${T} tasks, yield* action`, subject: "effection", unit: "switch", units: rr, expect: rr, runAsync: () => effectionRun(() => effectionRoundRobin(effectionYielder, T, Y)) },
    { id: "peers.switch.rr.js-csp", name: `1b js-csp 1, ${T} processes, yield null`, subject: "js-csp", unit: "switch", units: rr, expect: rr, runAsync: () => cspRoundRobin(T, Y) },
    {
      id: "peers.switch.rr.effection-sleep0",
      name: `1b Effection 4, ${sleepT} tasks, yield* sleep(0)`,
      subject: "effection",
      unit: "switch",
      units: sleepT * sleepY,
      expect: sleepT * sleepY,
      runAsync: () => effectionRun(() => effectionRoundRobin(effectionSleeper, sleepT, sleepY)),
    },
    { id: "peers.spawn.effection", name: `3 Effection 4 spawn+join ${effSp}`, subject: "effection", unit: "task", units: effSp, expect: (effSp * (effSp - 1)) / 2, runAsync: () => effectionRun(() => effectionSpawnJoin(effSp)) },
    { id: "peers.spawn.js-csp", name: `3 js-csp 1 go+take ${cspSp}`, subject: "js-csp", unit: "task", units: cspSp, expect: (cspSp * (cspSp - 1)) / 2, runAsync: () => cspResult(csp.go(cspSpawnJoin, [cspSp])) },
  ];
}

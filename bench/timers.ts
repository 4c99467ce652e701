/**
 * Workload 4: timers on the virtual clock.
 *
 * (a) N tasks each `yield sleep(d)` once, d an integer in [0, 1,000,000) ms
 *     from a seeded PRNG, started from a `scope` inside `run()` (so `run`
 *     returns once they have all woken). All N timers are in the heap at once,
 *     then fire in (deadline, arming) order. The bare side pushes the same N
 *     deadlines into a bare binary heap and pops them all. Spindle's side also
 *     creates, runs and finishes N tasks: that is the price of a timer *for a
 *     task*, and the comparison says so rather than hiding it.
 * (b) 1,000 long-lived tasks each sleep 1,000 times (durations in [1, 1000)
 *     ms, seeded): the same number of timers, but a heap of ~1,000 entries,
 *     which is how a simulation with many repeating clients looks. The bare
 *     side re-arms one entry per owner with the same durations.
 */
import type { Coroutine, TaskGroup } from "../src/index.js";
import { bareHeapPushPopAll, bareHeapSteady, numberHeapPushPopAll, randomDurations } from "./baselines.js";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { spindle } from "./spindle.js";

const { VirtualHost, run, scope, sleep } = spindle;

function* sleeper(ms: number): Coroutine<void> {
  yield sleep(ms);
}

function* sleepAll(deadlines: Float64Array): Coroutine<number> {
  yield* scope(function* (group: TaskGroup): Coroutine<void> {
    for (let i = 0; i < deadlines.length; i++) yield group.spawn(sleeper, deadlines[i] as number);
  });
  let sum = 0;
  for (let i = 0; i < deadlines.length; i++) sum += deadlines[i] as number;
  return sum;
}

/** Sleeps `sleeps` times with durations[offset..]; returns the last wake-up time. */
function* repeatSleeper(durations: Float64Array, offset: number, sleeps: number): Coroutine<void> {
  for (let k = 0; k < sleeps; k++) yield sleep(durations[offset + k] as number);
}

function spindleSteady(durations: Float64Array, tasks: number, sleeps: number): number {
  const host = new VirtualHost();
  for (let t = 0; t < tasks; t++) host.spawn(repeatSleeper, durations, t * sleeps, sleeps);
  host.run();
  return host.now;
}

export function timerCases(s: Sizes): Case[] {
  const n = s.timerTasks;
  const deadlines = randomDurations(n, 0, 1_000_000, 42);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += deadlines[i] as number;

  const T = s.steadyTasks;
  const K = s.steadySleeps;
  const durations = randomDurations(T * K, 1, 1000, 7);
  const lastWake = bareHeapSteady(durations, T, K);

  return [
    // One run of 4(a) takes seconds (1M objects in a heap is memory-bound): one sample per round.
    { id: "timers.once.bare-heap", name: `4a bare heap {deadline,seq}: push ${n}, pop all`, subject: "bare", unit: "timer", units: n, expect: sum, minSamples: 1, run: () => bareHeapPushPopAll(deadlines) },
    { id: "timers.once.number-heap", name: `4a bare heap of numbers: push ${n}, pop all`, subject: "bare", unit: "timer", units: n, expect: sum, minSamples: 1, run: () => numberHeapPushPopAll(deadlines) },
    { id: "timers.once.spindle", name: `4a spindle, ${n} tasks x 1 sleep, run()`, subject: "spindle", unit: "timer", units: n, expect: sum, minSamples: 1, run: () => run(() => sleepAll(deadlines)) },
    { id: "timers.steady.bare-heap", name: `4b bare heap, ${T} owners x ${K} re-arms`, subject: "bare", unit: "timer", units: T * K, expect: lastWake, run: () => bareHeapSteady(durations, T, K) },
    { id: "timers.steady.spindle", name: `4b spindle, ${T} tasks x ${K} sleeps`, subject: "spindle", unit: "timer", units: T * K, expect: lastWake, run: () => spindleSteady(durations, T, K) },
  ];
}

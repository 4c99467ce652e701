/**
 * Workload 3: spawn+join of many short tasks. A main task spawns N children
 * with `spawn(child, i)` (each returns at once), then joins every one and
 * sums the results. The native equivalent is N async functions that return
 * at once, awaited with `Promise.all`.
 */
import type { Coroutine, Task } from "../src/index.js";
import { minimalSpawnJoin, promiseAllSpawnJoin } from "./baselines.js";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { spindle } from "./spindle.js";

const { run, spawn } = spindle;

function* child(i: number): Coroutine<number> {
  return i;
}

/** The idiomatic (typed) form: `yield* spawn(...)` and `yield* task`. */
function* spawnJoinTyped(n: number): Coroutine<number> {
  const tasks = new Array<Task<number>>(n);
  for (let i = 0; i < n; i++) tasks[i] = yield* spawn(child, i);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += yield* tasks[i] as Task<number>;
  return sum;
}

/** The spawn in direct form (`yield spawn(...)`, the Task read from the yield's value); the join needs `yield*`. */
function* spawnJoinDirect(n: number): Coroutine<number> {
  const tasks = new Array<Task<number>>(n);
  for (let i = 0; i < n; i++) tasks[i] = (yield spawn(child, i)) as Task<number>;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += yield* tasks[i] as Task<number>;
  return sum;
}

export function spawnCases(s: Sizes): Case[] {
  const n = s.spawnTasks;
  const sum = (n * (n - 1)) / 2;
  return [
    { id: "spawn.spindle.typed", name: `3 spindle spawn+join ${n} (yield* spawn)`, subject: "spindle", unit: "task", units: n, expect: sum, run: () => run(() => spawnJoinTyped(n)) },
    { id: "spawn.spindle.direct", name: `3 spindle spawn+join ${n} (yield spawn)`, subject: "spindle", unit: "task", units: n, expect: sum, run: () => run(() => spawnJoinDirect(n)) },
    { id: "spawn.minimal", name: `3 reference: minimal batched scheduler, 3-field record`, subject: "bare", unit: "task", units: n, expect: sum, run: () => minimalSpawnJoin(n, 3) },
    { id: "spawn.minimal16", name: `3 reference: the same with a 16-field record`, subject: "bare", unit: "task", units: n, expect: sum, run: () => minimalSpawnJoin(n, 16) },
    { id: "spawn.promise-all", name: `3 Promise.all over ${n} async fns`, subject: "native", unit: "task", units: n, expect: sum, runAsync: () => promiseAllSpawnJoin(n) },
  ];
}

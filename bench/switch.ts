/**
 * Workloads 1 and 2: context switch.
 *
 * A switch is one resume of a task that yielded `yieldNow()`: spindle puts it
 * back on the ready queue and resumes the next ready task. (a) is one task
 * switching with itself, (b) is 1,000 tasks taking turns.
 *
 * Every side runs the same coroutine (`directYielder` / `typedYielder` from
 * baselines.ts); spindle drives it through a VirtualHost, the bare loop with
 * `.next()`. Native async/await does the same with `await null`.
 */
import type { Coroutine, Task } from "../src/index.js";
import {
  asyncRoundRobin,
  asyncYielder,
  delegationWorks,
  directYielder,
  driveOne,
  driveOneDelegated,
  driveRoundRobin,
  driveRoundRobinDelegated,
  minimalKernel,
  typedYielder,
} from "./baselines.js";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { spindle } from "./spindle.js";

const { VirtualHost } = spindle;

/** Runs `tasks` copies of `body(yields)` as top-level tasks of a fresh virtual host; returns the sum of their results. */
function spindleRun(body: (n: number) => Coroutine<number>, tasks: number, yields: number): number {
  const host = new VirtualHost();
  const spawned = new Array<Task<number>>(tasks);
  for (let i = 0; i < tasks; i++) spawned[i] = host.spawn(body, yields);
  host.run();
  let sum = 0;
  for (let i = 0; i < tasks; i++) sum += (spawned[i] as Task<number>).value;
  return sum;
}

function bareRoundRobin(body: (n: number) => Coroutine<number>, tasks: number, yields: number, delegated: boolean): number {
  const gens = new Array<Coroutine<number> | null>(tasks);
  for (let i = 0; i < tasks; i++) gens[i] = body(yields);
  return delegated ? driveRoundRobinDelegated(gens) : driveRoundRobin(gens);
}

function minimalRoundRobin(tasks: number, yields: number): number {
  const gens = new Array<Coroutine<number>>(tasks);
  for (let i = 0; i < tasks; i++) gens[i] = directYielder(yields);
  return minimalKernel(gens);
}

export function switchCases(s: Sizes): Case[] {
  if (!delegationWorks()) throw new Error("the yield* delegation protocol does not behave as instruction.ts describes");
  const n = s.switchSingle;
  const rr = s.rrTasks * s.rrYields;
  const T = s.rrTasks;
  const Y = s.rrYields;
  return [
    // 1(a) one task, direct form
    { id: "switch.single.direct.bare", name: "1a bare .next() loop, yield op", subject: "bare", unit: "switch", units: n, expect: n, run: () => driveOne(directYielder(n)) },
    { id: "switch.single.direct.spindle", name: "1a spindle, yield yieldNow()", subject: "spindle", unit: "switch", units: n, expect: n, run: () => spindleRun(directYielder, 1, n) },
    { id: "switch.single.async", name: "1a async fn, await null", subject: "native", unit: "switch", units: n, expect: n, runAsync: () => asyncYielder(n) },
    { id: "switch.single.direct.minimal", name: "1a reference: minimal ring-queue kernel", subject: "bare", unit: "switch", units: n, expect: n, run: () => minimalKernel([directYielder(n)]) },
    // 1(b) 1,000 tasks round-robin, direct form
    { id: "switch.rr.direct.bare", name: `1b bare round-robin over ${T} generators`, subject: "bare", unit: "switch", units: rr, expect: rr, run: () => bareRoundRobin(directYielder, T, Y, false) },
    { id: "switch.rr.direct.spindle", name: `1b spindle, ${T} tasks, yield yieldNow()`, subject: "spindle", unit: "switch", units: rr, expect: rr, run: () => spindleRun(directYielder, T, Y) },
    { id: "switch.rr.async", name: `1b ${T} async fns, await null`, subject: "native", unit: "switch", units: rr, expect: rr, runAsync: () => asyncRoundRobin(T, Y) },
    { id: "switch.rr.direct.minimal", name: `1b reference: minimal ring-queue kernel, ${T} generators`, subject: "bare", unit: "switch", units: rr, expect: rr, run: () => minimalRoundRobin(T, Y) },
    // 2(a) one task, typed form
    { id: "switch.single.typed.bare", name: "2a bare .next() loop, yield* op", subject: "bare", unit: "switch", units: n, expect: n, run: () => driveOneDelegated(typedYielder(n)) },
    { id: "switch.single.typed.spindle", name: "2a spindle, yield* yieldNow()", subject: "spindle", unit: "switch", units: n, expect: n, run: () => spindleRun(typedYielder, 1, n) },
    // 2(b) 1,000 tasks round-robin, typed form
    { id: "switch.rr.typed.bare", name: `2b bare round-robin over ${T} generators, yield* op`, subject: "bare", unit: "switch", units: rr, expect: rr, run: () => bareRoundRobin(typedYielder, T, Y, true) },
    { id: "switch.rr.typed.spindle", name: `2b spindle, ${T} tasks, yield* yieldNow()`, subject: "spindle", unit: "switch", units: rr, expect: rr, run: () => spindleRun(typedYielder, T, Y) },
  ];
}

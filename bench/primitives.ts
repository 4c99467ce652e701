/**
 * Workload 7: the waiting primitives when nobody has to wait. One task runs
 * `n` uncontended operations in the typed form (`yield*`): a semaphore
 * acquire+release pair, a mutex lock+unlock pair, a wait on an event that is
 * already set. Each completes inside the instruction's own next() (the
 * generic fast path of the one blocking shape), and every 64 completions
 * in a row the task goes back to the queue (the inline budget), as it would
 * in a real program.
 *
 * They run in a process of their own (group "primitives"), paired round by
 * round with a typed context switch measured there (the same loop as 2a),
 * which is what the targets compare them with. Not in the switch group's
 * process: the primitives' instructions would make the kernel's call sites
 * polymorphic there and change what 1 and 2 measure.
 */
import type { Coroutine } from "../src/index.js";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { spindle } from "./spindle.js";

const { VirtualHost, event, mutex, semaphore, yieldNow } = spindle;

function runOne(body: () => Coroutine<number>): number {
  const host = new VirtualHost();
  const task = host.spawn(body);
  host.run();
  return task.value;
}

function typedSwitches(n: number): number {
  return runOne(function* () {
    let done = 0;
    for (let i = 0; i < n; i++) {
      yield* yieldNow();
      done++;
    }
    return done;
  });
}

function semaphorePairs(n: number): number {
  const sem = semaphore(1);
  return runOne(function* () {
    let done = 0;
    for (let i = 0; i < n; i++) {
      yield* sem.acquire();
      sem.release();
      done++;
    }
    return done;
  });
}

function mutexPairs(n: number): number {
  const lock = mutex();
  return runOne(function* () {
    let done = 0;
    for (let i = 0; i < n; i++) {
      yield* lock.lock();
      lock.unlock();
      done++;
    }
    return done;
  });
}

function setEventWaits(n: number): number {
  const ready = event();
  ready.set();
  return runOne(function* () {
    let done = 0;
    for (let i = 0; i < n; i++) {
      yield* ready.wait();
      done++;
    }
    return done;
  });
}

export function primitiveCases(s: Sizes): Case[] {
  const n = s.switchSingle;
  return [
    { id: "prims.switch.typed", name: "7 spindle typed switch, yield* yieldNow() (as 2a, in this process)", subject: "spindle", unit: "switch", units: n, expect: n, run: () => typedSwitches(n) },
    { id: "prims.semaphore.spindle", name: "7a spindle semaphore acquire+release, yield*", subject: "spindle", unit: "pair", units: n, expect: n, run: () => semaphorePairs(n) },
    { id: "prims.mutex.spindle", name: "7b spindle mutex lock+unlock, yield*", subject: "spindle", unit: "pair", units: n, expect: n, run: () => mutexPairs(n) },
    { id: "prims.event.spindle", name: "7c spindle wait on a set event, yield*", subject: "spindle", unit: "wait", units: n, expect: n, run: () => setEventWaits(n) },
  ];
}

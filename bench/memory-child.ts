/**
 * One memory measurement, in a fresh process started by memory.ts with
 * `node --expose-gc --import tsx bench/memory-child.ts <subject> <n>`.
 *
 * It blocks n tasks of one kind, forever, and reports the growth of the V8
 * heap (`process.memoryUsage().heapUsed`, after full collections) divided by
 * n, as one JSON line on stdout. Everything that is not per task (modules,
 * the host, compiled code) is created before the first reading: a small
 * warm-up round of the same subject runs and is dropped first.
 */
import { run as effectionRun, spawn as effectionSpawn, suspend as effectionSuspend } from "effection";
import type { Operation as EffectionOperation } from "effection";
import * as csp from "js-csp";
import type { Coroutine } from "../src/index.js";
import { spindle } from "./spindle.js";

const { VirtualHost, spawn, suspend } = spindle;

/** Blocks n tasks; returns what must stay reachable and a check that they really are blocked. */
type Subject = (n: number) => Promise<{ keep: unknown; check: () => string | null }>;

function* blockedDirect(): Coroutine<void> {
  yield suspend();
}

function* blockedTyped(): Coroutine<void> {
  yield* suspend();
}

function* parentOf(n: number): Coroutine<void> {
  for (let i = 0; i < n; i++) yield spawn(blockedDirect);
  yield suspend();
}

function spindleRoots(body: () => Coroutine<void>): Subject {
  return async (n) => {
    const host = new VirtualHost();
    for (let i = 0; i < n; i++) host.spawn(body);
    host.runUntil(0);
    const s = host.scheduler;
    return { keep: host, check: () => (s.liveTasks === n && s.readyCount === 0 ? null : `live ${s.liveTasks}, ready ${s.readyCount}`) };
  };
}

/** Never resolves; kept reachable, so everything awaiting it stays alive (as a blocked task does). */
const never = new Promise<void>(() => {});
async function asyncBlocked(): Promise<void> {
  await never;
}

function* bareBlocked(): Generator<number, void, unknown> {
  yield 0;
}

let effectionStarted = 0;
function* effectionBlocked(): EffectionOperation<void> {
  effectionStarted++;
  yield* effectionSuspend();
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const subjects: Record<string, Subject> = {
  // spindle: top-level tasks of a VirtualHost, `yield suspend()` (the brief's setup)
  "spindle.roots.direct": spindleRoots(blockedDirect),
  // the same, typed form `yield* suspend()`
  "spindle.roots.typed": spindleRoots(blockedTyped),
  // children of one task (the usual shape in a program: no root set, an intrusive child list)
  "spindle.children": async (n) => {
    const host = new VirtualHost();
    host.spawn(parentOf, n);
    host.runUntil(0);
    const s = host.scheduler;
    return { keep: host, check: () => (s.liveTasks === n + 1 && s.readyCount === 0 ? null : `live ${s.liveTasks}, ready ${s.readyCount}`) };
  },
  // n async functions awaiting one never-resolving promise (no .then on their results: that would add a promise each)
  async: async (n) => {
    for (let i = 0; i < n; i++) void asyncBlocked();
    await tick();
    return { keep: never, check: () => null };
  },
  "bare-generator": async (n) => {
    const gens = new Array<Generator<number, void, unknown>>(n);
    for (let i = 0; i < n; i++) {
      const gen = bareBlocked();
      gen.next();
      gens[i] = gen;
    }
    return { keep: gens, check: () => null };
  },
  // Effection 4: children of one task, each `yield* suspend()` (one shared generator function, no closure per task)
  effection: async (n) => {
    const startedBefore = effectionStarted;
    const task = effectionRun(function* (): EffectionOperation<void> {
      for (let i = 0; i < n; i++) yield* effectionSpawn(effectionBlocked);
      yield* effectionSuspend();
    });
    task.catch(() => {});
    await tick();
    return { keep: task, check: () => (effectionStarted - startedBefore === n ? null : `${effectionStarted - startedBefore} of ${n} started`) };
  },
  // js-csp 1: processes blocked taking from channels nobody writes to. js-csp
  // allows at most 1,024 pending takes per channel, so one channel per 1,000.
  "js-csp": async (n) => {
    const channels: csp.Channel[] = [];
    let started = 0;
    function* blocked(c: csp.Channel): Generator<unknown, void, unknown> {
      started++;
      yield csp.take(c);
    }
    for (let i = 0; i < n; i++) {
      if (i % 1000 === 0) channels.push(csp.chan());
      csp.go(blocked, [channels[channels.length - 1] as csp.Channel]);
    }
    await tick();
    return { keep: channels, check: () => (started === n ? null : `${started} of ${n} started`) };
  },
};

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("memory-child needs node --expose-gc");
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const [name, count] = process.argv.slice(2);
  const subject = subjects[name ?? ""];
  const n = Number(count);
  if (subject === undefined || !(n > 0)) throw new Error(`usage: memory-child <${Object.keys(subjects).join("|")}> <n>`);

  // Warm-up: compiles the code paths and creates lazily-built shared state; then dropped.
  await subject(Math.min(1000, n));
  await tick();

  const before = heapAfterGc();
  const held = await subject(n);
  const after = heapAfterGc();
  const problem = held.check();
  if (problem !== null) throw new Error(`${name}: the tasks are not all blocked (${problem})`);
  process.stdout.write(`${JSON.stringify({ subject: name, n, bytesPerTask: (after - before) / n, heapBefore: before, heapAfter: after })}\n`);
  // Keep everything reachable until the reading is taken.
  if (held.keep === undefined) process.stdout.write("\n");
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * Bytes per blocked task, one probe in a fresh process started by gc/run.ts:
 *
 *   node --expose-gc --import tsx bench/gc/memory-child.ts --probe=P [--runs=N] [--smoke]
 *
 * Each run blocks n tasks of one kind and keeps their handles (as a program
 * that will join or cancel them does), then reads heapUsed after full
 * collections: (after - before) / n. The tasks are dropped before the next
 * run. A warm-up run at a small size first creates the lazily built shared
 * state (modules, compiled code, the host's first queues). Prints one JSON
 * line (MemorySample) on stdout.
 *
 * Probes:
 * - spindle.event / spindle.semaphore: top-level tasks of a VirtualHost each
 *   blocked in `yield* ev.wait()` / `yield* sem.acquire()` (no permits), the
 *   Task handles kept in an array;
 * - async: async functions each awaiting one pending Promise, the returned
 *   promises kept in an array (the native handle);
 * - bare: generators suspended at a `yield`, kept in an array.
 */
import type { Coroutine, Event, Semaphore, Task } from "../../src/index.js";
import { option, readOptions } from "./options.js";
import { fullGc } from "./timing.js";

export interface MemorySample {
  probe: string;
  tasks: number;
  bytesPerTask: number[];
}

/** Blocks n tasks; returns what must stay reachable, and a check that they really are blocked. */
type Probe = (n: number) => Promise<{ keep: unknown; check: () => string | null }>;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Loaded only by the spindle probes, so that the native and bare processes never load spindle. */
async function spindleProbe(kind: "event" | "semaphore"): Promise<Probe> {
  const { spindle } = await import("../spindle.js");
  const { VirtualHost, event, semaphore } = spindle;
  function* onEvent(ev: Event): Coroutine<void> {
    yield* ev.wait();
  }
  function* onSemaphore(sem: Semaphore): Coroutine<void> {
    yield* sem.acquire();
  }
  return async (n) => {
    const host = new VirtualHost();
    const handles = new Array<Task<void>>(n);
    if (kind === "event") {
      const ev = event();
      for (let i = 0; i < n; i++) handles[i] = host.spawn(onEvent, ev);
    } else {
      const sem = semaphore(0);
      for (let i = 0; i < n; i++) handles[i] = host.spawn(onSemaphore, sem);
    }
    host.runUntil(0);
    const s = host.scheduler;
    return { keep: [host, handles], check: () => (s.liveTasks === n && s.readyCount === 0 ? null : `live ${s.liveTasks}, ready ${s.readyCount}`) };
  };
}

async function waitOn(p: Promise<void>): Promise<void> {
  await p;
}

const asyncProbe: Probe = async (n) => {
  // One pending promise per run, kept reachable with the handles, as an event's waiters would be.
  let started = 0;
  const pending = new Promise<void>(() => {});
  const handles = new Array<Promise<void>>(n);
  for (let i = 0; i < n; i++) {
    handles[i] = waitOn(pending);
    started++;
  }
  await tick();
  return { keep: [pending, handles], check: () => (started === n ? null : `${started} of ${n} started`) };
};

function* bareBlocked(): Generator<number, void, unknown> {
  yield 0;
}

const bareProbe: Probe = async (n) => {
  const gens = new Array<Generator<number, void, unknown>>(n);
  for (let i = 0; i < n; i++) {
    const gen = bareBlocked();
    gen.next();
    gens[i] = gen;
  }
  return { keep: gens, check: () => null };
};

async function probeNamed(name: string): Promise<Probe> {
  if (name === "spindle.event") return spindleProbe("event");
  if (name === "spindle.semaphore") return spindleProbe("semaphore");
  if (name === "async") return asyncProbe;
  if (name === "bare") return bareProbe;
  throw new Error(`unknown probe "${name}"; probes: spindle.event, spindle.semaphore, async, bare`);
}

function heapAfterGc(): number {
  // Several passes: objects freed by one pass (weak cells, finalizable) go in the next.
  for (let i = 0; i < 4; i++) fullGc();
  return process.memoryUsage().heapUsed;
}

/** One reading; the tasks become unreachable when it returns. */
async function measureOnce(name: string, probe: Probe, n: number): Promise<number> {
  const before = heapAfterGc();
  const held = await probe(n);
  const after = heapAfterGc();
  const problem = held.check();
  if (problem !== null) throw new Error(`${name}: the tasks are not all blocked (${problem})`);
  // Read held.keep after the reading, so nothing it holds can be collected before it.
  if (held.keep === undefined) throw new Error(`${name}: the probe kept nothing`);
  return (after - before) / n;
}

async function main(): Promise<void> {
  const options = readOptions();
  const name = option("probe");
  if (name === undefined) throw new Error("usage: memory-child --probe=P [--runs=N] [--smoke]");
  const probe = await probeNamed(name);
  const n = options.sizes.memoryTasks;

  await probe(Math.min(1000, n)); // warm-up, dropped
  await tick();
  const bytesPerTask: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    bytesPerTask.push(await measureOnce(name, probe, n));
    await tick(); // this run's tasks are unreachable now; let pending callbacks finish before the next reading
  }
  const sample: MemorySample = { probe: name, tasks: n, bytesPerTask };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * The baselines spindle is compared with, measured in the same run:
 * - bare drivers: the least code that can resume generators (`.next()` in a
 *   loop), i.e. the physical limit of a generator-based scheduler in V8;
 * - native async/await, and `Promise.all`;
 * - a bare binary heap of timer deadlines.
 *
 * The generator functions below are driven both by spindle and by the bare
 * drivers, so the two sides run exactly the same coroutine code and yield the
 * same instruction objects; only the driver differs.
 */
import type { Coroutine } from "../src/index.js";
import { instruction, spindle } from "./spindle.js";

const { yieldNow } = spindle;
const { DELEGATED, KIND_YIELD, kindOf, protocol } = instruction;

// ------------------------------------------------------------ coroutines

/** Yields the `yieldNow()` singleton `n` times, plain `yield` (direct form). */
export function* directYielder(n: number): Coroutine<number> {
  for (let i = 0; i < n; i++) yield yieldNow();
  return n;
}

/** The same with `yield*` (typed form): each step enters and leaves the instruction's iterator. */
export function* typedYielder(n: number): Coroutine<number> {
  for (let i = 0; i < n; i++) yield* yieldNow();
  return n;
}

// ------------------------------------------------------------ bare drivers

/** Resumes one generator until it ends. */
export function driveOne(gen: Coroutine<number>): number {
  let r = gen.next();
  while (r.done !== true) r = gen.next();
  return r.value;
}

/** Resumes each generator once per round, in array order, until all have ended. */
export function driveRoundRobin(gens: (Coroutine<number> | null)[]): number {
  let live = gens.length;
  let sum = 0;
  while (live > 0) {
    for (let i = 0; i < gens.length; i++) {
      const gen = gens[i];
      if (gen === null || gen === undefined) continue;
      const r = gen.next();
      if (r.done === true) {
        sum += r.value;
        gens[i] = null;
        live--;
      }
    }
  }
  return sum;
}

/**
 * Like driveOne, for generators suspended inside `yield* instruction`: before
 * every resume after the first, set `protocol.resumingDelegated` exactly as
 * the kernel does (see src/kernel/instruction.ts), so that the instruction's
 * `next()` completes the delegation instead of entering it again.
 */
export function driveOneDelegated(gen: Coroutine<number>): number {
  let r = gen.next();
  while (r.done !== true) {
    protocol.resumingDelegated = true;
    r = gen.next();
  }
  return r.value;
}

/** Round-robin version of driveOneDelegated. */
export function driveRoundRobinDelegated(gens: (Coroutine<number> | null)[]): number {
  let live = gens.length;
  let sum = 0;
  // First round: start every generator (nothing to complete yet, so no flag).
  for (let i = 0; i < gens.length; i++) {
    const r = (gens[i] as Coroutine<number>).next();
    if (r.done === true) {
      sum += r.value;
      gens[i] = null;
      live--;
    }
  }
  while (live > 0) {
    for (let i = 0; i < gens.length; i++) {
      const gen = gens[i];
      if (gen === null || gen === undefined) continue;
      protocol.resumingDelegated = true;
      const r = gen.next();
      if (r.done === true) {
        sum += r.value;
        gens[i] = null;
        live--;
      }
    }
  }
  return sum;
}

/**
 * Reference, not a target baseline: the least a scheduler with a ready queue
 * must do per switch. Take the next generator off a ring buffer, resume it,
 * look at the kind of instruction it yielded, queue it again. No task
 * object, no states or flags, no error handling, no cancellation. It shows
 * how much of the gap to the bare loop is the queue itself.
 */
export function minimalKernel(gens: readonly Coroutine<number>[]): number {
  let capacity = 1;
  while (capacity < gens.length + 1) capacity <<= 1;
  const mask = capacity - 1;
  const ring = new Array<Coroutine<number> | undefined>(capacity).fill(undefined);
  let head = 0;
  let length = 0;
  for (const gen of gens) ring[length++] = gen;
  let sum = 0;
  while (length > 0) {
    const gen = ring[head] as Coroutine<number>;
    ring[head] = undefined;
    head = (head + 1) & mask;
    length--;
    const r = gen.next();
    if (r.done === true) {
      sum += r.value;
      continue;
    }
    if (kindOf(r.value) !== KIND_YIELD) throw new Error("minimalKernel only knows yieldNow()");
    ring[(head + length) & mask] = gen;
    length++;
  }
  return sum;
}

/** A sanity check the drivers rely on: `yield*` into an instruction hands DELEGATED through unchanged. */
export function delegationWorks(): boolean {
  const gen = typedYielder(1);
  const first = gen.next();
  protocol.resumingDelegated = true;
  const second = gen.next();
  return first === DELEGATED && second.done === true && !protocol.resumingDelegated;
}

// ------------------------------------------------------------ native async/await

/** `await null` n times: one microtask hop per await, the cheapest native "yield". */
export async function asyncYielder(n: number): Promise<number> {
  for (let i = 0; i < n; i++) await null;
  return n;
}

/** n async functions interleaved by the microtask queue (round-robin), awaited with Promise.all. */
export async function asyncRoundRobin(tasks: number, yields: number): Promise<number> {
  const all = new Array<Promise<number>>(tasks);
  for (let i = 0; i < tasks; i++) all[i] = asyncYielder(yields);
  const results = await Promise.all(all);
  let sum = 0;
  for (const r of results) sum += r;
  return sum;
}

/** An async function that returns at once. */
export async function asyncChild(i: number): Promise<number> {
  return i;
}

/** Starts n async functions that return at once and awaits them all: the native spawn+join. */
export async function promiseAllSpawnJoin(n: number): Promise<number> {
  const all = new Array<Promise<number>>(n);
  for (let i = 0; i < n; i++) all[i] = asyncChild(i);
  const results = await Promise.all(all);
  let sum = 0;
  for (const r of results) sum += r;
  return sum;
}

/**
 * Reference, not a target baseline: the least a generator scheduler must do
 * for spawn+join. Each child gets a small record (its generator, state and
 * result) kept until it is joined; children run in batches of 64, as
 * spindle's parent runs 64 spawns before it yields (INLINE_LIMIT), so their
 * generators die young; the join reads the result. No task tree, no
 * cancellation, no error handling, no instruction objects. `fields` pads the
 * record to a given number of fields, to show what a task's size costs when
 * 100,000 of them are kept alive.
 */
export function minimalSpawnJoin(n: number, fields: 3 | 16): number {
  const records = new Array<MinimalRecord>(n);
  const batch: MinimalRecord[] = [];
  for (let i = 0; i < n; i++) {
    const record = fields === 3 ? new MinimalRecord(childGenerator(i)) : new PaddedRecord(childGenerator(i));
    records[i] = record;
    batch.push(record);
    if (batch.length === 64 || i === n - 1) {
      for (const r of batch) {
        const step = (r.gen as Generator<never, number>).next();
        r.result = step.value as number;
        r.gen = null;
        r.state = 3;
      }
      batch.length = 0;
    }
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (records[i] as MinimalRecord).result;
  return sum;
}

function* childGenerator(i: number): Generator<never, number> {
  return i;
}

class MinimalRecord {
  state = 0;
  result = 0;
  constructor(public gen: Generator<never, number> | null) {}
}

/** A MinimalRecord with 13 more fields: 16 in all, as many as spindle's Task. */
class PaddedRecord extends MinimalRecord {
  a = null;
  b = null;
  c = null;
  d = null;
  e = null;
  f = null;
  g = null;
  h = null;
  i = 0;
  j = 0;
  k = 0;
  l = null;
  m = null;
}

// ------------------------------------------------------------ bare binary heap

/** A heap entry keyed like spindle's timers: (deadline, seq), so equal deadlines stay FIFO. */
export interface HeapEntry {
  deadline: number;
  seq: number;
  /** Free for the caller (the steady-state workload stores a task index). */
  owner: number;
}

/** A minimal array binary min-heap of entries ordered by (deadline, seq). */
export class BareHeap {
  private readonly items: HeapEntry[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(entry: HeapEntry, deadline: number): void {
    entry.deadline = deadline;
    entry.seq = this.nextSeq++;
    const items = this.items;
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as HeapEntry;
      if (!before(entry, parent)) break;
      items[i] = parent;
      i = p;
    }
    items[i] = entry;
  }

  /** Precondition: size > 0. */
  pop(): HeapEntry {
    const items = this.items;
    const top = items[0] as HeapEntry;
    const last = items.pop() as HeapEntry;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(items[c + 1] as HeapEntry, items[c] as HeapEntry)) c++;
        const child = items[c] as HeapEntry;
        if (!before(child, last)) break;
        items[i] = child;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/** A minimal binary min-heap of plain numbers (no FIFO tie-break): the very floor, for reference. */
export class NumberHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as number;
      if (parent <= value) break;
      items[i] = parent;
      i = p;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items.pop() as number;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (items[c + 1] as number) < (items[c] as number)) c++;
        const child = items[c] as number;
        if (child >= last) break;
        items[i] = child;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

/** 4(a), bare: push every deadline, then pop them all in order (as the timers fire). Returns the sum, checked by the harness. */
export function bareHeapPushPopAll(deadlines: Float64Array): number {
  const heap = new BareHeap();
  for (let i = 0; i < deadlines.length; i++) heap.push({ deadline: 0, seq: 0, owner: i }, deadlines[i] as number);
  let sum = 0;
  while (heap.size > 0) sum += heap.pop().deadline;
  return sum;
}

/** 4(a), the number-only floor. */
export function numberHeapPushPopAll(deadlines: Float64Array): number {
  const heap = new NumberHeap();
  for (let i = 0; i < deadlines.length; i++) heap.push(deadlines[i] as number);
  let sum = 0;
  while (heap.size > 0) sum += heap.pop();
  return sum;
}

/**
 * 4(b), bare: `tasks` owners each re-arm `sleeps` times with the durations
 * spindle's tasks use; the heap holds one entry per owner, as spindle's does.
 * The popped entry is reused (the leanest a hand-written loop can be).
 * Returns the last firing time.
 */
export function bareHeapSteady(durations: Float64Array, tasks: number, sleeps: number): number {
  const heap = new BareHeap();
  const done = new Int32Array(tasks);
  for (let t = 0; t < tasks; t++) heap.push({ deadline: 0, seq: 0, owner: t }, durations[t * sleeps] as number);
  let now = 0;
  while (heap.size > 0) {
    const entry = heap.pop();
    now = entry.deadline;
    const t = entry.owner;
    const k = ++done[t] as number;
    if (k < sleeps) heap.push(entry, now + (durations[t * sleeps + k] as number));
  }
  return now;
}

// ------------------------------------------------------------ seeded data

/** mulberry32: a small seeded PRNG, so every run times the same deadlines. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` integer durations in [min, max), from `seed`. */
export function randomDurations(n: number, min: number, max: number, seed: number): Float64Array {
  const next = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = min + Math.floor(next() * (max - min));
  return out;
}

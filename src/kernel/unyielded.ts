/**
 * Debug mode's "operation-never-yielded" warning: an operation that a task
 * made and never yielded (`sleep(100);`, `spawn(child);` on a line of its
 * own) did nothing, which is asyncio's "coroutine was never awaited".
 *
 * What is watched: the operations made fresh by each call (`sleep`,
 * `spawn`, `cancel`, a channel's `send`, `select`, `action`, a context's
 * `set`), made by a task of a scheduler created with `debug`, during one of
 * its run calls. Their constructors tell `creation.watcher` (instruction.ts)
 * once their fields are set; with debug off it is null and that test is all
 * they pay. Shared operations (`ch.recv()`, `yieldNow()`, `now()`, a
 * mutex's `lock()`...) are one object per primitive, reused, so one call
 * cannot be told from another: the lint rule covers those.
 *
 * When an operation counts as used: when anything reads it as an operation.
 * A watched operation gets a prototype of its own (one per class, above the
 * class's prototype), whose `[Symbol.iterator]` (`yield*`, spawn, all, race,
 * timeout, named), dispatch tag (a plain `yield`: the step loop reads it
 * first), `tryNow`, `park` and `next` mark it used and put the class's
 * prototype back. `select` marks its cases (once `creation.watched`). So
 * the kernel's hot path has no test for it, and an operation that is not
 * watched is untouched. The stack captured when an operation is made is
 * kept unformatted (formatting costs far more, and only reported ones need
 * it) until the operation is used or reported: its frames keep their
 * functions and receivers alive meanwhile, so an operation stored on the
 * receiver of the method that made it, and never used, is reported when
 * the run ends rather than when collected.
 *
 * When it is reported, through the scheduler's debug sink, naming the
 * operation (`describe()`, read when made), the task and the first line
 * outside spindle of the stack captured when it was made:
 * - when a run call ends with every task finished: whatever its tasks made
 *   and never used (in the order made). Deterministic, so a short script or
 *   a test sees it; an operation kept past the end of the run to be yielded
 *   by a later run would be reported too (make operations where they are
 *   yielded);
 * - otherwise, when it is garbage-collected unused (a FinalizationRegistry):
 *   nothing can yield it any more.
 *
 * Not reported, as it may have been meant for later: an operation whose
 * task was cancelled after making it, or that was handed to a task started
 * after it was made that was then cancelled (a race's loser, a timed-out
 * operation). A failure is no excuse: the operations a failing task dropped
 * are reported (a helper written as `function` where `function*` was meant
 * drops its operations, then `yield*` on it throws a TypeError).
 */
import type { DebugWarningKind } from "./debug-warnings.js";
import { KIND, creation } from "./instruction.js";
import type { Instruction } from "./instruction.js";
import type { Task } from "./task.js";

/** What the tracker needs of its scheduler (the Scheduler itself). */
export interface TrackedScheduler {
  readonly current: Task<unknown> | null;
  readonly nextTaskId: number;
  warn(kind: DebugWarningKind, task: Task<unknown>, message: string): void;
}

/** One watched operation, held without the operation itself. */
interface Made {
  readonly owner: UnyieldedOps;
  readonly task: Task<unknown>;
  readonly what: string;
  /** A stack captured when it was made; formatted only if it is reported. */
  readonly stack: { stack?: string };
  /** The task's cancellations delivered so far. */
  readonly cancels: number;
  /** The first task id spawned after it was made. */
  readonly laterIds: number;
  /** The class's own prototype, put back when it is used. */
  readonly proto: object;
  settled: boolean;
}

/** Watched operations that are not used yet, by operation. */
const made = new WeakMap<object, Made>();
/** The watching prototypes, by the class prototype they sit above. */
const watching = new WeakMap<object, object>();
const watchingSet = new WeakSet<object>();

let registry: FinalizationRegistry<Made> | null | undefined;
function registryOf(): FinalizationRegistry<Made> | null {
  if (registry === undefined) {
    registry = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Made>((m) => m.owner.collected(m)) : null;
  }
  return registry;
}

/**
 * @internal Marks `op` used: it was yielded, spawned or handed to a
 * combinator. Does nothing for an operation that is not watched.
 */
export function used(op: unknown): void {
  if (typeof op !== "object" || op === null) return;
  const proto = Object.getPrototypeOf(op) as object | null;
  if (proto === null || !watchingSet.has(proto)) return;
  Object.setPrototypeOf(op, Object.getPrototypeOf(proto));
  const m = made.get(op);
  if (m === undefined) return;
  made.delete(op);
  m.owner.settle(m);
}

type Any = Record<PropertyKey, (...args: unknown[]) => unknown>;

/** The prototype that watches the instances of the class whose prototype is `proto`. */
function watchingPrototype(proto: object): object {
  let w = watching.get(proto);
  if (w !== undefined) return w;
  w = Object.create(proto, {
    [Symbol.iterator]: { value: function (this: Any) { used(this); return this[Symbol.iterator](); }, configurable: true },
    next: { value: function (this: Any, value: unknown) { used(this); return this["next"](value); }, configurable: true },
    tryNow: { value: function (this: Any, task: unknown) { used(this); return this["tryNow"](task); }, configurable: true },
    park: { value: function (this: Any, task: unknown) { used(this); return this["park"](task); }, configurable: true },
    [KIND]: { get: function (this: Record<PropertyKey, unknown>) { used(this); return this[KIND]; }, configurable: true },
  }) as object;
  watching.set(proto, w);
  watchingSet.add(w);
  return w;
}

/** @internal One debug scheduler's watched operations (see the file header). */
export class UnyieldedOps {
  /** Made and not yet used, reported or collected, in the order made. */
  private readonly pending = new Set<Made>();
  /** Cancellations delivered, per task that had one. */
  private readonly cancels = new WeakMap<Task<unknown>, number>();
  /** Per task: the highest id among its descendants that were cancelled. */
  private readonly youngestCancelled = new WeakMap<Task<unknown>, number>();

  constructor(private readonly scheduler: TrackedScheduler) {}

  /** An operation was made (its constructor has set its fields). */
  created(op: Instruction<unknown>): void {
    const task = this.scheduler.current;
    if (task === null) return; // made outside any task's step (a timer, a turn): no task to name
    const stack: { stack?: string } = {};
    if (typeof Error.captureStackTrace === "function") Error.captureStackTrace(stack, op.constructor);
    else stack.stack = new Error().stack ?? "";
    const proto = Object.getPrototypeOf(op) as object;
    const m: Made = {
      owner: this,
      task,
      what: describe(op),
      stack,
      cancels: this.cancels.get(task) ?? 0,
      laterIds: this.scheduler.nextTaskId,
      proto,
      settled: false,
    };
    Object.setPrototypeOf(op, watchingPrototype(proto));
    creation.watched = true;
    made.set(op, m);
    this.pending.add(m);
    registryOf()?.register(op, m, m);
  }

  /** A cancellation was delivered to `task`. */
  cancelled(task: Task<unknown>): void {
    this.cancels.set(task, (this.cancels.get(task) ?? 0) + 1);
    for (let p = task.parent; p !== null; p = p.parent) {
      if ((this.youngestCancelled.get(p) ?? 0) < task.id) this.youngestCancelled.set(p, task.id);
    }
  }

  /** @internal `m`'s operation was used: nothing to report. */
  settle(m: Made): void {
    if (m.settled) return;
    m.settled = true;
    this.pending.delete(m);
    registry?.unregister(m);
  }

  /** @internal `m`'s operation was garbage-collected. */
  collected(m: Made): void {
    if (m.settled) return;
    m.settled = true;
    this.pending.delete(m);
    this.report(m);
  }

  /** A run call ended; with every task finished, what they made and never used is reported. */
  runEnded(allFinished: boolean): void {
    if (!allFinished || this.pending.size === 0) return;
    const reported = [...this.pending];
    for (const m of reported) this.settle(m);
    for (const m of reported) this.report(m);
  }

  private report(m: Made): void {
    const task = m.task;
    // A cancellation may have skipped the yield the operation was made for.
    if ((this.cancels.get(task) ?? 0) !== m.cancels || (this.youngestCancelled.get(task) ?? 0) >= m.laterIds) return;
    const site = siteOf(m.stack);
    this.scheduler.warn(
      "operation-never-yielded",
      task,
      `${task.ancestry} created ${m.what}${site === null ? "" : ` at ${site}`} and never yielded it, so it did nothing. An operation runs only when a task yields it: write yield* ${m.what}, or pass it to all, race, select or timeout.`,
    );
  }
}

function describe(op: Instruction<unknown>): string {
  try {
    return op.describe();
  } catch {
    return (op.constructor as { name?: string }).name ?? "an operation";
  }
}

/**
 * The folder spindle's own modules are in (src/, dist/cjs/...), from this
 * module's own place in a stack; null when that cannot be told (a bundle).
 */
const LIBRARY_ROOT: string | null = (() => {
  const frame = /\n\s*at .*?\(?((?:file:\/\/)?[^\s()]*?)[\\/]kernel[\\/]unyielded\.[cm]?[jt]s:\d+:\d+/.exec(new Error().stack ?? "");
  return frame === null || frame[1] === undefined || frame[1] === "" ? null : frame[1];
})();

/** The working directory, to shorten paths under it; null outside Node. */
function cwd(): string | null {
  const p = (globalThis as { process?: { cwd?: () => string } }).process;
  try {
    return typeof p?.cwd === "function" ? p.cwd() : null;
  } catch {
    return null;
  }
}

/**
 * Where the operation was made: the first frame outside spindle (and
 * outside the engine's own), as `fn (path:line)`, its path relative to the
 * working directory when under it.
 */
function siteOf(holder: { stack?: string }): string | null {
  let text: string;
  try {
    text = String(holder.stack ?? "");
  } catch {
    return null;
  }
  const dir = cwd();
  for (const line of text.split("\n")) {
    const m = /^\s*at (.*)$/.exec(line);
    if (m === null) continue;
    let frame = m[1] as string;
    if (LIBRARY_ROOT !== null && frame.includes(LIBRARY_ROOT)) continue;
    if (/(^|\()(node:|<anonymous>|native)/.test(frame)) continue;
    if (dir !== null) frame = frame.replace(`file://${dir}/`, "").replace(`${dir}/`, "").replace(`${dir}\\`, "");
    // The line, not the column: tools that map positions back to TypeScript
    // (tsx, ts-jest, Node's source maps) disagree on the column of a call.
    return frame.replace(/:(\d+):\d+(\)?)$/, ":$1$2");
  }
  return null;
}

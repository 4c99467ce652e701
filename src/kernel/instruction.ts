/**
 * What a task may yield: an {@link Instruction}, and the one blocking shape
 * every instruction has, built-in or written by a user:
 *
 * - `tryNow(task)`: try it now. Return the result to complete at once, or
 *   {@link WAIT} to say the task must wait. Throwing refuses the operation:
 *   the error is thrown at the task's `yield`.
 * - `park(task)`: called right after `tryNow` said WAIT. Put the task where
 *   whatever completes the wait will find it: a {@link WaitList} (the usual
 *   way; cancellation then takes the task off it by itself) or, for a wait
 *   of another shape, `task.block(wait)` with a `wait.undo`.
 * - `describe()`: what the task waits on, for `dump()`, traces and
 *   deadlock reports.
 *
 * The kernel (for `yield op`) and the instruction's own `next()` (for
 * `yield* op`) drive the same two methods, so there is one path, and the
 * typed form's fast path is generic: no primitive writes it.
 *
 * How one object serves both forms (the delegation protocol):
 * - `yield op` (direct form): the generator hands `op` to the scheduler,
 *   which calls `tryNow`/`park` and later resumes the task with the result.
 * - `yield* op` (typed form): V8 calls `op[Symbol.iterator]()` (the op
 *   itself) and then `op.next()`, still inside the task's step. If the
 *   kernel's own path would run the operation at this point (a step is
 *   running, nothing is pending for the task, the inline budget is not used
 *   up: see the checks in `next()`), `next()` runs it right there: a completion
 *   ends the `yield*` with the shared `{ done: true }` result (the task does
 *   not suspend); a park ends the step with {@link PARKED_IN_NEXT}.
 *   Otherwise `next()` returns the shared object {@link DELEGATED} carrying
 *   `op`; V8 passes it through unchanged, so the kernel sees
 *   `result === DELEGATED`, knows the task is inside a `yield*`, and runs the
 *   operation itself.
 * - Resuming a task suspended inside a `yield*`, the kernel first sets
 *   `protocol.resumingDelegated`; the first code to run is then
 *   `op.next(value)`, which clears the flag and ends the delegation with
 *   `value`. A plain `yield` never sees the flag.
 * - Both shared result objects are read by V8 at once, before any other
 *   instruction can run, so reusing them is safe: nothing is allocated per
 *   step, and a singleton (`yieldNow()`) can be delegated to by many tasks.
 *
 * Kernel state on an instruction lives under symbols ({@link KIND}), so no
 * field a user declares can collide with it. The names an iterator needs
 * (`next`, `throw`) and the three methods above are the only reserved ones.
 */
import { INSTRUCTION_BRAND, THIS_COPY, UsageError } from "./errors.js";
import type { Scheduler } from "./scheduler.js";
import type { Task } from "./task.js";
import * as states from "./task-state.js";

// Bound once as this module's own consts: in the CommonJS build an imported
// binding is a property read of the other module's exports at every use,
// which V8 cannot fold, and next() runs at every `yield*` (see step-loop.ts).
const { F_CANCEL_REQUESTED, F_INTERRUPTED, RUNNING } = states;

/**
 * What `tryNow` returns when the task must wait: the kernel then calls
 * `park`.
 *
 * @example
 * ```ts
 * tryNow() { return this.count === 0 ? undefined : WAIT; }
 * ```
 *
 * @category Extending
 */
const WAIT: unique symbol = Symbol("spindle.wait");
/**
 * The type of {@link WAIT}.
 *
 * @category Extending
 */
export type Waiting = typeof WAIT;

/** @internal The symbol under which an instruction keeps its dispatch tag. */
const KIND: unique symbol = Symbol("spindle.kind");

/** Dispatch tags: the kernel handles these instructions inline; everything else goes through tryNow/park. */
export const KIND_CUSTOM = 0;
export const KIND_YIELD = 1;
export const KIND_SLEEP = 2;
/**
 * Entering and leaving a shield: the two yields at which nothing pending
 * (cancellation, interrupt) is delivered, so that a shield always opens and
 * always closes.
 */
export const KIND_SHIELD_ENTER = 3;
export const KIND_SHIELD_LEAVE = 4;

// protocol, DELEGATED and the other shared objects are declared as plain
// consts and exported below, not with `export const`: tsc's CommonJS output
// would then read them as properties of `exports` in next(), which runs at
// every `yield*` (see the constants in step-loop.ts for why that is slower).

/**
 * @internal Shared state of the delegation protocol.
 */
const protocol: {
  resumingDelegated: boolean;
  /**
   * How many more instructions the running task may complete at once
   * before it goes back to the queue (the inline budget): reset by the
   * kernel at every step, counted by its step loop and by `next()`. Here
   * rather than on the scheduler so that `next()` reaches it in one load;
   * one step runs at a time across all schedulers.
   */
  inlineLeft: number;
  /**
   * The scheduler inside a run call, or null (see next()). Set once per
   * run call; the task being stepped is on the scheduler (`running`), whose
   * own field is cheaper to write at every switch than this shared object.
   */
  active: Scheduler | null;
} = {
  resumingDelegated: false,
  inlineLeft: 0,
  active: null,
};

/**
 * @internal Who hears of each operation made while a debug scheduler runs
 * (see unyielded.ts), or null: set and cleared by the scheduler's run
 * calls. The constructors of the operations made fresh by each call
 * (`sleep`, `spawn`, a channel's `send`...) test it once, after their
 * fields are set; off, that one test is all they pay. `watched` turns true
 * for good once an operation has been watched: code that uses operations
 * without yielding them (select's cases) tells unyielded.ts only then.
 */
const creation: { watcher: { created(op: Instruction<unknown>): void } | null; watched: boolean } = { watcher: null, watched: false };

/** @internal The result object every instruction returns when the kernel must run it. */
const DELEGATED: { done: false; value: unknown } = { done: false, value: undefined };
const FINISHED: { done: true; value: unknown } = { done: true, value: undefined };

/**
 * Something a task is blocked on: what it waits for (for traces, `dump()` and
 * deadlock reports) and how to undo the wait when the task is cancelled or
 * interrupted. A {@link WaitList} makes one for each waiting task; write
 * your own only for a wait of another shape, and pass it to `task.block()`.
 *
 * @example
 * ```ts
 * const wait: Wait = { describe: () => "door.open()", undo: (task) => door.waiters.delete(task) };
 * ```
 *
 * @category Extending
 */
export interface Wait {
  /** A short human-readable description, such as `sleep(100)` or `recv(ch#3)`. */
  describe(): string;
  /**
   * Takes `task` off whatever it waits on. Called once, when the task is
   * cancelled, interrupted or failed by a child while blocked on this wait,
   * or when the park that blocked it is undone (park() threw); never after
   * the task was woken. After it returns, nothing may wake the task for
   * this wait.
   */
  undo(task: Task<unknown>): void;
}

/**
 * A yieldable operation whose result has type `T`: the base class of every
 * blocking primitive, built-in or your own. Use it with `yield*` for a
 * typed result, or with a plain `yield` when the result is not needed.
 *
 * To write one, implement three methods: `describe()`, `tryNow(task)`
 * (return the result, or {@link WAIT}) and `park(task)` (put the task on a
 * {@link WaitList}; whatever completes the wait wakes it from there). The
 * typed form's fast path, cancellation (the task leaves the wait list),
 * traces and deadlock reports come with it.
 *
 * @example
 * ```ts
 * class Gate extends Instruction<string> {
 *   private open = false;
 *   private readonly waiters = new WaitList<string>();
 *   describe() { return "gate"; }
 *   tryNow() { return this.open ? "open" : WAIT; }
 *   park(task: Task) { this.waiters.add(task, this); }
 *   openUp() { this.open = true; this.waiters.wakeAll("open"); }
 * }
 * const gate = new Gate();
 * function* visitor() { const state = yield* gate; return state; } // state: string
 * ```
 *
 * @category Extending
 */
export abstract class Instruction<T = unknown> implements Wait {
  /**
   * @internal Dispatch tag. It lives on the prototype under a symbol (set
   * below and in the kernel's built-ins): creating an instruction, which
   * happens at every `sleep(ms)`, writes no field, and no user field can
   * collide with it.
   */
  declare readonly [KIND]: number;

  /** A short human-readable description for traces and deadlock reports: `recv(ch#3)`, `latch#1.wait()`. */
  abstract describe(): string;

  /**
   * Tries the operation now, for `task`: returns its result, or {@link WAIT}
   * when the task must wait (the kernel then calls {@link Instruction.park}).
   * A throw refuses the operation: the error is thrown at the task's yield.
   */
  abstract tryNow(task: Task<unknown>): T | Waiting;

  /**
   * Parks `task`, after `tryNow` returned WAIT: put it on a
   * {@link "spindle/extend"!WaitList | WaitList} (or `task.block(wait)` for a wait of another shape).
   * Whatever completes the wait wakes it. If `park` throws, the task is
   * taken off whatever it was parked on and the error is thrown at its yield.
   */
  park(task: Task<unknown>): void {
    throw new UsageError(`${this.describe()}: tryNow() said ${task.label} must wait, but the instruction has no park(); implement park() to put the task on a WaitList`);
  }

  /** Undoes a `task.block(this)`; see {@link Wait.undo}. The default has nothing to undo. */
  undo(_task: Task<unknown>): void {}

  /**
   * Called when `task` yielded this instruction but left it before it was
   * tried: a cancellation or an interrupt was delivered at that yield
   * instead. Most instructions act in `tryNow` and have nothing to do (the
   * default). One that acted when it was made withdraws here, as `undo`
   * would have had the task parked: a simulation request, queued in its
   * resource when made, leaves the queue. It may not throw; if it does, the
   * error goes to the host, naming the task.
   */
  abandoned(_task: Task<unknown>): void {}

  /** Makes `yield* op` work: an instruction is its own iterator, whose `next()` runs the operation at once when it can (the typed form's fast path). */
  [Symbol.iterator](): Iterator<Instruction<unknown>, T, unknown> {
    return this as unknown as Iterator<Instruction<unknown>, T, unknown>;
  }

  /** @internal The delegation protocol and the typed form's fast path (see the file header). */
  next(value?: unknown): IteratorResult<Instruction<unknown>, T> {
    if (protocol.resumingDelegated) {
      protocol.resumingDelegated = false;
      FINISHED.value = value;
      return FINISHED as IteratorResult<Instruction<unknown>, T>;
    }
    // The fast path runs only when the kernel's own path would run the
    // operation at this point: a step is running (not next() called from
    // outside the kernel), nothing waits to be delivered at the task's next
    // yield (a cancellation, an interrupt: the kernel delivers those there),
    // and the inline budget is not down to its last unit (at 1 left, the
    // next completion must be the kernel's: it requeues the task after it).
    // yieldNow() is left to the kernel, whose step loop requeues it by
    // identity: cheaper than parking it here. (Written out rather than
    // called: this method runs at every yield*.)
    const scheduler = protocol.active;
    const task = scheduler === null ? null : scheduler.running;
    if (
      task !== null &&
      task.stateCode === RUNNING &&
      (task.flags & (F_CANCEL_REQUESTED | F_INTERRUPTED)) === 0 &&
      protocol.inlineLeft > 1 &&
      (this as unknown) !== YIELD_NOW
    ) {
      // A throw from tryNow or park reaches the task's yield*, exactly where
      // the kernel's path would throw it in, and counts against the inline
      // budget as it does there.
      let result: T | Waiting;
      try {
        result = this.tryNow(task);
        if (result === WAIT) {
          (scheduler as Scheduler).parkTask(task, this);
          DELEGATED.value = PARKED_IN_NEXT;
          return DELEGATED as IteratorResult<Instruction<unknown>, T>;
        }
      } catch (error) {
        protocol.inlineLeft--;
        throw error;
      }
      // A cancellation that tryNow made deliverable is thrown here instead,
      // not counted (as in the step loop).
      if ((task.flags & F_CANCEL_REQUESTED) !== 0) (scheduler as Scheduler).cancelAtCompletion(task);
      protocol.inlineLeft--;
      FINISHED.value = result;
      return FINISHED as IteratorResult<Instruction<unknown>, T>;
    }
    DELEGATED.value = this;
    return DELEGATED as IteratorResult<Instruction<unknown>, T>;
  }

  /** @internal The kernel resumed the task with an error: let it surface at the `yield*`. */
  throw(error: unknown): never {
    protocol.resumingDelegated = false;
    throw error;
  }

  toString(): string {
    return this.describe();
  }
}

(Instruction.prototype as unknown as Record<typeof KIND, number>)[KIND] = KIND_CUSTOM;
// Which copy of spindle this is, for the error when an instruction reaches
// another copy's scheduler (see InvalidYieldError): read on that error path only.
(Instruction.prototype as unknown as Record<typeof INSTRUCTION_BRAND, object>)[INSTRUCTION_BRAND] = THIS_COPY;

/** @internal Sets an instruction class's dispatch tag (the kernel's built-ins only). */
export function setKind(cls: abstract new (...args: never[]) => Instruction<unknown>, kind: number): void {
  (cls.prototype as unknown as Record<typeof KIND, number>)[KIND] = kind;
}

/** @internal An instruction's dispatch tag. */
export function kindOf(op: Instruction<unknown>): number {
  return op[KIND];
}

/**
 * Lets the other ready tasks run, then continues. The kernel recognises the
 * one instance by identity; as an ordinary instruction it parks by queueing
 * its task at the back. It lives here, beside Instruction, so that the
 * kernel can bind the singleton as a constant.
 */
export class YieldNow extends Instruction<void> {
  describe(): string {
    return "yieldNow()";
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    task.scheduler.requeue(task);
  }
}
setKind(YieldNow, KIND_YIELD);

/** The one YieldNow (exported below, not with `export const`: next() compares against it). */
const YIELD_NOW = /* @__PURE__ */ new YieldNow();

/**
 * @internal What next() hands the kernel after parking its task: the step
 * is over. The kernel recognises it by identity and never runs it.
 */
class ParkedInNext extends Instruction<never> {
  describe(): string {
    return "(parked in next())";
  }
  tryNow(): never {
    throw new UsageError("an instruction's internal park marker was yielded directly; yield the instruction itself");
  }
}
const PARKED_IN_NEXT = /* @__PURE__ */ new ParkedInNext();

export { DELEGATED, KIND, PARKED_IN_NEXT, WAIT, YIELD_NOW, creation, protocol };

/**
 * @internal Lets go of what the shared result objects last carried (an
 * instruction, a received value): the kernel calls it when a run call
 * returns, so that an idle scheduler keeps neither alive.
 */
export function clearSharedResults(): void {
  DELEGATED.value = undefined;
  FINISHED.value = undefined;
}

/**
 * What a task can wait for with `yield*`: an instruction, a generator
 * (the result of calling a `function*`), or a {@link Task} (joins it).
 *
 * @example
 * ```ts
 * function* fetchUser(id: number): Operation<string> { yield* sleep(5); return `user${id}`; }
 * ```
 *
 * @category Tasks
 */
export interface Operation<T> {
  /** What `yield*` calls: it gives the iterator that runs the operation and returns its result. */
  [Symbol.iterator](): Iterator<Instruction<unknown>, T, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The generator type of a spindle coroutine returning `T`: what a
 * `function*` that yields spindle operations is inferred as. Because it
 * yields only instructions, TypeScript rejects `yield somePromise` and a
 * forgotten `*` (`yield helper()`) at compile time. What a plain `yield`
 * gives is `unknown` (TypeScript has one type for every yield of a
 * generator): use `yield*` for a typed result.
 *
 * @example
 * ```ts
 * function* worker(n: number): Coroutine<number> { yield* sleep(n); return n * 2; }
 * ```
 *
 * @category Tasks
 */
export type Coroutine<T> = Generator<Instruction<unknown>, T, unknown>;

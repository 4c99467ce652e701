/**
 * What a task may yield: an {@link Instruction}. This file also holds the
 * protocol that lets one instruction object be used in both forms:
 *
 * - `yield op` (direct form): the generator hands `op` to the scheduler and
 *   receives the result as the value of the `yield` expression. Fastest.
 * - `yield* op` (typed form): TypeScript infers the result type from the
 *   instruction's iterator. V8 calls `op[Symbol.iterator]()` and then
 *   `next()` on the result; whatever that `next()` returns is handed, as the
 *   same object, to whoever called the task generator's `next()`.
 *
 * The protocol, and the invariants it keeps:
 * - Entering (`yield* op` reaches `op.next()` for the first time): `next`
 *   returns the shared object {@link DELEGATED}, with `value` set to `op`.
 *   Because V8 passes that object through unchanged, the kernel sees
 *   `result === DELEGATED` and knows the task is suspended inside a `yield*`.
 * - Resuming: before calling the task generator's `next(value)`, the kernel
 *   sets `protocol.resumingDelegated` if (and only if) the task is suspended
 *   inside a `yield*`. The first code to run is then `op.next(value)`, which
 *   clears the flag and finishes the delegation with `value`. A plain `yield`
 *   never sees the flag: the kernel did not set it for that task.
 * - The fast path (see `immediateTask` in scheduler.ts): when entering, an
 *   instruction that overrides `next` may instead complete at once, ending
 *   the `yield*` with the shared `{ done: true }` result (the task does not
 *   suspend), or park its task and return {@link DELEGATED} carrying
 *   `PARKED_IN_NEXT`, which ends the step. Only when the kernel's own path
 *   (`enter()` from the step loop) would have done the same at that point.
 * - Both shared result objects are read by V8 immediately, before any other
 *   instruction can run, so reusing them is safe; nothing is allocated per
 *   step, and a singleton instruction (`yieldNow()`) can be delegated to by
 *   many tasks at once because no state lives in the instruction.
 */
import { InternalError } from "./errors.js";
import type { Task } from "./task.js";

/** Dispatch tags the kernel handles inline; everything else calls `enter`. */
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
/** Joining a task: `yield* task` (or `yield task`); the Task is its own instruction. */
export const KIND_JOIN = 5;

// protocol and DELEGATED are declared as plain consts and exported below,
// not with `export const`: tsc's CommonJS output would then read them as
// properties of `exports` in next(), which runs at every `yield*` (see the
// constants in scheduler.ts for why that is slower).

/**
 * @internal Shared state of the delegation protocol (see the file header).
 * `immediateTask` is the scheduler's (set when scheduler.ts loads; task.ts
 * reaches it here because importing scheduler.ts would be a cycle).
 */
const protocol: { resumingDelegated: boolean; inlineLeft: number; immediateTask: () => Task<unknown> | null } = {
  resumingDelegated: false,
  /**
   * How many more instructions the running task may complete at once before
   * it goes back to the queue (the inline budget): reset by the kernel at
   * every step, counted by its step loop and by every completion in next().
   * Here rather than on the scheduler so that completedInNext() can count
   * too; one step runs at a time across all schedulers.
   */
  inlineLeft: 0,
  immediateTask: () => null,
};

/** @internal The result object every instruction returns when a `yield*` enters it. */
const DELEGATED: { done: false; value: unknown } = { done: false, value: undefined };
const FINISHED: { done: true; value: unknown } = { done: true, value: undefined };

export { DELEGATED, protocol };

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
 * Something a task is blocked on: what it waits for (for traces, `dump()` and
 * deadlock reports) and how to undo the wait when the task is cancelled.
 *
 * Every instruction is a Wait, so a primitive usually passes itself to
 * {@link Task.block}.
 *
 * @example
 * ```ts
 * const wait: Wait = { describe: () => "door.open()", undo: (task) => door.waiters.delete(task) };
 * ```
 */
export interface Wait {
  /** A short human-readable description, such as `sleep(100)` or `recv(ch#3)`. */
  describe(): string;
  /**
   * Takes `task` off whatever it waits on. Called once, when the task is
   * cancelled (or failed by a child) while blocked on this wait; never after
   * the task was woken. After it returns, nothing may wake the task for this wait.
   */
  undo(task: Task<unknown>): void;
}

/**
 * A yieldable instruction whose result has type `T`. Use it with `yield*` for
 * a typed result, or with a plain `yield` when the result is not needed
 * (faster).
 *
 * To write your own blocking primitive, subclass it and implement
 * {@link Instruction.enter}: either complete at once with `task.resume(value)`
 * (or `task.resumeWithError(error)`), or park the task with `task.block(this)`
 * and later wake it with `task.resume(value)` from whatever completes the wait.
 * `undo` takes the task off your wait list if it is cancelled meanwhile.
 *
 * @example
 * ```ts
 * class Gate extends Instruction<string> {
 *   waiters: Task<unknown>[] = [];
 *   describe() { return "gate"; }
 *   enter(task: Task<unknown>) { this.waiters.push(task); task.block(this); }
 *   undo(task: Task<unknown>) { this.waiters.splice(this.waiters.indexOf(task), 1); }
 *   open() { for (const t of this.waiters.splice(0)) t.resume("open"); }
 * }
 * const gate = new Gate();
 * function* visitor() { const state = yield* gate; return state; } // state: string
 * ```
 */
export abstract class Instruction<T = unknown> implements Wait {
  /**
   * @internal Dispatch tag; built-in fast paths use small integers. It lives
   * on the prototype (set below and in the built-in subclasses), so that
   * creating an instruction, which happens at every `sleep(ms)`, writes no
   * extra field.
   */
  declare readonly kind: number;
  /** A short human-readable description for traces and deadlock reports. */
  abstract describe(): string;

  /**
   * Called by the kernel when a task yields this instruction. Must either
   * complete it (`task.resume(v)` / `task.resumeWithError(e)`) or park the
   * task (`task.block(wait)`) before returning.
   */
  abstract enter(task: Task<unknown>): void;

  /** Undoes a `task.block(this)`; see {@link Wait.undo}. The default has nothing to undo. */
  undo(_task: Task<unknown>): void {}

  [Symbol.iterator](): Iterator<Instruction<unknown>, T, unknown> {
    return this as unknown as Iterator<Instruction<unknown>, T, unknown>;
  }

  /** @internal Part of the delegation protocol (see the file header). */
  next(value?: unknown): IteratorResult<Instruction<unknown>, T> {
    if (protocol.resumingDelegated) {
      protocol.resumingDelegated = false;
      FINISHED.value = value;
      return FINISHED as IteratorResult<Instruction<unknown>, T>;
    }
    DELEGATED.value = this;
    return DELEGATED as IteratorResult<Instruction<unknown>, T>;
  }

  /**
   * The iterator result that ends a `yield*` at once with `value`: what an
   * overriding `next()` returns when it completes the instruction without
   * the task suspending (see `immediateTask`).
   *
   * @example
   * ```ts
   * if (immediateTask() !== null && this.ready) return this.completedInNext(this.item);
   * ```
   */
  protected completedInNext(value: T): IteratorResult<Instruction<unknown>, T> {
    return finishedWith(value);
  }

  /**
   * What an overriding `next()` returns after parking the task itself
   * (`task.block(...)`; see `immediateTask`): the task's step ends there, as
   * when `enter()` blocks it, and its `yield*` goes on with whatever later
   * resumes it.
   *
   * @example
   * ```ts
   * this.waiters.push(task); task.block(this); return this.parkedInNext();
   * ```
   */
  protected parkedInNext(): IteratorResult<Instruction<unknown>, T> {
    return parkedResult();
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

(Instruction.prototype as { kind: number }).kind = KIND_CUSTOM;

/**
 * Lets the other ready tasks run, then continues. Dispatched inline by the
 * kernel; use {@link yieldNow}. It lives here, beside Instruction, so that
 * the scheduler can bind the singleton as a constant (see scheduler.ts).
 */
export class YieldNow extends Instruction<void> {
  static {
    (this.prototype as { kind: number }).kind = KIND_YIELD;
  }
  describe(): string {
    return "yieldNow()";
  }
  enter(task: Task<unknown>): void {
    throw new InternalError(`yieldNow() is dispatched by the kernel, yet reached enter() for ${task.label}`);
  }
}

/** The one YieldNow: the kernel's fast path recognises it by identity. */
export const YIELD_NOW = /* @__PURE__ */ new YieldNow();

/**
 * @internal What `Instruction.parkedInNext()` hands the kernel: the task was
 * parked inside the instruction's next(), so the step ends. The kernel
 * recognises it by identity and never enters it.
 */
class ParkedInNext extends Instruction<never> {
  describe(): string {
    return "parkedInNext()";
  }
  enter(task: Task<unknown>): void {
    throw new InternalError(`parkedInNext() is handled by the kernel, yet reached enter() for ${task.label}`);
  }
}
export const PARKED_IN_NEXT = /* @__PURE__ */ new ParkedInNext();

/**
 * @internal The shared result that ends a `yield*` with `value` (see
 * Instruction.completedInNext). It counts as a completion against the
 * inline budget, as the kernel counts one whose enter() completes at once.
 */
export function finishedWith<T>(value: T): IteratorResult<Instruction<unknown>, T> {
  protocol.inlineLeft--;
  FINISHED.value = value;
  return FINISHED as IteratorResult<Instruction<unknown>, T>;
}

/** @internal The shared result that ends a step whose task parked inside next() (see Instruction.parkedInNext). */
export function parkedResult<T>(): IteratorResult<Instruction<unknown>, T> {
  DELEGATED.value = PARKED_IN_NEXT;
  return DELEGATED as IteratorResult<Instruction<unknown>, T>;
}

/**
 * What a task can wait for with `yield*`: an instruction, a generator
 * (the result of calling a `function*`), or a {@link Task} (joins it).
 *
 * @example
 * ```ts
 * function* fetchUser(id: number): Operation<string> { yield* sleep(5); return `user${id}`; }
 * ```
 */
export interface Operation<T> {
  [Symbol.iterator](): Iterator<Instruction<unknown>, T, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The generator type of a spindle coroutine returning `T`: what a
 * `function*` that yields spindle operations is inferred as. Because it
 * yields only instructions, TypeScript rejects `yield somePromise` and a
 * forgotten `*` (`yield helper()`) at compile time.
 *
 * @example
 * ```ts
 * function* worker(n: number): Coroutine<number> { yield* sleep(n); return n * 2; }
 * ```
 */
export type Coroutine<T> = Generator<Instruction<unknown>, T, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

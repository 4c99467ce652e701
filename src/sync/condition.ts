/**
 * Condition variable: tasks wait until another task notifies them,
 * optionally tied to a mutex (Go's sync.Cond, Python's Condition).
 *
 * Invariants:
 * - notify(n) wakes the n oldest waiters and notifyAll() every waiter
 *   present at the call; a notification with no one waiting is not kept
 *   (that is what an event is for), so always re-check the predicate in a
 *   loop around wait();
 * - a waiter that is cancelled leaves the queue and is not counted as
 *   notified;
 * - with a mutex, wait() must be called holding it (else MutexError, and
 *   nothing changes) and returns holding it again; a cancelled waiter's
 *   cleanup holds it too, unless another task holds it at that moment, in
 *   which case the waiter is excused (see below).
 *
 * How wait() keeps the lock semantics with a mutex:
 * - Entering the wait releases the mutex (handing it to its oldest waiter)
 *   and parks the task on the condition, in one step, so no notify can fall
 *   between the two.
 * - notify() does not wake the task. It moves the task's wait node onto the
 *   mutex ("wait morphing", Trio's ParkingLot.repark, the futex requeue): if
 *   the mutex is free the task becomes its holder and is resumed, otherwise
 *   it queues for the mutex like any lock() caller. So wait() returns only
 *   once the task holds the mutex again, and notifyAll() does not wake a herd
 *   of tasks that would at once block on the mutex.
 * - A cancellation requested before the wait is entered lands at wait()'s
 *   first yield, before the mutex is released: the task still holds it.
 * - Cancelled while parked (on the condition, or already moved onto the
 *   mutex's queue): the task leaves that queue (undo), and wait()'s
 *   `finally` runs first thing in the task's cleanup, before the caller's
 *   own `finally` blocks. If the mutex is free then, the task takes it at
 *   once, so the caller's cleanup runs holding it and its `m.unlock()` (or
 *   withLock) releases it, exactly as after a normal return. If another
 *   task holds it, the cancelled task is *excused*: its cleanup runs without
 *   the mutex (`m.owner` says so), and the first unlock() it then calls
 *   without holding that mutex is a no-op instead of a MutexError, so the
 *   usual `finally { m.unlock() }` and withLock still end the task
 *   cleanly. Cleanup code that touches the protected state must check
 *   `m.owner` first.
 *
 * Why not wait for the mutex in that last case, as Trio and asyncio do
 * (they reacquire in an `except`/`finally`, shielded)? Because it would have
 * to yield inside wait()'s `finally` while a `generator.return()` unwinds
 * the task, and JavaScript's `yield*` does not keep a return pending across
 * a yield in a delegated generator's `finally`: the caller would resume
 * *after* `yield* cond.wait()` as if it had returned normally, and the
 * cancelled task would go on running (still shielded, so it could never be
 * cancelled again). The same limitation affects any helper whose `finally`
 * yields (Effection issue #1190). Full reacquire-on-cancel needs a kernel
 * hook to re-arm the unwind after the reacquire (a "resume by continuing the
 * return" for the task); with it, this `finally` becomes a wait for the
 * mutex. Rejected alternatives: throwing from the cleanup (the cancelled
 * task would end *failed* and fail its parent), and a MutexError at the
 * caller's unlock (an ordinary cancellation would crash a correct program).
 *
 * Notifying does not require holding the mutex (as in Go); holding it while
 * changing the state that the predicate reads is what makes the pattern correct.
 */
import { Instruction, InvalidArgumentError, describeValue } from "../kernel/api.js";
import type { Coroutine, Operation, Task } from "../kernel/api.js";
import { Mutex, MutexError } from "./mutex.js";
import { Primitive, callerLabel, checkName, isCount } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitQueue } from "./wait-queue.js";

/**
 * Options of {@link condition}.
 *
 * @example
 * ```ts
 * const notEmpty = condition(lock, { name: "not-empty" });
 * ```
 */
export type ConditionOptions = NamedOptions;

/**
 * A snapshot of a condition's state, from {@link Condition.stats}.
 *
 * @example
 * ```ts
 * const { waiting } = notEmpty.stats();
 * ```
 */
export interface ConditionStats {
  name: string;
  /** The mutex's name, or null for a condition without one. */
  mutex: string | null;
  /** Tasks waiting to be notified (notified tasks queued for the mutex are counted by the mutex). */
  waiting: number;
}

/**
 * A condition variable; create one with {@link condition}.
 *
 * @example
 * ```ts
 * const lock = mutex();
 * const nonEmpty = condition(lock);
 * function* take(queue: string[]) {
 *   return yield* lock.withLock(function* () {
 *     while (queue.length === 0) yield* nonEmpty.wait();
 *     return queue.shift()!;
 *   }());
 * }
 * ```
 */
export class Condition extends Primitive {
  /** The mutex wait() releases and reacquires, or null. */
  readonly mutex: Mutex | null;
  /** @internal Tasks parked in wait(), oldest first. */
  readonly waiters = new WaitQueue<ConditionWaiter>();
  /** @internal */ readonly waitOp: ConditionWaitOp;

  /** @internal Use {@link condition}. */
  constructor(mutex: Mutex | null, options: ConditionOptions) {
    super("cond", options.name);
    this.mutex = mutex;
    this.waitOp = new ConditionWaitOp(this);
  }

  /**
   * Waits until notified. With a mutex: must be called holding it (else
   * MutexError); releases it while waiting and holds it again when wait()
   * returns. If the task is cancelled while waiting, its cleanup holds the
   * mutex when it is free at that moment; otherwise the task is excused
   * (its first unlock() is a no-op; see the file header). Use it with
   * `yield*`, in a loop that re-checks the predicate.
   *
   * @example
   * ```ts
   * while (!ready) yield* cond.wait();
   * ```
   */
  wait(): Operation<void> {
    const mutex = this.mutex;
    return mutex === null ? this.waitOp : this.waitHolding(mutex);
  }

  /**
   * Wakes the `n` oldest waiting tasks (default 1); gives how many were
   * woken. With a mutex, each one returns from wait() once it holds the mutex.
   *
   * @example
   * ```ts
   * queue.push(item); notEmpty.notify();
   * ```
   */
  notify(n = 1): number {
    if (!(n === Infinity || isCount(n)) || n < 0) {
      throw new InvalidArgumentError(`notify(${describeValue(n)}) on ${this.describe()}: the number of tasks to wake must be an integer >= 0`);
    }
    this.touch();
    let woken = 0;
    while (woken < n) {
      const node = this.waiters.shift();
      if (node === null) break;
      if (this.mutex !== null) this.mutex.grantOrQueue(node);
      else if (!node.task.resume(undefined)) continue;
      woken++;
    }
    return woken;
  }

  /**
   * Wakes every waiting task; gives how many were woken.
   *
   * @example
   * ```ts
   * closed = true; changed.notifyAll();
   * ```
   */
  notifyAll(): number {
    return this.notify(Infinity);
  }

  /**
   * A snapshot of the condition's state.
   *
   * @example
   * ```ts
   * console.log(cond.stats()); // { name: "cond#2", mutex: "mutex#1", waiting: 3 }
   * ```
   */
  stats(): ConditionStats {
    return {
      name: this.describe(),
      mutex: this.mutex === null ? null : this.mutex.describe(),
      waiting: this.waiters.length,
    };
  }

  private *waitHolding(mutex: Mutex): Coroutine<void> {
    const task = this.caller();
    if (task === null || mutex.holder !== task) {
      const holder = mutex.holder;
      throw new MutexError(
        `${callerLabel(task)} called wait() on ${this.describe()} without holding its mutex ${mutex.describe()} (${holder === null ? "it is not locked" : `it is held by ${holder.label}`}); lock the mutex, then wait in a loop that re-checks the condition`,
      );
    }
    try {
      // Releases the mutex and parks; completes only once the task holds the mutex again.
      yield this.waitOp;
    } finally {
      // Reached without holding the mutex only when cancelled while parked
      // (a cancellation that landed before the wait began left it held).
      // No yield here: see the file header for why.
      if (mutex.holder !== task) mutex.reclaimAfterCancel(task);
    }
  }
}

/**
 * @internal A task parked in wait(); after a notify it may sit in the mutex's queue,
 * and its description then says so.
 */
export class ConditionWaiter extends WaitNode {
  constructor(
    task: Task<unknown>,
    private readonly condition: Condition,
  ) {
    super(task, condition.waitOp);
  }
  override describe(): string {
    const mutex = this.condition.mutex;
    if (mutex !== null && this.queue === mutex.waiters) return `${mutex.describeWait()} (notified on ${this.condition.describe()})`;
    return this.condition.waitOp.describe();
  }
}

/**
 * @internal `cond.wait()`'s parking step: one per condition, immutable. With a
 * mutex it is yielded only by `waitHolding`, right after it checked that
 * the task holds the mutex, with no other code running in between.
 */
export class ConditionWaitOp extends Instruction<void> {
  constructor(readonly condition: Condition) {
    super();
  }
  describe(): string {
    return `wait(${this.condition.describe()})`;
  }
  enter(task: Task<unknown>): void {
    const cond = this.condition;
    cond.nameFor(task.scheduler);
    const node = new ConditionWaiter(task, cond);
    cond.waiters.push(node);
    if (cond.mutex !== null) cond.mutex.handOff();
    task.block(node);
  }
}

/**
 * Creates a condition variable, tied to `mutex` if one is given.
 *
 * @example
 * ```ts
 * const lock = mutex();
 * const changed = condition(lock);
 * const signal = condition(); // no mutex: wait() simply parks until notified
 * ```
 */
export function condition(mutex: Mutex | null = null, options: ConditionOptions = {}): Condition {
  if (mutex !== null && !(mutex instanceof Mutex)) {
    throw new InvalidArgumentError(`condition(${describeValue(mutex)}): the argument must be a mutex created with mutex(), or omitted`);
  }
  checkName("condition", options);
  return new Condition(mutex, options);
}

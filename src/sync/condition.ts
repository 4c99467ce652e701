/**
 * Condition variable: tasks wait until another task notifies them,
 * optionally tied to a mutex (Go's sync.Cond, Python's Condition).
 *
 * Invariants:
 * - notify(n) wakes the n oldest waiters and notifyAll() every waiter
 *   present at the call; a notification with no one waiting is not kept
 *   (that is what an event is for), so always re-check the predicate in a
 *   loop around wait();
 * - a waiter that is cancelled or interrupted leaves the queue and is not
 *   counted as notified;
 * - with a mutex, wait() must be called holding it (else MutexError, and
 *   nothing changes), and it holds it again on every way out: when it
 *   returns, and when it throws the task's CancelledError or an Interrupt.
 *   So the caller's `finally { m.unlock() }` (or withLock) runs holding the
 *   mutex and releases it exactly once, whatever ended the wait.
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
 * - A cancellation or interrupt requested before the wait is entered lands
 *   at wait()'s first yield, before the mutex is released: the task still
 *   holds it, and the error leaves wait() at once.
 * - Cancelled or interrupted while parked (on the condition, or already
 *   moved onto the mutex's queue): the task leaves that queue (undo), and
 *   wait() locks the mutex again with an ordinary lock() before it lets the
 *   error out, as Trio and asyncio do: at once if the mutex is free,
 *   otherwise at the back of its queue, waiting for the holder to unlock.
 *   The code after `yield* cond.wait()` never runs. For a cancellation this
 *   wait is part of the task's cleanup, which the kernel shields: further
 *   cancel requests are ignored and the lock() completes normally; only
 *   then do the caller's `finally` blocks run.
 * - An interrupted task is not shielded: another Interrupt, or a
 *   cancellation, may land while it waits for the mutex. That does not stop
 *   the re-lock either; once it holds the mutex, wait() throws the most
 *   recent of them (asyncio's Condition.wait re-raises the latest
 *   cancellation the same way), so a cancellation that came last is never
 *   swallowed. If the mutex was abandoned (its holder finished without
 *   unlocking it), lock() throws MutexError, and that leaves wait() instead.
 * - The re-lock can yield inside wait() while the task unwinds because the
 *   kernel delivers cancellation to a started task as a thrown
 *   CancelledError, which every generator frame holds while its handler
 *   runs (see deliverCancel in scheduler.ts). It is done in a `catch`, not a
 *   `finally`: a normal return already holds the mutex, and the kernel never
 *   closes a started task with generator.return().
 * - The price of waiting in cleanup: a task cancelled out of wait() while
 *   another task keeps the mutex ends only when that task unlocks it
 *   (`yield* cancel(task)` waits that long), exactly as a `finally` that
 *   calls lock() would.
 *
 * Notifying does not require holding the mutex (as in Go); holding it while
 * changing the state that the predicate reads is what makes the pattern correct.
 */
import { Instruction, Interrupt, InvalidArgumentError, describeValue , WAIT } from "../kernel/api.js";
import type { Coroutine, Operation, Task , Waiting } from "../kernel/api.js";
import { Mutex, MutexError } from "./mutex.js";
import { Primitive, callerLabel, checkOptions, isCount } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link condition}.
 *
 * @example
 * ```ts
 * const notEmpty = condition(lock, { name: "not-empty" });
 * ```
 *
 * @category Channels and sync
 */
export type ConditionOptions = NamedOptions;

/**
 * A snapshot of a condition's state, from {@link Condition.stats}.
 *
 * @example
 * ```ts
 * const { waiting } = notEmpty.stats();
 * ```
 *
 * @category Channels and sync
 */
export interface ConditionStats {
  /** The condition's name: its `name` option or `condition#N`. */
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
 *
 * @category Channels and sync
 */
export class Condition extends Primitive {
  /** The mutex wait() releases and reacquires, or null. */
  readonly mutex: Mutex | null;
  /** @internal Tasks parked in wait(), oldest first. */
  readonly waiters = new WaitList<unknown, ConditionWaiter>();
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
   * returns, and also when it throws because the task was cancelled or
   * interrupted (it then waits for the mutex first, if another task holds
   * it; see the file header). Use it with `yield*`, in a loop that re-checks
   * the predicate, and unlock in a `finally` (or use withLock).
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
    } catch (error) {
      // Cancelled or interrupted. Before the wait began, the task still holds the mutex.
      if (mutex.holder === task) throw error;
      const later = yield* relock(mutex, task);
      throw later ?? error;
    }
  }
}

/**
 * Locks `mutex` again for `task`, which was cancelled or interrupted out of
 * its wait and does not hold it, waiting while another task does. An
 * Interrupt, or the task's own cancellation, thrown at the lock() does not
 * stop it (after an interrupt the task is not shielded): gives the most
 * recent such error, or null if none landed. A MutexError (the mutex was
 * abandoned) propagates.
 */
function* relock(mutex: Mutex, task: Task<unknown>): Coroutine<unknown> {
  let latest: unknown = null;
  while (mutex.holder !== task) {
    try {
      yield mutex.lockOp;
    } catch (error) {
      // lock() can throw only a MutexError (from its tryNow()), an Interrupt,
      // or the task's CancelledError, which arrives only once cancelRequested
      // is set (CancelledError is not in kernel/api.ts, so it is told by elimination).
      if (error instanceof MutexError || !(error instanceof Interrupt || task.cancelRequested)) throw error;
      latest = error;
    }
  }
  return latest;
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
    if (mutex !== null && this.list === mutex.waiters) return `${mutex.describeWait()} (notified on ${this.condition.describe()})`;
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
  tryNow(task: Task<unknown>): Waiting {
    this.condition.nameFor(task.scheduler);
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    const cond = this.condition;
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
 *
 * @category Channels and sync
 */
export function condition(mutex: Mutex | null = null, options: ConditionOptions = {}): Condition {
  if (mutex !== null && !(mutex instanceof Mutex)) {
    throw new InvalidArgumentError(`condition(${describeValue(mutex)}): the argument must be a mutex created with mutex(), or omitted`);
  }
  checkOptions("condition", options);
  return new Condition(mutex, options);
}

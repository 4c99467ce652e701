/**
 * Semaphore: a count of permits, handed out oldest waiter first.
 *
 * Two kinds, as in Python: a counting semaphore (the default, asyncio's
 * and Trio's `Semaphore`) starts with `capacity` permits and every release()
 * adds one, with no upper limit, so `semaphore(0)` is a signal that
 * release() raises and acquire() consumes; a bounded semaphore (`{ bounded: true }`, Python's
 * `BoundedSemaphore`) never holds more than `capacity` permits, and a
 * release() that would exceed it is a SemaphoreError, which catches a
 * release without its acquire.
 *
 * Invariants (checked by the property tests):
 * - 0 <= available, and available <= capacity when bounded; while available
 *   <= capacity, `held = capacity - available` counts the permits given out
 *   and not yet released, including one handed to a waiter that has not run
 *   yet (a counting semaphore released above its capacity reports held 0);
 * - available > 0 only while no task waits: acquire() parks only when
 *   available === 0, and release() with a waiter hands its permit straight
 *   to the oldest waiter instead of putting it back. So no one barges: a task
 *   arriving later, or a tryAcquire(), can never take a permit an older
 *   waiter is owed;
 * - a permit is never lost: a waiter that is cancelled leaves the queue (its
 *   WaitNode's undo) having been given nothing, and a waiter that was handed
 *   a permit receives it even if it is cancelled before it runs (the kernel
 *   never takes a wake-up back), so it holds the permit and releases it in
 *   its `finally` (withPermit does);
 * - on a bounded semaphore, release() with no permit held throws
 *   SemaphoreError and changes nothing.
 *
 * Why hand-off and not "wake the waiter and let it retry" (what asyncio's
 * Semaphore did before 3.11.1): retrying lets a task that arrives between
 * the release and the waiter's turn take the permit, which starves waiters
 * and makes the order depend on scheduling details. Hand-off costs the
 * throughput that barging buys (a released permit idles until the waiter
 * runs); in a deterministic scheduler fairness is worth more.
 *
 * Permits are counted, not owned: any task (or code outside any task) may
 * release a permit another task acquired, as with Go's and Python's
 * semaphores. For ownership, use a mutex.
 *
 * The hot path: `acquire()` returns one immutable instruction per semaphore
 * and allocates a WaitNode only when it has to park; `release()` is a plain
 * method (no yield, never blocks).
 */
import { Instruction, InvalidArgumentError, UsageError, describeValue , WAIT } from "../kernel/api.js";
import type { Coroutine, Operation, Task , Waiting } from "../kernel/api.js";
import { Primitive, callerLabel, checkOptions, isCount } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link semaphore}.
 *
 * @example
 * ```ts
 * const pool = semaphore(4, { name: "db-connections", bounded: true });
 * ```
 *
 * @category Channels and sync
 */
export interface SemaphoreOptions extends NamedOptions {
  /**
   * Never hold more than the initial number of permits: a release() that
   * would exceed it throws SemaphoreError (Python's BoundedSemaphore).
   * Default false: a counting semaphore, which release() raises without
   * limit (asyncio's and Trio's Semaphore).
   */
  bounded?: boolean;
}

/**
 * A snapshot of a semaphore's state, from {@link Semaphore.stats}.
 *
 * @example
 * ```ts
 * const { held, waiting } = pool.stats();
 * ```
 *
 * @category Channels and sync
 */
export interface SemaphoreStats {
  /** The semaphore's name: its `name` option or `semaphore#N`. */
  name: string;
  /** The initial number of permits (for a bounded semaphore, also the most it holds). */
  capacity: number;
  /** Permits free right now. */
  available: number;
  /** Permits given out and not yet released: `capacity - available`, or 0 once releases raised `available` above `capacity`. */
  held: number;
  /** Tasks blocked in acquire(). */
  waiting: number;
}

/**
 * Misuse of a bounded semaphore: releasing a permit when none is held. The
 * semaphore's state is unchanged when it is thrown.
 *
 * @example
 * ```ts
 * try { sem.release(); } catch (e) { if (e instanceof SemaphoreError) console.error(e.message); }
 * ```
 *
 * @category Channels and sync
 */
export class SemaphoreError extends UsageError {}

/**
 * A counting semaphore; create one with {@link semaphore}.
 *
 * @example
 * ```ts
 * const slots = semaphore(2);
 * function* download(url: string) {
 *   return yield* slots.withPermit(fetchPage(url)); // at most 2 at once
 * }
 * ```
 *
 * @category Channels and sync
 */
export class Semaphore extends Primitive {
  /** The initial number of permits; for a bounded semaphore, also the most it can hold. */
  readonly capacity: number;
  /** True for a bounded semaphore (`{ bounded: true }`): release() never raises `available` above `capacity`. */
  readonly bounded: boolean;
  /** @internal Free permits; > 0 only while `waiters` is empty. */
  free: number;
  /** @internal Tasks parked in acquire(), oldest first. */
  readonly waiters = new WaitList<unknown>();
  private readonly acquireOp: AcquireOp;

  /** @internal Use {@link semaphore}. */
  constructor(capacity: number, options: SemaphoreOptions) {
    super("sem", options.name);
    this.capacity = capacity;
    this.bounded = options.bounded === true;
    this.free = capacity;
    this.acquireOp = new AcquireOp(this);
  }

  /** Permits free right now. */
  get available(): number {
    return this.free;
  }

  /**
   * Takes a permit, waiting (first come, first served) while none is free.
   * The same instruction object is returned every time; `yield sem.acquire()`
   * is the fast form.
   *
   * @example
   * ```ts
   * yield* sem.acquire();
   * try { yield* work(); } finally { sem.release(); }
   * ```
   */
  acquire(): Instruction<void> {
    return this.acquireOp;
  }

  /**
   * Gives a permit back, or adds one: to the oldest waiting task if there is
   * one (it holds the permit from this moment), otherwise to the pool. A
   * counting semaphore (the default) takes any number of releases, so
   * `semaphore(0)` works as a signal; a bounded one throws SemaphoreError,
   * changing nothing, if no permit is held.
   *
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  release(): void {
    this.touch();
    if (this.bounded && this.free >= this.capacity) {
      throw new SemaphoreError(
        `${callerLabel(this.caller())} called release() on ${this.describe()} when no permit is held (available: ${this.free} of ${this.capacity}), so there is nothing to release; release exactly once per acquire (withPermit() does it for you)`,
      );
    }
    // A queued node's task is blocked here (undo removes a cancelled one), so
    // resume() succeeds; should it not, the next waiter gets the permit
    // rather than the permit being lost.
    for (let node = this.waiters.shift(); node !== null; node = this.waiters.shift()) {
      if (node.task.resume(undefined)) return;
    }
    this.free++;
  }

  /**
   * Takes a permit if one is free right now, without waiting; true if it did.
   * Never takes a permit a waiting task is owed.
   *
   * @example
   * ```ts
   * if (sem.tryAcquire()) { try { doWork(); } finally { sem.release(); } } else skipped++;
   * ```
   */
  tryAcquire(): boolean {
    this.touch();
    if (this.free === 0) return false;
    this.free--;
    return true;
  }

  /**
   * Runs `op` holding a permit: acquires, runs it, and releases on every
   * exit path (return, error, cancellation). Gives `op`'s result.
   *
   * @example
   * ```ts
   * const page = yield* connections.withPermit(fetchPage(url));
   * ```
   */
  *withPermit<T>(op: Operation<T>): Coroutine<T> {
    // A cancellation that lands at this yield happens before the permit is
    // taken (or, if the task was parked, undo removed it): nothing to release.
    yield this.acquireOp;
    try {
      return yield* op;
    } finally {
      this.release();
    }
  }

  /**
   * A snapshot of the semaphore's state.
   *
   * @example
   * ```ts
   * console.log(sem.stats()); // { name: "sem#1", capacity: 2, available: 0, held: 2, waiting: 3 }
   * ```
   */
  stats(): SemaphoreStats {
    return {
      name: this.describe(),
      capacity: this.capacity,
      available: this.free,
      held: Math.max(0, this.capacity - this.free),
      waiting: this.waiters.length,
    };
  }
}

/** @internal `sem.acquire()`: one per semaphore, immutable, shared by every caller. */
export class AcquireOp extends Instruction<void> {
  constructor(readonly semaphore: Semaphore) {
    super();
  }
  describe(): string {
    return `acquire(${this.semaphore.describe()})`;
  }
  tryNow(task: Task<unknown>): void | Waiting {
    const sem = this.semaphore;
    sem.nameFor(task.scheduler);
    if (sem.free === 0) return WAIT;
    sem.free--;
    return undefined;
  }
  override park(task: Task<unknown>): void {
    this.semaphore.waiters.park(new WaitNode(task, this));
  }
}

/**
 * Creates a semaphore with `permits` permits (an integer >= 0), all free.
 * Throws InvalidArgumentError for anything else. It is a counting semaphore,
 * like asyncio's and Trio's: release() adds a permit even above `permits`,
 * so `semaphore(0)` is a signal one task raises and another waits for.
 * `{ bounded: true }` makes it Python's BoundedSemaphore: a release() beyond
 * `permits` throws SemaphoreError.
 *
 * @example
 * ```ts
 * const limit = semaphore(3);
 * yield* scope(function* (group) {
 *   for (const url of urls) yield* group.spawn(() => limit.withPermit(fetchPage(url)));
 * }); // at most 3 fetches at a time
 * ```
 *
 * @category Channels and sync
 */
export function semaphore(permits: number, options: SemaphoreOptions = {}): Semaphore {
  if (!isCount(permits) || permits < 0) {
    throw new InvalidArgumentError(`semaphore(${describeValue(permits)}): the number of permits must be an integer >= 0`);
  }
  checkOptions("semaphore", options);
  const bounded = options.bounded;
  if (bounded !== undefined && typeof bounded !== "boolean") {
    throw new InvalidArgumentError(`semaphore(): the bounded option must be true or false, not ${describeValue(bounded)}`);
  }
  return new Semaphore(permits, options);
}

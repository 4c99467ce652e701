/**
 * Mutex: mutual exclusion with an owner, handed to the oldest waiter.
 *
 * Invariants:
 * - `holder` is the one task allowed in the critical section, or null; only
 *   the holder may unlock (anyone else gets MutexError naming both tasks, and
 *   nothing changes);
 * - tasks wait only while the mutex is held: `holder === null` implies an
 *   empty queue. unlock() with waiters makes the oldest waiter the holder at
 *   once (hand-off, no barging: a tryLock() or a later lock() cannot slip in
 *   between), and that task then receives the wake-up even if it is
 *   cancelled before it runs, so it is never left owning a lock it does not
 *   know it has; its `finally` (or withLock) unlocks it;
 * - a waiter that is cancelled leaves the queue (WaitNode.undo) and never
 *   becomes the holder.
 *
 * Not reentrant: lock() by the holder throws MutexError instead of waiting
 * forever. lock() on a mutex whose holder has finished without unlocking it
 * throws too ("abandoned"), naming the holder; the waiters already queued
 * when that happened stay queued, and the deadlock report names the holder.
 *
 * Condition waiters use this queue too, like any lock() caller: notify()
 * moves a waiter onto it (grantOrQueue), and a waiter interrupted or
 * cancelled out of its wait leaves whatever queue it was in and locks again
 * with an ordinary lock(), at the back of the queue, before wait() lets the
 * error out (see condition.ts). There is no exception to the owner rule.
 *
 * A waiting task's description is `lock(mutex#1) held by task#3 "worker"`:
 * reading the owners in a deadlock report is how a lock cycle shows.
 *
 * Ownership is why this is not `semaphore(1)`: the owner check catches an
 * unlock from the wrong task (the classic bug) at the call, not later.
 */
import { Instruction, UsageError, WAIT } from "../kernel/api.js";
import type { Coroutine, FinishListener, Operation, Task, Waiting } from "../kernel/api.js";
import { Primitive, callerLabel, checkOptions } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link mutex}.
 *
 * @example
 * ```ts
 * const fork = mutex({ name: "fork#3" });
 * ```
 *
 * @category Channels and sync
 */
export type MutexOptions = NamedOptions;

/**
 * A snapshot of a mutex's state, from {@link Mutex.stats}.
 *
 * @example
 * ```ts
 * const { owner, waiting } = accounts.stats(); // owner: 'task#4 "transfer"' or null
 * ```
 *
 * @category Channels and sync
 */
export interface MutexStats {
  /** The mutex's name: its `name` option or `mutex#N`. */
  name: string;
  /** Whether a task holds the mutex. */
  locked: boolean;
  /** The holder's label, or null. */
  owner: string | null;
  /** Tasks blocked in lock() (including condition waiters reacquiring it). */
  waiting: number;
}

/**
 * Misuse of a mutex: unlocking one that is not held or is held by another
 * task, locking one the task already holds, locking one abandoned by a task
 * that finished holding it, or waiting on a condition without holding its
 * mutex. The mutex's state is unchanged when it is thrown.
 *
 * @example
 * ```ts
 * try { m.unlock(); } catch (e) { if (e instanceof MutexError) console.error(e.message); }
 * ```
 *
 * @category Channels and sync
 */
export class MutexError extends UsageError {}

/**
 * A mutual-exclusion lock owned by the task that locked it; create one with
 * {@link mutex}.
 *
 * @example
 * ```ts
 * const accounts = mutex();
 * function* transfer(from: Account, to: Account, amount: number) {
 *   yield* accounts.withLock(move(from, to, amount));
 * }
 * ```
 *
 * @category Channels and sync
 */
export class Mutex extends Primitive {
  /** @internal The task holding the lock, or null. */
  holder: Task<unknown> | null = null;
  /** @internal Tasks parked in lock(), oldest first; non-empty only while held. */
  readonly waiters = new WaitList<unknown>();
  /** @internal */ readonly lockOp: LockOp;

  /** @internal Use {@link mutex}. */
  constructor(options: MutexOptions) {
    super("mutex", options.name);
    this.lockOp = new LockOp(this);
  }

  /** The task holding the lock, or null. */
  get owner(): Task<unknown> | null {
    return this.holder;
  }

  /** True while some task holds the lock. */
  get locked(): boolean {
    return this.holder !== null;
  }

  /**
   * Locks the mutex, waiting (first come, first served) while another task
   * holds it. Throws MutexError if the task already holds it. The same
   * instruction object is returned every time.
   *
   * @example
   * ```ts
   * yield* m.lock();
   * try { yield* critical(); } finally { m.unlock(); }
   * ```
   */
  lock(): Instruction<void> {
    return this.lockOp;
  }

  /**
   * Unlocks the mutex, handing it to the oldest waiting task if any. Must be
   * called by the task holding it; otherwise throws MutexError (naming the
   * caller and the holder) and changes nothing.
   *
   * @example
   * ```ts
   * m.unlock();
   * ```
   */
  unlock(): void {
    const task = this.caller();
    const holder = this.holder;
    if (holder === task && holder !== null) {
      this.handOff();
      return;
    }
    if (holder === null) {
      throw new MutexError(`${callerLabel(task)} called unlock() on ${this.describe()}, which is not locked; unlock exactly once, after lock() returned (withLock() does it for you)`);
    }
    throw new MutexError(
      `${callerLabel(task)} called unlock() on ${this.describe()}, which is held by ${holder.label}; only the task that locked a mutex may unlock it (for a lock any task may release, use a semaphore)`,
    );
  }

  /**
   * Locks the mutex if it is free right now, without waiting; true if it did.
   * Must be called from inside a task (the task becomes the owner).
   *
   * @example
   * ```ts
   * if (cache.tryLock()) { try { refresh(); } finally { cache.unlock(); } }
   * ```
   */
  tryLock(): boolean {
    const task = this.caller();
    if (task === null) {
      throw new MutexError(`tryLock() on ${this.describe()} was called outside any task; a mutex is owned by a task, so lock it from inside one`);
    }
    if (this.holder !== null) return false;
    this.setHolder(task);
    return true;
  }

  /**
   * Runs `op` holding the lock: locks, runs it, and unlocks on every exit
   * path (return, error, cancellation). Gives `op`'s result.
   *
   * @example
   * ```ts
   * const balance = yield* accounts.withLock(readBalance(id));
   * ```
   */
  *withLock<T>(op: Operation<T>): Coroutine<T> {
    // A cancellation that lands at this yield arrives before the lock is
    // taken (or, if the task was parked, undo removed it): nothing to unlock.
    yield this.lockOp;
    try {
      return yield* op;
    } finally {
      this.unlock();
    }
  }

  /**
   * A snapshot of the mutex's state.
   *
   * @example
   * ```ts
   * console.log(m.stats()); // { name: "mutex#1", locked: true, owner: 'task#2 "writer"', waiting: 1 }
   * ```
   */
  stats(): MutexStats {
    return {
      name: this.describe(),
      locked: this.holder !== null,
      owner: this.holder === null ? null : this.holder.label,
      waiting: this.waiters.length,
    };
  }

  /**
   * @internal Releases the lock: the oldest waiter becomes the holder and is
   * resumed, or the mutex becomes free. Precondition: the caller checked
   * that the releasing task is the holder.
   */
  handOff(): void {
    for (let node = this.waiters.shift(); node !== null; node = this.waiters.shift()) {
      this.setHolder(node.task);
      if (node.task.resume(undefined)) return;
    }
    this.setHolder(null);
  }

  /**
   * @internal Every change of holder goes through here. With a scheduler in
   * debug mode the holder is watched (a passive finish listener, which
   * handles nothing), so that a task ending while it holds the mutex is
   * reported at once, not when someone next waits on it.
   */
  setHolder(task: Task<unknown> | null): void {
    const old = this.holder;
    if (old !== null && this.watcher !== null) old.removeFinishListener(this.watcher);
    this.holder = task;
    if (task !== null && task.scheduler.debugWarnings !== null) {
      this.watcher ??= new HolderWatcher(this);
      task.addFinishListener(this.watcher);
    }
  }

  /** @internal Created on first use in debug mode. */
  private watcher: HolderWatcher | null = null;

  /**
   * @internal Makes the parked task of `node` the holder (resuming it) if
   * the mutex is free, or queues it as a lock waiter: how a condition
   * variable moves a notified task onto the mutex without waking it first.
   * Precondition: `node` is in no queue and its task is blocked on it.
   */
  grantOrQueue(node: WaitNode): void {
    if (this.holder === null) {
      this.setHolder(node.task);
      if (node.task.resume(undefined)) return;
      this.setHolder(null);
      return;
    }
    this.waiters.push(node);
  }

  /** @internal What a task parked on this mutex waits on, with the holder. */
  describeWait(): string {
    const holder = this.holder;
    if (holder === null) return this.lockOp.describe();
    const abandoned = holder.isFinished ? `, which ${endedWithout(holder)} (abandoned: nothing will unlock it)` : "";
    return `${this.lockOp.describe()} held by ${holder.label}${abandoned}`;
  }
}

/** "has finished without unlocking it", "failed …", "was cancelled …" (`it`: what was not unlocked). */
function endedWithout(holder: Task<unknown>, it = "it"): string {
  const how = holder.state === "done" ? "has finished" : holder.state === "failed" ? "failed" : "was cancelled";
  return `${how} without unlocking ${it}`;
}

/** Debug mode: reports a task that ends holding the mutex (see Mutex.setHolder). */
class HolderWatcher implements FinishListener {
  readonly passive = true;
  constructor(private readonly mutex: Mutex) {}
  taskFinished(task: Task<unknown>): void {
    const m = this.mutex;
    if (m.holder !== task) return;
    const waiting = m.waiters.length;
    task.scheduler.warn(
      "ended-holding-mutex",
      task,
      `${task.ancestry} ${endedWithout(task, m.describe())}${waiting > 0 ? `; ${waiting} task${waiting === 1 ? " waits" : "s wait"} for it for ever` : ""}. Unlock in a finally block, or use withLock().`,
    );
  }
}

/** @internal A task parked in lock(); its description names the current holder. */
export class LockWaiter extends WaitNode {
  constructor(
    task: Task<unknown>,
    private readonly mutex: Mutex,
  ) {
    super(task, mutex.lockOp);
  }
  override describe(): string {
    return this.mutex.describeWait();
  }
}

/** @internal `m.lock()`: one per mutex, immutable, shared by every caller. */
export class LockOp extends Instruction<void> {
  constructor(readonly mutex: Mutex) {
    super();
  }
  describe(): string {
    return `lock(${this.mutex.describe()})`;
  }
  tryNow(task: Task<unknown>): void | Waiting {
    const m = this.mutex;
    m.nameFor(task.scheduler);
    const holder = m.holder;
    if (holder === null) {
      m.setHolder(task);
      return undefined;
    }
    if (holder === task) {
      throw new MutexError(`${task.label} called lock() on ${m.describe()}, which it already holds; a mutex is not reentrant, so this would wait forever`);
    }
    if (holder.isFinished) {
      throw new MutexError(
        `${task.label} called lock() on ${m.describe()}, which is still held by ${holder.label}, a task that ${endedWithout(holder)} (abandoned); unlock in a finally block, or use withLock()`,
      );
    }
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    this.mutex.waiters.park(new LockWaiter(task, this.mutex));
  }
}

/**
 * Creates a mutex, unlocked.
 *
 * @example
 * ```ts
 * const forks = [0, 1, 2, 3, 4].map((k) => mutex({ name: `fork#${k}` }));
 * ```
 *
 * @category Channels and sync
 */
export function mutex(options: MutexOptions = {}): Mutex {
  checkOptions("mutex", options);
  return new Mutex(options);
}

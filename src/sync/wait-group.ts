/**
 * Wait group: a counter of outstanding work that tasks can wait to reach
 * zero (Go's sync.WaitGroup).
 *
 * Invariants:
 * - count >= 0 always: an add() or done() that would take it below zero
 *   throws WaitGroupError and changes nothing;
 * - tasks wait only while count > 0; when count reaches 0 every waiting
 *   task is woken, oldest first, and returns even if the count goes up
 *   again before it runs (a wake-up is never taken back);
 * - a waiter that is cancelled leaves the queue.
 *
 * The group is reusable: after reaching zero it may be add()ed to again.
 * Unlike Go we do not forbid add() while tasks wait at zero: in a
 * cooperative scheduler there is no race to detect.
 *
 * In spindle a `scope()` already waits for its children; a wait group is for
 * work that is not a set of child tasks (callbacks, requests in flight,
 * tasks spawned elsewhere).
 */
import { Instruction, InvalidArgumentError, UsageError, describeValue , WAIT } from "../kernel/api.js";
import type { Task , Waiting } from "../kernel/api.js";
import { Primitive, callerLabel, checkOptions, isCount } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link waitGroup}.
 *
 * @example
 * ```ts
 * const inFlight = waitGroup({ name: "requests" });
 * ```
 *
 * @category Channels and sync
 */
export type WaitGroupOptions = NamedOptions;

/**
 * A snapshot of a wait group's state, from {@link WaitGroup.stats}.
 *
 * @example
 * ```ts
 * const { count, waiting } = inFlight.stats();
 * ```
 *
 * @category Channels and sync
 */
export interface WaitGroupStats {
  /** The wait group's name: its `name` option or `waitGroup#N`. */
  name: string;
  /** The counter: add() raises it, done() lowers it; wait() passes at 0. */
  count: number;
  /** Tasks blocked in wait(). */
  waiting: number;
}

/**
 * Misuse of a wait group: done() more often than add(), or an add() that
 * would make the count negative. The count is unchanged when it is thrown.
 *
 * @example
 * ```ts
 * try { wg.done(); } catch (e) { if (e instanceof WaitGroupError) console.error(e.message); }
 * ```
 *
 * @category Channels and sync
 */
export class WaitGroupError extends UsageError {}

/**
 * A counter tasks can wait on until it is zero; create one with {@link waitGroup}.
 *
 * @example
 * ```ts
 * const wg = waitGroup();
 * for (const job of jobs) { wg.add(); queue.push({ job, done: () => wg.done() }); }
 * yield* wg.wait(); // every job reported done
 * ```
 *
 * @category Channels and sync
 */
export class WaitGroup extends Primitive {
  /** @internal */ counter = 0;
  /** @internal Tasks parked in wait(), oldest first; empty while the count is 0. */
  readonly waiters = new WaitList<unknown>();
  private readonly waitOp: WaitGroupWaitOp;

  /** @internal Use {@link waitGroup}. */
  constructor(options: WaitGroupOptions) {
    super("wg", options.name);
    this.waitOp = new WaitGroupWaitOp(this);
  }

  /** The outstanding count. */
  get count(): number {
    return this.counter;
  }

  /**
   * Adds `n` (default 1, may be negative) to the count; when it reaches
   * zero, every waiting task is woken. Throws WaitGroupError, changing
   * nothing, if the count would go below zero.
   *
   * @example
   * ```ts
   * wg.add(urls.length);
   * ```
   */
  add(n = 1): void {
    if (!isCount(n)) {
      throw new InvalidArgumentError(`add(${describeValue(n)}) on ${this.describe()}: the amount must be an integer`);
    }
    this.change(n, "add");
  }

  /**
   * Marks one unit of work done (the count goes down by one). Throws
   * WaitGroupError, changing nothing, if the count is already zero.
   *
   * @example
   * ```ts
   * try { yield* handle(request); } finally { wg.done(); }
   * ```
   */
  done(): void {
    this.change(-1, "done");
  }

  /**
   * Waits until the count is zero; returns at once if it is. The same
   * instruction object is returned every time.
   *
   * @example
   * ```ts
   * yield* wg.wait();
   * ```
   */
  wait(): Instruction<void> {
    return this.waitOp;
  }

  /**
   * A snapshot of the wait group's state.
   *
   * @example
   * ```ts
   * console.log(wg.stats()); // { name: "wg#1", count: 2, waiting: 1 }
   * ```
   */
  stats(): WaitGroupStats {
    return { name: this.describe(), count: this.counter, waiting: this.waiters.length };
  }

  private change(n: number, what: "add" | "done"): void {
    this.touch();
    const next = this.counter + n;
    if (next < 0) {
      const task = this.caller();
      throw new WaitGroupError(
        what === "done"
          ? `${callerLabel(task)} called done() on ${this.describe()}, whose count is already 0: done() was called more times than add(); call add() before starting each piece of work`
          : `${callerLabel(task)} called add(${n}) on ${this.describe()}, which would take its count from ${this.counter} to ${next}; the count cannot go below 0`,
      );
    }
    this.counter = next;
    if (next === 0) {
      for (let node = this.waiters.shift(); node !== null; node = this.waiters.shift()) node.task.resume(undefined);
    }
  }
}

/** @internal `wg.wait()`: one per wait group, immutable. */
export class WaitGroupWaitOp extends Instruction<void> {
  constructor(readonly group: WaitGroup) {
    super();
  }
  describe(): string {
    return `wait(${this.group.describe()})`;
  }
  tryNow(task: Task<unknown>): void | Waiting {
    const wg = this.group;
    wg.nameFor(task.scheduler);
    return wg.counter === 0 ? undefined : WAIT;
  }
  override park(task: Task<unknown>): void {
    this.group.waiters.park(new WaitNode(task, this));
  }
}

/**
 * Creates a wait group with count 0.
 *
 * @example
 * ```ts
 * const wg = waitGroup();
 * wg.add(2);
 * yield* spawn(function* () { try { yield* work(1); } finally { wg.done(); } });
 * yield* spawn(function* () { try { yield* work(2); } finally { wg.done(); } });
 * yield* wg.wait();
 * ```
 *
 * @category Channels and sync
 */
export function waitGroup(options: WaitGroupOptions = {}): WaitGroup {
  checkOptions("waitGroup", options);
  return new WaitGroup(options);
}

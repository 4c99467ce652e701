/**
 * Event: a flag tasks can wait for (asyncio.Event, Trio's Event made
 * resettable).
 *
 * Invariants:
 * - tasks wait only while the flag is clear: `isSet` implies no waiter;
 * - set() wakes every task waiting at that moment, oldest first, and each of
 *   them returns from wait() even if reset() is called before it runs (a
 *   wake-up is never taken back), so a set() between two reset()s is never
 *   missed by a task that was waiting for it;
 * - a waiter that is cancelled leaves the queue and is not woken.
 *
 * set() on a set event and reset() on a clear one do nothing, so cleanup
 * code may call them unconditionally.
 */
import { Instruction , WAIT } from "../kernel/api.js";
import type { Task , Waiting } from "../kernel/api.js";
import { Primitive, checkOptions } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link event}.
 *
 * @example
 * ```ts
 * const ready = event({ name: "config-loaded" });
 * ```
 *
 * @category Channels and sync
 */
export type EventOptions = NamedOptions;

/**
 * A snapshot of an event's state, from {@link Event.stats}.
 *
 * @example
 * ```ts
 * const { isSet, waiting } = ready.stats();
 * ```
 *
 * @category Channels and sync
 */
export interface EventStats {
  /** The event's name: its `name` option or `event#N`. */
  name: string;
  /** Whether the event is set (wait() passes at once). */
  isSet: boolean;
  /** Tasks blocked in wait(). */
  waiting: number;
}

/**
 * A settable, resettable flag; create one with {@link event}.
 *
 * @example
 * ```ts
 * const started = event();
 * yield* spawn(function* () { yield* started.wait(); log("go"); });
 * started.set();
 * ```
 *
 * @category Channels and sync
 */
export class Event extends Primitive {
  /** @internal */ flag = false;
  /** @internal Tasks parked in wait(), oldest first; empty while the flag is set. */
  readonly waiters = new WaitList<unknown>();
  private readonly waitOp: EventWaitOp;

  /** @internal Use {@link event}. */
  constructor(options: EventOptions) {
    super("event", options.name);
    this.waitOp = new EventWaitOp(this);
  }

  /** True between set() and the next reset(). */
  get isSet(): boolean {
    return this.flag;
  }

  /**
   * Sets the flag and wakes every waiting task, oldest first. Later wait()s
   * return at once until reset().
   *
   * @example
   * ```ts
   * shutdown.set();
   * ```
   */
  set(): void {
    if (this.flag) return;
    this.touch();
    this.flag = true;
    for (let node = this.waiters.shift(); node !== null; node = this.waiters.shift()) node.task.resume(undefined);
  }

  /**
   * Clears the flag: later wait()s block until the next set().
   *
   * @example
   * ```ts
   * frameDone.reset();
   * ```
   */
  reset(): void {
    this.flag = false;
  }

  /**
   * Waits until the flag is set; returns at once if it already is. The same
   * instruction object is returned every time.
   *
   * @example
   * ```ts
   * yield* configLoaded.wait();
   * ```
   */
  wait(): Instruction<void> {
    return this.waitOp;
  }

  /**
   * A snapshot of the event's state.
   *
   * @example
   * ```ts
   * console.log(e.stats()); // { name: "event#1", isSet: false, waiting: 2 }
   * ```
   */
  stats(): EventStats {
    return { name: this.describe(), isSet: this.flag, waiting: this.waiters.length };
  }
}

/** @internal `e.wait()`: one per event, immutable. */
export class EventWaitOp extends Instruction<void> {
  constructor(readonly event: Event) {
    super();
  }
  describe(): string {
    return `wait(${this.event.describe()})`;
  }
  tryNow(task: Task<unknown>): void | Waiting {
    const e = this.event;
    e.nameFor(task.scheduler);
    return e.flag ? undefined : WAIT;
  }
  override park(task: Task<unknown>): void {
    this.event.waiters.park(new WaitNode(task, this));
  }
}

/**
 * Creates an event, initially clear.
 *
 * @example
 * ```ts
 * const go = event();
 * for (const name of ["a", "b", "c"]) yield* spawn(function* () { yield* go.wait(); yield* runner(name); });
 * go.set(); // all three start together
 * ```
 *
 * @category Channels and sync
 */
export function event(options: EventOptions = {}): Event {
  checkOptions("event", options);
  return new Event(options);
}

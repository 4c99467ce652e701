/**
 * Barrier: `parties` tasks wait for each other, then all go on together;
 * then it is ready for the next round (cyclic, like Python's
 * threading.Barrier and Java's CyclicBarrier).
 *
 * Invariants:
 * - fewer than `parties` tasks wait at any time: the arrival that makes
 *   `parties` trips the barrier, which wakes every waiter and starts a new
 *   round with nobody waiting (`trips` counts the rounds completed);
 * - each task of a round gets a distinct arrival index in 0..parties-1: the
 *   waiters in arrival order get 0, 1, ... and the task that trips the
 *   barrier gets parties - 1 (so `index === 0` elects one task per round);
 * - a waiter cancelled before the barrier trips is taken off the queue, so
 *   the round still needs `parties` live arrivals and the count stays right.
 *   Indices are assigned when the barrier trips, from the waiters still
 *   there, which is why they have no gaps;
 * - a waiter woken by a trip receives its index even if it is cancelled
 *   before it runs.
 *
 * Rejected alternative: Python's "broken barrier" (one waiter leaving
 * breaks the round for everyone). In a structured-concurrency program a
 * cancelled waiter usually belongs to a scope that is going away as a
 * whole; breaking the others would turn one cancellation into errors
 * everywhere. A program that wants that can cancel the others itself.
 */
import { Instruction, InvalidArgumentError, describeValue , WAIT } from "../kernel/api.js";
import type { Task , Waiting } from "../kernel/api.js";
import { Primitive, checkOptions, isCount } from "./primitive.js";
import type { NamedOptions } from "./primitive.js";
import { WaitNode, WaitList } from "../kernel/api.js";

/**
 * Options of {@link barrier}.
 *
 * @example
 * ```ts
 * const tick = barrier(4, { name: "sim-step" });
 * ```
 *
 * @category Channels and sync
 */
export type BarrierOptions = NamedOptions;

/**
 * A snapshot of a barrier's state, from {@link Barrier.stats}.
 *
 * @example
 * ```ts
 * const { waiting, trips } = step.stats();
 * ```
 *
 * @category Channels and sync
 */
export interface BarrierStats {
  /** The barrier's name: its `name` option or `barrier#N`. */
  name: string;
  /** How many tasks each round waits for. */
  parties: number;
  /** Tasks waiting in the current round. */
  waiting: number;
  /** Rounds completed so far. */
  trips: number;
}

/**
 * A reusable meeting point for a fixed number of tasks; create one with
 * {@link barrier}.
 *
 * @example
 * ```ts
 * const step = barrier(3);
 * function* worker(id: number) {
 *   for (let round = 0; round < 10; round++) {
 *     compute(id, round);
 *     const index = yield* step.wait();
 *     if (index === 0) publish(round); // one task per round
 *   }
 * }
 * ```
 *
 * @category Channels and sync
 */
export class Barrier extends Primitive {
  /** How many tasks each round needs. */
  readonly parties: number;
  /** @internal Tasks waiting in the current round, in arrival order. */
  readonly waiters = new WaitList<unknown>();
  /** @internal Rounds completed. */
  tripCount = 0;
  private readonly waitOp: BarrierWaitOp;

  /** @internal Use {@link barrier}. */
  constructor(parties: number, options: BarrierOptions) {
    super("barrier", options.name);
    this.parties = parties;
    this.waitOp = new BarrierWaitOp(this);
  }

  /**
   * Waits until `parties` tasks are waiting, then all continue; gives this
   * task's arrival index (0 for the first to arrive, `parties - 1` for the
   * one that tripped the barrier). The same instruction object is returned
   * every time.
   *
   * @example
   * ```ts
   * const index = yield* step.wait();
   * ```
   */
  wait(): Instruction<number> {
    return this.waitOp;
  }

  /**
   * A snapshot of the barrier's state.
   *
   * @example
   * ```ts
   * console.log(b.stats()); // { name: "barrier#1", parties: 3, waiting: 2, trips: 5 }
   * ```
   */
  stats(): BarrierStats {
    return { name: this.describe(), parties: this.parties, waiting: this.waiters.length, trips: this.tripCount };
  }
}

/** @internal `b.wait()`: one per barrier, immutable. */
export class BarrierWaitOp extends Instruction<number> {
  constructor(readonly barrier: Barrier) {
    super();
  }
  describe(): string {
    return `wait(${this.barrier.describe()})`;
  }
  tryNow(task: Task<unknown>): number | Waiting {
    const b = this.barrier;
    b.nameFor(task.scheduler);
    if (b.waiters.length + 1 < b.parties) return WAIT;
    // This arrival trips the barrier. Every queued node belongs to a blocked
    // task (undo removed the cancelled ones), so each resume succeeds.
    b.tripCount++;
    let index = 0;
    for (let node = b.waiters.shift(); node !== null; node = b.waiters.shift()) {
      if (node.task.resume(index)) index++;
    }
    return index;
  }
  override park(task: Task<unknown>): void {
    this.barrier.waiters.park(new WaitNode(task, this));
  }
}

/**
 * Creates a barrier for `parties` tasks (an integer >= 1).
 *
 * @example
 * ```ts
 * const start = barrier(2);
 * yield* spawn(function* () { yield* start.wait(); yield* play(); });
 * yield* start.wait(); // both start together
 * ```
 *
 * @category Channels and sync
 */
export function barrier(parties: number, options: BarrierOptions = {}): Barrier {
  if (!isCount(parties) || parties < 1) {
    throw new InvalidArgumentError(`barrier(${describeValue(parties)}): the number of parties must be an integer >= 1`);
  }
  checkOptions("barrier", options);
  return new Barrier(parties, options);
}

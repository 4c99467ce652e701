/**
 * What a Container and the stores share: SimPy's put/get primitives. Each
 * has a FIFO of waiting puts and one of waiting gets; it tracks its level
 * and both queue lengths over time, tallies how long puts and gets waited,
 * and counts withdrawals. A subclass decides what a put and a get move and
 * which waiting ones can be served (its `servePuts()` and `serveGets()`,
 * SimPy's `_trigger_put` and `_trigger_get`: a new put serves puts, a new
 * get gets, and the other side is served when the op is processed).
 *
 * Invariant kept here: an operation is in its queue exactly while it is
 * QUEUED, and every change to a queue's length is recorded in its series at
 * the instant it happens.
 */
import type { LevelSummary, TimeWeighted, WaitSummary } from "./monitor.js";
import { SimPrimitive } from "./primitive.js";
import type { MonitorOptions } from "./primitive.js";
import { OpList, QUEUED } from "./queued-op.js";
import type { OpHost, QueuedOp } from "./queued-op.js";
import { copyOf, logOf } from "./resource.js";

/**
 * The statistics a container and a store both report, over the current
 * window. See {@link ContainerStats} and {@link StoreStats}.
 *
 * @category Simulation
 */
export interface PutGetStats {
  /** The container's or store's name: its `name` option or `<kind>#N`. */
  name: string;
  /** The most it holds (an amount, or a number of items); Infinity when unbounded. */
  capacity: number;
  /** Start of the statistics window. */
  since: number;
  /** Length of the window. */
  elapsed: number;
  /** The level over time: the amount held, or the number of items (`level.current` is the level now). */
  level: LevelSummary;
  /** Waiting puts over time. */
  putQueue: LevelSummary;
  /** Waiting gets over time. */
  getQueue: LevelSummary;
  /** Time from put to served, over the puts served in the window. */
  putWait: WaitSummary;
  /** Time from get to served, over the gets served in the window. */
  getWait: WaitSummary;
}

/** @internal The shared part of Container and StoreBase; see the file header. */
export abstract class PutGetPrimitive<P extends QueuedOp<unknown>, G extends QueuedOp<unknown>> extends SimPrimitive implements OpHost {
  /** The most it holds (Infinity by default). */
  abstract readonly capacity: number;
  /** @internal */ protected readonly puts = new OpList<P>();
  /** @internal */ protected readonly gets = new OpList<G>();
  /** @internal Arrival order of the operations made on it. */
  protected seq = 0;
  /** @internal */ protected readonly levelSeries: TimeWeighted;
  /** @internal */ protected readonly putQueueSeries = this.track(0);
  /** @internal */ protected readonly getQueueSeries = this.track(0);
  /** @internal */ protected readonly putWaits = this.tally();
  /** @internal */ protected readonly getWaits = this.tally();
  /** @internal Puts and gets withdrawn in the window. */
  protected withdrawnCount = 0;

  constructor(prefix: string, options: MonitorOptions, what: string, initialLevel: number) {
    super(prefix, options, what);
    this.levelSeries = this.track(initialLevel);
  }

  /** Puts waiting now. */
  get putQueueLength(): number {
    return this.puts.length;
  }

  /** Gets waiting now. */
  get getQueueLength(): number {
    return this.gets.length;
  }

  /** The waiting puts, first to be served first (a copy; SimPy's `put_queue`). */
  get putQueue(): P[] {
    return this.puts.toArray();
  }

  /** The waiting gets, oldest first (a copy; SimPy's `get_queue`). */
  get getQueue(): G[] {
    return this.gets.toArray();
  }

  /**
   * Every change of the level (the amount held, or the number of items), as
   * `[time, level]`, from the first use on. Throws UsageError unless created
   * with `{ log: true }`.
   *
   * @example
   * ```ts
   * const tank = new Container(200, 200, { log: true }); // ... run ...
   * plot(tank.levelLog());
   * ```
   */
  levelLog(): [number, number][] {
    return logOf(this, this.levelSeries.log);
  }

  /**
   * Every completed put's wait, in completion order, across statistics
   * windows. Throws UsageError unless created with `{ log: true }`.
   *
   * @example
   * ```ts
   * histogramSvg(tank.putWaitLog(), { xLabel: "wait to put" });
   * ```
   */
  putWaitLog(): number[] {
    return copyOf(this, this.putWaits.log);
  }

  /**
   * Every completed get's wait, in completion order, across statistics
   * windows. Throws UsageError unless created with `{ log: true }`.
   *
   * @example
   * ```ts
   * histogramSvg(tank.getWaitLog(), { xLabel: "wait for fuel" });
   * ```
   */
  getWaitLog(): number[] {
    return copyOf(this, this.getWaits.log);
  }

  /** @internal Takes a waiting put or get out of its queue (see queued-op.ts). */
  withdraw(op: QueuedOp<unknown>): void {
    const now = this.now();
    // OpList.remove is false for an op that is not in that list: this finds the op's queue.
    if (this.puts.remove(op as P)) this.putQueueSeries.set(now, this.puts.length);
    else if (this.gets.remove(op as G)) this.getQueueSeries.set(now, this.gets.length);
    else return;
    op.markWithdrawn();
    this.withdrawnCount++;
    // The first of a queue may have left: the next one may be served now.
    // (SimPy serves nobody on a cancel, and an op that could go then waits
    // for the next put or get to be processed; here it goes at once.)
    this.servePuts();
    this.serveGets();
  }

  /**
   * @internal What a taken-back get returns, when it no longer fits (a put
   * took the room meanwhile): a put made by nobody, first in the put queue,
   * so that the capacity holds and the next room goes to it.
   */
  protected putBackFirst(put: P): void {
    this.puts.unshift(put);
    this.putQueueSeries.set(put.time, this.puts.length);
  }

  /**
   * @internal A waiting get that cannot be served because user code it
   * runs threw (a FilterStore filter): it leaves its queue and fails with
   * that error, which goes to the process that made it (QueuedOp.refuse);
   * the other gets are served as if it had not been there.
   */
  protected refuseGet(get: G, error: unknown): void {
    if (!this.gets.remove(get)) return;
    this.getQueueSeries.set(this.now(), this.gets.length);
    this.withdrawnCount++;
    get.refuse(error);
  }

  /** @internal The end of a takeBack (see OpHost): the get is withdrawn, and what it gave back may serve the next. */
  protected tookBack(get: G): void {
    this.getWaits.remove(this.now() - get.time); // served in this instant: its wait was counted then
    get.markWithdrawn();
    this.withdrawnCount++;
    this.serveGets();
  }

  /** @internal See OpHost.takeBack. */
  abstract takeBack(op: QueuedOp<unknown>): void;

  /** @internal Queues a put just made, serves the puts, and marks it queued if it must wait. */
  protected queuePut(put: P): P {
    return this.queueOp(put, this.puts, this.putQueueSeries, true);
  }

  /** @internal Queues a get just made, serves the gets, and marks it queued if it must wait. */
  protected queueGet(get: G): G {
    return this.queueOp(get, this.gets, this.getQueueSeries, false);
  }

  /** A new op serves its own side only (SimPy: a new put triggers puts); the other side waits for its processing. */
  private queueOp<O extends QueuedOp<unknown>>(op: O, queue: OpList<O>, series: TimeWeighted, isPut: boolean): O {
    queue.push(op);
    series.set(op.time, queue.length);
    if (isPut) this.servePuts();
    else this.serveGets();
    if (op.stateCode === QUEUED) op.markQueued();
    return op;
  }

  /** @internal The statistics fields shared by every put/get primitive, at `now`. */
  protected putGetStats(now: number): PutGetStats {
    return {
      name: this.describe(),
      capacity: this.capacity,
      since: this.windowStart,
      elapsed: now - this.windowStart,
      level: this.levelSeries.summary(now),
      putQueue: this.putQueueSeries.summary(now),
      getQueue: this.getQueueSeries.summary(now),
      putWait: this.putWaits.summary(),
      getWait: this.getWaits.summary(),
    };
  }

  /**
   * @internal Serves waiting puts as SimPy's `_trigger_put` does. The other
   * side is served only when an op is processed (opProcessed), as in SimPy:
   * a put made now lets a waiting get go once the put's turn comes.
   */
  protected abstract servePuts(): void;
  /** @internal Serves waiting gets as SimPy's `_trigger_get` does. */
  protected abstract serveGets(): void;
  /** @internal See OpHost.opProcessed. */
  abstract opProcessed(op: QueuedOp<unknown>): void;

  /** Forgets the counters and wait tallies, for a new statistics window (see resetStats()). */
  protected resetCounts(): void {
    this.putWaits.reset();
    this.getWaits.reset();
    this.withdrawnCount = 0;
  }
}

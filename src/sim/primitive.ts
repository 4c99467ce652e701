/**
 * What resources, containers and stores share: a name (from sync's
 * Primitive: `res#N`, numbered on first use), the clock they learn from the
 * first task that uses them, and the statistics window.
 *
 * When the statistics start: a primitive learns its clock when it is
 * created with the `sim` option, or created inside a running process, or
 * else when a process first uses it; its statistics window opens then. So a
 * resource made in setup code outside any process, without `sim`, is
 * measured from its first use (`stats().since` says from when); pass `sim`
 * to measure from its creation.
 *
 * Invariants:
 * - `clock` is null until the primitive learns it (see above), then the
 *   scheduler of that simulation for good: a
 *   primitive belongs to one simulation, and using it from another is a
 *   UsageError rather than a silent mix of two clocks;
 * - the statistics window opens when the clock is learnt, and again at each
 *   `resetStats()` (to discard a warm-up period); every time-weighted series
 *   of the primitive is opened at that same instant, so their means cover
 *   the same span.
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/api.js";
import * as api from "../kernel/api.js";
import type { Scheduler, Task } from "../kernel/api.js";
import { Primitive } from "../sync/primitive.js";
import { TimeWeighted, WaitTally } from "./monitor.js";

/**
 * Options every resource, container and store accepts.
 *
 * @example
 * ```ts
 * const pumps = new Resource(2, { name: "pumps", log: true, sim });
 * ```
 *
 * @category Simulation
 */
export interface MonitorOptions {
  /** A name for traces, deadlock reports and error messages (default `res#N`, `container#N`, `store#N`). */
  name?: string;
  /**
   * The simulation it belongs to: its statistics then start at creation
   * (`sim.now`), even when it is created outside any process. Without it,
   * they start at creation inside a process, or else at first use.
   */
  sim?: {
    /** The simulation's scheduler, whose clock the statistics read. */
    readonly scheduler: Scheduler;
  };
  /**
   * Keep a log of every change of the level (users of a resource, level of a
   * container, items in a store) and of the queue length, as `[time, value]`
   * pairs for plotting (see `levelLog()` and `queueLog()`), and of every
   * completed wait's duration, for histograms (`waitLog()` of a resource,
   * `putWaitLog()` and `getWaitLog()` of a container or store). Off by
   * default: it grows with the run.
   */
  log?: boolean;
}

// Bound once: in tsc's CommonJS output an imported function is read from
// the other module's `exports` at each call, and api.ts re-exports it, which
// adds a getter. callingTask() calls it for every request, put and get.
const activeScheduler = api.activeScheduler;

/** @internal Base of the primitives in this folder; see the file header. */
export abstract class SimPrimitive extends Primitive {
  /** @internal The scheduler whose clock this primitive uses, once known. */
  clock: Scheduler | null = null;
  /** @internal Start of the statistics window. */
  windowStart = 0;
  private readonly series: TimeWeighted[] = [];
  private readonly logging: boolean;

  constructor(prefix: string, options: MonitorOptions, what: string) {
    if (typeof options !== "object" || options === null) throw new InvalidArgumentError(`${what}: options must be an object, not ${describeValue(options)}`);
    if (options.name !== undefined && typeof options.name !== "string") {
      throw new InvalidArgumentError(`${what}: the name option must be a string, not ${describeValue(options.name)}`);
    }
    super(prefix, options.name);
    this.logging = options.log === true;
    const sim = options.sim;
    if (sim !== undefined && (typeof sim !== "object" || sim === null || typeof sim.scheduler !== "object")) {
      throw new InvalidArgumentError(`${what}: the sim option must be a Simulation, not ${describeValue(sim)}`);
    }
    const scheduler = sim !== undefined ? sim.scheduler : activeScheduler();
    if (scheduler !== null) this.bind(scheduler);
  }

  /** The current time on this primitive's clock (0 before its first use). */
  protected now(): number {
    return this.clock === null ? 0 : this.clock.now;
  }

  /** Creates a time-weighted series with `initial` as its value, opened with the window. */
  protected track(initial: number): TimeWeighted {
    const series = new TimeWeighted(initial, this.logging);
    this.series.push(series);
    if (this.clock !== null) series.open(this.clock.now);
    return series;
  }

  /** Creates a tally of waits, keeping their log when the primitive logs. */
  protected tally(): WaitTally {
    return new WaitTally(this.logging);
  }

  /** Learns the clock (first use) and checks that it stays the same one. */
  protected bind(scheduler: Scheduler): void {
    if (this.clock === scheduler) return;
    if (this.clock !== null) {
      throw new UsageError(`${this.describe()} belongs to another simulation; create one per simulation (a primitive keeps one clock for its statistics)`);
    }
    this.clock = scheduler;
    this.nameFor(scheduler);
    this.windowStart = scheduler.now;
    for (const series of this.series) series.open(scheduler.now);
  }

  /**
   * The task calling a plain method that makes an operation (request, put,
   * get), or null when it is called outside any process (setup code filling
   * a store before the run, as SimPy allows): the operation then belongs to
   * no task, so no task's end withdraws it and nobody is interrupted if it
   * is preempted. Outside a process the primitive must know its simulation
   * (the `sim` option, or an earlier use): there is no other clock to date
   * the operation by; UsageError otherwise.
   */
  protected callingTask(what: string): Task<unknown> | null {
    const scheduler = activeScheduler();
    // The clock is learnt once; the call is only for the first use (and for
    // the error when another simulation's task uses this primitive).
    if (scheduler !== null && scheduler !== this.clock) this.bind(scheduler);
    const task = scheduler === null ? null : scheduler.current;
    if (task === null && this.clock === null) {
      throw new UsageError(
        `${what} on ${this.describe()} was called outside any process, and ${this.describe()} belongs to no simulation yet; create it with { sim } to use it from setup code (as SimPy's resources take env), or call it inside a process`,
      );
    }
    return task;
  }

  /**
   * Starts a new statistics window now: means, maxima, counts and waits
   * forget everything before this instant (use it to discard a warm-up
   * period). The logs keep their history.
   *
   * @example
   * ```ts
   * sim.runUntil(10_000); server.resetStats(); sim.runUntil(110_000);
   * console.log(server.stats().wait.mean); // over the last 100,000 time units
   * ```
   */
  resetStats(): void {
    this.resetCounts();
    // Before the clock is known the window has not opened yet: it opens at
    // the first use, and opening the series now would date their logs t=0.
    if (this.clock === null) return;
    const now = this.clock.now;
    this.windowStart = now;
    for (const series of this.series) series.open(now);
  }

  /** Subclasses forget their counters and wait tallies here. */
  protected abstract resetCounts(): void;
}

/** @internal Throws InvalidArgumentError unless `n` is an integer >= 1 (or Infinity when allowed). */
export function checkCapacity(what: string, n: unknown, allowInfinity: boolean): number {
  if (typeof n === "number" && ((Number.isInteger(n) && n >= 1) || (allowInfinity && n === Infinity))) return n;
  throw new InvalidArgumentError(`${what}: capacity must be an integer >= 1${allowInfinity ? " (or Infinity)" : ""}, not ${describeValue(n)}`);
}

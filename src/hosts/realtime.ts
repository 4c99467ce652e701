/**
 * The real-time host: time is the wall clock. It arms a single OS timer for
 * the earliest deadline (one setTimeout for any number of sleeping tasks) and,
 * when tasks are ready, runs them in slices of `sliceSteps` steps with a turn
 * of the event loop in between, so I/O and rendering never starve.
 *
 * Invariants: at most one OS timer or immediate is pending at a time; the
 * clock reads wall time since the host was created, so a timer fires at or
 * after its deadline, never before (an OS timer that fires early, because a
 * deadline lies past what setTimeout can wait, only arms the next one).
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import { Scheduler, checkOnError, checkStepBudget } from "../kernel/scheduler.js";
import { withSuppressed } from "../kernel/suppressed.js";
import type { SchedulerOptions, Spawnable } from "../kernel/scheduler.js";
import type { Task } from "../kernel/task.js";

/**
 * Options of {@link RealtimeHost}.
 *
 * @category Hosts
 */
export interface RealtimeOptions extends SchedulerOptions {
  /** Steps per slice before giving the event loop a turn (default 2048). */
  sliceSteps?: number;
  /**
   * Called with each error no task handled, and the task it came from (null
   * for an error no task caused: a timer whose fire() threw). By default it
   * is rethrown from the host's callback, as an uncaught exception. Every
   * error of a tick is reported even if reporting one throws; what was
   * thrown then leaves the callback, the first with the later ones attached
   * (see suppressedErrors).
   */
  onError?: (error: unknown, task: Task<unknown> | null) => void;
  /** Milliseconds from a monotonic clock (default `performance.now`); a reading that is not a finite number is refused with InvalidArgumentError. */
  clock?: () => number;
}

type Handle = { kind: "timeout" | "immediate"; id: unknown };

/**
 * The few timer globals this host uses, present in Node and in browsers
 * (setImmediate only in Node). Declared here so that the package's types do
 * not depend on Node's or the DOM's type definitions.
 */
interface TimerGlobals {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setImmediate?: (callback: () => void) => unknown;
  clearImmediate?: (id: unknown) => void;
  performance: { now(): number };
}
const globals = globalThis as unknown as TimerGlobals;
const hasImmediate = typeof globals.setImmediate === "function";
/**
 * The longest delay setTimeout can wait (about 24.8 days), in Node and in
 * browsers alike; a longer one fires almost at once (Node: after 1 ms, with
 * a TimeoutOverflowWarning). So a longer sleep arms this much, and the tick
 * that fires early, finding nothing due, arms the rest.
 */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * Runs tasks against the wall clock in Node or a browser.
 *
 * @example
 * ```ts
 * const host = new RealtimeHost();
 * host.spawn(function* () { for (;;) { console.log("tick"); yield* sleep(1000); } });
 * ```
 *
 * @category Hosts
 */
export class RealtimeHost {
  /** The scheduler this host runs: for spawning, `dump()` and the clock (`scheduler.now`). */
  readonly scheduler: Scheduler;
  private readonly sliceSteps: number;
  private readonly onError: ((error: unknown, task: Task<unknown> | null) => void) | null;
  private readonly clock: () => number;
  private readonly origin: number;
  private pending: Handle | null = null;
  private pendingDeadline = Infinity;
  private stopped = false;
  /** True while a tick runs: it arms what comes next when it ends, so calls for work meanwhile need nothing armed. */
  private ticking = false;

  constructor(options: RealtimeOptions = {}) {
    this.scheduler = new Scheduler(options);
    // Checked here: a bad option would otherwise fail (or run no step) only in a later tick.
    this.sliceSteps = checkStepBudget("new RealtimeHost()", "sliceSteps", options.sliceSteps ?? 2048);
    this.onError = checkOnError("new RealtimeHost()", options.onError);
    const clock: unknown = options.clock ?? (() => globals.performance.now());
    if (typeof clock !== "function") throw new InvalidArgumentError(`new RealtimeHost(): clock must be a function giving milliseconds (such as () => performance.now()), not ${describeValue(clock)}`);
    this.clock = clock as () => number;
    this.origin = this.readClock("new RealtimeHost()") - this.scheduler.now;
    this.scheduler.onWork = () => this.schedule();
  }

  /** Milliseconds since the host was created. */
  get now(): number {
    return this.scheduler.now;
  }

  /**
   * Starts a top-level task; it runs on the next turn of the event loop.
   *
   * @example
   * ```ts
   * const poller = host.spawn(poll, "https://example.test/status");
   * ```
   */
  spawn<T, A extends unknown[]>(source: Spawnable<T, A>, ...args: A): Task<T> {
    const task = this.scheduler.spawn(source, ...args);
    this.schedule();
    return task;
  }

  /**
   * Stops driving the scheduler: no more OS timers are armed. Tasks keep their
   * state; cancel them first (and let them finish) for a clean shutdown.
   *
   * @example
   * ```ts
   * host.stop();
   * ```
   */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /**
   * Reads the clock. A reading that is not a finite number is refused with
   * an error that blames the clock: the scheduler would otherwise refuse the
   * time itself, naming advanceTo, which the user never called.
   */
  private readClock(where: string): number {
    const time: unknown = this.clock();
    if (typeof time !== "number" || !Number.isFinite(time)) {
      throw new InvalidArgumentError(`${where}: clock() gave ${describeValue(time)}; it must give a finite number of milliseconds from a monotonic clock, such as performance.now()`);
    }
    return time;
  }

  /** Arms what the scheduler needs next: an immediate when work is ready, else a timer for the earliest deadline. */
  private schedule(): void {
    if (this.stopped || this.ticking) return;
    const s = this.scheduler;
    if (s.readyCount > 0) {
      if (this.pending?.kind === "immediate") return;
      this.clear();
      const id = hasImmediate ? (globals.setImmediate as (cb: () => void) => unknown)(this.tick) : globals.setTimeout(this.tick, 0);
      this.pending = { kind: "immediate", id };
      return;
    }
    const deadline = s.nextDeadline();
    if (deadline === Infinity || (this.pending !== null && this.pendingDeadline <= deadline)) return;
    this.clear();
    let elapsed: number;
    try {
      elapsed = this.readClock("RealtimeHost") - this.origin;
    } catch {
      elapsed = this.scheduler.now; // the tick reports the clock's fault; this only arms the timer
    }
    const delay = Math.max(0, deadline - elapsed);
    this.pendingDeadline = deadline;
    this.pending = { kind: "timeout", id: globals.setTimeout(this.tick, Math.min(Math.ceil(delay), MAX_TIMER_DELAY)) };
  }

  private clear(): void {
    const p = this.pending;
    if (p === null) return;
    if (p.kind === "immediate" && hasImmediate) (globals.clearImmediate as (id: unknown) => void)(p.id);
    else globals.clearTimeout(p.id);
    this.pending = null;
    this.pendingDeadline = Infinity;
  }

  private readonly tick = (): void => {
    this.pending = null;
    this.pendingDeadline = Infinity;
    const s = this.scheduler;
    // A timer whose fire() throws does not stop the tick: the tasks the
    // other timers woke run, the next tick is armed, then the error is
    // reported. The host never stalls.
    let timerFailure: { error: unknown } | null = null;
    // The tasks the timers wake (onWork calls) run in this tick: no immediate for them.
    this.ticking = true;
    try {
      try {
        s.advanceTo(this.readClock("RealtimeHost") - this.origin);
      } catch (error) {
        timerFailure = { error };
      }
      s.runReady(this.sliceSteps);
    } finally {
      this.ticking = false;
      this.schedule();
    }
    this.reportAll(timerFailure);
  };

  /**
   * Reports every failure of the tick, the timers' last. Each is reported
   * even if reporting an earlier one threw (onError threw, or there is no
   * onError): nothing is left in `uncaught`, where no later tick may ever
   * come to report it. What was thrown then leaves the callback: the first
   * error, with the later ones attached (see suppressedErrors).
   */
  private reportAll(timerFailure: { error: unknown } | null): void {
    const uncaught = this.scheduler.uncaught;
    const thrown: unknown[] = [];
    const reportCatching = (error: unknown, task: Task<unknown> | null): void => {
      try {
        this.report(error, task);
      } catch (reportError) {
        thrown.push(reportError);
      }
    };
    while (uncaught.length > 0) {
      const { task, error } = uncaught.shift() as { task: Task<unknown>; error: unknown };
      reportCatching(error, task);
    }
    if (timerFailure !== null) reportCatching(timerFailure.error, null);
    if (thrown.length > 0) throw withSuppressed(thrown[0], thrown.slice(1), "RealtimeHost");
  }

  private report(error: unknown, task: Task<unknown> | null): void {
    if (this.onError === null) throw error;
    this.onError(error, task);
  }
}

/**
 * Progress reports for long runs: what a caller is told, at a bounded rate,
 * while a virtual run (or a set of replications) is under way, so that a
 * long run does not look hung.
 *
 * Why the reports cost nothing when unused: the kernel's run loop never
 * looks at a clock. A host given `onProgress` runs the scheduler in slices
 * of a few thousand units of work (Scheduler.runVirtualSlice) and reads
 * the wall clock between slices only; a host without it makes the one
 * runVirtual call it always made.
 *
 * Why a callback that throws loses nothing: it is only ever called between
 * slices, after the scheduler has finished its run call, so its error
 * leaves the host's run call with every task in a consistent state (a later
 * call may go on).
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import type { Scheduler } from "../kernel/scheduler.js";
import type { Task } from "../kernel/task.js";

/**
 * One progress report: how far a long call has got. The same shape for a
 * virtual run (`run`, `VirtualHost`, `Simulation`) and for `replicate`
 * (spindle/node); a field that does not apply to the call is `null`.
 *
 * @example
 * ```ts
 * const onProgress = (p: Progress): void => {
 *   const share = p.fraction === null ? "" : ` ${(100 * p.fraction).toFixed(0)}%`;
 *   console.error(`t=${p.now} ms${share}, ${p.tasksFinished} tasks done, ${p.elapsedMs.toFixed(0)} ms of wall time`);
 * };
 * run(main, { onProgress });
 * ```
 *
 * @category Hosts
 */
export interface Progress {
  /**
   * The share of the work done, from 0 to 1, when the end is known: the
   * span of virtual time a `runUntil(t)` covers, or the replications of a
   * `replicate`. `null` for `run()` and `runTask()`, whose end nobody knows.
   */
  readonly fraction: number | null;
  /** Wall-clock milliseconds since the call began, by the `wallClock` option. */
  readonly elapsedMs: number;
  /** True for the last report of the call, made once when the work has ended (not when the call throws). */
  readonly final: boolean;
  /** The virtual clock, in ms; `null` for `replicate`. */
  readonly now: number | null;
  /** The virtual time the call runs to when it is known (`runUntil(t)`), else `null`. */
  readonly until: number | null;
  /** Ready-queue entries run since the call began (a task step each); `null` for `replicate`. */
  readonly steps: number | null;
  /** Tasks finished since the host was made; `null` for `replicate`. */
  readonly tasksFinished: number | null;
  /** Replications finished so far; `null` for a virtual run. */
  readonly replicationsDone: number | null;
  /** Replications in all (the number of seeds); `null` for a virtual run. */
  readonly replications: number | null;
}

/**
 * The progress options, taken by `run`, `VirtualHost`, `Simulation` and
 * `replicate`. Without `onProgress` nothing is measured and the run costs
 * what it always did.
 *
 * @example
 * ```ts
 * let clock = 0;
 * const options: ProgressOptions = { onProgress: (p) => console.log(p.elapsedMs), progressInterval: 1000, wallClock: () => (clock += 10) };
 * ```
 *
 * @category Hosts
 */
export interface ProgressOptions {
  /**
   * Called at most once per `progressInterval` of wall time while the call runs, and once more when it ends (`final: true`). An error it throws becomes the call's error.
   * It must not drive the host it reports on: `run`, `runUntil`, `runTask` (and a Simulation's `step`, `run`, `runUntil`, `runUntilEvent`) called from it throw UsageError. Spawning tasks from it is fine.
   */
  onProgress?: (progress: Progress) => void;
  /** The least wall time between two reports, in ms (default 100). */
  progressInterval?: number;
  /** The wall clock, in ms (default `performance.now`): give your own for reports that are the same run after run, as in a test. */
  wallClock?: () => number;
}

/** The default least time between two reports, in ms. */
const DEFAULT_INTERVAL = 100;
/** Units of work (task steps and timer instants) in the first slice of a call. */
const FIRST_SLICE = 1024;
/** Slices never grow beyond this, so that a run that slows down is looked at again soon. */
const MAX_SLICE = 1 << 16;

function defaultWallClock(): number {
  return performance.now();
}

/**
 * @internal The progress options of one host, checked, and the state of
 * the call being reported. The size of a slice adapts to the speed of the
 * work: it doubles while a slice takes under a quarter of the interval and
 * halves when one takes more than half of it, so the clock is read rarely
 * in a fast run, and often enough in a slow one.
 */
export class ProgressMeter {
  private readonly callback: (progress: Progress) => void;
  private readonly interval: number;
  private readonly clock: () => number;
  /** How many units of work the next slice may run. */
  slice = FIRST_SLICE;
  private startWall = 0;
  private lastCheck = 0;
  private lastReport = 0;
  private startNow = 0;
  private until: number | null = null;
  private steps = 0;

  private constructor(callback: (progress: Progress) => void, interval: number, clock: () => number) {
    this.callback = callback;
    this.interval = interval;
    this.clock = clock;
  }

  /** The meter for `options`, or null when no `onProgress` is given. Throws InvalidArgumentError for a bad option. */
  static from(where: string, options: ProgressOptions): ProgressMeter | null {
    const { callback, interval, clock } = checkProgressOptions(where, options);
    return callback === null ? null : new ProgressMeter(callback, interval, clock);
  }

  /** A call begins: `until` is its target time when it has one. */
  begin(scheduler: Scheduler, until: number | null): void {
    this.startWall = this.lastCheck = this.lastReport = this.clock();
    this.startNow = scheduler.now;
    this.until = until;
    this.steps = 0;
  }

  /** A slice has ended, having run `steps` task steps: reports if the interval has passed since the last report. */
  sliceEnded(scheduler: Scheduler, steps: number): void {
    this.steps += steps;
    // A failure on its way to the caller: it, not a report that throws, is the call's error.
    if (scheduler.uncaught.length > 0) return;
    const wall = this.clock();
    const took = wall - this.lastCheck;
    this.lastCheck = wall;
    if (took < this.interval / 4) this.slice = Math.min(this.slice * 2, MAX_SLICE);
    else if (took > this.interval / 2) this.slice = Math.max(this.slice >> 1, 1);
    if (wall - this.lastReport < this.interval) return;
    this.lastReport = wall;
    this.callback(this.report(scheduler, wall, false));
  }

  /** The last slice of a call has ended, having run `steps` task steps. */
  countSteps(steps: number): void {
    this.steps += steps;
  }

  /** The call has ended without a failure: the final report. */
  end(scheduler: Scheduler): void {
    this.callback(this.report(scheduler, this.clock(), true));
  }

  private report(scheduler: Scheduler, wall: number, final: boolean): Progress {
    const until = this.until;
    const now = scheduler.now;
    let fraction: number | null = null;
    if (until !== null) fraction = until > this.startNow ? Math.min(1, (now - this.startNow) / (until - this.startNow)) : final ? 1 : 0;
    return {
      fraction,
      elapsedMs: wall - this.startWall,
      final,
      now,
      until,
      steps: this.steps,
      tasksFinished: scheduler.nextTaskId - 1 - scheduler.liveTasks,
      replicationsDone: null,
      replications: null,
    };
  }
}

/**
 * @internal Checks the progress options: the callback (null when absent),
 * the interval and the clock, with their defaults. Throws
 * InvalidArgumentError naming `where` for a value of the wrong kind.
 */
export function checkProgressOptions(where: string, options: ProgressOptions): { callback: ((progress: Progress) => void) | null; interval: number; clock: () => number } {
  const callback: unknown = options.onProgress ?? null;
  if (callback !== null && typeof callback !== "function") {
    throw new InvalidArgumentError(`${where}: onProgress must be a function (progress) => void, not ${describeValue(callback)}`);
  }
  const interval: unknown = options.progressInterval ?? DEFAULT_INTERVAL;
  if (typeof interval !== "number" || !(interval >= 0) || interval === Infinity) {
    throw new InvalidArgumentError(`${where}: progressInterval must be a finite number of ms >= 0, such as 100, not ${describeValue(interval)}`);
  }
  const clock: unknown = options.wallClock ?? defaultWallClock;
  if (typeof clock !== "function") {
    throw new InvalidArgumentError(`${where}: wallClock must be a function that gives the time in ms, such as () => performance.now(), not ${describeValue(clock)}`);
  }
  return { callback: callback as ((progress: Progress) => void) | null, interval, clock: clock as () => number };
}

/**
 * @internal The virtual host's loop with progress reports: the scheduler's
 * runVirtual in slices, a report considered after each. Steps the same
 * tasks in the same order as one runVirtual call.
 */
export function runVirtualReporting(scheduler: Scheduler, meter: ProgressMeter, limit: number, stopAfter: Task<unknown> | null): void {
  let resuming = false;
  for (;;) {
    const ended = scheduler.runVirtualSlice(limit, stopAfter, meter.slice, resuming);
    if (ended) {
      meter.countSteps(scheduler.sliceSteps);
      return;
    }
    meter.sliceEnded(scheduler, scheduler.sliceSteps);
    resuming = true;
  }
}

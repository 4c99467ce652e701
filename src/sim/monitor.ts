/**
 * Monitoring without monkey-patching: the statistics every resource,
 * container and store keeps about itself as it runs.
 *
 * - {@link TimeWeighted} follows a quantity that holds its value between
 *   changes (users of a resource, queue length, level of a container) and
 *   gives its time-weighted mean over virtual time: the integral of the
 *   value over the window divided by the window's length. That is the mean a
 *   queueing formula means by L or Lq, not the mean of the values seen at
 *   each change (which over-weights busy instants).
 * - {@link WaitTally} counts completed waits (a request granted, an item
 *   got) and their durations, for W and Wq.
 *
 * Invariants of TimeWeighted: `area` is the integral of the value from
 * `start` to `last`; `last <= now` whenever it is read (the clock never goes
 * back); `min`/`max` cover the values held during the window, including the
 * value held when the window opened. The log, when enabled, records every
 * change as `[time, value]` from the moment monitoring started, across
 * windows (a reset restarts the statistics, not the history).
 *
 * The cost per change is a multiply, an add and two compares (plus a push
 * when the log is on), so monitoring is always on.
 *
 * A WaitTally keeps a log too when asked (`new WaitTally(true)`, or a
 * primitive created with `{ log: true }`): every completed wait's duration,
 * in completion order, across windows like TimeWeighted's log; a wait taken
 * back with remove() leaves it. Off by default, so by default a wait costs
 * two adds and two compares, as before.
 */

/**
 * A time-weighted summary of a quantity over the statistics window.
 *
 * @example
 * ```ts
 * const { mean, max } = counter.stats().queue; // mean queue length, longest queue
 * ```
 *
 * @category Simulation
 */
export interface LevelSummary {
  /** The value now. */
  current: number;
  /** Time-weighted mean over the window (the current value if the window has length 0). */
  mean: number;
  /** Smallest value held during the window. */
  min: number;
  /** Largest value held during the window. */
  max: number;
}

/**
 * A summary of completed waits over the statistics window.
 *
 * @example
 * ```ts
 * const { count, mean, max } = counter.stats().wait; // customers served, mean and longest wait in queue
 * ```
 *
 * @category Simulation
 */
export interface WaitSummary {
  /** Waits completed in the window (requests granted, items put or got), including those of length 0. */
  count: number;
  /** How many of them had to wait at all (duration > 0). */
  waited: number;
  /** Sum of the durations. */
  total: number;
  /** Mean duration over `count` (0 when there were none). */
  mean: number;
  /** Longest duration (0 when there were none). */
  max: number;
}

/**
 * A step function of time and its time-weighted statistics.
 *
 * @example
 * ```ts
 * const busy = new TimeWeighted(0, true);
 * busy.open(0);
 * busy.set(2, 1); // from t=2 the value is 1
 * busy.summary(10).mean; // 0.8
 * busy.log; // [[0, 0], [2, 1]]
 * ```
 *
 * @category Simulation
 */
export class TimeWeighted {
  /** The value now. */
  value: number;
  /** Every change as [time, value], when logging was asked for; else null. */
  readonly log: [number, number][] | null;
  private start = 0;
  private last = 0;
  private area = 0;
  private min: number;
  private max: number;

  constructor(initial: number, log: boolean) {
    this.value = initial;
    this.min = this.max = initial;
    this.log = log ? [] : null;
  }

  /** Starts monitoring at `now` (the first time) or restarts the window at `now`. */
  open(now: number): void {
    this.start = this.last = now;
    this.area = 0;
    this.min = this.max = this.value;
    if (this.log !== null && this.log.length === 0) this.log.push([now, this.value]);
  }

  /**
   * The value becomes `value` at time `now` (nothing happens if it already
   * is: the log records changes only). Precondition: `now` is not before
   * the last change.
   */
  set(now: number, value: number): void {
    if (value === this.value) return;
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
    if (this.log !== null) this.log.push([now, value]);
  }

  /** The statistics of the window from its start to `now`. */
  summary(now: number): LevelSummary {
    const elapsed = now - this.start;
    const area = this.area + this.value * (now - this.last);
    return { current: this.value, mean: elapsed > 0 ? area / elapsed : this.value, min: this.min, max: this.max };
  }
}

/**
 * Count, total and maximum of wait durations.
 *
 * @example
 * ```ts
 * const waits = new WaitTally();
 * waits.add(0); waits.add(3);
 * waits.summary(); // { count: 2, waited: 1, total: 3, mean: 1.5, max: 3 }
 * const logged = new WaitTally(true);
 * logged.add(2); logged.add(0);
 * logged.log; // [2, 0]: every wait, for a histogram
 * ```
 *
 * @category Simulation
 */
export class WaitTally {
  /** Every completed wait's duration, in completion order, when logging was asked for; else null. */
  readonly log: number[] | null;
  private count = 0;
  private waited = 0;
  private total = 0;
  private max = 0;

  /** `log`: keep every duration (it grows with the run; off by default). */
  constructor(log = false) {
    this.log = log ? [] : null;
  }

  /** Records one completed wait of `duration`. */
  add(duration: number): void {
    this.count++;
    this.total += duration;
    if (duration > 0) {
      this.waited++;
      if (duration > this.max) this.max = duration;
    }
    if (this.log !== null) this.log.push(duration);
  }

  /**
   * Forgets one wait recorded with add() (an operation taken back before
   * its task received it). The maximum is kept: it is not recomputed. The
   * log drops the latest entry of that duration.
   */
  remove(duration: number): void {
    this.count--;
    this.total -= duration;
    if (duration > 0) this.waited--;
    if (this.log !== null) {
      const at = this.log.lastIndexOf(duration);
      if (at >= 0) this.log.splice(at, 1);
    }
  }

  /** Forgets everything (a new statistics window). */
  reset(): void {
    this.count = this.waited = this.total = this.max = 0;
  }

  /** The waits recorded so far: how many, how many waited at all, total, mean and longest. */
  summary(): WaitSummary {
    return { count: this.count, waited: this.waited, total: this.total, mean: this.count > 0 ? this.total / this.count : 0, max: this.max };
  }
}

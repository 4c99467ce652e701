/**
 * The virtual host: a clock that jumps straight to the next timer. A run is
 * synchronous, as fast as the CPU allows, and exactly reproducible: the
 * host for simulations, tests and benchmark runs.
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/errors.js";
import type { Operation } from "../kernel/instruction.js";
import { Scheduler, refuseReentry } from "../kernel/scheduler.js";
import type { SchedulerOptions, Spawnable } from "../kernel/scheduler.js";
import { Task } from "../kernel/task.js";
import { deadlockOf } from "./deadlock.js";
import { ProgressMeter, runVirtualReporting } from "./progress.js";
import type { ProgressOptions } from "./progress.js";

/**
 * Options of {@link run} and {@link VirtualHost}: the scheduler's (seed,
 * start time, tracer, policy, debug) and the progress reports'
 * (`onProgress`, see {@link Progress}).
 *
 * @category Hosts
 */
export type VirtualOptions = SchedulerOptions & ProgressOptions;

/**
 * Runs tasks on a virtual clock. `run()` goes until every task has
 * finished; `runUntil(t)` stops at time t with the rest still pending, to be
 * continued by a later call.
 *
 * @example
 * ```ts
 * const sim = new VirtualHost({ seed: 1 });
 * const server = sim.spawn(serve);
 * sim.runUntil(60_000);   // one simulated minute
 * server.cancel();
 * sim.run();              // let the cleanup finish
 * ```
 *
 * @category Hosts
 */
export class VirtualHost {
  /** The scheduler this host runs: for spawning, `dump()` and the clock (`scheduler.now`). */
  readonly scheduler: Scheduler;
  /** @internal The progress reports asked for (`onProgress`), or null: then each run is one runVirtual call, as fast as without this option. */
  readonly progress: ProgressMeter | null;
  /**
   * The run call under way on a host with progress reports (its name), else
   * null. It stays set for the whole call, between slices too, where
   * onProgress (and wallClock) run with no task running, so refuseReentry
   * lets them through: a run call from there would move the clock past the
   * outer call's target (which then sets it back) and restart its meter.
   */
  private reporting: string | null = null;

  constructor(options: VirtualOptions = {}) {
    this.scheduler = new Scheduler(options);
    this.progress = ProgressMeter.from("new VirtualHost()", options);
  }

  /** The current virtual time, in milliseconds. */
  get now(): number {
    return this.scheduler.now;
  }

  /**
   * Starts a top-level task; it runs at the next `run`/`runUntil`.
   *
   * @example
   * ```ts
   * const t = sim.spawn(customer, 1);
   * ```
   */
  spawn<T, A extends unknown[]>(source: Spawnable<T, A>, ...args: A): Task<T> {
    return this.scheduler.spawn(source, ...args);
  }

  /**
   * Runs until no task is left. Throws the first error no task handled,
   * and DeadlockError if tasks are blocked with nothing left to wake them.
   *
   * @example
   * ```ts
   * sim.spawn(main); sim.run();
   * ```
   */
  run(): void {
    this.beginCall("run()");
    try {
      this.runWhile(Infinity, null, null);
      // Before the final report: a call that throws makes none (see Progress.final).
      if (this.scheduler.liveTasks > 0) throw deadlockOf(this.scheduler);
      this.progressEnded();
    } finally {
      this.endCall();
    }
  }

  /**
   * Runs every event due before time `t`, then leaves the clock at `t`
   * (even if nothing happens then). Timers due exactly at `t` have not fired
   * yet: they are the next call's first events, as with SimPy's
   * `run(until=t)`, so `runUntil(10)` then `runUntil(20)` runs each instant
   * once, in one call. `runUntil(now)` runs the current instant (what is
   * ready, and the timers due now). Does not report deadlock: later calls
   * may continue, and code outside may cancel or wake tasks meanwhile.
   *
   * @example
   * ```ts
   * sim.runUntil(1000); console.log(sim.now); // 1000
   * ```
   */
  runUntil(t: number): void {
    this.beginCall("runUntil(t)");
    try {
      if (typeof t !== "number" || !Number.isFinite(t)) {
        throw new InvalidArgumentError(`runUntil(${String(t)}): the time must be a finite number; use run() to run until every task has finished`);
      }
      if (!(t >= this.scheduler.now)) throw new UsageError(`runUntil(${t}): the clock is already at ${this.scheduler.now} and never goes back`);
      // The current instant is the one exception: runUntil(now) runs it (what
      // is ready, and the timers due now), the idiom for "run what is ready";
      // SimPy refuses run(until=now) instead.
      this.runWhile(t === this.scheduler.now ? t : justBefore(t), null, t);
      this.scheduler.now = t;
      this.progressEnded();
    } finally {
      this.endCall();
    }
  }

  /**
   * Runs until `task` has finished and gives its result (or throws its
   * error). Other tasks run meanwhile; they keep their state afterwards.
   *
   * @example
   * ```ts
   * const answer = sim.runTask(sim.spawn(compute, 21)); // 42
   * ```
   */
  runTask<T>(task: Task<T>): T {
    this.beginCall("runTask()");
    try {
      if (!(task instanceof Task)) {
        throw new InvalidArgumentError(`runTask(${describeValue(task)}): needs a Task, what spawn() gives (to run a generator function, use run() or runTask(host.spawn(fn)))`);
      }
      if (task.scheduler !== this.scheduler) {
        throw new UsageError(`runTask(${task.label}): the task belongs to another host than this VirtualHost; run it on the host that spawned it`);
      }
      this.runWhile(Infinity, task, null);
      // Before the final report: a call that throws makes none (see Progress.final).
      if (!task.isFinished) throw deadlockOf(this.scheduler);
      this.progressEnded();
      return task.value;
    } finally {
      this.endCall();
    }
  }

  /**
   * @internal A call that drives this host begins: refused from inside one
   * of its tasks, and from its own onProgress or wallClock while another
   * call runs (the host is then marked as running `what` until the caller's
   * `finally` calls endCall(); only a host with reports needs the mark).
   */
  beginCall(what: string): void {
    refuseReentry(`VirtualHost.${what}`);
    this.refuseFromProgress(what);
    if (this.progress !== null) this.reporting = what;
  }

  /** @internal The call that ends a run begun with {@link beginCall}: clears the mark. */
  endCall(): void {
    this.reporting = null;
  }

  /** @internal Throws UsageError when `what` is called while a call with progress reports runs, that is from its onProgress or wallClock. */
  refuseFromProgress(what: string): void {
    if (this.reporting === null) return;
    throw new UsageError(
      `${what} was called from onProgress (or wallClock) while ${this.reporting} was running: onProgress must not drive the host it reports on, since the call under way would lose its place in virtual time. Note what you need there (spawning tasks is fine), and drive the host after the call returns`,
    );
  }

  /**
   * Runs ready tasks; when none is left, jumps the clock to the next timer
   * (firing every timer due at that instant before any task runs), up to
   * `limit` and until `stopAfter` (if given) has finished. Throws the first
   * failure nobody handled. `until` is the time the call runs to, for the
   * progress reports, when it has one.
   */
  private runWhile(limit: number, stopAfter: Task<unknown> | null, until: number | null): void {
    // A failure an earlier call left (it throws only the first) is thrown
    // before anything runs, not after this call's own work.
    this.throwUncaught();
    const meter = this.progress;
    if (meter === null) {
      this.scheduler.runVirtual(limit, stopAfter);
    } else {
      meter.begin(this.scheduler, until);
      runVirtualReporting(this.scheduler, meter, limit, stopAfter);
    }
    this.throwUncaught();
  }

  /** The run call has ended without a failure: the final progress report, if reports were asked for. */
  private progressEnded(): void {
    if (this.progress !== null) this.progress.end(this.scheduler);
  }

  private throwUncaught(): void {
    const first = this.scheduler.uncaught.shift();
    if (first !== undefined) throw first.error;
  }
}

/**
 * Runs `main` on a fresh virtual clock until it has finished (with its
 * children's cleanup) and returns its result, or throws its error. Throws
 * DeadlockError, listing every blocked task, if the program can never finish.
 * With `onProgress` in the options, a long run reports how far it has got
 * (see {@link Progress}).
 *
 * @example
 * ```ts
 * const result = run(function* () { yield* sleep(1000); return "one virtual second later"; });
 * ```
 *
 * @category Hosts
 */
export function run<T>(main: (() => Operation<T>) | Operation<T>, options: VirtualOptions = {}): T {
  refuseReentry("run()");
  const host = new VirtualHost(options);
  const task = host.scheduler.spawnTask(null, main as Spawnable<T, []>, [], false, "main");
  return host.runTask(task);
}

/** The largest double below `t`: a limit under which everything due before `t` runs and nothing due at `t`. */
function justBefore(t: number): number {
  if (t === 0) return -Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([t]).buffer);
  bits[0] = (bits[0] as bigint) + (t > 0 ? -1n : 1n);
  return (new Float64Array(bits.buffer)[0] as number);
}

/**
 * The scheduler: a ready queue, a timer heap and the loop that resumes tasks.
 * It knows nothing of channels or semaphores, and nothing of how time passes:
 * a host (virtual, frame, real time) moves the clock and asks it to run.
 *
 * One Scheduler object, written in three files by concern:
 * - lifecycle.ts: creating, waking, cancelling, interrupting and finishing
 *   tasks, and where failures go;
 * - step-loop.ts: the hot path that resumes a task and runs what it yields;
 * - this file: what hosts and tools call (spawn, the run calls, the clock and
 *   timers, introspection).
 * Every task state change goes through the transitions in task-state.ts.
 *
 * Policies, and why:
 * - Ready tasks run FIFO; timers fire by (deadline, arming order). Both are
 *   what SimPy and asyncio do and what makes a run reproducible.
 * - A timer's fire() is user code when the timer is a user's: if it throws,
 *   the other timers due at that instant still fire (every task they wake is
 *   queued), and then the run call throws the first error to the host.
 */
import { InvalidArgumentError, UsageError, describeValue } from "./errors.js";
import { clearSharedResults, creation, protocol } from "./instruction.js";
import { exemplarsKept, keepExemplars } from "./exemplars.js";
import type { SchedulerOptions, Spawnable } from "./lifecycle.js";
import { StepLoop } from "./step-loop.js";
import { Task, describeWait } from "./task.js";
import * as states from "./task-state.js";
import { Timer } from "./timer-heap.js";
import type { TimerEntry } from "./timer-heap.js";
import { checkDeadline } from "./clock.js";
import type { Turn } from "./turn.js";

export type { SchedulerOptions, Spawnable, UncaughtFailure } from "./lifecycle.js";

const { DONE } = states; // a local const: see step-loop.ts
export { taskOfError } from "./lifecycle.js";

/**
 * The scheduler that is running a step right now, if any (a host uses it to
 * refuse being re-entered from inside a task).
 *
 * @example
 * ```ts
 * if (activeScheduler() !== null) throw new Error("not from inside a task");
 * ```
 *
 * @category Extending
 */
export function activeScheduler(): Scheduler | null {
  return protocol.active;
}

/**
 * Throws UsageError when called from inside a task of any scheduler: a task
 * must never run a scheduler synchronously. Hosts call it before they change
 * any state, so a refused call leaves everything as it was.
 *
 * @example
 * ```ts
 * refuseReentry("MyHost.tick()");
 * ```
 *
 * @category Extending
 */
export function refuseReentry(what: string): void {
  const active = protocol.active;
  if (active === null) return;
  const task = active.current;
  throw new UsageError(
    `${what} was called from inside ${task ? task.label : "a task"}: a task cannot run a scheduler synchronously; spawn the work and join it with yield* instead`,
  );
}

/**
 * The kernel. Hosts own one and decide when time passes; tasks reach it
 * through `task.scheduler`. Most programs never touch it directly: they call
 * {@link run} or use a host.
 *
 * @example
 * ```ts
 * const scheduler = new Scheduler({ seed: 7 });
 * const task = scheduler.spawn(main);
 * while (!task.isFinished) { scheduler.runReady(); scheduler.advanceTo(scheduler.nextDeadline()); }
 * ```
 *
 * @category Hosts
 */
export class Scheduler extends StepLoop {
  private nextObjectId = 1;

  constructor(options: SchedulerOptions = {}) {
    super(options);
    if (!exemplarsKept()) keepExemplars(() => new Scheduler());
  }

  /**
   * A number for naming a primitive in traces (`ch#3`), drawn in the order
   * primitives are first used, so names are the same run after run.
   *
   * @example
   * ```ts
   * const label = `gate#${task.scheduler.newObjectId()}`;
   * ```
   */
  newObjectId(): number {
    return this.nextObjectId++;
  }

  /** Tasks waiting in the ready queue (a turn queued with queueTurn counts as one). */
  get readyCount(): number {
    return this.ready.length;
  }

  /** Armed timers. */
  get timerCount(): number {
    return this.timers.size;
  }

  /**
   * Starts a top-level task (no parent): from a generator function and its
   * arguments, or from an operation. It runs when the host next runs the
   * scheduler. Its failure, unless someone joins it, goes to `uncaught`.
   *
   * @example
   * ```ts
   * const t = scheduler.spawn(worker, 1, "a"); // worker(1, "a") as a task
   * ```
   */
  spawn<T, A extends unknown[]>(source: Spawnable<T, A>, ...args: A): Task<T> {
    return this.spawnTask(null, source, args, false);
  }

  /**
   * Runs ready tasks, oldest first, until the queue is empty or `maxSteps`
   * tasks have been resumed. Returns how many were. Throws UsageError if
   * called from inside a task of any scheduler.
   *
   * @example
   * ```ts
   * scheduler.runReady(1000); // a frame's step budget
   * ```
   */
  runReady(maxSteps = Infinity): number {
    // Hosts call this every frame: the default (Infinity) costs one comparison.
    if (maxSteps !== Infinity) checkStepBudget("Scheduler.runReady()", "maxSteps", maxSteps);
    this.beginRun("Scheduler.runReady()");
    let steps = 0;
    try {
      const ready = this.ready;
      if (this.policy === null && this.tracer === null) {
        // The common case, checked once per call rather than once per step: a
        // task that sets a tracer or a policy is heard from the next runReady on.
        while (ready.length > 0 && steps < maxSteps) {
          this.fastStep(ready.shift());
          steps++;
        }
      } else {
        while (ready.length > 0 && steps < maxSteps) {
          this.slowStep(ready);
          steps++;
        }
      }
    } finally {
      this.endRun();
    }
    return steps;
  }

  /**
   * A virtual clock's whole loop in one call: runs ready tasks; when none is
   * left, jumps the clock to the next timer deadline (firing every timer due
   * then before any task runs) and goes on. Stops when nothing is ready and
   * no timer is due by `limit`, once `stopAfter` (if given) has finished, or
   * as soon as a failure reaches the top (see `uncaught`). The same as
   * alternating `runReady()` and `advanceTo(nextDeadline())`, without
   * leaving the loop at every instant: a simulation moves through millions
   * of instants, each with little work. Throws UsageError from inside a task.
   *
   * @example
   * ```ts
   * const main = scheduler.spawn(program);
   * scheduler.runVirtual(Infinity, main); // main has finished, or is deadlocked
   * ```
   */
  runVirtual(limit = Infinity, stopAfter: Task<unknown> | null = null): void {
    // NaN compares false with every deadline, so it would silently mean "no limit".
    if (typeof limit !== "number" || Number.isNaN(limit)) {
      throw new InvalidArgumentError(`Scheduler.runVirtual(${describeValue(limit)}): the limit must be a time in ms, or Infinity (the default) for none`);
    }
    if (stopAfter !== null && !(stopAfter instanceof Task)) {
      throw new InvalidArgumentError(`Scheduler.runVirtual(limit, ${describeValue(stopAfter)}): stopAfter must be a Task (what spawn() gives) or null`);
    }
    this.beginRun("Scheduler.runVirtual()");
    try {
      const ready = this.ready;
      const timers = this.timers;
      while (stopAfter === null || stopAfter.stateCode < DONE) {
        if (this.policy === null && this.tracer === null) {
          while (ready.length > 0) this.fastStep(ready.shift());
        } else {
          while (ready.length > 0) this.slowStep(ready);
        }
        if (this.uncaught.length > 0 || (stopAfter !== null && stopAfter.stateCode >= DONE)) break;
        if (timers.size === 0) break;
        const next = timers.nextDeadline();
        if (next > limit) break;
        if (next > this.now) this.now = next;
        // Fire everything due at this instant: every task it wakes is queued before any runs.
        this.fireDue(next);
      }
    } finally {
      this.endRun();
    }
  }

  /** @internal The ready-queue entries the last runVirtualSlice call ran. */
  sliceSteps = 0;
  /** Whether the drain a slice stopped in was on the fast path: a resumed drain keeps it, as runVirtual's one drain would. */
  private sliceFast = true;

  /**
   * @internal runVirtual in slices, for a host that reports progress
   * (hosts/progress.ts): the same loop, stopping once it has done `budget`
   * units of work (a ready-queue entry or a timer instant each), so that
   * the host can read the wall clock between slices. Gives true when
   * runVirtual would have returned, false when the budget ran out first.
   * A call with `resuming` true goes on exactly where the last one stopped
   * (it does not test `stopAfter` before draining the ready queue, as the
   * loop it continues would not), so a run in slices steps the same tasks
   * in the same order as one runVirtual call. A method of its own, not a
   * budget in runVirtual: a run without progress pays nothing for the count.
   */
  runVirtualSlice(limit: number, stopAfter: Task<unknown> | null, budget: number, resuming: boolean): boolean {
    this.beginRun("Scheduler.runVirtual()");
    let work = 0;
    let instants = 0;
    try {
      const ready = this.ready;
      const timers = this.timers;
      let testStop = !resuming;
      let fast = resuming ? this.sliceFast : this.policy === null && this.tracer === null;
      for (;;) {
        if (testStop && stopAfter !== null && stopAfter.stateCode >= DONE) return true;
        testStop = true;
        // Two loops, as in runVirtual, so that the fast one stays as small as its original.
        if (fast) {
          while (ready.length > 0 && work < budget) {
            this.fastStep(ready.shift());
            work++;
          }
        } else {
          while (ready.length > 0 && work < budget) {
            this.slowStep(ready);
            work++;
          }
        }
        if (ready.length > 0) {
          this.sliceFast = fast;
          return false;
        }
        if (this.uncaught.length > 0 || (stopAfter !== null && stopAfter.stateCode >= DONE)) return true;
        if (timers.size === 0) return true;
        const next = timers.nextDeadline();
        if (next > limit) return true;
        // Out of budget before the jump: the next call finds the ready queue empty and comes straight back here.
        if (work >= budget) {
          // Decided afresh after the jump, as runVirtual's next drain does.
          this.sliceFast = this.policy === null && this.tracer === null;
          return false;
        }
        if (next > this.now) this.now = next;
        this.fireDue(next);
        work++;
        instants++;
        fast = this.policy === null && this.tracer === null;
      }
    } finally {
      this.sliceSteps = work - instants;
      this.endRun();
    }
  }

  /** What every run call does first: refuse re-entry, then mark this scheduler as the one stepping. */
  private beginRun(what: string): void {
    refuseReentry(what);
    protocol.active = this;
    this.stepping = true;
    // Debug: the operations its tasks make are watched (unyielded.ts).
    if (this.unyielded !== null) creation.watcher = this.unyielded;
  }

  /** What every run call does last, however it ends: forget the running task and what the run left in shared places. */
  private endRun(): void {
    this.stepping = false;
    this.running = null;
    this.namedFunction = null;
    clearSharedResults();
    protocol.active = null;
    if (this.unyielded !== null) {
      creation.watcher = null;
      this.unyielded.runEnded(this.liveTasks === 0);
    }
  }

  /** The earliest timer deadline, or Infinity when no timer is armed. */
  nextDeadline(): number {
    return this.timers.nextDeadline();
  }

  /**
   * Moves the clock to `time` (never backwards) and fires, in (deadline,
   * arming) order, every timer due by then. Firing only queues tasks: every
   * task made ready at this instant is queued before any of them runs.
   *
   * @example
   * ```ts
   * scheduler.advanceTo(scheduler.nextDeadline()); // a virtual clock's jump
   * ```
   */
  advanceTo(time: number): void {
    refuseReentry("Scheduler.advanceTo()");
    if (typeof time !== "number" || !Number.isFinite(time)) {
      throw new InvalidArgumentError(`Scheduler.advanceTo(${describeValue(time)}): the time must be a finite number; when nextDeadline() is Infinity no timer is armed, so there is nothing to advance to`);
    }
    if (time > this.now) this.now = time;
    if (this.timers.size > 0 && this.timers.nextDeadline() <= this.now) this.fireDue(this.now);
  }

  /**
   * Fires every timer due by `time`, in (deadline, arming) order: each task
   * it wakes is queued before any runs. A timer whose fire() throws does not
   * stop the others; the first such error is thrown once all have fired.
   */
  private fireDue(time: number): void {
    const timers = this.timers;
    let failure: { error: unknown } | null = null;
    do {
      const timer = timers.pop();
      try {
        timer.fire();
      } catch (error) {
        failure ??= { error };
      }
    } while (timers.size > 0 && timers.nextDeadline() <= time);
    if (failure !== null) throw failure.error;
  }

  /**
   * Arms `timer` to fire `delay` ms from now. For primitives that need a
   * deadline (timeouts); a task that just waits should `yield* sleep(ms)`.
   * Armed while a task runs (in an instruction's `park`), the delay counts
   * on that task's clock: a task in a paused time group (FrameHost.group)
   * has its deadlines paused too.
   *
   * @example
   * ```ts
   * class Ding extends Timer { fire() { console.log("ding"); } }
   * scheduler.addTimer(new Ding(), 100);
   * ```
   */
  addTimer(timer: Timer, delay: number): void {
    checkDuration("addTimer", delay);
    if (!(timer instanceof Timer)) throw new InvalidArgumentError(`addTimer() needs an instance of a Timer subclass, but got ${describeValue(timer)}`);
    if (timer.heapIndex >= 0) throw new UsageError("addTimer(): this timer is already armed; remove it first or use a new one");
    checkDeadline("addTimer", this.now, delay);
    const task = this.current;
    if (task !== null) this.armFor(task, timer, delay);
    else this.timers.insert(timer, this.now + delay);
  }

  /**
   * @internal Arms `entry` at the absolute `deadline` of the scheduler's own
   * clock, whatever task runs: for a host's own timers (a time group's
   * alarm, a fixed step), which follow no task's clock.
   */
  armAt(entry: TimerEntry, deadline: number): void {
    this.timers.insert(entry, deadline < this.now ? this.now : deadline);
  }

  /**
   * Queues `turn` at the back of the ready queue, as if it were a task:
   * `turn.takeTurn()` is called once every task queued before it has had
   * its step, and the tasks it wakes run right there, in the order it woke
   * them, before every task queued after it. For primitives that process
   * an event at its place in the instant (the simulation layer's events
   * follow SimPy's order this way); a task that just waits should not need
   * it. Under a schedule policy a turn is taken when it reaches the front.
   *
   * @example
   * ```ts
   * // Wakes `task` at the place in the queue the call has now:
   * scheduler.queueTurn({ takeTurn: () => task.resume("processed") });
   * ```
   */
  queueTurn(turn: Turn): void {
    if (turn === null || typeof turn !== "object" || typeof turn.takeTurn !== "function") {
      throw new InvalidArgumentError(`queueTurn() needs an object with a takeTurn() method, but got ${describeValue(turn)}`);
    }
    this.queueTurnMarker(turn);
  }

  /**
   * Disarms a timer; returns false if it was not armed (already fired or removed).
   *
   * @example
   * ```ts
   * scheduler.removeTimer(ding);
   * ```
   */
  removeTimer(timer: Timer): boolean {
    if (!(timer instanceof Timer)) throw new InvalidArgumentError(`removeTimer() needs an instance of a Timer subclass, but got ${describeValue(timer)}`);
    const heap = timer.heap;
    return heap !== null && heap.remove(timer);
  }

  /** Every task not yet finished, depth first from the roots, children in spawn order. */
  tasks(): Task<unknown>[] {
    const out: Task<unknown>[] = [];
    const visit = (t: Task<unknown>): void => {
      out.push(t);
      for (const child of t.children) visit(child);
    };
    for (const root of this.roots()) visit(root);
    return out;
  }

  /**
   * A readable tree of every live task: state, what it waits on, and for how
   * long (in the scheduler's time).
   *
   * @example
   * ```ts
   * console.log(scheduler.dump());
   * // task#1 "main" blocked on join(task#2 "worker") for 10ms
   * //   task#2 "worker" blocked on sleep(100) for 10ms
   * ```
   */
  dump(): string {
    const lines: string[] = [];
    const visit = (t: Task<unknown>, depth: number): void => {
      const waiting = t.wait === null ? "" : ` on ${describeWait(t.wait)} for ${this.now - t.blockedSince}ms`;
      lines.push(`${"  ".repeat(depth)}${t.label} ${t.state}${waiting}${this.troubleOf(t)}`);
      for (const child of t.children) visit(child, depth + 1);
    };
    for (const root of this.roots()) visit(root, 0);
    return lines.join("\n");
  }

  /** The live top-level tasks, in spawn order. */
  private roots(): Task<unknown>[] {
    const list: Task<unknown>[] = [];
    for (let t = this.firstRoot; t !== null; t = t.nextSibling) list.push(t);
    return list.reverse();
  }
}

/**
 * Throws InvalidArgumentError unless `ms` is a finite number >= 0.
 *
 * @example
 * ```ts
 * checkDuration("sleep", ms);
 * ```
 *
 * @category Extending
 */
export function checkDuration(what: string, ms: number): void {
  if (typeof ms !== "number" || !(ms >= 0) || ms === Infinity) {
    throw new InvalidArgumentError(
      // A number is echoed as it was written (sleep(-5)); anything else is described.
      `${what}(${typeof ms === "number" ? String(ms) : describeValue(ms)}): a duration must be a finite number of milliseconds >= 0` +
        (ms === Infinity ? "; to wait until cancelled use suspend()" : ""),
    );
  }
}

/**
 * Throws InvalidArgumentError unless `steps` is a step budget: an integer
 * >= 1, or Infinity for no limit. `where` names the call, `name` the option.
 *
 * @example
 * ```ts
 * checkStepBudget("FrameHost()", "maxStepsPerFrame", options.maxStepsPerFrame ?? Infinity);
 * ```
 */
export function checkStepBudget(where: string, name: string, steps: unknown): number {
  if (typeof steps !== "number" || !(steps >= 1) || (steps !== Infinity && !Number.isInteger(steps))) {
    throw new InvalidArgumentError(`${where}: ${name} must be > 0, a whole number of steps or Infinity for no limit, not ${describeValue(steps)}`);
  }
  return steps;
}

/**
 * A host's `onError` option, checked: a function, or null when absent. A
 * wrong type would otherwise fail only when the first error is reported.
 *
 * @example
 * ```ts
 * this.onError = checkOnError("FrameHost()", options.onError);
 * ```
 */
export function checkOnError<F extends (...args: never[]) => unknown>(where: string, onError: F | null | undefined): F | null {
  if (onError === undefined || onError === null) return null;
  if (typeof onError !== "function") throw new InvalidArgumentError(`${where}: onError must be a function (error, task) => void, not ${describeValue(onError)}`);
  return onError;
}

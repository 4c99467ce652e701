/**
 * The kernel's two optional hooks, both null unless a debugging tool installs
 * them, so that a normal run pays one null check per step and nothing else:
 *
 * - a {@link Tracer} hears every scheduling event (spawn, step start and end,
 *   wake-up, cancel request, finish) and reads the task's state to know what
 *   happened;
 * - a {@link SchedulePolicy} chooses which ready task runs next, instead of
 *   the oldest (FIFO). Schedule exploration uses it to try other orders of
 *   the tasks that are ready at the same moment.
 */
import type { Random } from "./random.js";
import type { Task } from "./task.js";

/**
 * Receives every scheduling event of a scheduler; see `src/debug/trace.ts`
 * for the recorder built on it. Hooks must not run task code.
 *
 * @example
 * ```ts
 * scheduler.tracer = { spawned() {}, stepStarted(t) { console.log("run", t.label); }, stepEnded() {}, woken() {}, cancelRequested() {}, finished() {} };
 * ```
 *
 * @category Debugging
 */
export interface Tracer {
  /** A task was created (it is ready). */
  spawned(task: Task<unknown>): void;
  /** A task is about to be resumed. */
  stepStarted(task: Task<unknown>): void;
  /** A task left its step: its `state` says how (ready: it yielded; blocked: `waitingOn`; or a final state). */
  stepEnded(task: Task<unknown>): void;
  /** A blocked task became ready. */
  woken(task: Task<unknown>): void;
  /** Someone asked to cancel the task. */
  cancelRequested(task: Task<unknown>): void;
  /** The task reached its final state (done, failed or cancelled). */
  finished(task: Task<unknown>): void;
}

/**
 * Chooses which ready task runs next. `ready` lists the ready tasks oldest
 * first; return an index into it. `random` is a generator reserved for the
 * policy (seeded from the scheduler's seed), so a policy's choices do not
 * change the numbers the program itself draws.
 *
 * @example
 * ```ts
 * const newestFirst: SchedulePolicy = { pick: (ready) => ready.length - 1 };
 * ```
 *
 * @category Debugging
 */
export interface SchedulePolicy {
  /** Returns the index, in `ready`, of the task to run next. */
  pick(ready: readonly Task<unknown>[], random: Random): number;
}

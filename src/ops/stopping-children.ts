/**
 * How `all`, `race`, `timeout` and `scope` stop the child tasks they started,
 * so that a child never outlives the operation that started it, and no
 * failure is dropped on the way out: neither a child's, nor an interrupt or
 * cancellation that arrives while the children clean up.
 */
import { CancelledError } from "../kernel/errors.js";
import type { Coroutine } from "../kernel/instruction.js";
import type { Task } from "../kernel/task.js";
import { withSuppressed } from "../kernel/suppressed.js";
import { WaitForTasks } from "./wait-for-tasks.js";

/**
 * Cancels the unfinished tasks and waits for all of their cleanup. An
 * interrupt or a cancellation that arrives meanwhile does not cut the wait
 * short (the children would outlive it): it is given back, with any other,
 * for the caller to throw with the children's failures.
 */
export function* stopOthers(tasks: readonly Task<unknown>[]): Coroutine<unknown[]> {
  const arrived: unknown[] = [];
  const unfinished = tasks.filter((t) => !t.isFinished);
  // Most recent first, like a parent's children: what started last stops first.
  for (let i = unfinished.length - 1; i >= 0; i--) (unfinished[i] as Task<unknown>).cancel();
  while (unfinished.some((t) => !t.isFinished)) {
    try {
      yield* new WaitForTasks(unfinished, "all", null, "cleanup");
    } catch (error) {
      arrived.push(error);
    }
  }
  return arrived;
}

/**
 * Throws `first`, with every other failure among `tasks` and every error in
 * `arrived` attached to it, in that order (see suppressedErrors).
 *
 * One exception: the caller's own cancellation, if it arrived while the
 * children cleaned up, is thrown instead of a `first` that is no child's
 * failure (a TimeoutError, an Interrupt), with `first` attached. A catch that
 * handles those (a retry loop on TimeoutError, a catch of Interrupt, a
 * catch-all that rethrows only cancellations) would otherwise stop the
 * task's unwinding, and the task would run on, its cancellation spent. (A
 * CancelledError among `arrived` is the caller's own: nothing else ends a
 * wait for the children's cleanup but an interrupt.) And when what would
 * be thrown is the caller's cancellation but a child failed, the child's
 * failure is thrown, the cancellation attached (see below).
 */
export function throwFailures(first: unknown, tasks: readonly Task<unknown>[], what: string, arrived: readonly unknown[] = []): never {
  const failed = tasks.filter((t) => t.state === "failed").map((t) => t.error);
  const failures = failed.filter((e) => e !== first);
  const firstIsChildFailure = failures.length < failed.length;
  const cancellation = first instanceof CancelledError || firstIsChildFailure ? undefined : arrived.find((e) => e instanceof CancelledError);
  let thrown = first;
  let attached = [...failures, ...arrived];
  if (cancellation !== undefined) {
    thrown = cancellation;
    attached = [first, ...failures, ...arrived.filter((e) => e !== cancellation)];
  }
  // The caller's own cancellation ends it as cancelled, and what is attached
  // to it goes nowhere; a child that failed in its cleanup would be lost. So
  // the child's failure is thrown instead, the cancellation attached: the
  // caller fails with it, as a plain child's failure fails its parent.
  const childFailure = failures[0];
  if (thrown instanceof CancelledError && childFailure !== undefined) {
    throw withSuppressed(childFailure, [thrown, ...attached.filter((e) => e !== childFailure)], what);
  }
  throw withSuppressed(thrown, attached, what);
}

/** Stops the tasks (see stopOthers), then throws `first` with everything that failed or arrived attached. */
export function* stopAndThrow(first: unknown, tasks: readonly Task<unknown>[], what: string): Coroutine<never> {
  const arrived = yield* stopOthers(tasks);
  throwFailures(first, tasks, what, arrived);
}

/**
 * Waits with `wait`. However the wait is left by an error (an Interrupt, a
 * cancellation), the tasks are cancelled and their cleanup waited for
 * before that error goes on, with their failures attached.
 */
export function* waitOrStop<R>(wait: WaitForTasks, tasks: readonly Task<unknown>[], what: string): Coroutine<R> {
  try {
    return (yield* wait) as R;
  } catch (error) {
    return yield* stopAndThrow(error, tasks, what);
  }
}

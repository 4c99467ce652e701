/**
 * How `all`, `race` and `timeout` stop the child tasks they started, so that
 * a child never outlives the operation that started it, and no child's
 * failure is dropped on the way out.
 */
import type { Coroutine } from "../kernel/instruction.js";
import type { Task } from "../kernel/task.js";
import { WaitForTasks } from "./wait-for-tasks.js";
import { withSuppressed } from "../kernel/suppressed.js";

/** Throws `first`, with every other failure among `tasks` attached to it (see suppressedErrors). */
export function throwFailures(first: unknown, tasks: readonly Task<unknown>[], what: string): never {
  const others = tasks.filter((t) => t.state === "failed" && t.error !== first).map((t) => t.error);
  throw withSuppressed(first, others, what);
}

/**
 * Cancels the unfinished tasks and waits for all of their cleanup. An
 * interrupt that arrives meanwhile does not cut the wait short (the
 * children would outlive it): it is thrown once they have all finished.
 */
export function* stopOthers(tasks: readonly Task<unknown>[]): Coroutine<void> {
  const unfinished = tasks.filter((t) => !t.isFinished);
  if (unfinished.length === 0) return;
  // Most recent first, like a parent's children: what started last stops first.
  for (let i = unfinished.length - 1; i >= 0; i--) (unfinished[i] as Task<unknown>).cancel();
  let arrived: { error: unknown } | null = null;
  while (unfinished.some((t) => !t.isFinished)) {
    try {
      yield* new WaitForTasks(unfinished, "all", null, "cleanup");
    } catch (error) {
      arrived ??= { error };
    }
  }
  if (arrived !== null) throw arrived.error;
}

/**
 * Waits with `wait`. However the wait is left by an error (an Interrupt, a
 * cancellation), the tasks are cancelled and their cleanup waited for
 * before that error goes on, with any of their failures added to it.
 */
export function* waitOrStop<R>(wait: WaitForTasks, tasks: readonly Task<unknown>[], what: string): Coroutine<R> {
  try {
    return (yield* wait) as R;
  } catch (error) {
    yield* stopOthers(tasks);
    throwFailures(error, tasks, what);
  }
}

/**
 * `timeout(ms, op)`: run an operation with a time limit.
 */
import { InvalidArgumentError, TimeoutError, describeValue } from "../kernel/errors.js";
import type { Coroutine, Operation } from "../kernel/instruction.js";
import { checkDuration } from "../kernel/scheduler.js";
import { spawn } from "./tasks.js";
import { WaitForTasks } from "./wait-for-tasks.js";
import { stopAndThrow, waitOrStop } from "./stopping-children.js";
import { isRunnable } from "./combinators.js";
import type { Task } from "../kernel/task.js";

/**
 * Runs `operation` (as a child task) and gives its result, or, if it has not
 * finished `ms` milliseconds later, cancels it, waits for its cleanup, and
 * throws {@link TimeoutError} (with a failure of that cleanup attached: see
 * suppressedErrors). The operation must finish strictly within
 * `ms`: the deadline fires at exactly `now + ms`, before any task runs at that
 * instant, so an operation that would end at the same instant times out (a
 * fixed, deterministic tie rule). `timeout(0, op)` succeeds if the operation
 * finishes without waiting for time to pass (it may `yieldNow()` or take what
 * is already there), and times out as soon as it would wait for a timer, even
 * `sleep(0)`: its deadline is a timer due now, armed before the operation's.
 *
 * @example
 * ```ts
 * try {
 *   const reply = yield* timeout(500, ask(server));
 * } catch (e) {
 *   if (!(e instanceof TimeoutError)) throw e;
 * }
 * ```
 *
 * @category Time
 */
export function* timeout<T>(ms: number, operation: Operation<T>): Coroutine<T> {
  checkDuration("timeout", ms);
  if (!isRunnable(operation)) {
    throw new InvalidArgumentError(`timeout(${ms}, ...) needs an operation (a generator, an instruction or a task) as its second argument, not ${describeValue(operation)}`);
  }
  const task = yield* spawn(operation);
  const finished = yield* waitOrStop<Task<unknown> | null>(new WaitForTasks([task], "any", ms, `timeout(${ms})`), [task], `timeout(${ms})`);
  if (finished === null) {
    // Timed out: the child is stopped, its cleanup awaited whatever arrives
    // meanwhile, and the TimeoutError comes first, with a failure of that
    // cleanup (or a late interrupt) attached.
    return yield* stopAndThrow(new TimeoutError(ms, task.label), [task], `timeout(${ms})`);
  }
  return task.value;
}

/**
 * `timeout(ms, op)`: run an operation with a time limit.
 */
import { InvalidArgumentError, TimeoutError, describeValue } from "../kernel/errors.js";
import type { Coroutine, Operation } from "../kernel/instruction.js";
import { checkDuration } from "../kernel/scheduler.js";
import { spawn } from "./tasks.js";
import { WaitForTasks } from "./wait-for-tasks.js";
import { stopOthers, throwFailures, waitOrStop } from "./stopping-children.js";
import { F_CANCELLING } from "../kernel/task-state.js";
import { isRunnable } from "./combinators.js";
import type { Task } from "../kernel/task.js";

/**
 * Runs `operation` (as a child task) and gives its result, or, if it has not
 * finished `ms` milliseconds later, cancels it, waits for its cleanup, and
 * throws {@link TimeoutError} (with a failure of that cleanup attached: see
 * suppressedErrors). The operation must finish strictly within
 * `ms`: the deadline fires at exactly `now + ms`, before any task runs at that
 * instant, so an operation that would end at the same instant times out (a
 * fixed, deterministic tie rule), unless its last wake-up came before the
 * deadline in that instant (a timer armed earlier handed it a channel
 * value): then it completed first, and its result is returned, since a
 * value handed over is never taken back. `timeout(0, op)` succeeds if the operation
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
  const wait = new WaitForTasks([task], "any", ms, `timeout(${ms})`);
  const finished = yield* waitOrStop<Task<unknown> | null>(wait, [task], `timeout(${ms})`);
  if (finished === null) {
    // Timed out: the child is stopped, its cleanup awaited whatever arrives
    // meanwhile, and the TimeoutError comes first, with a failure of that
    // cleanup (or a late interrupt) attached.
    const arrived = yield* stopOthers([task]);
    // Unless the operation's last wake-up came before the deadline in the
    // same instant (a timer armed earlier handed its receiver a channel
    // value) and it then ended without the cancellation reaching it: it
    // completed first, and a value handed over is never taken back, so its
    // result stands (throwing would lose the value).
    if (wait.readyAtDeadline?.includes(task) === true && task.state === "done" && (task.flags & F_CANCELLING) === 0 && arrived.length === 0) return task.value;
    return throwFailures(new TimeoutError(ms, task.label), [task], `timeout(${ms})`, arrived);
  }
  return task.value;
}

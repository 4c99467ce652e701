/**
 * `all` and `race`: run operations concurrently as child tasks of the caller.
 *
 * Both return only after every task they started has finished, cleanup
 * included: a loser of a race, or the siblings of a failed member of `all`,
 * is cancelled and waited for. No failure is dropped: if a sibling's cleanup
 * fails too, the first failure is thrown, the later ones attached to it
 * (suppressedErrors), as the kernel does for a task that collects several.
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import type { Coroutine, Operation } from "../kernel/instruction.js";
import type { FinishListener, Task } from "../kernel/task.js";
import { spawn } from "./tasks.js";
import { WaitForTasks } from "./wait-for-tasks.js";
import { stopAndThrow, stopOthers, throwFailures, waitOrStop } from "./stopping-children.js";

/** Marks a member's failure as handled: the combinator throws it (see startAll). */
const REPORTED_BY_COMBINATOR: FinishListener = { taskFinished() {} };

/**
 * The result type of an operation.
 *
 * @category Tasks
 */
export type ResultOf<O> = O extends Operation<infer T> ? T : never;

/**
 * @internal Whether `value` can be run as an operation: a generator object,
 * an instruction or a task (anything with an iterator, as spawn() takes it),
 * or a generator function, which spawn() also takes. A string is iterable
 * but is not an object, so it is refused.
 */
export function isRunnable(value: unknown): boolean {
  return typeof value === "function" || (typeof value === "object" && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function");
}

/**
 * Checks the whole list before anything is started, so that a bad member is
 * refused with a message naming the combinator (`what`, "all" or "race")
 * and no member has run.
 */
function checkOperations(operations: unknown, what: string): void {
  if (!Array.isArray(operations)) {
    throw new InvalidArgumentError(`${what}() needs an array of operations (generators, instructions or tasks), not ${describeValue(operations)}`);
  }
  for (let i = 0; i < operations.length; i++) {
    const operation: unknown = operations[i];
    if (!isRunnable(operation)) {
      throw new InvalidArgumentError(`${what}(): operations[${i}] is ${describeValue(operation)}, not an operation (a generator, an instruction or a task)`);
    }
  }
}

/**
 * Starts every operation as a child task, in order. If one cannot be
 * started (checkOperations lets through what only spawn() can refuse: a
 * function that returns no generator, a generator object already run), the
 * ones already started are stopped before the error is thrown.
 */
function* startAll(operations: readonly Operation<unknown>[], what: string): Coroutine<Task<unknown>[]> {
  const tasks: Task<unknown>[] = [];
  try {
    for (const operation of operations) {
      const task = yield* spawn(operation);
      // The combinator reports every member's failure itself (throwFailures),
      // even one that comes after the wait has ended: it must not also fail
      // the caller's task behind the combinator's back.
      task.addFinishListener(REPORTED_BY_COMBINATOR);
      tasks.push(task);
    }
  } catch (error) {
    yield* stopAndThrow(error, tasks, what);
  }
  return tasks;
}

/**
 * Runs the operations concurrently and gives all their results, in order
 * (typed as a tuple). If one fails, the others are cancelled, their cleanup
 * is waited for, and the error is thrown.
 *
 * @example
 * ```ts
 * const [user, posts] = yield* all([fetchUser(id), fetchPosts(id)]);
 * ```
 *
 * @category Tasks
 */
export function* all<const O extends readonly Operation<unknown>[]>(
  operations: O,
): Coroutine<{ -readonly [K in keyof O]: ResultOf<O[K]> }> {
  checkOperations(operations, "all");
  const tasks = yield* startAll(operations, "all()");
  if (tasks.length > 0) {
    const failed = yield* waitOrStop<Task<unknown> | null>(new WaitForTasks(tasks, "all-or-first-failure", null, "all"), tasks, "all()");
    if (failed !== null) {
      yield* stopAndThrow(failed.error, tasks, "all()");
    }
  }
  return tasks.map((t) => t.value) as { -readonly [K in keyof O]: ResultOf<O[K]> };
}

/**
 * Runs the operations concurrently; the first to finish wins. The others are
 * cancelled and their cleanup waited for; then the winner's result is given
 * (or its error thrown). Throws InvalidArgumentError for an empty list.
 *
 * Only the winner's result is given. A loser that was already handed
 * something in the winner's instant (a channel value, a permit) keeps it:
 * it finishes, or its cleanup runs, with the value, and a result it returns
 * is dropped. To take the first of several channel operations without ever
 * losing a value, use `select()`, in which exactly one case takes effect.
 *
 * @example
 * ```ts
 * // A reply fetched over the network, or "timed out" after a second:
 * const reply = yield* race([fetchReply(), sleepThen(1000, "timed out")]);
 * // A reply from a channel: select takes it or the timer, never both, so no reply is lost.
 * const r = yield* select([replies.recv(), sleep(1000)]);
 * ```
 *
 * @category Tasks
 */
export function* race<const O extends readonly Operation<unknown>[]>(operations: O): Coroutine<ResultOf<O[number]>> {
  checkOperations(operations, "race");
  if (operations.length === 0) throw new InvalidArgumentError("race([]): needs at least one operation; with none, nothing could ever win");
  const tasks = yield* startAll(operations, "race()");
  const winner = yield* waitOrStop<Task<ResultOf<O[number]>>>(new WaitForTasks(tasks, "any", null, "race"), tasks, "race()");
  const arrived = yield* stopOthers(tasks);
  // The winner's own failure comes first; a loser whose cleanup failed fails the race too;
  // an interrupt that came while the losers cleaned up is thrown after them.
  const firstFailed = winner.state === "failed" ? winner : tasks.find((t) => t.state === "failed");
  if (firstFailed !== undefined) throwFailures(firstFailed.error, tasks, "race()", arrived);
  if (arrived.length > 0) throwFailures(arrived[0], [], "race()", arrived.slice(1));
  return winner.value;
}

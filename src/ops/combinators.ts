/**
 * `all` and `race`: run operations concurrently as child tasks of the caller.
 *
 * Both return only after every task they started has finished, cleanup
 * included: a loser of a race, or the siblings of a failed member of `all`,
 * is cancelled and waited for. No failure is dropped: if a sibling's cleanup
 * fails too, the error thrown is an AggregateError of every failure, the
 * first one first (as the kernel does for a task that collects several).
 */
import { InvalidArgumentError } from "../kernel/errors.js";
import type { Coroutine, Operation } from "../kernel/instruction.js";
import type { Task } from "../kernel/task.js";
import { spawn } from "./tasks.js";
import { WaitForTasks } from "./wait-for-tasks.js";

/** The result type of an operation. */
export type ResultOf<O> = O extends Operation<infer T> ? T : never;

/** Starts every operation as a child task, in order. */
function* startAll(operations: readonly Operation<unknown>[]): Coroutine<Task<unknown>[]> {
  const tasks: Task<unknown>[] = [];
  for (const operation of operations) tasks.push(yield* spawn(operation));
  return tasks;
}

/** Throws `first` alone, or with every other failure among `tasks` as an AggregateError. */
function throwFailures(first: unknown, tasks: readonly Task<unknown>[], what: string): never {
  const others = tasks.filter((t) => t.state === "failed" && t.error !== first).map((t) => t.error);
  if (others.length === 0) throw first;
  const all = [first, ...others];
  throw new AggregateError(all, `${what}: ${all.length} operations failed: ${all.map((e) => (e instanceof Error ? e.message : String(e))).join("; ")}`);
}

/** Cancels the unfinished tasks and waits for all of their cleanup. */
function* stopOthers(tasks: readonly Task<unknown>[]): Coroutine<void> {
  const unfinished = tasks.filter((t) => !t.isFinished);
  if (unfinished.length === 0) return;
  // Most recent first, like a parent's children: what started last stops first.
  for (let i = unfinished.length - 1; i >= 0; i--) (unfinished[i] as Task<unknown>).cancel();
  yield* new WaitForTasks(unfinished, "all", null, "cleanup");
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
 */
export function* all<const O extends readonly Operation<unknown>[]>(
  operations: O,
): Coroutine<{ -readonly [K in keyof O]: ResultOf<O[K]> }> {
  const tasks = yield* startAll(operations);
  if (tasks.length > 0) {
    const failed = yield* new WaitForTasks(tasks, "all-or-first-failure", null, "all");
    if (failed !== null) {
      yield* stopOthers(tasks);
      throwFailures(failed.error, tasks, "all()");
    }
  }
  return tasks.map((t) => t.value) as { -readonly [K in keyof O]: ResultOf<O[K]> };
}

/**
 * Runs the operations concurrently; the first to finish wins. The others are
 * cancelled and their cleanup waited for; then the winner's result is given
 * (or its error thrown). Throws InvalidArgumentError for an empty list.
 *
 * @example
 * ```ts
 * const reply = yield* race([recvReply(), sleepThen(1000, "timed out")]);
 * ```
 */
export function* race<const O extends readonly Operation<unknown>[]>(operations: O): Coroutine<ResultOf<O[number]>> {
  if (operations.length === 0) throw new InvalidArgumentError("race([]): needs at least one operation; with none, nothing could ever win");
  const tasks = yield* startAll(operations);
  const winner = (yield* new WaitForTasks(tasks, "any", null, "race")) as Task<ResultOf<O[number]>>;
  yield* stopOthers(tasks);
  // The winner's own failure comes first; a loser whose cleanup failed fails the race too.
  const firstFailed = winner.state === "failed" ? winner : tasks.find((t) => t.state === "failed");
  if (firstFailed !== undefined) throwFailures(firstFailed.error, tasks, "race()");
  return winner.value;
}

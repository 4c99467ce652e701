/**
 * Starting, naming and stopping tasks: `spawn`, `cancel`, `currentTask`.
 * Joining is `yield* task` (see Task).
 */
import type { Coroutine, Instruction, Operation } from "../kernel/instruction.js";
import { registerExemplar } from "../kernel/exemplars.js";
import { CancelAndWait, CurrentTask, Spawn } from "../kernel/instructions.js";
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import { Task } from "../kernel/task.js";
import { TASK_NAME } from "../kernel/lifecycle.js";

const CURRENT_TASK = /* @__PURE__ */ new CurrentTask();

// Exemplars (kernel/exemplars.ts): spawn() and joins as users write them
// (an argument list made by a rest parameter, `yield*` and `yield`), so that
// the hidden classes of Spawn and of its argument arrays outlive the
// user's programs across full GCs.
registerExemplar((scheduler) => {
  function* exemplarChild(n: number): Coroutine<number> {
    return n;
  }
  const op = spawn(exemplarChild, 1); // kept: a Spawn alive keeps its hidden class alive
  function* exemplarNoArgs(): Coroutine<number> {
    return 3;
  }
  function* exemplarParent(): Coroutine<number> {
    const a = yield* op;
    const b = (yield spawn(exemplarChild, 2)) as Task<number>;
    const c = yield* spawn(exemplarNoArgs);
    return (yield* a) + ((yield b) as number) + (yield* c);
  }
  const parent = scheduler.spawn(exemplarParent);
  scheduler.runVirtual();
  // The generator functions too: their generators' hidden classes are what the step loop's code checks.
  return [op, parent, exemplarChild, exemplarNoArgs, exemplarParent];
});

/**
 * Starts a child task and gives its {@link Task} at once; the child first
 * runs after the current task next yields. Pass the generator function and
 * its arguments (`spawn(worker, id)`), which is cheaper than a closure per
 * task, or an operation (`spawn(sleep(10))`, `spawn(fetch(url))`).
 *
 * The child belongs to the current task: it is cancelled when the current
 * task finishes, fails or is cancelled, and the current task is not finished
 * until the child's cleanup is. If the child fails and nobody is joining it,
 * the current task fails too.
 *
 * @example
 * ```ts
 * function* worker(id: number) { yield* sleep(id * 10); return id; }
 * function* main() {
 *   const a = yield* spawn(worker, 1);
 *   const b = yield* spawn(worker, 2);
 *   return (yield* a) + (yield* b); // 3
 * }
 * ```
 *
 * @category Tasks
 */
export function spawn<T, A extends unknown[]>(fn: (...args: A) => Operation<T>, ...args: A): Instruction<Task<T>>;
export function spawn<T>(operation: Operation<T>): Instruction<Task<T>>;
export function spawn<T, A extends unknown[]>(source: ((...args: A) => Operation<T>) | Operation<T>, ...args: A): Instruction<Task<T>> {
  return new Spawn<T, A>(source, args);
}

/**
 * Gives a task its name: `named(name, fn)` is `fn` under another name (for
 * `spawn(named("consumer 1", consumer), ch)`), and `named(name, operation)`
 * is the operation under a name (for `all`, `race`, `timeout` or `spawn`,
 * whose child would otherwise be called after its generator function, or
 * "operation"). The name shows in the task's label (`task#3 "consumer 1"`),
 * `dump()`, traces and error messages. Yielded directly, a named operation
 * simply runs. Throws InvalidArgumentError unless `name` is a non-empty
 * string and the second argument a function or an operation.
 *
 * @example
 * ```ts
 * for (let i = 1; i <= 2; i++) yield* spawn(named(`consumer ${i}`, consumer), jobs);
 * const [a, b] = yield* all([named("fetch a", fetch("a")), named("fetch b", fetch("b"))]);
 * ```
 *
 * @typeParam F - The function's own type: `named` gives the same function back, so spawn() still checks its arguments.
 * @category Tasks
 */
export function named<F extends (...args: never[]) => Operation<unknown>>(name: string, fn: F): F;
export function named<T>(name: string, operation: Operation<T>): Operation<T>;
export function named<T>(name: string, target: ((...args: never[]) => Operation<T>) | Operation<T>): unknown {
  if (typeof name !== "string" || name === "") throw new InvalidArgumentError(`named(${describeValue(name)}, ...): the name must be a non-empty string`);
  if (typeof target === "function") {
    const fn = target as (...args: unknown[]) => Operation<T>;
    const renamed = function (this: unknown, ...args: unknown[]): Operation<T> {
      return fn.apply(this, args);
    };
    Object.defineProperty(renamed, "name", { value: name });
    return renamed;
  }
  if (target === null || typeof target !== "object" || typeof (target as Operation<T>)[Symbol.iterator] !== "function") {
    throw new InvalidArgumentError(`named("${name}", ${describeValue(target)}): the second argument must be a generator function or an operation`);
  }
  const operation = target;
  return { [Symbol.iterator]: () => operation[Symbol.iterator](), [TASK_NAME]: name };
}

/**
 * Cancels `task` and waits until its cleanup (`finally` blocks, which may
 * themselves yield) has finished. Does nothing but wait if the task is
 * already being cancelled, and nothing at all if it has finished (not even
 * throw a failure it finished with). Throws the task's error if the cleanup
 * this cancel waited for failed. To request cancellation without waiting,
 * call `task.cancel()`.
 *
 * @example
 * ```ts
 * const server = yield* spawn(serve);
 * yield* sleep(1000);
 * yield* cancel(server); // server's finally blocks have run
 * ```
 *
 * @category Tasks
 */
export function cancel(task: Task<unknown>): Instruction<void> {
  if (!(task instanceof Task)) throw new InvalidArgumentError(`cancel() needs a Task (what spawn() gives), not ${describeValue(task)}`);
  return new CancelAndWait(task);
}

/**
 * The task running this code.
 *
 * @example
 * ```ts
 * const me = yield* currentTask();
 * console.log(`${me.label} starting`);
 * ```
 *
 * @category Tasks
 */
export function currentTask(): Instruction<Task<unknown>> {
  return CURRENT_TASK;
}

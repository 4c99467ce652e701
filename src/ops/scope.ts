/**
 * `scope(body)`: a task group (Trio's nursery, asyncio's TaskGroup). The body
 * runs in a task of its own whose children are *waited for* when the body
 * returns, instead of being cancelled as a plain task's children are.
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import type { Coroutine, Instruction, Operation } from "../kernel/instruction.js";
import { Spawn } from "../kernel/instructions.js";
import type { Task } from "../kernel/task.js";
import { F_FAILING, F_GENERATOR_DONE } from "../kernel/task-state.js";
import { currentTask } from "./tasks.js";
import { stopAndThrow } from "./stopping-children.js";

const FAILING_AFTER_ITS_BODY = F_FAILING | F_GENERATOR_DONE;

/**
 * A spawn into a group from another task. A group whose body has returned
 * and that then fails (a member failed) has stopped its members but is not
 * itself being cancelled, so the kernel's Spawn would let a task spawned
 * now run to its end, and the failing scope wait for it: such a task is
 * cancelled at once instead (it never runs), as in a cancelled group.
 */
class GroupSpawn<T, A extends unknown[]> extends Spawn<T, A> {
  constructor(
    source: ((...args: A) => Operation<T>) | Operation<T>,
    args: A,
    private readonly group: Task<unknown>,
  ) {
    super(source, args, group);
  }
  override tryNow(task: Task<unknown>): Task<T> {
    const child = super.tryNow(task);
    if ((this.group.flags & FAILING_AFTER_ITS_BODY) === FAILING_AFTER_ITS_BODY) child.cancel();
    return child;
  }
}

/**
 * A handle on a running {@link scope}: spawns tasks into it, from the body or
 * from any other task, and cancels it as a whole.
 *
 * @example
 * ```ts
 * yield* scope(function* (group) { yield* group.spawn(worker, 1); yield* group.spawn(worker, 2); });
 * ```
 *
 * @category Tasks
 */
export class TaskGroup {
  /** @internal */
  constructor(
    /** The task that runs the scope's body: the group's tasks are its children. */
    readonly task: Task<unknown>,
  ) {}

  /**
   * Starts a task that belongs to the group (the scope waits for it).
   *
   * @example
   * ```ts
   * const t = yield* group.spawn(download, url);
   * ```
   */
  spawn<T, A extends unknown[]>(fn: (...args: A) => Operation<T>, ...args: A): Instruction<Task<T>>;
  spawn<T>(operation: Operation<T>): Instruction<Task<T>>;
  spawn<T, A extends unknown[]>(source: ((...args: A) => Operation<T>) | Operation<T>, ...args: A): Instruction<Task<T>> {
    return new GroupSpawn<T, A>(source, args, this.task);
  }

  /**
   * Cancels the body and every task in the group; the scope then ends as cancelled.
   *
   * @example
   * ```ts
   * if (found) group.cancel();
   * ```
   */
  cancel(): void {
    this.task.cancel();
  }
}

/** The scope's own task; named `scope` so that traces and deadlock reports say so. */
const runBody = function* scope<T>(body: (group: TaskGroup) => Operation<T>): Coroutine<T> {
  const self = yield* currentTask();
  return yield* body(new TaskGroup(self));
};

/**
 * Runs `body` with a {@link TaskGroup} and waits until the body and every
 * task spawned into the group have finished; gives the body's result. If any
 * of them fails, the others are cancelled, their cleanup is waited for, and
 * the error is thrown here, where it can be caught.
 *
 * @example
 * ```ts
 * const pages = new Map<string, string>();
 * yield* scope(function* (group) {
 *   for (const url of urls) yield* group.spawn(function* () { pages.set(url, yield* fetchPage(url)); });
 * }); // every fetch has finished here
 * ```
 *
 * @category Tasks
 */
export function* scope<T>(body: (group: TaskGroup) => Operation<T>): Coroutine<T> {
  if (typeof body !== "function") throw new InvalidArgumentError(`scope() needs a function that takes the group, as in scope(function* (group) { ... }), not ${describeValue(body)}`);
  const task = yield* new Spawn(runBody<T>, [body], null, true);
  try {
    return yield* task;
  } catch (error) {
    // Left by an Interrupt or a cancellation while the group still runs: stop it first.
    if (task.isFinished) throw error;
    return yield* stopAndThrow(error, [task], "scope()");
  }
}

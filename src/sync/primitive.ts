/**
 * What the coordination primitives (semaphore, mutex, event, condition, wait
 * group, barrier, priority queue) share: a name for traces and error
 * messages, and a way for a plain method (`release()`, `unlock()`, `set()`)
 * to find the task calling it.
 *
 * Naming invariant: a primitive created without a `name` option is called
 * `<prefix>#N`, N drawn from `scheduler.newObjectId()` the first time a task
 * uses it (an instruction's tryNow(), or a plain method called from inside
 * a task). First use happens in the same order on every run of the same
 * program, so names are reproducible; creation order would not do, because
 * a primitive may be created outside any scheduler. Until then it is
 * `<prefix>#?`. (WaitList's own naming, for user primitives, numbers a list
 * at its first park instead; first use may come earlier, so these keep
 * their own, and names in traces stay as they were.)
 */
import { InvalidArgumentError, activeScheduler, describeValue } from "../kernel/api.js";
import type { Scheduler, Task } from "../kernel/api.js";

/**
 * Options every coordination primitive accepts.
 *
 * @example
 * ```ts
 * const fork = mutex({ name: "fork#1" });
 * ```
 *
 * @category Channels and sync
 */
export interface NamedOptions {
  /** A name for traces, deadlock reports and error messages (default `<kind>#N`). */
  name?: string;
}

/** @internal Base of the primitives in this folder: naming only, no behaviour. */
export abstract class Primitive {
  private label: string | null;

  constructor(
    private readonly prefix: string,
    name: string | undefined,
  ) {
    this.label = name ?? null;
  }

  /** The primitive's name in traces: its `name` option or `<kind>#N`. */
  describe(): string {
    return this.label ?? `${this.prefix}#?`;
  }

  /** @internal Gives the primitive a number from the scheduler that first uses it. */
  nameFor(scheduler: Scheduler): void {
    if (this.label === null) this.label = `${this.prefix}#${scheduler.newObjectId()}`;
  }

  /**
   * @internal For plain methods on a hot path: names the primitive if this
   * is its first use from inside a task; one field check afterwards.
   */
  protected touch(): void {
    if (this.label === null) {
      const scheduler = activeScheduler();
      if (scheduler !== null) this.nameFor(scheduler);
    }
  }

  /**
   * @internal For plain methods: the task calling, or null when called from
   * outside any task (a host callback, a test). Names the primitive on the
   * way, as an instruction's tryNow() does.
   */
  protected caller(): Task<unknown> | null {
    const scheduler = activeScheduler();
    if (scheduler === null) return null;
    this.nameFor(scheduler);
    return scheduler.current;
  }

  /** The same as {@link describe}: the primitive's name, for messages and template strings. */
  toString(): string {
    return this.describe();
  }
}

/** @internal How an error message names whoever called a plain method. */
export function callerLabel(task: Task<unknown> | null): string {
  return task === null ? "code outside any task" : task.label;
}

/**
 * @internal Throws InvalidArgumentError unless `options` is absent or an
 * object whose `name` is absent or a string. Called before anything reads
 * an option: reading one from null would throw a raw TypeError.
 */
export function checkOptions(what: string, options: NamedOptions | undefined): void {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidArgumentError(`${what}(): options must be an object such as { name: "jobs" }, or left out, not ${describeValue(options)}`);
  }
  const name = options?.name;
  if (name !== undefined && typeof name !== "string") {
    throw new InvalidArgumentError(`${what}(): the name option must be a string, not ${describeValue(name)}`);
  }
}

/** @internal True for an integer count a primitive can use (finite, no fraction). */
export function isCount(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n);
}

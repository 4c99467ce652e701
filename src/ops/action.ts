/**
 * `action`: the closure-based way to write a blocking operation, for callback
 * APIs and one-off primitives. Subclassing Instruction is the faster way;
 * this one is the shorter.
 */
import { Instruction } from "../kernel/instruction.js";
import type { Wait } from "../kernel/instruction.js";
import type { Task } from "../kernel/task.js";

/** Called when the operation starts; returns the undo (teardown), if any. */
export type ActionBody<T> = (resolve: (value: T) => void, reject: (error: unknown) => void) => (() => void) | void;

/** One wait of one task: resolves at most once, tears down exactly once. */
class ActionWait implements Wait {
  settled = false;
  teardown: (() => void) | void = undefined;
  entered = false;
  constructor(
    private readonly task: Task<unknown>,
    private readonly description: string,
  ) {}
  describe(): string {
    return this.description;
  }
  settle(value: unknown, isError: boolean): void {
    if (this.settled) return;
    this.settled = true;
    // Teardown runs on every exit path; if resolve came before enter returned, enter runs it.
    if (this.entered) this.runTeardown();
    if (isError) this.task.resumeWithError(value);
    else this.task.resume(value);
  }
  undo(): void {
    if (this.settled) return;
    this.settled = true;
    this.runTeardown();
  }
  runTeardown(): void {
    const teardown = this.teardown;
    this.teardown = undefined;
    if (typeof teardown === "function") teardown();
  }
}

class Action<T> extends Instruction<T> {
  constructor(
    private readonly description: string,
    private readonly body: ActionBody<T>,
  ) {
    super();
  }
  describe(): string {
    return this.description;
  }
  enter(task: Task<unknown>): void {
    const wait = new ActionWait(task, this.description);
    wait.teardown = this.body(
      (value) => wait.settle(value, false),
      (error) => wait.settle(error, true),
    );
    wait.entered = true;
    if (wait.settled) wait.runTeardown();
    else task.block(wait);
  }
}

/**
 * Builds an operation from a callback: `body(resolve, reject)` starts the
 * work and returns an undo, called if the task is cancelled first and also
 * after the operation settles (so it can always release what it set up).
 * `resolve` and `reject` may be called from anywhere, also from outside the
 * scheduler (a DOM event, a Node callback); calls after the first are ignored.
 *
 * @example
 * ```ts
 * function wallClockDelay(ms: number) {
 *   return action<void>(`wallClockDelay(${ms})`, (resolve) => {
 *     const id = setTimeout(resolve, ms);
 *     return () => clearTimeout(id);
 *   });
 * }
 * ```
 */
export function action<T>(description: string, body: ActionBody<T>): Instruction<T> {
  return new Action(description, body);
}

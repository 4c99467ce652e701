/**
 * `action`: the closure-based way to write a blocking operation, for callback
 * APIs and one-off primitives. Subclassing Instruction is the faster way;
 * this one is the shorter.
 *
 * The body runs in tryNow(), while the task is still running its step: a
 * body that settles at once completes the operation without the task
 * suspending (and code in the body that asks which task is calling, a
 * mutex's unlock() say, sees it); otherwise the task parks on the wait.
 *
 * Exception safety: the body and its teardown are user code. Whatever they
 * throw, the wait's own state is settled first, the teardown runs at most
 * once, and the error goes to the waiting task:
 * - the body throws: the operation is refused, the error is thrown at the
 *   task's yield (there is no teardown yet to run);
 * - the teardown throws on cancellation (inside undo): the kernel delivers
 *   the cancellation, then fails the task with the teardown's error;
 * - the teardown throws after resolve: the task gets the teardown's error;
 *   after reject: the rejection, with the teardown's error attached to it
 *   (suppressedErrors: no error is dropped); never is the task left blocked.
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import { withSuppressed } from "../kernel/suppressed.js";
import { Instruction, WAIT, creation as creationWatch } from "../kernel/instruction.js";
import type { Wait, Waiting } from "../kernel/instruction.js";
import type { Task } from "../kernel/task.js";

// Debug mode's watcher of operations never yielded (kernel/unyielded.ts), as a local const (see kernel/step-loop.ts).
const creation = creationWatch;

/**
 * Called when the operation starts; returns the undo (teardown), if any.
 *
 * @category Edges
 */
export type ActionBody<T> = (resolve: (value: T) => void, reject: (error: unknown) => void) => (() => void) | void;

/** How an ActionWait ended: the first of resolve, reject and undo wins. */
const RESOLVED = 1;
const REJECTED = 2;
const UNDONE = 3;

/** One wait of one task: ends at most once, tears down exactly once. */
class ActionWait implements Wait {
  /** 0 while the wait is on, then RESOLVED, REJECTED or UNDONE. */
  ended = 0;
  /** The value or error of a resolve or reject, until it is delivered. */
  outcome: unknown = undefined;
  teardown: (() => void) | void = undefined;
  /** The parked task; null while the body runs (in tryNow). */
  task: Task<unknown> | null = null;
  /** Set by close(): whether `outcome` is an error to throw. */
  outcomeIsError = false;
  constructor(private readonly description: string) {}
  describe(): string {
    return this.description;
  }
  settle(value: unknown, isError: boolean): void {
    if (this.ended !== 0) return;
    this.ended = isError ? REJECTED : RESOLVED;
    this.outcome = value;
    const task = this.task;
    if (task === null) return; // inside the body: tryNow delivers it
    this.close();
    // Passing the wait makes a wake-up after the task moved on harmless.
    if (this.outcomeIsError) task.resumeWithError(this.takeOutcome(), this);
    else task.resume(this.takeOutcome(), this);
  }
  /** The task leaves early (cancelled, interrupted): tears down, wakes nobody. A throwing teardown goes to the kernel. */
  undo(): void {
    if (this.ended !== 0) return;
    this.ended = UNDONE;
    // What settles it later (a promise's callbacks) may live long after the
    // task; a late settle wakes nobody, so the task is not kept.
    this.task = null;
    const teardown = this.teardown;
    this.teardown = undefined;
    if (typeof teardown === "function") teardown();
  }
  /** After a resolve or reject: runs the teardown, and folds an error it throws into the outcome. */
  close(): void {
    const teardown = this.teardown;
    this.teardown = undefined;
    this.outcomeIsError = this.ended === REJECTED;
    if (typeof teardown !== "function") return;
    try {
      teardown();
    } catch (error) {
      this.outcome = this.outcomeIsError ? withSuppressed(this.outcome, [error], this.description) : error;
      this.outcomeIsError = true;
    }
  }
  takeOutcome(): unknown {
    const outcome = this.outcome;
    this.outcome = undefined;
    return outcome;
  }
}

class Action<T> extends Instruction<T> {
  /** The wait tryNow() started and park() parks on: set and taken within one call of the kernel. */
  private starting: ActionWait | null = null;
  constructor(
    private readonly description: string,
    private readonly body: ActionBody<T>,
  ) {
    super();
    if (creation.watcher !== null) creation.watcher.created(this); // debug mode only: see kernel/unyielded.ts
  }
  describe(): string {
    return this.description;
  }
  /** Runs the body; a resolve or reject from inside it completes the operation at once (after the teardown). */
  tryNow(): T | Waiting {
    const wait = new ActionWait(this.description);
    wait.teardown = this.body(
      (value) => wait.settle(value, false),
      (error) => wait.settle(error, true),
    );
    if (wait.ended === 0) {
      this.starting = wait;
      return WAIT;
    }
    wait.close();
    if (wait.outcomeIsError) throw wait.takeOutcome();
    return wait.takeOutcome() as T;
  }
  override park(task: Task<unknown>): void {
    const wait = this.starting as ActionWait;
    this.starting = null;
    wait.task = task;
    task.block(wait);
  }
}

/**
 * Builds an operation from a callback: `body(resolve, reject)` starts the
 * work and returns an undo, called if the task is cancelled first and also
 * after the operation settles (so it can always release what it set up).
 * `resolve` and `reject` may be called from anywhere, also from outside the
 * scheduler (a DOM event, a Node callback); calls after the first are ignored.
 * If the undo throws, the task gets its error at the yield (after settling)
 * or fails with it once its cleanup has run (after a cancellation).
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
 *
 * @category Edges
 */
export function action<T>(description: string, body: ActionBody<T>): Instruction<T> {
  // Checked here, at the call, rather than when the body runs: the mistake is
  // then reported at the line that made it, not at some later yield.
  if (typeof description !== "string") {
    throw new InvalidArgumentError(`action() needs a string that describes the operation as its first argument, such as "readFile(notes.txt)", not ${describeValue(description)}`);
  }
  if (typeof body !== "function") {
    throw new InvalidArgumentError(`action(${JSON.stringify(description)}): the body must be a function (resolve, reject) => teardown that starts the work, not ${describeValue(body)}`);
  }
  return new Action(description, body);
}

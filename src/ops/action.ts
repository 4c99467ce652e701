/**
 * `action`: the closure-based way to write a blocking operation, for callback
 * APIs and one-off primitives. Subclassing Instruction is the faster way;
 * this one is the shorter.
 *
 * Exception safety: the body and its teardown are user code. Whatever they
 * throw, the wait's own state is settled first, the teardown runs at most
 * once, and the error goes to the waiting task:
 * - the body throws: park() throws, and the kernel takes the task off the
 *   wait (undo, with no teardown to run yet) and throws it at the yield;
 * - the teardown throws on cancellation (inside undo): the kernel delivers
 *   the cancellation, then fails the task with the teardown's error;
 * - the teardown throws after resolve/reject: the task is woken with the
 *   teardown's error instead of the outcome, never left blocked.
 */
import { Instruction, WAIT } from "../kernel/instruction.js";
import type { Wait, Waiting } from "../kernel/instruction.js";
import type { Task } from "../kernel/task.js";

/** Called when the operation starts; returns the undo (teardown), if any. */
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
  /** True once the body has returned: until then, park() finishes what an end starts. */
  bodyReturned = false;
  teardown: (() => void) | void = undefined;
  constructor(
    private readonly task: Task<unknown>,
    private readonly description: string,
  ) {}
  describe(): string {
    return this.description;
  }
  settle(value: unknown, isError: boolean): void {
    if (this.ended !== 0) return;
    this.ended = isError ? REJECTED : RESOLVED;
    this.outcome = value;
    // A resolve inside the body is finished by park() once the body has returned.
    if (this.bodyReturned) this.finish();
  }
  /**
   * The task leaves early (cancelled, interrupted, or the body threw): tears
   * down if the body has returned (else park() does once it returns), wakes nobody.
   */
  undo(): void {
    if (this.ended !== 0) return;
    this.ended = UNDONE;
    if (this.bodyReturned) this.finish();
  }
  /**
   * The wait has ended and the body has returned: runs the teardown, then
   * wakes the task unless it left early. A teardown that throws wakes it
   * with that error; after an undo, the error goes to the kernel, which
   * fails the task with it once the task has unwound.
   */
  finish(): void {
    const teardown = this.teardown;
    this.teardown = undefined;
    if (this.ended === UNDONE) {
      if (typeof teardown === "function") teardown();
      return;
    }
    let value = this.outcome;
    let isError = this.ended === REJECTED;
    this.outcome = undefined;
    if (typeof teardown === "function") {
      try {
        teardown();
      } catch (error) {
        // After a reject, both errors are kept (none is ever dropped), the reject's first.
        value = isError ? new AggregateError([value, error], `${this.description} was rejected, and then its undo threw`) : error;
        isError = true;
      }
    }
    // Passing the wait makes a wake-up after the task moved on harmless.
    if (isError) this.task.resumeWithError(value, this);
    else this.task.resume(value, this);
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
  /** The body starts the work, so it runs in park(), with the task already blocked. */
  tryNow(): Waiting {
    return WAIT;
  }
  /**
   * Blocks the task, then runs the body: a resolve or reject from inside it
   * wakes the task before park() returns (after the teardown has run).
   */
  override park(task: Task<unknown>): void {
    const wait = new ActionWait(task, this.description);
    task.block(wait);
    wait.teardown = this.body(
      (value) => wait.settle(value, false),
      (error) => wait.settle(error, true),
    );
    wait.bodyReturned = true;
    if (wait.ended !== 0) wait.finish();
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
 */
export function action<T>(description: string, body: ActionBody<T>): Instruction<T> {
  return new Action(description, body);
}

/**
 * Debug warnings: likely mistakes that are not errors, reported only when a
 * scheduler is created with `debug` (off by default, and free when off: the
 * checks sit on paths that only cancelled tasks or debug runs take).
 *
 * - "cancellation-swallowed": a cancelled task's body returned normally (a
 *   `catch` or a `return` in `finally` swallowed its CancelledError), or it
 *   has yielded many times since its cancellation was delivered, which is
 *   what a task that caught the error and went on looks like (`cancel()`
 *   then waits for ever). A long cleanup looks the same; the warning says so.
 * - "ended-holding-mutex": a task finished holding a mutex; its waiters
 *   will wait for ever.
 * - "operation-never-yielded": a task made an operation (`sleep(100);`,
 *   `spawn(child);` on a line of its own) and never yielded it, so it did
 *   nothing. Reported when the run ends with every task finished, or when
 *   the operation is garbage-collected, naming the operation and the line
 *   that made it (see unyielded.ts). The checks cost nothing when off: the
 *   constructors of those operations test one shared field.
 */
import { InvalidArgumentError, describeValue } from "./errors.js";
import type { Task } from "./task.js";

/**
 * What a debug warning is about.
 *
 * @category Debugging
 */
export type DebugWarningKind = "cancellation-swallowed" | "ended-holding-mutex" | "operation-never-yielded";

/**
 * One debug warning, as a scheduler created with `debug` reports it.
 *
 * @example
 * ```ts
 * const host = new VirtualHost({ debug: (w: DebugWarning) => console.warn(`[${w.kind}] ${w.message}`) });
 * ```
 *
 * @category Debugging
 */
export interface DebugWarning {
  /** Which likely mistake it is. */
  kind: DebugWarningKind;
  /** The task concerned. */
  task: Task<unknown>;
  /** What happened and what to do, naming the task. */
  message: string;
}

/**
 * The `debug` option: `true` writes warnings with console.warn; a function receives them.
 *
 * @category Debugging
 */
export type DebugOption = boolean | ((warning: DebugWarning) => void);

/** @internal Yields after a delivered cancellation before a task is suspected of having swallowed it. */
export const YIELDS_AFTER_CANCEL_BEFORE_WARNING = 100;

/** @internal The sink a `debug` option stands for, or null when debugging is off. */
export function debugSink(option: DebugOption | undefined): ((warning: DebugWarning) => void) | null {
  if (option === undefined || option === false) return null;
  if (option === true) return (warning) => console.warn(`spindle [${warning.kind}]: ${warning.message}`);
  if (typeof option !== "function") {
    throw new InvalidArgumentError(`the debug option must be true, false or a function that receives each warning, not ${describeValue(option)}`);
  }
  return option;
}

/**
 * Telling spindle's errors apart when `instanceof` cannot: with two copies
 * of spindle in one process (the CommonJS and the ES module build, or two
 * installed versions), each has its own classes, and an error thrown by one
 * is not an instance of the other's. These helpers read the kind every
 * spindle error carries under `Symbol.for("spindle.error")`, the same key in
 * every copy.
 */
import { errorKind } from "./kernel/errors.js";
import type { CancelledError, Interrupt, SpindleError, TimeoutError } from "./kernel/errors.js";
import type { DeadlockError } from "./hosts/deadlock.js";

/**
 * Whether `error` is a {@link SpindleError}, thrown by this copy of spindle
 * or by another one loaded in the same process (the CommonJS and the ES
 * module build, two installed versions), where `instanceof` says no.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) { if (isSpindleError(e)) console.error("spindle says:", e.message); }
 * ```
 *
 * @category Errors
 */
export function isSpindleError(error: unknown): error is SpindleError {
  return typeof errorKind(error) === "string";
}

/**
 * Whether `error` is a {@link CancelledError}, of this copy of spindle or of
 * another one. A catch-all must let a cancellation through; this is the
 * test that does not depend on which copy threw it.
 *
 * @example
 * ```ts
 * try { yield* work(); } catch (e) {
 *   if (isCancellation(e)) throw e; // never swallow a cancellation
 *   log(e);
 * }
 * ```
 *
 * @category Errors
 */
export function isCancellation(error: unknown): error is CancelledError {
  return errorKind(error) === "CancelledError";
}

/**
 * Whether `error` is a {@link TimeoutError}, of this copy of spindle or of another one.
 *
 * @example
 * ```ts
 * try { yield* timeout(100, fetchSlowly()); } catch (e) { if (isTimeoutError(e)) retry(); else throw e; }
 * ```
 *
 * @category Errors
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return errorKind(error) === "TimeoutError";
}

/**
 * Whether `error` is an {@link Interrupt}, of this copy of spindle or of another one.
 *
 * @example
 * ```ts
 * try { yield* sleep(workLeft); } catch (e) { if (!isInterrupt(e)) throw e; repair(e.cause); }
 * ```
 *
 * @category Errors
 */
export function isInterrupt(error: unknown): error is Interrupt {
  return errorKind(error) === "Interrupt";
}

/**
 * Whether `error` is a {@link DeadlockError}, of this copy of spindle or of another one.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) { if (isDeadlockError(e)) console.error(e.blocked); else throw e; }
 * ```
 *
 * @category Errors
 */
export function isDeadlockError(error: unknown): error is DeadlockError {
  return errorKind(error) === "DeadlockError";
}

/**
 * Every error spindle throws is a {@link SpindleError}, so a user can tell the
 * library's complaints from their own with one `instanceof`. Misuse gets a
 * named subclass whose message says what to do; a broken internal invariant
 * is an {@link InternalError} ("this is a bug in spindle").
 */

/**
 * This copy's version, for messages about two copies of spindle loaded at
 * once. Kept equal to package.json's by a test (test/reliability/two-copies.test.ts).
 */
export const SPINDLE_VERSION = "0.1.0";

/**
 * @internal Where every instruction keeps the identity of the copy of
 * spindle it comes from (set on Instruction's prototype). A registered
 * symbol, so that every copy in the process uses the same key, and an
 * identity object, so that two copies of the same version still differ.
 */
export const INSTRUCTION_BRAND: unique symbol = Symbol.for("spindle.instruction");
/** @internal This copy's identity, under {@link INSTRUCTION_BRAND}. */
export const THIS_COPY: { readonly version: string } = Object.freeze({ version: SPINDLE_VERSION });

/**
 * Where a spindle error keeps its kind ("CancelledError", ...), on its
 * class's prototype: `instanceof` fails across two copies of spindle (each
 * has its own classes), while this registered key is the same in every copy.
 */
const ERROR_KIND: unique symbol = Symbol.for("spindle.error");

/**
 * Base class of every error thrown by spindle itself.
 *
 * @example
 * ```ts
 * try { run(main); } catch (e) { if (e instanceof SpindleError) console.error("spindle says:", e.message); }
 * ```
 *
 * @category Errors
 */
export class SpindleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * @internal The kind the is...() helpers read. The classes they test
   * (CancelledError, TimeoutError, Interrupt, DeadlockError) set theirs
   * explicitly with setErrorKind, so that it survives minified class names
   * and is inherited by subclasses; every other class is known by its name.
   */
  get [ERROR_KIND](): string {
    return this.name;
  }
}

/** @internal Gives a class the kind that the is...() helpers (src/error-checks.ts) recognise, in every copy of spindle. */
export function setErrorKind(cls: abstract new (...args: never[]) => SpindleError, kind: string): void {
  Object.defineProperty(cls.prototype, ERROR_KIND, { value: kind });
}

/** @internal The kind of a spindle error of any copy (see src/error-checks.ts); undefined for anything else. */
export function errorKind(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (value as { [ERROR_KIND]?: unknown })[ERROR_KIND] : undefined;
}

/**
 * A task yielded something that is not a spindle instruction: a Promise, a
 * generator from a forgotten `*` in `yield*`, `undefined`, a number...
 * It is thrown into the task at the offending `yield`, so the stack trace
 * points at the line to fix.
 *
 * @example
 * ```ts
 * function* bad() { yield new Promise(() => {}); } // InvalidYieldError: yielded a Promise
 * ```
 *
 * @category Errors
 */
export class InvalidYieldError extends SpindleError {
  /** The value that was yielded. */
  readonly yielded: unknown;
  constructor(taskLabel: string, yielded: unknown) {
    const copy = otherCopyOf(yielded);
    super(
      copy === null
        ? `${taskLabel} yielded ${describeValue(yielded)}, which is not a spindle operation. ${guessCause(yielded)}`
        : `${taskLabel} yielded ${describeValue(yielded)} from another copy of spindle: ${twoCopies(copy)}`,
    );
    this.yielded = yielded;
  }
}

/**
 * A duration, capacity or other argument is out of range (negative, NaN,
 * infinite, not an integer where one is needed...). Nothing was changed.
 *
 * @example
 * ```ts
 * yield* sleep(-1); // InvalidArgumentError: sleep(-1): duration must be a finite number >= 0
 * ```
 *
 * @category Errors
 */
export class InvalidArgumentError extends SpindleError {}

/**
 * An operation was used where it cannot work: `run` re-entered from inside a
 * task, a task of one scheduler joined from another, a frame operation used
 * without a frame host...
 *
 * @example
 * ```ts
 * function* main() { run(other); } // UsageError: run() was called from inside task#1 "main"
 * ```
 *
 * @category Errors
 */
export class UsageError extends SpindleError {}

/**
 * Thrown by {@link timeout} when the operation did not finish in time. The
 * operation has been cancelled and its cleanup has finished when this is thrown.
 *
 * @example
 * ```ts
 * try { yield* timeout(100, fetchSlowly()); } catch (e) { if (e instanceof TimeoutError) retry(); }
 * ```
 *
 * @category Time
 */
export class TimeoutError extends SpindleError {
  /** The time limit, in milliseconds. */
  readonly ms: number;
  constructor(ms: number, what: string) {
    super(`timeout(${ms}): ${what} did not finish within ${ms} ms; it was cancelled and its cleanup has finished`);
    this.ms = ms;
  }
}

/**
 * Cancellation. Thrown into a cancelled task at the point where it waits, it
 * unwinds the task: every `finally` block runs (and may yield), in every
 * nested helper. A `catch` that sees it should rethrow it, as with asyncio's
 * CancelledError; a task that swallows it is still ended as cancelled when it
 * returns. Joining a cancelled task throws it too: that task has no result.
 * `isCancellation(e)` recognises it also when another copy of spindle threw it.
 *
 * @example
 * ```ts
 * try { yield* work(); } catch (e) {
 *   if (e instanceof CancelledError) throw e; // never swallow a cancellation
 *   log(e);
 * }
 * ```
 *
 * @category Tasks
 */
export class CancelledError extends SpindleError {
  /**
   * The label of the task that was cancelled (`task#3 "worker"`): the current
   * task's own label when this error is its own cancellation unwinding it, a
   * joined task's label otherwise. `e.taskLabel === me.label` is the exact test.
   */
  readonly taskLabel: string;
  constructor(taskLabel: string, unwinding = false) {
    super(
      unwinding
        ? `${taskLabel} was cancelled: this error unwinds it so that its finally blocks run; a catch that sees it should rethrow it`
        : `${taskLabel} was cancelled, so it has no result; catch CancelledError where a cancelled task is expected`,
    );
    this.taskLabel = taskLabel;
  }
}

/**
 * Thrown into a task by `task.interrupt(cause)`, at the point where it waits
 * (SimPy's interrupt). Unlike cancellation it can be caught, and the task
 * carries on: a machine that breaks down, a customer who is called away.
 *
 * @example
 * ```ts
 * try { yield* sleep(workLeft); } catch (e) {
 *   if (!(e instanceof Interrupt)) throw e;
 *   console.log("interrupted by", e.cause);
 * }
 * ```
 *
 * @category Tasks
 */
export class Interrupt extends SpindleError {
  /** Whatever the interrupter passed: a reason, or a record such as `{ by, since }`. */
  override readonly cause: unknown;
  constructor(taskLabel: string, cause: unknown) {
    super(`${taskLabel} was interrupted${cause === undefined ? "" : ` (cause: ${describeValue(cause)})`}; catch Interrupt where the task can carry on`);
    this.cause = cause;
  }
}

/**
 * A broken internal invariant: this is a bug in spindle, not in your program.
 * Please report it with the message.
 *
 * @example
 * ```ts
 * if (e instanceof InternalError) reportBug(e);
 * ```
 *
 * @category Errors
 */
export class InternalError extends SpindleError {
  constructor(message: string) {
    super(`${message} (this is a bug in spindle; please report it)`);
  }
}

setErrorKind(CancelledError, "CancelledError");
setErrorKind(TimeoutError, "TimeoutError");
setErrorKind(Interrupt, "Interrupt");

/**
 * A short, safe rendering of an arbitrary value for error messages.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError(`gate(${describeValue(width)}): width must be > 0`);
 * ```
 *
 * @category Extending
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `the ${typeof value} ${String(value)}`;
  if (typeof value === "function") return `a function${value.name ? ` (${value.name})` : ""}`;
  if (isPromiseLike(value)) return value instanceof Promise ? "a Promise" : "a thenable (an object with a then() method)";
  if (isGeneratorLike(value)) return "a generator object";
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor && ctor !== "Object" ? `an instance of ${ctor}` : "a plain object";
}

/**
 * @internal `Name: message` of an error, or a description of any other
 * thrown value, for reports (dump(), the deadlock report). The error is user
 * code's object, so nothing it does (a throwing getter) may throw here.
 */
export function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
  } catch {
    return "(an error that could not be read)";
  }
}

function isPromiseLike(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** A generator object, or an iterator like one; not an instruction (a Task, say), which also has next() and throw(). */
function isGeneratorLike(value: unknown): boolean {
  const v = value as { next?: unknown; throw?: unknown; tryNow?: unknown } | null;
  return typeof v?.next === "function" && typeof v.throw === "function" && typeof v.tryNow !== "function";
}

/**
 * The identity of the copy of spindle that `value`, an instruction of
 * another copy, comes from; null for anything else. Only the error path
 * asks: the kernel's hot path tests `instanceof Instruction` alone.
 */
function otherCopyOf(value: unknown): { version?: unknown } | null {
  if (typeof value !== "object" || value === null) return null;
  const copy = (value as { [INSTRUCTION_BRAND]?: unknown })[INSTRUCTION_BRAND];
  return typeof copy === "object" && copy !== null && copy !== THIS_COPY ? copy : null;
}

function twoCopies(other: { version?: unknown }): string {
  const versions =
    other.version === SPINDLE_VERSION
      ? `both are version ${SPINDLE_VERSION}: its CommonJS and its ES module build, or two installs of it`
      : `versions ${SPINDLE_VERSION} and ${String(other.version)}`;
  return (
    `two copies of spindle are loaded (${versions}); an operation from one cannot run on the other's scheduler: ` +
    "make sure one copy is installed (npm ls spindle; npm dedupe) and import it either as an ES module or as CommonJS, everywhere"
  );
}

function guessCause(value: unknown): string {
  if (value === undefined) {
    return "A bare `yield` gives the scheduler nothing to do: use `yield* yieldNow()` to let other tasks run, or `yield* op` to wait for an operation.";
  }
  if (isPromiseLike(value)) {
    return (
      "The scheduler never awaits Promises (the core is Promise-free): wait for it with `yield* fromPromise(promise)` " +
      '(import { fromPromise } from "spindle/promise"; `fromPromise((signal) => fetch(url, { signal }))` also aborts it when the task is cancelled), ' +
      "wrap a callback API with action(), or await outside the scheduler."
    );
  }
  if (isGeneratorLike(value)) {
    return "Did you forget the `*` in `yield*`? `yield op()` hands over the generator object; `yield* op()` runs it.";
  }
  if (typeof value === "function") {
    return "Did you forget to call it? Yield the operation it returns, with `yield* fn()`.";
  }
  return "Yield only spindle operations, such as `yield* sleep(10)` or `yield* spawn(worker)`.";
}

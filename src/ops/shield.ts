/**
 * `shield(op)`: a region that cancellation cannot interrupt.
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import type { Coroutine, Operation } from "../kernel/instruction.js";
import { ShieldEnter, ShieldLeave } from "../kernel/instructions.js";

const ENTER = /* @__PURE__ */ new ShieldEnter();
const LEAVE = /* @__PURE__ */ new ShieldLeave();

/**
 * Runs `operation` to the end even if the task is cancelled meanwhile. A
 * cancellation requested during the region (and that of the task's children)
 * is held back and lands at the region's end: the operation's result is
 * dropped and the unwinding continues from there. Entering a shield is never a
 * cancellation point, so a shield opened in a `finally` block protects its
 * cleanup even when a cancellation is already pending. Use it for a commit
 * that must not be cut in half. A task's cleanup after its own cancellation
 * is already shielded.
 *
 * @example
 * ```ts
 * yield* shield(writeBothCopies(record)); // never only one of the two
 * ```
 *
 * @category Tasks
 */
export function* shield<T>(operation: Operation<T>): Coroutine<T> {
  if (operation === null || typeof operation !== "object" || typeof operation[Symbol.iterator] !== "function") {
    throw new InvalidArgumentError(`shield() needs an operation (a generator, an instruction or a task), not ${describeValue(operation)}`);
  }
  yield ENTER;
  try {
    return yield* operation;
  } finally {
    yield LEAVE;
  }
}

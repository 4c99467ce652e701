/**
 * The task state machine: its states, its flag bits, and the only functions
 * that move a task from one state to another. Every state change in the
 * kernel goes through a transition named here, so the rules below are kept
 * in one place (as tokio's `transition_to_*` and Trio's one `reschedule`).
 *
 *   READY ──toRunning──▶ RUNNING ──toReady──▶ READY
 *                          │  ──toBlocked──▶ BLOCKED ──leaveWait + toReady──▶ READY
 *                          └──(body ends)──▶ BLOCKED on its children, or a final state
 *   final states (>= DONE): DONE | FAILED | CANCELLED, never left.
 *
 * Invariants:
 * - a task is in its scheduler's ready queue exactly when it is READY
 *   (toReady is the only way in: it sets the state and pushes);
 * - `task.wait` is non-null exactly when the task is BLOCKED, and is the
 *   object whose `undo` takes the task off whatever it waits on;
 * - leaveWait is the only way out of BLOCKED short of a final state: it
 *   clears `wait` and hands it back, so that the caller undoes it (or not,
 *   when the wait completed) exactly once.
 *
 * These functions are tiny on purpose: V8 inlines them into the step loop,
 * so naming the transitions costs nothing on the hot path.
 */
import type { Wait } from "./instruction.js";
import type { RingQueue } from "./ring-queue.js";
import type { Task } from "./task.js";

/** @internal State codes; the final states are the ones >= DONE. */
export const READY = 0;
export const RUNNING = 1;
export const BLOCKED = 2;
export const DONE = 3;
export const FAILED = 4;
export const CANCELLED = 5;

/** @internal Flag bits of `task.flags`. */
export const F_DELEGATED = 1 << 0; // suspended inside a `yield*` (see instruction.ts)
export const F_THROW = 1 << 1; // next resume throws resumeValue into the generator
export const F_RETURN = 1 << 2; // next resume calls generator.return(): cancelling a task that never ran
export const F_CANCEL_REQUESTED = 1 << 3;
export const F_CANCELLING = 1 << 4; // the cancellation was delivered; cleanup running
export const F_FAILING = 1 << 5; // `result` holds the error the task will fail with
export const F_STARTED = 1 << 6;
export const F_WAIT_FOR_CHILDREN = 1 << 7; // a scope: finishing waits for children instead of cancelling them
export const F_GENERATOR_DONE = 1 << 8; // the body has finished; waiting for children
export const F_OWNS_CONTEXT = 1 << 9; // `context` is this task's own copy
export const F_INTERRUPTED = 1 << 10; // an interrupt waits for the task's next yield
export const F_PARKING = 1 << 11; // inside an instruction's park(): the only place task.block() is allowed
/**
 * @internal The bits above the flags count nested shield() regions: the
 * depth is `flags >>> SHIELD_SHIFT`, and a task is shielded exactly when
 * `flags >= SHIELD_UNIT`. Kept in `flags` rather than a field of its own:
 * every field costs 8 bytes in each of what can be millions of tasks.
 */
export const SHIELD_SHIFT = 12;
export const SHIELD_UNIT = 1 << SHIELD_SHIFT;

/** @internal The task is about to be resumed. Precondition: it was just taken off the ready queue. */
export function toRunning(task: Task<unknown>): void {
  task.stateCode = RUNNING;
}

/** @internal Queues the task. Precondition: it is running, or was just taken off its wait (leaveWait), or is new. */
export function toReady(task: Task<unknown>, ready: RingQueue<Task<unknown>>): void {
  task.stateCode = READY;
  ready.push(task);
}

/** @internal Parks a running task on `wait` from time `now`. */
export function toBlocked(task: Task<unknown>, wait: Wait, now: number): void {
  task.stateCode = BLOCKED;
  task.wait = wait;
  task.blockedSince = now;
}

/**
 * @internal Takes a blocked task off its wait and hands the wait back; the
 * task is RUNNING-less until the caller queues it (toReady) or, when it is
 * the running task being unparked, sets it running again.
 */
export function leaveWait(task: Task<unknown>): Wait {
  const wait = task.wait as Wait;
  task.wait = null;
  return wait;
}

/** @internal The task reached its final state `code` (DONE, FAILED or CANCELLED). */
export function toFinal(task: Task<unknown>, code: number): void {
  task.stateCode = code;
  task.wait = null;
}

/**
 * @internal True when a cancellation requested for the task can be
 * delivered now: requested, not yet delivered, and not shielded.
 */
export function cancellationDeliverable(task: Task<unknown>): boolean {
  return (task.flags & (F_CANCEL_REQUESTED | F_CANCELLING)) === F_CANCEL_REQUESTED && task.flags < SHIELD_UNIT;
}

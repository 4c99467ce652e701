/**
 * The kernel's public low-level interface: everything a primitive needs, and
 * nothing more. `src/sync/` and `src/sim/` import the kernel only through
 * this file (a test enforces it), which proves that a user outside the
 * package can write the same primitives with the same tools.
 *
 * The one blocking shape: an {@link Instruction} whose `enter(task)` either
 * completes at once (`task.resume(v)`) or parks the task (`task.block(wait)`);
 * whatever completes the wait later calls `task.resume(v)` or
 * `task.resumeWithError(e)`; if the task is cancelled first, `wait.undo(task)`
 * takes it off the primitive's wait list.
 */
export { Instruction } from "./instruction.js";
export type { Wait, Operation, Coroutine } from "./instruction.js";
export { Task } from "./task.js";
export type { FinishListener } from "./task.js";
export { Timer } from "./timer-heap.js";
export { RingQueue } from "./ring-queue.js";
export { addListener, removeListener } from "./listeners.js";
export type { Listeners } from "./listeners.js";
export { activeScheduler, checkDuration, enterAtOnce, immediateTask } from "./scheduler.js";
export { Sleep } from "./instructions.js";
export type { Scheduler } from "./scheduler.js";
export type { Tracer, SchedulePolicy } from "./tracer.js";
export type { Random } from "./random.js";
export { SpindleError, InvalidArgumentError, UsageError, Interrupt, describeValue } from "./errors.js";

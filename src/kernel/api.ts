/**
 * The kernel's public low-level interface: everything a primitive needs, and
 * nothing more. `src/sync/` and `src/sim/` import the kernel only through
 * this file (a test enforces it), which proves that a user outside the
 * package can write the same primitives with the same tools. The part of it
 * that users need is exported as `spindle/extend` (src/extend.ts).
 *
 * The one blocking shape: an {@link Instruction} whose `tryNow(task)` gives
 * the result or WAIT, and whose `park(task)` puts the task on a
 * {@link WaitList} (or `task.block(wait)`); whatever completes the wait
 * wakes it (`list.wakeFirst(v)`, or `task.resume(v)`); if the task is
 * cancelled first, the wait's undo takes it off the list.
 */
export { Instruction } from "./instruction.js";
import { WAIT as WAIT_SYMBOL, creation as creationWatch } from "./instruction.js";
/**
 * WAIT, as a plain const of this module: a re-exported binding compiles to a
 * getter call in the CommonJS build, and the primitives return WAIT from
 * tryNow() whenever a task must wait.
 */
const WAIT: typeof WAIT_SYMBOL = WAIT_SYMBOL;
export { WAIT };
/**
 * @internal Debug mode's watcher of operations never yielded (see
 * unyielded.ts): an operation made fresh by each call tells it, once its
 * fields are set, when it is not null. A plain const, as WAIT above.
 */
const creation: typeof creationWatch = creationWatch;
export { creation };
export { used } from "./unyielded.js";
export type { Wait, Waiting, Operation, Coroutine } from "./instruction.js";
export { Task } from "./task.js";
export type { FinishListener } from "./task.js";
export { WaitList, WaitNode } from "./wait-list.js";
export type { Described } from "./wait-list.js";
export { Timer } from "./timer-heap.js";
export type { Turn } from "./turn.js";
export { RingQueue } from "./ring-queue.js";
export { addListener, removeListener } from "./listeners.js";
export type { Listeners } from "./listeners.js";
export { activeScheduler, checkDuration } from "./scheduler.js";
export { registerExemplar } from "./exemplars.js";
export { Sleep } from "./instructions.js";
export type { Scheduler } from "./scheduler.js";
export type { Tracer, SchedulePolicy } from "./tracer.js";
export type { Random } from "./random.js";
export { SpindleError, InvalidArgumentError, UsageError, Interrupt, describeValue } from "./errors.js";

/**
 * spindle/extend: everything needed to write a blocking primitive (or a
 * host) of your own, and only that. The built-in primitives (channels,
 * semaphores, events, the simulation's resources) are written with exactly
 * these.
 *
 * Four concepts:
 * 1. {@link Instruction}: subclass it and write `describe()`,
 *    `tryNow(task)` (the result now, or {@link WAIT}) and `park(task)`.
 * 2. {@link WAIT}: what `tryNow` returns when the task must wait.
 * 3. {@link WaitList}: where `park` puts the task (`list.add(task, this)`)
 *    and whatever completes the wait wakes it (`wakeFirst`, `wakeAll`,
 *    `failAll`). A cancelled task leaves it by itself. It also names your
 *    primitive in `dump()`, deadlock reports and traces.
 * 4. {@link Task}: the task `tryNow` and `park` are given.
 *
 * For a wait that is not a list (a callback API, a deadline), `park` calls
 * `task.block(wait)` with a {@link Wait} whose `undo` takes the task off,
 * and `task.resume(value)` wakes it; {@link Timer} gives a deadline. For a
 * one-off wait built from a callback, `action()` (from "spindle") is shorter.
 * Helpers the built-in primitives use too: {@link RingQueue} (a FIFO for
 * buffers), {@link describeValue} and {@link checkDuration} (argument
 * checks with spindle's wording), {@link activeScheduler} and
 * {@link refuseReentry} (for a host of your own).
 *
 * See docs/writing-primitives.md for a walk-through.
 *
 * @example
 * ```ts
 * import { Instruction, WAIT, WaitList, type Task, type Waiting } from "spindle/extend";
 * class Gate extends Instruction<void> {
 *   private open = false;
 *   private readonly waiters = new WaitList<void>("gate");
 *   describe(): string { return `${this.waiters.name}.wait()`; }
 *   tryNow(): void | Waiting { return this.open ? undefined : WAIT; }
 *   override park(task: Task): void { this.waiters.add(task, this); }
 *   openUp(): void { this.open = true; this.waiters.wakeAll(undefined); }
 * }
 * ```
 *
 * @module spindle/extend
 */
export { Instruction, WAIT } from "./kernel/instruction.js";
export type { Waiting, Wait } from "./kernel/instruction.js";
/**
 * Also in "spindle": `Operation` (what `yield*` waits for) and `Coroutine`
 * (the generator type of a task's function).
 *
 * @category Extending
 */
export type { Operation, Coroutine } from "./kernel/instruction.js";
export { WaitList, WaitNode } from "./kernel/wait-list.js";
export type { Described } from "./kernel/wait-list.js";
/**
 * Also in "spindle": the task that `tryNow` and `park` are given.
 *
 * @category Extending
 */
export { Task } from "./kernel/task.js";
export type { FinishListener } from "./kernel/task.js";
export { Timer } from "./kernel/timer-heap.js";
export type { Turn } from "./kernel/turn.js";
export { RingQueue } from "./kernel/ring-queue.js";
export { describeValue } from "./kernel/errors.js";
export { activeScheduler, checkDuration, refuseReentry } from "./kernel/scheduler.js";

/**
 * spindle/extend: everything needed to write a blocking primitive of your
 * own, and only that. The built-in primitives (channels, semaphores,
 * events, the simulation's resources) are written with exactly these.
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
 * See docs/writing-primitives.md for a walk-through.
 */
export { Instruction, WAIT } from "./kernel/instruction.js";
export type { Waiting, Wait, Operation, Coroutine } from "./kernel/instruction.js";
export { WaitList, WaitNode } from "./kernel/wait-list.js";
export type { Described } from "./kernel/wait-list.js";
export { Task } from "./kernel/task.js";
export type { FinishListener } from "./kernel/task.js";
export { Timer } from "./kernel/timer-heap.js";
export type { Turn } from "./kernel/turn.js";

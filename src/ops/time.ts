/**
 * Waiting on the clock, and giving way: `sleep`, `now`, `yieldNow`, `suspend`.
 * Each returns an instruction usable as `yield* op` (typed result) or as a
 * plain `yield op` when the result is not needed, which is faster.
 */
import type { Instruction } from "../kernel/instruction.js";
import { Now, Sleep, Suspend, YIELD_NOW } from "../kernel/instructions.js";

const NOW = /* @__PURE__ */ new Now();
const SUSPEND = /* @__PURE__ */ new Suspend();

/**
 * Waits `ms` milliseconds of the scheduler's time (virtual, frame or wall
 * clock, depending on the host). Timers with equal deadlines fire in the order
 * they were set; on the virtual clock `now()` then reads exactly the deadline.
 * Throws InvalidArgumentError for a negative, NaN or infinite duration.
 *
 * @example
 * ```ts
 * function* blink() { for (;;) { light.toggle(); yield sleep(500); } }
 * ```
 *
 * @category Time
 */
export function sleep(ms: number): Sleep {
  return new Sleep(ms);
}

/**
 * The scheduler's current time in milliseconds.
 *
 * @example
 * ```ts
 * const started = yield* now();
 * yield* sleep(10);
 * console.log((yield* now()) - started); // 10 on the virtual clock
 * ```
 *
 * @category Time
 */
export function now(): Instruction<number> {
  return NOW;
}

/**
 * Lets every other ready task run once, then continues: the cooperative
 * way for a long computation to share the thread.
 *
 * @example
 * ```ts
 * for (let i = 0; i < rows.length; i++) { process(rows[i]); if (i % 100 === 0) yield yieldNow(); }
 * ```
 *
 * @category Time
 */
export function yieldNow(): Instruction<void> {
  return YIELD_NOW;
}

/**
 * Waits until the task is cancelled: for a task whose whole job is its
 * `finally` block (hold a resource while the parent lives).
 *
 * @example
 * ```ts
 * function* holdConnection() { const c = open(); try { yield* suspend(); } finally { c.close(); } }
 * ```
 *
 * @category Time
 */
export function suspend(): Instruction<never> {
  return SUSPEND;
}

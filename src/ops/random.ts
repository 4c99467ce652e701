/**
 * Randomness for models, from the scheduler's seeded generator.
 */
import type { Instruction } from "../kernel/instruction.js";
import { RandomFloat } from "../kernel/instructions.js";

const RANDOM = /* @__PURE__ */ new RandomFloat();

/**
 * A float uniformly distributed in [0, 1) from the scheduler's seeded
 * generator: the same seed gives the same sequence, run after run. Use it
 * instead of Math.random in anything that should replay.
 *
 * @example
 * ```ts
 * const delay = 10 + (yield* random()) * 90;
 * yield* sleep(delay);
 * ```
 *
 * @category Time
 */
export function random(): Instruction<number> {
  return RANDOM;
}

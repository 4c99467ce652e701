/**
 * Local clocks: a task may follow a clock of its own, slower, faster or
 * stopped relative to the scheduler's (a game's time groups: an entity, a
 * level, the UI, each with its own time scale). The kernel only needs to
 * know where such a task's timers go; the clock itself (how its time relates
 * to the scheduler's, and when its timers come due) lives with the host
 * that offers it (src/game/time-group.ts).
 *
 * A task finds its clock in its context under LOCAL_CLOCK, so children
 * inherit it and a task with no context pays one null test per timer.
 */
import type { TimerEntry } from "./timer-heap.js";

/** @internal The context key of a task's local clock. */
export const LOCAL_CLOCK: object = {};

/** @internal What the kernel asks of a local clock. */
export interface LocalClock {
  /** The clock's own time, in milliseconds. */
  readonly now: number;
  /**
   * Arms `entry` to fire once `delay` of this clock's milliseconds have
   * passed. The entry goes into a heap of the clock's (its `heap` field
   * says which), so disarming it is the same call as for any timer.
   */
  armAfter(entry: TimerEntry, delay: number): void;
}

/** @internal The local clock `context` holds, or null (the scheduler's own time). */
export function localClockOf(context: Map<object, unknown> | null): LocalClock | null {
  if (context === null) return null;
  const clock = context.get(LOCAL_CLOCK);
  return clock === undefined ? null : (clock as LocalClock);
}

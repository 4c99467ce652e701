/**
 * A task's wait on one timer entry of its own: firing wakes the task, and
 * the wait's undo (the task cancelled or interrupted first) disarms the
 * entry in whichever heap holds it. For a Sleep yielded while already armed
 * for another task, an unscaled wait, a group's fixed step.
 */
import type { Wait } from "./instruction.js";
import type { Task } from "./task.js";
import { Timer } from "./timer-heap.js";
import type { Described } from "./wait-list.js";

/** @internal */
export class TimerWait extends Timer implements Wait {
  constructor(
    private readonly task: Task<unknown>,
    private readonly what: Described,
  ) {
    super();
  }
  fire(): void {
    this.task.resume(undefined, this);
  }
  describe(): string {
    return this.what.describe();
  }
  undo(): void {
    this.heap?.remove(this);
  }
}

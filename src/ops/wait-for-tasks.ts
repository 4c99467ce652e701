/**
 * WaitForTasks: the instruction under `all`, `race` and `timeout`. It waits
 * until one of a set of tasks finishes (`any`), or all of them do (`all`,
 * stopping early at the first failure when asked), with an optional deadline.
 *
 * It is written only with the public blocking interface (`tryNow`/`park`,
 * finish listeners, `block`/`resume`/`undo`, and a Timer), as a user's
 * primitive would be.
 * Invariant: while the waiting task is blocked, this object is a finish
 * listener of every unfinished task in `tasks` and its timer is armed if a
 * deadline was given; `release()` undoes both, exactly once.
 */
import { Instruction, WAIT } from "../kernel/instruction.js";
import type { Waiting } from "../kernel/instruction.js";
import type { FinishListener, Task } from "../kernel/task.js";
import { Timer } from "../kernel/timer-heap.js";

export type WaitMode = "any" | "all" | "all-or-first-failure";

class Deadline extends Timer {
  constructor(private readonly owner: WaitForTasks) {
    super();
  }
  fire(): void {
    this.owner.deadlinePassed();
  }
}

/** Resolves with the task that ended the wait, or null when all finished ("all") or the deadline passed. */
export class WaitForTasks extends Instruction<Task<unknown> | null> implements FinishListener {
  private waiter: Task<unknown> | null = null;
  private remaining = 0;
  private readonly deadline: Deadline | null;

  constructor(
    private readonly tasks: readonly Task<unknown>[],
    private readonly mode: WaitMode,
    private readonly timeoutMs: number | null = null,
    private readonly label: string = mode,
  ) {
    super();
    this.deadline = timeoutMs === null ? null : new Deadline(this);
  }

  describe(): string {
    return `${this.label}(${this.tasks.map((t) => t.label).join(", ")})`;
  }

  /** The result if the wait is over before it starts, else WAIT. */
  tryNow(): Task<unknown> | null | Waiting {
    let unfinished = 0;
    for (const t of this.tasks) {
      if (!t.isFinished) unfinished++;
      else if (this.mode === "any" || (this.mode === "all-or-first-failure" && t.state === "failed")) return t;
    }
    // A deadline of 0 is not over yet: it is a timer due at this instant, so
    // the tasks already ready at this instant (the just-spawned child of
    // `timeout(0, op)`) get to run first, and finish in time if they never wait.
    if (unfinished === 0) return null;
    return WAIT;
  }

  /**
   * Blocks first, then listens and arms the deadline: if arming throws, the
   * kernel's undo (release) takes back what was set up.
   */
  override park(task: Task<unknown>): void {
    this.waiter = task;
    task.block(this);
    for (const t of this.tasks) {
      if (!t.isFinished) {
        this.remaining++;
        t.addFinishListener(this);
      }
    }
    if (this.deadline !== null) task.scheduler.addTimer(this.deadline, this.timeoutMs as number);
  }

  taskFinished(task: Task<unknown>): void {
    if (this.waiter === null) return;
    this.remaining--;
    if (this.mode === "any" || (this.mode === "all-or-first-failure" && task.state === "failed")) this.finish(task);
    else if (this.remaining === 0) this.finish(null);
  }

  /**
   * The tasks that were already woken (ready to run) when the deadline
   * fired, or null while it has not: in the kernel's order, their last
   * wake-up came before the deadline (see timeout()).
   */
  readyAtDeadline: readonly Task<unknown>[] | null = null;

  /** @internal The deadline fired: notes which tasks were woken before it, then ends the wait. */
  deadlinePassed(): void {
    if (this.waiter === null) return;
    this.readyAtDeadline = this.tasks.filter((t) => t.state === "ready");
    this.finish(null);
  }

  /** @internal Ends the wait with `result`. */
  finish(result: Task<unknown> | null): void {
    const waiter = this.waiter;
    if (waiter === null) return;
    this.release();
    waiter.resume(result);
  }

  override undo(): void {
    this.release();
  }

  private release(): void {
    const waiter = this.waiter;
    if (waiter === null) return;
    this.waiter = null;
    for (const t of this.tasks) t.removeFinishListener(this);
    if (this.deadline !== null) waiter.scheduler.removeTimer(this.deadline);
  }
}

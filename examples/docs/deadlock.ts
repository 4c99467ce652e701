/**
 * docs/cancellation-and-errors.md: a deadlock is reported, not hung.
 * docs/writing-primitives.md: the Signal, a wait that is not a WaitList.
 */
import { DeadlockError, run, spawn } from "spindle";
import { Instruction, WAIT } from "spindle/extend";
import type { Coroutine, Task } from "spindle";
import type { Waiting } from "spindle/extend";

// #region signal
/** A one-shot signal: `yield* signal` blocks until someone calls `fire()`. One waiter at a time. */
class Signal extends Instruction<void> {
  private waiting: Task<unknown> | null = null;
  constructor(private readonly name: string) {
    super();
  }
  describe(): string {
    return `wait(${this.name})`;
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    this.waiting = task;
    task.block(this);
  }
  override undo(): void {
    this.waiting = null;
  }
  fire(): void {
    this.waiting?.resume();
    this.waiting = null;
  }
}
// #endregion signal

// #region deadlock
function* waitThenFire(mine: Signal, theirs: Signal): Coroutine<void> {
  yield* mine; // each waits for the other to fire first
  theirs.fire();
}

function* app(): Coroutine<void> {
  const ping = new Signal("ping");
  const pong = new Signal("pong");
  const a = yield* spawn(waitThenFire, ping, pong);
  const b = yield* spawn(waitThenFire, pong, ping);
  yield* a;
  yield* b;
}

export function main(): void {
  try {
    run(app);
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    console.log(error.message);
    console.log(`blocked: ${error.blocked.map((t) => t.name).join(", ")}`);
  }
}
// #endregion deadlock

main();

/**
 * docs/writing-primitives.md: a complete small primitive, written only with
 * spindle's public low-level API.
 */
import { Instruction, WAIT, cancel, now, run, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Task, Waiting } from "../../src/index.js";

// #region latch
/**
 * A one-shot latch: `wait()` blocks until someone calls `open(value)`, then
 * gives that value; after it is open, `wait()` completes at once.
 *
 * Invariant: a task is in `waiters` exactly while it is blocked in `wait()`.
 * `open` removes every waiter as it wakes it; `undo` removes one that leaves
 * early (cancelled or interrupted).
 */
export class Latch<T> {
  private opened: { value: T } | null = null;
  private readonly waiters = new Set<Task<unknown>>();
  private readonly waitOp: LatchWait<T>;

  constructor(readonly name: string) {
    this.waitOp = new LatchWait(this);
  }

  /** Waits until the latch is open; gives its value. */
  wait(): Instruction<T> {
    return this.waitOp; // stateless, so one instance serves every waiter
  }

  /** Opens the latch and wakes every waiter, oldest first. Opening twice is a bug. */
  open(value: T): void {
    if (this.opened !== null) throw new Error(`${this.name} is already open`);
    this.opened = { value };
    for (const task of this.waiters) task.resume(value); // only queues them: no task runs here
    this.waiters.clear();
  }

  stats(): { open: boolean; waiters: number } {
    return { open: this.opened !== null, waiters: this.waiters.size };
  }

  /** @internal Called by LatchWait.tryNow: the value if open (complete at once), else WAIT. */
  tryWait(): T | Waiting {
    return this.opened !== null ? this.opened.value : WAIT;
  }

  /** @internal Called by LatchWait.park for a task that must wait. */
  parkWait(task: Task<unknown>, op: LatchWait<T>): void {
    this.waiters.add(task);
    task.block(op); // park: `op` describes the wait and knows how to undo it
  }

  /** @internal Called by LatchWait.undo when a waiting task is cancelled. */
  leaveWait(task: Task<unknown>): void {
    this.waiters.delete(task);
  }
}

/** The instruction a task yields to wait on a latch. */
class LatchWait<T> extends Instruction<T> {
  constructor(private readonly latch: Latch<T>) {
    super();
  }
  describe(): string {
    return `wait(${this.latch.name})`; // shown by deadlock reports and scheduler.dump()
  }
  tryNow(): T | Waiting {
    return this.latch.tryWait();
  }
  override park(task: Task<unknown>): void {
    this.latch.parkWait(task, this);
  }
  override undo(task: Task<unknown>): void {
    this.latch.leaveWait(task);
  }
}
// #endregion latch

// #region use
function* runner(name: string, start: Latch<string>): Coroutine<void> {
  const signal = yield* start.wait(); // signal: string
  console.log(`[${yield* now()} ms] ${name} runs on "${signal}"`);
}

function* startingLine(): Coroutine<void> {
  const start = new Latch<string>("start");
  const a = yield* spawn(runner, "a", start);
  const b = yield* spawn(runner, "b", start);
  yield* sleep(5);
  yield* cancel(b); // b leaves the wait: undo() takes it off the latch
  console.log(`waiting: ${start.stats().waiters}`);
  yield* sleep(5);
  start.open("go");
  yield* a;
  yield* runner("late", start); // already open: completes at once
}
// #endregion use

export function main(): void {
  run(startingLine);
}

if (require.main === module) main();

/**
 * docs/writing-primitives.md: a complete small primitive, written only with
 * spindle/extend, as it would be outside the package.
 */
import { Instruction, WAIT, WaitList } from "spindle/extend";
import type { Task, Waiting } from "spindle/extend";
import { cancel, now, run, sleep, spawn, yieldNow } from "spindle";
import type { Coroutine } from "spindle";

// #region latch
/**
 * A countdown latch: `yield* latch` waits until `countDown()` has been
 * called `count` times; from then on it passes at once.
 *
 * The latch is its own instruction: tasks yield the latch itself.
 * Invariant: tasks are on `waiters` only while `remaining > 0`.
 */
export class Latch extends Instruction<void> {
  private readonly waiters = new WaitList<void>("latch"); // named latch#N at the first park

  constructor(private remaining: number) {
    super();
  }

  /** How many countDown() calls are still needed. */
  get count(): number {
    return this.remaining;
  }

  /** How many tasks wait. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** What dump(), traces and deadlock reports show: `latch#1.wait()`. */
  describe(): string {
    return `${this.waiters.name}.wait()`;
  }

  /** Open: pass at once. Closed: WAIT, and the kernel calls park(). */
  tryNow(): void | Waiting {
    return this.remaining === 0 ? undefined : WAIT;
  }

  /** Puts the task on the list; a cancelled task leaves it by itself. */
  override park(task: Task): void {
    this.waiters.add(task, this);
  }

  /** One step down; the last one wakes every waiter, oldest first. */
  countDown(): void {
    if (this.remaining === 0) return;
    this.remaining--;
    if (this.remaining === 0) this.waiters.wakeAll(undefined); // only queues them: no task runs here
  }
}
// #endregion latch

// #region use
function* waiter(name: string, latch: Latch): Coroutine<void> {
  yield* latch; // waits until the count reaches 0
  console.log(`[${yield* now()} ms] ${name} passes`);
}

function* worker(name: string, ms: number, latch: Latch): Coroutine<void> {
  yield* sleep(ms);
  latch.countDown();
  console.log(`[${yield* now()} ms] ${name} counts down: ${latch.count} left`);
}

function* startingLine(): Coroutine<void> {
  const ready = new Latch(2);
  const a = yield* spawn(waiter, "a", ready);
  const b = yield* spawn(waiter, "b", ready);
  const c = yield* spawn(waiter, "c", ready);
  yield* yieldNow(); // let them run: each parks on the latch
  console.log(`${c.label} waits on ${c.waitingOn}; waiting: ${ready.waiting}`);
  yield* cancel(c); // c leaves the list by itself: the latch has no code for it
  console.log(`c cancelled; waiting: ${ready.waiting}`);
  yield* spawn(worker, "w1", 10, ready);
  yield* spawn(worker, "w2", 20, ready);
  yield* a;
  yield* b;
  yield* waiter("late", ready); // already open: passes at once
}
// #endregion use

export function main(): void {
  run(startingLine);
}

main();

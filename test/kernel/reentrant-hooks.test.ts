/**
 * Soundness at the kernel's edges: user code the kernel calls (a wait's
 * undo, a finish listener, a tracer, a policy) that reaches back into the
 * kernel about the very task being handled. Each case names the scenario;
 * the kernel's bookkeeping must stay whole (a task queued once, `wait`
 * non-null exactly when blocked) and the error go to the task concerned.
 */
import { Scheduler, cancel, currentTask, sleep, spawn, suspend } from "../../src/index.js";
import { Instruction, WAIT } from "../../src/extend.js";
import type { Coroutine, Task } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

/** A wait whose undo runs `onUndo` (user code that reaches back into the kernel). */
class UndoCalls extends Instruction<void> {
  constructor(private readonly onUndo: (task: Task) => void) {
    super();
  }
  describe(): string {
    return "undoCalls";
  }
  tryNow(): Waiting {
    return WAIT;
  }
  override park(task: Task): void {
    task.block(this);
  }
  override undo(task: Task): void {
    this.onUndo(task);
  }
}

/** Waits long; when cancelled, takes 5 ms to clean up, then logs it (when given a log). */
function* slowToStop(log: string[] | null): Coroutine<void> {
  try {
    yield* sleep(100);
  } finally {
    yield* sleep(5);
    log?.push("worker cleaned up");
  }
}

describe("user code that reaches back into the kernel about the task being handled", () => {
  // lifecycle.ts: while undoWait runs a wait's undo, the task is BLOCKED with
  // no wait. A cancel or interrupt reaching it then (here: the undo cancels
  // the task's parent, whose cancellation cascades to its children) took the
  // blocked branch again: a second undo of a null wait, and the task queued twice.
  it("an interrupted task whose wait's undo cancels its parent is queued once and ends cancelled", () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    let child: Task | null = null;
    const main = scheduler.spawn(function* main() {
      child = yield* spawn(function* child() {
        try {
          yield new UndoCalls((task) => (task.parent as Task).cancel());
        } catch (e) {
          log.push(`caught ${(e as Error).name}`);
        }
        yield* sleep(1);
        log.push("ran past its cancellation");
      });
      yield* suspend();
    });
    scheduler.runReady();
    (child as unknown as Task).interrupt("stop");
    expect(scheduler.readyCount).toBe(2); // main (cancelled by the undo) and the child, each once
    scheduler.runVirtual();
    expect(log).toEqual(["caught Interrupt"]);
    expect((child as unknown as Task).state).toBe("cancelled");
    expect(main.state).toBe("cancelled");
    expect(scheduler.uncaught).toEqual([]);
    expect(scheduler.liveTasks).toBe(0);
  });

  it("a wait's undo that interrupts its own task, during a cancellation, leaves it queued once", () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const task = scheduler.spawn(function* worker() {
      try {
        yield new UndoCalls((self) => self.interrupt("from undo"));
      } finally {
        log.push("cleanup");
      }
    });
    scheduler.runReady();
    task.cancel();
    expect(scheduler.readyCount).toBe(1);
    scheduler.runVirtual();
    expect(log).toEqual(["cleanup"]);
    expect(task.state).toBe("cancelled");
    expect(scheduler.uncaught).toEqual([]);
  });

  // instructions.ts CancelAndWait kept its one waiter in a field: the same
  // cancel(task) operation yielded by two tasks (an instruction is meant to
  // be shareable, as sleep() is) lost the first waiter, which hung for ever.
  it("one cancel(task) operation yielded by two tasks wakes both once the cleanup is over", () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const main = scheduler.spawn(function* main() {
      const worker = yield* spawn(slowToStop, log);
      const stop = cancel(worker);
      const a = yield* spawn(function* a() {
        yield* stop;
        log.push("a saw it stopped");
      });
      const b = yield* spawn(function* b() {
        yield* stop;
        log.push("b saw it stopped");
      });
      yield* a;
      yield* b;
    });
    scheduler.runVirtual();
    expect(log).toEqual(["worker cleaned up", "a saw it stopped", "b saw it stopped"]);
    expect(main.state).toBe("done");
    expect(scheduler.liveTasks).toBe(0);
  });

  it("a task cancelled while it waits in a shared cancel(task) does not take the other waiter's wake-up with it", () => {
    const scheduler = new Scheduler();
    const log: string[] = [];
    const main = scheduler.spawn(function* main() {
      const worker = yield* spawn(slowToStop, null);
      const stop = cancel(worker);
      const a = yield* spawn(function* a() {
        yield* stop;
      });
      const b = yield* spawn(function* b() {
        yield* stop;
        log.push("b saw it stopped");
      });
      yield* sleep(1);
      a.cancel();
      yield* b;
    });
    scheduler.runVirtual();
    expect(log).toEqual(["b saw it stopped"]);
    expect(main.state).toBe("done");
  });

  // lifecycle.ts tellAbandoned: the guard around abandoned() named the
  // instruction with a bare describe(), user code too: when both threw, the
  // error left the step with the task RUNNING and off the queue, lost.
  it("an instruction whose abandoned() and describe() both throw, left by a cancellation, does not lose its task", () => {
    class Faulty extends Instruction<void> {
      describe(): string {
        throw new Error("describe failed");
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task): void {
        task.block(this);
      }
      override abandoned(): void {
        throw new Error("abandoned failed");
      }
    }
    const scheduler = new Scheduler();
    const log: string[] = [];
    const task = scheduler.spawn(function* worker() {
      (yield* currentTask()).cancel();
      try {
        yield new Faulty(); // the cancellation lands here: Faulty is abandoned, never tried
      } finally {
        log.push("cleanup");
      }
    });
    scheduler.runVirtual();
    expect(log).toEqual(["cleanup"]);
    expect(task.state).toBe("cancelled");
    expect(scheduler.uncaught.map((u) => (u.error as Error).message)).toEqual(["abandoned failed"]);
    expect(scheduler.liveTasks).toBe(0);
  });
});

/**
 * The state machine around park() and Wait.undo (user code the kernel
 * calls): step-loop.ts parkTask/unpark and lifecycle.ts undoWait.
 */
import { CancelledError, VirtualHost, currentTask, sleep, spawn, yieldNow } from "../../src/index.js";
import { Instruction, WAIT, WaitList } from "../../src/extend.js";
import type { Task } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

describe("park and undo", () => {
  // step-loop.ts unpark(), READY branch: the task was queued with its own
  // CancelledError; clearing it while F_CANCELLING stays set would lose the
  // cancellation for good (it cannot be requested again).
  it.each(["direct", "typed"])("a cancellation requested inside park() is not lost when park() then throws (%s)", (form) => {
    class CancelThenThrow extends Instruction<void> {
      readonly list = new WaitList<void>("x");
      describe(): string {
        return "cancelThenThrow";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task): void {
        this.list.add(task, this);
        task.cancel(); // e.g. a callback that stops the task's owner
        throw new Error("park failed");
      }
    }
    const host = new VirtualHost();
    const log: string[] = [];
    const t = host.spawn(function* worker() {
      try {
        if (form === "typed") yield* new CancelThenThrow();
        else yield new CancelThenThrow();
      } catch (e) {
        log.push(e instanceof CancelledError ? "caught CancelledError" : `caught ${(e as Error).message}`);
        if (e instanceof CancelledError) throw e; // a catch-all rethrows a cancellation
      }
      for (let i = 0; i < 3; i++) {
        yield* sleep(1);
        log.push(`still running ${i}`);
      }
    });
    // The cancellation goes on (the task unwinds at that yield), and
    // park()'s error is not dropped: the task fails with it once unwound.
    expect(() => host.run()).toThrow("park failed");
    expect(log).toEqual(["caught CancelledError"]); // a cancelled task must not carry on past its next yields
    expect(t.state).toBe("failed");
    expect((t.error as Error).message).toBe("park failed");
  });

  // block() from tryNow() (or a task's body) would leave the kernel running
  // a BLOCKED task; a wake-up would then queue it while it runs, it would be
  // stepped twice, and liveTasks would go to -1. block() belongs in park().
  it("block() outside park() cannot make the kernel queue a task twice", () => {
    class Sloppy extends Instruction<number> {
      describe(): string {
        return "sloppy";
      }
      tryNow(task: Task): number {
        task.block(this);
        return 1;
      }
    }
    const host = new VirtualHost();
    let thrown: unknown = null;
    host.spawn(function* main() {
      const me = yield* currentTask();
      try {
        yield* new Sloppy();
      } catch {
        // refusing the misuse at the yield is fine
      }
      me.resume(2); // whatever completes the stray wait
      yield* yieldNow();
      yield* yieldNow();
    });
    try {
      host.run();
    } catch (e) {
      thrown = e;
    }
    expect(String(thrown)).not.toMatch(/Cannot read properties of null/);
    expect(host.scheduler.liveTasks).toBe(0);
  });

  // lifecycle.ts requestCancel/undoWait: while undo runs the task is still
  // BLOCKED but has no wait; wake() refuses it, or requestCancel would then
  // enqueue it a second time.
  it("an undo that resumes its own task does not queue it twice", () => {
    class Defaulting extends Instruction<string> {
      describe(): string {
        return "defaulting";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task): void {
        task.block(this);
      }
      override undo(task: Task): void {
        task.resume("default");
      }
    }
    const host = new VirtualHost();
    const log: string[] = [];
    host.spawn(function* main() {
      const w = yield* spawn(function* worker() {
        try {
          yield* new Defaulting();
        } finally {
          yield* sleep(1);
          log.push(`cleanup sleep(1) ended at ${host.now}`);
        }
      });
      yield* sleep(1);
      w.cancel();
      log.push(`ready after cancel: ${host.scheduler.readyCount}`);
    });
    host.run();
    expect(log).toEqual(["ready after cancel: 1", "cleanup sleep(1) ended at 2"]);
    expect(host.scheduler.timerCount).toBe(0);
  });
});

describe("WaitList", () => {
  // wait-list.ts park(): block() first; were the node pushed before a
  // block() that refuses, it would stay listed (length, tasks() and reports
  // wrong, and the list keeping the finished task alive).
  it("a refused park leaves nothing in the list", () => {
    const list = new WaitList<number>("q");
    class Twice extends Instruction<number> {
      describe(): string {
        return "twice";
      }
      tryNow(): Waiting {
        return WAIT;
      }
      override park(task: Task): void {
        task.block({ describe: () => "other", undo() {} });
        list.add(task, this); // a bug in the primitive: the kernel refuses it at the yield
      }
    }
    const host = new VirtualHost();
    host.spawn(function* t() {
      try {
        yield* new Twice();
      } catch {
        // refused: fine
      }
    });
    host.run();
    expect(list.length).toBe(0);
  });
});

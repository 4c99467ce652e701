/**
 * A deadlock found while a task is being cancelled or is failing: the report
 * says so, and the error the deadlock hides is kept as its cause.
 */
import { DeadlockError, TimeoutError, cancel, event, run, sleep, spawn, suspend, timeout } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { inspect } from "node:util";

function deadlockOf(main: () => Coroutine<void>): DeadlockError {
  try {
    run(main);
  } catch (e) {
    if (e instanceof DeadlockError) return e;
    throw e;
  }
  throw new Error("expected a deadlock");
}

describe("a cleanup that hangs under timeout(50, cancel(w))", () => {
  const error = deadlockOf(function* main() {
    const w = yield* spawn(function* worker() {
      try {
        yield* sleep(1_000_000);
      } finally {
        yield* event().wait(); // nobody will ever set it
      }
    });
    yield* sleep(1);
    yield* timeout(50, cancel(w));
  });

  it("keeps the TimeoutError as the DeadlockError's cause, and says so", () => {
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('task#1 "main" waits on its children to finish since t=51, failing with TimeoutError: timeout(50)');
    expect(error.message).toContain("it is this error's cause");
  });

  it("says that the worker was cancelled and is in its cleanup, and what to do", () => {
    expect(error.message).toContain('task#2 "worker" waits on wait(event#1) since t=1, cancelled and in its cleanup');
    expect(error.message).toContain("bound the wait in the finally block with timeout()");
    const worker = error.blocked.find((t) => t.name === "worker");
    expect(worker).toMatchObject({ cancelling: true, failure: undefined });
    expect(error.blocked.find((t) => t.name === "main")).toMatchObject({ cancelling: false, failure: error.cause });
  });
});

describe("a plain deadlock", () => {
  it("has no cause and no hint about cleanup", () => {
    const error = deadlockOf(function* main() {
      yield* event().wait();
    });
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toContain("cleanup");
    expect(error.blocked).toEqual([{ id: 1, name: "main", label: 'task#1 "main"', waitingOn: "wait(event#1)", since: 0, parents: [], cancelling: false, failure: undefined }]);
  });
});

describe("how a DeadlockError prints", () => {
  const error = deadlockOf(function* main() {
    yield* event().wait();
  });

  it("says what to look for, what usually causes it, what to do, and how to see more", () => {
    expect(error.message.split("\n")).toEqual([
      "deadlock at t=0: 1 task is blocked, nothing is ready and no timer is armed, so nothing can wake it:",
      '  task#1 "main" waits on wait(event#1) since t=0',
      "Read what each task waits on. The usual causes: a receive or a wait that no task will answer, a lock never unlocked, tasks that wait for each other in a cycle, " +
        "a task that waits for something only it would do later (a send on an unbuffered channel that it reads itself). " +
        "Lock in one global order, close channels when done, or bound the wait with timeout().",
      "To see more: error.blocked has this list as data; a TraceRecorder (run(main, { tracer })) shows what each task did before it blocked; " +
        "host.scheduler.dump() after host.runUntil(t) on a VirtualHost shows every live task at that moment.",
    ]);
  });

  it("in a hung cleanup, says how to see more too", () => {
    const hung = deadlockOf(function* main() {
      const w = yield* spawn(function* worker() {
        try {
          yield* suspend();
        } finally {
          yield* event().wait();
        }
      });
      yield* sleep(1);
      yield* cancel(w);
    });
    expect(hung.message).toContain("bound the wait in the finally block with timeout()");
    expect(hung.message.split("\n").at(-1)).toMatch(/^To see more: error\.blocked has this list as data/);
  });

  it("does not print its blocked list a second time after the message (Node's inspect)", () => {
    const printed = inspect(error);
    expect(printed).not.toContain("blocked: [");
    expect(printed).not.toContain("time:");
    expect(error.blocked).toHaveLength(1);
    expect(error.time).toBe(0);
  });
});

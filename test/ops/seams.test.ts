/**
 * Structured-concurrency operations: soundness at the seams, each case a
 * scenario that once went wrong.
 */
import { Interrupt, VirtualHost, all, cancel, isCancellation, race, scope, sleep, timeout } from "../../src/index.js";
import type { Coroutine, Operation, Task, TaskGroup } from "../../src/index.js";

/** An operation whose cleanup takes `cleanupMs`: a combinator that stops it must wait that long. */
function* slowToStop(cleanupMs: number): Coroutine<string> {
  try {
    yield* sleep(1_000);
    return "finished";
  } finally {
    yield* sleep(cleanupMs);
  }
}

/** From another task: interrupts `target` at `interruptAt` (if given), cancels it at `cancelAt`. */
function* disturb(target: () => Task<unknown>, interruptAt: number | null, cancelAt: number): Coroutine<void> {
  if (interruptAt !== null) {
    yield* sleep(interruptAt);
    target().interrupt("disturbed");
  }
  yield* sleep(cancelAt - (interruptAt ?? 0));
  yield* cancel(target());
}

/**
 * Runs `op` in a task that catches an Interrupt (as interrupts are meant to
 * be caught) and then goes on; the task is interrupted at 6 and cancelled at
 * 7, while `op`'s children clean up. Gives the task and what it logged.
 */
function interruptedThenCancelled(op: () => Operation<unknown>): { worker: Task<void>; log: string[] } {
  const host = new VirtualHost();
  const log: string[] = [];
  const worker: Task<void> = host.spawn(function* () {
    try {
      yield* op();
    } catch (e) {
      if (!(e instanceof Interrupt)) throw e;
      log.push("caught the interrupt");
    }
    yield* sleep(100);
    log.push("went on after being cancelled");
  });
  host.spawn(disturb, () => worker, 6, 7);
  host.run();
  return { worker, log };
}

describe("operations at the seams", () => {
  it("a task spawned into a scope that is already failing (body returned, a member failed, another still cleaning up) is cancelled at once", () => {
    const host = new VirtualHost();
    const log: string[] = [];
    let group: TaskGroup | null = null;
    const outer = host.spawn(function* () {
      try {
        yield* scope(function* (g) {
          group = g;
          yield* g.spawn(function* failing() {
            yield* sleep(5);
            throw new Error("boom");
          });
          yield* g.spawn(function* slowCleanup() {
            try {
              yield* sleep(1_000);
            } finally {
              yield* sleep(10); // the scope stays open, failing, until t=15
            }
          });
        }); // the body returns at once: the scope waits for its members
      } catch (e) {
        log.push(`t=${host.now} scope threw ${(e as Error).message}`);
      }
    });
    host.spawn(function* dispatcher() {
      yield* sleep(6); // the scope is failing now
      yield* (group as unknown as TaskGroup).spawn(function* late() {
        yield* sleep(100_000);
        log.push("late ran to its end");
      });
    });
    host.run();
    expect(outer.state).toBe("done");
    expect(log).toEqual(["t=15 scope threw boom"]);
  });

  it("cancelled while timeout waits for its timed-out operation's cleanup: the cancellation is thrown, not the TimeoutError a retry loop would catch", () => {
    const host = new VirtualHost();
    let attempts = 0;
    const worker: Task<string> = host.spawn(function* retrying() {
      for (;;) {
        try {
          attempts++;
          return yield* timeout(5, slowToStop(3)); // times out at 5, cleans up until 8
        } catch (e) {
          if (isCancellation(e)) throw e; // the documented catch-all: let cancellations through
          if (attempts >= 5) return "gave up";
        }
      }
    });
    host.spawn(disturb, () => worker, null, 6);
    host.run();
    expect(worker.state).toBe("cancelled");
    expect(attempts).toBe(1);
  });

  it("race interrupted, then cancelled, while its losers clean up: the cancellation is thrown, not the Interrupt", () => {
    // The winner ends at 5, the loser cleans up until 15.
    const { worker, log } = interruptedThenCancelled(() => race([sleep(5), slowToStop(10)]));
    expect(worker.state).toBe("cancelled");
    expect(log).toEqual([]);
  });

  it("all left by an Interrupt, then cancelled while its members clean up: the cancellation is thrown, not the Interrupt", () => {
    // Interrupted at 6: the members clean up until 16.
    const { worker, log } = interruptedThenCancelled(() => all([slowToStop(10), slowToStop(10)]));
    expect(worker.state).toBe("cancelled");
    expect(log).toEqual([]);
  });
});

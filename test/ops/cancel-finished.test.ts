/**
 * `cancel(task)` of a task that has already finished does nothing: it does
 * not throw a failure that happened before (and that a join may already
 * have handled). A failure of the cleanup it started is still thrown.
 */
import { cancel, run, sleep, spawn } from "../../src/index.js";

describe("cancel() of a finished task", () => {
  it("does nothing for a task that already failed and whose error a join handled", () => {
    const log = run(function* () {
      const out: string[] = [];
      const t = yield* spawn(function* flaky() {
        yield* sleep(1);
        throw new Error("flaky failed");
      });
      try {
        yield* t;
      } catch (e) {
        out.push(`joined: ${(e as Error).message}`);
      }
      yield* cancel(t);
      out.push(`cancel returned; ${t.state}`);
      return out;
    });
    expect(log).toEqual(["joined: flaky failed", "cancel returned; failed"]);
  });

  it("does nothing for a task that is done or cancelled", () => {
    const states = run(function* () {
      const done = yield* spawn(function* () {
        return 1;
      });
      const cancelled = yield* spawn(function* () {
        yield* sleep(100);
      });
      yield* sleep(1);
      yield* cancel(cancelled);
      yield* cancel(done);
      yield* cancel(cancelled);
      return [done.state, cancelled.state];
    });
    expect(states).toEqual(["done", "cancelled"]);
  });

  it("still throws a failure of the cleanup that this cancel() started", () => {
    const message = run(function* () {
      const t = yield* spawn(function* () {
        try {
          yield* sleep(100);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error("cleanup failed");
        }
      });
      yield* sleep(1);
      try {
        yield* cancel(t);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    });
    expect(message).toBe("cleanup failed");
  });
});

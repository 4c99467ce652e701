/**
 * spindle/promise: toPromise, fromPromise, runAsync, on the wall clock, and
 * a real fetch() stopped by a task's abortSignal().
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CancelledError, RealtimeHost, TimeoutError, currentTask, now, sleep, spawn, suspend, timeout } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { abortSignal } from "../../src/edges/abort.js";
import { fromPromise, runAsync, toPromise } from "../../src/promise.js";

function later<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

describe("toPromise(task)", () => {
  it("resolves with the result once the task and its children have finished", async () => {
    const host = new RealtimeHost();
    const log: string[] = [];
    const task = host.spawn(function* parent() {
      yield* spawn(function* child() {
        try {
          yield* suspend();
        } finally {
          yield* sleep(5);
          log.push("child cleaned up");
        }
      });
      yield* sleep(5);
      return 42;
    });
    await expect(toPromise(task)).resolves.toBe(42);
    expect(log).toEqual(["child cleaned up"]);
  });

  it("rejects with the task's error, which still reaches the host (toPromise only watches)", async () => {
    const heard: unknown[] = [];
    const host = new RealtimeHost({ onError: (error) => heard.push(error) });
    const task = host.spawn(function* () {
      yield* sleep(1);
      throw new Error("boom");
    });
    await expect(toPromise(task)).rejects.toThrow("boom");
    await later(5, null);
    expect(heard.map(String)).toEqual(["Error: boom"]);
  });

  it("rejects with CancelledError for a cancelled task, and settles for one already finished", async () => {
    const host = new RealtimeHost();
    const task = host.spawn(() => suspend());
    setTimeout(() => task.cancel(), 5);
    await expect(toPromise(task)).rejects.toBeInstanceOf(CancelledError);
    await expect(toPromise(task)).rejects.toBeInstanceOf(CancelledError); // finished already
  });
});

describe("fromPromise(promise)", () => {
  it("gives the value, or throws the rejection at the yield*", async () => {
    const result = await runAsync(function* () {
      const a = yield* fromPromise(later(5, "five"));
      let b = "";
      try {
        yield* fromPromise(Promise.reject(new Error("nope")));
      } catch (error) {
        b = String(error);
      }
      return `${a}; ${b}`;
    });
    expect(result).toBe("five; Error: nope");
  });

  it("stops waiting when cancelled; a later rejection of the abandoned Promise is not reported as unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const outcome = await runAsync(function* () {
        const failsLater = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("late")), 30));
        try {
          return yield* timeout(10, fromPromise(failsLater));
        } catch (error) {
          return error instanceof TimeoutError ? `timed out at ${Math.round(yield* now()) >= 10 ? ">=10" : "<10"} ms` : "other";
        }
      });
      expect(outcome).toBe("timed out at >=10 ms");
      await later(40, null);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("the function form aborts the work when the task stops waiting, and only then", async () => {
    const signals: AbortSignal[] = [];
    const result = await runAsync(function* () {
      const ok = yield* fromPromise((signal) => {
        signals.push(signal as unknown as AbortSignal);
        return later(2, "ok");
      });
      try {
        yield* timeout(
          5,
          fromPromise((signal) => {
            signals.push(signal as unknown as AbortSignal);
            return new Promise<never>(() => {});
          }),
        );
      } catch {
        // TimeoutError
      }
      return ok;
    });
    expect(result).toBe("ok");
    expect(signals.map((s) => s.aborted)).toEqual([false, true]);
    expect(signals[1]?.reason).toBeInstanceOf(CancelledError);
  });

  it("a function that throws at once fails the wait", async () => {
    await expect(
      runAsync(() =>
        fromPromise(() => {
          throw new Error("could not start");
        }),
      ),
    ).rejects.toThrow("could not start");
  });
});

describe("runAsync(main)", () => {
  it("runs on the wall clock and resolves with main's result", async () => {
    const wall = performance.now();
    const result = await runAsync(function* () {
      const start = yield* now();
      yield* sleep(20);
      return (yield* now()) - start;
    });
    expect(result).toBeGreaterThanOrEqual(20);
    expect(performance.now() - wall).toBeGreaterThanOrEqual(19);
  });

  it("names the root task main, like run(), and rejects with its error", async () => {
    const label = await runAsync(function* () {
      return (yield* currentTask()).label;
    });
    expect(label).toBe('task#1 "main"');
    // The factory form makes the promise when the task starts waiting, so its
    // rejection always has a handler (a promise rejected before anyone holds it
    // is reported as unhandled by the test runner itself).
    await expect(runAsync(() => fromPromise(() => Promise.reject(new Error("x"))))).rejects.toThrow("x");
  });

  it("a signal cancels main; the Promise rejects with CancelledError after main's cleanup", async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const done = runAsync(
      function* service(): Coroutine<void> {
        try {
          yield* suspend();
        } finally {
          yield* sleep(10);
          log.push("cleanup done");
        }
      },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 5);
    await expect(done).rejects.toBeInstanceOf(CancelledError);
    expect(log).toEqual(["cleanup done"]);
  });

  it("an already-aborted signal cancels main before it runs", async () => {
    let ran = false;
    await expect(
      runAsync(
        function* () {
          ran = true;
        },
        { signal: AbortSignal.abort() },
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(ran).toBe(false);
  });
});

describe("a real fetch() under a task's abortSignal()", () => {
  it("is aborted when a timeout cancels the task: the server sees the request go away", async () => {
    const events: string[] = [];
    const server = createServer((req) => {
      events.push(`server got ${req.url}`);
      req.socket.on("close", () => events.push("server: client went away"));
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      function* download(url: string): Coroutine<string> {
        const signal = yield* abortSignal();
        const response = yield* fromPromise(fetch(url, { signal })); // the platform's AbortSignal type: no cast needed
        return yield* fromPromise(response.text());
      }
      const outcome = await runAsync(function* () {
        try {
          return yield* timeout(200, download(`http://127.0.0.1:${port}/slow`));
        } catch (error) {
          return error instanceof TimeoutError ? "timed out" : String(error);
        }
      });
      expect(outcome).toBe("timed out");
      for (let i = 0; i < 50 && events.length < 2; i++) await later(10, null);
      expect(events).toEqual(["server got /slow", "server: client went away"]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a task that only watches: toPromise of a child does not stop its error from failing the parent", async () => {
    let childTask: Task<unknown> | null = null;
    const parent = runAsync(function* parent() {
      childTask = yield* spawn(function* child() {
        yield* sleep(1);
        throw new Error("child failed");
      });
      const watched = toPromise(childTask);
      watched.catch(() => {}); // observed outside; the parent must still fail
      yield* sleep(50);
      return "parent finished normally";
    });
    await expect(parent).rejects.toThrow("child failed");
    expect(childTask).not.toBeNull();
  });
});

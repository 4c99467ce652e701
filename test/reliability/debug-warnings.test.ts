/**
 * Debug mode: warnings about likely mistakes that are not errors: a
 * swallowed cancellation, a task that ends holding a mutex.
 */
import { DeadlockError, VirtualHost, cancel, mutex, run, sleep, spawn } from "../../src/index.js";
import type { Coroutine, DebugWarning } from "../../src/index.js";

function hostWithWarnings(): { host: VirtualHost; warnings: DebugWarning[] } {
  const warnings: DebugWarning[] = [];
  return { host: new VirtualHost({ debug: (w) => warnings.push(w) }), warnings };
}

describe("a swallowed cancellation", () => {
  it("is reported when the body then returns normally, naming the task", () => {
    const { host, warnings } = hostWithWarnings();
    const main = host.spawn(function* main() {
      const w = yield* spawn(function* worker() {
        try {
          yield* sleep(100);
        } catch {
          // swallowed
        }
        return 1;
      });
      yield* sleep(1);
      yield* cancel(w);
      return w.state;
    });
    host.run();
    expect(main.value).toBe("cancelled");
    expect(warnings.map((w) => [w.kind, w.task.name])).toEqual([["cancellation-swallowed", "worker"]]);
    expect(warnings[0]?.message).toContain('task#2 "worker" <- task#1 "main" returned normally after its cancellation was delivered');
    expect(warnings[0]?.message).toContain("isCancellation(e)");
  });

  it("is reported once when the task runs on, yielding again and again (cancel() would wait for ever)", () => {
    const { host, warnings } = hostWithWarnings();
    host.spawn(function* main() {
      const w = yield* spawn(function* stubborn(): Coroutine<void> {
        for (;;) {
          try {
            yield* sleep(1);
          } catch {
            // swallowed, and the loop goes on
          }
        }
      });
      yield* sleep(1);
      w.cancel();
    });
    host.runUntil(1000);
    expect(warnings.map((w) => [w.kind, w.task.name])).toEqual([["cancellation-swallowed", "stubborn"]]);
    expect(warnings[0]?.message).toContain("has yielded 100 times since its cancellation was delivered");
  });

  it("is not reported for a cleanup that yields a few times, nor for a task cancelled before it ran", () => {
    const { host, warnings } = hostWithWarnings();
    host.spawn(function* main() {
      const tidy = yield* spawn(function* tidy() {
        try {
          yield* sleep(100);
        } finally {
          for (let i = 0; i < 10; i++) yield* sleep(1);
        }
      });
      const never = yield* spawn(function* never() {
        yield* sleep(1);
      });
      never.cancel();
      yield* sleep(1);
      yield* cancel(tidy);
    });
    host.run();
    expect(warnings).toEqual([]);
  });

  it("is not reported without the debug option", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    try {
      run(function* () {
        const w = yield* spawn(function* () {
          try {
            yield* sleep(100);
          } catch {
            // swallowed
          }
        });
        yield* sleep(1);
        yield* cancel(w);
      });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("debug: true writes the warning with console.warn", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    try {
      run(
        function* () {
          const w = yield* spawn(function* quiet() {
            try {
              yield* sleep(100);
            } catch {
              // swallowed
            }
          });
          yield* sleep(1);
          yield* cancel(w);
        },
        { debug: true },
      );
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/^spindle \[cancellation-swallowed\]: task#2 "quiet"/);
    } finally {
      warn.mockRestore();
    }
  });

  it("a warning sink that throws: its error reaches the host, naming the task", () => {
    const host = new VirtualHost({
      debug: () => {
        throw new Error("sink broke");
      },
    });
    host.spawn(function* main() {
      const w = yield* spawn(function* worker() {
        try {
          yield* sleep(100);
        } catch {
          // swallowed
        }
      });
      yield* sleep(1);
      yield* cancel(w);
    });
    expect(() => host.run()).toThrow("sink broke");
  });
});

describe("a task that ends holding a mutex", () => {
  function* careless(m: ReturnType<typeof mutex>): Coroutine<void> {
    yield* m.lock();
    yield* sleep(5);
  }

  it("is reported when it ends, with how many wait for the mutex", () => {
    const { host, warnings } = hostWithWarnings();
    const m = mutex({ name: "m" });
    host.spawn(function* main() {
      const holder = yield* spawn(careless, m);
      yield* sleep(1);
      const waiter = yield* spawn(function* waiter() {
        yield* m.lock();
      });
      yield* holder;
      waiter.cancel();
    });
    host.run();
    expect(warnings.map((w) => [w.kind, w.task.name])).toEqual([["ended-holding-mutex", "careless"]]);
    expect(warnings[0]?.message).toBe('task#2 "careless" <- task#1 "main" has finished without unlocking m; 1 task waits for it for ever. Unlock in a finally block, or use withLock().');
  });

  it("is not reported for a task that unlocks, nor for a hand-off to a waiter that then unlocks", () => {
    const { host, warnings } = hostWithWarnings();
    const m = mutex();
    host.spawn(function* main() {
      const a = yield* spawn(function* () {
        yield* m.withLock(sleep(5));
      });
      const b = yield* spawn(function* () {
        yield* m.withLock(sleep(5));
      });
      if (m.tryLock()) m.unlock();
      yield* a;
      yield* b;
    });
    host.run();
    expect(warnings).toEqual([]);
  });

  it("the waiters' description (and so the deadlock report) names the dead holder", () => {
    const m = mutex({ name: "m" });
    const host = new VirtualHost();
    host.spawn(careless, m); // a root task: nothing cancels the waiter when it ends
    host.spawn(function* waiter() {
      yield* m.lock();
    });
    let error: unknown;
    try {
      host.run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.find((t) => t.name === "waiter")?.waitingOn).toBe(
      'lock(m) held by task#1 "careless", which has finished without unlocking it (abandoned: nothing will unlock it)',
    );
  });
});

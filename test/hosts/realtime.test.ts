import { RealtimeHost, action, now, sleep, spawn, suspend, yieldNow } from "../../src/index.js";
import type { Task } from "../../src/index.js";

/** Resolves when the task finishes (test-side only: the core has no Promises). */
function finished(task: Task<unknown>): Promise<void> {
  return new Promise((resolve) => task.addFinishListener({ passive: true, taskFinished: () => resolve() }));
}

describe("RealtimeHost", () => {
  it("sleeps on the wall clock, never waking early", async () => {
    const host = new RealtimeHost();
    const wallStart = performance.now();
    const t = host.spawn(function* () {
      const start = yield* now();
      yield* sleep(30);
      return (yield* now()) - start;
    });
    await finished(t);
    expect(t.value).toBeGreaterThanOrEqual(30);
    expect(performance.now() - wallStart).toBeGreaterThanOrEqual(29);
  });

  it("arms one OS timer for many sleepers", async () => {
    const host = new RealtimeHost();
    const order: number[] = [];
    const tasks: Task<void>[] = [];
    for (const ms of [25, 5, 15, 10, 20]) {
      tasks.push(
        host.spawn(function* () {
          yield* sleep(ms);
          order.push(ms);
        }),
      );
    }
    await Promise.all(tasks.map(finished));
    expect(order).toEqual([5, 10, 15, 20, 25]);
  });

  it("gives the event loop a turn between slices of work", async () => {
    const host = new RealtimeHost({ sliceSteps: 100 });
    let eventLoopTurns = 0;
    const interval = setInterval(() => eventLoopTurns++, 0);
    const t = host.spawn(function* () {
      for (let i = 0; i < 20; i++) {
        yield* spawn(function* () {
          for (let j = 0; j < 200; j++) yield* yieldNow();
        });
      }
      let turnsSeenInside = 0;
      while (turnsSeenInside === 0) {
        turnsSeenInside = eventLoopTurns;
        yield* yieldNow();
      }
      return turnsSeenInside;
    });
    await finished(t);
    clearInterval(interval);
    expect(t.value).toBeGreaterThan(0);
  });

  it("wakes up for work that arrives from outside: a callback, or a cancel", async () => {
    const host = new RealtimeHost();
    const waiter = host.spawn(function* () {
      return yield* action<string>("external", (resolve) => {
        const id = setTimeout(() => resolve("from a Node timer"), 5);
        return () => clearTimeout(id);
      });
    });
    const sleeper = host.spawn(function* () {
      try {
        yield* suspend();
      } finally {
        yield* sleep(1);
      }
    });
    await finished(waiter);
    expect(waiter.value).toBe("from a Node timer");
    sleeper.cancel();
    await finished(sleeper);
    expect(sleeper.state).toBe("cancelled");
  });

  it("reports an unhandled error to onError", async () => {
    const errors: unknown[] = [];
    const host = new RealtimeHost({ onError: (e) => errors.push(e) });
    const t = host.spawn(function* () {
      yield* sleep(1);
      throw new Error("background job failed");
    });
    await finished(t);
    await new Promise((r) => setTimeout(r, 5));
    expect(errors.map((e) => (e as Error).message)).toEqual(["background job failed"]);
  });

  it("stop() disarms the OS timer", async () => {
    const host = new RealtimeHost();
    const t = host.spawn(function* () {
      yield* sleep(20);
      return "woke";
    });
    await new Promise((r) => setTimeout(r, 1));
    host.stop();
    await new Promise((r) => setTimeout(r, 40));
    expect(t.state).toBe("blocked");
  });
});

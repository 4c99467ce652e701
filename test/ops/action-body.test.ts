/**
 * action(): its body runs in tryNow(), while the task is still running its
 * step. Once it ran after the task was parked, which made a synchronous
 * resolve go through the ready queue and hid the calling task from the body.
 */
import { VirtualHost, action, mutex } from "../../src/index.js";

describe("action(): the body runs inside the task's step", () => {
  // A resolve() inside the body completes the operation in the same step
  // (an inline completion), not through the ready queue.
  it("an action resolved synchronously continues at once, as before", () => {
    const host = new VirtualHost();
    const log: string[] = [];
    host.spawn(function* a() {
      log.push("a1");
      const v = yield* action<number>("sync", (resolve) => {
        resolve(42);
      });
      log.push(`a2 ${v}`);
    });
    host.spawn(function* b() {
      log.push("b");
    });
    host.run();
    expect(log).toEqual(["a1", "a2 42", "b"]);
  });

  // While the body runs the task is BLOCKED, so Scheduler.current (step-loop.ts,
  // which requires RUNNING) is null: primitives' plain methods called from the
  // body think they are called from outside any task (Mutex.unlock/tryLock,
  // Resource.release(), Condition, WaitGroup).
  it("a primitive's plain method called from the body still sees the calling task", () => {
    const host = new VirtualHost();
    const log: string[] = [];
    host.spawn(function* a() {
      const lock = mutex();
      yield* lock.lock();
      try {
        yield* action<void>("unlockAndWait", (resolve) => {
          lock.unlock(); // hand the lock over as the wait starts
          resolve();
        });
        log.push("ok");
      } catch (e) {
        log.push(`threw: ${(e as Error).message}`);
      }
    });
    host.run();
    expect(log).toEqual(["ok"]);
  });
});

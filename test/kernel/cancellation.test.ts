import { EventLog } from "../helpers.js";
import {
  CancelledError,
  UsageError,
  VirtualHost,
  action,
  cancel,
  currentTask,
  run,
  scope,
  shield,
  sleep,
  spawn,
  suspend,
  yieldNow,
} from "../../src/index.js";
import type { Task } from "../../src/index.js";

describe("cancellation", () => {
  it("runs the finally blocks of a blocked task exactly once, and its cleanup may yield", () => {
    const log = new EventLog();
    run(function* () {
      const t = yield* spawn(function* () {
        try {
          yield* sleep(100);
          log.push("never");
        } finally {
          yield* log.at("cleanup starts");
          yield* sleep(5);
          yield* log.at("cleanup ends");
        }
      });
      yield* sleep(10);
      yield* cancel(t);
      yield* log.at("cancel returned");
      expect(t.state).toBe("cancelled");
    });
    expect(log.events).toEqual(["t=10 cleanup starts", "t=15 cleanup ends", "t=15 cancel returned"]);
  });

  it("a second cancel during cleanup neither loses the cleanup nor runs it twice", () => {
    const log = new EventLog();
    run(function* () {
      const t = yield* spawn(function* () {
        try {
          yield* suspend();
        } finally {
          log.push("finally");
          yield* sleep(5);
          log.push("finally end");
        }
      });
      yield* sleep(1);
      t.cancel();
      yield* sleep(1);
      t.cancel();
      yield* cancel(t);
    });
    expect(log.events).toEqual(["finally", "finally end"]);
  });

  it("disarms the timer of a cancelled sleeper: it never fires and does not leak", () => {
    const host = new VirtualHost();
    const tasks: Task<void>[] = [];
    for (let i = 0; i < 1000; i++) {
      tasks.push(
        host.spawn(function* () {
          yield* sleep(1000 + i);
          throw new Error("a cancelled timer fired");
        }),
      );
    }
    host.runUntil(0);
    expect(host.scheduler.timerCount).toBe(1000);
    for (const t of tasks) t.cancel();
    expect(host.scheduler.timerCount).toBe(0);
    host.run();
    expect(tasks.every((t) => t.state === "cancelled")).toBe(true);
    expect(host.now).toBe(0);
  });

  it("cancelling a task that never ran skips its body", () => {
    const log = new EventLog();
    run(function* () {
      const t = yield* spawn(function* () {
        log.push("body ran");
      });
      t.cancel();
      yield* yieldNow();
      expect(t.state).toBe("cancelled");
    });
    expect(log.events).toEqual([]);
  });

  it("cancelling a finished task does nothing, and joining it still gives its result", () => {
    const result = run(function* () {
      const t = yield* spawn(function* () {
        return 7;
      });
      yield* sleep(1);
      t.cancel();
      yield* cancel(t);
      return yield* t;
    });
    expect(result).toBe(7);
  });

  it("joining a cancelled task throws CancelledError naming it", () => {
    const message = run(function* () {
      const t = yield* spawn(function* victim() {
        yield* suspend();
      });
      yield* yieldNow();
      t.cancel();
      try {
        yield* t;
        return "no error";
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
        return (e as Error).message;
      }
    });
    expect(message).toContain('"victim"');
  });

  it("a value already handed to a task is delivered before the cancellation lands", () => {
    const log = new EventLog();
    let give: (v: string) => void = () => {};
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        const v = yield* action<string>("gift", (resolve) => {
          give = resolve;
        });
        log.push(`received ${v}`);
        yield* yieldNow(); // the cancellation lands here, at the next yield
        log.push("never");
      } finally {
        log.push("finally");
      }
    });
    host.runUntil(0);
    give("the value");
    t.cancel();
    host.run();
    expect(log.events).toEqual(["received the value", "finally"]);
    expect(t.state).toBe("cancelled");
  });

  it("a task cannot wait for its own cancellation", () => {
    const error = run(function* () {
      const t = yield* spawn(function* () {
        const self = yield* currentTask();
        try {
          yield* cancel(self);
        } catch (e) {
          return e;
        }
        return null;
      });
      return yield* t;
    });
    expect(error).toBeInstanceOf(UsageError);
  });

  it("defers cancellation over a shielded region and delivers it at the region's end", () => {
    const log = new EventLog();
    run(function* () {
      const t = yield* spawn(function* () {
        try {
          yield* shield(
            (function* () {
              yield* sleep(10);
              yield* log.at("shielded work done");
            })(),
          );
          log.push("after the shield: never");
        } finally {
          yield* log.at("finally");
        }
      });
      yield* sleep(2);
      yield* cancel(t);
      yield* log.at("cancel returned");
    });
    expect(log.events).toEqual(["t=10 shielded work done", "t=10 finally", "t=10 cancel returned"]);
  });
});

describe("structured lifetimes", () => {
  it("cancels the children when the parent returns, most recent first, and finishes only after their cleanup", () => {
    const log = new EventLog();
    run(function* () {
      const parent = yield* spawn(function* parent() {
        for (const name of ["first", "second"]) {
          yield* spawn(function* () {
            try {
              yield* suspend();
            } finally {
              yield* log.at(`${name} cleanup`);
              yield* sleep(3);
              yield* log.at(`${name} cleanup done`);
            }
          });
        }
        yield* sleep(1);
        yield* log.at("parent returns");
        return "p";
      });
      const value = yield* parent;
      yield* log.at(`parent joined: ${value}`);
    });
    expect(log.events).toEqual([
      "t=1 parent returns",
      "t=1 second cleanup",
      "t=1 first cleanup",
      "t=4 second cleanup done",
      "t=4 first cleanup done",
      "t=4 parent joined: p",
    ]);
  });

  it("cancelling a parent cancels the whole subtree", () => {
    const log = new EventLog();
    run(function* () {
      const parent = yield* spawn(function* () {
        yield* spawn(function* () {
          yield* spawn(function* () {
            try {
              yield* suspend();
            } finally {
              log.push("grandchild cleanup");
            }
          });
          try {
            yield* suspend();
          } finally {
            log.push("child cleanup");
          }
        });
        try {
          yield* suspend();
        } finally {
          log.push("parent cleanup");
        }
      });
      yield* sleep(1);
      yield* cancel(parent);
      log.push("done");
    });
    expect(log.events).toEqual(["grandchild cleanup", "child cleanup", "parent cleanup", "done"]);
  });

  it("when main returns, what it left running is cleaned up before run returns", () => {
    const log = new EventLog();
    const host = new VirtualHost();
    const main = host.spawn(function* () {
      yield* spawn(function* () {
        try {
          yield* sleep(1000);
        } finally {
          yield* sleep(2);
          log.push("leftover cleaned");
        }
      });
      yield* yieldNow(); // let the child start sleeping
      return "main";
    });
    expect(host.runTask(main)).toBe("main");
    expect(log.events).toEqual(["leftover cleaned"]);
    expect(host.scheduler.liveTasks).toBe(0);
  });

  it("a scope waits for its children instead of cancelling them", () => {
    const log = new EventLog();
    run(function* () {
      const r = yield* scope(function* (group) {
        yield* group.spawn(function* () {
          yield* sleep(5);
          yield* log.at("child a");
        });
        yield* spawn(function* () {
          yield* sleep(3);
          yield* log.at("child b");
        });
        return "body";
      });
      yield* log.at(`scope gave ${r}`);
    });
    expect(log.events).toEqual(["t=3 child b", "t=5 child a", "t=5 scope gave body"]);
  });
});


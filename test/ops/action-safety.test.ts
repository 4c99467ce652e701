/**
 * action()'s exception safety: its body and teardown are user code, and
 * whatever they throw, the kernel's and action's bookkeeping completes, the
 * teardown runs at most once, and the error reaches the task concerned.
 * Each case runs in both forms: `yield* op` (the instruction's own next(),
 * the typed fast path) and `yield op` (the kernel's path).
 */
import { VirtualHost, action, currentTask, run, sleep, suppressedErrors } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import type { Instruction } from "../../src/extend.js";

const forms: [string, <T>(op: Instruction<T>) => Coroutine<T>][] = [
  [
    "yield*",
    function* <T>(op: Instruction<T>): Coroutine<T> {
      return yield* op;
    },
  ],
  [
    "yield",
    function* <T>(op: Instruction<T>): Coroutine<T> {
      return (yield op) as T;
    },
  ],
];

/** After a case, the same host and a fresh one both run another program normally. */
function expectNextProgramRuns(host: VirtualHost): void {
  const next = host.spawn(function* () {
    yield* sleep(1);
    return yield* action<string>("next", (resolve) => resolve("next"));
  });
  host.run();
  expect(next.value).toBe("next");
  expect(host.scheduler.liveTasks).toBe(0);
  expect(run(function* () {
    yield* sleep(1);
    return 7;
  })).toBe(7);
}

describe.each(forms)("action exception safety (%s)", (_name, wait) => {
  it("a body that throws: the error reaches the yield, no teardown runs, a late resolve is ignored", () => {
    const boom = new Error("body");
    let late: (v: number) => void = () => {};
    let finallyRuns = 0;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        return yield* wait(
          action<number>("throws", (resolve) => {
            late = resolve;
            throw boom;
          }),
        );
      } finally {
        finallyRuns++;
      }
    });
    expect(() => host.run()).toThrow(boom);
    expect(t.state).toBe("failed");
    expect(t.error).toBe(boom);
    expect(finallyRuns).toBe(1);
    late(1); // the wait is over: harmless
    expect(t.state).toBe("failed");
    expectNextProgramRuns(host);
  });

  it("a body that resolves, then throws: the task gets the body's error, not the value, once", () => {
    const boom = new Error("body");
    let caught: unknown;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        yield* wait(
          action<string>("resolves-then-throws", (resolve) => {
            resolve("value");
            throw boom;
          }),
        );
        return "no error";
      } catch (error) {
        caught = error;
      }
      yield* sleep(5); // parks and wakes normally afterwards
      return "after";
    });
    host.run();
    expect(caught).toBe(boom);
    expect(t.value).toBe("after");
    expect(host.now).toBe(5);
    expectNextProgramRuns(host);
  });

  it("a teardown that throws on cancellation: the cleanup runs once, then the task fails with the teardown's error", () => {
    const teardownError = new Error("teardown");
    let late: (v: number) => void = () => {};
    let teardowns = 0;
    let finallyRuns = 0;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        yield* wait(
          action<number>("never", (resolve) => {
            late = resolve;
            return () => {
              teardowns++;
              throw teardownError;
            };
          }),
        );
      } finally {
        finallyRuns++;
        yield* sleep(1); // the cleanup may still wait
      }
    });
    host.runUntil(0);
    t.cancel();
    expect(teardowns).toBe(1);
    late(1); // after the undo: ignored, no second teardown
    expect(() => host.run()).toThrow(teardownError);
    expect(t.state).toBe("failed");
    expect(t.error).toBe(teardownError);
    expect(finallyRuns).toBe(1);
    expect(teardowns).toBe(1);
    expectNextProgramRuns(host);
  });

  it("a teardown that throws after an outside resolve: the task is woken with the teardown's error", () => {
    const teardownError = new Error("teardown");
    let resolveIt: (v: number) => void = () => {};
    let teardowns = 0;
    let finallyRuns = 0;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        return yield* wait(
          action<number>("external", (resolve) => {
            resolveIt = resolve;
            return () => {
              teardowns++;
              throw teardownError;
            };
          }),
        );
      } finally {
        finallyRuns++;
      }
    });
    host.runUntil(0);
    expect(t.waitingOn).toBe("external");
    resolveIt(41); // does not throw at the caller
    expect(t.state).toBe("ready"); // woken, not left blocked
    resolveIt(99); // ignored
    expect(() => host.run()).toThrow(teardownError);
    expect(t.state).toBe("failed");
    expect(t.error).toBe(teardownError);
    expect(teardowns).toBe(1);
    expect(finallyRuns).toBe(1);
    expectNextProgramRuns(host);
  });

  it("a teardown that throws after an outside reject: the task gets both errors, the rejection first, and may catch them", () => {
    const teardownError = new Error("teardown");
    let rejectIt: (e: unknown) => void = () => {};
    let caught: unknown;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        yield* wait(
          action<number>("external", (_resolve, reject) => {
            rejectIt = reject;
            return () => {
              throw teardownError;
            };
          }),
        );
      } catch (error) {
        caught = error;
      }
      return "recovered";
    });
    host.runUntil(0);
    const rejection = new Error("rejected");
    rejectIt(rejection);
    host.run();
    expect(caught).toBe(rejection);
    expect(suppressedErrors(caught)).toEqual([teardownError]);
    expect(t.value).toBe("recovered");
    expectNextProgramRuns(host);
  });

  it("a resolve inside the body wakes the task at once, after the teardown, which runs once", () => {
    const calls: string[] = [];
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      const v = yield* wait(
        action<string>("sync", (resolve) => {
          calls.push("body");
          resolve("now");
          resolve("again"); // ignored
          calls.push("body returns");
          return () => calls.push("teardown");
        }),
      );
      calls.push(`continued with ${v}`);
      return v;
    });
    host.run();
    expect(t.value).toBe("now");
    expect(calls).toEqual(["body", "body returns", "teardown", "continued with now"]);
    expectNextProgramRuns(host);
  });

  it("a task cancelled inside the body: the teardown runs once, when the body returns, and the task ends cancelled", () => {
    let teardowns = 0;
    let finallyRuns = 0;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      const me = yield* currentTask();
      try {
        yield* wait(
          action<number>("self-cancel", (resolve) => {
            me.cancel(); // undoes the wait before the teardown exists
            resolve(1); // ignored: the wait is over
            return () => teardowns++;
          }),
        );
        return "continued";
      } finally {
        finallyRuns++;
      }
    });
    host.run();
    expect(t.state).toBe("cancelled");
    expect(teardowns).toBe(1);
    expect(finallyRuns).toBe(1);
    expectNextProgramRuns(host);
  });

  it("a resolve inside the body with a teardown that throws: the task gets the teardown's error", () => {
    const teardownError = new Error("teardown");
    let teardowns = 0;
    let finallyRuns = 0;
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        return yield* wait(
          action<string>("sync", (resolve) => {
            resolve("now");
            return () => {
              teardowns++;
              throw teardownError;
            };
          }),
        );
      } finally {
        finallyRuns++;
      }
    });
    expect(() => host.run()).toThrow(teardownError);
    expect(t.state).toBe("failed");
    expect(t.error).toBe(teardownError);
    expect(teardowns).toBe(1);
    expect(finallyRuns).toBe(1);
    expectNextProgramRuns(host);
  });
});

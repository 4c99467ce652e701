/**
 * `timeout`, `race`, `all` and `scope` start child tasks. However their wait
 * is left (an Interrupt, a cancellation, a bad operation among good ones),
 * the children are cancelled and their cleanup waited for before the error
 * reaches the caller, so nothing they do later can fail the caller.
 */
import { EventLog } from "../helpers.js";
import { Interrupt, all, race, run, scope, sleep, spawn, suppressedErrors, timeout } from "../../src/index.js";
import type { Coroutine, Operation } from "../../src/index.js";

/** A child that sleeps 10, logs its cleanup at t=10, and fails at t=20 if it is still running. */
function* fragile(log: EventLog, name: string): Coroutine<string> {
  try {
    yield* sleep(20);
    throw new Error(`${name} blew up`);
  } finally {
    yield* log.at(`${name} cleanup`);
  }
}

const shapes: [string, (log: EventLog) => Operation<unknown>][] = [
  ["timeout", (log) => timeout(1000, fragile(log, "a"))],
  ["race", (log) => race([fragile(log, "a"), fragile(log, "b")])],
  ["all", (log) => all([fragile(log, "a"), fragile(log, "b")])],
  [
    "scope",
    (log) =>
      scope(function* (group) {
        yield* group.spawn(fragile(log, "a"));
        yield* group.spawn(fragile(log, "b"));
      }),
  ],
];

describe.each(shapes)("an Interrupt while waiting in %s", (_name, make) => {
  it("cancels and awaits the children before the Interrupt arrives; the caller carries on", () => {
    const log = new EventLog();
    const outcome = run(function* () {
      const caller = yield* spawn(function* () {
        try {
          yield* make(log);
          return "finished";
        } catch (e) {
          if (!(e instanceof Interrupt)) throw e;
          yield* log.at("caller caught the interrupt");
        }
        yield* sleep(50); // long after the children would have failed
        return "carried on";
      });
      yield* sleep(5);
      caller.interrupt("look up");
      return yield* caller;
    });
    expect(outcome).toBe("carried on");
    const cleanups = log.events.filter((e) => e.includes("cleanup"));
    expect(cleanups.length).toBeGreaterThan(0);
    for (const c of cleanups) expect(c.startsWith("t=5 ")).toBe(true);
    expect(log.events[log.events.length - 1]).toBe("t=5 caller caught the interrupt");
  });
});

describe.each(shapes)("cancelling a task waiting in %s", (_name, make) => {
  it("runs the children's cleanup before the caller's own finally", () => {
    const log = new EventLog();
    run(function* () {
      const caller = yield* spawn(function* () {
        try {
          yield* make(log);
        } finally {
          yield* log.at("caller finally");
        }
      });
      yield* sleep(5);
      caller.cancel();
      yield* sleep(100);
    });
    const last = log.events[log.events.length - 1];
    expect(last).toBe("t=5 caller finally");
    expect(log.events.length).toBeGreaterThan(1);
  });
});

describe("a child whose cleanup fails while the wait is being left", () => {
  it("is not lost: the caller gets the Interrupt itself, with that failure attached", () => {
    const error = run(function* () {
      const caller = yield* spawn(function* () {
        try {
          yield* race([
            (function* () {
              try {
                yield* sleep(100);
              } finally {
                // eslint-disable-next-line no-unsafe-finally
                throw new Error("cleanup failed");
              }
            })(),
            sleep(200),
          ]);
        } catch (e) {
          return e;
        }
        return null;
      });
      yield* sleep(5);
      caller.interrupt("now");
      return yield* caller;
    });
    expect(error).toBeInstanceOf(Interrupt);
    expect(suppressedErrors(error).map((e) => (e as Error).message)).toEqual(["cleanup failed"]);
  });
});

describe("a bad operation after good ones in all()/race()", () => {
  it.each([
    ["all", (ops: Operation<unknown>[]) => all(ops)],
    ["race", (ops: Operation<unknown>[]) => race(ops)],
  ])("%s: the children already started are stopped before the error reaches the caller", (_name, make) => {
    const log = new EventLog();
    const result = run(function* () {
      try {
        // A function passes the check before anything starts, but returns no generator: spawn() refuses it after "a" started.
        yield* make([fragile(log, "a"), (() => 42) as unknown as Operation<unknown>]);
      } catch (e) {
        yield* log.at(`caught ${(e as Error).name}`);
      }
      yield* sleep(50);
      return "carried on";
    });
    expect(result).toBe("carried on");
    // "a" was cancelled before it first ran, so it has nothing to clean up; it never fails at t=20.
    expect(log.events).toEqual(["t=0 caught InvalidArgumentError"]);
  });
});

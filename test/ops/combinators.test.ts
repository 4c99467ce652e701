import { EventLog } from "../helpers.js";
import { InvalidArgumentError, TimeoutError, VirtualHost, all, now, race, run, scope, sleep, spawn, suppressedErrors, suspend, timeout } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

function* after<T>(ms: number, value: T, log?: EventLog, name?: string): Coroutine<T> {
  try {
    yield* sleep(ms);
    return value;
  } finally {
    if (log && name) {
      // Cleanup that takes time: combinators must wait for it.
      yield* sleep(2);
      yield* log.at(`${name} cleaned`);
    }
  }
}

function* failAfter(ms: number, message: string): Coroutine<never> {
  yield* sleep(ms);
  throw new Error(message);
}

describe("all", () => {
  it("gives every result, in order, once all have finished", () => {
    const result = run(function* () {
      const r = yield* all([after(30, "a"), after(10, 2), sleep(20)]);
      return [...r, yield* now()];
    });
    expect(result).toEqual(["a", 2, undefined, 30]);
  });

  it("on the first failure cancels the others, waits for their cleanup, then throws", () => {
    const log = new EventLog();
    const host = new VirtualHost();
    const main = host.spawn(function* () {
      try {
        yield* all([after(50, 1, log, "slow"), failAfter(5, "bad"), after(60, 2, log, "slower")]);
        return "no error";
      } catch (e) {
        yield* log.at(`all threw ${(e as Error).message}`);
        return "caught";
      }
    });
    expect(host.runTask(main)).toBe("caught");
    expect(log.events).toEqual(["t=7 slower cleaned", "t=7 slow cleaned", "t=7 all threw bad"]);
  });

  it("of nothing is an empty array at once", () => {
    expect(run(() => all([]))).toEqual([]);
  });
});

describe("race", () => {
  it("gives the first result and returns only after the losers' cleanup", () => {
    const log = new EventLog();
    const result = run(function* () {
      const winner = yield* race([after(20, "slow", log, "slow"), after(5, "fast"), after(30, "slower", log, "slower")]);
      yield* log.at(`winner ${winner}`);
      return winner;
    });
    expect(result).toBe("fast");
    expect(log.events).toEqual(["t=7 slower cleaned", "t=7 slow cleaned", "t=7 winner fast"]);
  });

  it("throws the first finisher's error", () => {
    expect(() => run(() => race([after(20, 1), failAfter(3, "lost early")]))).toThrow("lost early");
  });

  it("of nothing is refused", () => {
    expect(() => run(() => race([]))).toThrow(InvalidArgumentError);
  });
});

describe("timeout", () => {
  it("gives the result when the operation is in time", () => {
    expect(run(() => timeout(10, after(9, "in time")))).toBe("in time");
  });

  it("times out an operation that would end at the deadline itself: ties go to the deadline", () => {
    expect(() => run(() => timeout(10, after(10, "at the deadline")))).toThrow(TimeoutError);
  });

  it("throws TimeoutError after cancelling the operation and waiting for its cleanup", () => {
    const log = new EventLog();
    const result = run(function* () {
      try {
        yield* timeout(5, after(100, "late", log, "op"));
        return "no timeout";
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
        expect((e as TimeoutError).ms).toBe(5);
        yield* log.at("timed out");
        return "timeout";
      }
    });
    expect(result).toBe("timeout");
    expect(log.events).toEqual(["t=7 op cleaned", "t=7 timed out"]);
  });

  it("passes the operation's own error through", () => {
    expect(() => run(() => timeout(50, failAfter(1, "inner")))).toThrow("inner");
  });

  it("leaves no timer behind when the operation wins", () => {
    const host = new VirtualHost();
    const t = host.spawn(() => timeout(1000, after(1, "quick")));
    host.runUntil(2); // runUntil(t) stops before what is due at t: the operation ends at 1
    expect(t.value).toBe("quick");
    expect(host.scheduler.timerCount).toBe(0);
  });

  it("rejects a bad duration", () => {
    expect(() => run(() => timeout(-5, suspend()))).toThrow(/timeout\(-5\)/);
  });
});

describe("scope", () => {
  it("a failing member cancels the others and the error can be caught around the scope", () => {
    const log = new EventLog();
    const result = run(function* () {
      try {
        yield* scope(function* (group) {
          yield* group.spawn(function* () {
            try {
              yield* suspend();
            } finally {
              yield* log.at("member cancelled");
            }
          });
          yield* group.spawn(() => failAfter(4, "member failed"));
          yield* sleep(100);
        });
      } catch (e) {
        yield* log.at(`caught ${(e as Error).message}`);
        return "recovered";
      }
      return "no error";
    });
    expect(result).toBe("recovered");
    expect(log.events).toEqual(["t=4 member cancelled", "t=4 caught member failed"]);
  });

  it("other tasks can spawn into a group, and it can be cancelled as a whole", () => {
    const log = new EventLog();
    run(function* () {
      try {
        yield* scope(function* (group) {
          yield* spawn(function* outsider() {
            yield* sleep(1);
            yield* group.spawn(function* () {
              try {
                yield* suspend();
              } finally {
                yield* log.at("spawned-in task cleaned");
              }
            });
            yield* sleep(1);
            group.cancel();
          });
          yield* suspend();
        });
      } catch (e) {
        yield* log.at(`scope ended: ${(e as Error).constructor.name}`);
      }
    });
    expect(log.events).toEqual(["t=2 spawned-in task cleaned", "t=2 scope ended: CancelledError"]);
  });
});

describe("no failure is dropped", () => {
  function* failingCleanup(ms: number, message: string): Coroutine<never> {
    try {
      yield* sleep(ms);
      throw new Error("unreachable");
    } finally {
      // eslint-disable-next-line no-unsafe-finally -- a cleanup that fails is what is under test
      throw new Error(message);
    }
  }

  it("all(): the first failure is thrown itself; a sibling whose cleanup fails is attached to it", () => {
    let caught: unknown;
    try {
      run(() => all([failAfter(5, "first"), failingCleanup(100, "cleanup failed")]));
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).message).toBe("first");
    expect(suppressedErrors(caught).map((e) => (e as Error).message)).toEqual(["cleanup failed"]);
  });

  it("race(): a loser whose cleanup fails makes the race fail", () => {
    expect(() => run(() => race([after(1, "winner"), failingCleanup(100, "loser cleanup failed")]))).toThrow("loser cleanup failed");
  });
});

import { EventLog } from "../helpers.js";
import { DeadlockError, InvalidArgumentError, UsageError, WaitGroupError, cancel, currentTask, run, scope, sleep, spawn, waitGroup } from "../../src/index.js";

describe("waitGroup", () => {
  it("wakes every waiter, oldest first, when the count reaches zero; wait() at zero returns at once", () => {
    const log = new EventLog();
    const wg = waitGroup();
    run(
      scope(function* () {
        yield* wg.wait();
        yield* log.at("wait at zero returned at once");
        wg.add(3);
        for (const [name, ms] of [
          ["a", 5],
          ["b", 10],
          ["c", 2],
        ] as const) {
          yield* spawn(function* worker() {
            try {
              yield* sleep(ms);
            } finally {
              wg.done();
              yield* log.at(`${name} done; count ${wg.count}`);
            }
          });
        }
        for (const name of ["w1", "w2"]) {
          yield* spawn(function* waiter() {
            yield* wg.wait();
            yield* log.at(`${name} woke`);
          });
        }
        yield* sleep(1);
        yield* log.at(JSON.stringify(wg.stats()));
      }),
    );
    expect(log.events).toEqual([
      "t=0 wait at zero returned at once",
      't=1 {"name":"wg#1","count":3,"waiting":2}',
      "t=2 c done; count 2",
      "t=5 a done; count 1",
      "t=10 b done; count 0",
      "t=10 w1 woke",
      "t=10 w2 woke",
    ]);
  });

  it("is reusable, and add() with a negative amount can bring it to zero", () => {
    const log = new EventLog();
    const wg = waitGroup({ name: "jobs" });
    run(
      scope(function* () {
        for (let round = 1; round <= 2; round++) {
          wg.add(2);
          yield* spawn(function* finisher() {
            yield* sleep(3);
            wg.add(-2);
          });
          yield* wg.wait();
          yield* log.at(`round ${round} done`);
        }
      }),
    );
    expect(log.events).toEqual(["t=3 round 1 done", "t=6 round 2 done"]);
  });

  it("a cancelled waiter leaves the queue", () => {
    const log = new EventLog();
    const wg = waitGroup();
    run(
      scope(function* () {
        wg.add();
        const a = yield* spawn(function* a() {
          yield* wg.wait();
          log.push("a woke (must not happen)");
        });
        yield* spawn(function* b() {
          yield* wg.wait();
          yield* log.at("b woke");
        });
        yield* sleep(1);
        yield* cancel(a);
        yield* log.at(`a cancelled; waiting ${wg.stats().waiting}`);
        yield* sleep(1);
        wg.done();
      }),
    );
    expect(log.events).toEqual(["t=1 a cancelled; waiting 1", "t=2 b woke"]);
  });

  it("done() below zero is a WaitGroupError naming the task and the group; nothing changes", () => {
    const wg = waitGroup({ name: "requests" });
    const message = run(function* handler() {
      const me = yield* currentTask();
      try {
        wg.done();
        return "no error";
      } catch (e) {
        expect(e).toBeInstanceOf(WaitGroupError);
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message.replace(me.label, "<handler>");
      }
    });
    expect(message).toBe("<handler> called done() on requests, whose count is already 0: done() was called more times than add(); call add() before starting each piece of work");
    wg.add(2);
    expect(() => wg.add(-3)).toThrow("code outside any task called add(-3) on requests, which would take its count from 2 to -1; the count cannot go below 0");
    expect(wg.count).toBe(2);
    expect(() => wg.add(1.5)).toThrow(InvalidArgumentError);
    expect(() => wg.add(1.5)).toThrow("add(the number 1.5) on requests: the amount must be an integer");
    expect(() => wg.add(NaN)).toThrow(InvalidArgumentError);
    expect(wg.count).toBe(2);
  });

  it("is reported as wait(wg#N) when nothing can bring it to zero", () => {
    const wg = waitGroup();
    wg.add();
    let error: unknown;
    try {
      run(function* waiter() {
        yield* wg.wait();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => `${t.label} ${t.waitingOn}`)).toEqual(['task#1 "waiter" wait(wg#1)']);
  });
});

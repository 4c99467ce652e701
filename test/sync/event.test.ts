import { EventLog } from "../helpers.js";
import { DeadlockError, InvalidArgumentError, cancel, event, run, scope, sleep, spawn } from "../../src/index.js";

describe("event", () => {
  it("set() wakes every waiter, oldest first; later waits return at once until reset()", () => {
    const log = new EventLog();
    const e = event();
    run(
      scope(function* () {
        for (const name of ["w1", "w2", "w3"]) {
          yield* spawn(function* waiter() {
            yield* e.wait();
            yield* log.at(`${name} woke`);
          });
        }
        yield* sleep(5);
        yield* log.at(`setting; ${JSON.stringify(e.stats())}`);
        e.set();
        yield* log.at(`set; isSet ${e.isSet}; waiting ${e.stats().waiting}`);
        yield* sleep(1);
        yield* e.wait();
        yield* log.at("wait on a set event returned at once");
        e.reset();
        yield* spawn(function* late() {
          yield* e.wait();
          yield* log.at("late woke");
        });
        yield* sleep(4);
        e.set();
        e.set(); // harmless
      }),
    );
    expect(log.events).toEqual([
      't=5 setting; {"name":"event#1","isSet":false,"waiting":3}',
      "t=5 set; isSet true; waiting 0",
      "t=5 w1 woke",
      "t=5 w2 woke",
      "t=5 w3 woke",
      "t=6 wait on a set event returned at once",
      "t=10 late woke",
    ]);
  });

  it("a waiter woken by set() returns even if reset() comes before it runs", () => {
    const log = new EventLog();
    const e = event();
    run(
      scope(function* () {
        yield* spawn(function* waiter() {
          yield* e.wait();
          yield* log.at(`waiter woke; isSet ${e.isSet}`);
        });
        yield* sleep(1);
        e.set();
        e.reset();
      }),
    );
    expect(log.events).toEqual(["t=1 waiter woke; isSet false"]);
  });

  it("a cancelled waiter leaves the queue and is not woken", () => {
    const log = new EventLog();
    const e = event();
    run(
      scope(function* () {
        const a = yield* spawn(function* a() {
          try {
            yield* e.wait();
            log.push("a woke (must not happen)");
          } finally {
            yield* log.at("a cleanup");
          }
        });
        yield* spawn(function* b() {
          yield* e.wait();
          yield* log.at("b woke");
        });
        yield* sleep(1);
        yield* cancel(a);
        yield* log.at(`a cancelled; waiting ${e.stats().waiting}`);
        yield* sleep(1);
        e.set();
      }),
    );
    expect(log.events).toEqual(["t=1 a cleanup", "t=1 a cancelled; waiting 1", "t=2 b woke"]);
  });

  it("wait() is one cached instruction named wait(event#N) in reports", () => {
    const e = event({ name: "config-loaded" });
    expect(e.wait()).toBe(e.wait());
    let error: unknown;
    try {
      run(function* loader() {
        yield e.wait();
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => t.waitingOn)).toEqual(["wait(config-loaded)"]);
    expect(() => event({ name: null as unknown as string })).toThrow("event(): the name option must be a string, not null");
    expect(() => event({ name: null as unknown as string })).toThrow(InvalidArgumentError);
  });
});

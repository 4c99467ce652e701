import { EventLog } from "../helpers.js";
import { UsageError, run, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Interrupt } from "../../src/index.js";
import { Simulation, after, allOf, anyOf, simEvent } from "../../src/sim/index.js";
import type { SimEvent } from "../../src/sim/index.js";

/** Compile-time check that a value has exactly type T. */
function expectType<T>(_value: T): void {}

describe("simEvent", () => {
  it("wakes every waiter in the order they began to wait, with the value, typed", () => {
    const log = new EventLog();
    run(function* () {
      const ev = simEvent<number>({ name: "door" });
      for (const who of ["a", "b", "c"]) {
        yield* spawn(function* () {
          const v = yield* ev;
          expectType<number>(v);
          yield* log.at(`${who} got ${v}`);
        });
      }
      yield* sleep(5);
      expect(ev.triggered).toBe(false);
      ev.succeed(42);
      expect([ev.triggered, ev.ok, ev.value]).toEqual([true, true, 42]);
      yield* sleep(1);
    });
    expect(log.events).toEqual(["t=5 a got 42", "t=5 b got 42", "t=5 c got 42"]);
  });

  it("an event that has already triggered gives its value at once", () => {
    const result = run(function* () {
      const ev = simEvent<string>().succeed("early");
      const before = yield* after(0); // nothing else runs meanwhile
      void before;
      return yield* ev;
    });
    expect(result).toBe("early");
  });

  it("fail() throws the error at every waiter's yield*", () => {
    const log = new EventLog();
    run(function* () {
      const ev = simEvent<number>();
      for (const who of ["a", "b"]) {
        yield* spawn(function* () {
          try {
            yield* ev;
          } catch (e) {
            yield* log.at(`${who} caught ${(e as Error).message}`);
          }
        });
      }
      yield* sleep(2);
      ev.fail(new Error("truck broke down"));
      yield* sleep(1);
      // A failed event keeps failing for later waiters.
      try {
        yield* ev;
      } catch (e) {
        yield* log.at(`late waiter caught ${(e as Error).message}`);
      }
    });
    expect(log.events).toEqual(["t=2 a caught truck broke down", "t=2 b caught truck broke down", "t=3 late waiter caught truck broke down"]);
  });

  it("a failure nobody waits for stops the run, as in SimPy", () => {
    const boom = new Error("nobody listens");
    expect(() =>
      run(function* () {
        simEvent().fail(boom);
        yield* sleep(10);
      }),
    ).toThrow(boom);
  });

  it("a failure handled before the event is processed (waited for, or defused) does not", () => {
    const result = run(function* () {
      const ev = simEvent<number>();
      ev.fail(new Error("handled: waited for before its turn"));
      let caught = "";
      try {
        yield* ev;
      } catch (e) {
        caught = (e as Error).message;
      }
      const quiet = simEvent();
      quiet.fail(new Error("expected"));
      quiet.defuse();
      yield* sleep(1);
      return caught;
    });
    expect(result).toBe("handled: waited for before its turn");
  });

  it("a failure still unhandled when the event is processed stops the run, even if a wait comes later in the instant (SimPy's rule)", () => {
    const late = new Error("waited for only after its turn");
    expect(() =>
      run(function* () {
        const ev = simEvent<number>();
        ev.fail(late);
        yield* yieldNow(); // the event's turn comes first: nobody waits for it then
        try {
          yield* ev;
        } catch {
          // too late: the run already has the failure
        }
        yield* sleep(1);
      }),
    ).toThrow(late);
  });

  it("triggers once: a second succeed or fail is a UsageError that names the event", () => {
    const ev = simEvent<number>({ name: "sold out" });
    ev.succeed(1);
    expect(() => ev.succeed(2)).toThrow(UsageError);
    expect(() => ev.fail(new Error("x"))).toThrow(/sold out, which has already succeeded/);
    expect(() => simEvent<number>().value).toThrow(/has not triggered yet/);
  });

  it("a waiter that is cancelled or interrupted stops waiting and is never resumed", () => {
    const log = new EventLog();
    run(function* () {
      const ev = simEvent<string>();
      const a = yield* spawn(function* () {
        try {
          yield* ev;
        } finally {
          yield* log.at("a cleaned up");
        }
      });
      const b = yield* spawn(function* () {
        try {
          yield* ev;
        } catch (e) {
          yield* log.at(`b interrupted: ${String((e as Interrupt).cause)}`);
        }
      });
      const c = yield* spawn(function* () {
        yield* log.at(`c got ${yield* ev}`);
      });
      yield* sleep(1);
      a.cancel();
      b.interrupt("stop");
      yield* sleep(1);
      ev.succeed("go");
      yield* c;
    });
    expect(log.events).toEqual(["t=1 a cleaned up", "t=1 b interrupted: stop", "t=2 c got go"]);
  });
});

describe("after", () => {
  it("succeeds with its value `delay` after it was created", () => {
    const result = run(function* () {
      const ev = after(7, "ding");
      yield* sleep(3);
      const v = yield* ev;
      expectType<string>(v);
      return [v, (yield* after(0)) === undefined];
    });
    expect(result).toEqual(["ding", true]);
  });

  it("needs a clock: outside a process it says to use sim.after", () => {
    expect(() => after(1)).toThrow(/sim\.after/);
    const sim = new Simulation();
    const ev = sim.after(4, "x");
    expect(sim.runUntilEvent(ev)).toBe("x");
    expect(sim.now).toBe(4);
    expect(() => sim.after(-1)).toThrow(/duration/);
  });
});

describe("allOf / anyOf", () => {
  it("allOf gives the values of events and tasks as a typed tuple, once all have succeeded", () => {
    const log = new EventLog();
    run(function* () {
      const a = simEvent<number>();
      const worker = yield* spawn(function* () {
        yield* sleep(5);
        return "done";
      });
      yield* spawn(function* () {
        yield* sleep(2);
        a.succeed(1);
      });
      const values = yield* allOf([a, worker, after(3, true)]);
      expectType<[number, string, boolean]>(values);
      yield* log.at(JSON.stringify(values));
    });
    expect(log.events).toEqual(['t=5 [1,"done",true]']);
  });

  it("anyOf succeeds with the first, giving every operand processed by the time it is", () => {
    const log = new EventLog();
    run(function* () {
      const slow = after(10, "slow");
      const fast = after(4, "fast");
      const same = after(4, "same");
      const r = yield* anyOf([slow, fast, same]);
      yield* log.at(`has slow ${r.has(slow)}, fast ${r.has(fast)} = ${r.get(fast)}, size ${r.size}`);
      expect(() => r.get(slow)).toThrow(/check r.has/);
      // `same` fires at the same instant, and is processed before the
      // condition (which `fast` triggered): SimPy's ConditionValue lists it.
      yield* log.at(`same triggered: ${same.triggered}`);
    });
    expect(log.events).toEqual(["t=4 has slow false, fast true = fast, size 2", "t=4 same triggered: true"]);
  });

  it("a failure of an operand fails the condition (and is handled by it)", () => {
    const result = run(function* () {
      const ev = simEvent<number>();
      const failing = yield* spawn(function* () {
        yield* sleep(1);
        throw new Error("worker failed");
      });
      try {
        yield* allOf([ev, failing]);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    });
    expect(result).toBe("worker failed");
  });

  it("operands already triggered are evaluated in order, and an empty list triggers at once", () => {
    const ok = simEvent<number>().succeed(1);
    const bad = simEvent<number>().fail(new Error("bad"));
    expect(anyOf([ok, bad]).ok).toBe(true);
    expect(anyOf([bad, ok]).failed).toBe(true);
    expect(allOf([ok, bad]).error).toEqual(new Error("bad"));
    expect(allOf([]).value).toEqual([]);
    expect(anyOf([]).value.size).toBe(0);
  });

  it("conditions nest, and a condition stops listening when it triggers", () => {
    const log = new EventLog();
    run(function* () {
      const a = simEvent<string>();
      const b = simEvent<string>();
      const c = simEvent<string>();
      const inner = allOf([a, b]);
      const outer = anyOf([inner, c]);
      yield* spawn(function* () {
        yield* sleep(1);
        a.succeed("a");
        yield* sleep(1);
        c.succeed("c");
        yield* sleep(1);
        b.succeed("b");
      });
      const r = yield* outer;
      yield* log.at(`outer: inner ${r.has(inner)}, c ${r.has(c)}`);
      yield* sleep(1);
      yield* log.at(`inner: ${JSON.stringify(yield* inner)}`);
    });
    expect(log.events).toEqual(["t=2 outer: inner false, c true", 't=3 inner: ["a","b"]']);
  });

  it("a task that fails after anyOf is done is not swallowed by it", () => {
    expect(() =>
      run(function* () {
        const late = yield* spawn(function* () {
          yield* sleep(5);
          throw new Error("late failure");
        });
        yield* anyOf([late, after(1)]);
        yield* sleep(10);
      }),
    ).toThrow("late failure");
  });

  it("refuses what is neither an event nor a task", () => {
    expect(() => anyOf([42 as unknown as SimEvent<number>])).toThrow(/event or a task/);
  });
});

describe("a subscriber only watches a failure (SimPy's callbacks)", () => {
  it("a failed event that only a subscriber watched still stops the run", () => {
    const seen: string[] = [];
    const sim = new Simulation();
    sim.process(function* () {
      const ev = simEvent<number>({ name: "audit" });
      ev.subscribe({ eventTriggered: (e) => seen.push(`${e.describe()} ${e.ok ? "ok" : "failed"}`) });
      yield* sleep(1);
      ev.fail(new Error("audit failed"));
      yield* sleep(5);
    });
    expect(() => sim.run()).toThrow("audit failed");
    expect(seen).toEqual(["audit failed"]);
  });

  it("a subscriber that defuses the event handles it; a waiting process and a condition handle it too", () => {
    const outcome = run(function* () {
      const watched = simEvent<number>();
      watched.subscribe({ eventTriggered: (e) => e.defuse() });
      const waited = simEvent<number>();
      const waiter = yield* spawn(function* () {
        try {
          yield* waited;
        } catch (e) {
          return (e as Error).message;
        }
        return "no error";
      });
      const inCondition = simEvent<number>();
      const cond = anyOf([inCondition, after(100)]);
      const condWaiter = yield* spawn(function* () {
        try {
          yield* cond;
        } catch (e) {
          return (e as Error).message;
        }
        return "no error";
      });
      yield* sleep(1);
      watched.fail(new Error("watched"));
      waited.fail(new Error("waited"));
      inCondition.fail(new Error("in a condition"));
      return [yield* waiter, yield* condWaiter];
    });
    expect(outcome).toEqual(["waited", "in a condition"]);
  });
});

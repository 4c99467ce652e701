import { EventLog } from "../helpers.js";
import { InvalidArgumentError, run, sleep, spawn, yieldNow } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { Container, after, anyOf } from "../../src/sim/index.js";

function* getter(log: EventLog, c: Container, name: string, amount: number): Coroutine<void> {
  yield* c.get(amount);
  yield* log.at(`${name} got ${amount} (level ${c.level})`);
}

function* putter(log: EventLog, c: Container, name: string, amount: number): Coroutine<void> {
  yield* c.put(amount);
  yield* log.at(`${name} put ${amount} (level ${c.level})`);
}

describe("Container", () => {
  it("gets wait for the level, first come first served, with no barging by smaller gets", () => {
    const log = new EventLog();
    run(function* () {
      const tank = new Container(100, 10);
      yield* spawn(getter, log, tank, "big", 30);
      yield* yieldNow();
      yield* spawn(getter, log, tank, "small", 5); // would fit now, but big is first
      yield* sleep(1);
      yield* log.at(`waiting gets ${tank.getQueueLength}, level ${tank.level}`);
      yield* spawn(putter, log, tank, "truck", 25); // 35: big (30) then small (5)
      yield* sleep(1);
    });
    expect(log.events).toEqual(["t=1 waiting gets 2, level 10", "t=1 truck put 25 (level 0)", "t=1 big got 30 (level 0)", "t=1 small got 5 (level 0)"]);
  });

  it("puts wait for room, in order; a get makes room and the waiting put goes in at once", () => {
    const log = new EventLog();
    run(function* () {
      const tank = new Container(10, 8);
      yield* spawn(putter, log, tank, "p1", 5);
      yield* spawn(putter, log, tank, "p2", 1);
      yield* sleep(2);
      yield* log.at(`puts waiting ${tank.putQueueLength}`);
      yield* tank.get(4); // level 4: p1 (5) fits, then p2 (1)
      yield* log.at(`level after get ${tank.level}`);
      yield* sleep(1);
    });
    expect(log.events).toEqual(["t=2 puts waiting 2", "t=2 level after get 10", "t=2 p1 put 5 (level 10)", "t=2 p2 put 1 (level 10)"]);
  });

  it("a waiting get that is cancelled, interrupted or reneges leaves the queue having taken nothing", () => {
    const log = new EventLog();
    run(function* () {
      const tank = new Container(100, 0);
      const cancelled = yield* spawn(getter, log, tank, "cancelled", 50);
      const interrupted = yield* spawn(function* () {
        try {
          yield* tank.get(40);
        } catch {
          yield* log.at("interrupted getter gave up");
        }
      });
      yield* spawn(function* reneger() {
        const get = tank.get(30);
        const r = yield* anyOf([get, after(2)]);
        if (!r.has(get)) get.cancel();
        yield* log.at(`reneger gave up: ${get.state}`);
      });
      yield* spawn(getter, log, tank, "patient", 20);
      yield* sleep(1);
      cancelled.cancel();
      interrupted.interrupt();
      yield* sleep(2);
      yield* log.at(`waiting gets ${tank.getQueueLength}`);
      yield* tank.put(20);
      yield* sleep(1);
      yield* log.at(`level ${tank.level}, withdrawn ${tank.stats().withdrawn}`);
    });
    expect(log.events).toEqual([
      "t=1 interrupted getter gave up",
      "t=2 reneger gave up: withdrawn",
      "t=3 waiting gets 1",
      "t=3 patient got 20 (level 0)",
      "t=4 level 0, withdrawn 3",
    ]);
  });

  it("withdrawing the first waiting get lets the next one be served", () => {
    const log = new EventLog();
    run(function* () {
      const tank = new Container(100, 10);
      const big = yield* spawn(getter, log, tank, "big", 50);
      yield* spawn(getter, log, tank, "small", 10);
      yield* sleep(1);
      big.cancel();
      yield* sleep(1);
    });
    expect(log.events).toEqual(["t=1 small got 10 (level 0)"]);
  });

  it("refuses amounts that could never be served, and bad capacities", () => {
    run(function* () {
      const tank = new Container(10, 5, { name: "tank" });
      expect(() => tank.get(11)).toThrow(/task#1 "main" called get\(the number 11\) on tank: the amount must be a finite number > 0 and at most the capacity \(10\)/);
      expect(() => tank.put(0)).toThrow(InvalidArgumentError);
      expect(() => tank.put(Number.NaN)).toThrow(InvalidArgumentError);
      expect(tank.getQueueLength + tank.putQueueLength).toBe(0);
    });
    expect(() => new Container(0)).toThrow(/capacity must be a number > 0/);
    expect(() => new Container(10, 11)).toThrow(/init must be/);
    expect(() => new Container(10, 5).get(1)).toThrow(/outside any process/);
  });
});

import { EventLog } from "../helpers.js";
import { DeadlockError, InvalidArgumentError, barrier, cancel, run, scope, sleep, spawn } from "../../src/index.js";

describe("barrier", () => {
  it("releases all parties together, gives arrival indices 0..parties-1, and is reusable", () => {
    const log = new EventLog();
    const b = barrier(3);
    run(
      scope(function* () {
        for (const [name, ms] of [
          ["a", 3],
          ["b", 1],
          ["c", 2],
        ] as const) {
          yield* spawn(function* party() {
            for (let round = 1; round <= 2; round++) {
              yield* sleep(ms * round);
              const index = yield* b.wait();
              yield* log.at(`${name} passed round ${round} as #${index}`);
            }
          });
        }
      }),
    );
    expect(log.events).toEqual([
      // round 1: b arrives at 1, c at 2, a trips it at 3
      "t=3 a passed round 1 as #2",
      "t=3 b passed round 1 as #0",
      "t=3 c passed round 1 as #1",
      // round 2: b arrives at 5, c at 7, a trips it at 9
      "t=9 a passed round 2 as #2",
      "t=9 b passed round 2 as #0",
      "t=9 c passed round 2 as #1",
    ]);
    expect(b.stats()).toEqual({ name: "barrier#1", parties: 3, waiting: 0, trips: 2 });
  });

  it("a waiter cancelled before the barrier trips is removed, so the round still needs `parties` arrivals", () => {
    const log = new EventLog();
    const b = barrier(3);
    run(
      scope(function* () {
        const party = function* party(name: string, at: number) {
          yield* sleep(at);
          const index = yield* b.wait();
          yield* log.at(`${name} passed as #${index}`);
        };
        const a = yield* spawn(party, "a", 1);
        yield* spawn(party, "b", 2);
        yield* spawn(party, "c", 4);
        yield* spawn(party, "d", 6);
        yield* sleep(3);
        yield* cancel(a);
        yield* log.at(`a cancelled; waiting ${b.stats().waiting}`);
        yield* sleep(2);
        yield* log.at(`after c arrived: waiting ${b.stats().waiting}, trips ${b.stats().trips}`);
      }),
    );
    expect(log.events).toEqual(["t=3 a cancelled; waiting 1", "t=5 after c arrived: waiting 2, trips 0", "t=6 d passed as #2", "t=6 b passed as #0", "t=6 c passed as #1"]);
  });

  it("a party woken by the trip and cancelled before it runs still receives its index", () => {
    const log = new EventLog();
    const b = barrier(2);
    run(
      scope(function* () {
        const waiter = yield* spawn(function* waiter() {
          const index = yield* b.wait();
          log.push(`waiter got #${index}`);
          yield* sleep(1);
          log.push("waiter slept (must not happen)");
        });
        yield* sleep(1);
        const index = yield* b.wait();
        waiter.cancel();
        yield* log.at(`main got #${index}`);
      }),
    );
    expect(log.events).toEqual(["t=1 main got #1", "waiter got #0"]);
  });

  it("barrier(1) never waits; bad party counts are rejected", () => {
    const b = barrier(1);
    expect(run(() => b.wait())).toBe(0);
    expect(b.wait()).toBe(b.wait());
    for (const [n, shown] of [
      [0, "the number 0"],
      [-2, "the number -2"],
      [2.5, "the number 2.5"],
      [NaN, "the number NaN"],
    ] as const) {
      expect(() => barrier(n)).toThrow(InvalidArgumentError);
      expect(() => barrier(n)).toThrow(`barrier(${shown}): the number of parties must be an integer >= 1`);
    }
  });

  it("is reported as wait(barrier#N) when too few parties arrive", () => {
    const b = barrier(3, { name: "start-line" });
    let error: unknown;
    try {
      run(function* runner() {
        yield* b.wait();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    expect((error as DeadlockError).blocked.map((t) => t.waitingOn)).toEqual(["wait(start-line)"]);
  });
});

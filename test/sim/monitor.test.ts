/**
 * Time-weighted statistics on scenarios small enough to compute by hand.
 */
import { sleep, spawn, yieldNow } from "../../src/index.js";
import { Container, Resource, Simulation, Store, TimeWeighted, WaitTally } from "../../src/sim/index.js";

describe("TimeWeighted and WaitTally", () => {
  it("integrate a step function and record only changes", () => {
    const busy = new TimeWeighted(0, true);
    busy.open(0);
    busy.set(2, 1);
    busy.set(2, 1); // no change: not logged
    busy.set(6, 3);
    expect(busy.summary(10)).toEqual({ current: 3, mean: (0 * 2 + 1 * 4 + 3 * 4) / 10, min: 0, max: 3 });
    expect(busy.log).toEqual([
      [0, 0],
      [2, 1],
      [6, 3],
    ]);
    busy.open(10); // a new window keeps the history
    expect(busy.summary(10)).toEqual({ current: 3, mean: 3, min: 3, max: 3 });
    const waits = new WaitTally();
    waits.add(0);
    waits.add(3);
    waits.add(1);
    expect(waits.summary()).toEqual({ count: 3, waited: 2, total: 4, mean: 4 / 3, max: 3 });
  });
});

describe("a resource's statistics", () => {
  //  t:      0    1    2    3    4    5    6    7 ... 10
  //  A       [held .............]                         A: requests at 0, holds 4
  //  B            [wait ........][held ...]               B: requests at 1, holds 2
  //  C                 [wait ..............][held]        C: requests at 2, holds 1
  //  busy    1    1    1    1    1    1    1    0 ... 0   → mean 7/10
  //  queue   0    1    2    2    1    1    0    0 ... 0   → area 1 + 2·2 + 1·2 = 7 → mean 0.7
  //  waits   A 0, B 3, C 4                                → mean 7/3, max 4
  function scenario(): { counter: Resource; sim: Simulation } {
    const sim = new Simulation();
    const counter = new Resource(1, { log: true });
    sim.process(function* main() {
      const holds: [number, number][] = [
        [0, 4],
        [1, 2],
        [2, 1],
      ];
      for (const [at, hold] of holds) {
        yield* sleep(at - sim.now);
        yield* spawn(() => counter.use(sleep(hold)));
        yield* yieldNow();
      }
      yield* sleep(10 - sim.now);
    });
    return { counter, sim };
  }

  it("time-weighted means, maxima and waits match the hand computation", () => {
    const { counter, sim } = scenario();
    sim.run();
    const s = counter.stats();
    expect(s.since).toBe(0);
    expect(s.elapsed).toBe(10);
    expect(s.utilisation).toBeCloseTo(0.7, 12);
    expect(s.busy).toEqual({ current: 0, mean: 0.7, min: 0, max: 1 });
    expect(s.queue.mean).toBeCloseTo(0.7, 12);
    expect(s.queue.max).toBe(2);
    expect(s.wait).toEqual({ count: 3, waited: 2, total: 7, mean: 7 / 3, max: 4 });
    expect(s.requests).toBe(3);
  });

  it("the opt-in logs record every change as [time, value]", () => {
    const { counter, sim } = scenario();
    sim.run();
    expect(counter.levelLog()).toEqual([
      [0, 0],
      [0, 1],
      [7, 0],
    ]);
    expect(counter.queueLog()).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [4, 1],
      [6, 0],
    ]);
    expect(() => new Resource(1).levelLog()).toThrow(/create it with \{ log: true \}/);
  });

  it("resetStats() starts a new window (to discard a warm-up); logs keep their history", () => {
    const { counter, sim } = scenario();
    sim.runUntil(5); // A has left at 4, B holds, C waits
    counter.resetStats();
    sim.run();
    const s = counter.stats();
    // window [5, 10]: busy 1 on [5,7] → 2/5; queue 1 on [5,6] → 1/5; only C was granted (at 6, after 4).
    expect([s.since, s.elapsed]).toEqual([5, 5]);
    expect(s.utilisation).toBeCloseTo(0.4, 12);
    expect(s.queue.mean).toBeCloseTo(0.2, 12);
    expect(s.queue.max).toBe(1);
    expect(s.wait).toEqual({ count: 1, waited: 1, total: 4, mean: 4, max: 4 });
    expect(s.requests).toBe(0);
    expect(counter.queueLog().length).toBe(5);
  });
});

describe("container and store statistics", () => {
  it("a container's level, time-weighted", () => {
    const sim = new Simulation();
    const tank = new Container(10, 5, { log: true, sim }); // measured from its creation at t=0
    sim.process(function* () {
      yield* sleep(2);
      yield* tank.get(3); // 2
      yield* sleep(3);
      yield* tank.put(6); // 8
      yield* sleep(3);
      yield* tank.get(8); // 0
      yield* sleep(2);
    });
    sim.run();
    const s = tank.stats();
    expect(s.level).toEqual({ current: 0, mean: (5 * 2 + 2 * 3 + 8 * 3 + 0 * 2) / 10, min: 0, max: 8 });
    expect([s.amountPut, s.amountGot, s.getWait.count]).toEqual([6, 11, 2]);
    expect(tank.levelLog()).toEqual([
      [0, 5],
      [2, 2],
      [5, 8],
      [8, 0],
    ]);
  });

  it("without the sim option, one created outside any process is measured from its first use", () => {
    const sim = new Simulation();
    const tank = new Container(10, 5);
    sim.process(function* () {
      yield* sleep(2);
      yield* tank.get(3);
      yield* sleep(2);
    });
    sim.run();
    expect(tank.stats()).toMatchObject({ since: 2, elapsed: 2, level: { mean: 2 } });
    expect(() => new Container(10, 5, { sim: {} as Simulation })).toThrow(/the sim option must be a Simulation/);
  });

  it("a store's items and waiting getters over time", () => {
    const sim = new Simulation();
    const pipe = new Store<string>(Infinity, { log: true, sim });
    sim.process(function* consumer() {
      yield* sleep(1);
      yield* pipe.get(); // waits from 1 to 4
    });
    sim.process(function* producer() {
      yield* sleep(4);
      yield* pipe.put("a"); // handed to the waiting getter at once
      yield* pipe.put("b"); // stays until 10
      yield* sleep(6);
    });
    sim.run();
    const s = pipe.stats();
    expect(s.level.mean).toBeCloseTo(6 / 10, 12);
    expect(s.getQueue.mean).toBeCloseTo(3 / 10, 12);
    expect(s.getWait).toEqual({ count: 1, waited: 1, total: 3, mean: 3, max: 3 });
    expect(pipe.levelLog()).toEqual([
      [0, 0],
      [4, 1],
      [4, 0],
      [4, 1],
    ]);
  });
});

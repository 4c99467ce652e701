/**
 * Requests, puts and gets made outside any process (setup code), as SimPy
 * allows: the primitive must know its simulation (the `sim` option).
 */
import { UsageError, sleep } from "../../src/index.js";
import { Container, PreemptiveResource, Resource, Simulation, Store } from "../../src/sim/index.js";

describe("operations made outside any process", () => {
  it("setup code fills a store before the run; processes take the items in order", () => {
    const sim = new Simulation();
    const store = new Store<string>(Infinity, { sim });
    for (const item of ["a", "b"]) store.put(item);
    const got: string[] = [];
    sim.process(function* consumer() {
      for (let i = 0; i < 2; i++) got.push(yield* store.get());
    });
    sim.run();
    expect(got).toEqual(["a", "b"]);
    expect(store.stats().putWait.count).toBe(2);
  });

  it("a request made in setup code holds a slot until released, and a process queues behind it", () => {
    const sim = new Simulation();
    const res = new Resource(1, { sim });
    const setupHold = res.request();
    const log: string[] = [];
    sim.process(function* worker() {
      yield* res.use(function* () {
        log.push(`worker in at ${sim.now}`);
      });
    });
    sim.process(function* janitor() {
      yield* sleep(3);
      res.release(setupHold);
    });
    sim.run();
    expect(setupHold.task).toBeNull();
    expect(log).toEqual(["worker in at 3"]);
  });

  it("a waiting put made outside any process stays queued (no task's end withdraws it) and is served later", () => {
    const sim = new Simulation();
    const tank = new Container(10, 10, { sim });
    const put = tank.put(4); // full: it waits
    sim.process(function* drain() {
      yield* sleep(2);
      yield* tank.get(5);
    });
    sim.run();
    expect(put.state).toBe("served");
    expect(tank.level).toBe(9);
  });

  it("a user that made its request outside any process can be preempted: the slot goes, nobody is interrupted", () => {
    const sim = new Simulation();
    const res = new PreemptiveResource(1, { sim });
    const low = res.request({ priority: 5 });
    let by = "";
    sim.process(function* vip() {
      const req = res.request({ priority: 0 });
      yield* req;
      by = `vip holds it at ${sim.now}`;
    });
    sim.run();
    expect(low.state).toBe("preempted");
    expect(by).toBe("vip holds it at 0");
  });

  it("without the sim option, a primitive not yet used by a process refuses, and says what to do", () => {
    const store = new Store<number>();
    expect(() => store.put(1)).toThrow(UsageError);
    expect(() => store.put(1)).toThrow(/create it with \{ sim \}/);
    expect(store.putQueueLength).toBe(0);
  });
});

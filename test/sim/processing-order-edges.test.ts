/**
 * Edges of processing events at their turn (src/sim/event.ts): what a
 * taken-back operation looks like afterwards, conditions as the target of
 * runUntilEvent, one grant per processed release (SimPy's rule), a
 * subscriber that throws, and the statistics of a take-back.
 */
import { Interrupt, sleep } from "../../src/index.js";
import type { Coroutine, Task } from "../../src/index.js";
import { Resource, Simulation, Store, after, allOf, anyOf, simEvent } from "../../src/sim/index.js";
import type { ConditionValue, Request, SimEvent } from "../../src/sim/index.js";

describe("an operation taken back is no longer a success", () => {
  it("after the interrupt, the get is withdrawn and not triggered: the item reaches one process only", () => {
    const sim = new Simulation();
    const store = new Store<string>(5, { sim });
    store.put("x");
    const received: string[] = [];
    const customer: Task<void> = sim.process(function* customerProc() {
      const get = store.get(); // served at once: the item is taken, the get awaits its turn
      try {
        received.push(yield* get);
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        // SimPy's idiom: keep the item if the get had triggered, else cancel it
        if (get.triggered) received.push(`customer keeps ${get.value}`);
        else received.push(`customer: get ${get.state}`);
      }
    });
    sim.process(function* interrupter() {
      customer.interrupt("go");
    });
    sim.process(function* other() {
      yield* sleep(1);
      received.push(`other got ${yield* store.get()}`);
    });
    sim.run();
    expect(received).toEqual(["customer: get withdrawn", "other got x"]);
  });

  it("a condition over it does not hear of a success either", () => {
    const sim = new Simulation();
    const store = new Store<string>(5, { sim });
    store.put("x");
    const received: string[] = [];
    const customer: Task<void> = sim.process(function* customerProc() {
      const get = store.get();
      const either = anyOf([get, after(10)]);
      try {
        received.push(`direct ${yield* get}`);
      } catch {
        const r = yield* either;
        received.push(r.has(get) ? `condition ${r.get(get)}` : `timed out at ${sim.now}`);
      }
    });
    sim.process(function* interrupter() {
      customer.interrupt("go");
    });
    sim.process(function* other() {
      yield* sleep(1);
      received.push(`other got ${yield* store.get()}`);
    });
    sim.run();
    expect(received).toEqual(["other got x", "timed out at 10"]);
  });

  it("the statistics do not count its wait", () => {
    const sim = new Simulation();
    const res = new Resource(1, { sim });
    const t: Task<void> = sim.process(function* customer() {
      try {
        yield* res.request();
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
      }
    });
    sim.process(function* interrupter() {
      t.interrupt("go");
    });
    sim.run();
    const s = res.stats();
    expect({ requests: s.requests, withdrawn: s.withdrawn, waits: s.wait.count }).toEqual({ requests: 1, withdrawn: 1, waits: 0 });
  });
});

describe("runUntilEvent on a condition", () => {
  it("gives allOf's values and anyOf's ConditionValue (it stops once the condition is processed)", () => {
    const sim = new Simulation();
    const a = simEvent<string>();
    const b = simEvent<string>();
    sim.process(function* p() {
      yield* sleep(1);
      a.succeed("a");
      b.succeed("b");
      yield* sleep(1);
    });
    expect(sim.runUntilEvent(allOf([a, b]))).toEqual(["a", "b"]);
    const c = simEvent<string>();
    sim.process(function* q() {
      c.succeed("c");
      yield* sleep(1);
    });
    const v = sim.runUntilEvent(anyOf([c, sim.after(5)])) as ConditionValue;
    expect(v.get(c)).toBe("c");
  });

  it("a condition's value is refused, not undefined, between its trigger and its turn", () => {
    const sim = new Simulation();
    const a = simEvent<number>();
    let seen = "";
    sim.process(function* p() {
      const both = allOf([a]);
      a.succeed(1);
      yield* after(0); // a is processed, and triggers the condition; the condition's turn comes after this one
      try {
        seen = String(both.value);
      } catch (e) {
        seen = (e as Error).message;
      }
    });
    sim.run();
    expect(seen).toMatch(/not processed yet/);
  });
});

describe("one grant per processed release, as SimPy's Resource does", () => {
  /**
   * A resource of 2 slots held by `holder`; W1 and W2 wait for a slot; X
   * waits for `ev` and then triggers `ev2`, which Y waits for. `release`
   * is what the holder does at t=1. Gives the order of the log.
   */
  function scenario(release: (res: Resource, held: [Request, Request], ev: SimEvent<void>, log: string[]) => Coroutine<void>): string[] {
    const sim = new Simulation();
    const res = new Resource(2);
    const log: string[] = [];
    const ev = simEvent();
    const ev2 = simEvent();
    sim.process(function* holder() {
      const held: [Request, Request] = [res.request(), res.request()];
      yield* held[0];
      yield* held[1];
      yield* sleep(1);
      yield* release(res, held, ev, log);
    });
    for (const n of ["W1", "W2"]) {
      sim.process(function* w() {
        yield* sleep(0.5);
        yield* res.use(function* () {
          log.push(n);
          yield* sleep(5);
        });
      });
    }
    sim.process(function* x() {
      yield* ev;
      log.push("X");
      ev2.succeed();
    });
    sim.process(function* y() {
      yield* ev2;
      log.push("Y");
    });
    sim.run();
    return log;
  }

  it("two releases in one step: each hands on one slot at its own turn", () => {
    const log = scenario(function* (res, [r1, r2], ev) {
      res.release(r1);
      ev.succeed();
      res.release(r2);
    });
    expect(log).toEqual(["X", "W1", "Y", "W2"]); // SimPy 4.1.2's order for the same program
  });

  it("a new request while two releases await their turn: only the first waiting request is granted by it", () => {
    const log = scenario(function* (res, [r1, r2], ev, out) {
      res.release(r1);
      res.release(r2);
      const c = res.request();
      ev.succeed();
      yield* c;
      out.push("C");
    });
    expect(log).toEqual(["W1", "X", "W2", "Y", "C"]); // SimPy 4.1.2's order for the same program
  });
});

describe("a subscriber that throws", () => {
  it("does not keep the waiters after it from being resumed: the error leaves the run, and the next run goes on", () => {
    const sim = new Simulation();
    const ev = simEvent<number>();
    const log: string[] = [];
    sim.process(function* first() {
      log.push(`first ${yield* ev}`);
    });
    sim.process(function* sub() {
      ev.subscribe({
        eventTriggered: () => {
          throw new Error("subscriber bug");
        },
      });
    });
    sim.process(function* second() {
      log.push(`second ${yield* ev}`);
    });
    sim.process(function* trig() {
      yield* sleep(1);
      ev.succeed(1);
    });
    expect(() => sim.run()).toThrow("subscriber bug");
    sim.run();
    expect(log).toEqual(["first 1", "second 1"]);
  });
});

describe("blame for a condition's unhandled failure", () => {
  it("is the task that failed its operand, as for the operand itself", () => {
    const sim = new Simulation();
    const ev = simEvent<number>();
    const boom = new Error("operand failed");
    sim.process(function* watcher() {
      anyOf([ev]); // listens (and so handles ev's failure), but nobody waits for the condition
      yield* sleep(5);
    });
    sim.process(function* failer() {
      yield* sleep(1);
      ev.fail(boom);
      yield* sleep(5);
    });
    // The scheduler's own loop, to see the failure as it reaches the top (a host throws the first one).
    sim.scheduler.runVirtual();
    expect(sim.scheduler.uncaught.map((u) => [u.task.name, u.error])).toEqual([["failer", boom]]);
  });
});

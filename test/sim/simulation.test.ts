import { EventLog } from "../helpers.js";
import { DeadlockError, InvalidArgumentError, UsageError, now, sleep, spawn, suspend } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { Resource, Simulation, after, exponential, simEvent, startProcess } from "../../src/sim/index.js";

function* ticker(log: EventLog, name: string, period: number, times: number): Coroutine<string> {
  for (let i = 0; i < times; i++) {
    yield* sleep(period);
    yield* log.at(`${name} tick ${i}`);
  }
  return `${name} done`;
}

describe("Simulation: running", () => {
  it("run() goes until nothing is left; process() starts top-level processes", () => {
    const sim = new Simulation();
    const log = new EventLog();
    const a = sim.process(ticker, log, "a", 3, 2);
    sim.process(ticker, log, "b", 2, 2);
    sim.run();
    expect(log.events).toEqual(["t=2 b tick 0", "t=3 a tick 0", "t=4 b tick 1", "t=6 a tick 1"]);
    expect(sim.now).toBe(6);
    expect(a.value).toBe("a done");
  });

  it("runUntil(t) runs the events before t, stops with the clock at t, and can be continued (SimPy's run(until=t))", () => {
    const sim = new Simulation();
    const log = new EventLog();
    sim.process(ticker, log, "a", 5, 10);
    sim.runUntil(15);
    expect(log.events).toEqual(["t=5 a tick 0", "t=10 a tick 1"]); // the tick due at 15 is the next call's
    expect(sim.now).toBe(15);
    sim.runUntil(15); // the current instant: runs what is due now
    expect(log.events).toEqual(["t=5 a tick 0", "t=10 a tick 1", "t=15 a tick 2"]);
    sim.runUntil(17.5);
    expect(sim.now).toBe(17.5);
    sim.run();
    expect(log.events.length).toBe(10);
    expect(() => sim.runUntil(3)).toThrow(UsageError);
    expect(() => sim.runUntil(Infinity)).toThrow(InvalidArgumentError);
  });

  it("runUntilEvent stops right after the event triggers and gives its value", () => {
    const sim = new Simulation();
    const log = new EventLog();
    const soldOut = simEvent<string>();
    sim.process(function* () {
      yield* sleep(8);
      soldOut.succeed("all gone");
      yield* log.at("seller carries on");
    });
    sim.process(function* () {
      yield* soldOut;
      yield* log.at("buyer woken");
    });
    expect(sim.runUntilEvent(soldOut)).toBe("all gone");
    expect(sim.now).toBe(8);
    // The seller's step ran on to its next wait (here, its end); the buyer it woke has not run.
    expect(log.events).toEqual(["t=8 seller carries on"]);
    sim.run();
    expect(log.events).toEqual(["t=8 seller carries on", "t=8 buyer woken"]);
  });

  it("runUntilEvent accepts a task and a condition, and throws a failed event's error", () => {
    const sim = new Simulation();
    const worker = sim.process(function* () {
      yield* sleep(3);
      return 21 * 2;
    });
    expect(sim.runUntilEvent(worker)).toBe(42);
    const failing = simEvent();
    sim.process(function* () {
      yield* sleep(1);
      failing.fail(new Error("boom"));
    });
    expect(() => sim.runUntilEvent(failing)).toThrow("boom");
    sim.run(); // the failure was handled by runUntilEvent: the run goes on quietly
    expect(sim.now).toBe(4);
  });

  it("runUntilEvent reports when the event can never trigger", () => {
    const sim = new Simulation();
    const never = simEvent({ name: "never" });
    sim.process(function* stuck() {
      yield* suspend();
    });
    expect(() => sim.runUntilEvent(never)).toThrow(DeadlockError);
    const empty = new Simulation();
    expect(() => empty.runUntilEvent(simEvent({ name: "nothing" }))).toThrow(/every process has finished .* nothing never triggered/);
  });

  it("run() reports processes blocked forever, unlike SimPy which returns quietly", () => {
    const sim = new Simulation();
    const counter = new Resource(1);
    sim.process(function* holder() {
      yield* counter.request();
      yield* suspend();
    });
    sim.process(function* waiter() {
      yield* sleep(1);
      yield* counter.request();
    });
    expect(() => sim.run()).toThrow(/waiter.*waits on request\(res#1\)/s);
  });
});

describe("Simulation: step and peek", () => {
  it("a step is one task step, or else one timer instant; peek gives the next step's time", () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.process(function* a() {
      log.push(`a@${yield* now()}`);
      yield* sleep(2);
      log.push(`a@${yield* now()}`);
    });
    sim.process(function* b() {
      log.push(`b@${yield* now()}`);
      yield* sleep(2);
      log.push(`b@${yield* now()}`);
    });
    const trace: string[] = [];
    for (;;) {
      const at = sim.peek();
      if (!sim.step()) break;
      trace.push(`${at}:${log.join(",")}`);
    }
    expect(trace).toEqual([
      "0:a@0", // task step: a runs until its sleep
      "0:a@0,b@0", // task step: b
      "2:a@0,b@0", // timer instant: both timers at t=2 fire; nobody runs yet
      "2:a@0,b@0,a@2", // task step: a finishes
      "2:a@0,b@0,a@2,b@2",
    ]);
    expect(sim.peek()).toBe(Infinity);
    expect(sim.step()).toBe(false);
  });

  it("step() throws a failure that nobody handled", () => {
    const sim = new Simulation();
    sim.process(function* () {
      yield* sleep(1);
      throw new Error("broken");
    });
    expect(sim.step()).toBe(true);
    expect(sim.step()).toBe(true);
    expect(() => sim.step()).toThrow("broken");
  });

  it("a process cannot drive its own simulation", () => {
    const sim = new Simulation();
    sim.process(function* () {
      sim.step();
    });
    expect(() => sim.run()).toThrow(/cannot drive the simulation it runs in/);
  });
});

describe("processes", () => {
  it("startProcess starts an independent process; spawn a child that ends with its parent", () => {
    const sim = new Simulation();
    const log = new EventLog();
    function* customer(name: string): Coroutine<void> {
      try {
        yield* sleep(10);
        yield* log.at(`${name} served`);
      } finally {
        yield* log.at(`${name} leaves`);
      }
    }
    sim.process(function* source() {
      yield* startProcess(customer, "independent");
      yield* spawn(customer, "child");
      yield* sleep(1);
      yield* log.at("source returns");
    });
    sim.run();
    expect(log.events).toEqual(["t=1 source returns", "t=1 child leaves", "t=10 independent served", "t=10 independent leaves"]);
  });

  it("the same seed gives the same run, another seed another one", () => {
    function trace(seed: number): string[] {
      const sim = new Simulation({ seed });
      const log = new EventLog();
      const counter = new Resource(1);
      sim.process(function* source() {
        for (let i = 0; i < 20; i++) {
          yield* startProcess(function* customer() {
            yield* counter.use(function* () {
              yield* sleep(yield* exponential(1));
            });
            yield* log.at(`c${i}`);
          });
          yield* sleep(yield* exponential(1.2));
        }
      });
      sim.run();
      return log.events;
    }
    expect(trace(7)).toEqual(trace(7));
    expect(trace(7)).not.toEqual(trace(8));
  });

  it("after() and processes compose: a deadline as a value", () => {
    const sim = new Simulation();
    const deadline = sim.after(5, "deadline");
    sim.process(function* () {
      yield* sleep(2);
      return yield* after(1, "inner");
    });
    expect(sim.runUntilEvent(deadline)).toBe("deadline");
  });
});

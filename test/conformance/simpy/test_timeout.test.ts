/** Port of SimPy 4.1.2 tests/test_timeout.py to spindle's simulation layer. */
import { InvalidArgumentError, sleep } from "../../../src/index.js";
import type { Coroutine } from "../../../src/index.js";
import { Simulation, after, startProcess } from "../../../src/sim/index.js";
import type { Delay } from "../../../src/sim/index.js";

describe("SimPy test_timeout", () => {
  it("test_discrete_time_steps", () => {
    const sim = new Simulation();
    const log: number[] = [];
    sim.process(function* pem() {
      for (;;) {
        log.push(sim.now);
        yield* after(1);
      }
    });
    sim.runUntil(3);
    expect(log).toEqual([0, 1, 2]);
  });

  it("test_negative_timeout", () => {
    const sim = new Simulation();
    sim.process(function* pem() {
      yield* after(-1);
    });
    expect(() => sim.run()).toThrow(InvalidArgumentError);
  });

  it("test_timeout_value", () => {
    const sim = new Simulation();
    let val: string | undefined;
    sim.process(function* pem() {
      val = yield* after(1, "ohai");
    });
    sim.run();
    expect(val).toBe("ohai");
  });

  it("test_shared_timeout", () => {
    const sim = new Simulation();
    const log: [number, number][] = [];
    const timeout = sim.after(1);
    for (let i = 0; i < 3; i++) {
      sim.process(function* child() {
        yield* timeout;
        log.push([i, sim.now]);
      });
    }
    sim.run();
    expect(log).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it("test_triggered_timeout", () => {
    const sim = new Simulation();
    let value: string | undefined;
    function* child(event: Delay<string>): Coroutine<string> {
      return yield* event;
    }
    sim.runUntilEvent(
      sim.process(function* process() {
        const event = after(1, "i was already done");
        // Start the child after the timeout has happened.
        yield* sleep(2);
        value = yield* yield* startProcess(child, event);
      }),
    );
    expect(value).toBe("i was already done");
  });
});

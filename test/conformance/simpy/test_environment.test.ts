/** Port of SimPy 4.1.2 tests/test_environment.py to spindle's simulation layer. */
import { UsageError, sleep } from "../../../src/index.js";
import type { Coroutine } from "../../../src/index.js";
import { Simulation, simEvent } from "../../../src/sim/index.js";
import type { SimEvent } from "../../../src/sim/index.js";
import { runToEnd } from "./helpers.js";

describe("SimPy test_environment", () => {
  it("test_event_queue_empty", () => {
    const sim = new Simulation();
    const log: number[] = [];
    sim.process(function* pem() {
      while (sim.now < 2) {
        log.push(sim.now);
        yield* sleep(1);
      }
    });
    sim.runUntil(10);
    expect(log).toEqual([0, 1]);
  });

  it("test_run_negative_until", () => {
    const sim = new Simulation();
    expect(() => sim.runUntil(-3)).toThrow(UsageError);
  });

  it("test_run_resume", () => {
    const sim = new Simulation();
    const events = [5, 10, 15].map((t) => sim.after(t));
    expect(sim.now).toBe(0);
    expect(events.some((e) => e.triggered)).toBe(false);

    sim.runUntil(10);
    expect(sim.now).toBe(10);
    expect(events.slice(0, 1).every((e) => e.triggered)).toBe(true);
    expect(events.slice(1).some((e) => e.triggered)).toBe(false);

    sim.runUntil(15);
    expect(sim.now).toBe(15);
    expect(events.slice(0, 2).every((e) => e.triggered)).toBe(true);
    expect(events.slice(2).some((e) => e.triggered)).toBe(false);

    sim.run();
    expect(sim.now).toBe(15);
    expect(events.every((e) => e.triggered)).toBe(true);
  });

  it.skip("test_run_until_value (Python-only: run(until=) converts a string with float(); runUntil takes a number)", () => {});

  it("test_run_with_processed_event", () => {
    const sim = new Simulation();
    const timeout = sim.after(1, "spam");
    expect(sim.runUntilEvent(timeout)).toBe("spam");
    expect(sim.now).toBe(1);
    // It has been processed: running until it again gives its value again.
    expect(sim.runUntilEvent(timeout)).toBe("spam");
    expect(sim.now).toBe(1);
  });

  it("test_run_with_untriggered_event", () => {
    const sim = new Simulation();
    expect(() => sim.runUntilEvent(simEvent())).toThrow(UsageError);
    expect(() => sim.runUntilEvent(simEvent())).toThrow(/nothing is left that could trigger it/);
  });

  it("test_run_all_until_callbacks", () => {
    const sim = new Simulation();
    class System {
      counter = 0;
      periodicEvent: SimEvent<number> = simEvent<number>();
      *periodic(): Coroutine<void> {
        for (let i = 0; i < 3; i++) {
          yield* sleep(1);
          const event = this.periodicEvent;
          this.periodicEvent = simEvent<number>();
          event.succeed(this.counter);
        }
      }
      *consumer(): Coroutine<void> {
        for (;;) {
          yield* this.periodicEvent;
          this.counter++;
        }
      }
    }
    const system = new System();
    sim.process(() => system.periodic());
    for (let i = 0; i < 5; i++) sim.process(() => system.consumer());

    let periodCounter = sim.runUntilEvent(system.periodicEvent);
    expect(sim.now).toBe(1);
    // The run stops when the event triggers, before any consumer has seen it.
    expect(periodCounter).toBe(0);
    expect(system.counter).toBe(0);

    periodCounter = sim.runUntilEvent(system.periodicEvent);
    expect(sim.now).toBe(2);
    expect(periodCounter).toBe(5);
    expect(system.counter).toBe(5);

    periodCounter = sim.runUntilEvent(system.periodicEvent);
    expect(sim.now).toBe(3);
    expect(periodCounter).toBe(10);
    expect(system.counter).toBe(10);

    // The consumers end blocked on the next event (SimPy's run() returns quietly then).
    runToEnd(sim);
    expect(sim.now).toBe(3);
    expect(system.counter).toBe(15);
  });
});

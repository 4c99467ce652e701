/** Port of SimPy 4.1.2 tests/test_exceptions.py to spindle's simulation layer. */
import { sleep } from "../../../src/index.js";
import type { Coroutine } from "../../../src/index.js";
import { Simulation, startProcess } from "../../../src/sim/index.js";
import type { BaseEvent, SimEvent } from "../../../src/sim/index.js";

describe("SimPy test_exceptions", () => {
  it("test_error_forwarding", () => {
    const sim = new Simulation();
    let caught: unknown;
    function* child(): Coroutine<void> {
      throw new RangeError("Onoes!");
    }
    sim.process(function* parent() {
      try {
        yield* yield* startProcess(child);
      } catch (e) {
        caught = e;
      }
    });
    sim.run();
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as Error).message).toBe("Onoes!");
  });

  it("test_no_parent_process", () => {
    const sim = new Simulation();
    function* child(): Coroutine<void> {
      throw new RangeError("Onoes!");
    }
    sim.process(function* parent() {
      try {
        yield* startProcess(child);
        yield* sleep(1);
      } catch (err) {
        throw new Error(`There should be no error (${String(err)}).`, { cause: err });
      }
    });
    expect(() => sim.run()).toThrow(new RangeError("Onoes!"));
  });

  it.skip("test_crashing_child_traceback (Python-only: the text of a traceback)", () => {});

  it.skip("test_exception_chaining (Python-only: the text of a chained traceback)", () => {});

  it("test_invalid_event", () => {
    const sim = new Simulation();
    sim.process(function* root(): Coroutine<void> {
      yield null as never;
    });
    expect(() => sim.run()).toThrow(/null/);
  });

  it("test_exception_handling", () => {
    const sim = new Simulation();
    const event = sim.event();
    event.fail(new Error("not defused"));
    expect(() => sim.runUntil(1)).toThrow("not defused");
  });

  it("test_callback_exception_handling", () => {
    const sim = new Simulation();
    const event = sim.event();
    event.subscribe({ eventTriggered: (e: BaseEvent<unknown>) => e.defuse() });
    event.fail(new Error("defused by the callback"));
    expect(event.defused).toBe(false); // not defused at once
    sim.runUntil(1);
    expect(event.defused).toBe(true);
  });

  it("test_process_exception_handling", () => {
    const sim = new Simulation();
    const event = sim.event();
    let caught = false;
    function* pem(ev: SimEvent<void>): Coroutine<void> {
      try {
        yield* ev;
        throw new Error("Hey, the event should fail!");
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        caught = true;
      }
    }
    sim.process(pem, event);
    event.fail(new RangeError("handled by the process"));
    expect(event.defused).toBe(false); // not defused at once
    sim.runUntil(1);
    expect(event.defused).toBe(true);
    expect(caught).toBe(true);
  });

  it.skip("test_process_exception_chaining (Python-only: each process's traceback of a shared exception)", () => {});

  it.skip("test_sys_excepthook (Python-only: sys.excepthook's report of an exception chain)", () => {});
});

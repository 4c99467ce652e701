/** Port of SimPy 4.1.2 tests/test_process.py to spindle's simulation layer. */
import { Interrupt, InvalidArgumentError, currentTask, sleep } from "../../../src/index.js";
import type { Coroutine, Task } from "../../../src/index.js";
import { Simulation, startProcess } from "../../../src/sim/index.js";

describe("SimPy test_process", () => {
  it("test_start_non_process", () => {
    const sim = new Simulation();
    // A plain function that returns nothing is no process.
    const notAProcess = (() => undefined) as unknown as () => Coroutine<void>;
    expect(() => sim.process(notAProcess)).toThrow(InvalidArgumentError);
  });

  it("test_get_state", () => {
    const sim = new Simulation();
    const a = sim.process(function* pemA() {
      yield* sleep(3);
    });
    sim.process(function* pemB() {
      yield* sleep(1);
      expect(a.isFinished).toBe(false);
      yield* sleep(3);
      expect(a.isFinished).toBe(true);
    });
    sim.run();
  });

  it("test_target", () => {
    const sim = new Simulation();
    const event = sim.after(5);
    const proc = sim.process(function* pem() {
      yield* event;
    });
    while (sim.peek() < 5) sim.step();
    // spindle's counterpart of `proc.target` is the description of what the task waits on.
    expect(proc.waitingOn).toBe(event.describe());
    proc.interrupt();
  });

  it("test_wait_for_proc", () => {
    const sim = new Simulation();
    function* finisher(): Coroutine<void> {
      yield* sleep(5);
    }
    sim.process(function* waiter() {
      const proc = yield* startProcess(finisher);
      yield* proc;
      expect(sim.now).toBe(5);
    });
    sim.run();
  });

  it("test_return_value", () => {
    const sim = new Simulation();
    function* child(): Coroutine<number> {
      yield* sleep(1);
      return sim.now;
    }
    let results: number[] = [];
    sim.process(function* parent() {
      const result1 = yield* yield* startProcess(child);
      const result2 = yield* yield* startProcess(child);
      results = [result1, result2];
    });
    sim.run();
    expect(results).toEqual([1, 2]);
  });

  it("test_child_exception", () => {
    const sim = new Simulation();
    function* child(): Coroutine<Error> {
      yield* sleep(1);
      return new Error("Onoes!");
    }
    let result: unknown;
    sim.process(function* parent() {
      result = yield* yield* startProcess(child);
    });
    sim.run();
    expect(result).toBeInstanceOf(Error);
  });

  it("test_interrupted_join", () => {
    const sim = new Simulation();
    let reached = false;
    function* child(): Coroutine<void> {
      yield* sleep(2);
    }
    const parentProc = sim.process(function* parent() {
      const childProc = yield* startProcess(child);
      try {
        yield* childProc;
        throw new Error("Did not receive an interrupt.");
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        expect(sim.now).toBe(1);
        expect(childProc.isFinished).toBe(false);
        // Not resumed when the child terminates.
        yield* sleep(5);
        expect(sim.now).toBe(6);
        reached = true;
      }
    });
    sim.process(function* interruptor() {
      yield* sleep(1);
      parentProc.interrupt();
    });
    sim.run();
    expect(reached).toBe(true);
  });

  it("test_interrupted_join_and_rejoin", () => {
    const sim = new Simulation();
    let reached = false;
    function* child(): Coroutine<void> {
      yield* sleep(2);
    }
    const parentProc = sim.process(function* parent() {
      const childProc = yield* startProcess(child);
      try {
        yield* childProc;
        throw new Error("Did not receive an interrupt.");
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        expect(sim.now).toBe(1);
        expect(childProc.isFinished).toBe(false);
        yield* childProc;
        expect(sim.now).toBe(2);
        reached = true;
      }
    });
    sim.process(function* interruptor() {
      yield* sleep(1);
      parentProc.interrupt();
    });
    sim.run();
    expect(reached).toBe(true);
  });

  it("test_error_and_interrupted_join", () => {
    const sim = new Simulation();
    function* childA(target: Task<unknown>): Coroutine<void> {
      target.interrupt();
    }
    function* childB(): Coroutine<void> {
      throw new TypeError("spam");
    }
    sim.process(function* parent() {
      yield* startProcess(childA, yield* currentTask());
      const b = yield* startProcess(childB);
      try {
        yield* b;
      } catch (e) {
        // The interrupt takes this process off b's waiters: b's error is not delivered here.
        if (!(e instanceof Interrupt)) throw e;
      }
      yield* sleep(0);
    });
    expect(() => sim.run()).toThrow(TypeError);
  });
});

/** Port of SimPy 4.1.2 tests/test_interrupts.py to spindle's simulation layer. */
import { Interrupt, UsageError, currentTask, sleep } from "../../../src/index.js";
import type { Coroutine, Operation, Task } from "../../../src/index.js";
import { Simulation, after, simEvent, startProcess } from "../../../src/sim/index.js";

/** Runs `body`, expecting it to throw an Interrupt; gives the Interrupt. */
function* expectInterrupt(body: Operation<unknown>): Coroutine<Interrupt> {
  try {
    yield* body;
  } catch (e) {
    if (e instanceof Interrupt) return e;
    throw e;
  }
  throw new Error("expected an Interrupt");
}

describe("SimPy test_interrupts", () => {
  it("test_interruption", () => {
    const sim = new Simulation();
    let cause: unknown;
    function* interruptee(): Coroutine<void> {
      cause = (yield* expectInterrupt(after(10))).cause;
    }
    sim.process(function* interruptor() {
      const child = yield* startProcess(interruptee);
      yield* sleep(5);
      child.interrupt("interrupt!");
    });
    sim.run();
    expect(cause).toBe("interrupt!");
  });

  it("test_concurrent_interrupts", () => {
    const sim = new Simulation();
    const log: [number, unknown][] = [];
    const fox = sim.process(function* fox() {
      for (;;) {
        try {
          yield* sleep(10);
        } catch (e) {
          if (!(e instanceof Interrupt)) throw e;
          log.push([sim.now, e.cause]);
        }
      }
    });
    for (const name of ["boggis", "bunce", "beans"]) {
      sim.process(function* farmer() {
        fox.interrupt(name);
        yield* sleep(1);
      });
    }
    sim.runUntil(20);
    expect(log).toEqual([
      [0, "boggis"],
      [0, "bunce"],
      [0, "beans"],
    ]);
  });

  it("test_concurrent_interrupts_and_events", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const coup = simEvent();
    const fox = sim.process(function* fox() {
      for (;;) {
        try {
          yield* coup;
          log.push(`coup completed at ${sim.now}`);
          return;
        } catch (e) {
          if (!(e instanceof Interrupt)) throw e;
          log.push(`coup interrupted at ${sim.now}`);
        }
      }
    });
    sim.process(function* masterPlan() {
      yield* sleep(1);
      // Succeed and interrupt in the same instant.
      coup.succeed();
      fox.interrupt();
    });
    sim.runUntil(5);
    expect(log).toEqual(["coup interrupted at 1", "coup completed at 1"]);
  });

  it("test_init_interrupt", () => {
    const sim = new Simulation();
    let at = -1;
    function* child(): Coroutine<void> {
      try {
        yield* sleep(10);
        throw new Error("Should have been interrupted.");
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        at = sim.now;
      }
    }
    sim.process(function* root() {
      const childProc = yield* startProcess(child);
      childProc.interrupt();
      yield* sleep(1);
    });
    sim.run();
    expect(at).toBe(0);
  });

  it("test_interrupt_terminated_process", () => {
    const sim = new Simulation();
    let checked = false;
    function* child(): Coroutine<void> {
      yield* sleep(1);
    }
    sim.process(function* parent() {
      const childProc = yield* startProcess(child);
      // Wait long enough for the child to terminate.
      yield* sleep(2);
      expect(() => childProc.interrupt()).toThrow(UsageError);
      expect(() => childProc.interrupt()).toThrow(/child.* has finished and cannot be interrupted/);
      checked = true;
      yield* sleep(1);
    });
    sim.run();
    expect(checked).toBe(true);
  });

  it("test_multiple_interrupts", () => {
    const sim = new Simulation();
    let result: unknown;
    function* child(): Coroutine<unknown> {
      try {
        yield* sleep(1);
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        return e.cause;
      }
      return undefined;
    }
    sim.process(function* parent() {
      const c = yield* startProcess(child);
      yield* sleep(0);
      c.interrupt(1);
      c.interrupt(2);
      result = yield* c;
    });
    sim.run();
    expect(result).toBe(1);
  });

  it("test_interrupt_self", () => {
    const sim = new Simulation();
    let checked = false;
    sim.process(function* pem() {
      const self = yield* currentTask();
      expect(() => self.interrupt()).toThrow(UsageError);
      checked = true;
      yield* sleep(0);
    });
    sim.run();
    expect(checked).toBe(true);
  });

  it("test_immediate_interrupt", () => {
    const sim = new Simulation();
    const log: number[] = [];
    function* child(): Coroutine<void> {
      try {
        yield* simEvent();
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        log.push(sim.now);
      }
    }
    sim.process(function* parent() {
      const childProc = yield* startProcess(child);
      childProc.interrupt();
    });
    sim.run();
    // The child was interrupted at once, at time 0.
    expect(log).toEqual([0]);
  });

  it("test_interrupt_event", () => {
    const sim = new Simulation();
    let at = -1;
    function* child(): Coroutine<void> {
      try {
        yield* simEvent();
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        at = sim.now;
      }
    }
    sim.process(function* parent() {
      const childProc = yield* startProcess(child);
      yield* sleep(5);
      childProc.interrupt();
    });
    sim.run();
    expect(at).toBe(5);
  });

  it("test_concurrent_behaviour", () => {
    const sim = new Simulation();
    let interrupts = 0;
    const procA: Task<void> = sim.process(function* procA() {
      const timeouts = [after(0), after(0)];
      for (let timeout = timeouts.shift(); timeout !== undefined; timeout = timeouts.shift()) {
        yield* expectInterrupt(timeout);
        interrupts++;
      }
    });
    sim.process(function* procB() {
      for (let i = 0; i < 2; i++) procA.interrupt();
    });
    sim.run();
    expect(interrupts).toBe(2);
  });
});

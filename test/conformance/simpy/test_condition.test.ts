/**
 * Port of SimPy 4.1.2 tests/test_condition.py to spindle's simulation layer.
 * SimPy's `a & b` is `allOf([a, b])` and `a | b` is `anyOf([a, b])`; a
 * chain `a & b & c` is written as one flat list. allOf gives its operands'
 * values as a tuple in operand order, anyOf a ConditionValue (has, get,
 * operands, values); SimPy's value of an allOf, a ConditionValue, is its
 * `results`.
 */
import { sleep } from "../../../src/index.js";
import type { Coroutine, Operation } from "../../../src/index.js";
import { Simulation, after, allOf, anyOf, simEvent, startProcess } from "../../../src/sim/index.js";
import type { ConditionValue, Delay, Waitable } from "../../../src/sim/index.js";

/** A ConditionValue as [operand index, value] pairs, the operands numbered by `timeouts`. */
function pairs(results: ConditionValue, timeouts: readonly Waitable<unknown>[]): [number, unknown][] {
  return [...results].map(([operand, value]): [number, unknown] => [timeouts.indexOf(operand), value]);
}

function* explode(delay: number): Coroutine<void> {
  yield* sleep(delay);
  throw new RangeError(`Onoes, failed after ${delay}!`);
}

/** Runs `body`, expecting it to throw; gives the error. */
function* caught(body: Operation<unknown>): Coroutine<unknown> {
  try {
    yield* body;
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("SimPy test_condition", () => {
  it("test_operator_and", () => {
    const sim = new Simulation();
    let results: unknown;
    sim.process(function* process() {
      const timeout = [0, 1, 2].map((delay) => after(delay, delay));
      results = yield* allOf(timeout);
    });
    sim.run();
    expect(results).toEqual([0, 1, 2]);
  });

  it("test_operator_and_blocked", () => {
    const sim = new Simulation();
    let triggered: boolean | undefined;
    sim.process(function* process() {
      const timeout = after(1);
      const event = simEvent();
      yield* sleep(1);
      const condition = allOf([timeout, event]);
      triggered = condition.triggered;
    });
    sim.run();
    expect(triggered).toBe(false);
  });

  it("test_operator_or", () => {
    const sim = new Simulation();
    let results: [number, unknown][] = [];
    sim.process(function* process() {
      const timeout = [0, 1, 2].map((delay) => after(delay, delay));
      results = pairs(yield* anyOf(timeout), timeout);
    });
    sim.run();
    expect(results).toEqual([[0, 0]]);
  });

  it("test_operator_nested_and", () => {
    const sim = new Simulation();
    let results: [number, unknown][] = [];
    let at = -1;
    sim.process(function* process() {
      const timeout = [0, 1, 2].map((delay) => after(delay, delay));
      results = pairs(yield* anyOf([allOf([timeout[0], timeout[2]] as Delay<number>[]), timeout[1] as Delay<number>]), timeout);
      at = sim.now;
    });
    sim.run();
    // The events that had succeeded, inner ones included (the inner allOf is still pending).
    expect(results).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(at).toBe(1);
  });

  it("test_operator_nested_or", () => {
    const sim = new Simulation();
    let results: [number, unknown][] = [];
    let at = -1;
    sim.process(function* process() {
      const timeout = [0, 1, 2].map((delay) => after(delay, delay));
      const condition = allOf([anyOf([timeout[0] as Delay<number>, timeout[1] as Delay<number>]), timeout[2] as Delay<number>]);
      yield* condition;
      results = pairs(condition.results, timeout);
      at = sim.now;
    });
    sim.run();
    expect(results).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(at).toBe(2);
  });

  it("test_nested_cond_with_error", () => {
    const sim = new Simulation();
    let error: unknown;
    sim.process(function* process() {
      const exploding = yield* startProcess(explode, 1);
      error = yield* caught(allOf([exploding, after(1)]));
    });
    sim.run();
    expect(error).toEqual(new RangeError("Onoes, failed after 1!"));
  });

  it("test_cond_with_error", () => {
    const sim = new Simulation();
    let error: unknown;
    sim.process(function* process() {
      const exploding = yield* startProcess(explode, 0);
      error = yield* caught(anyOf([exploding, after(1)]));
    });
    sim.run();
    expect(error).toEqual(new RangeError("Onoes, failed after 0!"));
  });

  it("test_cond_with_nested_error", () => {
    const sim = new Simulation();
    let error: unknown;
    sim.process(function* process() {
      const exploding = yield* startProcess(explode, 0);
      error = yield* caught(anyOf([allOf([exploding, after(1)]), after(1)]));
    });
    sim.run();
    expect(error).toEqual(new RangeError("Onoes, failed after 0!"));
  });

  it("test_cond_with_uncaught_error", () => {
    // An error after the condition has triggered is not handled by it: the run stops with it.
    const sim = new Simulation();
    sim.process(function* process() {
      yield* anyOf([after(1), yield* startProcess(explode, 2)]);
    });
    expect(() => sim.run()).toThrow(/Onoes, failed after/);
    expect(sim.now).toBe(2);
  });

  it("test_iand_with_and_cond", () => {
    const sim = new Simulation();
    let values: unknown[] = [];
    sim.process(function* process() {
      const orig = allOf([after(1, 1), after(2, 2)]);
      const cond = allOf([orig, after(0, 0)]);
      expect(cond).not.toBe(orig);
      yield* cond;
      values = cond.results.values();
    });
    sim.run();
    expect(values).toEqual([1, 2, 0]);
  });

  it("test_iand_with_or_cond", () => {
    const sim = new Simulation();
    let values: unknown[] = [];
    sim.process(function* process() {
      const orig = anyOf([after(1, 1), after(2, 2)]);
      const cond = allOf([orig, after(0, 0)]);
      expect(cond).not.toBe(orig);
      yield* cond;
      values = cond.results.values();
    });
    sim.run();
    expect(values).toEqual([1, 0]);
  });

  it("test_ior_with_or_cond", () => {
    const sim = new Simulation();
    let values: unknown[] = [];
    sim.process(function* process() {
      const orig = anyOf([after(1, 1), after(2, 2)]);
      const cond = anyOf([orig, after(0, 0)]);
      expect(cond).not.toBe(orig);
      values = [...(yield* cond)].map(([, v]) => v);
    });
    sim.run();
    expect(values).toEqual([0]);
  });

  it("test_ior_with_and_cond", () => {
    const sim = new Simulation();
    let values: unknown[] = [];
    sim.process(function* process() {
      const orig = allOf([after(1, 1), after(2, 2)]);
      const cond = anyOf([orig, after(0, 0)]);
      expect(cond).not.toBe(orig);
      values = [...(yield* cond)].map(([, v]) => v);
    });
    sim.run();
    expect(values).toEqual([0]);
  });

  it("test_immutable_results", () => {
    const sim = new Simulation();
    const seen: [number, unknown][][] = [];
    sim.process(function* process() {
      const timeout = [0, 1, 2].map((delay) => after(delay, delay));
      // The anyOf triggers at once; the allOf inside it later.
      const condition = anyOf([timeout[0] as Delay<number>, allOf([timeout[1] as Delay<number>, timeout[2] as Delay<number>])]);
      const results = yield* condition;
      seen.push(pairs(results, timeout));
      // The results were frozen: the inner allOf's events do not show up later.
      yield* sleep(2);
      seen.push(pairs(results, timeout));
    });
    sim.run();
    expect(seen).toEqual([[[0, 0]], [[0, 0]]]);
  });

  it("test_shared_and_condition", () => {
    const sim = new Simulation();
    const timeout = [0, 1, 2].map((delay) => sim.after(delay, delay));
    const c1 = allOf([timeout[0] as Delay<number>, timeout[1] as Delay<number>]);
    const c2 = allOf([c1, timeout[2] as Delay<number>]);
    const results: [number, unknown][][] = [];
    sim.process(function* p1() {
      yield* c1;
      results[0] = pairs(c1.results, timeout);
    });
    sim.process(function* p2() {
      yield* c2;
      results[1] = pairs(c2.results, timeout);
    });
    sim.run();
    expect(results).toEqual([
      [
        [0, 0],
        [1, 1],
      ],
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
    ]);
  });

  it("test_shared_or_condition", () => {
    const sim = new Simulation();
    const timeout = [0, 1, 2].map((delay) => sim.after(delay, delay));
    const c1 = anyOf([timeout[0] as Delay<number>, timeout[1] as Delay<number>]);
    const c2 = anyOf([c1, timeout[2] as Delay<number>]);
    const results: [number, unknown][][] = [];
    sim.process(function* p1() {
      results[0] = pairs(yield* c1, timeout);
    });
    sim.process(function* p2() {
      results[1] = pairs(yield* c2, timeout);
    });
    sim.run();
    expect(results).toEqual([[[0, 0]], [[0, 0]]]);
  });

  it("test_condition_value", () => {
    // The value of a condition behaves like a read-only mapping (for allOf: its `results`).
    const sim = new Simulation();
    const timeouts = [0, 1, 2].map((delay) => sim.after(delay, delay));
    const index = (events: Waitable<unknown>[]): number[] => events.map((e) => timeouts.indexOf(e as Delay<number>));
    let checked = false;
    sim.process(function* p() {
      const condition = allOf(timeouts);
      yield* condition;
      const results = condition.results;
      expect(index([...results].map(([e]) => e))).toEqual([0, 1, 2]);
      expect(index(results.operands())).toEqual([0, 1, 2]);
      expect(results.values()).toEqual([0, 1, 2]);
      expect(pairs(results, timeouts)).toEqual([
        [0, 0],
        [1, 1],
        [2, 2],
      ]);
      expect(results.has(timeouts[0] as Delay<number>)).toBe(true);
      expect(results.get(timeouts[0] as Delay<number>)).toBe(0);
      expect(results).toBe(results);
      expect([...results.toMap()]).toEqual([...results]);
      checked = true;
    });
    sim.run();
    expect(checked).toBe(true);
  });

  it("test_result_order", () => {
    // SimPy checks the keys' order; allOf's tuple is in operand order, so
    // each timeout carries its delay as value to make the order visible.
    const sim = new Simulation();
    const timeouts = [0, 1, 2].map((delay) => sim.after(delay, delay)).reverse();
    let results: unknown;
    sim.process(function* p() {
      results = yield* allOf(timeouts);
    });
    sim.run();
    expect(results).toEqual([2, 1, 0]);
  });

  it("test_nested_result_order", () => {
    const sim = new Simulation();
    const timeouts = [0, 1, 2].map((delay) => sim.after(delay));
    const condition = allOf([anyOf([timeouts[0] as Delay<void>, timeouts[1] as Delay<void>]), timeouts[2] as Delay<void>]);
    let keys: number[] = [];
    sim.process(function* p() {
      yield* condition;
      keys = condition.results.operands().map((e) => timeouts.indexOf(e as Delay<void>));
    });
    sim.run();
    expect(keys).toEqual([0, 1, 2]);
  });

  it("test_all_of_empty_list", () => {
    const evt = allOf([]);
    expect(evt.triggered).toBe(true);
  });

  it("test_any_of_empty_list", () => {
    const evt = anyOf([]);
    expect(evt.triggered).toBe(true);
  });
});

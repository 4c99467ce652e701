/**
 * Bad arguments to the operations and hosts get a typed error that says what
 * to do, not a raw TypeError from deep inside, and leave the host usable.
 */
import { FrameHost, InvalidArgumentError, VirtualHost, cancel, run, scope, shield, sleep } from "../../src/index.js";
import type { Operation, Task } from "../../src/index.js";

/** Runs `body` in a task and gives what it threw (or "no error"). */
function thrownInTask(body: () => Operation<unknown>): unknown {
  try {
    run(function* () {
      yield* body();
    });
    return "no error";
  } catch (error) {
    return error;
  }
}

describe("bad arguments", () => {
  it("cancel(42) is an InvalidArgumentError that says a Task is needed", () => {
    const error = thrownInTask(() => cancel(42 as unknown as Task<unknown>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/cancel\(\) needs a Task \(what spawn\(\) gives\), not the number 42/);
  });

  it("shield(42) is an InvalidArgumentError that says an operation is needed", () => {
    const error = thrownInTask(() => shield(42 as unknown as Operation<void>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/shield\(\) needs an operation/);
  });

  it("scope(42) is an InvalidArgumentError that says a body function is needed", () => {
    const error = thrownInTask(() => scope(42 as unknown as () => Operation<void>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/scope\(\) needs a function/);
  });

  it("a FrameHost refuses a maxStepsPerFrame that is not a positive integer (or Infinity) at construction", () => {
    for (const bad of [0, -1, 1.5, NaN, "10" as unknown as number]) {
      expect(() => new FrameHost({ maxStepsPerFrame: bad })).toThrow(InvalidArgumentError);
    }
    expect(() => new FrameHost({ maxStepsPerFrame: 100 })).not.toThrow();
    expect(() => new FrameHost({ maxStepsPerFrame: Infinity })).not.toThrow();
  });

  it("the host still runs the next program after each refusal", () => {
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      yield* sleep(1);
      return "fine";
    });
    host.run();
    expect(t.value).toBe("fine");
  });
});

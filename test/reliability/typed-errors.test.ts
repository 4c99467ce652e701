/**
 * Arguments of the wrong type to action(), context.with(), waitUntil() and
 * fromPromise() get an InvalidArgumentError that names what is needed, at
 * the call, rather than a raw TypeError from deep inside when the operation
 * runs.
 */
import { FrameHost, InvalidArgumentError, action, createContext, run, waitUntil } from "../../src/index.js";
import type { ActionBody, Operation } from "../../src/index.js";
import { fromPromise } from "../../src/promise.js";
import type { PromiseSource } from "../../src/promise.js";

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

/** What `call` threw (or "no error"). */
function thrown(call: () => unknown): unknown {
  try {
    call();
    return "no error";
  } catch (error) {
    return error;
  }
}

describe("arguments of the wrong type", () => {
  it("action(description, 42) says the body must be a function", () => {
    const error = thrown(() => action("x", 42 as unknown as ActionBody<void>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/action\("x"\): the body must be a function \(resolve, reject\) => teardown.*not the number 42/);
  });

  it("action(42, body) says the description must be a string", () => {
    const error = thrown(() => action(42 as unknown as string, () => {}));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/action\(\) needs a string that describes the operation.*not the number 42/);
  });

  it("context.with(value, 42) says the operation is not an operation", () => {
    const Ctx = createContext("ctx", 1);
    const error = thrownInTask(() => Ctx.with(2, 42 as unknown as Operation<void>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/ctx\.with\(\) needs an operation .*, not the number 42/);
  });

  it("waitUntil(42) says a predicate function is needed", () => {
    const error = thrown(() => waitUntil(42 as unknown as () => boolean));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/waitUntil\(\) needs a function that returns true when the wait is over, not the number 42/);
  });

  it("waitUntil(predicate, 42) says the description must be a string", () => {
    const error = thrown(() => waitUntil(() => true, 42 as unknown as string));
    expect(error).toBeInstanceOf(InvalidArgumentError);
  });

  it("fromPromise(42) says a Promise or a function that returns one is needed", () => {
    const error = thrown(() => fromPromise(42 as unknown as PromiseSource<number>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/fromPromise\(\) needs a Promise \(or thenable\), or a function \(signal\) => Promise, not the number 42/);
  });

  it("fromPromise(fn) whose fn returns no Promise says so at the yield", () => {
    const error = thrownInTask(() => fromPromise(() => 42 as unknown as Promise<number>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toMatch(/fromPromise\(\): the function returned the number 42, not a Promise/);
  });

  it("the right types are still accepted", () => {
    expect(() => action("x", () => {})).not.toThrow();
    expect(() => fromPromise(Promise.resolve(1))).not.toThrow();
    expect(() => fromPromise({ then: () => {} } as unknown as PromiseLike<number>)).not.toThrow();
    const host = new FrameHost();
    const t = host.spawn(function* () {
      yield* waitUntil(() => true, "ready");
      return 1;
    });
    host.advance(16);
    expect(t.value).toBe(1);
  });
});

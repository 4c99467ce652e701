/**
 * Several failures, one error: the first reaches the caller as the same
 * object (so `instanceof` still works), the later ones are attached to it
 * (suppressedErrors), never dropped, and the user's error object is not
 * changed.
 */
import { thrownBy } from "../helpers.js";
import { TraceRecorder, VirtualHost, all, run, sleep, spawn, suppressedErrors } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

class OverdraftError extends Error {
  override name = "OverdraftError";
  constructor(readonly account: string) {
    super(`overdraft on ${account}`);
  }
}

function* withdraw(account: string): Coroutine<void> {
  yield* sleep(5);
  throw new OverdraftError(account);
}

describe("two children that fail in the same instant", () => {
  it("run() throws the first error itself, the second attached to it", () => {
    const error = thrownBy(() =>
      run(function* main() {
        yield* spawn(withdraw, "a");
        yield* spawn(withdraw, "b");
        yield* sleep(100);
      }),
    );
    expect(error).toBeInstanceOf(OverdraftError);
    expect((error as OverdraftError).account).toBe("a");
    expect(suppressedErrors(error).map((e) => (e as OverdraftError).account)).toEqual(["b"]);
  });

  it("a parent's catch around all() sees the first error itself", () => {
    const result = run(function* () {
      try {
        yield* all([withdraw("a"), withdraw("b")]);
        return "no error";
      } catch (e) {
        return e instanceof OverdraftError ? `overdraft on ${e.account}` : "something else";
      }
    });
    expect(result).toBe("overdraft on a");
  });

  it("does not change the user's error object (no own property added for the later failures)", () => {
    const first = new OverdraftError("a");
    const before = Object.getOwnPropertyNames(first).sort();
    const error = thrownBy(() =>
      run(function* main() {
        yield* spawn(function* () {
          yield* sleep(5);
          throw first;
        });
        yield* spawn(withdraw, "b");
        yield* sleep(100);
      }),
    );
    expect(error).toBe(first);
    // taskOfError's tag is the one, non-enumerable, property spindle may add.
    expect(Object.getOwnPropertyNames(first).filter((p) => p !== "spindleTask").sort()).toEqual(before);
    expect(Object.keys(first).sort()).toEqual(["account", "name"]);
  });

  it("a first failure that is not an object cannot carry others: they come as an AggregateError, first first", () => {
    const error = thrownBy(() =>
      run(function* main() {
        yield* spawn(function* () {
          yield* sleep(5);
          throw "boom";
        });
        yield* spawn(withdraw, "b");
        yield* sleep(100);
      }),
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors[0]).toBe("boom");
    expect((error as AggregateError).errors[1]).toBeInstanceOf(OverdraftError);
  });

  it("the trace's fail event and dump() mention the later failures", () => {
    const trace = new TraceRecorder();
    const host = new VirtualHost({ tracer: trace });
    const dumps: string[] = [];
    host.spawn(function* main() {
      yield* spawn(withdraw, "a");
      yield* spawn(withdraw, "b");
      yield* spawn(function* slowCleanup() {
        try {
          yield* sleep(100);
        } finally {
          yield* sleep(10);
        }
      });
      yield* sleep(100);
    });
    host.runUntil(7);
    dumps.push(host.scheduler.dump());
    expect(() => host.run()).toThrow(OverdraftError);
    expect(dumps[0]).toContain('task#1 "main" blocked on its children to finish for 2ms, failing with OverdraftError: overdraft on a (and 1 more failure)');
    expect(dumps[0]).toContain('task#4 "slowCleanup" blocked on sleep(10) for 2ms, cancelled, in its cleanup');
    const mainFail = trace.events.find((e) => e.kind === "fail" && e.task === 1);
    expect(mainFail?.detail).toBe("OverdraftError: overdraft on a (and later: OverdraftError: overdraft on b)");
  });
});

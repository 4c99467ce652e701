/**
 * The Promise bridge at its edges: bad signals given to runAsync, and
 * thenables that misbehave. Each case leaves nothing running behind the
 * caller's back.
 */
import { InvalidArgumentError, sleep } from "../../src/index.js";
import type { SignalLike } from "../../src/edges/abort.js";
import { fromPromise, runAsync } from "../../src/promise.js";

/** Lets the event loop run a few turns: long enough for a host that was woken to step its tasks. */
function turns(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

describe("runAsync(main, { signal }) with a bad signal", () => {
  it("given the AbortController instead of its signal: InvalidArgumentError, and main never runs", async () => {
    let ran = false;
    const controller = new AbortController();
    expect(() =>
      runAsync(
        function* () {
          ran = true;
        },
        { signal: controller as unknown as SignalLike },
      ),
    ).toThrow(InvalidArgumentError);
    await turns();
    expect(ran).toBe(false);
  });

  it("a signal whose addEventListener throws: the caller gets the error, and main never runs", async () => {
    let ran = false;
    const signal: SignalLike = {
      aborted: false,
      addEventListener() {
        throw new Error("listener refused");
      },
      removeEventListener() {},
    };
    expect(() =>
      runAsync(
        function* () {
          ran = true;
        },
        { signal },
      ),
    ).toThrow("listener refused");
    await turns();
    expect(ran).toBe(false);
  });
});

describe("fromPromise(start) with a thenable that misbehaves", () => {
  it("a thenable whose then() throws: the wait fails and the signal given to start is aborted", async () => {
    let given: SignalLike | null = null;
    const outcome = await runAsync(function* () {
      try {
        yield* fromPromise((signal) => {
          given = signal;
          return { then: () => { throw new Error("then() threw"); } } as unknown as PromiseLike<number>;
        });
        return "no error";
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(outcome).toBe("then() threw");
    expect((given as SignalLike | null)?.aborted).toBe(true);
  });

  it("a thenable that calls both callbacks, and each twice: the first call wins, the others are ignored", async () => {
    const thenable = {
      then(onValue: (v: number) => void, onError: (e: unknown) => void): void {
        onValue(1);
        onError(new Error("late"));
        onValue(2);
        onError(new Error("later"));
      },
    } as unknown as PromiseLike<number>;
    const got = await runAsync(function* () {
      const value = yield* fromPromise(thenable);
      yield* sleep(1); // the task goes on waiting normally afterwards: no stray wake-up
      return value;
    });
    expect(got).toBe(1);
  });
});

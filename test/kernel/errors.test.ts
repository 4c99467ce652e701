import {
  DeadlockError,
  InvalidArgumentError,
  InvalidYieldError,
  SpindleError,
  UsageError,
  VirtualHost,
  run,
  sleep,
  spawn,
  suspend,
  yieldNow,
  currentTask,
  taskOfError,
} from "../../src/index.js";
import type { Task } from "../../src/index.js";
import type { Instruction } from "../../src/extend.js";

/** Yields `value` as if it were an instruction (what plain JavaScript could do). */
function* yieldRaw(value: unknown) {
  yield value as Instruction<unknown>;
}

describe("invalid yields", () => {
  const cases: [string, unknown, RegExp][] = [
    ["a Promise", Promise.resolve(1), /yielded a Promise.*never awaits Promises/],
    ["a generator (forgotten *)", (function* helper() {})(), /yielded a generator object.*forget the `\*` in `yield\*`/],
    ["undefined (bare yield)", undefined, /yielded undefined.*yieldNow/],
    ["a number", 42, /yielded the number 42/],
    ["a function", function op() {}, /yielded a function \(op\).*forget to call it/],
  ];
  it.each(cases)("fails the task that yielded %s, naming it and guessing the cause", (_label, value, pattern) => {
    let caught: unknown;
    try {
      run(function* culprit() {
        yield* yieldRaw(value);
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidYieldError);
    expect(caught).toBeInstanceOf(SpindleError);
    expect((caught as Error).message).toMatch(/task#1 "culprit"/);
    expect((caught as Error).message).toMatch(pattern);
  });

  it("for a Promise or a thenable, names fromPromise from spindle/promise, its cancellable form, and action()", () => {
    const thenable = { then: (resolve: (v: number) => void) => resolve(1) };
    for (const [value, what] of [
      [Promise.resolve(1), "a Promise"],
      [thenable, "a thenable (an object with a then() method)"],
    ] as const) {
      const error = (() => {
        try {
          run(function* culprit() {
            yield* yieldRaw(value);
          });
        } catch (e) {
          return e as Error;
        }
        throw new Error("did not throw");
      })();
      expect(error.message).toBe(
        `task#1 "culprit" yielded ${what}, which is not a spindle operation. The scheduler never awaits Promises (the core is Promise-free): ` +
          'wait for it with `yield* fromPromise(promise)` (import { fromPromise } from "spindle/promise"; `fromPromise((signal) => fetch(url, { signal }))` also aborts it when the task is cancelled), ' +
          "wrap a callback API with action(), or await outside the scheduler.",
      );
    }
  });

  it("throws at the offending yield, so the task can catch it and go on", () => {
    const result = run(function* () {
      try {
        yield* yieldRaw(Promise.resolve());
      } catch (e) {
        yield* sleep(1);
        return e instanceof InvalidYieldError ? "caught" : "other";
      }
      return "not thrown";
    });
    expect(result).toBe("caught");
  });
});

describe("bad input", () => {
  it.each([-1, NaN, Infinity, -Infinity])("sleep(%p) throws InvalidArgumentError in the calling task", (ms) => {
    const result = run(function* () {
      try {
        yield* sleep(ms);
      } catch (e) {
        return e instanceof InvalidArgumentError ? (e as Error).message : "other";
      }
      return "accepted";
    });
    expect(result).toMatch(/a duration must be a finite number of milliseconds >= 0/);
  });

  it("spawning an async function is refused with a hint", () => {
    const result = run(function* () {
      try {
        yield* spawn((async function fetchData() {}) as unknown as () => Generator<never, void>);
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    });
    expect(result).toMatch(/spawn\(fetchData\): the function returned a Promise.*function\*/);
  });

  it("run() from inside a task is a UsageError naming the task, and the outer run goes on", () => {
    const result = run(function* outer() {
      try {
        run(function* inner() {});
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as Error).message).toMatch(/task#1 "outer"/);
        yield* sleep(3);
        return "outer survived";
      }
      return "nested run accepted";
    });
    expect(result).toBe("outer survived");
  });

  it("joining a task of another scheduler is a UsageError", () => {
    const other = new VirtualHost();
    const foreign = other.spawn(function* () {
      yield* suspend();
    });
    const message = run(function* () {
      try {
        yield* foreign;
      } catch (e) {
        return e instanceof UsageError ? (e as Error).message : "other";
      }
      return "joined";
    });
    expect(message).toMatch(/belongs to another scheduler/);
  });

  it("joining an ancestor is refused instead of waiting forever", () => {
    const message = run(function* main() {
      const me = yield* currentTask();
      const child = yield* spawn(function* child(parentTask: Task<unknown>) {
        try {
          yield* parentTask;
        } catch (e) {
          return e instanceof UsageError ? (e as Error).message : "other";
        }
        return "joined";
      }, me);
      return yield* child;
    });
    expect(message).toMatch(/task#2 "child" cannot join task#1 "main": it is an ancestor/);
  });
});

describe("error propagation", () => {
  it("an unjoined child's error fails the parent and cancels the siblings", () => {
    const log: string[] = [];
    expect(() =>
      run(function* () {
        yield* spawn(function* sibling() {
          try {
            yield* suspend();
          } finally {
            log.push("sibling cancelled");
          }
        });
        yield* spawn(function* failing() {
          yield* sleep(5);
          throw new Error("boom");
        });
        try {
          yield* sleep(100);
        } finally {
          log.push("parent unwound");
        }
      }),
    ).toThrow("boom");
    expect(log).toEqual(["sibling cancelled", "parent unwound"]);
  });

  it("an error remembers the task it came from, with its parents", () => {
    let caught: unknown;
    try {
      run(function* main() {
        const t = yield* spawn(function* worker() {
          yield* sleep(1);
          throw new Error("disk full");
        });
        yield* t;
      });
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).message).toBe("disk full");
    expect(taskOfError(caught)).toBe('task#2 "worker" <- task#1 "main"');
    expect(Object.keys(caught as object)).toEqual([]); // not enumerable: prints and compares as before
    expect(taskOfError("a string")).toBeUndefined();
  });

  it("a child's error that is joined and caught does not propagate", () => {
    const result = run(function* () {
      const t = yield* spawn(function* () {
        yield* sleep(1);
        throw new Error("handled");
      });
      try {
        yield* t;
      } catch (e) {
        return `caught ${(e as Error).message}`;
      }
      return "no error";
    });
    expect(result).toBe("caught handled");
  });

  it("an error thrown by cleanup is not silent", () => {
    expect(() =>
      run(function* () {
        yield* spawn(function* () {
          try {
            yield* suspend();
          } finally {
            // eslint-disable-next-line no-unsafe-finally -- the failing cleanup is what is under test
            throw new Error("cleanup failed");
          }
        });
        yield* yieldNow();
      }),
    ).toThrow("cleanup failed");
  });

  it("reports a deadlock with every blocked task and what it waits on", () => {
    let caught: unknown;
    try {
      run(function* main() {
        const a = yield* spawn(function* waiter() {
          yield* suspend();
        });
        yield* a;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DeadlockError);
    const report = (caught as DeadlockError).blocked.map((b) => `${b.label}: ${b.waitingOn} [${b.parents.join(",")}]`);
    expect(report).toEqual(['task#1 "main": join(task#2 "waiter") []', 'task#2 "waiter": suspend() [task#1 "main"]']);
    expect((caught as Error).message).toMatch(/deadlock at t=0: 2 tasks are blocked/);
  });
});

describe("a bad duration is echoed as it was written", () => {
  it("sleep(-5), not sleep(the number -5); a value that is not a number is described", () => {
    expect(() => sleep(-5)).toThrow("sleep(-5): a duration must be a finite number of milliseconds >= 0");
    expect(() => sleep(NaN)).toThrow("sleep(NaN): a duration");
    expect(() => sleep("5" as unknown as number)).toThrow('sleep(the string "5"): a duration');
  });
});

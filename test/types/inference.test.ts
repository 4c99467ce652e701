/**
 * Type-level tests: `npm run typecheck` (tsc over src and test, run by CI)
 * fails on a wrong inference or an unused @ts-expect-error. jest runs the
 * same code (transpiled only) to keep the values honest.
 */
import { all, channel, createContext, now, race, random, run, select, sleep, spawn, timeout } from "../../src/index.js";
import type { Closed, Coroutine, Task } from "../../src/index.js";
import type { Instruction } from "../../src/extend.js";

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof: T): void {}

function* fetchUser(id: number): Coroutine<{ id: number; name: string }> {
  yield* sleep(1);
  return { id, name: `user${id}` };
}

describe("yield* results are inferred", () => {
  it("for instructions, tasks, combinators and contexts", () => {
    const result = run(function* () {
      const t = yield* now();
      assertType<Equals<typeof t, number>>(true);

      const r = yield* random();
      assertType<Equals<typeof r, number>>(true);

      const task = yield* spawn(fetchUser, 7);
      assertType<Equals<typeof task, Task<{ id: number; name: string }>>>(true);

      const user = yield* task;
      assertType<Equals<typeof user, { id: number; name: string }>>(true);

      const pair = yield* all([fetchUser(1), now()]);
      assertType<Equals<typeof pair, [{ id: number; name: string }, number]>>(true);

      const first = yield* race([fetchUser(2), now()]);
      assertType<Equals<typeof first, { id: number; name: string } | number>>(true);

      const limited = yield* timeout(10, fetchUser(3));
      assertType<Equals<typeof limited, { id: number; name: string }>>(true);

      const Theme = createContext("theme", "dark" as "dark" | "light");
      const theme = yield* Theme.get();
      assertType<Equals<typeof theme, "dark" | "light">>(true);

      return { t, user: user.name, pair: pair[0].name, theme, limited: limited.id, r: r >= 0 && r < 1, first };
    });
    expect(result).toEqual({ t: 0, user: "user7", pair: "user1", theme: "dark", limited: 3, r: true, first: 2 });
  });

  it("select gives a union that narrows on the index of the case that fired", () => {
    const fired = run(function* () {
      const numbers = channel<number>(1);
      const words = channel<string>();
      yield* numbers.send(5);
      const r = yield* select([numbers.recv(), words.send("w"), sleep(10)]);
      if (r.index === 0) {
        assertType<Equals<typeof r.value, number | Closed>>(true);
        return r.value;
      }
      if (r.index === 1) assertType<Equals<typeof r.value, void>>(true);
      return -1;
    });
    expect(fired).toBe(5);
  });

  it("spawn checks the arguments against the generator function's parameters", () => {
    function* misuse() {
      // @ts-expect-error: fetchUser takes a number, not a string
      yield* spawn(fetchUser, "seven");
      // @ts-expect-error: fetchUser needs its argument
      yield* spawn(fetchUser);
    }
    const name = run(function* () {
      const task = yield* spawn(fetchUser, 5);
      return (yield* task).name;
    });
    expect(name).toBe("user5");
    expect(typeof misuse).toBe("function");
  });

  it("a Coroutine may only yield instructions: a Promise or a forgotten * does not compile", () => {
    function* forgotStar(): Coroutine<void> {
      // @ts-expect-error: yields a generator object, not an instruction (forgot the * in yield*)
      yield fetchUser(1);
    }
    function* yieldedPromise(): Coroutine<void> {
      // @ts-expect-error: a Promise is not an instruction
      yield Promise.resolve(1);
    }
    const ok: Instruction<void> = sleep(1);
    // Both still fail at run time for plain JavaScript callers.
    expect(() => run(forgotStar)).toThrow(/forget the `\*`/);
    expect(() => run(yieldedPromise)).toThrow(/Promise/);
    expect(ok.describe()).toBe("sleep(1)");
  });
});

describe("a plain yield's result", () => {
  it("is unknown in a Coroutine: it must be typed to be used (yield* gives the type)", () => {
    function* consumer(ch: ReturnType<typeof channel<number>>): Coroutine<number> {
      const v = yield ch.recv();
      assertType<Equals<typeof v, unknown>>(true);
      // @ts-expect-error a plain yield's result is unknown, not any: it cannot be used as a string
      const s: string = yield ch.recv();
      void s;
      return (v as number) + ((yield* ch.recv()) as number);
    }
    expect(typeof consumer).toBe("function");
  });
});

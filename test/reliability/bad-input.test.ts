/**
 * Bad input must be refused at once with a clear error, never accepted to
 * spin, hang or misbehave later.
 */
import { thrownBy } from "../helpers.js";
import {
  FrameHost,
  InvalidArgumentError,
  RealtimeHost,
  Scheduler,
  TimeoutError,
  UsageError,
  VirtualHost,
  currentTask,
  run,
  sleep,
  spawn,
  timeout,
  yieldNow,
} from "../../src/index.js";
import type { Operation, Spawnable } from "../../src/index.js";

/** An async generator function, which spindle cannot run (it yields Promises to nobody). */
async function* asyncWorker(): AsyncGenerator<number> {
  yield 1;
}

const asyncFnSource = asyncWorker as unknown as Spawnable<number, []>;
const asyncObjSource = (): Spawnable<number, []> => asyncWorker() as unknown as Operation<number>;

describe("async generators are refused", () => {
  it("run(async function*) throws InvalidArgumentError naming the function instead of spinning", () => {
    const error = thrownBy(() => run(asyncFnSource));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/asyncWorker.*is an async generator function; spindle runs function\* generators/);
  });

  it("run(asyncGeneratorObject) throws InvalidArgumentError", () => {
    const error = thrownBy(() => run(asyncObjSource() as Operation<number>));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/is an async generator( object)?; spindle runs function\* generators/);
  });

  it("scheduler.spawn and every host's spawn refuse async generator functions and objects", () => {
    const spawners: [string, (s: Spawnable<number, []>) => unknown][] = [
      ["Scheduler", (s) => new Scheduler({}).spawn(s)],
      ["VirtualHost", (s) => new VirtualHost().spawn(s)],
      ["FrameHost", (s) => new FrameHost().spawn(s)],
      ["RealtimeHost", (s) => new RealtimeHost().spawn(s)],
    ];
    for (const [, spawnWith] of spawners) {
      expect(() => spawnWith(asyncFnSource)).toThrow(/async generator function; spindle runs function\* generators/);
      expect(() => spawnWith(asyncObjSource())).toThrow(InvalidArgumentError);
    }
  });

  it("yield* spawn(async function*) throws InvalidArgumentError into the spawning task", () => {
    const seen = run(function* () {
      try {
        yield* spawn(asyncWorker as unknown as () => Operation<number>);
        return "spawned";
      } catch (error) {
        return error instanceof InvalidArgumentError ? error.message : "other";
      }
    });
    expect(seen).toMatch(/asyncWorker.*async generator function/);
  });
});

describe("clocks must be finite", () => {
  it("VirtualHost.runUntil(Infinity) and runUntil(NaN) throw InvalidArgumentError", () => {
    const sim = new VirtualHost();
    sim.spawn(function* () {
      for (;;) yield* sleep(1);
    });
    expect(() => sim.runUntil(Infinity)).toThrow(InvalidArgumentError);
    expect(() => sim.runUntil(NaN)).toThrow(InvalidArgumentError);
    expect(() => sim.runUntil(Infinity)).toThrow(/runUntil\(Infinity\).*finite/);
    sim.runUntil(3);
    expect(sim.now).toBe(3);
  });

  it("a non-finite or non-number startTime throws InvalidArgumentError", () => {
    for (const startTime of [NaN, Infinity, -Infinity, "x"]) {
      expect(() => new Scheduler({ startTime: startTime as number })).toThrow(InvalidArgumentError);
      expect(() => new VirtualHost({ startTime: startTime as number })).toThrow(/startTime/);
    }
    expect(new Scheduler({ startTime: 5 }).now).toBe(5);
  });
});

describe("seeds", () => {
  it("a seed outside the integers 0 .. 2^32-1 throws InvalidArgumentError", () => {
    for (const seed of [2 ** 32, 1.5, NaN, Infinity, -1, "abc"]) {
      const error = thrownBy(() => new Scheduler({ seed: seed as number }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(/seed.*integer/);
    }
    for (const seed of [0, 1, 2 ** 32 - 1]) expect(new Scheduler({ seed }).random.seed).toBe(seed);
  });
});

describe("tasks and generator objects are run once, by their own host", () => {
  it("hostA.runTask(a task of hostB) throws UsageError naming both", () => {
    const a = new VirtualHost();
    const b = new VirtualHost();
    const task = b.spawn(function* other() {
      yield* sleep(1);
      return 1;
    });
    const error = thrownBy(() => a.runTask(task));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/other.*another/);
    expect(b.runTask(task)).toBe(1);
  });

  it("spawning the same generator object twice throws InvalidArgumentError on the second spawn", () => {
    const sim = new VirtualHost();
    const gen = (function* once() {
      yield* sleep(1);
      return 1;
    })();
    const first = sim.spawn(gen);
    const error = thrownBy(() => sim.spawn(gen));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/generator object can run only once/);
    expect(sim.runTask(first)).toBe(1);
    // A reusable operation (a fresh iterator each time) can be spawned again.
    const op = sleep(1);
    sim.spawn(op);
    sim.spawn(op);
    sim.run();
  });
});

describe("timeout(0, op)", () => {
  it("succeeds when the operation finishes without waiting, and times out when it sleeps", () => {
    const result = run(function* () {
      const immediate = yield* timeout(
        0,
        (function* () {
          yield* currentTask();
          return "done";
        })(),
      );
      const afterYield = yield* timeout(
        0,
        (function* () {
          yield* yieldNow();
          return "yielded";
        })(),
      );
      let slept = "no timeout";
      try {
        yield* timeout(
          0,
          (function* () {
            yield* sleep(1);
            return "slept";
          })(),
        );
      } catch (error) {
        if (error instanceof TimeoutError) slept = "timed out";
        else throw error;
      }
      return [immediate, afterYield, slept];
    });
    expect(result).toEqual(["done", "yielded", "timed out"]);
  });
});

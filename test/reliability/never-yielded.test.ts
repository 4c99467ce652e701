/**
 * Debug mode: an operation created and never yielded (`sleep(100);` or
 * `spawn(child);` on a line of its own) is reported, naming the operation,
 * the task that created it and where in the source it was created. Reported
 * when the run ends with every task finished, or, in a run that goes on,
 * when the operation is garbage-collected (forced here, as a long program's
 * collector would do it). Never for an operation that is yielded later,
 * handed to spawn/all/race/timeout/select, or left unyielded because a
 * cancellation cut its task short.
 */
import { readFileSync } from "node:fs";
import {
  InvalidArgumentError,
  InvalidYieldError,
  VirtualHost,
  action,
  all,
  cancel,
  channel,
  createContext,
  named,
  race,
  run,
  select,
  sleep,
  spawn,
  suspend,
  timeout,
} from "../../src/index.js";
import type { Coroutine, DebugWarning, Operation } from "../../src/index.js";
import type { Instruction } from "../../src/extend.js";
import { gc } from "../full-gc.js";

const FILE = "test/reliability/never-yielded.test.ts";
const SOURCE = readFileSync(`${__dirname}/never-yielded.test.ts`, "utf8").split("\n");
/** The line (1-based) of this file that holds `marker`. */
function lineOf(marker: string): number {
  const i = SOURCE.findIndex((l) => l.includes(marker) && !l.includes("lineOf("));
  if (i < 0) throw new Error(`no line with ${marker}`);
  return i + 1;
}

function collector(): { warnings: DebugWarning[]; debug: (w: DebugWarning) => void } {
  const warnings: DebugWarning[] = [];
  return { warnings, debug: (w) => warnings.push(w) };
}

/** Forces full collections until `done()`, at most `rounds` times (a bound on turns of the event loop, not on time). */
async function collectUntil(done: () => boolean, rounds = 20): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("an operation created and never yielded, in debug mode", () => {
  it("is reported when the run ends: the operation, the task and the line that created it", () => {
    const { warnings, debug } = collector();
    const result = run(
      function* main(): Coroutine<string> {
        sleep(100); // FLOATING-SLEEP
        yield* sleep(1);
        return "done";
      },
      { debug },
    );
    expect(result).toBe("done");
    expect(warnings.map((w) => [w.kind, w.task.label])).toEqual([["operation-never-yielded", 'task#1 "main"']]);
    const line = lineOf("// FLOATING-SLEEP");
    expect(warnings[0]?.message).toMatch(new RegExp(`^task#1 "main" created sleep\\(100\\) at main \\(${FILE.replace(/\./g, "\\.")}:${line}\\) and never yielded it`));
    expect(warnings[0]?.message).toBe(
      `task#1 "main" created sleep(100) at ${/at (main \(.*?\))/.exec(warnings[0]?.message ?? "")?.[1]} and never yielded it, so it did nothing. An operation runs only when a task yields it: write yield* sleep(100), or pass it to all, race, select or timeout.`,
    );
  });

  it("reports spawn(child); naming the child, and the task's parents", () => {
    const { warnings, debug } = collector();
    function* child(): Coroutine<void> {
      yield* sleep(1);
    }
    run(
      function* main(): Coroutine<void> {
        const helper = yield* spawn(function* helper(): Coroutine<void> {
          spawn(child); // FLOATING-SPAWN
          yield* sleep(2);
        });
        yield* helper;
      },
      { debug },
    );
    expect(warnings.length).toBe(1);
    expect(warnings[0]?.task.name).toBe("helper");
    expect(warnings[0]?.message).toContain(`task#2 "helper" <- task#1 "main" created spawn(child) at helper (${FILE}:${lineOf("// FLOATING-SPAWN")})`);
  });

  it("covers the operations each call makes afresh: cancel, a channel's send, select, action, a context's set", () => {
    const { warnings, debug } = collector();
    const level = createContext("level", 0);
    run(
      function* main(): Coroutine<void> {
        const ch = channel<number>(1, { name: "jobs" });
        const t = yield* spawn(function* idle(): Coroutine<void> {
          yield* suspend();
        });
        cancel(t);
        ch.send(1);
        select([ch.recv(), sleep(5)]);
        action<void>("a callback", () => {});
        level.set(2);
        t.cancel();
      },
      { debug },
    );
    expect(warnings.map((w) => /created (.*?) at main/.exec(w.message)?.[1])).toEqual([
      'cancel(task#2 "idle")',
      "send(jobs)",
      "select(recv(jobs), sleep(5))",
      "a callback",
      "level.set()",
    ]);
  });

  it("is reported when garbage-collected, in a run that has not ended", async () => {
    const { warnings, debug } = collector();
    const host = new VirtualHost({ debug });
    host.spawn(function* server(): Coroutine<void> {
      for (let i = 0; i < 3; i++) {
        if (i === 1) sleep(250); // FLOATING-IN-LOOP
        yield* sleep(10);
      }
      yield* suspend(); // runs on: the run does not end
    });
    host.runUntil(100);
    expect(warnings).toEqual([]); // not yet: the operation may still be alive
    await collectUntil(() => warnings.length > 0);
    expect(warnings.map((w) => w.kind)).toEqual(["operation-never-yielded"]);
    expect(warnings[0]?.message).toContain(`task#1 "server" created sleep(250) at server (${FILE}:${lineOf("// FLOATING-IN-LOOP")})`);
  });

  it("is not reported for an operation that is yielded, later or elsewhere, in either form", async () => {
    const { warnings, debug } = collector();
    function* delayed<T>(ms: number, op: Operation<T>): Coroutine<T> {
      yield* sleep(ms);
      return yield* op;
    }
    const kept: { op: Instruction<void> | null } = { op: null };
    const host = new VirtualHost({ debug });
    host.spawn(function* main(): Coroutine<void> {
      const ch = channel<number>(10);
      const later = sleep(5);
      yield* sleep(1);
      yield later; // plain yield, a step later
      const typed = ch.send(1);
      yield* sleep(1);
      yield* typed;
      yield spawn(function* plain() {}); // plain yield of a spawn
      yield* all([sleep(1), ch.send(2)]);
      yield* race([sleep(1), sleep(2)]);
      yield* timeout(10, sleep(1));
      yield* select([ch.recv(), sleep(3)]);
      yield* select([ch.send(3), sleep(3)]);
      yield* spawn(sleep(1));
      const n = named("nap", sleep(1));
      yield* n;
      // Handed to a child that is then cancelled before it yields it (a race's loser).
      yield* race([delayed(50, ch.send(4)), sleep(1)]);
      // Created by a task that is cancelled before it yields it.
      const worker = yield* spawn(function* worker(): Coroutine<void> {
        const op = sleep(5);
        yield* sleep(100);
        yield* op;
      });
      yield* sleep(1);
      worker.cancel();
      // Stored, and yielded by another task.
      kept.op = sleep(2);
      const other = yield* spawn(function* other(): Coroutine<void> {
        yield* sleep(1);
        yield kept.op as Instruction<void>;
      });
      yield* other;
      // A channel made and never used: its recv() operation is shared, not made per call.
      channel<number>();
    });
    host.run();
    expect(warnings.map((w) => w.message)).toEqual([]);
    await collectUntil(() => warnings.length > 0, 3);
    expect(warnings.map((w) => w.message)).toEqual([]);
  });

  it("is not reported without the debug option, and debug: true writes it with console.warn", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    try {
      run(function* () {
        sleep(100);
      });
      expect(warn).not.toHaveBeenCalled();
      run(
        function* () {
          sleep(100);
        },
        { debug: true },
      );
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/^spindle \[operation-never-yielded\]: task#1 "main" created sleep\(100\) at /);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("the forgotten *", () => {
  function* child(): Coroutine<number> {
    yield* sleep(1);
    return 1;
  }

  it("yield child() (a generator yielded without *) is always an error that says so", () => {
    expect(() =>
      run(function* main() {
        yield child() as never;
      }),
    ).toThrow(new InvalidYieldError('task#1 "main"', child()));
    expect(() =>
      run(function* main() {
        yield child() as never;
      }),
    ).toThrow("Did you forget the `*` in `yield*`?");
  });

  it("spawn(function () {...}) (function where function* was meant) is always an error, and in debug mode the operations its body dropped are reported", () => {
    const { warnings, debug } = collector();
    const caught = run(
      function* main(): Coroutine<unknown> {
        try {
          yield* spawn(function notAGenerator() {
            sleep(10); // DROPPED-BY-FUNCTION
          } as unknown as () => Coroutine<void>);
          return null;
        } catch (error) {
          return error;
        }
      },
      { debug },
    );
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect(String(caught)).toContain("spawn(notAGenerator): the function returned undefined instead of a generator; declare it with function*");
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining(`created sleep(10) at notAGenerator (${FILE}:${lineOf("// DROPPED-BY-FUNCTION")})`) as string,
    ]);
  });

  it("a helper written as a function, yielded with yield*: the operation its body dropped is reported with the TypeError", () => {
    const { warnings, debug } = collector();
    function pause(): void {
      sleep(10); // DROPPED-BY-HELPER
    }
    expect(() =>
      run(
        function* main() {
          yield* pause() as unknown as Coroutine<void>;
        },
        { debug },
      ),
    ).toThrow(TypeError);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining(`created sleep(10) at pause (${FILE}:${lineOf("// DROPPED-BY-HELPER")})`) as string]);
  });
});

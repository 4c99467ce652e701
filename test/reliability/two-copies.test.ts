/**
 * Two copies of spindle in one process: the CommonJS build next to the ES
 * module build, or two installed versions. Each copy has its own classes, so
 * `instanceof` fails across them. An operation of one copy yielded into the
 * other's scheduler is refused with an error that names the cause, and the
 * is...() helpers recognise the other copy's errors.
 *
 * The second copy is the same source loaded through a second module registry
 * (jest.isolateModules), which gives it classes of its own, as a second
 * installed copy has.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import * as A from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { Instruction } from "../../src/extend.js";
import { SPINDLE_VERSION } from "../../src/kernel/errors.js";

type Spindle = typeof A;

function loadAnotherCopy(): Spindle {
  let copy: Spindle | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only require() loads a module into the isolated registry
    copy = require("../../src/index.js") as Spindle;
  });
  return copy as Spindle;
}

const B = loadAnotherCopy();

/** Runs `main` on copy A's scheduler and gives what it threw. */
function thrownByRun(main: () => Coroutine<unknown>): unknown {
  try {
    A.run(main);
    return "no error";
  } catch (error) {
    return error;
  }
}

describe("two copies of spindle in one process", () => {
  it("really are two copies: classes differ, so instanceof fails across them", () => {
    expect(B.CancelledError).not.toBe(A.CancelledError);
    expect(new B.CancelledError("task#1") instanceof A.CancelledError).toBe(false);
    expect(B.sleep(1) instanceof Instruction).toBe(false); // A's Instruction
  });

  describe("an operation of one copy yielded into the other's scheduler", () => {
    const expected = [
      /task#1 "main" yielded an instance of Sleep from another copy of spindle/,
      /two copies of spindle are loaded \(both are version \d+\.\d+\.\d+/,
      /an operation from one cannot run on the other's scheduler/,
      /make sure one copy is installed \(npm ls spindle; npm dedupe\) and import it either as an ES module or as CommonJS, everywhere/,
    ];

    it("with yield*, is an InvalidYieldError that says two copies are loaded and what to do", () => {
      const error = thrownByRun(function* main() {
        yield* B.sleep(10) as unknown as Coroutine<void>;
      });
      expect(error).toBeInstanceOf(A.InvalidYieldError);
      for (const pattern of expected) expect(String(error)).toMatch(pattern);
    });

    it("with a plain yield, the same", () => {
      const error = thrownByRun(function* main() {
        yield B.sleep(10) as unknown as Instruction;
      });
      expect(error).toBeInstanceOf(A.InvalidYieldError);
      for (const pattern of expected) expect(String(error)).toMatch(pattern);
    });

    it("names both versions when they differ", () => {
      const fromOtherVersion = { [Symbol.for("spindle.instruction")]: { version: "9.9.9" } };
      const error = thrownByRun(function* main() {
        yield fromOtherVersion as unknown as Instruction;
      });
      expect(error).toBeInstanceOf(A.InvalidYieldError);
      expect(String(error)).toMatch(/two copies of spindle are loaded \(versions \d+\.\d+\.\d+ and 9\.9\.9\)/);
    });

    it("a value that is not an operation of any copy still gets the ordinary message", () => {
      const error = thrownByRun(function* main() {
        yield 42 as unknown as Instruction;
      });
      expect(error).toBeInstanceOf(A.InvalidYieldError);
      expect(String(error)).not.toMatch(/two copies/);
    });
  });

  describe("the is...() helpers recognise the other copy's errors", () => {
    const others = {
      cancelled: new B.CancelledError("task#1"),
      timeout: new B.TimeoutError(100, "task#2"),
      deadlock: new B.DeadlockError([], 0),
      interrupt: new B.Interrupt("task#3", "breakdown"),
      usage: new B.UsageError("misused"),
    };

    it("each helper says yes to its own kind, of either copy", () => {
      for (const copy of [A, B]) {
        expect(copy.isCancellation(others.cancelled)).toBe(true);
        expect(copy.isTimeoutError(others.timeout)).toBe(true);
        expect(copy.isDeadlockError(others.deadlock)).toBe(true);
        expect(copy.isInterrupt(others.interrupt)).toBe(true);
        expect(copy.isCancellation(new A.CancelledError("task#1"))).toBe(true);
        expect(copy.isTimeoutError(new A.TimeoutError(1, "task#1"))).toBe(true);
        expect(copy.isDeadlockError(new A.DeadlockError([], 0))).toBe(true);
        expect(copy.isInterrupt(new A.Interrupt("task#1", undefined))).toBe(true);
      }
    });

    it("and no to the other kinds", () => {
      expect(A.isCancellation(others.timeout)).toBe(false);
      expect(A.isTimeoutError(others.cancelled)).toBe(false);
      expect(A.isDeadlockError(others.interrupt)).toBe(false);
      expect(A.isInterrupt(others.deadlock)).toBe(false);
      expect(A.isCancellation(others.usage)).toBe(false);
    });

    it("isSpindleError says yes to every error of either copy", () => {
      for (const error of Object.values(others)) expect(A.isSpindleError(error)).toBe(true);
      expect(A.isSpindleError(new A.InvalidArgumentError("bad"))).toBe(true);
    });

    it("a subclass keeps the kind of the class it extends", () => {
      class Stopped extends B.CancelledError {}
      expect(A.isCancellation(new Stopped("task#1"))).toBe(true);
    });

    it("plain errors, look-alikes and non-objects give false", () => {
      const lookAlike = Object.assign(new Error("x"), { name: "CancelledError" });
      for (const value of [new Error("x"), lookAlike, new TypeError("x"), null, undefined, 0, "CancelledError", {}, () => {}]) {
        expect(A.isSpindleError(value)).toBe(false);
        expect(A.isCancellation(value)).toBe(false);
        expect(A.isTimeoutError(value)).toBe(false);
        expect(A.isDeadlockError(value)).toBe(false);
        expect(A.isInterrupt(value)).toBe(false);
      }
    });

    it("a cancellation from the other copy's run is recognised by a catch-all", () => {
      const error = (() => {
        try {
          B.run(function* () {
            const child = yield* B.spawn(function* () {
              yield* B.suspend();
            });
            child.cancel();
            yield* child;
          });
        } catch (e) {
          return e;
        }
        return "no error";
      })();
      expect(error instanceof A.CancelledError).toBe(false);
      expect(A.isCancellation(error)).toBe(true);
    });
  });

  it("the version a copy reports is the package's", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    expect(SPINDLE_VERSION).toBe(pkg.version);
  });
});

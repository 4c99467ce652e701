/**
 * The clock is a double: it moves only forward, only from outside the
 * tasks, and a wait it can no longer tell from now is refused rather than
 * silently taking no time.
 */
import { thrownBy } from "../helpers.js";
import { InvalidArgumentError, Scheduler, UsageError, VirtualHost, currentTask, run, sleep, spawn } from "../../src/index.js";
import { Timer } from "../../src/extend.js";

describe("Scheduler.advanceTo", () => {
  it("is refused from inside a task, which must wait with sleep() instead", () => {
    const error = run(function* jumper() {
      const me = yield* currentTask();
      try {
        me.scheduler.advanceTo(10);
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('advanceTo() was called from inside task#1 "jumper"');
  });

  it.each([NaN, Infinity, -Infinity, "10" as unknown as number])("refuses the time %p, and the clock stays usable", (t) => {
    const scheduler = new Scheduler();
    const error = thrownBy(() => scheduler.advanceTo(t));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("advanceTo(");
    expect(scheduler.now).toBe(0);
    scheduler.advanceTo(5);
    expect(scheduler.now).toBe(5);
  });
});

describe("a wait the clock cannot tell from now", () => {
  const startTime = 1e17; // doubles here are 16 ms apart: now + 1 === now

  it.each([
    ["yield", function* () {
      yield sleep(1);
    }],
    ["yield*", function* () {
      yield* sleep(1);
    }],
  ])("sleep(1) at t=1e17 (%s) is refused with an error that says why, instead of taking 0 ms", (_form, body) => {
    const host = new VirtualHost({ startTime });
    const task = host.spawn(function* sleeper() {
      try {
        yield* body();
      } catch (e) {
        return e;
      }
      return "slept";
    });
    host.run();
    const error = task.value;
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain("sleep(1) at t=100000000000000000");
    expect((error as Error).message).toContain("startTime");
  });

  it("a sleep long enough to move the clock still works there", () => {
    const host = new VirtualHost({ startTime });
    host.spawn(function* () {
      yield* sleep(1000);
    });
    host.run();
    expect(host.now).toBe(startTime + 1000);
  });

  it("addTimer refuses such a delay too, and the scheduler stays usable", () => {
    const scheduler = new Scheduler({ startTime });
    class Ding extends Timer {
      fire(): void {}
    }
    expect(thrownBy(() => scheduler.addTimer(new Ding(), 1))).toBeInstanceOf(InvalidArgumentError);
    expect(scheduler.nextDeadline()).toBe(Infinity);
    scheduler.addTimer(new Ding(), 0);
    expect(scheduler.nextDeadline()).toBe(startTime);
  });

  it("sleep(0) is still fine at any time", () => {
    const host = new VirtualHost({ startTime });
    const task = host.spawn(function* () {
      yield* sleep(0);
      return "ok";
    });
    host.run();
    expect(task.value).toBe("ok");
  });

  it("the host is usable after the refusal", () => {
    const host = new VirtualHost({ startTime });
    host.spawn(function* () {
      try {
        yield* sleep(1);
      } catch {
        // refused
      }
    });
    host.run();
    const t = host.spawn(function* () {
      const child = yield* spawn(function* () {
        yield* sleep(64);
        return 7;
      });
      return yield* child;
    });
    host.run();
    expect(t.value).toBe(7);
  });
});

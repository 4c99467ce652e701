import { EventLog } from "../helpers.js";
import { Interrupt, UsageError, VirtualHost, cancel, channel, currentTask, now, run, scope, shield, sleep, spawn, suspend, yieldNow } from "../../src/index.js";
import { Instruction } from "../../src/extend.js";
import type { Task } from "../../src/index.js";
import type { Waiting } from "../../src/extend.js";

describe("interrupt", () => {
  it("throws Interrupt at the wait point; the task catches it and carries on", () => {
    const log = new EventLog();
    run(
      scope(function* () {
        const machine = yield* spawn(function* machine() {
          let left = 10;
          while (left > 0) {
            const start = yield* now();
            try {
              yield* sleep(left);
              left = 0;
            } catch (e) {
              if (!(e instanceof Interrupt)) throw e;
              left -= (yield* now()) - start;
              yield* log.at(`interrupted (${String(e.cause)}), ${left} left`);
              yield* sleep(3); // repair
            }
          }
          yield* log.at("part done");
        });
        yield* sleep(4);
        machine.interrupt("breakdown");
      }),
    );
    expect(log.events).toEqual(["t=4 interrupted (breakdown), 6 left", "t=13 part done"]);
  });

  it("takes a blocked task off its wait, so nothing is lost there", () => {
    const result = run(function* () {
      const ch = channel<string>();
      const receiver = yield* spawn(function* () {
        try {
          return yield* ch.recv();
        } catch (e) {
          return e instanceof Interrupt ? "interrupted" : "other";
        }
      });
      yield* yieldNow();
      receiver.interrupt();
      const got = yield* receiver;
      return [got, ch.stats().receiversWaiting, ch.trySend("x")];
    });
    expect(result).toEqual(["interrupted", 0, false]);
  });

  it("reaches a running or ready task at its next yield, one interrupt per yield", () => {
    const log = new EventLog();
    run(function* () {
      const t = yield* spawn(function* () {
        for (let i = 0; i < 3; i++) {
          try {
            yield* yieldNow();
            log.push(`step ${i}`);
          } catch (e) {
            log.push(`step ${i}: ${String((e as Interrupt).cause)}`);
          }
        }
      });
      t.interrupt("a");
      t.interrupt("b");
      yield* t;
    });
    expect(log.events).toEqual(["step 0: a", "step 1: b", "step 2"]);
  });

  it("is not cancellation: an uncaught interrupt fails the task", () => {
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      yield* suspend();
    });
    host.runUntil(0);
    t.interrupt("stop");
    expect(() => host.run()).toThrow(Interrupt);
    expect(t.state).toBe("failed");
  });

  it("does not disturb a task's cleanup, and refuses a finished task or self-interrupt", () => {
    const log = new EventLog();
    run(function* () {
      const t = yield* spawn(function* () {
        try {
          yield* suspend();
        } finally {
          yield* sleep(5);
          log.push("cleanup finished");
        }
      });
      yield* yieldNow();
      t.cancel();
      yield* yieldNow();
      t.interrupt("during cleanup");
      yield* cancel(t);
      expect(() => t.interrupt()).toThrow(UsageError);
      const self = yield* spawn(function* () {
        const me = yield* currentTask();
        try {
          me.interrupt();
        } catch (e) {
          return e instanceof UsageError;
        }
        return false;
      });
      log.push(`self-interrupt refused: ${String(yield* self)}`);
    });
    expect(log.events).toEqual(["cleanup finished", "self-interrupt refused: true"]);
  });
});

describe("interrupt and shield", () => {
  it("an interrupt pending at a shield's end is delivered after the shield closes, and a later cancel still lands", () => {
    const log = new EventLog();
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      try {
        yield* shield(
          (function* () {
            try {
              yield* sleep(10);
            } catch (e) {
              log.push(`inside: ${String((e as Interrupt).cause)}`);
            }
          })(),
        );
        yield* suspend(); // the next yield after the shield: the pending interrupt lands here
      } catch (e) {
        log.push(`after shield: ${String((e as Interrupt).cause)}`);
      }
      yield* suspend();
    });
    host.runUntil(1);
    t.interrupt("first"); // lands inside the shielded op, which catches it
    t.interrupt("second"); // pending when the op ends: delivered after the shield closes
    host.runUntil(2);
    t.cancel();
    host.run();
    expect(log.events).toEqual(["inside: first", "after shield: second"]);
    expect(t.state).toBe("cancelled");
  });
});

describe("an instruction left untried at the yield where an interrupt or a cancellation lands", () => {
  /** Records what the kernel tells it; acts in tryNow only if tried. */
  class Eager extends Instruction<string> {
    readonly told: string[] = [];
    constructor(private readonly failing = false) {
      super();
    }
    describe(): string {
      return "eager";
    }
    override tryNow(task: Task<unknown>): string | Waiting {
      this.told.push(`tried by ${task.name}`);
      return "done";
    }
    override abandoned(task: Task<unknown>): void {
      this.told.push(`abandoned by ${task.name}`);
      if (this.failing) throw new Error("abandoned() failed");
    }
  }

  for (const form of ["typed", "plain"] as const) {
    it(`is told, not tried (${form} form); the interrupt is thrown at that yield`, () => {
      const op = new Eager();
      const host = new VirtualHost();
      const log: string[] = [];
      const victim = host.spawn(function* victim() {
        try {
          if (form === "typed") yield* op;
          else yield op;
        } catch (e) {
          log.push(e instanceof Interrupt ? `interrupted: ${String(e.cause)}` : String(e));
        }
      });
      victim.interrupt("now"); // before its first step: pending at its first yield
      host.run();
      expect(op.told).toEqual(["abandoned by victim"]);
      expect(log).toEqual(["interrupted: now"]);
    });
  }

  it("is told when a cancellation lands there too", () => {
    const op = new Eager();
    const host = new VirtualHost();
    const t = host.spawn(function* victim() {
      (yield* currentTask()).cancel(); // requested while it runs: delivered at its next yield
      yield* op;
    });
    host.run();
    expect(op.told).toEqual(["abandoned by victim"]);
    expect(t.state).toBe("cancelled");
  });

  it("an abandoned() that throws does not stop the kernel: the error reaches the host, naming the task", () => {
    const op = new Eager(true);
    const host = new VirtualHost();
    const t = host.spawn(function* victim() {
      try {
        yield* op;
      } catch {
        // the interrupt
      }
    });
    t.interrupt();
    expect(() => host.run()).toThrow("abandoned() failed");
    expect(t.state).toBe("done");
  });
});

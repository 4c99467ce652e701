import { EventLog } from "../helpers.js";
import { Interrupt, UsageError, VirtualHost, cancel, channel, currentTask, now, run, scope, shield, sleep, spawn, suspend, yieldNow } from "../../src/index.js";

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

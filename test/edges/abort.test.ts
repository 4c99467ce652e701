/**
 * abortSignal() and whenAborted(): AbortSignal in both directions, on the
 * virtual clock, with the exact order of events.
 */
import { getEventListeners } from "node:events";
import { CancelledError, VirtualHost, all, cancel, now, race, run, scope, sleep, spawn, suspend, yieldNow } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { TaskEndedError, abortSignal, whenAborted } from "../../src/edges/abort.js";
import { EventLog } from "../helpers.js";

/** A short name for an abort reason. */
function why(reason: unknown): string {
  if (reason instanceof CancelledError) return "CancelledError";
  if (reason instanceof TaskEndedError) return "TaskEndedError";
  return reason instanceof Error ? `${reason.name}(${reason.message})` : String(reason);
}

describe("abortSignal()", () => {
  it("aborts when cancellation reaches a blocked task, before its finally blocks run", () => {
    const log = new EventLog();
    run(function* main() {
      const fetcher = yield* spawn(function* fetcher() {
        const signal = yield* abortSignal();
        signal.addEventListener("abort", () => log.push(`signal aborted: ${why(signal.reason)}`));
        try {
          yield* sleep(100);
        } finally {
          yield* log.at(`fetcher cleanup starts; aborted=${signal.aborted}`);
          yield* sleep(5);
          yield* log.at("fetcher cleanup done");
        }
      });
      yield* sleep(10);
      log.push("cancel()");
      fetcher.cancel();
      log.push("cancel() returned");
      yield* cancel(fetcher);
      yield* log.at(`fetcher is ${fetcher.state}`);
    });
    expect(log.events).toEqual([
      "cancel()",
      "signal aborted: CancelledError",
      "cancel() returned",
      "t=10 fetcher cleanup starts; aborted=true",
      "t=15 fetcher cleanup done",
      "t=15 fetcher is cancelled",
    ]);
  });

  it("aborts a running task's signal at its next yield", () => {
    const log = new EventLog();
    run(function* main() {
      const busy = yield* spawn(function* busy() {
        const signal = yield* abortSignal();
        signal.addEventListener("abort", () => log.push(`aborted: ${why(signal.reason)}`));
        for (let i = 0; ; i++) {
          log.push(`busy ${i}`);
          yield* yieldNow();
        }
      });
      yield* yieldNow(); // busy gets its signal and logs 0
      log.push("cancel()");
      busy.cancel(); // busy is ready, not blocked: delivered at its next yield
      log.push("cancel() returned");
      yield* cancel(busy);
    });
    expect(log.events).toEqual(["busy 0", "cancel()", "cancel() returned", "busy 1", "aborted: CancelledError"]);
  });

  it("aborts with TaskEndedError when the body returns, and with the error when it throws", () => {
    const log = new EventLog();
    run(function* main() {
      const ok = yield* spawn(function* ok() {
        const signal = yield* abortSignal();
        signal.addEventListener("abort", () => log.push(`ok's signal: ${why(signal.reason)}`));
        yield* sleep(1);
        log.push("ok returns");
        return 1;
      });
      const bad = yield* spawn(function* bad() {
        const signal = yield* abortSignal();
        signal.addEventListener("abort", () => log.push(`bad's signal: ${why(signal.reason)}`));
        yield* sleep(2);
        log.push("bad throws");
        throw new RangeError("out of range");
      });
      yield* ok;
      try {
        yield* bad;
      } catch (error) {
        log.push(`joined bad: ${why(error)}`);
      }
    });
    expect(log.events).toEqual([
      "ok returns",
      "ok's signal: TaskEndedError",
      "bad throws",
      "bad's signal: RangeError(out of range)",
      "joined bad: RangeError(out of range)",
    ]);
  });

  it("aborts even when the task ends before its watcher ever ran", () => {
    const reasons: string[] = [];
    run(function* quick() {
      const signal = yield* abortSignal();
      signal.addEventListener("abort", () => reasons.push(why(signal.reason)));
    });
    expect(reasons).toEqual(["TaskEndedError"]);
  });

  it("gives one task the same signal twice, and shows its watcher in dump()", () => {
    const host = new VirtualHost();
    let same = false;
    const t = host.spawn(function* owner() {
      const a = yield* abortSignal();
      const b = yield* abortSignal();
      same = a === b;
      yield* suspend();
    });
    host.runUntil(0);
    expect(same).toBe(true);
    expect(host.scheduler.dump()).toBe(['task#1 "owner" blocked on suspend() for 0ms', '  task#2 "abortSignal" blocked on abortSignal(task#1 "owner") for 0ms'].join("\n"));
    t.cancel();
    host.run();
    expect(host.scheduler.liveTasks).toBe(0);
  });

  it("during cleanup gives a fresh signal that lives until the cleanup ends", () => {
    const log = new EventLog();
    run(function* main() {
      const t = yield* spawn(function* worker() {
        const first = yield* abortSignal();
        try {
          yield* suspend();
        } finally {
          const second = yield* abortSignal();
          second.addEventListener("abort", () => log.push(`second: ${why(second.reason)}`));
          yield* log.at(`cleanup: first aborted=${first.aborted}, second aborted=${second.aborted}`);
          yield* sleep(3);
          yield* log.at("cleanup ends");
        }
      });
      yield* sleep(1);
      yield* cancel(t);
    });
    expect(log.events).toEqual(["t=1 cleanup: first aborted=true, second aborted=false", "t=4 cleanup ends", "second: CancelledError"]);
  });

  it("in a scope's body, does not keep the scope open, and aborts when the scope has finished", () => {
    const log = new EventLog();
    run(function* main() {
      yield* scope(function* (group) {
        const signal = yield* abortSignal();
        signal.addEventListener("abort", () => log.push(`scope signal: ${why(signal.reason)}`));
        yield* group.spawn(function* () {
          yield* sleep(10);
          yield* log.at(`group task done; scope signal aborted=${signal.aborted}`);
        });
        yield* log.at("scope body returns");
      });
      yield* log.at("scope finished");
    });
    expect(log.events).toEqual(["t=0 scope body returns", "t=10 group task done; scope signal aborted=false", "scope signal: TaskEndedError", "t=10 scope finished"]);
  });

  it("a timeout-style race stops work started under the loser's signal", () => {
    const log = new EventLog();
    const result = run(function* main() {
      return yield* race([
        (function* slowFetch(): Coroutine<string> {
          const signal = yield* abortSignal();
          // what fetch() does with its signal: give up when it aborts
          signal.addEventListener("abort", () => log.push(`request aborted (${why(signal.reason)})`));
          yield* sleep(1000);
          return "response";
        })(),
        (function* deadline(): Coroutine<string> {
          yield* sleep(50);
          return "timed out";
        })(),
      ]);
    });
    expect(result).toBe("timed out");
    expect(log.events).toEqual(["request aborted (CancelledError)"]);
  });
});

describe("whenAborted(signal)", () => {
  it("waits for a signal from outside the scheduler and gives its reason", () => {
    const host = new VirtualHost();
    const controller = new AbortController();
    const t = host.spawn(function* () {
      const reason = yield* whenAborted(controller.signal);
      return `${String(reason)} at t=${yield* now()}`;
    });
    host.runUntil(20);
    expect(t.waitingOn).toBe("whenAborted(signal)");
    controller.abort("operator said stop");
    host.run();
    expect(t.value).toBe("operator said stop at t=20");
  });

  it("completes at once for a signal that has already aborted", () => {
    const signal = AbortSignal.abort("too late");
    expect(run(() => whenAborted(signal))).toBe("too late");
  });

  it("removes its listener when the waiting task is cancelled", () => {
    const controller = new AbortController();
    const host = new VirtualHost();
    const t = host.spawn(() => whenAborted(controller.signal));
    host.runUntil(0);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    t.cancel();
    host.run();
    expect(t.state).toBe("cancelled");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("connects two tasks: one waits for the other's signal", () => {
    const log = new EventLog();
    run(function* main() {
      let signalOfA: AbortSignal | null = null;
      const a = yield* spawn(function* a() {
        signalOfA = yield* abortSignal();
        yield* suspend();
      });
      const b = yield* spawn(function* b() {
        const reason = yield* whenAborted(signalOfA as unknown as AbortSignal);
        yield* log.at(`b saw a stop: ${why(reason)}`);
      });
      yield* sleep(7);
      a.cancel();
      yield* all([a, b].map((t) => (function* () { try { yield* t; } catch { /* a is cancelled */ } })()));
    });
    expect(log.events).toEqual(["t=7 b saw a stop: CancelledError"]);
  });
});

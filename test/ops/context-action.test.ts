import { VirtualHost, action, createContext, random, run, sleep, spawn, suspend, yieldNow } from "../../src/index.js";

describe("createContext", () => {
  it("children inherit what was set before they were spawned; writes are copy-on-write", () => {
    const Level = createContext("level", 0);
    const seen = run(function* () {
      const log: string[] = [];
      log.push(`default ${yield* Level.get()}`);
      yield* Level.set(1);
      const early = yield* spawn(function* () {
        yield* sleep(5);
        log.push(`early child ${yield* Level.get()}`);
      });
      yield* Level.set(2);
      const late = yield* spawn(function* () {
        yield* Level.set(3);
        log.push(`late child ${yield* Level.get()}`);
      });
      yield* late;
      log.push(`parent ${yield* Level.get()}`);
      yield* early;
      return log;
    });
    expect(seen).toEqual(["default 0", "late child 3", "parent 2", "early child 1"]);
  });

  it("with() sets a value for one operation and restores it", () => {
    const User = createContext("user", "nobody");
    const result = run(function* () {
      const inside = yield* User.with(
        "ada",
        (function* () {
          return yield* User.get();
        })(),
      );
      return [inside, yield* User.get()];
    });
    expect(result).toEqual(["ada", "nobody"]);
  });
});

describe("action", () => {
  it("resolves from outside the scheduler and tears down after settling", () => {
    const calls: string[] = [];
    let resolveIt: (v: number) => void = () => {};
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      return yield* action<number>("external(1)", (resolve) => {
        resolveIt = resolve;
        calls.push("start");
        return () => calls.push("teardown");
      });
    });
    host.runUntil(0);
    expect(t.waitingOn).toBe("external(1)");
    resolveIt(41);
    resolveIt(99); // ignored
    host.run();
    expect(t.value).toBe(41);
    expect(calls).toEqual(["start", "teardown"]);
  });

  it("resolving synchronously inside the body continues at once", () => {
    const result = run(function* () {
      const calls: string[] = [];
      const v = yield* action<string>("sync", (resolve) => {
        resolve("now");
        return () => calls.push("teardown");
      });
      return [v, calls];
    });
    expect(result).toEqual(["now", ["teardown"]]);
  });

  it("reject throws at the yield", () => {
    expect(() => run(() => action<void>("fails", (_resolve, reject) => reject(new Error("nope"))))).toThrow("nope");
  });

  it("cancellation runs the teardown exactly once, and a late resolve is harmless", () => {
    let teardowns = 0;
    let late: (v: unknown) => void = () => {};
    const host = new VirtualHost();
    const t = host.spawn(function* () {
      yield* action<unknown>("never", (resolve) => {
        late = resolve;
        return () => teardowns++;
      });
    });
    host.runUntil(0);
    t.cancel();
    late("too late");
    host.run();
    expect(t.state).toBe("cancelled");
    expect(teardowns).toBe(1);
  });
});

describe("random", () => {
  it("is reproducible per seed and shared in spawn order", () => {
    const program = function* () {
      const out: number[] = [];
      const tasks = [];
      for (let i = 0; i < 3; i++) {
        tasks.push(
          yield* spawn(function* () {
            yield* yieldNow();
            out.push(yield* random());
          }),
        );
      }
      for (const t of tasks) yield* t;
      return out;
    };
    const a = run(program, { seed: 9 });
    expect(run(program, { seed: 9 })).toEqual(a);
    expect(run(program, { seed: 10 })).not.toEqual(a);
  });

  it("suspend() blocks until cancelled", () => {
    const host = new VirtualHost();
    const t = host.spawn(() => suspend());
    host.runUntil(1000);
    expect(t.state).toBe("blocked");
    expect(t.waitingOn).toBe("suspend()");
    t.cancel();
    host.run();
    expect(t.state).toBe("cancelled");
  });
});

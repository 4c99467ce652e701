import { FrameHost, UsageError, nextFrame, now, run, sleep, spawn, waitFrames, waitUntil, yieldNow } from "../../src/index.js";

describe("FrameHost", () => {
  it("fires the timers due within a frame in deadline order, the clock reading each deadline", () => {
    const game = new FrameHost();
    const log: string[] = [];
    for (const [name, ms] of [["b", 12], ["a", 5], ["c", 16]] as const) {
      game.spawn(function* () {
        yield* sleep(ms);
        log.push(`${name}@${yield* now()}`);
      });
    }
    game.advance(16);
    expect(log).toEqual(["a@5", "b@12", "c@16"]);
    expect(game.now).toBe(16);
  });

  it("nextFrame and waitFrames resume at the start of the right frame", () => {
    const game = new FrameHost();
    const log: string[] = [];
    game.spawn(function* () {
      log.push(`start f${game.frame}`);
      yield* nextFrame();
      log.push(`next f${game.frame}`);
      yield* waitFrames(3);
      log.push(`+3 f${game.frame}`);
      yield* waitFrames(0);
      log.push(`+0 f${game.frame}`);
    });
    for (let i = 0; i < 6; i++) game.advance(16);
    expect(log).toEqual(["start f1", "next f2", "+3 f5", "+0 f5"]);
  });

  it("waitUntil checks its predicate once per frame", () => {
    const game = new FrameHost();
    let checks = 0;
    let open = false;
    const t = game.spawn(function* () {
      yield* waitUntil(() => {
        checks++;
        return open;
      }, "door open");
      return game.frame;
    });
    game.advance(16);
    game.advance(16);
    expect(t.waitingOn).toBe("door open");
    open = true;
    game.advance(16);
    expect(t.value).toBe(3);
    expect(checks).toBe(3); // at the call, then at frames 2 and 3
  });

  it("a step budget leaves the rest of the work for the next frames, in order", () => {
    const game = new FrameHost();
    const log: number[] = [];
    for (let i = 0; i < 10; i++) {
      game.spawn(function* () {
        log.push(i);
        yield* yieldNow();
        log.push(100 + i);
      });
    }
    const budget = { maxSteps: 4 };
    expect(game.advance(16, budget)).toBe(4);
    expect(log).toEqual([0, 1, 2, 3]);
    game.advance(16, budget);
    game.advance(16, budget);
    expect(log).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 101]);
    while (game.scheduler.liveTasks > 0) game.advance(16, budget);
    expect(log.length).toBe(20);
  });

  it("cancelling an entity's root task cancels all its coroutines and runs their cleanup", () => {
    const game = new FrameHost();
    const cleaned: string[] = [];
    const entity = game.spawn(function* enemy() {
      yield* spawn(function* animate() {
        try {
          for (;;) yield* nextFrame();
        } finally {
          cleaned.push("animation stopped");
        }
      });
      try {
        for (;;) yield* sleep(100);
      } finally {
        cleaned.push("brain stopped");
      }
    });
    game.advance(16);
    game.advance(16);
    entity.cancel();
    game.advance(16);
    expect(cleaned).toEqual(["animation stopped", "brain stopped"]);
    expect(game.scheduler.liveTasks).toBe(0);
  });

  it("throws a task's unhandled error from advance, or hands it to onError", () => {
    const game = new FrameHost();
    game.spawn(function* () {
      yield* sleep(10);
      throw new Error("entity crashed");
    });
    expect(() => game.advance(16)).toThrow("entity crashed");

    const errors: string[] = [];
    const tolerant = new FrameHost({ onError: (e, task) => errors.push(`${task?.name ?? "no task"}: ${(e as Error).message}`) });
    tolerant.spawn(function* crasher() {
      throw new Error("oops");
    });
    tolerant.advance(16);
    expect(errors).toEqual(["crasher: oops"]);
  });

  it("frame operations outside a frame host are a UsageError", () => {
    expect(() => run(() => nextFrame())).toThrow(UsageError);
  });

  it("rejects bad frame input", () => {
    const game = new FrameHost();
    expect(() => game.advance(-1)).toThrow(/advance\(-1\)/);
    expect(() => game.advance(16, { maxSteps: 0 })).toThrow(/maxSteps must be > 0/);
    expect(() => waitFrames(1.5)).toThrow(/expected an integer >= 0/);
  });
});

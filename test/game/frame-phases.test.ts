import fc from "fast-check";
import { FrameHost, InvalidArgumentError, UsageError, endOfFrame, nextFixedStep, nextFrame, now, run, sleep, sleepUnscaled, waitWhile } from "../../src/index.js";
import { runs as propertyRuns } from "../properties/program.js";

describe("fixed steps", () => {
  it("run once per fixedStep of time covered, whatever the frames, each at its grid time", () => {
    const game = new FrameHost({ fixedStep: 20 });
    const at: number[] = [];
    game.spawn(function* physics() {
      for (;;) {
        yield* nextFixedStep();
        at.push(yield* now());
      }
    });
    for (const dt of [7, 33, 16.5, 3.5, 60, 0, 40]) game.advance(dt); // 160 ms
    expect(at).toEqual([20, 40, 60, 80, 100, 120, 140, 160]);
    expect(game.fixedSteps).toBe(8);
    expect(game.droppedFixedSteps).toBe(0);
  });

  it("the count depends only on the time covered (property over irregular frames)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (dts, step) => {
        const game = new FrameHost({ fixedStep: step, maxFixedStepsPerFrame: 1000 });
        let steps = 0;
        game.spawn(function* () {
          for (;;) {
            yield* nextFixedStep();
            steps++;
          }
        });
        let total = 0;
        for (const dt of dts) {
          game.advance(dt);
          total += dt;
        }
        expect(game.fixedSteps).toBe(Math.floor(total / step));
        // A waiter woken by the last step runs within the frame.
        expect(steps).toBe(game.fixedSteps);
        expect(game.fixedAlpha).toBeCloseTo((total % step) / step, 9);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("a frame that would need more than maxFixedStepsPerFrame drops the rest of its backlog", () => {
    const game = new FrameHost({ fixedStep: 10, maxFixedStepsPerFrame: 3 });
    game.advance(95); // 9 due: 3 run, 6 dropped
    expect(game.fixedSteps).toBe(3);
    expect(game.droppedFixedSteps).toBe(6);
    game.advance(10); // the grid goes on at 100
    expect(game.fixedSteps).toBe(4);
    expect(game.droppedFixedSteps).toBe(6);
  });

  it("follow the time scale, and stop while the host is paused", () => {
    const game = new FrameHost({ fixedStep: 10, timeScale: 0.5 });
    for (let i = 0; i < 4; i++) game.advance(10);
    expect(game.fixedSteps).toBe(2);
    game.timeScale = 0;
    for (let i = 0; i < 4; i++) game.advance(10);
    expect(game.fixedSteps).toBe(2);
  });

  it("in a time group, follow the group's clock: paused, no steps; at half speed, half as many", () => {
    const game = new FrameHost({ fixedStep: 10 });
    const world = game.group("world");
    const at: number[] = [];
    world.spawn(function* physics() {
      for (;;) {
        yield* nextFixedStep();
        at.push(world.now);
      }
    });
    for (let i = 0; i < 3; i++) game.advance(10); // world 0..30: steps at 10, 20, 30
    world.timeScale = 0;
    for (let i = 0; i < 5; i++) game.advance(10);
    world.timeScale = 0.5;
    for (let i = 0; i < 4; i++) game.advance(10); // world 30..50: steps at 40, 50
    expect(at).toEqual([10, 20, 30, 40, 50]);
    expect(game.fixedSteps).toBe(12); // the host's own grid went on throughout
    game.advance(5); // world 50..52.5
    expect(world.fixedAlpha).toBeCloseTo(0.25, 12);
    expect(game.fixedAlpha).toBeCloseTo(0.5, 12);
  });

  it("in a time group, a wake-up that lands a rounding error short of its grid point does not step twice", () => {
    const game = new FrameHost({ fixedStep: 1 / 3 });
    const world = game.group("world", { timeScale: 0.1 });
    let steps = 0;
    world.spawn(function* () {
      for (;;) {
        yield* nextFixedStep();
        steps++;
      }
    });
    for (let i = 0; i < 100; i++) game.advance(1); // world time 10: 30 steps
    expect(steps).toBe(30);
  });

  it("nextFixedStep needs a host with a fixed step, and a FrameHost", () => {
    const game = new FrameHost();
    game.spawn(function* () {
      yield* nextFixedStep();
    });
    expect(() => game.advance(16)).toThrow(UsageError);
    game.spawn(function* () {
      yield* nextFixedStep();
    });
    expect(() => game.advance(16)).toThrow(/no fixed step: pass one, as in new FrameHost\(\{ fixedStep: 20 \}\)/);
    expect(() =>
      run(function* () {
        yield* nextFixedStep();
      }),
    ).toThrow(/needs a FrameHost/);
    expect(() => new FrameHost({ fixedStep: 0 })).toThrow(InvalidArgumentError);
    expect(() => new FrameHost({ fixedStep: 10, maxFixedStepsPerFrame: 0 })).toThrow(/maxFixedStepsPerFrame must be a whole number >= 1/);
  });
});

describe("the frame's end", () => {
  it("endOfFrame resumes after every task due in the frame, timers at its end included, the clock at the frame's end", () => {
    const game = new FrameHost();
    const log: string[] = [];
    game.spawn(function* late() {
      yield* endOfFrame();
      log.push(`end@${yield* now()}`);
      yield* endOfFrame();
      log.push(`end again@${yield* now()} frame ${game.frame}`);
    });
    game.spawn(function* timer() {
      yield* sleep(16);
      log.push(`timer@${yield* now()}`);
    });
    game.spawn(function* first() {
      log.push(`first@${yield* now()}`);
    });
    game.advance(16);
    expect(log).toEqual(["first@0", "timer@16", "end@16"]);
    game.advance(16);
    expect(log).toEqual(["first@0", "timer@16", "end@16", "end again@32 frame 2"]);
  });

  it("waitWhile waits while its predicate holds", () => {
    const game = new FrameHost();
    let opening = true;
    const t = game.spawn(function* () {
      yield* waitWhile(() => opening);
      return game.frame;
    });
    game.advance(16);
    game.advance(16);
    opening = false;
    game.advance(16);
    expect(t.value).toBe(3);
    expect(() => waitWhile(42 as unknown as () => boolean)).toThrow(/waitWhile\(\) needs a function/);
  });

  it("sleepUnscaled(0) ends in the same instant, and needs a FrameHost", () => {
    const game = new FrameHost();
    const t = game.spawn(function* () {
      yield* sleepUnscaled(0);
      return yield* now();
    });
    game.advance(16);
    expect(t.value).toBe(0);
    expect(() => sleepUnscaled(-1)).toThrow(InvalidArgumentError);
    expect(() =>
      run(function* () {
        yield* sleepUnscaled(5);
      }),
    ).toThrow(/sleepUnscaled\(5\), which needs a FrameHost/);
  });

  it("an idle host with groups made and nothing waiting has nothing armed", () => {
    const game = new FrameHost();
    const world = game.group("world");
    world.spawn(function* () {
      yield* sleep(5);
    });
    game.advance(16);
    world.timeScale = 0.5;
    expect(game.scheduler.timerCount).toBe(0);
    expect(game.scheduler.readyCount).toBe(0);
    // A task waiting a frame is untouched by groups.
    const t = world.spawn(function* () {
      yield* nextFrame();
      return game.frame;
    });
    game.advance(16);
    game.advance(16);
    expect(t.value).toBe(3);
  });
});

import { FrameHost, InvalidArgumentError, UsageError, now, sleep, sleepUnscaled, spawn, timeout, select, channel, nextFrame } from "../../src/index.js";

/** Advances `game` frame by frame until `until(game)` holds, at most `max` frames. */
function framesUntil(game: FrameHost, dt: number, until: () => boolean, max = 10_000): void {
  for (let i = 0; i < max && !until(); i++) game.advance(dt);
}

describe("time groups", () => {
  it("a task 70% through a scaled wait when the scale halves finishes its last 30% at half speed", () => {
    const game = new FrameHost();
    const world = game.group("world");
    let wokeAt = -1;
    world.spawn(function* () {
      yield* sleep(100);
      wokeAt = game.now;
    });
    for (let i = 0; i < 7; i++) game.advance(10); // host 70, world 70
    expect(world.now).toBe(70);
    world.timeScale = 0.5;
    framesUntil(game, 10, () => wokeAt >= 0);
    // 30 world ms at half speed: 60 host ms more.
    expect(wokeAt).toBe(130);
    expect(world.now).toBe(100);
  });

  it("wakes at the exact host time within a frame, the clock reading it", () => {
    const game = new FrameHost();
    const slow = game.group("slow", { timeScale: 0.25 });
    const seen: number[] = [];
    slow.spawn(function* () {
      yield* sleep(10); // 40 host ms
      seen.push(yield* now());
      yield* sleep(5); // 20 more
      seen.push(yield* now());
    });
    for (let i = 0; i < 5; i++) game.advance(16.5);
    expect(seen).toEqual([40, 60]);
  });

  it("a scale of 0 pauses the group and no other; the wait resumes where it stopped", () => {
    const game = new FrameHost();
    const world = game.group("world");
    const ui = game.group("ui");
    const log: string[] = [];
    world.spawn(function* () {
      yield* sleep(50);
      log.push(`world@${game.now}`);
    });
    ui.spawn(function* () {
      yield* sleep(50);
      log.push(`ui@${game.now}`);
    });
    game.advance(20);
    world.timeScale = 0;
    expect(world.now).toBe(20);
    for (let i = 0; i < 10; i++) game.advance(20); // host 220
    expect(log).toEqual(["ui@50"]);
    expect(world.now).toBe(20);
    world.timeScale = 1;
    game.advance(20);
    game.advance(20);
    expect(log).toEqual(["ui@50", "world@250"]);
  });

  it("nested groups multiply their scales, and a parent's change re-times its children", () => {
    const game = new FrameHost();
    const level = game.group("level", { timeScale: 0.5 });
    const enemy = level.group("enemy", { timeScale: 0.5 });
    expect(enemy.effectiveScale).toBe(0.25);
    let wokeAt = -1;
    enemy.spawn(function* () {
      yield* sleep(10);
      wokeAt = game.now;
    });
    game.advance(20); // enemy at 5 of 10
    expect(enemy.now).toBe(5);
    level.timeScale = 1; // enemy now at 0.5: 5 more enemy ms = 10 host ms
    expect(enemy.effectiveScale).toBe(0.5);
    framesUntil(game, 2, () => wokeAt >= 0);
    expect(wokeAt).toBe(30);
  });

  it("the host's time scale moves every group's time and every sleep, but not unscaled waits", () => {
    const game = new FrameHost({ timeScale: 0.5 });
    const world = game.group("world");
    const log: string[] = [];
    world.spawn(function* () {
      yield* sleep(20);
      log.push(`group sleep@${game.unscaledNow}`);
    });
    game.spawn(function* () {
      yield* sleep(20);
      log.push(`sleep@${game.unscaledNow}`);
    });
    game.spawn(function* () {
      yield* sleepUnscaled(20);
      log.push(`unscaled@${game.unscaledNow}`);
    });
    for (let i = 0; i < 4; i++) game.advance(10);
    expect(game.now).toBe(20);
    expect(game.deltaTime).toBe(5);
    expect(game.unscaledDeltaTime).toBe(10);
    expect(log).toEqual(["unscaled@20", "group sleep@40", "sleep@40"]);
  });

  it("unscaled waits go on while the host is paused, and land at their place in a frame when it is not", () => {
    const game = new FrameHost();
    const times: number[] = [];
    game.spawn(function* () {
      for (let i = 0; i < 3; i++) {
        yield* sleepUnscaled(25);
        times.push(game.scheduler.now);
      }
    });
    game.timeScale = 0;
    // While the clock stands still, a wait counts from the frame's end: it started in frame 1 (unscaled 0..10), so it ends at 35.
    for (let i = 0; i < 3; i++) game.advance(10);
    expect(times).toEqual([]);
    expect(game.now).toBe(0);
    game.timeScale = 2;
    for (let i = 0; i < 6; i++) game.advance(10);
    // Frame 4 maps unscaled 30..40 onto host 0..20, so 35 is host 10; the next wait, from 35 to 60, ends
    // with frame 6 (host 60), and the last, from 60 to 85, in frame 9 (unscaled 80..90, host 100..120) at 110.
    expect(times).toEqual([10, 60, 110]);
  });

  it("a timeout in a paused group is paused too", () => {
    const game = new FrameHost();
    const world = game.group("world");
    let outcome = "";
    world.spawn(function* () {
      try {
        yield* timeout(50, sleep(1e9));
      } catch (error) {
        outcome = `${(error as Error).name}@${game.now}`;
      }
    });
    game.advance(30);
    world.timeScale = 0;
    for (let i = 0; i < 10; i++) game.advance(30);
    expect(outcome).toBe("");
    world.timeScale = 1;
    game.advance(30);
    // 30 ms before the pause, 20 after it: 330 + 20.
    expect(outcome).toBe("TimeoutError@350");
  });

  it("a select's deadline follows the group's clock", () => {
    const game = new FrameHost();
    const slow = game.group("slow", { timeScale: 0.5 });
    let picked = "";
    slow.spawn(function* () {
      const ch = channel<number>();
      const r = yield* select([ch.recv(), sleep(10)]);
      picked = `case ${r.index}@${game.now}`;
    });
    for (let i = 0; i < 5; i++) game.advance(5);
    expect(picked).toBe("case 1@20");
  });

  it("children spawned by a group's task follow the group", () => {
    const game = new FrameHost();
    const world = game.group("world", { timeScale: 0.5 });
    let childWoke = -1;
    world.spawn(function* () {
      const child = yield* spawn(function* () {
        yield* sleep(10);
        childWoke = game.now;
      });
      yield* child;
    });
    for (let i = 0; i < 5; i++) game.advance(5);
    expect(childWoke).toBe(20);
  });

  it("destroy cancels the group's tasks and its nested groups', runs their finally blocks, and refuses new ones", () => {
    const game = new FrameHost();
    const level = game.group("level");
    const enemy = level.group("enemy");
    const log: string[] = [];
    for (const [group, name] of [[level, "level"], [enemy, "enemy"]] as const) {
      group.spawn(function* () {
        try {
          for (;;) yield* nextFrame();
        } finally {
          log.push(`${name} cleaned up`);
        }
      });
    }
    const other = game.spawn(function* () {
      for (;;) yield* nextFrame();
    });
    game.advance(16);
    level.destroy();
    game.advance(16);
    expect(log.sort()).toEqual(["enemy cleaned up", "level cleaned up"]);
    expect(level.tasks).toEqual([]);
    expect(enemy.destroyed).toBe(true);
    expect(other.state).toBe("blocked");
    expect(() => enemy.spawn(function* () {})).toThrow(UsageError);
    expect(() => level.spawn(function* () {})).toThrow(/group "level" was destroyed/);
  });

  it("cancelAll stops the group's tasks and keeps the group", () => {
    const game = new FrameHost();
    const enemy = game.group("enemy");
    const brain = enemy.spawn(function* patrol() {
      for (;;) yield* sleep(100);
    });
    game.advance(16);
    enemy.cancelAll();
    game.advance(16);
    expect(brain.state).toBe("cancelled");
    const flee = enemy.spawn(function* flee() {
      yield* sleep(10);
      return "fled";
    });
    game.advance(16);
    expect(flee.value).toBe("fled");
  });

  it("refuses a time scale that is not a finite number >= 0, and leaves the group as it was", () => {
    const game = new FrameHost();
    const world = game.group("world", { timeScale: 2 });
    for (const bad of [-1, NaN, Infinity, "1" as unknown as number]) {
      expect(() => (world.timeScale = bad)).toThrow(InvalidArgumentError);
      expect(() => game.group("g", { timeScale: bad })).toThrow(/time scale must be a finite number >= 0/);
      expect(() => (game.timeScale = bad)).toThrow(InvalidArgumentError);
    }
    expect(world.timeScale).toBe(2);
    expect(game.timeScale).toBe(1);
  });
});

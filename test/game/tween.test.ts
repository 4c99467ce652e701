import { FrameHost, InvalidArgumentError, all, easeInQuad, easeOutBack, now, race, run, sleep, spawn, cancel, tween } from "../../src/index.js";

describe("tween", () => {
  it("applies the start value, the eased value at each frame's end, and the end value exactly at the end", () => {
    const game = new FrameHost();
    const seen: [number, number][] = [];
    const t = game.spawn(function* () {
      yield* tween({ from: 10, to: 20, duration: 40, ease: easeInQuad, apply: (v) => seen.push([v, game.now]) });
      return yield* now();
    });
    for (let i = 0; i < 4; i++) game.advance(16);
    // Frame ends at 16 and 32: t = 0.4 and 0.8, eased 0.16 and 0.64; the end at 40, mid-frame.
    expect(seen.map(([, at]) => at)).toEqual([0, 16, 32, 40]);
    const values = seen.map(([v]) => v);
    expect(values[0]).toBe(10);
    expect(values[1]).toBeCloseTo(11.6, 12);
    expect(values[2]).toBeCloseTo(16.4, 12);
    expect(values[3]).toBe(20);
    expect(t.value).toBe(40);
  });

  it("a sequence does not drift: each tween starts where the last ended, to the millisecond", () => {
    const game = new FrameHost();
    const ends: number[] = [];
    game.spawn(function* () {
      for (let i = 0; i < 5; i++) {
        yield* tween({ duration: 30, apply: () => {} });
        ends.push(yield* now());
      }
    });
    for (let i = 0; i < 20; i++) game.advance(16.6);
    expect(ends).toEqual([30, 60, 90, 120, 150]);
  });

  it("runs in parallel with all, and races like any operation", () => {
    const game = new FrameHost();
    let x = 0;
    let y = 0;
    const t = game.spawn(function* () {
      yield* all([tween({ to: 100, duration: 50, apply: (v) => (x = v) }), tween({ to: 1, duration: 80, apply: (v) => (y = v) })]);
      yield* race([tween({ to: 5, duration: 1000, apply: (v) => (x = v) }), sleep(100)]);
      return yield* now();
    });
    for (let i = 0; i < 20; i++) game.advance(16);
    expect(y).toBe(1);
    expect(t.value).toBe(180);
    // The losing tween stopped where the last frame's end left it: at 176, 96 of 1000 ms from 0 to 5.
    expect(x).toBeCloseTo(0.48, 12);
  });

  it("cancelled, it leaves the value where it stopped, or at its end with onCancel: 'end'", () => {
    const game = new FrameHost();
    let stay = -1;
    let end = -1;
    const a = game.spawn(function* () {
      yield* tween({ from: 0, to: 100, duration: 100, apply: (v) => (stay = v) });
    });
    const b = game.spawn(function* () {
      yield* tween({ from: 0, to: 100, duration: 100, apply: (v) => (end = v), onCancel: "end" });
    });
    game.advance(25);
    a.cancel();
    b.cancel();
    game.advance(25);
    expect(a.state).toBe("cancelled");
    expect(stay).toBe(25);
    expect(end).toBe(100);
    // Off the host's lists: later frames change nothing.
    game.advance(100);
    expect(stay).toBe(25);
    expect(game.scheduler.timerCount).toBe(0);
  });

  it("an apply that throws fails the tween's task and no other, and the tween stops", () => {
    const game = new FrameHost({ onError: () => {} });
    let calls = 0;
    let other = 0;
    const bad = game.spawn(function* () {
      yield* tween({
        duration: 100,
        onCancel: "end",
        apply: (v) => {
          calls++;
          if (v > 0.2) throw new Error("sprite gone");
        },
      });
    });
    const good = game.spawn(function* () {
      yield* tween({ to: 10, duration: 100, apply: (v) => (other = v) });
    });
    for (let i = 0; i < 10; i++) game.advance(16);
    expect(bad.state).toBe("failed");
    expect((bad.error as Error).message).toBe("sprite gone");
    expect(calls).toBe(3); // 0, 0.16, 0.32 (which threw); "end" does not call it again
    expect(other).toBe(10);
    expect(good.state).toBe("done");
  });

  it("follows its task's time group: paused, it holds its value", () => {
    const game = new FrameHost();
    const world = game.group("world");
    let x = 0;
    const t = world.spawn(function* () {
      yield* tween({ to: 100, duration: 100, apply: (v) => (x = v) });
      return game.now;
    });
    game.advance(50);
    world.timeScale = 0;
    for (let i = 0; i < 5; i++) game.advance(50);
    expect(x).toBe(50);
    world.timeScale = 2;
    game.advance(50);
    expect(t.value).toBe(325); // 50 ms of the group's time left, at double speed
    expect(x).toBe(100);
  });

  it("a zero duration applies the end value at once; overshooting curves overshoot", () => {
    const game = new FrameHost();
    const seen: number[] = [];
    game.spawn(function* () {
      yield* tween({ from: 3, to: 7, duration: 0, apply: (v) => seen.push(v) });
      yield* tween({ from: 0, to: 1, duration: 100, ease: easeOutBack, apply: (v) => seen.push(v) });
    });
    for (let i = 0; i < 8; i++) game.advance(16);
    expect(seen[0]).toBe(7);
    expect(Math.max(...seen.slice(1))).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it("a cancelled parent cancels a tween in a child task", () => {
    const game = new FrameHost();
    let x = 0;
    const parent = game.spawn(function* () {
      const child = yield* spawn(tween({ to: 10, duration: 100, apply: (v) => (x = v) }));
      yield* sleep(50);
      yield* cancel(child);
      return x;
    });
    for (let i = 0; i < 10; i++) game.advance(10);
    // The parent's timer at 50 runs before that frame's end: the last value drawn was at 40.
    expect(parent.value).toBe(4);
    game.advance(10);
    expect(x).toBe(4);
  });

  it("a tween runs once: yielding the same one again is refused", () => {
    const game = new FrameHost();
    const t = game.spawn(function* () {
      const fade = tween({ duration: 10, apply: () => {} });
      yield* fade;
      yield* fade;
    });
    expect(() => {
      for (let i = 0; i < 3; i++) game.advance(16);
    }).toThrow(/yielded a tween that already ran; call tween\(\) again/);
    expect(t.state).toBe("failed");
  });

  it("refuses bad options with a message that says what to pass, and needs a FrameHost", () => {
    const apply = (): void => {};
    expect(() => tween(null as never)).toThrow(InvalidArgumentError);
    expect(() => tween({ duration: -1, apply })).toThrow(InvalidArgumentError);
    expect(() => tween({ duration: 10, apply: 3 as never })).toThrow(/apply must be a function/);
    expect(() => tween({ duration: 10, from: NaN, apply })).toThrow(/from must be a finite number/);
    expect(() => tween({ duration: 10, ease: "quad" as never, apply })).toThrow(/ease must be an easing function/);
    expect(() => tween({ duration: 10, onCancel: "later" as never, apply })).toThrow(/onCancel must be "stay" or "end"/);
    expect(() =>
      run(function* () {
        yield* tween({ duration: 10, apply });
      }),
    ).toThrow(/tween\(\), which needs a FrameHost/);
  });
});

describe("a tween describes itself", () => {
  it("in dump() and waitingOn, before it starts, while it runs (from its row in the frame's table) and after", () => {
    const game = new FrameHost();
    const op = tween({ from: 2, to: 8, duration: 120, apply: () => {} });
    // Without onCancel: "end", tween() gives its instruction itself, which describes itself.
    const describe = (): string => (op as unknown as { describe(): string }).describe();
    expect(describe()).toBe("tween(2 → 8, 120 ms)");
    const t = game.spawn(function* () {
      yield* op;
    });
    game.advance(16);
    expect(t.waitingOn).toBe("tween(2 → 8, 120 ms)");
    expect(game.scheduler.dump()).toContain("tween(2 → 8, 120 ms)");
    for (let i = 0; i < 10; i++) game.advance(16);
    expect(t.isFinished).toBe(true);
    expect(describe()).toBe("tween(→ 8)");
  });
});

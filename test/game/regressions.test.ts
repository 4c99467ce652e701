/**
 * Regressions found by a review of the game-loop toolkit (FrameHost time
 * groups, frame phases, tweens). Each test failed before its fix; its
 * comment says what is expected and why, and what went wrong before.
 */
import { FrameHost, sleep, sleepUnscaled, nextFixedStep, nextFrame, tween } from "../../src/index.js";

describe("review: sleepUnscaled", () => {
  // Expected: sleepUnscaled(5) in 20 ms frames wakes 5 ms of unscaled time
  // later, inside the same frame, exactly like sleep(5) does at scale 1
  // (the docs: it "counts the frames' dt as passed"). Before the fix: an unscaled
  // wait is moved to the kernel's heap only by beginFrame(), at the frame's
  // START; a wait parked during a frame whose deadline falls in that same
  // frame sits in the unscaled heap until the next frame, and is then
  // clamped to that frame's start. So every unscaled wait shorter than the
  // rest of the frame ends one frame late, and a loop of them degrades to
  // one wake-up per frame (5 wake-ups in 120 ms instead of 24).
  it("a short unscaled wait parked mid-frame ends in the same frame, like sleep()", () => {
    const game = new FrameHost();
    const unscaled: number[] = [];
    const scaled: number[] = [];
    game.spawn(function* () {
      for (;;) {
        yield* sleepUnscaled(5);
        unscaled.push(game.now);
      }
    });
    game.spawn(function* () {
      for (;;) {
        yield* sleep(5);
        scaled.push(game.now);
      }
    });
    for (let i = 0; i < 6; i++) game.advance(20);
    expect(scaled.slice(0, 6)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(unscaled.slice(0, 6)).toEqual([5, 10, 15, 20, 25, 30]); // before the fix: [20, 40, 60, 80, 100]
  });
});

describe("review: a destroyed group's alarm", () => {
  // Expected: once a group is destroyed and its tasks are gone, no timer of
  // the group stays armed in the scheduler (timerCount 0, nextDeadline
  // Infinity). Before the fix: cancelling a task removes its entry from the group's
  // heap but nothing re-arms the group's alarm, so the kernel keeps the alarm
  // armed at the cancelled sleep's deadline (here 1e9 ms away). It keeps the
  // destroyed group (its heap, children, context) reachable from the
  // scheduler's heap until then, and any loop that reads nextDeadline() or
  // timerCount (to sleep the process until the next timer, to decide the
  // game is idle, a test asserting no timers are left) sees a phantom timer.
  // Fix: TimeGroup.destroy() (and ideally a removal from its heap that empties
  // it or takes its top) calls armAlarm(); or give the group heap a hook.
  it("leaves no timer armed after destroy()", () => {
    const game = new FrameHost();
    const enemy = game.group("enemy");
    enemy.spawn(function* () {
      yield* sleep(1e9);
    });
    game.advance(16);
    enemy.destroy();
    game.advance(16);
    expect(game.scheduler.liveTasks).toBe(0);
    expect(game.scheduler.nextDeadline()).toBe(Infinity); // before the fix: 1000000000
    expect(game.scheduler.timerCount).toBe(0); // before the fix: 1
  });
});

describe("review: FrameUpdates list growth", () => {
  // Expected: the frame's-end list stays bounded by the tweens alive at once.
  // Before the fix: remove() leaves a null hole and only run() compacts, but run() is
  // called only when `length` (live tweens) > 0. A tween that starts and ends
  // within one frame (shorter than a frame, or cancelled in the frame) with
  // no other tween alive at the frame's end leaves a hole that is never
  // closed: the array grows by one slot per such tween, forever (a particle
  // effect, a 10 ms flash, a UI tween raced and cancelled).
  // Fix: compact (or reset `items.length = 0` when live === 0) in remove(), or
  // call run() whenever items.length > 0.
  it("does not grow with tweens that start and end within a frame", () => {
    const game = new FrameHost();
    game.spawn(function* () {
      for (;;) {
        yield* tween({ to: 1, duration: 5, apply: () => {} });
        yield nextFrame();
      }
    });
    for (let i = 0; i < 1000; i++) game.advance(16);
    const rows = game.phases.tweens.slots;
    expect(game.phases.tweens.length).toBe(0);
    expect(rows).toBeLessThan(10); // before the fix: 1000 (one null per tween)
  });
});

describe("review: a destroyed nested group leaves its parent's clock", () => {
  // Expected (docs: destroy() "Cleanup code still runs on the group's clock",
  // and a group's effective scale is its own times its ancestors'): when a
  // level is paused, the cleanup of an enemy destroyed inside it is paused
  // too. Before the fix: destroy() splices the group out of parent.children, so the
  // parent's retime() no longer reaches it: the destroyed group keeps its old
  // effective scale, and its finally's sleep(100) ends while the level is
  // paused (enemy.now runs to 210 while level.now stays 10).
  // Fix: keep a destroyed group in its parent's children until its last task
  // has finished (or keep retiming through a separate list).
  it("a paused parent pauses the cleanup of a destroyed child group", () => {
    const game = new FrameHost();
    const level = game.group("level");
    const enemy = level.group("enemy");
    let cleanedAt = -1;
    enemy.spawn(function* () {
      try {
        for (;;) yield nextFrame();
      } finally {
        yield* sleep(100); // a death animation
        cleanedAt = game.now;
      }
    });
    game.advance(10);
    enemy.destroy();
    level.timeScale = 0; // pause menu: the level, and everything in it, stops
    for (let i = 0; i < 20; i++) game.advance(10);
    expect(enemy.now).toBe(level.now); // before the fix: 210 vs 10
    expect(cleanedAt).toBe(-1); // before the fix: 110
  });
});

describe("review: fixed steps at the display rate", () => {
  // Expected: with fixedStep = 1000/60 and frames of exactly 1000/60 ms
  // (vsync at 60 Hz, the commonest setup), one fixed step per frame. Actual:
  // the grid point origin + k*step is computed by multiplication while the
  // clock is a running sum of dt, and the two round differently: some frames
  // get 0 steps and the next 2 (physics stutter, visible as a hitch), 5 times
  // in 200 frames. Fix: compare with a tolerance (fire a grid point within a
  // few ulps of the frame's end in that frame), or keep the grid as a running
  // sum of step like the clock, or snap target to the grid when within epsilon.
  it("runs exactly one step per frame when dt equals the step", () => {
    const step = 1000 / 60;
    const game = new FrameHost({ fixedStep: step });
    game.spawn(function* () {
      for (;;) yield* nextFixedStep();
    });
    const perFrame: number[] = [];
    for (let i = 0; i < 200; i++) {
      const before = game.fixedSteps;
      game.advance(step);
      perFrame.push(game.fixedSteps - before);
    }
    expect(perFrame.filter((n) => n !== 1)).toEqual([]); // before the fix: [0, 2, 0, 2, ...]
  });
});

describe("review: tween onCancel: \"end\" and errors", () => {
  // Expected: when `apply` throws for the start value, the task gets THAT
  // error, and `apply` is not called again (the tween was not cancelled: it
  // failed). Before the fix: tryNow() throws before `failed` is set, so
  // endOnCancel's finally sees !ended && !failed and calls apply(to) again;
  // when that throws too (the same broken apply usually does) its error
  // replaces the original one: the game developer sees "call 2", not the
  // error of the call that actually failed. Fix: set `failed = true` when the
  // apply in tryNow throws (try/catch there), and only apply the end value on
  // cancellation (check task.isCancelled / the error is a CancelledError).
  it("keeps the start value's error and does not apply the end value after a failure", () => {
    const game = new FrameHost();
    let calls = 0;
    let caught: unknown;
    game.spawn(function* () {
      try {
        yield* tween({
          from: 0,
          to: 100,
          duration: 100,
          onCancel: "end",
          apply: () => {
            calls++;
            throw new Error(`call ${calls}`);
          },
        });
      } catch (error) {
        caught = error;
      }
    });
    game.advance(20);
    expect((caught as Error).message).toBe("call 1"); // before the fix: "call 2"
    expect(calls).toBe(1); // before the fix: 2
  });
});

describe("review: sleep(0) in a paused group", () => {
  // Expected: a wait whose deadline is already reached ends even while its
  // group is paused: sleep(0) is "a timer due now" (timeout.ts), and
  // sleepUnscaled(0) is special-cased to fire this instant. A task of a
  // paused group that is woken by something else (a message, an input, its
  // own cancellation's cleanup) and does `yield* sleep(0)` (or timeout(0, …),
  // or a select with a 0 deadline) should go on. Before the fix: armAfter puts it in
  // the group's heap and armAlarm() returns early when the effective scale
  // is 0, so a deadline that is already due never fires until the group is
  // resumed. Fix: in armAlarm, when the earliest deadline is <= now, arm the
  // alarm at the host's now whatever the scale.
  it("a sleep(0) ends while the group is paused", () => {
    const game = new FrameHost();
    const world = game.group("world", { timeScale: 0 });
    let after = false;
    world.spawn(function* () {
      yield* sleep(0);
      after = true;
    });
    for (let i = 0; i < 3; i++) game.advance(16);
    expect(after).toBe(true); // before the fix: false, until world.timeScale > 0
  });
});

describe("review: game.unscaledNow inside a frame", () => {
  // Expected (docs: unscaledNow is Unity's Time.unscaledTime; game.now reads
  // the exact instant of a timer within the frame): with a time scale of 1,
  // unscaled time equals game time at every instant, also mid-frame. Actual:
  // advance() adds the whole dt to unscaledNow before anything runs, so a
  // task woken at t=5 of a 20 ms frame reads unscaledNow 20 while now reads
  // 5 (the phases have the right value internally: phases.unscaledNow()).
  // Fix: make unscaledNow a getter over phases.unscaledNow().
  it("reads the same as now at scale 1, mid-frame", () => {
    const game = new FrameHost();
    const seen: [number, number][] = [];
    game.spawn(function* () {
      yield* sleep(5);
      seen.push([game.now, game.unscaledNow]);
    });
    game.advance(20);
    expect(seen).toEqual([[5, 5]]); // before the fix: [[5, 20]]
  });
});

describe("review: nested groups are never released", () => {
  // Expected: a nested group whose tasks have all finished and that nobody
  // references can be collected (a group per explosion / per effect, made
  // with level.group("fx") and spawned into fire-and-forget). Before the fix: the
  // parent keeps every child in `children` until destroy() is called on it,
  // so each such group (its heap, alarm, context map, member set) leaks for
  // the life of the level; the docs never say a nested group must be
  // destroyed. Fix: drop a child from the parent's list when its last task
  // finishes and it has no children (re-adding it on spawn), or document
  // that destroy() is required and make it cheap.
  it("does not keep finished nested groups", () => {
    const game = new FrameHost();
    const level = game.group("level");
    for (let i = 0; i < 100; i++) {
      level.group(`fx${i}`).spawn(function* () {
        yield* sleep(5);
      });
    }
    for (let i = 0; i < 3; i++) game.advance(16);
    expect(game.scheduler.liveTasks).toBe(0);
    const children = (level as unknown as { children: unknown[] }).children;
    expect(children.length).toBe(0); // before the fix: 100
  });
});

describe("review: dropping the fixed-step backlog can hang advance()", () => {
  // Expected: a hitch frame (here 200 ms after 195 frames of 20 ms, so the
  // clock goes 3900 -> 4100) with fixedStep 1000/60 runs 8 steps, drops the
  // rest, and returns. Before the fix: advance() never returns. fixedStepDue() drops
  // to index next = floor((frameTarget - origin) / step) + 1 = 246 (4100 /
  // 16.666666666666668 = 245.99999999999997), and re-arms at origin + 246 *
  // step = 4100, which is <= the frame's target: the timer fires again in
  // the same frame, the cap is still reached, `next` is 246 again, and the
  // same deadline is re-armed forever (an infinite loop in the frame; no
  // task runs, so the step budget cannot stop it). Any integer-ms game clock
  // hits this at 1050, 2050, 2100, 4100, ... whenever a long frame ends there.
  // Fix: compute next as the first index whose grid time is > frameTarget
  // (while (origin + next * step <= frameTarget) next++), using the same
  // expression the timer is armed with.
  // The test guards the hang: armAt throws after 10,000 re-arms.
  it("returns from a long frame that ends on a grid point", () => {
    const game = new FrameHost({ fixedStep: 1000 / 60 });
    const s = game.scheduler as unknown as { armAt: (entry: unknown, deadline: number) => void };
    const armAt = s.armAt.bind(s);
    let arms = 0;
    s.armAt = (entry, deadline) => {
      if (++arms > 10_000) throw new Error(`the fixed-step timer was re-armed at ${deadline} 10,000 times in one frame`);
      armAt(entry, deadline);
    };
    game.spawn(function* () {
      for (;;) yield* nextFixedStep();
    });
    for (let i = 0; i < 195; i++) game.advance(20);
    arms = 0;
    expect(() => game.advance(200)).not.toThrow(); // before the fix: the guard's error (an endless loop without it)
    expect(game.now).toBe(4100);
  });
});

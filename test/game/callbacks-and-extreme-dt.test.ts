/**
 * Soundness of the game-loop toolkit when user code runs inside the host's
 * own bookkeeping (a tween's apply, a waitUntil predicate) and when a frame's
 * dt is absurdly large. Each test failed before its fix; its comment says
 * what is expected and what went wrong.
 */
import { FrameHost, InvalidArgumentError, UsageError, nextFixedStep, run, sleep, tween, waitUntil } from "../../src/index.js";

describe("the frame host with user code in its bookkeeping, and an absurd dt", () => {
  // Expected: advance() called from a tween's apply or a waitUntil predicate
  // (user code the frame runs outside any task) is refused with a
  // UsageError, which fails the task concerned; the outer frame goes on.
  // Before the fix: refuseReentry() only sees a running task, so the call
  // ran a whole nested frame in the middle of the outer one's tween pass
  // (frame counted twice, the clock moved under the pass).
  it("advance() called from a tween's apply or a waitUntil predicate is refused, and the error is the task's", () => {
    const game = new FrameHost();
    const errors: unknown[] = [];
    game.spawn(function* () {
      try {
        yield* tween({ duration: 100, apply: (v) => (v > 0 ? game.advance(10) : undefined) });
      } catch (error) {
        errors.push(error);
      }
    });
    game.spawn(function* () {
      try {
        yield* waitUntil(() => game.frame > 0 && game.advance(10) > 0);
      } catch (error) {
        errors.push(error);
      }
    });
    game.advance(16);
    expect(game.frame).toBe(1); // before the fix: 11 (nested frames, each running the pass again)
    expect(game.now).toBe(16);
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toBeInstanceOf(UsageError);
    game.advance(16); // the host is usable afterwards
    expect(game.frame).toBe(2);
  });

  // Expected: a predicate that throws, whatever it throws, fails the wait
  // (the error is thrown at the yield). Before the fix: the error was kept
  // in a variable whose "nothing thrown" value was undefined, so
  // `throw undefined` resumed the task as if the predicate had held.
  it("a waitUntil predicate that throws undefined fails the wait rather than ending it", () => {
    const game = new FrameHost();
    let outcome = "waiting";
    let checks = 0;
    game.spawn(function* () {
      try {
        yield* waitUntil(() => {
          // The first check is at the call; the second, at the next frame's start, throws.
          if (++checks > 1) throw undefined;
          return false;
        });
        outcome = "resumed";
      } catch (error) {
        outcome = `threw ${String(error)}`;
      }
    });
    game.advance(16);
    game.advance(16);
    expect(checks).toBe(2);
    expect(outcome).toBe("threw undefined"); // before the fix: "resumed"
  });

  // Expected: once a predicate has cancelled other waiting tasks (here by
  // destroying their group), their predicates are not called again. Before
  // the fix: the walk over the waiters kept going through the stale link of
  // the current node, removed with its own task, and called the predicate
  // of the next cancelled waiter, user code that may read the destroyed
  // entity.
  it("a predicate that destroys a group does not see the predicates of the group's other tasks called afterwards", () => {
    const game = new FrameHost();
    const level = game.group("level");
    let destroyed = false;
    let callsAfterDestroy = 0;
    level.spawn(function* () {
      yield* waitUntil(() => {
        if (game.frame === 2) {
          level.destroy();
          destroyed = true;
        }
        return false;
      });
    });
    level.spawn(function* () {
      yield* waitUntil(() => {
        if (destroyed) callsAfterDestroy++;
        return false;
      });
    });
    for (let i = 0; i < 3; i++) game.advance(16);
    expect(level.tasks).toHaveLength(0);
    expect(callsAfterDestroy).toBe(0); // before the fix: 1
  });

  // Expected: a frame whose dt times the time scale overflows the clock
  // (Infinity) is refused with an InvalidArgumentError before anything
  // changes. Before the fix: advance() never returned: with the target at
  // Infinity, "next deadline <= target" held even with no timer armed, and
  // advanceTo(Infinity) threw inside the loop, where the error was kept as a
  // timer's failure and the loop went round again. The guard on
  // nextDeadline() turns the endless loop into an error.
  it("a dt that overflows the clock once scaled is refused, and the host stays as it was", () => {
    const game = new FrameHost({ timeScale: 2 });
    const s = game.scheduler as unknown as { nextDeadline: () => number };
    const nextDeadline = s.nextDeadline.bind(s);
    let calls = 0;
    s.nextDeadline = () => {
      if (++calls > 10_000) throw new Error("advance() is looping: nextDeadline() read 10,000 times in one frame");
      return nextDeadline();
    };
    const woke: number[] = [];
    game.spawn(function* () {
      yield* sleep(5);
      woke.push(game.now);
    });
    game.advance(1);
    calls = 0;
    expect(() => game.advance(1e308)).toThrow(InvalidArgumentError);
    expect(game.frame).toBe(1);
    expect(game.now).toBe(2);
    game.advance(2);
    expect(woke).toEqual([5]);
  });

  // Expected: a hitch frame so long that the clock lands where adding one
  // fixed step no longer changes it (1e18 ms, a timestamp in nanoseconds
  // passed as a dt) runs its capped steps, drops the rest and returns.
  // Before the fix: dropping the backlog added the step to the grid point
  // until it passed the frame's end, which it never did (an endless loop,
  // with no task running, so no step budget could stop it). The guard on
  // frameTarget, which that loop reads, turns it into an error.
  it("a frame whose end is too large for the fixed step to move the grid returns", () => {
    const game = new FrameHost({ fixedStep: 20 });
    const phases = game.phases as unknown as Record<string, number>;
    let target = phases["frameTarget"] as number;
    let reads = 0;
    Object.defineProperty(phases, "frameTarget", {
      get: () => {
        if (++reads > 1_000_000) throw new Error("the fixed-step backlog is being dropped one step at a time without end");
        return target;
      },
      set: (value: number) => {
        target = value;
      },
    });
    game.spawn(function* () {
      for (;;) yield* nextFixedStep();
    });
    expect(() => game.advance(1e18)).not.toThrow();
    expect(game.now).toBe(1e18);
    expect(game.fixedSteps).toBe(8);
    expect(game.scheduler.nextDeadline()).toBeGreaterThan(1e18);
  });

  // Expected: a tween yielded on a host without frames fails with the
  // UsageError that says so, and its apply is never called: it never
  // started. Before the fix: the host check ran before the tween marked
  // itself failed, so onCancel: "end"'s cleanup took it for a cancelled
  // tween and applied the end value (and an apply that threw there would
  // have replaced the UsageError).
  it("a tween with onCancel: 'end' on a host without frames fails without applying its end value", () => {
    const applied: number[] = [];
    expect(() =>
      run(function* () {
        yield* tween({ duration: 10, onCancel: "end", apply: (v) => applied.push(v) });
      }),
    ).toThrow(UsageError);
    expect(applied).toEqual([]); // before the fix: [1]
  });
});

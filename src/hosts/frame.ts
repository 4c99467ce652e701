/**
 * The frame host: a game loop calls `advance(dtMs)` once per frame. Each call
 * wakes the tasks waiting for a new frame, runs what is ready, fires the
 * timers due within the frame in deadline order (the clock reading each
 * deadline in turn), and returns. A step budget bounds the work per frame;
 * what is left over continues next frame.
 *
 * Invariants: an idle frame (nothing ready, no timer due, no frame waiter)
 * allocates nothing; the clock only moves forward, so a timer that could not
 * run within an exhausted budget fires late (next frame), never early.
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/errors.js";
import { Instruction, WAIT } from "../kernel/instruction.js";
import type { Waiting } from "../kernel/instruction.js";
import { WaitList, WaitNode } from "../kernel/wait-list.js";
import { Scheduler } from "../kernel/scheduler.js";
import type { SchedulerOptions, Spawnable } from "../kernel/scheduler.js";
import type { Task } from "../kernel/task.js";
import { checkCount } from "../kernel/instructions.js";
import { checkDuration, checkOnError, checkStepBudget, refuseReentry } from "../kernel/scheduler.js";
import { TimeGroup, checkScale } from "../game/time-group.js";
import type { TimeGroupOptions } from "../game/time-group.js";
import { FramePhases, phasesFor } from "../game/frame-phases.js";

/**
 * Options of {@link FrameHost}.
 *
 * @category Hosts
 */
export interface FrameOptions extends SchedulerOptions {
  /** Default step budget per frame (default: unlimited). */
  maxStepsPerFrame?: number;
  /** The host's time scale (default 1): each frame's dt is multiplied by it (see {@link FrameHost.timeScale}). */
  timeScale?: number;
  /**
   * The fixed timestep, in milliseconds of scaled time, for
   * {@link nextFixedStep} (physics, network ticks). Default: none.
   */
  fixedStep?: number;
  /**
   * At most this many fixed steps per frame (default 8). A frame that
   * would need more drops the rest of its backlog instead of running ever
   * more steps to catch up (the "spiral of death"); they are counted in
   * {@link FrameHost.droppedFixedSteps}.
   */
  maxFixedStepsPerFrame?: number;
  /**
   * Called with each error no task handled, and the task it came from (null
   * for an error no task caused: a timer whose fire() threw); by default
   * `advance` throws it, once the frame is complete.
   */
  onError?: (error: unknown, task: Task<unknown> | null) => void;
}

/**
 * Per-call options of {@link FrameHost.advance}. Hoist the object to keep frames allocation-free.
 *
 * @category Hosts
 */
export interface AdvanceOptions {
  /** Step budget for this frame (overrides the host's default). */
  maxSteps?: number;
}

/**
 * A task waiting for a frame: a node of the host's WaitList (in the order
 * they started waiting), so that a cancelled waiter leaves it in O(1).
 */
class FrameWaiter extends WaitNode {
  // Assigned in the constructor, not initialized as fields: see WaitNode.
  /** Frame number at which to wake (unused by a predicate wait). */
  declare readonly frame: number;
  declare readonly predicate: (() => boolean) | null;
  constructor(task: Task<unknown>, what: FrameWait, frame: number, predicate: (() => boolean) | null) {
    super(task, what);
    this.frame = frame;
    this.predicate = predicate;
  }
}


/**
 * Drives tasks from a game loop.
 *
 * @example
 * ```ts
 * const game = new FrameHost({ maxStepsPerFrame: 10_000 });
 * game.spawn(enemyBrain, enemy);
 * let last = performance.now();
 * function frame(t: number) { game.advance(t - last); last = t; requestAnimationFrame(frame); }
 * requestAnimationFrame(frame);
 * ```
 *
 * @category Hosts
 */
export class FrameHost {
  /** The scheduler this host runs: for spawning, `dump()` and the clock (`scheduler.now`). */
  readonly scheduler: Scheduler;
  /** Frames advanced so far. */
  frame = 0;
  /** Steps run by the last `advance`. */
  lastSteps = 0;
  /** The last frame's dt times the time scale: how far the host's clock moved (Unity's `Time.deltaTime`). */
  deltaTime = 0;
  /** The last frame's dt as passed to `advance` (Unity's `Time.unscaledDeltaTime`). */
  unscaledDeltaTime = 0;
  /** Fixed steps run so far (see {@link nextFixedStep}). */
  fixedSteps = 0;
  /** Fixed steps dropped because a frame needed more than `maxFixedStepsPerFrame`. */
  droppedFixedSteps = 0;
  private scale: number;
  /**
   * True while a frame runs. refuseReentry() sees only a running task, but a
   * frame also runs user code outside any task (a tween's apply, a
   * waitUntil predicate); a frame advanced from there would run inside the
   * outer one's bookkeeping (its tween pass, its walk over the waiters).
   */
  private advancing = false;
  private readonly defaultBudget: number;
  private readonly onError: ((error: unknown, task: Task<unknown> | null) => void) | null;
  /** @internal The waiters, oldest first; a cancelled one leaves in O(1). */
  readonly waiters = new WaitList<void, FrameWaiter>();
  /** @internal The phases beyond the frame's start: fixed steps, unscaled waits, tweens, the frame's end. */
  readonly phases: FramePhases;

  constructor(options: FrameOptions = {}) {
    this.scheduler = new Scheduler(options);
    // Checked here, once, rather than failing (or rounding) at every advance().
    this.defaultBudget = checkStepBudget("FrameHost()", "maxStepsPerFrame", options.maxStepsPerFrame ?? Infinity);
    this.onError = checkOnError("FrameHost()", options.onError);
    this.scale = checkScale("FrameHost(): timeScale", options.timeScale ?? 1);
    this.phases = new FramePhases(this, options);
  }

  /**
   * Unscaled time: the sum of the frames' dt as passed, whatever the time
   * scale (Unity's `Time.unscaledTime`); within a frame, the point of it
   * the clock has reached (the frame's end while the clock stands still).
   *
   * @example
   * ```ts
   * const since = game.unscaledNow - menuOpenedAt; // real time in the menu, paused game or not
   * ```
   */
  get unscaledNow(): number {
    return this.phases.unscaledNow();
  }

  /** The current time, in milliseconds: the sum of the frames' dt, each times the time scale then (Unity's `Time.time`). */
  get now(): number {
    return this.scheduler.now;
  }

  /**
   * The host's time scale: each frame moves the clock by dt times it, so
   * every wait (sleep, timeouts, tweens, fixed steps, every group) follows
   * it; 0 pauses them all, but not {@link sleepUnscaled} nor frame waits.
   * A change made during a frame applies from the next one. To pause the
   * game but not its menus, scale a {@link TimeGroup} instead.
   *
   * @example
   * ```ts
   * game.timeScale = 0.25; // bullet time
   * ```
   */
  get timeScale(): number {
    return this.scale;
  }

  /** Sets the time scale: a finite number >= 0, else an InvalidArgumentError. */
  set timeScale(scale: number) {
    this.scale = checkScale("FrameHost: timeScale", scale);
  }

  /**
   * Makes a group of tasks with its own time scale (an entity, a level,
   * the UI); see {@link TimeGroup}.
   *
   * @example
   * ```ts
   * const world = game.group("world");
   * world.spawn(enemyBrain, enemy);
   * world.timeScale = 0; // paused, while the UI's group goes on
   * ```
   */
  group(name: string, options?: TimeGroupOptions): TimeGroup {
    return new TimeGroup(this, null, name, options);
  }

  /**
   * How far the clock is between the last fixed step and the next, from 0
   * to 1: render physics state interpolated by it for smooth motion.
   *
   * @example
   * ```ts
   * const x = body.prevX + (body.x - body.prevX) * game.fixedAlpha;
   * ```
   */
  get fixedAlpha(): number {
    return this.phases.fixedAlpha();
  }

  /**
   * Starts a top-level task; it runs from the next `advance`.
   *
   * @example
   * ```ts
   * const brain = game.spawn(patrol, guard);
   * ```
   */
  spawn<T, A extends unknown[]>(source: Spawnable<T, A>, ...args: A): Task<T> {
    return this.scheduler.spawn(source, ...args);
  }

  /**
   * Runs one frame of `dtMs` milliseconds. Returns the number of steps run.
   * In order: the tasks waiting for a new frame; the timers and fixed steps
   * due within the frame, in time order, the clock reading each in turn;
   * the tweens' values at the frame's end; the tasks waiting for the end of
   * the frame. A call from inside a frame (a tween's `apply`, a `waitUntil`
   * predicate) is refused with a UsageError, and a dt that would take the
   * clock past the largest number with an InvalidArgumentError.
   *
   * @example
   * ```ts
   * const budget = { maxSteps: 5000 };
   * game.advance(16.7, budget);
   * ```
   */
  advance(dtMs: number, options?: AdvanceOptions): number {
    checkDuration("advance", dtMs);
    refuseReentry("FrameHost.advance()");
    const s = this.scheduler;
    const maxSteps = options?.maxSteps ?? null;
    // The constructor's rule; the default was checked there.
    const budget = maxSteps === null ? this.defaultBudget : checkStepBudget("FrameHost.advance()", "maxSteps", maxSteps);
    if (this.advancing) {
      throw new UsageError(
        "FrameHost.advance() was called during a frame of the same host (from a tween's apply, a waitUntil predicate or a timer): a frame cannot run inside another; note what is to be done there, and advance after the frame returns",
      );
    }
    const start = s.now;
    const target = start + dtMs * this.scale;
    if (!(target < Infinity)) {
      throw new InvalidArgumentError(
        `advance(${dtMs}): ${dtMs} ms at time scale ${this.scale} takes the clock (now ${start} ms) past the largest number; pass the frame's dt in milliseconds, clamped as a game loop does (Math.min(dt, 100))`,
      );
    }
    const phases = this.phases;
    // A timer whose fire() throws does not cut the frame short: the frame
    // runs to its end (the clock reaches `target`), then the error is reported.
    let timerFailure: { error: unknown } | null = null;
    let steps: number;
    this.advancing = true;
    try {
      phases.beginFrame(dtMs);
      this.deltaTime = target - start;
      this.unscaledDeltaTime = dtMs;
      this.frame++;
      this.wakeFrameWaiters();
      steps = s.runReady(budget);
      while (steps < budget && s.nextDeadline() <= target) {
        try {
          s.advanceTo(s.nextDeadline());
        } catch (error) {
          timerFailure ??= { error };
        }
        steps += s.runReady(budget - steps);
      }
      if (target > s.now) s.now = target;
      if (phases.endOfFrameWork() && steps < budget) steps += s.runReady(budget - steps);
    } finally {
      this.advancing = false;
    }
    this.lastSteps = steps;
    this.reportUncaught();
    if (timerFailure !== null) this.report(timerFailure.error, null);
    return steps;
  }

  /** Wakes, in the order they started waiting, the tasks whose frame has come or whose predicate holds. */
  private wakeFrameWaiters(): void {
    // Only the waiters present now are visited (wake-ups only queue tasks,
    // so none is added meanwhile). A node removed meanwhile (a predicate
    // cancelled its task) keeps its `next`, which leads on to later nodes.
    const waiters = this.waiters;
    const last = waiters.last();
    let w = waiters.first();
    while (w !== null) {
      // A node no longer listed (its task cancelled by an earlier predicate,
      // reached through the stale link of a node removed with it) is passed
      // over: its predicate is not called again.
      if (w.list === (waiters as unknown)) {
        let due: boolean;
        // A flag, not a test of the error: a predicate may throw undefined.
        let threw = false;
        let failure: unknown = undefined;
        if (w.predicate === null) due = w.frame <= this.frame;
        else {
          try {
            due = w.predicate();
          } catch (error) {
            due = true;
            threw = true;
            failure = error;
          }
        }
        if (due && w.list === (waiters as unknown)) {
          waiters.remove(w);
          if (threw) w.task.resumeWithError(failure, w);
          else w.task.resume(undefined, w);
        }
      }
      if (w === last) break;
      w = w.next as FrameWaiter | null;
    }
  }

  private reportUncaught(): void {
    const uncaught = this.scheduler.uncaught;
    while (uncaught.length > 0) {
      const { task, error } = uncaught.shift() as { task: Task<unknown>; error: unknown };
      this.report(error, task);
    }
  }

  private report(error: unknown, task: Task<unknown> | null): void {
    if (this.onError === null) throw error;
    this.onError(error, task);
  }
}

class FrameWait extends Instruction<void> {
  constructor(
    private readonly frames: number,
    private readonly predicate: (() => boolean) | null,
    private readonly description: string,
  ) {
    super();
  }
  describe(): string {
    return this.description;
  }
  /** Completes at once when the predicate holds or no frame is to wait; a predicate's throw is thrown at the yield. */
  tryNow(task: Task<unknown>): void | Waiting {
    phasesFor(task, this.description); // refuses a task on another host
    if (this.predicate !== null ? this.predicate() : this.frames === 0) return undefined;
    return WAIT;
  }
  /** The task waits on a node of the host's list of waiters, which is also its wait (its undo unlinks it). */
  override park(task: Task<unknown>): void {
    const host = phasesFor(task, this.description).host;
    host.waiters.park(new FrameWaiter(task, this, host.frame + this.frames, this.predicate));
  }
}

const NEXT_FRAME = /* @__PURE__ */ new FrameWait(1, null, "nextFrame()");

/**
 * Waits until the start of the next frame.
 *
 * @example
 * ```ts
 * function* fadeOut(sprite: Sprite) { while (sprite.alpha > 0) { sprite.alpha -= 0.05; yield nextFrame(); } }
 * ```
 *
 * @category Hosts
 */
export function nextFrame(): Instruction<void> {
  return NEXT_FRAME;
}

/**
 * Waits `n` frames (`waitFrames(0)` continues at once).
 *
 * @example
 * ```ts
 * yield* waitFrames(30); // half a second at 60 fps
 * ```
 *
 * @category Hosts
 */
export function waitFrames(n: number): Instruction<void> {
  checkCount("waitFrames", n);
  return new FrameWait(n, null, `waitFrames(${n})`);
}

/**
 * Waits until `predicate()` holds, checking it once per frame (and once at
 * the call). If it throws, the error is thrown at the `yield*`.
 *
 * @example
 * ```ts
 * yield* waitUntil(() => player.distanceTo(guard) < 100);
 * ```
 *
 * @category Hosts
 */
export function waitUntil(predicate: () => boolean, description = "waitUntil(predicate)"): Instruction<void> {
  // Checked at the call: a bad predicate would otherwise fail only at the first check, as a raw TypeError.
  if (typeof predicate !== "function") {
    throw new InvalidArgumentError(`waitUntil() needs a function that returns true when the wait is over, not ${describeValue(predicate)}`);
  }
  if (typeof description !== "string") throw new InvalidArgumentError(`waitUntil(predicate, description): the description must be a string, not ${describeValue(description)}`);
  return new FrameWait(0, predicate, description);
}

/**
 * Waits while `predicate()` holds, checking it once per frame (and once at
 * the call): `waitUntil` with the test turned round (Unity's `WaitWhile`).
 *
 * @example
 * ```ts
 * yield* waitWhile(() => door.isOpening);
 * ```
 *
 * @category Hosts
 */
export function waitWhile(predicate: () => boolean, description = "waitWhile(predicate)"): Instruction<void> {
  if (typeof predicate !== "function") {
    throw new InvalidArgumentError(`waitWhile() needs a function that returns true while the wait goes on, not ${describeValue(predicate)}`);
  }
  return waitUntil(() => !predicate(), description);
}

/**
 * A frame's phases beyond its start (which wakes `nextFrame` waiters): fixed
 * steps, unscaled waits, tweens, and the frame's end. Each is bookkeeping of
 * the FrameHost's, kept here so the host's own file stays its loop.
 *
 * - Fixed steps are a kernel timer on a grid of the host's (scaled) time,
 *   `origin + k * fixedStep`, so they interleave with every other timer in
 *   time order, and the count of steps over any run of frames depends only
 *   on the time covered, never on how it was cut into frames.
 * - Unscaled waits count the frames' dt as passed, whatever the time scale.
 *   They wait in a heap of their own keyed by unscaled time; at each frame's
 *   start those due within the frame move to the kernel's heap, at the host
 *   time the frame maps their deadline to (the frame's start when paused).
 * - Tweens get their value at the frame's end, when the clock reads the
 *   time the game is about to draw; their end is a timer, exact to the
 *   millisecond, so a sequence of tweens does not drift by partial frames.
 *
 * Invariant: an idle frame (none of these in use) allocates nothing.
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/errors.js";
import { Instruction, WAIT } from "../kernel/instruction.js";
import type { Waiting } from "../kernel/instruction.js";
import type { TimerEntry } from "../kernel/timer-heap.js";
import type { Scheduler } from "../kernel/scheduler.js";
import { checkDuration } from "../kernel/scheduler.js";
import type { Task } from "../kernel/task.js";
import { Timer, TimerHeap } from "../kernel/timer-heap.js";
import { WaitList } from "../kernel/wait-list.js";
import { TimerWait } from "../kernel/timer-wait.js";
import { localClockOf } from "../kernel/local-clock.js";
import type { FrameHost, FrameOptions } from "../hosts/frame.js";
import { TweenList } from "./tween-list.js";

const DEFAULT_MAX_FIXED_STEPS = 8;

/** Each FrameHost's phases, by its scheduler: how an instruction finds the host its task runs on. */
const phasesOf = new WeakMap<Scheduler, FramePhases>();

/** The fixed-step grid's timer: one per host, re-armed at each grid point. */
class FixedStepTimer extends Timer {
  constructor(private readonly phases: FramePhases) {
    super();
  }
  fire(): void {
    this.phases.fixedStepDue(this.deadline);
  }
}

/** @internal The phases of a FrameHost's frame (see the file header). */
export class FramePhases {
  /** Tasks waiting for the next fixed step, oldest first. */
  readonly fixedWaiters = new WaitList<void>("fixed step");
  /** Tasks waiting for the end of the frame, oldest first. */
  readonly endWaiters = new WaitList<void>("end of frame");
  /** The running tweens, which the frame's end updates (tween-list.ts). */
  readonly tweens = new TweenList();
  /** Unscaled waits, keyed by unscaled time. */
  readonly unscaled = new TimerHeap();
  readonly fixedStep: number;
  private readonly maxFixedSteps: number;
  private readonly fixedTimer: FixedStepTimer | null;
  private lastFixedTime: number;
  private fixedThisFrame = 0;
  // The current frame's mapping from unscaled to host time.
  private frameStart = 0;
  private frameTarget = 0;
  private unscaledStart = 0;
  private unscaledDt = 0;

  constructor(
    /** The host these are the phases of. */
    readonly host: FrameHost,
    options: FrameOptions,
  ) {
    const s = host.scheduler;
    this.lastFixedTime = s.now;
    this.fixedStep = options.fixedStep === undefined ? 0 : checkFixedStep(options.fixedStep);
    this.maxFixedSteps = options.maxFixedStepsPerFrame === undefined ? DEFAULT_MAX_FIXED_STEPS : checkMaxFixed(options.maxFixedStepsPerFrame);
    this.fixedTimer = this.fixedStep > 0 ? new FixedStepTimer(this) : null;
    if (this.fixedTimer !== null) s.armAt(this.fixedTimer, s.now + this.fixedStep);
    phasesOf.set(s, this);
  }

  /**
   * Called by advance() before anything runs: maps unscaled time onto the
   * frame, moves the unscaled waits due in it. It reads the frame's start
   * and end itself (advance's same formula) rather than taking them as
   * arguments: doubles passed to a call V8 does not inline are boxed, and
   * an idle frame must allocate nothing.
   */
  beginFrame(dt: number): void {
    const host = this.host;
    const start = host.scheduler.now;
    const target = start + dt * host.timeScale;
    this.fixedThisFrame = 0;
    this.frameStart = start;
    this.frameTarget = target;
    this.unscaledStart += this.unscaledDt;
    this.unscaledDt = dt;
    const unscaled = this.unscaled;
    if (unscaled.size === 0) return;
    const end = this.unscaledStart + dt;
    const s = host.scheduler;
    while (unscaled.size > 0 && unscaled.nextDeadline() <= end) {
      const wait = unscaled.pop();
      s.armAt(wait, this.hostTimeOf(wait.deadline));
    }
  }

  /**
   * Arms an unscaled wait ending at unscaled time `deadline`: at its place
   * in the current frame if it falls in it (a 5 ms wait in a 20 ms frame
   * ends 5 ms on, as sleep(5) does), else in the heap of unscaled waits,
   * which beginFrame() empties into the frames they fall in.
   */
  armUnscaled(wait: TimerEntry, deadline: number): void {
    const frameEnd = this.unscaledStart + this.unscaledDt;
    if (deadline <= frameEnd) this.host.scheduler.armAt(wait, this.hostTimeOf(deadline));
    else this.unscaled.insert(wait, deadline);
  }

  /** The host time the current frame maps unscaled time `t` to (the frame's start while paused), within the frame. */
  private hostTimeOf(t: number): number {
    const start = this.frameStart;
    const target = this.frameTarget;
    const at = this.unscaledDt > 0 ? start + ((t - this.unscaledStart) / this.unscaledDt) * (target - start) : start;
    const now = this.host.scheduler.now;
    return at < now ? now : at > target ? target : at;
  }

  /** The unscaled time the host's clock stands for now, within the current frame (see FrameHost.unscaledNow). */
  unscaledNow(): number {
    const span = this.frameTarget - this.frameStart;
    if (span > 0) return this.unscaledStart + ((this.host.scheduler.now - this.frameStart) / span) * this.unscaledDt;
    return this.unscaledStart + this.unscaledDt;
  }

  /** Called by advance() once the clock reads the frame's end: updates the tweens, wakes the end-of-frame waiters. Returns whether tasks are ready. */
  endOfFrameWork(): boolean {
    if (this.tweens.slots > 0) this.tweens.run(this.host.scheduler.now);
    if (this.endWaiters.length > 0) wakeThoseWaiting(this.endWaiters);
    return this.host.scheduler.readyCount > 0;
  }

  /**
   * A fixed step's grid point came: wakes its waiters, or drops the backlog
   * past the frame's cap. The grid is a running sum of the step, as the
   * clock is a running sum of the frames' dts: with frames of exactly one
   * step, both add the same numbers and land on the same bits, so every
   * frame gets its one step (a grid of k * step would round differently
   * and now and then give a frame none and the next two).
   */
  fixedStepDue(time: number): void {
    const step = this.fixedStep;
    const s = this.host.scheduler;
    let next = time + step;
    if (this.fixedThisFrame >= this.maxFixedSteps) {
      // Dropped: this grid point and every one up to the frame's end.
      let dropped = 1;
      const whole = Math.floor((this.frameTarget - next) / step);
      if (whole > 0) {
        next += whole * step;
        dropped += whole;
      }
      while (next <= this.frameTarget) {
        const after = next + step;
        // On a clock so large that one step no longer moves the sum, go just
        // past the frame's end (the count of dropped steps is then a floor).
        next = after > next ? after : this.frameTarget + Math.abs(this.frameTarget) * Number.EPSILON;
        dropped++;
      }
      this.host.droppedFixedSteps += dropped;
    } else {
      this.fixedThisFrame++;
      this.host.fixedSteps++;
      this.lastFixedTime = time;
      wakeThoseWaiting(this.fixedWaiters);
    }
    s.armAt(this.fixedTimer as FixedStepTimer, next);
  }

  /** See FrameHost.fixedAlpha. */
  fixedAlpha(): number {
    if (this.fixedStep === 0) return 0;
    const alpha = (this.host.scheduler.now - this.lastFixedTime) / this.fixedStep;
    return alpha < 0 ? 0 : alpha > 1 ? 1 : alpha;
  }
}

/** Wakes the waiters present now, in order; those who wait again wait for the next time. */
function wakeThoseWaiting(list: WaitList<void>): void {
  const last = list.last();
  for (let node = list.shift(); node !== null; node = list.shift()) {
    node.task.resume(undefined, node);
    if (node === last) break;
  }
}

/** @internal The phases of the FrameHost that runs `task`, or a UsageError naming what needed one. */
export function phasesFor(task: Task<unknown>, what: string): FramePhases {
  const phases = phasesOf.get(task.scheduler);
  if (phases === undefined) {
    throw new UsageError(`${task.label} used ${what}, which needs a FrameHost; this task runs on another host (frames exist only in a game loop)`);
  }
  return phases;
}

class FixedStepWait extends Instruction<void> {
  describe(): string {
    return "nextFixedStep()";
  }
  tryNow(task: Task<unknown>): Waiting {
    const phases = phasesFor(task, "nextFixedStep()");
    if (phases.fixedStep === 0) throw new UsageError(`${task.label} used nextFixedStep(), but its FrameHost has no fixed step: pass one, as in new FrameHost({ fixedStep: 20 })`);
    return WAIT;
  }
  /**
   * A task in a time group waits for the next multiple of the fixed step on
   * the group's clock, so a paused group's physics stops and a slowed one's
   * steps come slower; any other task waits for the host's grid.
   */
  override park(task: Task<unknown>): void {
    const phases = phasesFor(task, "nextFixedStep()");
    const clock = localClockOf(task.context);
    if (clock === null) {
      phases.fixedWaiters.add(task, this);
      return;
    }
    const step = phases.fixedStep;
    const now = clock.now;
    // The next grid point strictly after now; the epsilon keeps a wake-up
    // that lands a rounding error short of its grid point from waiting for
    // that same point again.
    const next = (Math.floor(now / step + 1e-9) + 1) * step;
    const wait = new TimerWait(task, this);
    task.block(wait);
    task.scheduler.armFor(task, wait, next - now);
  }
}

class EndOfFrameWait extends Instruction<void> {
  describe(): string {
    return "endOfFrame()";
  }
  tryNow(task: Task<unknown>): Waiting {
    phasesFor(task, "endOfFrame()");
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    phasesFor(task, "endOfFrame()").endWaiters.add(task, this);
  }
}

const FIXED_STEP = /* @__PURE__ */ new FixedStepWait();
const END_OF_FRAME = /* @__PURE__ */ new EndOfFrameWait();

/**
 * Waits for the next fixed step: the host's clock crosses a multiple of
 * its `fixedStep` option (Unity's `WaitForFixedUpdate`). Fixed steps follow
 * the time scale, never outnumber what the time covered, and at most
 * `maxFixedStepsPerFrame` run in one frame. A task in a time group waits
 * for the next multiple on the group's clock instead: a paused group's
 * physics stops, a slowed one's runs slower (the per-frame cap is the
 * host's grid's only: clamp the frames' dt, as a game loop does anyway).
 *
 * @example
 * ```ts
 * const game = new FrameHost({ fixedStep: 20 }); // 50 Hz physics
 * game.spawn(function* physics() { for (;;) { yield* nextFixedStep(); world.step(0.02); } });
 * ```
 *
 * @category Game
 */
export function nextFixedStep(): Instruction<void> {
  return FIXED_STEP;
}

/**
 * Waits for the end of the current frame: after every task due in it has
 * run and the tweens have their values (Unity's `WaitForEndOfFrame`).
 *
 * @example
 * ```ts
 * function* screenshotEachFrame() { for (;;) { yield* endOfFrame(); capture(); } }
 * ```
 *
 * @category Game
 */
export function endOfFrame(): Instruction<void> {
  return END_OF_FRAME;
}

class SleepUnscaled extends Instruction<void> {
  constructor(private readonly ms: number) {
    super();
  }
  describe(): string {
    return `sleepUnscaled(${this.ms})`;
  }
  tryNow(task: Task<unknown>): Waiting {
    phasesFor(task, this.describe());
    return WAIT;
  }
  override park(task: Task<unknown>): void {
    const phases = phasesFor(task, this.describe());
    const wait = new TimerWait(task, this);
    task.block(wait);
    phases.armUnscaled(wait, phases.unscaledNow() + this.ms);
  }
}

/**
 * Waits `ms` milliseconds of unscaled time: the frames' dt as passed,
 * whatever the host's or a group's time scale (Unity's
 * `WaitForSecondsRealtime`). For what must keep going while the game is
 * paused: menus, a "press any key" blink.
 *
 * @example
 * ```ts
 * game.timeScale = 0; // paused...
 * yield* sleepUnscaled(500); // ...but the menu's cursor still blinks
 * ```
 *
 * @category Game
 */
export function sleepUnscaled(ms: number): Instruction<void> {
  checkDuration("sleepUnscaled", ms);
  return new SleepUnscaled(ms);
}

function checkFixedStep(ms: unknown): number {
  if (typeof ms !== "number" || !(ms > 0) || ms === Infinity) {
    throw new InvalidArgumentError(`FrameHost(): fixedStep must be a duration > 0 in milliseconds, as in { fixedStep: 20 } for 50 steps a second, not ${describeValue(ms)}`);
  }
  return ms;
}

function checkMaxFixed(n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`FrameHost(): maxFixedStepsPerFrame must be a whole number >= 1, not ${describeValue(n)}`);
  }
  return n;
}

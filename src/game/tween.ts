/**
 * Tweens: a value animated over a duration, as an operation that ends when
 * the tween does. The per-frame work is the FrameHost's (a table it updates
 * at each frame's end), not a generator resumed every frame: a running
 * tween costs one easing call and one `apply` per frame and allocates
 * nothing. Its end is a timer on the task's clock (its time group's, if
 * any), so it lands on the exact millisecond and pauses with the group.
 */
import type { Coroutine, Operation, Wait, Waiting } from "../kernel/instruction.js";
import { Instruction, WAIT } from "../kernel/instruction.js";
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/errors.js";
import { localClockOf } from "../kernel/local-clock.js";
import { checkDuration } from "../kernel/scheduler.js";
import type { Task } from "../kernel/task.js";
import type { TimerEntry, TimerHeap } from "../kernel/timer-heap.js";
import { phasesFor } from "./frame-phases.js";
import type { FramePhases } from "./frame-phases.js";
import type { TweenRow } from "./tween-list.js";
import { linear } from "./easing.js";
import type { Easing } from "./easing.js";

/**
 * Options of {@link tween}. `to` and `apply` are read when tween() is
 * called, the others when the tween starts (when its task yields it).
 *
 * @category Game
 */
export interface TweenOptions {
  /** The value at the start (default 0). */
  from?: number;
  /** The value at the end (default 1). */
  to?: number;
  /** How long, in milliseconds of the task's clock (its time group's, if any). */
  duration: number;
  /** The curve (default {@link linear}); see the easing functions. */
  ease?: Easing;
  /** Called with the value at the start, at the end of every frame, and with `to` at the end. */
  apply: (value: number) => void;
  /**
   * If the tween is cancelled: leave the value where it stopped ("stay",
   * the default) or set it to `to` ("end").
   */
  onCancel?: "stay" | "end";
}

/** A tween's life: made, running (yielded and parked), ended (its end value applied), failed (`apply` threw). */
const FRESH = 0;
const RUNNING = 1;
const ENDED = 2;
const FAILED = 3;

/**
 * A tween: the instruction it yields, and once yielded its wait, its row's
 * owner in the frame's tween table and its end's timer, all one object (one
 * allocation per tween besides the options).
 *
 * What it keeps, and why: the values a frame's pass reads are in the
 * table's columns (tween-list.ts); the options object is needed only until
 * the tween starts (then it is dropped, so it dies young); what the end
 * needs, `apply` and `to`, is copied here, because the end comes long after
 * the start, and reading it from the options would touch one more object
 * that has left the cache by then (measured: the game frame ran ~20% slower
 * that way, though it allocated less).
 */
class Tween extends Instruction<void> implements Wait, TimerEntry, TweenRow {
  // TimerEntry, for the end.
  deadline = 0;
  seq = 0;
  heapIndex = -1;
  heap: TimerHeap | null = null;
  // TweenRow, for the frame's end.
  slot = -1;
  /** The options, until the tween starts. */
  private options: TweenOptions | null;
  readonly to: number;
  readonly apply: (value: number) => void;
  /** The task it runs for, once yielded. */
  private task: Task<unknown> | null = null;
  private phases: FramePhases | null = null;
  /** FRESH, RUNNING, ENDED or FAILED. */
  private state = FRESH;

  constructor(options: TweenOptions) {
    super();
    this.options = options;
    this.to = options.to ?? 1;
    this.apply = options.apply;
  }

  describe(): string {
    const o = this.options;
    if (o !== null) return `tween(${o.from ?? 0} → ${this.to}, ${o.duration} ms)`;
    if (this.slot >= 0) return (this.phases as FramePhases).tweens.describeRow(this.slot);
    return `tween(→ ${this.to})`;
  }

  /** Applies the start value; a zero duration is over at once. */
  tryNow(task: Task<unknown>): void | Waiting {
    const o = this.options;
    if (this.state !== FRESH || o === null) throw new UsageError(`${task.label} yielded a tween that already ran; call tween() again for a new one`);
    try {
      // Inside the try: on a host without frames the tween fails, and onCancel "end" does not apply its end value.
      this.phases = phasesFor(task, "tween()");
      if (o.duration === 0) {
        this.options = null;
        this.state = ENDED;
        this.apply(this.to);
        return undefined;
      }
      const from = o.from ?? 0;
      this.apply(from + (this.to - from) * (o.ease ?? linear)(0));
    } catch (error) {
      this.state = FAILED; // a failure, not a cancellation: onCancel "end" does not apply
      throw error;
    }
    return WAIT;
  }

  override park(task: Task<unknown>): void {
    const o = this.options as TweenOptions;
    this.options = null;
    this.task = task;
    this.state = RUNNING;
    const clock = localClockOf(task.context);
    task.block(this);
    (this.phases as FramePhases).tweens.add(this, clock === null ? task.scheduler.now : clock.now, o.duration, o.from ?? 0, this.to, o.ease ?? linear, this.apply, clock);
    task.scheduler.armFor(task, this, o.duration);
  }

  /** Whether the tween is over by itself (its end applied, or `apply` threw): cancelling it then changes nothing. */
  get isOver(): boolean {
    return this.state >= ENDED;
  }

  /** `apply` threw at a frame's end: the tween is over, and the error is its task's. */
  fail(error: unknown): void {
    this.undo();
    this.state = FAILED;
    (this.task as Task<unknown>).resumeWithError(error, this);
  }

  /** The tween's end came: the end value, then the task goes on. */
  fire(): void {
    this.undo();
    const task = this.task as Task<unknown>;
    try {
      this.apply(this.to);
    } catch (error) {
      this.state = FAILED;
      task.resumeWithError(error, this);
      return;
    }
    this.state = ENDED;
    task.resume(undefined, this);
  }

  /** Leaves the frame's table and disarms the end (also when its task is cancelled). */
  override undo(): void {
    (this.phases as FramePhases).tweens.remove(this);
    this.heap?.remove(this);
  }
}

/**
 * Animates a value: calls `apply` with the value at the start, at the end
 * of every frame, and with `to` exactly at the end, then returns. Sequences
 * are plain sequencing, parallels `all`, and a tween races like any
 * operation; cancelled, it leaves the value where it stopped, or at `to`
 * with `onCancel: "end"`. Needs a FrameHost; follows the task's time group.
 *
 * @example
 * ```ts
 * function* appear(sprite: Sprite) {
 *   yield* tween({ from: 0, to: 1, duration: 300, ease: easeOutCubic, apply: (a) => (sprite.alpha = a) });
 *   yield* all([
 *     tween({ from: sprite.x, to: 200, duration: 500, ease: easeInOutQuad, apply: (x) => (sprite.x = x) }),
 *     tween({ from: 1, to: 2, duration: 500, ease: easeOutBack, apply: (s) => (sprite.scale = s) }),
 *   ]);
 * }
 * ```
 */
export function tween(options: TweenOptions): Operation<void> {
  const op = new Tween(checkTween(options));
  // The instruction itself when nothing is to be done on cancellation: no generator per tween.
  return options.onCancel === "end" ? endOnCancel(op) : op;
}

function* endOnCancel(op: Tween): Coroutine<void> {
  try {
    yield* op;
  } finally {
    // Cancelled (or interrupted) before its end: the end value, in the task, so a throw is the task's.
    if (!op.isOver) op.apply(op.to);
  }
}

function checkTween(options: TweenOptions): TweenOptions {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`tween() needs options, as in tween({ from: 0, to: 100, duration: 500, apply: (x) => (sprite.x = x) }), not ${describeValue(options)}`);
  }
  checkDuration("tween", options.duration);
  if (typeof options.apply !== "function") throw new InvalidArgumentError(`tween(): apply must be a function that sets the value, as in apply: (x) => (sprite.x = x), not ${describeValue(options.apply)}`);
  checkEnd("from", options.from);
  checkEnd("to", options.to);
  if (options.ease !== undefined && typeof options.ease !== "function") throw new InvalidArgumentError(`tween(): ease must be an easing function such as easeOutCubic, not ${describeValue(options.ease)}`);
  if (options.onCancel !== undefined && options.onCancel !== "stay" && options.onCancel !== "end") {
    throw new InvalidArgumentError(`tween(): onCancel must be "stay" or "end", not ${describeValue(options.onCancel)}`);
  }
  return options;
}

/** A tween's from or to, checked: absent, or a finite number. */
function checkEnd(key: "from" | "to", value: unknown): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
    throw new InvalidArgumentError(`tween(): ${key} must be a finite number, not ${describeValue(value)}; to tween a vector or a color, tween from 0 to 1 and mix in apply`);
  }
}

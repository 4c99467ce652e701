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
 * Options of {@link tween}.
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

/**
 * A tween: the instruction it yields, and once yielded its wait, its row's
 * owner in the frame's tween table and its end's timer, all one object (one
 * allocation per tween besides the options). The values a frame's pass
 * reads live in the table's columns (tween-list.ts), not here. Used once:
 * each tween() call makes a new one.
 */
class Tween extends Instruction<void> implements Wait, TimerEntry, TweenRow {
  // TimerEntry, for the end.
  deadline = 0;
  seq = 0;
  heapIndex = -1;
  heap: TimerHeap | null = null;
  // TweenRow, for the frame's end.
  slot = -1;
  readonly from: number;
  readonly to: number;
  readonly duration: number;
  readonly ease: Easing;
  readonly apply: (value: number) => void;
  /** The task it runs for, once yielded. */
  private task: Task<unknown> | null = null;
  private phases: FramePhases | null = null;
  /** Set when the end value was applied, or when `apply` threw: either way the tween is over. */
  ended = false;
  failed = false;

  constructor(options: TweenOptions) {
    super();
    this.from = options.from ?? 0;
    this.to = options.to ?? 1;
    this.duration = options.duration;
    this.ease = options.ease ?? linear;
    this.apply = options.apply;
  }

  describe(): string {
    return `tween(${this.from} → ${this.to}, ${this.duration} ms)`;
  }

  /** Applies the start value; a zero duration is over at once. */
  tryNow(task: Task<unknown>): void | Waiting {
    if (this.task !== null || this.ended) throw new UsageError(`${task.label} yielded a tween that already ran; call tween() again for a new one`);
    this.phases = phasesFor(task, "tween()");
    try {
      if (this.duration === 0) {
        this.apply(this.to);
        this.ended = true;
        return undefined;
      }
      this.apply(this.from + (this.to - this.from) * this.ease(0));
    } catch (error) {
      this.failed = true; // a failure, not a cancellation: onCancel "end" does not apply
      throw error;
    }
    return WAIT;
  }

  override park(task: Task<unknown>): void {
    this.task = task;
    const clock = localClockOf(task.context);
    task.block(this);
    (this.phases as FramePhases).tweens.add(this, clock === null ? task.scheduler.now : clock.now, this.duration, this.from, this.to, this.ease, this.apply, clock);
    task.scheduler.armFor(task, this, this.duration);
  }

  /** `apply` threw at a frame's end: the tween is over, and the error is its task's. */
  fail(error: unknown): void {
    this.undo();
    this.failed = true;
    (this.task as Task<unknown>).resumeWithError(error, this);
  }

  /** The tween's end came: the end value, then the task goes on. */
  fire(): void {
    this.undo();
    const task = this.task as Task<unknown>;
    try {
      this.apply(this.to);
    } catch (error) {
      this.failed = true;
      task.resumeWithError(error, this);
      return;
    }
    this.ended = true;
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
    if (!op.ended && !op.failed) op.apply(op.to);
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

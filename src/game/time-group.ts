/**
 * Time groups: a set of tasks (an entity, a level, the UI) with a time scale
 * of their own, under a {@link FrameHost}. Every timer a task of the group
 * arms (sleep, timeout, select's deadline, a tween's end) counts in the
 * group's time, so a scale of 0.5 runs the group at half speed and 0 pauses
 * it, without touching the other groups.
 *
 * How: the group's time is a linear function of the host's clock,
 * `anchorLocal + (hostNow - anchorHost) * effectiveScale`, re-anchored at
 * every change of scale (its own or an ancestor's). Its timers sit in a
 * heap of its own, keyed by group time, and one kernel timer (the alarm)
 * stands for the earliest of them, at the host time that group time maps
 * to. A change of scale moves the alarm only: a task 70% through a wait
 * when the scale halves finishes its last 30% at half speed.
 *
 * Invariants:
 * - the alarm is armed exactly when the heap is not empty and the effective
 *   scale is above 0, at the host time of the earliest group deadline
 *   (lazily: a disarmed entry may leave the alarm early, and it re-arms);
 * - group time is the linear mapping above, re-anchored only when a scale
 *   changes, so it never goes back and rounding does not accumulate over
 *   wake-ups; the alarm runs every timer due by the deadline it stood for,
 *   so rounding in the mapping cannot leave a due timer behind.
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/errors.js";
import { LOCAL_CLOCK } from "../kernel/local-clock.js";
import type { LocalClock } from "../kernel/local-clock.js";
import type { Spawnable } from "../kernel/scheduler.js";
import type { FinishListener, Task } from "../kernel/task.js";
import { Timer, TimerHeap } from "../kernel/timer-heap.js";
import type { TimerEntry } from "../kernel/timer-heap.js";
import type { FrameHost } from "../hosts/frame.js";

/**
 * Options of {@link FrameHost.group} and {@link TimeGroup.group}.
 *
 * @category Game
 */
export interface TimeGroupOptions {
  /** The group's time scale relative to its parent (default 1; 0 pauses). */
  timeScale?: number;
}

/** The kernel timer that stands for a group's earliest deadline. */
class GroupAlarm extends Timer {
  /** The group time the alarm was armed for. */
  target = 0;
  constructor(private readonly group: TimeGroup) {
    super();
  }
  fire(): void {
    this.group.fireDue(this.target);
  }
}

/**
 * A group of tasks with its own time scale, made by {@link FrameHost.group}.
 * Its tasks' waits follow its time; groups nest (a level, and the entities
 * in it), and a group's effective scale is the product of its own and its
 * ancestors'. Destroying it cancels its tasks, running their `finally`
 * blocks: an entity's coroutines end with the entity.
 *
 * @example
 * ```ts
 * const world = game.group("world");
 * const ui = game.group("ui");
 * world.spawn(enemyBrain, enemy);
 * ui.spawn(blinkCursor);
 * world.timeScale = 0; // pause menu: the world stops, the UI goes on
 * ```
 *
 * @category Game
 */
export class TimeGroup implements LocalClock {
  /** The group's name, for labels and errors. */
  readonly name: string;
  /** The host whose frames drive the group. */
  readonly host: FrameHost;
  /** The enclosing group, or null for a group made by the host. */
  readonly parent: TimeGroup | null;
  private scale: number;
  private effective: number;
  private anchorHost: number;
  private anchorLocal: number;
  private readonly timers = new TimerHeap();
  private readonly alarm = new GroupAlarm(this);
  private readonly children: TimeGroup[] = [];
  private readonly members = new Set<Task<unknown>>();
  private readonly memberListener: FinishListener;
  /** The context a task of the group starts with (copy on write, as any context). */
  private readonly context: Map<object, unknown>;
  private isDestroyed = false;

  /** @internal Made by FrameHost.group() or TimeGroup.group(). */
  constructor(host: FrameHost, parent: TimeGroup | null, name: string, options: TimeGroupOptions | undefined) {
    if (typeof name !== "string") throw new InvalidArgumentError(`group(name): the name must be a string, as in game.group("world"), not ${describeValue(name)}`);
    this.host = host;
    this.parent = parent;
    this.name = name;
    this.scale = checkScale(`group("${name}")`, options?.timeScale ?? 1);
    this.effective = this.scale * (parent === null ? 1 : parent.effective);
    this.anchorHost = host.scheduler.now;
    this.anchorLocal = 0;
    this.context = new Map<object, unknown>([[LOCAL_CLOCK, this]]);
    const members = this.members;
    this.memberListener = { passive: true, taskFinished: (task) => members.delete(task) };
  }

  /** The group's time, in milliseconds since it was made (it stands still while the group is paused). */
  get now(): number {
    return this.anchorLocal + (this.host.scheduler.now - this.anchorHost) * this.effective;
  }

  /** The group's own time scale, relative to its parent's: 1 is normal speed, 0.5 half, 0 paused. */
  get timeScale(): number {
    return this.scale;
  }

  /** Sets the group's time scale (a finite number >= 0, else an InvalidArgumentError); it applies at once, to its subgroups too. */
  set timeScale(scale: number) {
    this.scale = checkScale(`group "${this.name}": timeScale`, scale);
    this.retime(this.parent === null ? 1 : this.parent.effective);
  }

  /** The scale relative to the host's clock: this group's and its ancestors' scales multiplied. */
  get effectiveScale(): number {
    return this.effective;
  }

  /**
   * For physics in this group: how far the group's clock is between its
   * last fixed step and the next, from 0 to 1 (see {@link nextFixedStep};
   * 0 when the host has no fixed step). Draw the state interpolated by it.
   *
   * @example
   * ```ts
   * const x = ball.prevX + (ball.x - ball.prevX) * world.fixedAlpha;
   * ```
   */
  get fixedAlpha(): number {
    const step = this.host.phases.fixedStep;
    if (step === 0) return 0;
    const steps = this.now / step;
    const alpha = steps - Math.floor(steps + 1e-9);
    return alpha < 0 ? 0 : alpha;
  }

  /** True once {@link TimeGroup.destroy} has run. */
  get destroyed(): boolean {
    return this.isDestroyed;
  }

  /**
   * Makes a group inside this one: its time runs at its own scale times this group's.
   *
   * @example
   * ```ts
   * const enemy = level.group("enemy#3");
   * ```
   */
  group(name: string, options?: TimeGroupOptions): TimeGroup {
    this.refuseIfDestroyed("group()");
    const child = new TimeGroup(this.host, this, name, options);
    this.children.push(child);
    return child;
  }

  /**
   * Starts a top-level task in this group: its waits, and its children's,
   * follow the group's time.
   *
   * @example
   * ```ts
   * const brain = enemy.spawn(patrol, guard);
   * ```
   */
  spawn<T, A extends unknown[]>(source: Spawnable<T, A>, ...args: A): Task<T> {
    this.refuseIfDestroyed("spawn()");
    const task = this.host.scheduler.spawn(source, ...args);
    task.context = this.context; // before its first step; a write copies it
    this.members.add(task);
    task.addFinishListener(this.memberListener);
    return task;
  }

  /** The tasks spawned into this group that have not finished (not those of nested groups). */
  get tasks(): Task<unknown>[] {
    return [...this.members];
  }

  /**
   * Cancels every task of this group and of the groups inside it (Unity's
   * `StopAllCoroutines`); their `finally` blocks run at their next step.
   * The group stays usable.
   *
   * @example
   * ```ts
   * enemy.cancelAll(); // stop what it was doing, then give it a new brain
   * enemy.spawn(flee, guard);
   * ```
   */
  cancelAll(): void {
    for (const task of [...this.members]) task.cancel();
    for (const child of this.children) child.cancelAll();
  }

  /**
   * Cancels every task of this group and its nested groups, and retires
   * them all: spawning into them afterwards is refused. Cleanup code still
   * runs on the group's clock.
   *
   * @example
   * ```ts
   * function killEnemy(enemy: TimeGroup) { enemy.destroy(); }
   * ```
   */
  destroy(): void {
    if (this.isDestroyed) return;
    this.cancelAll();
    this.markDestroyed();
    const siblings = this.parent?.children;
    if (siblings !== undefined) siblings.splice(siblings.indexOf(this), 1);
  }

  /** @internal LocalClock: arms `entry` `delay` group milliseconds from now. */
  armAfter(entry: TimerEntry, delay: number): void {
    const deadline = this.now + delay;
    this.timers.insert(entry, deadline);
    if (entry.heapIndex === 0) this.armAlarm();
  }

  /**
   * @internal The alarm fired: runs the timers due by group time `target`,
   * then re-arms. The anchor stays where it is (it moves only when a scale
   * changes), so rounding does not pile up from one wake-up to the next;
   * the group time the mapping gives may fall short of `target` by a
   * rounding error, and the timers due by `target` run all the same.
   */
  fireDue(target: number): void {
    const now = this.now;
    const due = now > target ? now : target;
    const timers = this.timers;
    let failure: { error: unknown } | null = null;
    while (timers.size > 0 && timers.nextDeadline() <= due) {
      try {
        timers.pop().fire();
      } catch (error) {
        failure ??= { error };
      }
    }
    this.armAlarm();
    if (failure !== null) throw failure.error;
  }

  /** Re-anchors this group and those inside it at the host's now, with `parentScale` from above. */
  private retime(parentScale: number): void {
    this.anchorLocal = this.now;
    this.anchorHost = this.host.scheduler.now;
    this.effective = this.scale * parentScale;
    this.armAlarm();
    for (const child of this.children) child.retime(this.effective);
  }

  /** Arms the alarm at the host time of the earliest deadline, or leaves it off (nothing due, or paused). */
  private armAlarm(): void {
    const alarm = this.alarm;
    const heap = alarm.heap;
    if (heap !== null) heap.remove(alarm);
    if (this.timers.size === 0 || this.effective === 0) return;
    const target = this.timers.nextDeadline();
    const wait = (target - this.now) / this.effective;
    if (!(wait < Infinity)) return; // a scale so small the deadline is beyond the clock
    alarm.target = target;
    const s = this.host.scheduler;
    s.armAt(alarm, s.now + (wait > 0 ? wait : 0));
  }

  private markDestroyed(): void {
    this.isDestroyed = true;
    for (const child of this.children) child.markDestroyed();
  }

  private refuseIfDestroyed(what: string): void {
    if (this.isDestroyed) throw new UsageError(`group "${this.name}" was destroyed; ${what} needs a live group (make a new one with game.group())`);
  }
}

/** A time scale, checked: a finite number >= 0. */
export function checkScale(where: string, scale: unknown): number {
  if (typeof scale !== "number" || !(scale >= 0) || scale === Infinity) {
    throw new InvalidArgumentError(`${where}: a time scale must be a finite number >= 0 (1 normal, 0.5 half speed, 0 paused), not ${describeValue(scale)}`);
  }
  return scale;
}

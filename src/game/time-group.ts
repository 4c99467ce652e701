/**
 * Time groups: a set of tasks (an entity, a level, the UI) with a time scale
 * of their own, under a {@link FrameHost}. Every timer a task of the group
 * arms (sleep, timeout, select's deadline, a tween's end) counts in the
 * group's time, so a scale of 0.5 runs the group at half speed and 0 pauses
 * it, without touching the other groups.
 *
 * How: the group's time is a linear function of its parent's (the host's
 * clock for a group the host made): `anchorLocal + (parentNow - anchorParent)
 * * timeScale`, re-anchored when its own scale changes, so a change of an
 * ancestor's scale reaches it with no bookkeeping. Its timers sit in a heap
 * of its own, keyed by group time, and one kernel timer (the alarm) stands
 * for the earliest of them, at the host time that group time maps to. A
 * change of scale moves alarms only: a task 70% through a wait when the
 * scale halves finishes its last 30% at half speed.
 *
 * A group is "in use" while it has tasks, timers or nested groups in use;
 * only those sit in their parent's list, whose alarms a change of scale
 * re-arms. An idle group leaves the list (a level's finished effects are not
 * kept), and comes back when it is used again.
 *
 * Invariants:
 * - the alarm is armed exactly when the heap is not empty and either its
 *   earliest deadline has come (to within rounding) or the effective scale
 *   is above 0, at the host time of that deadline;
 * - group time never goes back; the alarm runs every timer due by the
 *   deadline it stood for, so rounding in the mapping cannot leave a due
 *   timer behind.
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

/**
 * Group times this close, relative to their size, are one instant: far above
 * the rounding of the mapping from the host's clock (a few ulps per level
 * of nesting and per change of scale), far below any duration a game waits.
 */
const SAME_INSTANT = 1e-12;

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
  /** The group's time and its parent's at the last change of scale. */
  private anchorLocal = 0;
  private anchorParent: number;
  private readonly timers: GroupTimers = new GroupTimers(this);
  private readonly alarm = new GroupAlarm(this);
  /** The nested groups in use, in the order they came into use. */
  private readonly children: TimeGroup[] = [];
  /** Whether it is in its parent's `children` (a group the host made: always). */
  private inUse = false;
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
    this.anchorParent = this.parentNow();
    this.context = new Map<object, unknown>([[LOCAL_CLOCK, this]]);
    this.memberListener = {
      passive: true,
      taskFinished: (task) => {
        this.members.delete(task);
        this.releaseIfIdle();
      },
    };
  }

  /** The group's time, in milliseconds since it was made (it stands still while the group is paused). */
  get now(): number {
    return this.anchorLocal + (this.parentNow() - this.anchorParent) * this.scale;
  }

  /** The group's own time scale, relative to its parent's: 1 is normal speed, 0.5 half, 0 paused. */
  get timeScale(): number {
    return this.scale;
  }

  /** Sets the group's own time scale; the waits in progress in it and in its nested groups are re-timed. */
  set timeScale(scale: number) {
    const checked = checkScale(`group "${this.name}": timeScale`, scale);
    const parentNow = this.parentNow();
    this.anchorLocal += (parentNow - this.anchorParent) * this.scale;
    this.anchorParent = parentNow;
    this.scale = checked;
    this.rearm();
  }

  /** The scale relative to the host's clock: this group's and its ancestors' scales multiplied. */
  get effectiveScale(): number {
    let scale = this.scale;
    for (let g = this.parent; g !== null; g = g.parent) scale *= g.scale;
    return scale;
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

  /** True once {@link TimeGroup.destroy} has run on it or on a group it is in. */
  get destroyed(): boolean {
    for (let g: TimeGroup | null = this; g !== null; g = g.parent) if (g.isDestroyed) return true;
    return false;
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
    return new TimeGroup(this.host, this, name, options);
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
    this.use();
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
    // A nested group with tasks is in use, so it is in the list.
    for (const child of [...this.children]) child.cancelAll();
  }

  /**
   * Cancels every task of this group and its nested groups, and retires
   * them all: spawning into them afterwards is refused. Their cleanup still
   * runs on their clocks, which still follow this group's parent.
   *
   * @example
   * ```ts
   * function killEnemy(enemy: TimeGroup) { enemy.destroy(); }
   * ```
   */
  destroy(): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    this.cancelAll();
  }

  /** @internal LocalClock: arms `entry` `delay` group milliseconds from now. */
  armAfter(entry: TimerEntry, delay: number): void {
    const deadline = this.now + delay;
    this.timers.insert(entry, deadline);
    this.use();
    if (entry.heapIndex === 0) this.armAlarm();
  }

  /**
   * @internal The alarm fired: runs the timers due by group time `target`,
   * then re-arms. The group time the mapping gives may fall short of
   * `target` by a rounding error; the timers due by `target` run all the same.
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
    this.releaseIfIdle();
    if (failure !== null) throw failure.error;
  }

  /** @internal A timer left the heap before its time (its task was cancelled): the alarm follows, and an idle group leaves its parent's list. */
  timerRemoved(): void {
    this.armAlarm();
    this.releaseIfIdle();
  }

  /** The parent's time, or the host's clock for a group the host made. */
  private parentNow(): number {
    return this.parent === null ? this.host.scheduler.now : this.parent.now;
  }

  /** Re-arms this group's alarm and those of its nested groups in use: their mapping to the host's clock changed. */
  private rearm(): void {
    this.armAlarm();
    for (const child of this.children) child.rearm();
  }

  /** Arms the alarm at the host time of the earliest deadline (at once if it has come), or leaves it off. */
  private armAlarm(): void {
    const alarm = this.alarm;
    alarm.heap?.remove(alarm);
    const timers = this.timers;
    if (timers.size === 0) return;
    const target = timers.nextDeadline();
    const s = this.host.scheduler;
    const ahead = target - this.now;
    alarm.target = target;
    // Due already, or but for rounding (0.2 + 0.1 against 0.3): otherwise a
    // group paused at that very instant would hold the wait back, a hair
    // short of its end, for the whole pause. Even a paused group's sleep(0) ends.
    if (ahead <= SAME_INSTANT * Math.max(1, Math.abs(target))) {
      s.armAt(alarm, s.now);
      return;
    }
    const scale = this.effectiveScale;
    if (scale === 0) return;
    const wait = ahead / scale;
    if (!(wait < Infinity)) return; // a scale so small the deadline is beyond the clock
    s.armAt(alarm, s.now + wait);
  }

  /** Puts the group (and its ancestors) in their parents' lists of groups in use. */
  private use(): void {
    const parent = this.parent;
    if (this.inUse || parent === null) return;
    this.inUse = true;
    parent.children.push(this);
    parent.use();
  }

  /** Takes an idle group (no task, no timer, no nested group in use) out of its parent's list, and so on up. */
  private releaseIfIdle(): void {
    const parent = this.parent;
    if (!this.inUse || parent === null || this.members.size > 0 || this.timers.size > 0 || this.children.length > 0) return;
    this.inUse = false;
    const siblings = parent.children;
    siblings.splice(siblings.indexOf(this), 1);
    parent.releaseIfIdle();
  }

  private refuseIfDestroyed(what: string): void {
    if (this.destroyed) throw new UsageError(`group "${this.name}" was destroyed; ${what} needs a live group (make a new one with game.group())`);
  }
}

/** A group's heap of timers: tells the group when a timer leaves it early. */
class GroupTimers extends TimerHeap {
  constructor(private readonly group: TimeGroup) {
    super();
  }
  override remove(timer: TimerEntry): boolean {
    const removed = super.remove(timer);
    if (removed) this.group.timerRemoved();
    return removed;
  }
}

/** A time scale, checked: a finite number >= 0. */
export function checkScale(where: string, scale: unknown): number {
  if (typeof scale !== "number" || !(scale >= 0) || scale === Infinity) {
    throw new InvalidArgumentError(`${where}: a time scale must be a finite number >= 0 (1 normal, 0.5 half speed, 0 paused), not ${describeValue(scale)}`);
  }
  return scale;
}

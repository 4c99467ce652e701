/**
 * TraceRecorder: an opt-in record of every scheduling event of a run, with
 * the scheduler's time, plus per-task statistics and a report of slow steps.
 *
 * Install it with `run(main, { tracer })` or `new VirtualHost({ tracer })`.
 * Without one, the kernel pays a null check per step (see docs/benchmarks.md).
 * The record is deterministic: the same program and seed give the same
 * events, so two runs can be compared line by line with {@link TraceRecorder.toText}.
 * Wall-clock measurement (per-task CPU time, slow steps) is opt-in because it
 * is the one thing that differs from run to run.
 *
 * With a `limit`, both the events and the per-task statistics are bounded,
 * so a recorder can stay installed for the whole of a long run: the newest
 * `limit` events, and the statistics of every live task plus the `limit`
 * tasks that finished last (older finished tasks' statistics are dropped).
 */
import type { Task, Tracer } from "../kernel/api.js";
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import { suppressedErrors } from "../kernel/suppressed.js";
import { F_THROW } from "../kernel/task-state.js";
import { WaitNode } from "../kernel/wait-list.js";
import { RecvOp, SendOp } from "../sync/channel.js";

/**
 * What happened to a task.
 *
 * @category Debugging
 */
export type TraceKind = "spawn" | "run" | "yield" | "block" | "wake" | "cancel" | "done" | "fail" | "cancelled";

/**
 * One scheduling event.
 *
 * @category Debugging
 */
export interface TraceEvent {
  /** Scheduler time, in milliseconds. */
  t: number;
  /** What happened to the task. */
  kind: TraceKind;
  /** Task id. */
  task: number;
  /** Task name. */
  name: string;
  /** For "spawn": the parent's id (or -1); for "block": what the task waits on; for "fail": the error message. */
  detail?: string | number;
  /**
   * For "wake": the id of the task whose step woke this one (the sender that
   * completed a receive, the task that released a lock or finished a join,
   * the canceller). Absent when nothing running did: a timer, the host.
   */
  by?: number;
  /**
   * For "wake": what the task resumes with, described (`the string "bread"`),
   * or `throws Name: message` when its yield throws; absent for undefined.
   * For "done": the task's result, described; absent for undefined.
   */
  value?: string;
  /** For "block" on a channel's send or receive: the channel's name (`orders`, or `ch#3` for one without). */
  channel?: string;
}

/**
 * Per-task statistics, from {@link TraceRecorder.stats}.
 *
 * @category Debugging
 */
export interface TaskStats {
  /** Task id. */
  id: number;
  /** Task name. */
  name: string;
  /** Times the task was resumed. */
  steps: number;
  /** Times it blocked. */
  blocks: number;
  /** Wall milliseconds spent in the task's own code (only with `wallClock: true`). */
  wallMs: number;
  /** The longest single step, in wall milliseconds (only with `wallClock: true`). */
  longestStepMs: number;
}

/**
 * A step that ran longer than `slowStepMs` without yielding.
 *
 * @category Debugging
 */
export interface SlowStep {
  /** The task's label. */
  task: string;
  /** Scheduler time at which it ran. */
  t: number;
  /** Wall milliseconds the step took. */
  wallMs: number;
}

/**
 * Options of {@link TraceRecorder}.
 *
 * @category Debugging
 */
export interface TraceOptions {
  /** Measure wall time per step (per-task CPU time, slow steps). Default false: it makes runs differ. */
  wallClock?: boolean;
  /** With wallClock: a step longer than this many ms is reported as slow (default 50). */
  slowStepMs?: number;
  /** Called for each slow step (default: collected in `slowSteps` only). */
  onSlowStep?: (slow: SlowStep) => void;
  /**
   * Keep only the most recent `limit` events (default: unlimited), and the
   * statistics of only the `limit` tasks that finished last, besides those
   * of every live task: a finished task's statistics are dropped, oldest
   * finish first, once more than `limit` finished tasks have some. Memory
   * stays below twice that (plus one entry per live task).
   */
  limit?: number;
}

const wallNow = (): number => (globalThis as unknown as { performance: { now(): number } }).performance.now();

/**
 * Records a run's scheduling events.
 *
 * @example
 * ```ts
 * const trace = new TraceRecorder();
 * run(main, { tracer: trace });
 * console.log(trace.toText());
 * ```
 *
 * @category Debugging
 */
export class TraceRecorder implements Tracer {
  private readonly buffer: TraceEvent[] = [];
  /** Steps longer than `slowStepMs` (with `wallClock`). */
  readonly slowSteps: SlowStep[] = [];
  /** Statistics of live tasks, by id. */
  private readonly perTask = new Map<number, TaskStats>();
  /** Statistics of finished tasks, by id, in the order they finished (the oldest are dropped past `limit`). */
  private readonly finishedStats = new Map<number, TaskStats>();
  private readonly wallClock: boolean;
  private readonly slowStepMs: number;
  private readonly onSlowStep: ((slow: SlowStep) => void) | null;
  private readonly limit: number;
  private stepStart = 0;
  /** The task whose step is running, or null between steps: a wake-up during a step was caused by it. */
  private stepping: Task<unknown> | null = null;

  constructor(options: TraceOptions = {}) {
    this.wallClock = options.wallClock ?? false;
    this.slowStepMs = options.slowStepMs ?? 50;
    this.onSlowStep = options.onSlowStep ?? null;
    const limit = options.limit ?? Infinity;
    if (limit !== Infinity && !(Number.isInteger(limit) && limit >= 0)) {
      throw new InvalidArgumentError(`new TraceRecorder(): the limit option must be an integer >= 0 (or Infinity, the default: no limit), not ${describeValue(limit)}`);
    }
    this.limit = limit;
  }

  spawned(task: Task<unknown>): void {
    this.perTask.set(task.id, { id: task.id, name: task.name, steps: 0, blocks: 0, wallMs: 0, longestStepMs: 0 });
    this.record(task, "spawn", task.parent === null ? -1 : task.parent.id);
  }

  stepStarted(task: Task<unknown>): void {
    const stats = this.perTask.get(task.id);
    if (stats !== undefined) stats.steps++;
    this.record(task, "run");
    this.stepping = task;
    if (this.wallClock) this.stepStart = wallNow();
  }

  stepEnded(task: Task<unknown>): void {
    if (this.wallClock) this.measureStep(task, wallNow() - this.stepStart);
    this.stepping = null;
    const state = task.state;
    if (state === "ready") this.record(task, "yield");
    else if (state === "blocked") {
      const stats = this.perTask.get(task.id);
      if (stats !== undefined) stats.blocks++;
      const event = this.record(task, "block", task.waitingOn ?? "");
      const channel = channelWaitedOn(task);
      if (channel !== undefined) event.channel = channel;
    }
  }

  woken(task: Task<unknown>): void {
    const event = this.record(task, "wake");
    const waker = this.stepping;
    if (waker !== null && waker !== task) event.by = waker.id;
    const resumeValue = task.resumeValue;
    if ((task.flags & F_THROW) !== 0) event.value = `throws ${messageOf(resumeValue)}`;
    else if (resumeValue !== undefined) event.value = safeDescription(resumeValue);
  }

  cancelRequested(task: Task<unknown>): void {
    this.record(task, "cancel");
  }

  finished(task: Task<unknown>): void {
    const stats = this.perTask.get(task.id);
    if (stats !== undefined) {
      this.perTask.delete(task.id);
      const done = this.finishedStats;
      done.set(task.id, stats);
      // Trim in batches, as the events: dropping one per task would iterate the map each time.
      if (done.size >= 2 * this.limit) trimOldest(done, this.limit);
    }
    const state = task.state;
    if (state === "failed") this.record(task, "fail", messageOf(task.error));
    else if (state === "cancelled") this.record(task, "cancelled");
    else {
      const event = this.record(task, "done");
      if (task.result !== undefined) event.value = safeDescription(task.result);
    }
  }

  /** The events, oldest first (the last `limit` of them, if a limit was set). */
  get events(): TraceEvent[] {
    if (this.buffer.length > this.limit) this.buffer.splice(0, this.buffer.length - this.limit);
    return this.buffer;
  }

  /** Per-task statistics, by task id order (with a `limit`: every live task's, and the last `limit` finished tasks'). */
  stats(): TaskStats[] {
    if (this.finishedStats.size > this.limit) trimOldest(this.finishedStats, this.limit);
    return [...this.perTask.values(), ...this.finishedStats.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * One line per event, for diffs and tests: `t=10 #3 worker block sleep(100)`.
   *
   * @example
   * ```ts
   * expect(traceOfRun(seed).toText()).toBe(traceOfRun(seed).toText());
   * ```
   */
  toText(): string {
    return this.events
      .map((e) => `t=${e.t} #${e.task} ${e.name} ${e.kind}${e.detail === undefined ? "" : ` ${String(e.detail)}`}`)
      .join("\n");
  }

  /** Forgets every event and statistic. */
  clear(): void {
    this.buffer.length = 0;
    this.stepping = null;
    this.slowSteps.length = 0;
    this.perTask.clear();
    this.finishedStats.clear();
  }

  private record(task: Task<unknown>, kind: TraceKind, detail?: string | number): TraceEvent {
    const event: TraceEvent = { t: task.scheduler.now, kind, task: task.id, name: task.name };
    if (detail !== undefined) event.detail = detail;
    const buffer = this.buffer;
    buffer.push(event);
    // Trim in batches: dropping one event per event would cost O(limit) each time.
    if (buffer.length >= 2 * this.limit) buffer.splice(0, buffer.length - this.limit);
    return event;
  }

  private measureStep(task: Task<unknown>, ms: number): void {
    const stats = this.perTask.get(task.id) ?? this.finishedStats.get(task.id);
    if (stats !== undefined) {
      stats.wallMs += ms;
      if (ms > stats.longestStepMs) stats.longestStepMs = ms;
    }
    if (ms > this.slowStepMs) {
      const slow: SlowStep = { task: task.label, t: task.scheduler.now, wallMs: ms };
      this.slowSteps.push(slow);
      if (this.onSlowStep !== null) this.onSlowStep(slow);
    }
  }
}

/** Deletes `map`'s oldest entries (first inserted) until `keep` remain. */
function trimOldest<K, V>(map: Map<K, V>, keep: number): void {
  let excess = map.size - keep;
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
  }
}

/**
 * The channel a blocked task waits on with a plain send or receive (its
 * wait is the channel's waiter node), or undefined for any other wait.
 */
function channelWaitedOn(task: Task<unknown>): string | undefined {
  const wait = task.wait;
  const what: unknown = wait instanceof WaitNode ? wait.what : wait;
  return what instanceof RecvOp || what instanceof SendOp ? (what.channel as { describe(): string }).describe() : undefined;
}

/** describeValue, for a value that user code made: whatever its getters do, the recorder goes on. */
function safeDescription(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return "(a value that could not be read)";
  }
}

/** The error's message, and those of the failures attached to it (suppressedErrors). */
function messageOf(error: unknown): string {
  const later = suppressedErrors(error);
  return later.length === 0 ? oneMessage(error) : `${oneMessage(error)} (and later: ${later.map(oneMessage).join("; ")})`;
}

function oneMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

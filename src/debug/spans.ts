/**
 * Turns a trace's events into per-task spans: what each task was doing from
 * when to when. The Chrome export and the timeline picture both draw these.
 *
 * Each span covers [start, end) on two axes at once: the scheduler's time
 * (`t0`, `t1`, milliseconds) and the event sequence (`s0`, `s1`, the index of
 * the events that opened and closed it). The sequence axis matters on a
 * virtual clock, where many steps happen at the same instant and only the
 * order tells them apart.
 */
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import type { TraceEvent, TraceKind } from "./trace.js";

/** What a task was doing during a span. */
export type SpanKind = "ready" | "running" | "sleeping" | "blocked";

export interface Span {
  kind: SpanKind;
  /** What it waited on (for sleeping and blocked spans). */
  label: string;
  t0: number;
  t1: number;
  s0: number;
  s1: number;
  /** For a blocked span on a channel's send or receive: the channel. */
  channel?: string;
  /** For a running span: what the step resumed with (see TraceEvent.value). */
  value?: string;
  /** For a running span: the task whose step woke this one before it, if any. */
  wokenBy?: number;
}

export interface TaskLane {
  id: number;
  name: string;
  parent: number;
  spans: Span[];
  /** How it ended, if it did within the trace. */
  end: { kind: "done" | "fail" | "cancelled"; t: number; s: number; detail: string; value?: string } | null;
}

/**
 * A cause and its effect across two tasks: a spawn and the child's first
 * step, or the step that woke a task (a send that completed its receive, a
 * release, a finish that ended a join) and the woken task's next step.
 */
export interface Flow {
  kind: "spawn" | "wake";
  /** The task whose step caused it, and the index of that step's "run" event. */
  from: number;
  fromRun: number;
  /** The index of the spawn or wake event itself. */
  at: number;
  /** The task it reached, and the index of that task's next "run" event. */
  to: number;
  toRun: number;
}


/** Every kind of trace event (TraceKind). */
const TRACE_KINDS: ReadonlySet<string> = new Set(["spawn", "run", "yield", "block", "wake", "cancel", "done", "fail", "cancelled"] satisfies TraceKind[]);

/**
 * @internal Checks that `events` is a list of trace events (what a
 * TraceRecorder's `events` gives), for `what`, the function given them.
 */
export function checkEvents(what: string, events: unknown): void {
  if (!Array.isArray(events)) {
    throw new InvalidArgumentError(`${what}() needs an array of trace events (a TraceRecorder's events), not ${describeValue(events)}`);
  }
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i];
    if (typeof event !== "object" || event === null) {
      throw new InvalidArgumentError(`${what}(): events[${i}] is ${describeValue(event)}, not a trace event (a TraceRecorder's events are)`);
    }
    // Events read back from a file (of another version, or edited) would otherwise be drawn at NaN, silently.
    const { t, kind, task } = event as Record<string, unknown>;
    if (typeof t !== "number" || !Number.isFinite(t) || typeof kind !== "string" || !TRACE_KINDS.has(kind) || typeof task !== "number") {
      throw new InvalidArgumentError(
        `${what}(): events[${i}] is not a trace event: it needs a finite time t, a kind (${[...TRACE_KINDS].join(", ")}) and a task id, but has t ${describeValue(t)}, kind ${describeValue(kind)}, task ${describeValue(task)}; give the events of a TraceRecorder of this version`,
      );
    }
  }
}

/** One lane per task, in spawn order. */
export function lanesOf(events: readonly TraceEvent[]): TaskLane[] {
  const lanes = new Map<number, TaskLane>();
  // A span is pushed onto its lane when it opens; its end is filled in when the next one opens.
  const open = new Map<number, Span>();
  /** What a woken task's next step resumes with, by task. */
  const resumes = new Map<number, TraceEvent>();
  const close = (lane: TaskLane, t: number, s: number): void => {
    const current = open.get(lane.id);
    if (current !== undefined) {
      current.t1 = t;
      current.s1 = s;
    }
    open.delete(lane.id);
  };
  const begin = (lane: TaskLane, e: TraceEvent, s: number, kind: SpanKind, label = ""): Span => {
    close(lane, e.t, s);
    const span: Span = { kind, label, t0: e.t, t1: e.t, s0: s, s1: s };
    open.set(e.task, span);
    lane.spans.push(span);
    return span;
  };
  for (let s = 0; s < events.length; s++) {
    const e = events[s] as TraceEvent;
    let lane = lanes.get(e.task);
    if (lane === undefined) {
      lane = { id: e.task, name: e.name, parent: e.kind === "spawn" ? Number(e.detail ?? -1) : -1, spans: [], end: null };
      lanes.set(e.task, lane);
    }
    switch (e.kind) {
      case "spawn":
      case "yield":
        begin(lane, e, s, "ready");
        break;
      case "wake":
        begin(lane, e, s, "ready");
        resumes.set(e.task, e);
        break;
      case "run": {
        const span = begin(lane, e, s, "running");
        const wake = resumes.get(e.task);
        if (wake !== undefined) {
          resumes.delete(e.task);
          if (wake.value !== undefined) span.value = wake.value;
          if (wake.by !== undefined) span.wokenBy = wake.by;
        }
        break;
      }
      case "block": {
        const label = String(e.detail ?? "");
        const span = begin(lane, e, s, label.startsWith("sleep(") ? "sleeping" : "blocked", label);
        if (e.channel !== undefined) span.channel = e.channel;
        break;
      }
      case "cancel":
        break;
      case "done":
      case "fail":
      case "cancelled":
        close(lane, e.t, s);
        lane.end = { kind: e.kind, t: e.t, s, detail: e.detail === undefined ? "" : String(e.detail) };
        if (e.value !== undefined) lane.end.value = e.value;
        resumes.delete(e.task);
        break;
    }
  }
  const last = events.length === 0 ? { t: 0, s: 0 } : { t: (events[events.length - 1] as TraceEvent).t, s: events.length };
  for (const lane of lanes.values()) close(lane, last.t, last.s);
  return [...lanes.values()].sort((a, b) => a.id - b.id);
}

/**
 * The spawns and wake-ups that link one task's step to another's, in the
 * order they happened. A link is kept only when both ends are in the trace:
 * the causing task's step (its "run" event) and the reached task's next
 * step (a task cancelled before it ran again is reached by none).
 */
export function flowsOf(events: readonly TraceEvent[]): Flow[] {
  const lastRun = new Map<number, number>();
  const pending = new Map<number, Omit<Flow, "toRun">>();
  const flows: Flow[] = [];
  events.forEach((e, s) => {
    switch (e.kind) {
      case "run": {
        lastRun.set(e.task, s);
        const flow = pending.get(e.task);
        if (flow !== undefined) {
          pending.delete(e.task);
          flows.push({ ...flow, toRun: s });
        }
        break;
      }
      case "spawn":
      case "wake": {
        const from = e.kind === "spawn" ? Number(e.detail ?? -1) : (e.by ?? -1);
        const fromRun = lastRun.get(from);
        if (fromRun !== undefined) pending.set(e.task, { kind: e.kind, from, fromRun, at: s, to: e.task });
        else pending.delete(e.task);
        break;
      }
      case "done":
      case "fail":
      case "cancelled":
        // lastRun stays: a finishing step wakes its joiners after its "done".
        pending.delete(e.task);
        break;
      default:
        break;
    }
  });
  return flows.sort((a, b) => a.at - b.at);
}

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
import type { TraceEvent } from "./trace.js";

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
}

export interface TaskLane {
  id: number;
  name: string;
  parent: number;
  spans: Span[];
  /** How it ended, if it did within the trace. */
  end: { kind: "done" | "fail" | "cancelled"; t: number; s: number; detail: string } | null;
}

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
  }
}

/** One lane per task, in spawn order. */
export function lanesOf(events: readonly TraceEvent[]): TaskLane[] {
  const lanes = new Map<number, TaskLane>();
  const open = new Map<number, { kind: SpanKind; label: string; t0: number; s0: number }>();
  const close = (lane: TaskLane, t: number, s: number): void => {
    const current = open.get(lane.id);
    if (current !== undefined) lane.spans.push({ ...current, t1: t, s1: s });
    open.delete(lane.id);
  };
  events.forEach((e, s) => {
    let lane = lanes.get(e.task);
    if (lane === undefined) {
      lane = { id: e.task, name: e.name, parent: e.kind === "spawn" ? Number(e.detail ?? -1) : -1, spans: [], end: null };
      lanes.set(e.task, lane);
    }
    const begin = (kind: SpanKind, label = ""): void => {
      close(lane as TaskLane, e.t, s);
      open.set(e.task, { kind, label, t0: e.t, s0: s });
    };
    switch (e.kind) {
      case "spawn":
      case "yield":
      case "wake":
        begin("ready");
        break;
      case "run":
        begin("running");
        break;
      case "block": {
        const label = String(e.detail ?? "");
        begin(label.startsWith("sleep(") ? "sleeping" : "blocked", label);
        break;
      }
      case "cancel":
        break;
      case "done":
      case "fail":
      case "cancelled":
        close(lane, e.t, s);
        lane.end = { kind: e.kind, t: e.t, s, detail: e.detail === undefined ? "" : String(e.detail) };
        break;
    }
  });
  const last = events.length === 0 ? { t: 0, s: 0 } : { t: (events[events.length - 1] as TraceEvent).t, s: events.length };
  for (const lane of lanes.values()) close(lane, last.t, last.s);
  return [...lanes.values()].sort((a, b) => a.id - b.id);
}

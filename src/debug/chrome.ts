/**
 * Export to the Chrome Trace Event format, which Perfetto (ui.perfetto.dev)
 * and chrome://tracing open as a timeline: one process (the run, named),
 * one track per task (a "thread" named after it), each step a "run" slice,
 * blocked and sleeping spans as labelled slices, the end of each task
 * marked; every slice carries its details in `args`, and flow arrows link a
 * spawn to the child's first step and a wake-up (a send completing a
 * receive, a release, a finish ending a join) to the woken task's next step.
 *
 * Times are the scheduler's milliseconds written as the format's
 * microseconds ×1000, so the viewer's ruler reads in virtual milliseconds,
 * counted from the trace's first event: a clock that starts at a calendar
 * date (1.7e12 ms) would otherwise need more digits, in nanoseconds, than a
 * double holds, and lose the spread below. The first event's time is the
 * process's `time_origin_ms`, and each slice's `args.t` is absolute.
 * On a virtual clock many steps happen at the same instant; the export
 * spreads the events of one instant a few nanoseconds apart, in their order,
 * so that every step is a slice of its own (zoom in on an instant to see its
 * interleaving) and every arrow binds to the step that caused it. The spread
 * takes at most half the gap to the next instant: past a quarter of a million
 * events in one millisecond, steps share timestamps and arrows may bind to a
 * neighbouring step.
 */
import { checkEvents, flowsOf, lanesOf } from "./spans.js";
import type { Span, TaskLane } from "./spans.js";
import type { TraceEvent } from "./trace.js";
import { InvalidArgumentError, describeValue } from "../kernel/api.js";

/**
 * One event of the Chrome Trace Event format (the subset used here).
 *
 * @category Debugging
 */
export interface ChromeTraceEvent {
  /** The slice's label (what the task waited on, "ready", "run"), how the task ended, a flow's kind, or the metadata's name. */
  name: string;
  /**
   * The phase: "X" a slice with a duration, "i" an instant, "M" metadata (a
   * process's or track's name and order), "s" and "f" the start and finish
   * of a flow arrow.
   */
  ph: "X" | "i" | "M" | "s" | "f";
  /** Start, in the format's microseconds (the scheduler's milliseconds since the trace's first event, × 1000). */
  ts: number;
  /** A slice's duration, in the same unit as `ts`. */
  dur?: number;
  /** The process: always 1, one run. */
  pid: number;
  /** The track: the task's id. */
  tid: number;
  /** An instant's scope: "t", the task's own track. */
  s?: "t";
  /** What kind of event it is: "ready", "sleeping", "blocked", "running", "end", or a flow's "spawn" or "wake". */
  cat?: string;
  /** A flow's id: its "s" and its "f" share it (and `cat` and `name`). */
  id?: number;
  /** A flow finish's binding point: "e", the slice enclosing `ts` (the woken task's step). */
  bp?: "e";
  /**
   * Details: for metadata, the name or sort index; for a wait, `waiting_on`
   * (and `channel`); for a step, `resumed_with`, `woken_by`, `spawned_by`;
   * for an end, `result` (done) or `detail` (a failure's message).
   */
  args?: Record<string, unknown>;
}

/**
 * Options of {@link toChromeTrace}.
 *
 * @category Debugging
 */
export interface ChromeTraceOptions {
  /** The name of the process the tasks' tracks are grouped under (default "spindle"). */
  processName?: string;
}

/** Nanoseconds between two events of one instant, when the gap to the next instant leaves room. */
const SPREAD_NS = 4;

/**
 * The trace as a Chrome Trace Event JSON object; write it to a `.json` file
 * and open it in Perfetto.
 *
 * @example
 * ```ts
 * writeFileSync("run.json", JSON.stringify(toChromeTrace(trace.events, { processName: "bank, seed 7" })));
 * ```
 *
 * @category Debugging
 */
export function toChromeTrace(
  events: readonly TraceEvent[],
  options: ChromeTraceOptions = {},
): {
  /** The events: metadata, then one track per task, then the flows. */
  traceEvents: ChromeTraceEvent[];
  /** Tells the viewer to show times in milliseconds. */
  displayTimeUnit: "ms";
} {
  checkEvents("toChromeTrace", events);
  const processName: unknown = options.processName ?? "spindle";
  if (typeof processName !== "string") {
    throw new InvalidArgumentError(`toChromeTrace(): the processName option must be a string (the process's name in the viewer), not ${describeValue(processName)}`);
  }
  // Counted from the first event: nanoseconds since 1970 would pass 2^53, beyond whole numbers in a double.
  const origin = events.reduce((earliest, e) => Math.min(earliest, e.t), Infinity);
  const timeOrigin = Number.isFinite(origin) ? origin : 0;
  const ns = spreadTimestamps(events, timeOrigin);
  const us = (s: number): number => (ns[s] as number) / 1000;
  // From whole nanoseconds, not a difference of microseconds: that would carry binary rounding (0.00399999…).
  const usBetween = (s0: number, s1: number): number => ((ns[s1] as number) - (ns[s0] as number)) / 1000;
  // A point strictly inside the step that begins at event `s`: what a flow binds to.
  const inside = (s: number): number => Math.round(((ns[s] as number) + (ns[s + 1] as number)) / 2) / 1000;
  const lanes = lanesOf(events);
  const names = new Map(lanes.map((lane) => [lane.id, `#${lane.id} ${lane.name}`]));
  const nameOf = (id: number): string => names.get(id) ?? `#${id}`;
  const firstTid = lanes[0]?.id ?? 1;
  const out: ChromeTraceEvent[] = [
    { name: "process_name", ph: "M", ts: 0, pid: 1, tid: firstTid, args: { name: processName, time_origin_ms: timeOrigin } },
    { name: "process_sort_index", ph: "M", ts: 0, pid: 1, tid: firstTid, args: { sort_index: 0 } },
  ];
  for (const lane of lanes) laneEvents(lane, out, us, usBetween, nameOf);
  flowsOf(events).forEach((flow, i) => {
    const id = i + 1;
    out.push({ name: flow.kind, ph: "s", ts: inside(flow.fromRun), pid: 1, tid: flow.from, cat: flow.kind, id });
    out.push({ name: flow.kind, ph: "f", bp: "e", ts: inside(flow.toRun), pid: 1, tid: flow.to, cat: flow.kind, id });
  });
  return { traceEvents: out, displayTimeUnit: "ms" };
}

/** One task's track: its name, its spans as slices, its end as an instant. */
function laneEvents(
  lane: TaskLane,
  out: ChromeTraceEvent[],
  us: (s: number) => number,
  usBetween: (s0: number, s1: number) => number,
  nameOf: (id: number) => string,
): void {
  const tid = lane.id;
  out.push({ name: "thread_name", ph: "M", ts: 0, pid: 1, tid, args: { name: nameOf(tid) } });
  out.push({ name: "thread_sort_index", ph: "M", ts: 0, pid: 1, tid, args: { sort_index: tid } });
  let step = 0;
  for (const span of lane.spans) {
    // A moment in the queue shows only when the clock moved meanwhile: otherwise it is noise between steps.
    if (span.kind === "ready" && !(span.t1 > span.t0)) continue;
    const ts = us(span.s0);
    out.push({ name: sliceName(span), ph: "X", ts, dur: usBetween(span.s0, span.s1), pid: 1, tid, cat: span.kind, args: sliceArgs(span, lane, step === 0, nameOf) });
    if (span.kind === "running") step++;
  }
  if (lane.end !== null) {
    const end = lane.end;
    const args: Record<string, unknown> = {};
    if (end.detail) args["detail"] = end.detail;
    if (end.value !== undefined) args["result"] = end.value;
    out.push({ name: end.kind, ph: "i", s: "t", ts: us(end.s), pid: 1, tid, cat: "end", args });
  }
}

function sliceName(span: Span): string {
  return span.kind === "running" ? "run" : span.kind === "ready" ? "ready" : span.label;
}

function sliceArgs(span: Span, lane: TaskLane, firstStep: boolean, nameOf: (id: number) => string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (span.kind === "running") {
    if (firstStep && lane.parent >= 0) args["spawned_by"] = nameOf(lane.parent);
    if (span.wokenBy !== undefined) args["woken_by"] = nameOf(span.wokenBy);
    if (span.value !== undefined) args["resumed_with"] = span.value;
  } else if (span.kind !== "ready") {
    args["waiting_on"] = span.label;
    if (span.channel !== undefined) args["channel"] = span.channel;
  }
  args["t"] = span.t1 === span.t0 ? `${span.t0} ms` : `${span.t0}..${span.t1} ms`;
  return args;
}

/**
 * Each event's timestamp in whole nanoseconds, plus one past the last: the
 * scheduler's time since `origin`, with the events of one instant spread
 * `SPREAD_NS` apart (or closer, within half the gap to the next instant).
 */
function spreadTimestamps(events: readonly TraceEvent[], origin: number): Float64Array {
  const n = events.length;
  const ns = new Float64Array(n + 1);
  let i = 0;
  while (i < n) {
    const t = (events[i] as TraceEvent).t;
    let j = i + 1;
    while (j < n && (events[j] as TraceEvent).t === t) j++;
    const base = Math.round((t - origin) * 1e6);
    // After the last instant, a millisecond of room.
    const next = j < n ? Math.round(((events[j] as TraceEvent).t - origin) * 1e6) : base + 1e6;
    const room = Math.floor((next - base) / 2 / (j - i + (j < n ? 0 : 1)));
    const spacing = Math.max(0, Math.min(SPREAD_NS, room));
    for (let k = i; k < j; k++) ns[k] = base + (k - i) * spacing;
    if (j === n) ns[n] = base + (j - i) * spacing;
    i = j;
  }
  return ns;
}

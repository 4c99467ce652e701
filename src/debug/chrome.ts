/**
 * Export to the Chrome Trace Event format, which Perfetto (ui.perfetto.dev)
 * and chrome://tracing open as a timeline: one track per task (a "thread"
 * named after it), blocked and sleeping spans as labelled slices, each
 * resume as an instant, and the end of each task marked.
 *
 * Times are the scheduler's milliseconds written as the format's
 * microseconds ×1000, so the viewer's ruler reads in virtual milliseconds.
 */
import { checkEvents, lanesOf } from "./spans.js";
import type { TraceEvent } from "./trace.js";

/**
 * One event of the Chrome Trace Event format (the subset used here).
 *
 * @category Debugging
 */
export interface ChromeTraceEvent {
  /** The slice's label (what the task waited on, "ready", "run"), how the task ended, or the metadata's name. */
  name: string;
  /** The phase: "X" a slice with a duration, "i" an instant, "M" metadata (a track's name and order). */
  ph: "X" | "i" | "M";
  /** Start, in the format's microseconds (the scheduler's milliseconds × 1000). */
  ts: number;
  /** A slice's duration, in the same unit as `ts`. */
  dur?: number;
  /** The process: always 1, one run. */
  pid: number;
  /** The track: the task's id. */
  tid: number;
  /** An instant's scope: "t", the task's own track. */
  s?: "t";
  /** What kind of event it is: "ready", "sleeping", "blocked", "run", or "end". */
  cat?: string;
  /** Extra data: for metadata, the track's name or sort index; for an end, its detail (a failure's message). */
  args?: Record<string, unknown>;
}

/**
 * The trace as a Chrome Trace Event JSON object; write it to a `.json` file
 * and open it in Perfetto.
 *
 * @example
 * ```ts
 * writeFileSync("run.json", JSON.stringify(toChromeTrace(trace.events)));
 * ```
 *
 * @category Debugging
 */
export function toChromeTrace(events: readonly TraceEvent[]): {
  /** The events, one track per task. */
  traceEvents: ChromeTraceEvent[];
  /** Tells the viewer to show times in milliseconds. */
  displayTimeUnit: "ms";
} {
  checkEvents("toChromeTrace", events);
  const out: ChromeTraceEvent[] = [];
  for (const lane of lanesOf(events)) {
    const tid = lane.id;
    out.push({ name: "thread_name", ph: "M", ts: 0, pid: 1, tid, args: { name: `#${lane.id} ${lane.name}` } });
    out.push({ name: "thread_sort_index", ph: "M", ts: 0, pid: 1, tid, args: { sort_index: lane.id } });
    for (const span of lane.spans) {
      if (span.kind === "running") {
        out.push({ name: "run", ph: "i", s: "t", ts: span.t0 * 1000, pid: 1, tid, cat: "run" });
      } else if (span.t1 > span.t0 || span.kind !== "ready") {
        out.push({
          name: span.kind === "ready" ? "ready" : span.label,
          ph: "X",
          ts: span.t0 * 1000,
          dur: (span.t1 - span.t0) * 1000,
          pid: 1,
          tid,
          cat: span.kind,
        });
      }
    }
    if (lane.end !== null) {
      out.push({ name: lane.end.kind, ph: "i", s: "t", ts: lane.end.t * 1000, pid: 1, tid, cat: "end", args: lane.end.detail ? { detail: lane.end.detail } : {} });
    }
  }
  return { traceEvents: out, displayTimeUnit: "ms" };
}

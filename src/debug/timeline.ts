/**
 * A picture of a run: one self-contained HTML page (inline SVG, no external
 * assets) with one lane per task. Sleeping spans are blue, other waits orange
 * and labelled with what they wait on, time spent ready in the queue grey,
 * each resume a green tick; the end of a task is marked ✓ (done), ✗ (failed)
 * or ⊘ (cancelled). Hover a span for its details.
 *
 * The horizontal axis is the scheduler's time, or the event sequence
 * (`axis: "sequence"`), which spreads out the many steps a virtual clock runs
 * at one instant and so shows the interleaving itself.
 */
import { checkEvents, lanesOf } from "./spans.js";
import type { Span } from "./spans.js";
import type { TraceEvent } from "./trace.js";

/**
 * Options of {@link timelineHtml}.
 *
 * @category Debugging
 */
export interface TimelineOptions {
  /** A heading for the page. */
  title?: string;
  /** "time" (default when the run took time) or "sequence". */
  axis?: "time" | "sequence";
  /** Width of the drawing area in pixels (default 1000). */
  width?: number;
}

const COLORS: Record<Span["kind"], string> = { ready: "#c9ccd1", running: "#2e9d4f", sleeping: "#5b8def", blocked: "#f0a33a" };
const LANE = 26;
const LABEL_WIDTH = 190;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Renders the trace as one HTML page, with no external assets.
 *
 * @example
 * ```ts
 * writeFileSync("run.html", timelineHtml(trace.events, { title: "bank, seed 7" }));
 * ```
 *
 * @category Debugging
 */
export function timelineHtml(events: readonly TraceEvent[], options: TimelineOptions = {}): string {
  checkEvents("timelineHtml", events);
  const lanes = lanesOf(events);
  const last = events[events.length - 1];
  const endTime = last === undefined ? 0 : last.t;
  const axis = options.axis ?? (endTime > 0 ? "time" : "sequence");
  const width = options.width ?? 1000;
  const extent = axis === "time" ? Math.max(endTime, 1e-9) : Math.max(events.length, 1);
  const x = (t: number, s: number): number => LABEL_WIDTH + ((axis === "time" ? t : s) / extent) * width;
  const height = lanes.length * LANE + 40;
  const parts: string[] = [];
  lanes.forEach((lane, i) => {
    const y = 20 + i * LANE;
    parts.push(`<text x="4" y="${y + 16}" class="name">#${lane.id} ${escape(lane.name)}</text>`);
    parts.push(`<line x1="${LABEL_WIDTH}" y1="${y + 12}" x2="${LABEL_WIDTH + width}" y2="${y + 12}" class="lane"/>`);
    for (const span of lane.spans) {
      const x0 = x(span.t0, span.s0);
      const x1 = x(span.t1, span.s1);
      const tip = `${span.kind}${span.label ? ` on ${span.label}` : ""}, t=${span.t0}..${span.t1}`;
      if (span.kind === "running") {
        parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 3}" width="2" height="18" fill="${COLORS.running}"><title>${escape(tip)}</title></rect>`);
        continue;
      }
      const w = Math.max(x1 - x0, 1);
      parts.push(
        `<rect x="${x0.toFixed(1)}" y="${y + 6}" width="${w.toFixed(1)}" height="12" rx="2" fill="${COLORS[span.kind]}"><title>${escape(tip)}</title></rect>`,
      );
      if (span.label && w > span.label.length * 6.2) parts.push(`<text x="${(x0 + 3).toFixed(1)}" y="${y + 16}" class="label">${escape(span.label)}</text>`);
    }
    if (lane.end !== null) {
      const mark = lane.end.kind === "done" ? "✓" : lane.end.kind === "fail" ? "✗" : "⊘";
      const cls = lane.end.kind === "done" ? "done" : lane.end.kind === "fail" ? "fail" : "cancelled";
      parts.push(
        `<text x="${(x(lane.end.t, lane.end.s) + 3).toFixed(1)}" y="${y + 17}" class="${cls}">${mark}<title>${escape(`${lane.end.kind} at t=${lane.end.t}${lane.end.detail ? `: ${lane.end.detail}` : ""}`)}</title></text>`,
      );
    }
  });
  const title = escape(options.title ?? "spindle run");
  const axisNote = axis === "time" ? `time: 0 … ${endTime} ms (scheduler clock)` : `event sequence: 0 … ${events.length}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
.name{font:12px ui-monospace,monospace}.label{font:10px ui-monospace,monospace;fill:#222}
.lane{stroke:#eee}.done{fill:#2e9d4f}.fail{fill:#d33}.cancelled{fill:#8a4fd0}
.key span{display:inline-block;width:12px;height:12px;border-radius:2px;margin:0 4px 0 12px;vertical-align:-2px}
</style></head><body>
<h1 style="font-size:16px">${title}</h1>
<div class="key">${axisNote}<span style="background:${COLORS.running}"></span>resumed<span style="background:${COLORS.sleeping}"></span>sleeping<span style="background:${COLORS.blocked}"></span>blocked<span style="background:${COLORS.ready}"></span>ready</div>
<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH + width + 30}" height="${height}" role="img" aria-label="timeline of ${lanes.length} tasks">
${parts.join("\n")}
</svg>
</body></html>
`;
}

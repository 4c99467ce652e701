/**
 * A picture of a run: one self-contained HTML page (inline SVG, no external
 * assets) with one lane per task, a time axis above and below the lanes, and
 * a legend. Sleeping spans are blue, other waits orange and labelled with
 * what they wait on, time spent ready in the queue grey, each step (a
 * resume) a green tick; the end of a task is marked ✓ (done), ✗ (failed)
 * or ⊘ (cancelled). Hover a span, a tick or a mark for its details.
 *
 * The horizontal axis is the scheduler's time, or the event sequence
 * (`axis: "sequence"`), which spreads out the many steps a virtual clock runs
 * at one instant and so shows the interleaving itself.
 *
 * The drawing scales to the window's width (its viewBox), down to a width at
 * which its text stays readable; past that the page scrolls sideways.
 */
import { InvalidArgumentError, describeValue } from "../kernel/api.js";
import { ticksOf } from "./axis.js";
import { COLORS, END_MARKS, LANE, drawLane } from "./lane-drawing.js";
import { escapeXml } from "../xml-characters.js";
import { checkEvents, lanesOf } from "./spans.js";
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
  /** Width of the drawing area, in the drawing's units: pixels when the page shows it unscaled (default 1000). */
  width?: number;
}

const LABEL_WIDTH = 190;
/** Room above the lanes (the top axis) and below them (the bottom axis). */
const AXIS_HEIGHT = 24;
/** Room right of the drawing, for an end mark and the last tick's label. */
const RIGHT_MARGIN = 40;
/** About one tick per this many units of width. */
const TICK_SPACING = 100;
/** Past this many events, lanes are drawn compact: few elements each, tooltips only on wide spans (see lane-drawing.ts). */
const DETAILED_EVENTS = 5000;
/** The drawing is never shown narrower than this fraction of its width, so that its 12-unit text stays above 8 pixels. */
const MIN_SCALE = 0.7;

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
  if (options.title !== undefined && typeof options.title !== "string") {
    throw new InvalidArgumentError(`timelineHtml(): options.title is ${describeValue(options.title)}; give a string (the page's heading)`);
  }
  if (options.axis !== undefined && options.axis !== "time" && options.axis !== "sequence") {
    throw new InvalidArgumentError(`timelineHtml(): options.axis is ${describeValue(options.axis)}; give "time" or "sequence"`);
  }
  if (options.width !== undefined && !(typeof options.width === "number" && Number.isFinite(options.width) && options.width > 0)) {
    throw new InvalidArgumentError(`timelineHtml(): options.width is ${describeValue(options.width)}; give a number of units > 0, such as 1000`);
  }
  const lanes = lanesOf(events);
  const first = events[0];
  const last = events[events.length - 1];
  const startTime = first === undefined ? 0 : first.t;
  const endTime = last === undefined ? 0 : last.t;
  const axis = options.axis ?? (endTime > startTime ? "time" : "sequence");
  const width = options.width ?? 1000;
  const start = axis === "time" ? startTime : 0;
  const extent = axis === "time" ? Math.max(endTime - startTime, 1e-9) : Math.max(events.length, 1);
  const x = (t: number, s: number): number => LABEL_WIDTH + (((axis === "time" ? t : s) - start) / extent) * width;
  const names = new Map(lanes.map((lane) => [lane.id, `#${lane.id} ${lane.name}`]));
  const ctx = { x, nameOf: (id: number): string => names.get(id) ?? `#${id}`, compact: events.length > DETAILED_EVENTS };
  const lanesTop = AXIS_HEIGHT + 4;
  const lanesBottom = lanesTop + lanes.length * LANE;
  const totalWidth = LABEL_WIDTH + width + RIGHT_MARGIN;
  const height = lanesBottom + AXIS_HEIGHT + 4;

  const ticks = ticksOf(start, axis === "time" ? extent : events.length, Math.max(1, Math.floor(width / TICK_SPACING)), axis === "sequence", axis === "time" ? " ms" : "");
  const parts: string[] = [axisSvg(ticks, (v) => LABEL_WIDTH + ((v - start) / extent) * width, lanesTop, lanesBottom, axis)];
  lanes.forEach((lane, i) => parts.push(...drawLane(lane, lanesTop + i * LANE, LABEL_WIDTH, width, ctx)));

  const title = escapeXml(options.title ?? "spindle run");
  const axisNote =
    axis === "time"
      ? `time: ${startTime} … ${endTime} ms (scheduler clock).`
      : `event sequence: 0 … ${events.length} (the events in the order they happened: the steps of one instant are spread apart).`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
svg{display:block;width:100%;height:auto;min-width:${Math.round(totalWidth * MIN_SCALE)}px}
.name{font:12px ui-monospace,monospace}.label{font:10px ui-monospace,monospace;fill:#222}
.lane{stroke:#eee}.done{fill:#2e9d4f}.fail{fill:#d33}.cancelled{fill:#8a4fd0}
.axis line{stroke:#999}.axis .grid{stroke:#f2f2f2}.axis text{font:11px system-ui,sans-serif;fill:#555}
.legend{list-style:none;padding:0;margin:6px 0 10px;display:flex;flex-wrap:wrap;gap:4px 18px}
.legend li{white-space:nowrap}
.legend .swatch{display:inline-block;width:14px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend .tick{display:inline-block;width:2px;height:14px;margin:0 8px 0 6px;vertical-align:-3px;background:${COLORS.running}}
.legend .mark{display:inline-block;width:14px;margin-right:5px;font-weight:bold;text-align:center}
.legend .mark.done{color:#2e9d4f}.legend .mark.fail{color:#d33}.legend .mark.cancelled{color:#8a4fd0}
</style></head><body>
<h1 style="font-size:16px">${title}</h1>
${legendHtml()}
<p class="axis-note">${escapeXml(axisNote)} Hover a span, a tick or a mark for its details.</p>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${totalWidth} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="timeline of ${lanes.length} tasks">
${parts.join("\n")}
</svg>
</body></html>
`;
}

/** The legend: every colour and mark the drawing uses, and what it means. */
function legendHtml(): string {
  const swatch = (kind: keyof typeof COLORS, text: string): string => `<li data-key="${kind}"><span class="swatch" style="background:${COLORS[kind]}"></span>${text}</li>`;
  const mark = (kind: keyof typeof END_MARKS, text: string): string => `<li data-key="${kind}"><span class="mark ${END_MARKS[kind].cls}">${END_MARKS[kind].mark}</span>${text}</li>`;
  return `<ul class="legend" aria-label="legend">
${swatch("sleeping", "sleeping: waiting for a timer")}
${swatch("blocked", "blocked: waiting on something else (a channel, a lock, a join), labelled with it")}
${swatch("ready", "ready: able to run, waiting for its turn in the queue")}
<li data-key="running"><span class="tick"></span>a step: the task ran (was resumed)</li>
${mark("done", "done: returned")}
${mark("fail", "failed: threw (hover the mark for the error)")}
${mark("cancelled", "cancelled")}
</ul>`;
}

/** The axis above the lanes and below them, with a faint grid line at each tick across the lanes. */
function axisSvg(ticks: { value: number; label: string }[], at: (value: number) => number, top: number, bottom: number, axis: "time" | "sequence"): string {
  const out: string[] = [`<g class="axis" aria-label="${axis === "time" ? "time axis, in milliseconds" : "event sequence axis"}">`];
  for (const tick of ticks) {
    const x = at(tick.value).toFixed(1);
    out.push(`<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/>`);
    out.push(`<line class="tick" x1="${x}" y1="${top - 6}" x2="${x}" y2="${top}"/><text class="tick-label" x="${x}" y="${top - 9}" text-anchor="middle">${escapeXml(tick.label)}</text>`);
    out.push(`<line class="tick" x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 6}"/><text class="tick-label" x="${x}" y="${bottom + 18}" text-anchor="middle">${escapeXml(tick.label)}</text>`);
  }
  out.push(`<text class="axis-title" x="4" y="${top - 9}">${axis === "time" ? "time (ms)" : "event #"}</text>`);
  out.push("</g>");
  return out.join("\n");
}

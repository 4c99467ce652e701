/**
 * Draws one task's lane of the timeline as SVG elements, cheaply enough for
 * a trace of a hundred thousand events. A small trace is drawn in detail:
 * a rect with a tooltip per span and per step. A large one (`compact`) is
 * drawn with few elements, as what a browser must lay out is what makes a
 * big page slow to open: spans narrower than a pixel are merged with their
 * neighbours, the spans of one colour are one path per lane (its tooltip
 * names the task), the steps one more; a span wide enough for its label
 * still gets it.
 */
import { escapeXml } from "../xml-characters.js";
import type { Span, TaskLane } from "./spans.js";

/** The colour of each kind of span (also the legend's). */
export const COLORS: Record<Span["kind"], string> = { ready: "#c9ccd1", running: "#2e9d4f", sleeping: "#5b8def", blocked: "#f0a33a" };

/** How each end is marked, and the class that colours the mark. */
export const END_MARKS: Record<"done" | "fail" | "cancelled", { mark: string; cls: string }> = {
  done: { mark: "✓", cls: "done" },
  fail: { mark: "✗", cls: "fail" },
  cancelled: { mark: "⊘", cls: "cancelled" },
};

/** Lane height, in the drawing's units (pixels at scale 1). */
export const LANE = 26;
/** Below this width a span is merged with its neighbours. */
const MIN_WIDTH = 1;
/** A lane with more steps than this draws them as one path. */
const MAX_TICK_RECTS = 60;

const px = (n: number): string => n.toFixed(1);

/** What a lane is drawn with: where an event falls on the x axis, the task names for "woken by", and how much detail. */
export interface LaneContext {
  x(t: number, s: number): number;
  nameOf(id: number): string;
  /** Few elements per lane (a large trace), rather than one per span. */
  compact: boolean;
}

/** A run of spans too narrow to draw apart. */
interface Merged {
  x0: number;
  x1: number;
  t0: number;
  t1: number;
  count: number;
  /** The width each kind covers in it: the rect takes the colour of the widest. */
  weight: Map<Span["kind"], number>;
}

/** The SVG of one lane whose top is at `y`. */
export function drawLane(lane: TaskLane, y: number, labelWidth: number, drawWidth: number, ctx: LaneContext): string[] {
  const parts: string[] = [];
  parts.push(`<text x="4" y="${y + 16}" class="name">#${lane.id} ${escapeXml(lane.name)}</text>`);
  parts.push(`<line x1="${labelWidth}" y1="${y + 12}" x2="${labelWidth + drawWidth}" y2="${y + 12}" class="lane"/>`);
  const ticks: { x: number; span: Span }[] = [];
  // Compact: the outline of every small span, by colour, drawn as one path each at the end.
  const outlines = new Map<Span["kind"], string>();
  const box = (kind: Span["kind"], x0: number, w: number): void => {
    outlines.set(kind, `${outlines.get(kind) ?? ""}M${px(x0)} ${y + 6}h${px(w)}v12h${px(-w)}z`);
  };
  // Compact: labels go on top of the paths, so after them.
  const labels: string[] = [];
  let merged: Merged | null = null;
  const flush = (): void => {
    if (merged === null) return;
    if (ctx.compact) box(mainKind(merged), merged.x0, Math.max(merged.x1 - merged.x0, MIN_WIDTH));
    else parts.push(mergedRect(merged, y));
    merged = null;
  };
  for (const span of lane.spans) {
    const x0 = ctx.x(span.t0, span.s0);
    const x1 = ctx.x(span.t1, span.s1);
    if (span.kind === "running") {
      ticks.push({ x: x0, span });
      continue;
    }
    const w = x1 - x0;
    if (w >= MIN_WIDTH) {
      flush();
      if (!ctx.compact) parts.push(...spanRect(span, x0, w, y));
      else {
        box(span.kind, x0, w);
        if (span.label && labelFits(span.label, w)) labels.push(spanLabel(span.label, x0, y));
      }
      continue;
    }
    const m: Merged = merged ?? { x0, x1, t0: span.t0, t1: span.t1, count: 0, weight: new Map() };
    m.x1 = x1;
    m.t1 = span.t1;
    m.count++;
    m.weight.set(span.kind, (m.weight.get(span.kind) ?? 0) + w);
    merged = m;
    if (m.x1 - m.x0 >= MIN_WIDTH) flush();
  }
  flush();
  for (const [kind, d] of outlines) parts.push(`<path d="${d}" fill="${COLORS[kind]}" class="spans ${kind}"><title>${escapeXml(`${kind}: #${lane.id} ${lane.name}`)}</title></path>`);
  parts.push(...labels);
  parts.push(...tickMarks(ticks, y, lane, ctx));
  if (lane.end !== null) {
    const end = lane.end;
    const { mark, cls } = END_MARKS[end.kind];
    const why = end.detail ? `: ${end.detail}` : end.value !== undefined ? `, returning ${end.value}` : "";
    parts.push(`<text x="${px(ctx.x(end.t, end.s) + 3)}" y="${y + 17}" class="${cls}">${mark}<title>${escapeXml(`${end.kind} at t=${end.t}${why}`)}</title></text>`);
  }
  return parts;
}

const labelFits = (label: string, w: number): boolean => w > label.length * 6.2;

/** The kind that covers most of a merged run: its colour. */
function mainKind(m: Merged): Span["kind"] {
  let main: Span["kind"] = "ready";
  let most = -1;
  for (const [kind, weight] of m.weight) {
    if (weight > most) {
      most = weight;
      main = kind;
    }
  }
  return main;
}

function spanRect(span: Span, x0: number, w: number, y: number): string[] {
  const tip = `${span.kind}${span.label ? ` on ${span.label}` : ""}, t=${span.t0}..${span.t1}`;
  const out = [`<rect x="${px(x0)}" y="${y + 6}" width="${px(w)}" height="12" rx="2" fill="${COLORS[span.kind]}"><title>${escapeXml(tip)}</title></rect>`];
  if (span.label && labelFits(span.label, w)) out.push(spanLabel(span.label, x0, y));
  return out;
}

function spanLabel(label: string, x0: number, y: number): string {
  return `<text x="${px(x0 + 3)}" y="${y + 16}" class="label">${escapeXml(label)}</text>`;
}

function mergedRect(m: Merged, y: number): string {
  const main = mainKind(m);
  const tip = m.count === 1 ? `${main}, t=${m.t0}..${m.t1}` : `${m.count} short spans, t=${m.t0}..${m.t1}, mostly ${main} (zoom in, or use axis: "sequence", to see them apart)`;
  return `<rect x="${px(m.x0)}" y="${y + 6}" width="${px(Math.max(m.x1 - m.x0, MIN_WIDTH))}" height="12" fill="${COLORS[main]}"><title>${escapeXml(tip)}</title></rect>`;
}

/** The lane's steps: a rect each, with what it resumed with; or, compact or past MAX_TICK_RECTS, one path. */
function tickMarks(ticks: { x: number; span: Span }[], y: number, lane: TaskLane, ctx: LaneContext): string[] {
  if (ticks.length === 0) return [];
  if (!ctx.compact && ticks.length <= MAX_TICK_RECTS) {
    return ticks.map(({ x, span }) => {
      let tip = `step at t=${span.t0}`;
      if (span.value !== undefined) tip += `, resumed with ${span.value}`;
      if (span.wokenBy !== undefined) tip += `, woken by ${ctx.nameOf(span.wokenBy)}`;
      return `<rect x="${px(x)}" y="${y + 3}" width="2" height="18" fill="${COLORS.running}" class="step"><title>${escapeXml(tip)}</title></rect>`;
    });
  }
  // One vertical stroke per distinct half-pixel: thousands of steps, one element.
  let d = "";
  let last = -Infinity;
  for (const { x } of ticks) {
    const at = Math.round(x * 2) / 2;
    if (at === last) continue;
    last = at;
    d += `M${at + 1} ${y + 3}v18`;
  }
  return [`<path d="${d}" class="steps" stroke="${COLORS.running}" stroke-width="2"><title>${ticks.length} steps of #${lane.id} ${escapeXml(lane.name)}</title></path>`];
}

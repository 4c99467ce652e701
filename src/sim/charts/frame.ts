/**
 * What every chart shares: the options for its size and its texts, the
 * placement of the plot area inside the picture, and the drawing of the
 * frame around it (title, axes, ticks, tick labels, axis titles).
 *
 * Elements carry classes (`title`, `x-axis`, `tick-label`...) so that a
 * stylesheet, or a test, can find them.
 */
import { InvalidArgumentError } from "../../kernel/api.js";
import { formatTick } from "./ticks.js";
import type { NiceAxis } from "./ticks.js";
import { coord, escapeXml, requireText } from "./xml.js";

/**
 * The texts and size of a chart. Every text is escaped for XML, so any
 * string is safe here.
 *
 * @example
 * ```ts
 * const options: ChartOptions = { title: "Queue at the counter", xLabel: "time (min)", yLabel: "customers" };
 * ```
 *
 * @category Simulation
 */
export interface ChartOptions {
  /** Drawn above the chart, and its accessible name. */
  title?: string;
  /** The horizontal axis' title. */
  xLabel?: string;
  /** The vertical axis' title. */
  yLabel?: string;
  /** Width of the SVG in pixels (default 640, at least 200). */
  width?: number;
  /** Height of the SVG in pixels (default 320, at least 150). */
  height?: number;
}

/** Where the plot area lies in the picture, in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A colour per series, distinguishable in print and for the common colour blindnesses. */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

/** The width and height asked for, checked. */
export function sizeOf(what: string, options: ChartOptions): { width: number; height: number } {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  if (!Number.isFinite(width) || width < 200 || !Number.isFinite(height) || height < 150) {
    throw new InvalidArgumentError(`${what}: width ${width} and height ${height} must be finite numbers of pixels, width at least 200 and height at least 150`);
  }
  return { width, height };
}

/** The plot area of a `width` x `height` picture, leaving room for the title, a legend row if asked, tick labels and axis titles. */
export function plotArea(width: number, height: number, legendRow: boolean): PlotArea {
  return { left: 68, top: legendRow ? 56 : 36, right: width - 20, bottom: height - 46 };
}

/** Maps `value` on `axis` to a pixel between `from` (the axis' min) and `to` (its max). */
export function scale(axis: NiceAxis, from: number, to: number): (value: number) => number {
  const span = axis.max - axis.min;
  // An axis from -1e308 to 1e308 spans more than the largest double: measure it in halves then.
  if (!Number.isFinite(span)) return (value) => from + ((value / 2 - axis.min / 2) / (axis.max / 2 - axis.min / 2)) * (to - from);
  return (value) => from + ((value - axis.min) / span) * (to - from);
}

/** The opening of a self-contained SVG document with a white background and the title (as a `<title>` too, for screen readers). */
export function openSvg(width: number, height: number, title: string | undefined): string[] {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
  ];
  if (title !== undefined) parts.push(`<title>${escapeXml(title)}</title>`);
  parts.push(`<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title !== undefined) parts.push(`<text class="title" x="${coord(width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  return parts;
}

/**
 * The frame of an x/y chart: light grid lines at the y ticks, both axes
 * with their ticks and labels, and the axis titles.
 */
export function drawFrame(parts: string[], area: PlotArea, x: NiceAxis, y: NiceAxis, options: ChartOptions): void {
  const px = scale(x, area.left, area.right);
  const py = scale(y, area.bottom, area.top);
  parts.push(`<rect class="plot-area" x="${area.left}" y="${area.top}" width="${coord(area.right - area.left)}" height="${coord(area.bottom - area.top)}" fill="none"/>`);
  for (const v of y.ticks) {
    const at = coord(py(v));
    parts.push(`<line class="grid" x1="${area.left}" y1="${at}" x2="${coord(area.right)}" y2="${at}" stroke="#e6e6e6"/>`);
    parts.push(`<line class="tick y-tick" x1="${area.left - 5}" y1="${at}" x2="${area.left}" y2="${at}" stroke="#333"/>`);
    parts.push(`<text class="tick-label y-tick-label" x="${area.left - 8}" y="${at}" text-anchor="end" dominant-baseline="middle">${formatTick(v, y.step)}</text>`);
  }
  for (const v of x.ticks) {
    const at = coord(px(v));
    parts.push(`<line class="tick x-tick" x1="${at}" y1="${coord(area.bottom)}" x2="${at}" y2="${coord(area.bottom + 5)}" stroke="#333"/>`);
    parts.push(`<text class="tick-label x-tick-label" x="${at}" y="${coord(area.bottom + 18)}" text-anchor="middle">${formatTick(v, x.step)}</text>`);
  }
  parts.push(`<line class="axis x-axis" x1="${area.left}" y1="${coord(area.bottom)}" x2="${coord(area.right)}" y2="${coord(area.bottom)}" stroke="#333"/>`);
  parts.push(`<line class="axis y-axis" x1="${area.left}" y1="${area.top}" x2="${area.left}" y2="${coord(area.bottom)}" stroke="#333"/>`);
  if (options.xLabel !== undefined) {
    parts.push(`<text class="axis-title x-title" x="${coord((area.left + area.right) / 2)}" y="${coord(area.bottom + 38)}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  }
  if (options.yLabel !== undefined) {
    const cy = coord((area.top + area.bottom) / 2);
    parts.push(`<text class="axis-title y-title" x="16" y="${cy}" text-anchor="middle" transform="rotate(-90 16 ${cy})">${escapeXml(options.yLabel)}</text>`);
  }
}

/** One row of legend entries (a colour swatch and a name each) above the plot area, from its left edge. */
export function drawLegend(parts: string[], area: PlotArea, names: readonly string[]): void {
  let x = area.left;
  names.forEach((name, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    parts.push(`<g class="legend-entry"><rect x="${coord(x)}" y="${area.top - 22}" width="14" height="4" fill="${colour}"/><text x="${coord(x + 20)}" y="${area.top - 16}">${escapeXml(name)}</text></g>`);
    x += 36 + name.length * 7;
  });
}

/** Throws InvalidArgumentError unless the title and axis titles given are strings. */
export function checkTexts(what: string, options: ChartOptions): void {
  for (const key of ["title", "xLabel", "yLabel"] as const) {
    if (options[key] !== undefined) requireText(what, `options.${key}`, options[key]);
  }
}

/** Throws InvalidArgumentError unless `value` is a finite number; `where` says which input it is. */
export function requireFinite(what: string, where: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${what}: ${where} is ${String(value)}; every value must be a finite number (drop or fix the entries that are not)`);
  }
  return value;
}

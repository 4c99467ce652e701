/**
 * A histogram of values (waits, typically) as an SVG: one bar per bin,
 * its height the number of values in the bin.
 */
import { checkTexts, drawFrame, openSvg, plotArea, scale, sizeOf } from "./frame.js";
import type { ChartOptions } from "./frame.js";
import { histogramBins } from "./histogram-bins.js";
import type { BinOptions } from "./histogram-bins.js";
import { niceAxis } from "./ticks.js";
import { coord } from "./xml.js";

/**
 * Options of {@link histogramSvg}: the chart's texts and size, and the bins.
 *
 * @example
 * ```ts
 * const options: HistogramOptions = { title: "Waits", xLabel: "wait (min)", bins: 20 };
 * ```
 *
 * @category Simulation
 */
export interface HistogramOptions extends ChartOptions, BinOptions {}

/**
 * An SVG histogram of `values`: bins from {@link histogramBins} (the
 * Freedman–Diaconis rule unless `bins` says otherwise), the count of values
 * on the y axis (default title "count"). Each bar is a `<rect class="bar">`
 * with its count in `data-count` and a tooltip giving its range.
 *
 * Throws InvalidArgumentError for no values, a value that is not a finite
 * number, a bad number of bins, or a title that is not a string.
 *
 * @example
 * ```ts
 * const counter = new Resource(1, { name: "counter", log: true, sim });
 * // ... run ...
 * const svg = histogramSvg(counter.waitLog(), { title: "Waits at the counter", xLabel: "wait (min)" });
 * ```
 *
 * @category Simulation
 */
export function histogramSvg(values: readonly number[], options: HistogramOptions = {}): string {
  const { width, height } = sizeOf("histogramSvg()", options);
  checkTexts("histogramSvg()", options);
  const bins = histogramBins(values, options);
  const area = plotArea(width, height, false);
  const x = niceAxis(bins.edges[0] as number, bins.edges[bins.edges.length - 1] as number);
  const y = niceAxis(0, Math.max(...bins.counts), 5, true);
  const px = scale(x, area.left, area.right);
  const py = scale(y, area.bottom, area.top);
  const parts = openSvg(width, height, options.title);
  drawFrame(parts, area, x, y, { ...options, yLabel: options.yLabel ?? "count" });
  bins.counts.forEach((count, i) => {
    const from = bins.edges[i] as number;
    const to = bins.edges[i + 1] as number;
    const left = px(from);
    const top = py(count);
    const tip = `${count} in [${short(from)}, ${short(to)}${i === bins.counts.length - 1 ? "]" : ")"}`;
    parts.push(
      `<rect class="bar" data-count="${count}" x="${coord(left)}" y="${coord(top)}" width="${coord(px(to) - left)}" height="${coord(py(0) - top)}" fill="#1f77b4" stroke="#ffffff" stroke-width="0.5"><title>${tip}</title></rect>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** Four significant digits, without an exponent for ordinary magnitudes (all of them where rounding would overflow, near the largest double). */
function short(v: number): string {
  const rounded = Number(v.toPrecision(4));
  return String(Number.isFinite(rounded) ? rounded : v);
}

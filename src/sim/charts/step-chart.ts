/**
 * A level over time as a step chart: the value holds from one change to the
 * next, as a resource's users, a queue or a container's level do. It draws
 * the `[time, value]` logs that monitored primitives keep (`levelLog()`,
 * `queueLog()`, `TimeWeighted.log`).
 */
import { InvalidArgumentError } from "../../kernel/api.js";
import { PALETTE, checkTexts, drawFrame, drawLegend, openSvg, plotArea, requireFinite, scale, sizeOf } from "./frame.js";
import type { ChartOptions } from "./frame.js";
import { niceAxis } from "./ticks.js";
import { coord, escapeXml, requireText } from "./xml.js";

/**
 * A change log: `[time, value]` pairs in time order, the value holding until
 * the next pair.
 *
 * @example
 * ```ts
 * const log: StepLog = [[0, 0], [2, 1], [5, 0]];
 * ```
 *
 * @category Simulation
 */
export type StepLog = readonly (readonly [number, number])[];

/**
 * One named series of a step chart (named in the legend).
 *
 * @example
 * ```ts
 * const series: StepSeries[] = [{ name: "busy", log: res.levelLog() }, { name: "waiting", log: res.queueLog() }];
 * ```
 *
 * @category Simulation
 */
export interface StepSeries {
  /** Shown in the legend. */
  name: string;
  /** The series' changes, in time order. */
  log: StepLog;
}

/**
 * Options of {@link stepChartSvg}.
 *
 * @example
 * ```ts
 * const options: StepChartOptions = { title: "Reservoir", xLabel: "time (s)", yLabel: "litres", until: 1000 };
 * ```
 *
 * @category Simulation
 */
export interface StepChartOptions extends ChartOptions {
  /**
   * The time up to which the last value of every series is drawn, usually
   * the end of the run (default: the time of the last change). Not before
   * any series' last change.
   */
  until?: number;
}

/**
 * An SVG step chart of one log or of several named series (with a legend):
 * time on the x axis, the level on the y axis (from 0 unless it goes below),
 * both with ticks at round numbers. Each series is a `<path class="series">`
 * from its first time to `until`. Self-contained: no scripts, no external
 * styles; the same input gives the same string.
 *
 * Throws InvalidArgumentError for an empty log, a time or value that is not
 * a finite number, times that go back, or a name or title that is not a
 * string.
 *
 * @example
 * ```ts
 * const pumps = new Resource(2, { name: "pumps", log: true, sim });
 * // ... run ...
 * const svg = stepChartSvg([{ name: "busy", log: pumps.levelLog() }, { name: "waiting", log: pumps.queueLog() }],
 *   { title: "Pumps", xLabel: "time (s)", yLabel: "cars", until: sim.now });
 * ```
 *
 * @category Simulation
 */
export function stepChartSvg(series: StepLog | readonly StepSeries[], options: StepChartOptions = {}): string {
  const what = "stepChartSvg()";
  const { width, height } = sizeOf(what, options);
  checkTexts(what, options);
  const all = asSeries(series);
  let tMin = Infinity;
  let tMax = -Infinity;
  let vMin = 0;
  let vMax = -Infinity;
  let integers = true;
  for (const [i, s] of all.entries()) {
    checkLog(what, s, i);
    tMin = Math.min(tMin, (s.log[0] as readonly [number, number])[0]);
    tMax = Math.max(tMax, (s.log[s.log.length - 1] as readonly [number, number])[0]);
    for (const [, v] of s.log) {
      vMin = Math.min(vMin, v);
      vMax = Math.max(vMax, v);
      if (!Number.isInteger(v)) integers = false;
    }
  }
  let until = tMax;
  if (options.until !== undefined) {
    until = requireFinite(what, "options.until", options.until);
    if (until < tMax) throw new InvalidArgumentError(`${what}: options.until (${until}) is before the last change (t=${tMax}); give the time the run ended, or leave it out`);
  }

  const legend = all.length > 1;
  const area = plotArea(width, height, legend);
  const x = niceAxis(tMin, until);
  const y = niceAxis(vMin, vMax, 5, integers); // levels that are counts get whole-number ticks
  const px = scale(x, area.left, area.right);
  const py = scale(y, area.bottom, area.top);
  const parts = openSvg(width, height, options.title);
  drawFrame(parts, area, x, y, options);
  all.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    parts.push(`<path class="series" data-name="${escapeXml(s.name)}" d="${stepPath(s.log, until, px, py)}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
  });
  if (legend) drawLegend(parts, area, all.map((s) => s.name));
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** One log, or several series, as series. */
function asSeries(input: StepLog | readonly StepSeries[]): readonly StepSeries[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new InvalidArgumentError("stepChartSvg(): nothing to draw; pass a non-empty [time, value][] log (create the primitive with { log: true }) or an array of { name, log } series");
  }
  return Array.isArray(input[0]) ? [{ name: "value", log: input as StepLog }] : (input as readonly StepSeries[]);
}

/** Throws unless series `index` has a name, at least one point, finite numbers, and times that never go back. */
function checkLog(what: string, s: StepSeries, index: number): void {
  if (typeof s !== "object" || s === null || !Array.isArray(s.log)) {
    throw new InvalidArgumentError(`${what}: every series must be { name, log } with log a [time, value][] array`);
  }
  requireText(what, `the name of series ${index}`, s.name);
  if (s.log.length === 0) throw new InvalidArgumentError(`${what}: the log of series "${s.name}" is empty; create the primitive with { log: true } and run it before drawing`);
  let previous = -Infinity;
  s.log.forEach((point, i) => {
    const t = requireFinite(what, `the time of point ${i} of series "${s.name}"`, point[0]);
    requireFinite(what, `the value of point ${i} of series "${s.name}"`, point[1]);
    if (t < previous) throw new InvalidArgumentError(`${what}: series "${s.name}" goes back in time at point ${i} (t=${t} after t=${previous}); a log must be in time order`);
    previous = t;
  });
}

/** The path of a step function: a horizontal run for each value, a vertical jump at each change, the last value held until `until`. */
function stepPath(log: StepLog, until: number, px: (t: number) => number, py: (v: number) => number): string {
  const [t0, v0] = log[0] as readonly [number, number];
  const d = [`M${coord(px(t0))},${coord(py(v0))}`];
  for (let i = 1; i < log.length; i++) {
    const [t, v] = log[i] as readonly [number, number];
    d.push(`H${coord(px(t))}`, `V${coord(py(v))}`);
  }
  d.push(`H${coord(px(until))}`);
  return d.join("");
}

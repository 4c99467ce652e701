/**
 * Drawing a replication report: per metric, its mean as a dot and its
 * confidence interval as an error bar, each metric on a scale of its own
 * (a wait in minutes and a utilisation share no axis), beside the numbers.
 */
import { InvalidArgumentError } from "../../kernel/api.js";
import { requireFinite, scale } from "./frame.js";
import type { MetricSummary, ReplicationReport } from "./replication-report.js";
import { formatTick, niceAxis } from "./ticks.js";
import { coord, escapeXml, requireText } from "./xml.js";

/**
 * Options of {@link replicationReportSvg} and {@link replicationReportHtml}.
 *
 * @example
 * ```ts
 * const options: ReportChartOptions = { title: "Bank, 10 replications", width: 800 };
 * ```
 *
 * @category Simulation
 */
export interface ReportChartOptions {
  /** Drawn above the report (default "Replication report"). */
  title?: string;
  /** Width of the SVG in pixels (default 760, at least 560); the height follows from the number of metrics. */
  width?: number;
}

const ROW = 56;
const HEAD = 74;
const NAME_WIDTH = 150;
const NUMBERS_WIDTH = 300;

/**
 * The report as a self-contained SVG: a title, the number of replications
 * and the confidence level, then one row per metric with its name, an error
 * bar (`<line class="error-bar">`, the mean a `<circle class="mean">`) on
 * the metric's own axis, and its mean, interval, standard deviation and n.
 *
 * @example
 * ```ts
 * const svg = replicationReportSvg(replicationReport(results), { title: "M/M/1, 10 replications" });
 * ```
 *
 * @category Simulation
 */
export function replicationReportSvg(report: ReplicationReport, options: ReportChartOptions = {}): string {
  checkReport(report);
  if (options.title !== undefined) requireText("replicationReportSvg()", "options.title", options.title);
  const width = options.width ?? 760;
  if (!Number.isFinite(width) || width < 560) throw new InvalidArgumentError(`replicationReportSvg(): width is ${width}; give a finite number of pixels, at least 560`);
  const height = HEAD + report.metrics.length * ROW + 8;
  const title = options.title ?? "Replication report";
  const level = `${Number((report.confidence * 100).toFixed(4))}%`;
  const barLeft = NAME_WIDTH + 20;
  const barRight = width - NUMBERS_WIDTH - 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text class="subtitle" x="12" y="42">${report.replications} replications; mean and ${level} confidence interval (Student's t) per metric</text>`,
    `<g class="header" font-weight="bold"><text x="12" y="${HEAD - 8}">metric</text><text x="${coord((barLeft + barRight) / 2)}" y="${HEAD - 8}" text-anchor="middle">mean ± ${level} CI</text>`,
    `<text x="${width - NUMBERS_WIDTH}" y="${HEAD - 8}">mean</text><text x="${width - NUMBERS_WIDTH + 66}" y="${HEAD - 8}">${level} CI</text><text x="${width - 90}" y="${HEAD - 8}">sd</text><text x="${width - 14}" y="${HEAD - 8}" text-anchor="end">n</text></g>`,
  ];
  report.metrics.forEach((m, i) => drawRow(parts, m, HEAD + i * ROW, barLeft, barRight, width));
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** One metric's row: a separator, its name, the error bar on its own small axis, its numbers. */
function drawRow(parts: string[], m: MetricSummary, top: number, barLeft: number, barRight: number, width: number): void {
  const axis = niceAxis(m.low, m.high, 4);
  const px = scale(axis, barLeft, barRight);
  const mid = top + 20;
  const axisY = top + 36;
  const name = escapeXml(m.metric);
  parts.push(`<g class="metric" data-metric="${name}">`);
  parts.push(`<line class="separator" x1="8" y1="${top}" x2="${width - 8}" y2="${top}" stroke="#dddddd"/>`);
  parts.push(`<text class="metric-name" x="12" y="${mid + 4}">${name}</text>`);
  parts.push(`<line class="axis x-axis" x1="${barLeft}" y1="${axisY}" x2="${coord(barRight)}" y2="${axisY}" stroke="#999999"/>`);
  for (const v of axis.ticks) {
    const at = coord(px(v));
    parts.push(`<line class="tick x-tick" x1="${at}" y1="${axisY}" x2="${at}" y2="${axisY + 4}" stroke="#999999"/>`);
    parts.push(`<text class="tick-label x-tick-label" x="${at}" y="${axisY + 15}" text-anchor="middle" font-size="10" fill="#555555">${formatTick(v, axis.step)}</text>`);
  }
  const [lo, mean, hi] = [px(m.low), px(m.mean), px(m.high)].map(coord);
  parts.push(`<line class="error-bar" x1="${lo}" y1="${mid}" x2="${hi}" y2="${mid}" stroke="#1f77b4" stroke-width="2"/>`);
  parts.push(`<line class="cap" x1="${lo}" y1="${mid - 6}" x2="${lo}" y2="${mid + 6}" stroke="#1f77b4" stroke-width="2"/>`);
  parts.push(`<line class="cap" x1="${hi}" y1="${mid - 6}" x2="${hi}" y2="${mid + 6}" stroke="#1f77b4" stroke-width="2"/>`);
  parts.push(`<circle class="mean" cx="${mean}" cy="${mid}" r="4" fill="#d62728"/>`);
  const left = width - NUMBERS_WIDTH;
  parts.push(
    `<text class="value" x="${left}" y="${mid + 4}">${formatValue(m.mean)}</text><text class="value" x="${left + 66}" y="${mid + 4}">[${formatValue(m.low)}, ${formatValue(m.high)}]</text>`,
  );
  parts.push(`<text class="value" x="${width - 90}" y="${mid + 4}">${formatValue(m.sd)}</text><text class="value" x="${width - 14}" y="${mid + 4}" text-anchor="end">${m.n}</text>`);
  parts.push("</g>");
}

/**
 * The report as a standalone HTML page: the SVG of
 * {@link replicationReportSvg} and a table of the same numbers (to copy,
 * or for a screen reader), with the number of replications stated.
 *
 * @example
 * ```ts
 * writeFileSync("report.html", replicationReportHtml(replicationReport(results), { title: "Bank" }));
 * ```
 *
 * @category Simulation
 */
export function replicationReportHtml(report: ReplicationReport, options: ReportChartOptions = {}): string {
  const svg = replicationReportSvg(report, options);
  const title = escapeXml(options.title ?? "Replication report");
  const level = `${Number((report.confidence * 100).toFixed(4))}%`;
  const rows = report.metrics.map(
    (m) =>
      `<tr><th scope="row">${escapeXml(m.metric)}</th><td>${formatValue(m.mean)}</td><td>${formatValue(m.sd)}</td><td>${formatValue(m.halfWidth)}</td><td>${formatValue(m.low)}</td><td>${formatValue(m.high)}</td><td>${m.n}</td></tr>`,
  );
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${title}</title>`,
    "<style>body{font-family:sans-serif;margin:16px}table{border-collapse:collapse;margin-top:12px}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}th[scope=row]{text-align:left}</style>",
    "</head><body>",
    `<h1>${title}</h1>`,
    `<p class="replications">${report.replications} replications; ${level} confidence intervals of the mean, from Student's t with n − 1 degrees of freedom.</p>`,
    svg.trimEnd(),
    `<table><thead><tr><th scope="col">metric</th><th scope="col">mean</th><th scope="col">sd</th><th scope="col">± half-width</th><th scope="col">low</th><th scope="col">high</th><th scope="col">n</th></tr></thead>`,
    `<tbody>${rows.join("")}</tbody></table>`,
    "</body></html>",
    "",
  ].join("\n");
}

/** Four significant digits, without an exponent for ordinary magnitudes (all of them where rounding would overflow, near the largest double). */
function formatValue(v: number): string {
  const rounded = Number(v.toPrecision(4));
  return String(Number.isFinite(rounded) ? rounded : v);
}

/** Throws unless `report` looks like what replicationReport() returns. */
function checkReport(report: ReplicationReport): void {
  const what = "replicationReportSvg()";
  if (typeof report !== "object" || report === null || !Array.isArray(report.metrics) || report.metrics.length === 0) {
    throw new InvalidArgumentError(`${what}: pass the report that replicationReport(results) returns, with at least one metric`);
  }
  report.metrics.forEach((m, i) => {
    requireText(what, `the metric name of metrics[${i}]`, m.metric);
    for (const key of ["mean", "low", "high", "sd"] as const) requireFinite(what, `${key} of metric "${m.metric}"`, m[key]);
  });
}

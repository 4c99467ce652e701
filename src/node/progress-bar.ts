/// <reference types="node" />
/**
 * A live one-line progress bar for a terminal: the `Progress` reports of a
 * run or of `replicate`, redrawn in place with a carriage return.
 *
 * It draws only on an interactive terminal: when the stream is not a TTY
 * (a pipe, a file, a CI log) or CI is set in the environment, it writes
 * nothing at all, so that logs and recorded output stay as they were.
 */
import type { Progress } from "../hosts/progress.js";

/** What the bar writes to: `process.stderr`, or anything with the same few members. */
export interface ProgressBarStream {
  /** True on an interactive terminal; the bar draws only then. */
  readonly isTTY?: boolean;
  /** The terminal's width in characters, when known. */
  readonly columns?: number;
  /** Writes text. */
  write(text: string): unknown;
}

/**
 * Options of {@link ProgressBar}.
 *
 * @example
 * ```ts
 * const options: ProgressBarOptions = { stream: process.stderr, label: "simulating" };
 * ```
 *
 * @category Hosts
 */
export interface ProgressBarOptions {
  /** Where to draw (default `process.stderr`). */
  stream?: ProgressBarStream;
  /** The words before the bar (default "running"). */
  label?: string;
  /** The environment read for `CI` (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Characters of the bar itself, between its brackets. */
const BAR_WIDTH = 24;
/** Width assumed when the stream does not say. */
const DEFAULT_COLUMNS = 80;

/**
 * A progress bar on one terminal line, fed with `Progress` reports: pass
 * its `update` as the `onProgress` option, and call `finish()` when the
 * work is over (also when it failed) to clear the line. With a known end
 * (`runUntil`, `replicate`) it shows a bar, the percentage and the time
 * left; without one (`run`), the virtual time reached, tasks finished and
 * wall time.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar({ label: "simulating" });
 * try {
 *   run(model, { seed: 1, onProgress: bar.update });
 * } finally {
 *   bar.finish();
 * }
 * ```
 *
 * @category Hosts
 */
export class ProgressBar {
  /** Whether the bar draws at all: only on a TTY, and not when CI is set. */
  readonly enabled: boolean;
  private readonly stream: ProgressBarStream;
  private readonly label: string;
  /** The length of the line on screen, to blank out what a shorter line leaves. */
  private shown = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.label = options.label ?? "running";
    const env = options.env ?? process.env;
    const ci = env["CI"];
    this.enabled = this.stream.isTTY === true && (ci === undefined || ci === "" || ci === "false" || ci === "0");
  }

  /**
   * Draws `progress` over the current line: the `onProgress` callback (a
   * bound function, so it can be passed as it is).
   */
  readonly update = (progress: Progress): void => {
    if (!this.enabled) return;
    // A terminal that does not know its width (some report 0) gets the usual 80.
    const known = this.stream.columns;
    const columns = Math.max(20, (known !== undefined && known > 0 ? known : DEFAULT_COLUMNS) - 1);
    let line = progressLine(this.label, progress);
    if (line.length > columns) line = line.slice(0, columns);
    const blank = this.shown > line.length ? " ".repeat(this.shown - line.length) : "";
    this.stream.write(`\r${line}${blank}`);
    this.shown = line.length;
  };

  /** Clears the bar's line, leaving the cursor at its start, ready for what is printed next. */
  finish(): void {
    if (!this.enabled || this.shown === 0) return;
    this.stream.write(`\r${" ".repeat(this.shown)}\r`);
    this.shown = 0;
  }
}

/**
 * The text of one bar line for `progress`.
 *
 * @example
 * ```ts
 * progressLine("simulating", { fraction: 0.5, elapsedMs: 2000, final: false, now: 30_000, until: 60_000, steps: 1e6, tasksFinished: 5000, replicationsDone: null, replications: null });
 * // "simulating [############------------]  50.0%  2s  ETA 2s  t=30,000 ms  5,000 tasks done"
 * ```
 *
 * @category Hosts
 */
export function progressLine(label: string, progress: Progress): string {
  const parts = [label];
  const fraction = progress.fraction;
  if (fraction !== null) {
    const filled = Math.round(fraction * BAR_WIDTH);
    // The percentage padded to one width, so that the rest of the line stays still as it grows.
    parts.push(`[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(100 * fraction).toFixed(1).padStart(5)}%`);
  }
  // Time and ETA before the details: a narrow terminal cuts the line's end.
  parts.push(duration(progress.elapsedMs));
  if (fraction !== null && fraction > 0 && fraction < 1) parts.push(`ETA ${duration((progress.elapsedMs * (1 - fraction)) / fraction)}`);
  if (progress.replications !== null) parts.push(`${grouped(progress.replicationsDone ?? 0)}/${grouped(progress.replications)} replications`);
  if (progress.now !== null) parts.push(`t=${grouped(Math.round(progress.now))} ms`);
  if (progress.tasksFinished !== null) parts.push(`${grouped(progress.tasksFinished)} tasks done`);
  return parts.join("  ").replace(`${label}  [`, `${label} [`);
}

/** 1234567 as "1,234,567". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A wall-clock duration, rounded for a person: "850ms", "12s", "3m05s", "1h02m". */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

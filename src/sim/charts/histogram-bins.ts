/**
 * Choosing a histogram's bins. By default the Freedman–Diaconis rule: bins
 * of width 2·IQR·n^(-1/3), which follows the spread of the bulk of the data
 * and is not thrown by a long tail (waits in a queue have one). When the
 * interquartile range is 0 (most values equal), Sturges' rule,
 * ⌈log2 n⌉ + 1 bins, takes over.
 */
import { InvalidArgumentError } from "../../kernel/api.js";
import { requireFinite } from "./frame.js";

/**
 * Equal-width bins and how many values fall in each: bin i is
 * [edges[i], edges[i+1]), the last one closed on the right.
 *
 * @example
 * ```ts
 * const { edges, counts } = histogramBins([1, 2, 2, 3], { bins: 2 }); // edges [1, 2, 3], counts [1, 3]
 * ```
 *
 * @category Simulation
 */
export interface Histogram {
  /** The bins' boundaries, one more than there are bins. */
  edges: number[];
  /** How many values fall in each bin. */
  counts: number[];
  /** The rule that chose the number of bins. */
  rule: "given" | "freedman-diaconis" | "sturges";
}

/**
 * How to bin: a number of bins, or a rule.
 *
 * @example
 * ```ts
 * histogramBins(waits, { bins: "sturges" });
 * ```
 *
 * @category Simulation
 */
export interface BinOptions {
  /** A whole number of bins (1 to 10,000), or the rule to choose it (default "freedman-diaconis"). */
  bins?: number | "freedman-diaconis" | "sturges";
}

const MAX_BINS = 10_000;

/**
 * Bins `values` into equal-width bins from the smallest value to the
 * largest, their number given or chosen by a rule (see {@link BinOptions}).
 * All values equal make one bin of width 1 centred on them (wider beyond
 * 2^50, where doubles are more than 1/4 apart, so that it never has width 0).
 *
 * Throws InvalidArgumentError for no values, a value that is not a finite
 * number, a number of bins that is not a whole number from 1 to 10,000, or
 * values spread wider than the largest double.
 *
 * @example
 * ```ts
 * const { edges, counts } = histogramBins([0, 0, 1, 2, 3, 5, 8]); // Freedman–Diaconis
 * ```
 *
 * @category Simulation
 */
export function histogramBins(values: readonly number[], options: BinOptions = {}): Histogram {
  const what = "histogramBins()";
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidArgumentError(`${what}: no values to bin; pass a non-empty array of numbers (a resource created with { log: true } keeps its waits: waitLog())`);
  }
  values.forEach((v, i) => requireFinite(what, `value ${i}`, v));
  const sorted = [...values].sort((a, b) => a - b);
  const lo = sorted[0] as number;
  const hi = sorted[sorted.length - 1] as number;
  if (lo === hi) return { edges: edgesAround(lo), counts: [sorted.length], rule: typeof options.bins === "number" ? "given" : "sturges" };
  if (!Number.isFinite(hi - lo)) {
    throw new InvalidArgumentError(`${what}: the values range from ${lo} to ${hi}, too wide for the difference to be a double; bin values of at most about 1.7e308 apart (rescale them, or bin each sign apart)`);
  }

  const { count, rule } = binCount(what, sorted, options.bins ?? "freedman-diaconis");
  const width = (hi - lo) / count;
  const edges = Array.from({ length: count + 1 }, (_, i) => (i === count ? hi : lo + i * width));
  const counts = new Array<number>(count).fill(0);
  for (const v of sorted) {
    const i = Math.min(count - 1, Math.floor((v - lo) / width));
    counts[i] = (counts[i] as number) + 1;
  }
  return { edges, counts, rule };
}

/**
 * The edges of the single bin of values all equal to `v`: width 1 around
 * it, or a few times the spacing of doubles near `v` where that is more
 * (beyond 2^50), so that the bin never has width 0. Kept within the
 * finite doubles.
 */
function edgesAround(v: number): [number, number] {
  const half = Math.max(0.5, Math.abs(v) * 2 ** -51);
  return [Math.max(v - half, -Number.MAX_VALUE), Math.min(v + half, Number.MAX_VALUE)];
}

/** The number of bins for sorted, not all equal, values. */
function binCount(what: string, sorted: readonly number[], bins: NonNullable<BinOptions["bins"]>): { count: number; rule: Histogram["rule"] } {
  if (typeof bins === "number") {
    if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS) {
      throw new InvalidArgumentError(`${what}: bins is ${bins}; give a whole number of bins from 1 to ${MAX_BINS}, or leave it out to let the Freedman–Diaconis rule choose`);
    }
    return { count: bins, rule: "given" };
  }
  if (bins !== "freedman-diaconis" && bins !== "sturges") {
    throw new InvalidArgumentError(`${what}: bins is ${String(bins)}; give a number of bins, "freedman-diaconis" or "sturges"`);
  }
  const n = sorted.length;
  const sturges = Math.ceil(Math.log2(n)) + 1;
  if (bins === "sturges") return { count: sturges, rule: "sturges" };
  const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  if (iqr === 0) return { count: sturges, rule: "sturges" };
  const width = 2 * iqr * n ** (-1 / 3);
  const range = (sorted[n - 1] as number) - (sorted[0] as number);
  return { count: Math.min(MAX_BINS, Math.max(1, Math.ceil(range / width))), rule: "freedman-diaconis" };
}

/** The p-quantile of sorted values, interpolating linearly between order statistics (the definition spreadsheets and R's default use). */
export function quantileOfSorted(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const a = sorted[below] as number;
  const b = sorted[Math.min(sorted.length - 1, below + 1)] as number;
  return a + (at - below) * (b - a);
}

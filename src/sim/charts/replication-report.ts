/**
 * Summarising independent replications: per metric, the mean, the standard
 * deviation and a Student-t confidence interval for the mean. The records
 * are what replications return, one `{ metric: number }` object per run.
 */
import { InvalidArgumentError, describeValue } from "../../kernel/api.js";
import { studentTQuantile } from "./student-t.js";

/**
 * One metric over the replications.
 *
 * @example
 * ```ts
 * const { mean, low, high, n } = replicationReport(results).metrics[0];
 * ```
 *
 * @category Simulation
 */
export interface MetricSummary {
  /** The metric's key in the records. */
  metric: string;
  /** How many replications reported it. */
  n: number;
  /** The mean over those replications. */
  mean: number;
  /** Sample standard deviation (divisor n - 1). */
  sd: number;
  /** Half-width of the confidence interval: t(1 - α/2, n - 1) · sd / √n. */
  halfWidth: number;
  /** mean - halfWidth. */
  low: number;
  /** mean + halfWidth. */
  high: number;
}

/**
 * The summary of a set of replications.
 *
 * @example
 * ```ts
 * const report: ReplicationReport = replicationReport([{ wait: 1.2 }, { wait: 1.4 }, { wait: 1.3 }]);
 * report.replications; // 3
 * ```
 *
 * @category Simulation
 */
export interface ReplicationReport {
  /** How many records were summarised. */
  replications: number;
  /** The confidence level of the intervals, such as 0.95. */
  confidence: number;
  /** One entry per metric, in the order the metrics first appear in the records. */
  metrics: MetricSummary[];
}

/**
 * Options of {@link replicationReport}.
 *
 * @example
 * ```ts
 * replicationReport(results, { confidence: 0.99 });
 * ```
 *
 * @category Simulation
 */
export interface ReplicationReportOptions {
  /** Confidence level of the intervals, strictly between 0 and 1 (default 0.95). */
  confidence?: number;
}

/**
 * Mean, standard deviation and confidence interval (Student's t, computed
 * for the actual number of replications) of every metric in `results`, one
 * record per replication (an interface such as `{ meanWait: number }`
 * will do). A metric missing from some records (or `undefined` in them) is
 * summarised over those that have it (its `n` says how many).
 *
 * Throws InvalidArgumentError for fewer than two records, a record that is
 * not an object, a value that is not a finite number, a metric reported by
 * fewer than two records, or a confidence level outside (0, 1).
 *
 * @example
 * ```ts
 * const results = seeds.map((seed) => bank(seed)); // [{ meanWait: 1.36, utilisation: 0.76 }, ...]
 * const report = replicationReport(results);
 * for (const m of report.metrics) console.log(`${m.metric}: ${m.mean.toFixed(3)} ± ${m.halfWidth.toFixed(3)}`);
 * ```
 *
 * @category Simulation
 */
export function replicationReport<K extends string>(results: readonly Readonly<Partial<Record<K, number>>>[], options: ReplicationReportOptions = {}): ReplicationReport {
  const what = "replicationReport()";
  const confidence = options.confidence ?? 0.95;
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError(`${what}: confidence is ${String(confidence)}; give a level strictly between 0 and 1, such as 0.95`);
  }
  if (!Array.isArray(results) || results.length < 2) {
    throw new InvalidArgumentError(`${what}: got ${Array.isArray(results) ? results.length : describeValue(results)} replication records; a confidence interval needs at least 2 (run more seeds)`);
  }
  const columns = new Map<string, number[]>();
  results.forEach((record, r) => {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw new InvalidArgumentError(`${what}: replication ${r} is ${describeValue(record)}; each replication must be a { metric: number } record`);
    }
    for (const [metric, value] of Object.entries(record)) {
      if (value === undefined) continue; // not reported by this replication
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`${what}: replication ${r} reports ${metric} = ${String(value)}; every metric must be a finite number (fix or leave out that replication)`);
      }
      let column = columns.get(metric);
      if (column === undefined) columns.set(metric, (column = []));
      column.push(value);
    }
  });
  if (columns.size === 0) throw new InvalidArgumentError(`${what}: the records report no metrics; each must be a { metric: number } record`);
  const metrics = [...columns].map(([metric, xs]) => {
    if (xs.length < 2) throw new InvalidArgumentError(`${what}: only ${xs.length} replication reports ${metric}; a confidence interval needs at least 2`);
    return summarise(metric, xs, confidence);
  });
  return { replications: results.length, confidence, metrics };
}

/** Mean, sample standard deviation and t interval of `xs` (two passes, for accuracy when the values are large and close). */
function summarise(metric: string, xs: readonly number[], confidence: number): MetricSummary {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  let mean = sum / n;
  if (!Number.isFinite(mean)) {
    // The sum of values near the largest double overflows, their mean does not.
    mean = 0;
    for (const x of xs) mean += x / n;
  }
  let squares = 0;
  for (const x of xs) squares += (x - mean) ** 2;
  let sd = Math.sqrt(squares / (n - 1));
  if (!Number.isFinite(sd)) {
    // Squares of deviations near 1e200 overflow: scale them by the largest first.
    let largest = 0;
    for (const x of xs) largest = Math.max(largest, Math.abs(x - mean));
    squares = 0;
    for (const x of xs) squares += ((x - mean) / largest) ** 2;
    sd = largest * Math.sqrt(squares / (n - 1));
  }
  const halfWidth = (studentTQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n);
  return { metric, n, mean, sd, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

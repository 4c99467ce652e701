/**
 * The JSON-lines format of a sweep's files. The first line is a header that
 * describes the sweep (model, seeds, input or points), its fingerprint and
 * which shard the file holds; then one line per replication, in index
 * order:
 *
 *   {"format":"spindle-sweep/1","input":{...},"model":"...","seeds":{"count":100,"from":1},"shard":"2/4","size":100,"sweep":"3f9c..."}
 *   {"index":2,"result":{...},"seed":3,"sweep":"3f9c..."}
 *
 * A parameter sweep's lines also carry `point` (its position) and `input`
 * (the point itself), so each line can be read alone. Every line carries the
 * fingerprint, so a line pasted into another sweep's file is caught. The
 * merged file of a sweep is its shard 0/1: byte for byte what one machine
 * writes.
 */
import type { Replication, ShardId, Sweep } from "./sweep.js";
import { canonicalJson } from "./sweep-json.js";

/** The format's name and version, in every header. */
export const SWEEP_FORMAT = "spindle-sweep/1";

/** The header line of shard `shard` of `sweep` (with its newline). */
export function headerLine(sweep: Sweep, shard: ShardId): string {
  const header = { ...sweep.description, format: SWEEP_FORMAT, shard: `${shard.index}/${shard.count}`, size: sweep.size, sweep: sweep.fingerprint };
  return canonicalJson(header, "the sweep's header") + "\n";
}

/** The line of one replication's result (with its newline). */
export function replicationLine(sweep: Sweep, replication: Replication, result: unknown): string {
  const line: Record<string, unknown> = { index: replication.index, result, seed: replication.seed, sweep: sweep.fingerprint };
  if (replication.point !== null) {
    line["point"] = replication.point;
    line["input"] = replication.input;
  }
  return canonicalJson(line, replicationWhat(replication)) + "\n";
}

/** How the errors about a replication's line name it. */
export function replicationWhat(replication: Replication): string {
  return `replication ${replication.index} (seed ${replication.seed})'s result`;
}

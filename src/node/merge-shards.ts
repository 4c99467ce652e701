/// <reference types="node" />
/**
 * Merging the files of a sweep's shards back into the sweep: every
 * replication exactly once, from files of one sweep and one split, in index
 * order. The merged text is the sweep's shard 0/1, byte for byte what a run
 * on one machine writes, because both are made by the same canonical
 * writer from the same values (each line is read and written again, so a
 * file that was reformatted on the way still merges to the canonical text).
 *
 * What can go wrong gets its own error class, so that a script can tell a
 * job still missing (run it again) from files that should never have been
 * merged together.
 */
import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "../kernel/errors.js";
import { Sweep } from "./sweep.js";
import type { Replication, SweepSpec } from "./sweep.js";
import { SWEEP_FORMAT, headerLine, replicationLine } from "./sweep-file.js";
import { parseCanonicalJson } from "./sweep-json.js";

/**
 * Base class of the errors of {@link mergeShards}.
 *
 * @example
 * ```ts
 * try { mergeShardFiles(files); } catch (e) { if (e instanceof SweepMergeError) { console.error(e.message); process.exitCode = 1; } }
 * ```
 *
 * @category Node
 */
export class SweepMergeError extends InvalidArgumentError {}

/**
 * A file is not a complete sweep file: not JSON lines, no header, a line cut
 * short, a line that does not belong to the file's shard.
 *
 * @example
 * ```ts
 * // SweepFileError: shard-2.jsonl, line 14: not complete JSON (the job that wrote it stopped mid-line?)
 * ```
 *
 * @category Node
 */
export class SweepFileError extends SweepMergeError {}

/**
 * The files come from different sweeps (another model, other seeds, other
 * input), or split one sweep in different numbers of shards.
 *
 * @example
 * ```ts
 * // MixedSweepsError: the files belong to 2 different sweeps: 3f9c... (a.jsonl), 81d0... (b.jsonl)
 * ```
 *
 * @category Node
 */
export class MixedSweepsError extends SweepMergeError {
  /** The fingerprints and the files of each. */
  readonly sweeps: ReadonlyMap<string, readonly string[]>;

  constructor(message: string, sweeps: ReadonlyMap<string, readonly string[]>) {
    super(message);
    this.sweeps = sweeps;
  }
}

/**
 * A shard that {@link DuplicateShardsError} found in more than one file.
 *
 * @category Node
 */
export interface DuplicateShard {
  /** The shard, as "i/n". */
  shard: string;
  /** The files that hold it. */
  files: readonly string[];
}

/**
 * A shard (or a replication) is in more than one file.
 *
 * @example
 * ```ts
 * // DuplicateShardsError: shard 1/4 is in more than one file: out/a.jsonl, out/b.jsonl; keep one of them
 * ```
 *
 * @category Node
 */
export class DuplicateShardsError extends SweepMergeError {
  /** Each shard given more than once ("i/n"), and its files. */
  readonly duplicates: readonly DuplicateShard[];

  constructor(message: string, duplicates: readonly DuplicateShard[]) {
    super(message);
    this.duplicates = duplicates;
  }
}

/**
 * Replications are missing: shards with no file, or files that stop short.
 *
 * @example
 * ```ts
 * // MissingShardsError: 2 of 4 shards are missing: 1/4, 3/4; run them (spindle sweep ... --shard 1/4) and merge again
 * ```
 *
 * @category Node
 */
export class MissingShardsError extends SweepMergeError {
  /** The shards with no file ("i/n"). */
  readonly missingShards: readonly string[];
  /** The indices of the missing replications, all of them. */
  readonly missingReplications: readonly number[];

  constructor(message: string, missingShards: readonly string[], missingReplications: readonly number[]) {
    super(message);
    this.missingShards = missingShards;
    this.missingReplications = missingReplications;
  }
}

/**
 * A shard's file, by a name for messages and its text.
 *
 * @category Node
 */
export interface ShardText {
  /** The file's name, as messages show it. */
  name: string;
  /** Its text. */
  text: string;
}

/**
 * A replication of a merged sweep, with its result.
 *
 * @category Node
 */
export interface MergedReplication<R> extends Replication {
  /** What its `work(input, seed)` gave. */
  result: R;
}

/**
 * A merged sweep.
 *
 * @category Node
 */
export interface MergedSweep<R> {
  /** The sweep, as its files describe it. */
  sweep: Sweep;
  /** Every replication with its result, in index order. */
  replications: MergedReplication<R>[];
  /** The results, in index order: what one machine computes. */
  results: R[];
  /** The merged JSON lines: identical to the file of a run on one machine. */
  text: string;
}

interface ReadShard {
  name: string;
  sweep: Sweep;
  index: number;
  count: number;
  /** Results by replication index. */
  lines: Map<number, unknown>;
  /** The line of the file (from 1) of each replication, for the errors found when it is written again. */
  lineNumbers: Map<number, number>;
}

function fileError(name: string, line: number, message: string): SweepFileError {
  return new SweepFileError(`${name}, line ${line}: ${message}`);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function parseLine(name: string, number: number, text: string, last: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseCanonicalJson(text);
  } catch {
    throw fileError(name, number, last ? "not complete JSON (the job that wrote it stopped mid-line?); run that shard again" : "not JSON; a sweep file has one JSON object per line");
  }
  const record = asRecord(value);
  if (record === null) throw fileError(name, number, "not a JSON object; a sweep file has one JSON object per line");
  return record;
}

/** Reads and checks one shard file: its header, and each line against it. */
function readShard(file: ShardText): ReadShard {
  const { name } = file;
  const lines = file.text.split("\n");
  const endsWithNewline = lines[lines.length - 1] === "";
  if (endsWithNewline) lines.pop();
  if (lines.length === 0) throw new SweepFileError(`${name} is empty; a sweep file starts with its header line (spindle sweep writes it)`);
  const header = parseLine(name, 1, lines[0] as string, lines.length === 1 && !endsWithNewline);
  if (header["format"] !== SWEEP_FORMAT) {
    throw fileError(name, 1, `not a sweep file's header (its format is ${JSON.stringify(header["format"]) ?? "missing"}, expected "${SWEEP_FORMAT}"); give the files that spindle sweep or runShard() wrote`);
  }
  const shard = /^(\d+)\/(\d+)$/.exec(String(header["shard"]));
  const index = shard === null ? NaN : Number(shard[1]);
  const count = shard === null ? NaN : Number(shard[2]);
  if (!(index >= 0 && index < count)) throw fileError(name, 1, `the header's shard ${JSON.stringify(header["shard"])} is not i/n with i < n`);
  const spec: SweepSpec = { seeds: header["seeds"] as SweepSpec["seeds"] };
  if (typeof header["model"] === "string") spec.model = header["model"];
  if (header["points"] !== undefined) spec.points = header["points"] as unknown[];
  else spec.input = header["input"];
  let sweep: Sweep;
  try {
    sweep = new Sweep(spec);
  } catch (error) {
    throw fileError(name, 1, `the header does not describe a sweep: ${(error as Error).message}`);
  }
  if (sweep.fingerprint !== header["sweep"] || sweep.size !== header["size"]) {
    throw fileError(name, 1, `the header's fingerprint ${String(header["sweep"])} does not match its description (${sweep.fingerprint}): the file was edited, or written by another version of the format`);
  }
  const results = new Map<number, unknown>();
  const lineNumbers = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const number = i + 1;
    const line = parseLine(name, number, lines[i] as string, i === lines.length - 1 && !endsWithNewline);
    if (line["sweep"] !== sweep.fingerprint) {
      throw new MixedSweepsError(`${name}, line ${number} belongs to sweep ${String(line["sweep"])}, but the file's header to sweep ${sweep.fingerprint}: lines of two sweeps were mixed in one file`, new Map([[String(line["sweep"]), [name]], [sweep.fingerprint, [name]]]));
    }
    const at = line["index"];
    if (typeof at !== "number" || !Number.isInteger(at) || at < 0 || at >= sweep.size) throw fileError(name, number, `index ${String(at)} is not a replication of this sweep (0..${sweep.size - 1})`);
    if (at % count !== index) throw fileError(name, number, `replication ${at} belongs to shard ${at % count}/${count}, not to this file's shard ${index}/${count}`);
    const expected = sweep.replication(at);
    if (line["seed"] !== expected.seed || (line["point"] ?? null) !== expected.point) {
      throw fileError(name, number, `replication ${at} should have seed ${expected.seed}${expected.point === null ? "" : ` at point ${expected.point}`}, but has seed ${String(line["seed"])}`);
    }
    // A line without its result would merge into a line without one, as if the replication had given undefined.
    if (!("result" in line)) throw fileError(name, number, `replication ${at} has no result (the line was edited?); run shard ${index}/${count} again`);
    if (results.has(at)) throw new DuplicateShardsError(`${name} holds replication ${at} twice (lines of a shard written twice into one file?); run shard ${index}/${count} again`, [{ shard: `${index}/${count}`, files: [name] }]);
    results.set(at, line["result"]);
    lineNumbers.set(at, number);
  }
  return { name, sweep, index, count, lines: results, lineNumbers };
}

function listed(items: readonly string[], max = 10): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/**
 * Merges the files of a sweep's shards: checks that they belong to one
 * sweep and one split, that every replication is there exactly once, and
 * gives the results in index order and the merged text, identical to the
 * file that a run on one machine (shard 0/1) writes.
 *
 * Throws a {@link SweepFileError} for a file that is not a complete sweep
 * file, a {@link MixedSweepsError} for files of different sweeps, a
 * {@link DuplicateShardsError} for a shard given twice, and a
 * {@link MissingShardsError} that lists the shards still to run.
 *
 * @example
 * ```ts
 * const merged = mergeShards(files.map((name) => ({ name, text: readFileSync(name, "utf8") })));
 * writeFileSync("merged.jsonl", merged.text);
 * ```
 *
 * @category Node
 */
export function mergeShards<R = unknown>(files: readonly ShardText[]): MergedSweep<R> {
  if (files.length === 0) throw new SweepMergeError("mergeShards(): no files; give the files of every shard of the sweep");
  const shards = files.map(readShard);
  const first = shards[0] as ReadShard;

  const bySweep = new Map<string, string[]>();
  for (const s of shards) bySweep.set(s.sweep.fingerprint, [...(bySweep.get(s.sweep.fingerprint) ?? []), s.name]);
  if (bySweep.size > 1) {
    const list = [...bySweep].map(([fp, names]) => `${fp} (${listed(names, 3)})`).join(", ");
    throw new MixedSweepsError(`the files belong to ${bySweep.size} different sweeps (another model, other seeds or other input): ${list}; merge the files of one sweep`, bySweep);
  }
  const counts = new Set(shards.map((s) => s.count));
  if (counts.size > 1) {
    const list = shards.map((s) => `${s.name}: ${s.index}/${s.count}`);
    throw new MixedSweepsError(`the files split the sweep in different numbers of shards (${listed(list, 6)}); merge the files of one split`, bySweep);
  }

  const { count } = first;
  const byShard = new Map<number, ReadShard[]>();
  for (const s of shards) byShard.set(s.index, [...(byShard.get(s.index) ?? []), s]);
  const duplicates = [...byShard].filter(([, list]) => list.length > 1).map(([i, list]) => ({ shard: `${i}/${count}`, files: list.map((s) => s.name) }));
  if (duplicates.length > 0) {
    const text = duplicates.map((d) => `${d.shard} (${d.files.join(", ")})`).join("; ");
    throw new DuplicateShardsError(`${duplicates.length === 1 ? "a shard is" : `${duplicates.length} shards are`} in more than one file: ${text}; keep one file of each shard`, duplicates);
  }

  const { sweep } = first;
  const missingShards: string[] = [];
  const short: string[] = [];
  const missingReplications: number[] = [];
  // A shard numbered past the sweep's size holds no replication: its file is not needed, and with a
  // huge shard count (--shard 0/100000000000) a loop over every shard would never end.
  for (let i = 0; i < Math.min(count, sweep.size); i++) {
    const shard = byShard.get(i)?.[0];
    const expected = Math.max(0, Math.ceil((sweep.size - i) / count));
    if (shard === undefined) missingShards.push(`${i}/${count}`);
    else if (shard.lines.size < expected) short.push(`${shard.name} (shard ${i}/${count}) has ${shard.lines.size} of its ${expected} replications`);
    for (let k = i; k < sweep.size; k += count) if (shard === undefined || !shard.lines.has(k)) missingReplications.push(k);
  }
  if (missingReplications.length > 0) {
    const parts: string[] = [];
    if (missingShards.length > 0) parts.push(`${missingShards.length} of ${count} shards ${missingShards.length === 1 ? "is" : "are"} missing: ${listed(missingShards)}`);
    if (short.length > 0) parts.push(`${listed(short, 3)} (the job stopped early?)`);
    const again = missingShards[0] ?? `${(shards.find((s) => s.lines.size < Math.ceil((sweep.size - s.index) / count)) as ReadShard).index}/${count}`;
    throw new MissingShardsError(
      `${parts.join("; ")}; ${missingReplications.length} of ${sweep.size} replications are missing. Run the missing shards (spindle sweep ... --shard ${again}) and merge again`,
      missingShards,
      missingReplications,
    );
  }

  const replications: MergedReplication<R>[] = [];
  const out: string[] = [headerLine(sweep, { index: 0, count: 1 })];
  for (let k = 0; k < sweep.size; k++) {
    const shard = (byShard.get(k % count) as ReadShard[])[0] as ReadShard;
    const result = shard.lines.get(k) as R;
    const replication = sweep.replication(k);
    replications.push({ ...replication, result });
    try {
      out.push(replicationLine(sweep, replication, result));
    } catch (error) {
      // Only a result that no writer makes (an object whose only key is "$number") gets here: the file was edited.
      throw fileError(shard.name, shard.lineNumbers.get(k) as number, `${(error as Error).message} (the file was edited?)`);
    }
  }
  return { sweep, replications, results: replications.map((r) => r.result), text: out.join("") };
}

/**
 * {@link mergeShards} of files on disk.
 *
 * @example
 * ```ts
 * const { results, text } = mergeShardFiles(["out/shard-0.jsonl", "out/shard-1.jsonl"]);
 * ```
 *
 * @category Node
 */
export function mergeShardFiles<R = unknown>(paths: readonly string[]): MergedSweep<R> {
  const read = (name: string): string => {
    try {
      return readFileSync(name, "utf8");
    } catch (error) {
      throw new SweepFileError(`cannot read ${name}: ${(error as Error).message}`);
    }
  };
  return mergeShards<R>(paths.map((name) => ({ name, text: read(name) })));
}

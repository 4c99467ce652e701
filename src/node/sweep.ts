/// <reference types="node" />
/**
 * A sweep: replications of a model, one per seed, times optional parameter
 * points, numbered 0..size-1 (point by point, seed by seed within a point).
 * It is the unit that shards split and that a merge puts back together.
 *
 * What a replication computes depends on its (input, seed) only, never on
 * how many shards there are: a shard is just a subset of the indices. So a
 * sweep run on one machine and the same sweep split over 40 jobs compute
 * the same replications, and the merge only has to put them in index order.
 *
 * Every point runs with the same seeds (common random numbers): differences
 * between points are then not blurred by different random streams.
 */
import { createHash } from "node:crypto";
import { InvalidArgumentError } from "../kernel/errors.js";
import { canonicalJson } from "./sweep-json.js";

/**
 * The seeds of a sweep: a list, or `{ from, count }` for the `count`
 * consecutive seeds from `from`. Each is an integer in [0, 2^32), the range
 * of `run()`'s seed.
 *
 * @category Node
 */
export type SweepSeeds =
  | readonly number[]
  | {
      /** The first seed. */
      readonly from: number;
      /** How many consecutive seeds. */
      readonly count: number;
    };

/**
 * What a sweep is: its seeds, and either one `input` for every replication
 * or a list of parameter `points` (each replication of point p runs
 * `work(points[p], seed)`). `model` names the model (a file name and a
 * hash, a version): it is part of the sweep's identity, so that files of
 * two versions of a model are not merged as one sweep.
 *
 * @category Node
 */
export interface SweepSpec {
  /** The seeds of every point: a list, or `{ from, count }`. */
  seeds: SweepSeeds;
  /** The input of every replication (when there are no points); default null. */
  input?: unknown;
  /** Parameter points: a parameter sweep runs every seed at each point. */
  points?: readonly unknown[];
  /** What identifies the model, such as "queue-model.mjs sha256:1f0c..."; default none. */
  model?: string;
}

/**
 * One replication of a sweep: its place in the sweep, its seed, and the
 * parameter point (its position, null in a sweep without points) and input
 * it runs with.
 *
 * @category Node
 */
export interface Replication {
  /** Its position in the sweep, 0..size-1: the order of the merged results. */
  index: number;
  /** The seed it runs with. */
  seed: number;
  /** The position of its parameter point, or null when the sweep has none. */
  point: number | null;
  /** What `work(input, seed)` gets. */
  input: unknown;
}

/**
 * Which part of a sweep one job runs: shard `index` of `count`, numbered
 * from 0.
 *
 * @category Node
 */
export interface ShardId {
  /** Which shard, from 0 to count - 1. */
  index: number;
  /** How many shards the sweep is split in. */
  count: number;
}

const SEED_LIMIT = 2 ** 32;

function checkSeed(seed: unknown, where: string): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) {
    throw new InvalidArgumentError(`${where}: a seed must be an integer in [0, 2^32), got ${String(seed)}`);
  }
  return seed;
}

/** The seeds, listed; and their canonical description: a range when they are consecutive. */
function normaliseSeeds(seeds: SweepSeeds): { list: number[]; described: unknown } {
  let list: number[];
  if (Array.isArray(seeds)) {
    list = (seeds as readonly unknown[]).map((s, i) => checkSeed(s, `sweep(): seeds[${i}]`));
  } else if (typeof seeds === "object" && seeds !== null && "from" in seeds) {
    const { from, count } = seeds as { from: unknown; count: unknown };
    checkSeed(from, "sweep(): seeds.from");
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) throw new InvalidArgumentError(`sweep(): seeds.count must be an integer >= 0, got ${String(count)}`);
    if ((from as number) + count > SEED_LIMIT) throw new InvalidArgumentError(`sweep(): seeds ${String(from)}.. and ${count} of them go past 2^32 - 1; start lower or take fewer`);
    list = Array.from({ length: count }, (_, i) => (from as number) + i);
  } else {
    throw new InvalidArgumentError(`sweep(): seeds must be a list of seeds or { from, count }, got ${String(seeds)}`);
  }
  if (list.length === 0) throw new InvalidArgumentError("sweep(): there are no seeds; give at least one, such as seeds: { from: 1, count: 100 }");
  if (new Set(list).size !== list.length) {
    const twice = list.find((s, i) => list.indexOf(s) !== i);
    throw new InvalidArgumentError(`sweep(): seed ${String(twice)} is listed twice; two replications with one seed are the same run, so give each its own seed`);
  }
  const consecutive = list.every((s, i) => s === (list[0] as number) + i);
  return { list, described: consecutive && list.length > 1 ? { count: list.length, from: list[0] } : list };
}

/**
 * A sweep: replications numbered 0..size-1, the shards' assignment, and
 * the fingerprint that every file of the sweep carries.
 *
 * @example
 * ```ts
 * const s = sweep({ seeds: { from: 1, count: 1000 }, points: [{ tellers: 2 }, { tellers: 3 }] });
 * s.size; // 2000
 * s.replication(1001); // { index: 1001, seed: 2, point: 1, input: { tellers: 3 } }
 * s.shard({ index: 0, count: 4 }).length; // 500
 * ```
 *
 * @category Node
 */
export class Sweep {
  /** The seeds, in order. */
  readonly seeds: readonly number[];
  /** The parameter points, or null for one input. */
  readonly points: readonly unknown[] | null;
  /** The input when there are no points (null otherwise). */
  readonly input: unknown;
  /** What identifies the model, or null. */
  readonly model: string | null;
  /** How many replications: seeds times points. */
  readonly size: number;
  /**
   * The sweep's identity: a hash of its canonical description (model,
   * seeds, input or points). Every line of its files carries it.
   */
  readonly fingerprint: string;
  /** The canonical description, as a sweep file's header holds it. */
  readonly description: Readonly<Record<string, unknown>>;

  constructor(spec: SweepSpec) {
    if (typeof spec !== "object" || spec === null) throw new InvalidArgumentError("sweep(): give a description such as { seeds: { from: 1, count: 100 }, input: {...} }");
    const { list, described } = normaliseSeeds(spec.seeds);
    if (spec.points !== undefined && spec.input !== undefined) throw new InvalidArgumentError("sweep(): give either input (one for every replication) or points (a parameter sweep), not both");
    if (spec.points !== undefined && (!Array.isArray(spec.points) || spec.points.length === 0)) {
      throw new InvalidArgumentError("sweep(): points must be a non-empty list of inputs; for one input, give input instead");
    }
    if (spec.model !== undefined && typeof spec.model !== "string") throw new InvalidArgumentError(`sweep(): model must be a string, got ${typeof spec.model}`);
    this.seeds = list;
    this.points = spec.points ?? null;
    this.input = this.points === null ? (spec.input ?? null) : null;
    this.model = spec.model ?? null;
    this.size = list.length * (this.points?.length ?? 1);
    const description: Record<string, unknown> = { model: this.model, seeds: described };
    if (this.points === null) description["input"] = this.input;
    else description["points"] = this.points;
    // Refuses inputs JSON cannot carry, and fixes one text for the hash.
    const text = canonicalJson(description, "the sweep's input or points");
    this.description = description;
    this.fingerprint = createHash("sha256").update(text).digest("hex").slice(0, 16);
  }

  /** The replication at `index`. */
  replication(index: number): Replication {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new InvalidArgumentError(`Sweep.replication(${index}): expected an integer in [0, ${this.size})`);
    const perPoint = this.seeds.length;
    const point = Math.floor(index / perPoint);
    const seed = this.seeds[index % perPoint] as number;
    return this.points === null ? { index, seed, point: null, input: this.input } : { index, seed, point, input: this.points[point] };
  }

  /**
   * The replications of one shard, in index order: those whose index is
   * `shard.index` modulo `shard.count` (see {@link shardOfReplication}).
   */
  shard(shard: ShardId): Replication[] {
    checkShardId(shard, "Sweep.shard()");
    const out: Replication[] = [];
    for (let i = shard.index; i < this.size; i += shard.count) out.push(this.replication(i));
    return out;
  }
}

/**
 * A sweep from its description; see {@link Sweep}.
 *
 * @example
 * ```ts
 * const study = sweep({ seeds: [11, 12, 13], input: { customers: 1000, tellers: 3 }, model: "bank v2" });
 * console.log(study.size, study.fingerprint); // 3, 16 hex digits
 * ```
 *
 * @category Node
 */
export function sweep(spec: SweepSpec): Sweep {
  return new Sweep(spec);
}

/**
 * The shard that runs replication `index` when a sweep is split in `count`:
 * `index % count`, round robin.
 *
 * Why round robin rather than contiguous blocks: the cost of a replication
 * often grows along the sweep (parameter points are usually listed from
 * light load to heavy), and blocks would give the last shard all the
 * heaviest work; dealt round robin, every shard gets a share of every point,
 * and shard sizes differ by at most one. The merge orders by index, so the
 * assignment never shows in the results.
 *
 * @example
 * ```ts
 * shardOfReplication(10, 4); // 2
 * ```
 *
 * @category Node
 */
export function shardOfReplication(index: number, count: number): number {
  return index % count;
}

/** Throws unless `shard` is a shard index and count (index in [0, count)). */
export function checkShardId(shard: ShardId, what: string): void {
  const { index, count } = shard;
  if (!Number.isSafeInteger(count) || count < 1) throw new InvalidArgumentError(`${what}: the number of shards must be an integer >= 1, got ${String(count)}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new InvalidArgumentError(`${what}: shard ${String(index)}/${count} does not exist; shards are numbered from 0, so with ${count} shard${count === 1 ? "" : "s"} the index is 0..${count - 1}`);
  }
}

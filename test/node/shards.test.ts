/**
 * Sweeps split into shards: which shard a job is (shardOf, from --shard,
 * a Kubernetes Indexed Job's or a Slurm array's environment), the
 * assignment of replications to shards, the canonical JSON lines, running
 * shards in-process and on the worker pool, and the merge and its refusals.
 * test/cli/sweep.test.ts runs the shards as separate processes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleWorker } from "../../examples/node/bundle-worker.js";
import { work as bank } from "../../examples/node/queue-model.js";
import type { BankInput, BankResult } from "../../examples/node/queue-model.js";
import {
  DuplicateShardsError,
  MissingShardsError,
  MixedSweepsError,
  ShardConfigError,
  SweepFileError,
  WorkerPool,
  mergeShards,
  parseShard,
  runShard,
  shardOf,
  sweep,
} from "../../src/node.js";
import type { ShardId, ShardText, ShardWork, Sweep } from "../../src/node.js";
import { canonicalJson, parseCanonicalJson } from "../../src/node/sweep-json.js";
import { InvalidArgumentError } from "../../src/index.js";

const INPUT: BankInput = { customers: 300, tellers: 2, meanArrivalMs: 60, meanServiceMs: 110 };
const here: ShardWork<BankResult> = (input, seed) => bank(input as BankInput, seed);

/** Runs one shard into a string. */
async function shardText<R>(s: Sweep, shard: ShardId, work: ShardWork<R>): Promise<string> {
  let text = "";
  await runShard(s, shard, work, { out: (t) => (text += t) });
  return text;
}

async function allShards<R>(s: Sweep, count: number, work: ShardWork<R>): Promise<ShardText[]> {
  const files: ShardText[] = [];
  for (let index = 0; index < count; index++) files.push({ name: `shard-${index}.jsonl`, text: await shardText(s, { index, count }, work) });
  return files;
}

function thrown(body: () => unknown): Error {
  try {
    body();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("shardOf", () => {
  it("reads --shard i/n, in both spellings, before the environment", () => {
    expect(shardOf({ argv: ["model.mjs", "--shard", "1/4"], env: {} })).toEqual({ index: 1, count: 4, source: "--shard" });
    expect(shardOf({ argv: ["--shard=0/1"], env: {} })).toEqual({ index: 0, count: 1, source: "--shard" });
    expect(shardOf({ argv: ["--shard", "2/3"], env: { JOB_COMPLETION_INDEX: "0", JOB_COMPLETIONS: "5" } })).toEqual({ index: 2, count: 3, source: "--shard" });
    expect(parseShard("3/8")).toEqual({ index: 3, count: 8 });
  });

  it("is the whole sweep when nothing says otherwise", () => {
    expect(shardOf({ argv: [], env: {} })).toEqual({ index: 0, count: 1, source: "none" });
    expect(shardOf({ argv: [], env: { JOB_COMPLETION_INDEX: "" }, total: 1 })).toEqual({ index: 0, count: 1, source: "none" });
  });

  it("reads a Kubernetes Indexed Job: JOB_COMPLETION_INDEX, with JOB_COMPLETIONS or the given total", () => {
    expect(shardOf({ argv: [], env: { JOB_COMPLETION_INDEX: "3", JOB_COMPLETIONS: "8" } })).toEqual({ index: 3, count: 8, source: "JOB_COMPLETION_INDEX" });
    expect(shardOf({ argv: [], env: { JOB_COMPLETION_INDEX: "0" }, total: 2 })).toEqual({ index: 0, count: 2, source: "JOB_COMPLETION_INDEX" });
    expect(shardOf({ argv: [], env: { JOB_COMPLETION_INDEX: "7", JOB_COMPLETIONS: "8" }, total: 8 })).toMatchObject({ index: 7, count: 8 });
  });

  it("reads a Slurm array, counting from SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP", () => {
    expect(shardOf({ argv: [], env: { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_COUNT: "4" } })).toEqual({ index: 0, count: 4, source: "SLURM_ARRAY_TASK_ID" });
    // sbatch --array=1-8
    expect(shardOf({ argv: [], env: { SLURM_ARRAY_TASK_ID: "8", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "8", SLURM_ARRAY_TASK_COUNT: "8" } })).toMatchObject({ index: 7, count: 8 });
    // sbatch --array=10-40:10 (ids 10, 20, 30, 40), count from MAX
    expect(shardOf({ argv: [], env: { SLURM_ARRAY_TASK_ID: "30", SLURM_ARRAY_TASK_MIN: "10", SLURM_ARRAY_TASK_MAX: "40", SLURM_ARRAY_TASK_STEP: "10" } })).toMatchObject({ index: 2, count: 4 });
    // only the id range known: the count from --shards
    expect(shardOf({ argv: [], env: { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "5" }, total: 3 })).toMatchObject({ index: 0, count: 3 });
  });

  it.each<[string, Parameters<typeof shardOf>[0], string]>([
    ["a count-less Kubernetes index", { argv: [], env: { JOB_COMPLETION_INDEX: "3" } }, "JOB_COMPLETION_INDEX=3 is set, but not the number of shards: add JOB_COMPLETIONS"],
    ["an index past the count", { argv: [], env: { JOB_COMPLETION_INDEX: "4", JOB_COMPLETIONS: "4" } }, "JOB_COMPLETION_INDEX=4 gives shard 4, but there are only 4 shards"],
    ["counts that disagree", { argv: [], env: { JOB_COMPLETION_INDEX: "1", JOB_COMPLETIONS: "4" }, total: 5 }, "JOB_COMPLETIONS=4 says 4 shards, but 5 were asked for"],
    ["a malformed index", { argv: [], env: { JOB_COMPLETION_INDEX: "two", JOB_COMPLETIONS: "4" } }, 'JOB_COMPLETION_INDEX="two" is not a whole number >= 0'],
    ["a negative index", { argv: [], env: { SLURM_ARRAY_TASK_ID: "-1", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_COUNT: "2" } }, 'SLURM_ARRAY_TASK_ID="-1" is not a whole number'],
    ["Slurm without MIN", { argv: [], env: { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4" } }, "SLURM_ARRAY_TASK_ID=2 is set, but not SLURM_ARRAY_TASK_MIN"],
    ["Slurm without a count", { argv: [], env: { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_MIN: "0" } }, "not SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX: pass --shards N"],
    ["a Slurm id below MIN", { argv: [], env: { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "4" } }, "SLURM_ARRAY_TASK_ID=0 is not one of the array's ids"],
    ["a Slurm id off the step", { argv: [], env: { SLURM_ARRAY_TASK_ID: "15", SLURM_ARRAY_TASK_MIN: "10", SLURM_ARRAY_TASK_STEP: "10", SLURM_ARRAY_TASK_COUNT: "4" } }, "is not one of the array's ids"],
    ["a Slurm list, not a range", { argv: [], env: { SLURM_ARRAY_TASK_ID: "7", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "7", SLURM_ARRAY_TASK_COUNT: "3" } }, "the array is not one range"],
    ["a Slurm id past the count", { argv: [], env: { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_COUNT: "4" } }, "gives shard 4, but there are only 4 shards"],
    ["both engines", { argv: [], env: { JOB_COMPLETION_INDEX: "0", JOB_COMPLETIONS: "2", SLURM_ARRAY_TASK_ID: "0" } }, "the shard is ambiguous; pass --shard i/n"],
    ["a count but no index", { argv: [], env: {}, total: 4 }, "nothing says which one this is: pass --shard i/4"],
    ["--shard counted from 1", { argv: ["--shard", "4/4"], env: {} }, "shards are numbered from 0, so the last of 4 is --shard 3/4"],
    ["--shard of 0", { argv: ["--shard", "0/0"], env: {} }, "the number of shards must be at least 1"],
    ["--shard without i/n", { argv: ["--shard", "2"], env: {} }, "expected i/n"],
    ["--shard without a value", { argv: ["--shard"], env: {} }, "--shard needs a value"],
    ["--shard twice", { argv: ["--shard", "0/2", "--shard=1/2"], env: {} }, "--shard is given twice"],
    ["--shard against the total", { argv: ["--shard", "0/2"], env: {}, total: 3 }, "--shard 0/2 says 2 shards, but 3 were asked for"],
  ])("refuses %s with a ShardConfigError that says what to set", (_name, options, message) => {
    const error = thrown(() => shardOf(options));
    expect(error).toBeInstanceOf(ShardConfigError);
    expect(error.message).toContain(message);
  });
});

describe("the assignment of replications to shards", () => {
  const s = sweep({ seeds: { from: 100, count: 11 }, points: [{ load: 1 }, { load: 2 }, { load: 3 }] });

  it("gives every replication to exactly one shard, for 1 to 7 shards (and more shards than replications)", () => {
    for (const count of [1, 2, 3, 4, 5, 6, 7, 40]) {
      const seen = new Array<number>(s.size).fill(0);
      const sizes: number[] = [];
      for (let index = 0; index < count; index++) {
        const mine = s.shard({ index, count });
        sizes.push(mine.length);
        for (const r of mine) seen[r.index] = (seen[r.index] as number) + 1;
        expect(mine.map((r) => r.index)).toEqual([...mine.map((r) => r.index)].sort((a, b) => a - b));
      }
      expect(seen.every((n) => n === 1)).toBe(true);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it("gives each replication the same seed and input whatever the number of shards", () => {
    const whole = s.shard({ index: 0, count: 1 });
    expect(whole).toHaveLength(33);
    expect(whole[12]).toEqual({ index: 12, seed: 101, point: 1, input: { load: 2 } });
    for (const count of [2, 5, 7]) {
      for (let index = 0; index < count; index++) for (const r of s.shard({ index, count })) expect(r).toEqual(whole[r.index]);
    }
  });

  it("refuses shards that do not exist and seeds outside [0, 2^32)", () => {
    expect(() => s.shard({ index: 3, count: 3 })).toThrow("shards are numbered from 0, so with 3 shards the index is 0..2");
    expect(() => sweep({ seeds: [1, 2 ** 32] })).toThrow("a seed must be an integer in [0, 2^32), got 4294967296");
    expect(() => sweep({ seeds: [] })).toThrow("there are no seeds");
    expect(() => sweep({ seeds: [3, 4, 3] })).toThrow("seed 3 is listed twice");
    expect(() => sweep({ seeds: [1], input: 1, points: [1] })).toThrow("not both");
  });

  it("has one fingerprint per sweep: consecutive seeds listed or as a range are the same sweep", () => {
    expect(sweep({ seeds: [4, 5, 6], input: { a: 1, b: 2 } }).fingerprint).toBe(sweep({ seeds: { from: 4, count: 3 }, input: { b: 2, a: 1 } }).fingerprint);
    const base = sweep({ seeds: [4, 5, 6], input: { a: 1 } }).fingerprint;
    expect(sweep({ seeds: [4, 5, 7], input: { a: 1 } }).fingerprint).not.toBe(base);
    expect(sweep({ seeds: [4, 5, 6], input: { a: 2 } }).fingerprint).not.toBe(base);
    expect(sweep({ seeds: [4, 5, 6], input: { a: 1 }, model: "v2" }).fingerprint).not.toBe(base);
  });
});

describe("canonical JSON lines", () => {
  it("sorts keys and writes every double so that it reads back exactly, the special ones included", () => {
    const value = { z: [0.1 + 0.2, 1e-300, -5e-324, 2 ** 53 + 2], a: { y: NaN, x: -0, w: Infinity, v: -Infinity }, m: "ü\n\"", skipped: undefined };
    const text = canonicalJson(value);
    expect(text).toBe(
      '{"a":{"v":{"$number":"-Infinity"},"w":{"$number":"Infinity"},"x":{"$number":"-0"},"y":{"$number":"NaN"}},"m":"ü\\n\\"","z":[0.30000000000000004,1e-300,-5e-324,9007199254740994]}',
    );
    const back = parseCanonicalJson(text) as typeof value;
    expect(Object.is(back.a.x, -0)).toBe(true);
    expect(back).toEqual({ ...value, skipped: undefined });
    expect(canonicalJson(back)).toBe(text);
  });

  it("refuses what JSON cannot carry exactly, naming where it is", () => {
    expect(() => canonicalJson({ at: new Date(0) }, "the result")).toThrow("the result: the value at .at is a Date");
    expect(() => canonicalJson({ n: [1, 2n] })).toThrow("the value at .n[1] is a bigint");
    expect(() => canonicalJson([undefined])).toThrow("the value at [0] is a undefined");
  });

  it("refuses an object whose only key is $number, which would read back as a number; any other such object round-trips", () => {
    for (const [value, path] of [
      [{ label: { $number: "NaN" } }, ".label"],
      [[1, { $number: "-0", unused: undefined }], "[1]"],
      [{ $number: 5 }, "the top"],
    ] as const) {
      const error = thrown(() => canonicalJson(value, "the result"));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toContain(`the result: the value at ${path} is an object whose only key is "$number"`);
    }
    const kept = { a: { $number: "NaN", unit: "ms" }, b: { $numbers: "NaN" }, c: [{}, { $number: null, other: 1 }], d: NaN };
    const back = parseCanonicalJson(canonicalJson(kept));
    expect(back).toEqual(kept);
    expect(canonicalJson(back)).toBe(canonicalJson(kept));
  });
});

describe("running shards and merging them", () => {
  const study = sweep({ seeds: { from: 1, count: 10 }, input: INPUT, model: "queue-model" });

  it("merges N shards, in any file order, into exactly the one-machine file and results", async () => {
    const one = await shardText(study, { index: 0, count: 1 }, here);
    const expected = study.seeds.map((seed) => bank(INPUT, seed));
    for (const count of [1, 2, 3, 4, 7]) {
      const files = await allShards(study, count, here);
      const merged = mergeShards<BankResult>([...files].reverse());
      expect(merged.text).toBe(one);
      expect(merged.results).toEqual(expected);
      expect(merged.replications[4]).toMatchObject({ index: 4, seed: 5, point: null, result: expected[4] });
    }
    expect(one.split("\n")).toHaveLength(study.size + 2); // header, lines, final newline
  });

  it("records the point and input of each replication of a parameter sweep", async () => {
    const points = [{ ...INPUT, tellers: 2 }, { ...INPUT, tellers: 3 }];
    const s = sweep({ seeds: [7, 8, 9], points });
    const merged = mergeShards<BankResult>(await allShards(s, 4, here));
    expect(merged.text).toBe(await shardText(s, { index: 0, count: 1 }, here));
    expect(merged.results).toEqual(points.flatMap((p) => [7, 8, 9].map((seed) => bank(p, seed))));
    const line = JSON.parse(merged.text.split("\n")[5] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ index: 4, point: 1, input: points[1], seed: 8, sweep: s.fingerprint });
  });

  it("refuses a result that would merge into something else than one machine gives, naming the seed", async () => {
    const s = sweep({ seeds: { from: 1, count: 4 }, input: { k: 1 } });
    const work: ShardWork<unknown> = (_input, seed) => ({ seed, label: seed === 3 ? { $number: "NaN" } : "plain" });
    await expect(shardText(s, { index: 0, count: 1 }, work)).rejects.toThrow(InvalidArgumentError);
    await expect(shardText(s, { index: 0, count: 1 }, work)).rejects.toThrow('(seed 3)\'s result: the value at .result.label is an object whose only key is "$number"');
  });

  it("refuses the same results on the worker pool as in this thread, with the same error", async () => {
    // A worker's result crosses by structured clone, which would turn a class instance into a plain object.
    // The same functions as fixtures/sweep-results.mjs, for this thread.
    class Stats {
      constructor(
        readonly seed: number,
        readonly mean = seed / 2,
      ) {}
    }
    const classAtSeed3 = (_input: unknown, seed: number): unknown => ({ seed, stats: seed === 3 ? [1, new Stats(seed)] : [1, { mean: seed / 2 }] });
    const functionAtSeed2 = (_input: unknown, seed: number): unknown => ({ seed, format: seed === 2 ? () => "x" : "plain" });
    const reservedThenClass = (_input: unknown, seed: number): unknown => ({ a: seed === 2 ? { $number: "NaN" } : 0, b: seed === 2 ? new Stats(seed) : 0 });
    const s = sweep({ seeds: { from: 1, count: 4 }, input: null });
    const pool = new WorkerPool({ size: 2 });
    try {
      for (const [name, work, expected] of [
        ["classAtSeed3", classAtSeed3, "replication 2 (seed 3)'s result: the value at .result.stats[1] is a Stats"],
        ["functionAtSeed2", functionAtSeed2, "replication 1 (seed 2)'s result: the value at .result.format is a function"],
        ["reservedThenClass", reservedThenClass, 'replication 1 (seed 2)\'s result: the value at .result.a is an object whose only key is "$number"'],
      ] as const) {
        const here = await shardText(s, { index: 0, count: 1 }, work).catch((error: unknown) => error);
        const onPool = await shardText(s, { index: 0, count: 1 }, { module: join(__dirname, "fixtures", "sweep-results.mjs"), exportName: name, pool }).catch((error: unknown) => error);
        expect(here).toBeInstanceOf(InvalidArgumentError);
        expect(onPool).toBeInstanceOf(InvalidArgumentError);
        expect((here as Error).message).toContain(expected);
        expect((onPool as Error).message).toBe((here as Error).message);
      }
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("writes the same lines on the worker pool as in this thread", async () => {
    const model = bundleWorker(join(__dirname, "..", "..", "examples", "node", "queue-model.ts"));
    const pool = new WorkerPool({ size: 2 });
    try {
      const onPool = await allShards<BankResult>(study, 2, { module: model, pool });
      expect(onPool).toEqual(await allShards(study, 2, here));
    } finally {
      await pool.close();
      rmSync(dirname(fileURLToPath(model)), { recursive: true, force: true });
    }
  }, 60_000);

  describe("refuses to merge", () => {
    let files: ShardText[];
    beforeAll(async () => {
      files = await allShards(study, 4, here);
    });

    it("with a shard missing, naming it and the command that runs it", () => {
      const error = thrown(() => mergeShards([files[0], files[1], files[3]] as ShardText[])) as MissingShardsError;
      expect(error).toBeInstanceOf(MissingShardsError);
      expect(error.message).toBe("1 of 4 shards is missing: 2/4; 2 of 10 replications are missing. Run the missing shards (spindle sweep ... --shard 2/4) and merge again");
      expect(error.missingShards).toEqual(["2/4"]);
      expect(error.missingReplications).toEqual([2, 6]);
    });

    it("with a shard that stopped short, or a line cut in the middle", () => {
      const lines = (files[1] as ShardText).text.split("\n");
      const short = { name: "shard-1.jsonl", text: lines.slice(0, 2).join("\n") + "\n" };
      const error = thrown(() => mergeShards([files[0], short, files[2], files[3]] as ShardText[])) as MissingShardsError;
      expect(error).toBeInstanceOf(MissingShardsError);
      expect(error.message).toContain("shard-1.jsonl (shard 1/4) has 1 of its 3 replications (the job stopped early?)");
      expect(error.missingReplications).toEqual([5, 9]);
      const cut = { name: "shard-1.jsonl", text: lines.slice(0, 2).join("\n") + "\n" + (lines[2] as string).slice(0, 30) };
      expect(() => mergeShards([cut])).toThrow(new SweepFileError("shard-1.jsonl, line 3: not complete JSON (the job that wrote it stopped mid-line?); run that shard again"));
    });

    it("with a shard given twice", () => {
      const again = { name: "copy-of-shard-3.jsonl", text: (files[3] as ShardText).text };
      const error = thrown(() => mergeShards([...files, again])) as DuplicateShardsError;
      expect(error).toBeInstanceOf(DuplicateShardsError);
      expect(error.duplicates).toEqual([{ shard: "3/4", files: ["shard-3.jsonl", "copy-of-shard-3.jsonl"] }]);
    });

    it("with files of two sweeps, or of two splits of one sweep", async () => {
      const other = sweep({ seeds: { from: 1, count: 10 }, input: { ...INPUT, tellers: 3 }, model: "queue-model" });
      const foreign = { name: "other.jsonl", text: await shardText(other, { index: 2, count: 4 }, here) };
      const error = thrown(() => mergeShards([files[0], files[1], foreign, files[3]] as ShardText[])) as MixedSweepsError;
      expect(error).toBeInstanceOf(MixedSweepsError);
      expect(error.message).toContain("the files belong to 2 different sweeps");
      expect([...error.sweeps.values()]).toEqual([["shard-0.jsonl", "shard-1.jsonl", "shard-3.jsonl"], ["other.jsonl"]]);
      const split3 = { name: "of-3.jsonl", text: await shardText(study, { index: 2, count: 3 }, here) };
      expect(() => mergeShards([files[0], split3] as ShardText[])).toThrow("the files split the sweep in different numbers of shards");
      // a line of the other sweep pasted into a file
      const pasted = { name: "pasted.jsonl", text: (files[2] as ShardText).text + (foreign.text.split("\n")[1] as string) + "\n" };
      expect(() => mergeShards([pasted])).toThrow(MixedSweepsError);
    });

    it("a file that is not a sweep file, or whose header was edited", () => {
      expect(() => mergeShards([{ name: "empty.jsonl", text: "" }])).toThrow("empty.jsonl is empty");
      expect(() => mergeShards([{ name: "x.jsonl", text: '{"hello":1}\n' }])).toThrow('x.jsonl, line 1: not a sweep file\'s header (its format is missing, expected "spindle-sweep/1")');
      const edited = { name: "edited.jsonl", text: (files[0] as ShardText).text.replace('"tellers":2', '"tellers":5') };
      expect(() => mergeShards([edited])).toThrow("edited.jsonl, line 1: the header's fingerprint");
      const moved = { name: "moved.jsonl", text: (files[0] as ShardText).text.replace('{"index":4,', '{"index":5,') };
      expect(() => mergeShards([moved])).toThrow("moved.jsonl, line 3: replication 5 belongs to shard 1/4, not to this file's shard 0/4");
    });
  });
});

describe("a shard written to a file", () => {
  it("appears under its name only when complete; a failed shard leaves <file>.partial", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spindle-shard-"));
    try {
      const s = sweep({ seeds: [1, 2, 3] });
      await runShard(s, { index: 0, count: 1 }, (_input, seed) => ({ twice: seed * 2 }), { out: join(dir, "out", "all.jsonl") });
      expect(readFileSync(join(dir, "out", "all.jsonl"), "utf8").split("\n")[2]).toBe(`{"index":1,"result":{"twice":4},"seed":2,"sweep":"${s.fingerprint}"}`);
      const failing = runShard(s, { index: 0, count: 1 }, (_input, seed) => {
        if (seed === 3) throw new Error("seed 3 is bad");
        return seed;
      }, { out: join(dir, "failed.jsonl") });
      await expect(failing).rejects.toThrow("seed 3 is bad");
      expect(existsSync(join(dir, "failed.jsonl"))).toBe(false);
      expect(readFileSync(join(dir, "failed.jsonl.partial"), "utf8").split("\n")).toHaveLength(4); // header, seeds 1 and 2, ""
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

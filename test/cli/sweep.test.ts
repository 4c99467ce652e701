/**
 * `spindle sweep` and `spindle merge`, end to end: a sweep of the bank model
 * (examples/node/queue-model.ts) run once as one process, then as separate
 * processes per shard, told their shard in each of the three ways (--shard
 * i/n, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, a Slurm array's
 * SLURM_ARRAY_TASK_ID starting at 1), merged by `spindle merge` in another
 * process, and compared with the one-process file byte for byte. Also: the
 * worker pool (--workers) and this thread give the same file, and the merge
 * refuses a missing shard, a duplicated one and a mix of two sweeps.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleWorker } from "../../examples/node/bundle-worker.js";
import { parseSeeds, parseSweepArgs } from "../../src/cli/sweep-args.js";
import { sweepCli } from "../../src/cli/sweep.js";
import { ROOT, spindle as runSpindle } from "./run-cli.js";
import type { Result } from "./run-cli.js";

const MODEL = "examples/node/queue-model.ts";
const INPUT = '{"customers":300,"tellers":2,"meanArrivalMs":60,"meanServiceMs":110}';
const SWEEP = ["sweep", MODEL, "--seeds", "1..10,20", "--input", INPUT];

/** The environment without any shard variables of the machine that runs the tests. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("JOB_COMPLETION") && !k.startsWith("SLURM_ARRAY")));

function spindle(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return runSpindle(args, { ...CLEAN_ENV, ...env });
}

async function ok(result: Promise<Result>): Promise<Result> {
  const r = await result;
  if (r.code !== 0) throw new Error(`exit ${r.code}:\n${r.stderr}`);
  return r;
}

let dir: string;
let one: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "spindle-sweep-"));
  await ok(spindle([...SWEEP, "--out", join(dir, "one.jsonl")]));
  one = readFileSync(join(dir, "one.jsonl"), "utf8");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `count` shards as processes (args and env of each from `how`), merges them with `spindle merge`, gives the merged text. */
async function shardedRun(name: string, count: number, how: (i: number) => { args: string[]; env: Record<string, string> }): Promise<{ merged: string; stderr: string[] }> {
  const files = Array.from({ length: count }, (_, i) => join(dir, `${name}-${i}.jsonl`));
  const runs = await Promise.all(files.map((file, i) => ok(spindle([...SWEEP, ...how(i).args, "--out", file], how(i).env))));
  const merged = await ok(spindle(["merge", ...[...files].reverse()]));
  return { merged: merged.stdout, stderr: runs.map((r) => r.stderr) };
}

describe("spindle sweep, sharded over processes, merged", () => {
  it("one process writes a header and one line per replication", () => {
    const lines = one.trimEnd().split("\n");
    expect(lines).toHaveLength(12);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ format: "spindle-sweep/1", shard: "0/1", size: 11, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20] });
    expect(JSON.parse(lines[11] as string)).toMatchObject({ index: 10, seed: 20, result: { seed: 20, served: 300 } });
  });

  it("--shard i/n: 3 processes merge to the same bytes", async () => {
    const { merged, stderr } = await shardedRun("plain", 3, (i) => ({ args: ["--shard", `${i}/3`], env: {} }));
    expect(merged).toBe(one);
    expect(stderr[1]).toMatch(/^spindle sweep: shard 1\/3 \(from --shard\): 4 of 11 replications \(sweep [0-9a-f]{16}\), written to /);
  }, 60_000);

  it("a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, JOB_COMPLETIONS): 4 processes merge to the same bytes", async () => {
    const { merged, stderr } = await shardedRun("k8s", 4, (i) => ({ args: [], env: { JOB_COMPLETION_INDEX: String(i), JOB_COMPLETIONS: "4" } }));
    expect(merged).toBe(one);
    expect(stderr[3]).toContain("shard 3/4 (from JOB_COMPLETION_INDEX): 2 of 11 replications");
  }, 60_000);

  it("a Slurm array --array=1-3 (SLURM_ARRAY_TASK_ID from 1): 3 processes merge to the same bytes", async () => {
    const slurm = (i: number): Record<string, string> => ({ SLURM_ARRAY_TASK_ID: String(i + 1), SLURM_ARRAY_TASK_MIN: "1", SLURM_ARRAY_TASK_MAX: "3", SLURM_ARRAY_TASK_COUNT: "3" });
    const { merged, stderr } = await shardedRun("slurm", 3, (i) => ({ args: [], env: slurm(i) }));
    expect(merged).toBe(one);
    expect(stderr[0]).toContain("shard 0/3 (from SLURM_ARRAY_TASK_ID)");
  }, 60_000);

  it("the worker pool (--workers 2) and this thread write the same file", async () => {
    const model = bundleWorker(join(ROOT, MODEL)); // worker threads load JavaScript only
    try {
      const args = ["sweep", fileURLToPath(model), "--seeds", "1..6", "--input", INPUT];
      const [here, onPool] = await Promise.all([
        ok(spindle(args)),
        ok(spindle([...args, "--workers", "2"])),
        ok(spindle([...args, "--workers", "2", "--shard", "0/2", "--out", join(dir, "pool-0.jsonl")])),
        ok(spindle([...args, "--shard", "1/2", "--out", join(dir, "pool-1.jsonl")])),
      ]);
      expect(onPool.stdout).toBe(here.stdout);
      const merged = await ok(spindle(["merge", join(dir, "pool-0.jsonl"), join(dir, "pool-1.jsonl")]));
      expect(merged.stdout).toBe(here.stdout);
      expect(here.stdout.split("\n")).toHaveLength(8);
    } finally {
      rmSync(dirname(fileURLToPath(model)), { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses a shard index without the number of shards (exit 2, saying what to set)", async () => {
    const r = await spindle([...SWEEP], { JOB_COMPLETION_INDEX: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("JOB_COMPLETION_INDEX=1 is set, but not the number of shards: add JOB_COMPLETIONS (the Job's spec.completions) to the container's env, or pass --shards N");
  }, 30_000);
});

describe("spindle merge refuses", () => {
  interface Io {
    out: string;
    err: string;
    io: { stdout: (t: string) => void; stderr: (t: string) => void; cwd: string };
  }
  function io(): Io {
    const got: Io = { out: "", err: "", io: { stdout: (t) => (got.out += t), stderr: (t) => (got.err += t), cwd: dir } };
    return got;
  }
  const shard = (i: number, n: number, seeds = "1..10,20"): Promise<number> =>
    sweepCli(["sweep", join(ROOT, MODEL), "--seeds", seeds, "--input", INPUT, "--shard", `${i}/${n}`, "--out", `m-${seeds}-${i}of${n}.jsonl`], io().io, {});

  beforeAll(async () => {
    for (const i of [0, 1, 2]) expect(await shard(i, 3)).toBe(0);
    expect(await shard(1, 3, "1..11")).toBe(0);
  }, 60_000);

  it("a missing shard, with the command that runs it (exit 1)", async () => {
    const got = io();
    expect(await sweepCli(["merge", "m-1..10,20-0of3.jsonl", "m-1..10,20-2of3.jsonl"], got.io, {})).toBe(1);
    expect(got.err).toBe("spindle merge: MissingShardsError: 1 of 3 shards is missing: 1/3; 4 of 11 replications are missing. Run the missing shards (spindle sweep ... --shard 1/3) and merge again\n");
    expect(got.out).toBe("");
  });

  it("a duplicated shard", async () => {
    const got = io();
    expect(await sweepCli(["merge", "m-1..10,20-0of3.jsonl", "m-1..10,20-1of3.jsonl", "m-1..10,20-2of3.jsonl", "m-1..10,20-1of3.jsonl"], got.io, {})).toBe(1);
    expect(got.err).toContain("DuplicateShardsError: a shard is in more than one file: 1/3 (m-1..10,20-1of3.jsonl, m-1..10,20-1of3.jsonl)");
  });

  it("files of two sweeps", async () => {
    const got = io();
    expect(await sweepCli(["merge", "m-1..10,20-0of3.jsonl", "m-1..11-1of3.jsonl", "m-1..10,20-2of3.jsonl"], got.io, {})).toBe(1);
    expect(got.err).toMatch(/^spindle merge: MixedSweepsError: the files belong to 2 different sweeps \(another model, other seeds or other input\): [0-9a-f]{16} \(m-1\.\.10,20-0of3\.jsonl, m-1\.\.10,20-2of3\.jsonl\), [0-9a-f]{16} \(m-1\.\.11-1of3\.jsonl\)/);
  });

  it("and merges the complete set to the one-process file", async () => {
    const got = io();
    expect(await sweepCli(["merge", "m-1..10,20-2of3.jsonl", "m-1..10,20-0of3.jsonl", "m-1..10,20-1of3.jsonl", "--out", "merged/all.jsonl"], got.io, {})).toBe(0);
    // the model's path differs (absolute here), but the sweep's identity does not depend on it
    expect(readFileSync(join(dir, "merged", "all.jsonl"), "utf8")).toBe(one);
  });
});

describe("the sweep command line", () => {
  it("reads seeds as ranges and lists", () => {
    expect(parseSeeds("1..4,10,12..13")).toEqual([1, 2, 3, 4, 10, 12, 13]);
    expect(() => parseSeeds("5..1")).toThrow("the range 5..1 runs backwards; write 1..5");
    expect(() => parseSeeds("1,2,1")).toThrow("a seed is listed twice");
    expect(() => parseSeeds("1..x")).toThrow("1..x is not a seed");
    expect(() => parseSeeds("4294967296")).toThrow("is not a seed (an integer in [0, 2^32))");
  });

  it("reads the options, and refuses what does not go together", () => {
    expect(parseSweepArgs(["sweep", "m.mjs", "--seeds", "1..3", "--shards=4", "--workers", "2", "--out", "o.jsonl"])).toEqual({
      kind: "sweep",
      args: { module: "m.mjs", seeds: [1, 2, 3], input: null, points: null, exportName: null, shard: null, shards: 4, workers: 2, out: "o.jsonl" },
    });
    expect(parseSweepArgs(["merge", "a", "b", "--out", "c"])).toEqual({ kind: "merge", args: { files: ["a", "b"], out: "c" } });
    expect(parseSweepArgs(["sweep", "--help"])).toMatchObject({ kind: "help", text: expect.stringContaining("spindle sweep <module> --seeds SEEDS") });
    expect(() => parseSweepArgs(["sweep", "m.mjs"])).toThrow("spindle sweep needs its seeds: spindle sweep m.mjs --seeds 1..100");
    expect(() => parseSweepArgs(["sweep", "m.mjs", "--seeds", "1", "--input", "{}", "--points", "[]"])).toThrow("give --input (one input for every replication) or --points");
    expect(() => parseSweepArgs(["sweep", "m.mjs", "--seeds", "1", "--shard", "0/2", "--shards", "2"])).toThrow("leave out --shards");
    expect(() => parseSweepArgs(["sweep", "m.mjs", "--seeds", "1", "--sed", "2"])).toThrow("spindle sweep: unknown option --sed");
    expect(() => parseSweepArgs(["merge"])).toThrow("spindle merge needs the shard files");
  });
});

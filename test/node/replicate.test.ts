/**
 * replicate(): simulations spread over worker threads, results in seed
 * order whatever the pool size. The model is examples/node/queue-model.ts, a
 * spindle simulation; worker threads cannot load TypeScript, so it is bundled
 * (with the parts of spindle it uses) into one plain .mjs file by esbuild.
 * That takes a few milliseconds and needs no `npm run build` (which would
 * also race with the packaging test, which rebuilds dist/).
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleWorker } from "../../examples/node/bundle-worker.js";
import { work as simulateHere } from "../../examples/node/queue-model.js";
import type { BankInput, BankResult } from "../../examples/node/queue-model.js";
import { runAsync } from "../../src/promise.js";
import { WorkerPool, replicate } from "../../src/node.js";

const JOBS = pathToFileURL(join(__dirname, "fixtures", "jobs.mjs"));
const INPUT: BankInput = { customers: 2_000, tellers: 2, meanArrivalMs: 60, meanServiceMs: 110 };
const SEEDS = [5, 1, 4, 2, 3, 8, 7, 6];

let model: URL;
const pools: WorkerPool[] = [];
function pool(size: number): WorkerPool {
  const p = new WorkerPool({ size });
  pools.push(p);
  return p;
}

beforeAll(() => {
  model = bundleWorker(join(__dirname, "..", "..", "examples", "node", "queue-model.ts"));
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dirname(fileURLToPath(model)), { recursive: true, force: true });
});

describe("replicate", () => {
  it("gives the same results, in seed order, with 1 or 2 workers, and the same as running the model here", async () => {
    const one = await runAsync(() => replicate<BankResult>(model, SEEDS, INPUT, { pool: pool(1) }));
    const two = await runAsync(() => replicate<BankResult>(model, SEEDS, INPUT, { pool: pool(2) }));
    expect(one.map((r) => r.seed)).toEqual(SEEDS);
    expect(two).toEqual(one);
    expect(one).toEqual(SEEDS.map((seed) => simulateHere(INPUT, seed)));
    // different seeds, different runs; every customer served
    expect(new Set(one.map((r) => r.meanWaitMs)).size).toBe(SEEDS.length);
    expect(one.every((r) => r.served === INPUT.customers)).toBe(true);
  }, 60_000);

  it("places each result by its seed's position, not by when it arrived", async () => {
    const p = pool(4);
    const results = await runAsync(() => replicate<{ seed: number; threadId: number }>(JOBS, [1, 2, 3, 4], { baseMs: 60 }, { pool: p, exportName: "delayedSeed" }));
    expect(results.map((r) => r.seed)).toEqual([1, 2, 3, 4]); // seed 4 finished first
    expect(new Set(results.map((r) => r.threadId)).size).toBe(4);
  });

  it("the first failure cancels the other replications, terminating their workers", async () => {
    const p = pool(3);
    const started = performance.now();
    await expect(runAsync(() => replicate(JOBS, [1, 2, 3], { badSeed: 2, spinMs: 60_000 }, { pool: p, exportName: "failOnSeed" }))).rejects.toThrow("seed 2 is bad");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(p.stats()).toMatchObject({ busy: 0, failed: 1, replaced: 2 });
  });

  it("no seeds, no work; a bad seed is refused", async () => {
    expect(await runAsync(() => replicate(JOBS, [], null))).toEqual([]);
    await expect(runAsync(() => replicate(JOBS, [1, Number.NaN], null))).rejects.toThrow("every seed must be a finite number, got NaN");
  });
});

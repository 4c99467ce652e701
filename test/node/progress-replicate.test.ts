/**
 * replicate()'s progress reports: replications done of the total, at most
 * once per interval (by an injected clock, so the counts are the same
 * whatever order the workers finish in), and a final report; a callback
 * that throws fails the replicate call.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runAsync } from "../../src/promise.js";
import { WorkerPool, replicate } from "../../src/node.js";
import type { Progress } from "../../src/index.js";

const JOBS = pathToFileURL(join(__dirname, "fixtures", "jobs.mjs"));
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

let pool: WorkerPool;
beforeAll(() => {
  pool = new WorkerPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
});

describe("replicate's progress", () => {
  it("reports replications done of the total at a bounded rate, and once when all are done", async () => {
    const reports: Progress[] = [];
    let clock = 0;
    // The clock is read once at the start and once per finished replication: reports at 3, 6, 9 and the final one.
    const results = await runAsync(() => replicate<number>(JOBS, SEEDS, 21, { pool, onProgress: (p) => reports.push(p), progressInterval: 3, wallClock: () => ++clock }));
    expect(results).toEqual(SEEDS.map(() => 42));
    expect(reports.map((p) => [p.replicationsDone, p.replications, p.final])).toEqual([
      [3, 10, false],
      [6, 10, false],
      [9, 10, false],
      [10, 10, true],
    ]);
    expect(reports.map((p) => p.fraction)).toEqual([0.3, 0.6, 0.9, 1]);
    expect(reports.map((p) => p.elapsedMs)).toEqual([3, 6, 9, 10]);
    expect(reports.every((p) => p.now === null && p.steps === null && p.tasksFinished === null && p.until === null)).toBe(true);
  });

  it("no seeds: one final report of 0 replications out of 0, and no result", async () => {
    const reports: Progress[] = [];
    let clock = 0;
    const results = await runAsync(() => replicate<number>(JOBS, [], 21, { pool, onProgress: (p) => reports.push(p), wallClock: () => (clock += 5) }));
    expect(results).toEqual([]);
    expect(reports).toEqual([
      { fraction: 1, elapsedMs: 0, final: true, now: null, until: null, steps: null, tasksFinished: null, replicationsDone: 0, replications: 0 },
    ]);
  });

  it("a callback that throws fails the replicate call with its error", async () => {
    const failure = new Error("no screen");
    await expect(
      runAsync(() =>
        replicate<number>(JOBS, SEEDS, 21, {
          pool,
          onProgress: () => {
            throw failure;
          },
          progressInterval: 0,
        }),
      ),
    ).rejects.toBe(failure);
  });

  it("a bad option is refused before any work starts", async () => {
    await expect(runAsync(() => replicate(JOBS, SEEDS, 21, { pool, onProgress: "yes" as unknown as () => void }))).rejects.toThrow("replicate(): onProgress must be a function");
  });
});

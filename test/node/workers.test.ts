/**
 * inWorker() and WorkerPool with real worker threads. The worker modules are
 * plain .mjs files (test/node/fixtures/) that Node loads without tsx.
 */
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { TimeoutError, all, sleep, spawn, timeout } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";
import { runAsync } from "../../src/promise.js";
import { WorkerError, WorkerPool, WorkerPoolClosedError, closeWorkerPool, defaultWorkerPool, inWorker } from "../../src/node.js";

const JOBS = pathToFileURL(join(__dirname, "fixtures", "jobs.mjs"));
const DEFAULT_EXPORT = join(__dirname, "fixtures", "default-export.mjs"); // a path works too

interface Who {
  input: unknown;
  threadId: number;
}

const pools: WorkerPool[] = [];
function pool(size: number): WorkerPool {
  const p = new WorkerPool({ size });
  pools.push(p);
  return p;
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await closeWorkerPool();
});

describe("inWorker: results", () => {
  it("calls work(input) and gives its result; default exports, named exports and async functions work too", async () => {
    const p = pool(2);
    const result = await runAsync(function* () {
      return yield* all([
        inWorker<number>(JOBS, 21, { pool: p }),
        inWorker<string>(DEFAULT_EXPORT, ["hello", "worker"], { pool: p }),
        inWorker<number>(JOBS, 50, { pool: p, exportName: "slowDouble" }),
      ]);
    });
    expect(result).toEqual([42, "HELLO WORKER", 100]);
  });

  it("starts workers lazily and reuses them across calls", async () => {
    const p = pool(1);
    expect(p.stats()).toMatchObject({ size: 1, workers: 0, started: 0 });
    const [a, b] = await runAsync(function* () {
      const first = yield* inWorker<Who>(JOBS, "a", { pool: p, exportName: "whoAmI" });
      const second = yield* inWorker<Who>(JOBS, "b", { pool: p, exportName: "whoAmI" });
      return [first, second];
    });
    expect(a?.input).toBe("a");
    expect(b?.threadId).toBe(a?.threadId);
    expect(p.stats()).toMatchObject({ workers: 1, busy: 0, started: 1, completed: 2, failed: 0 });
  });

  it("queues jobs beyond the pool's size and gives results in call order", async () => {
    const p = pool(2);
    let peakQueued = 0;
    const results = await runAsync(function* () {
      const jobs: Coroutine<number>[] = [];
      for (let i = 1; i <= 5; i++) {
        jobs.push(
          (function* () {
            const r = yield* inWorker<number>(JOBS, i, { pool: p, exportName: "slowDouble" });
            return r;
          })(),
        );
      }
      const watcher = yield* spawn(function* () {
        for (;;) {
          peakQueued = Math.max(peakQueued, p.stats().queued);
          yield* sleep(1);
        }
      });
      const out = yield* all(jobs);
      watcher.cancel();
      return out;
    });
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(peakQueued).toBe(3);
    expect(p.stats()).toMatchObject({ workers: 2, started: 2, completed: 5 });
  });

  it("the shared pool has os.availableParallelism() workers and is closed by closeWorkerPool()", async () => {
    expect(defaultWorkerPool().size).toBe(availableParallelism());
    expect(await runAsync(() => inWorker<number>(JOBS, 4))).toBe(8);
    const before = defaultWorkerPool();
    await closeWorkerPool();
    expect(before.closed).toBe(true);
    expect(defaultWorkerPool()).not.toBe(before); // a new one on next use
    expect(await runAsync(() => inWorker<number>(JOBS, 5))).toBe(10);
  });
});

describe("inWorker: errors", () => {
  it("throws a WorkerError with the worker's message, class name, code and stack", async () => {
    const p = pool(1);
    const error = await runAsync(() => inWorker(JOBS, "input too big", { pool: p, exportName: "fail" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    const e = error as WorkerError;
    expect(e.message).toBe("input too big");
    expect(e.errorName).toBe("RangeError");
    expect(e.code).toBe("E_TOO_BIG");
    expect(e.moduleUrl).toBe(JOBS.href);
    expect(e.stack).toMatch(/^RangeError: input too big\n\s+at fail \(file:\/\/.*fixtures\/jobs\.mjs:\d+:\d+\)/);
    // the worker survived its function's error and is reused
    expect(await runAsync(() => inWorker<number>(JOBS, 1, { pool: p }))).toBe(2);
    expect(p.stats()).toMatchObject({ started: 1, failed: 1, completed: 1 });
  });

  it("says which export is missing", async () => {
    const p = pool(1);
    await expect(runAsync(() => inWorker(JOBS, 1, { pool: p, exportName: "nope" }))).rejects.toThrow(/jobs\.mjs exports no function "nope"$/);
  });

  it("explains a TypeScript worker module", async () => {
    const p = pool(1);
    await expect(runAsync(() => inWorker(join(__dirname, "workers.test.ts"), 1, { pool: p }))).rejects.toThrow(
      /Unknown file extension "\.ts".*point inWorker\(\) at compiled JavaScript, or bundle the module first/,
    );
  });

  it("a worker that exits mid-job fails that job and is replaced", async () => {
    const p = pool(1);
    await expect(runAsync(() => inWorker(JOBS, 3, { pool: p, exportName: "exitThread" }))).rejects.toThrow("the worker exited with code 3");
    expect(await runAsync(() => inWorker<number>(JOBS, 2, { pool: p }))).toBe(4);
    expect(p.stats()).toMatchObject({ workers: 1, started: 2, replaced: 1 });
  });

  it("refuses values that cannot cross threads, both ways", async () => {
    const p = pool(1);
    await expect(runAsync(() => inWorker(JOBS, { f() {} }, { pool: p }))).rejects.toThrow(/could not be cloned/);
    await expect(runAsync(() => inWorker(JOBS, null, { pool: p, exportName: "unclonable" }))).rejects.toThrow(/could not be cloned/);
    expect(await runAsync(() => inWorker<number>(JOBS, 3, { pool: p }))).toBe(6);
  });
});

describe("inWorker: cancellation", () => {
  it("terminates the worker, so the CPU work stops, and the pool replaces it", async () => {
    const p = pool(1);
    const started = performance.now();
    let spinner = 0;
    const outcome = await runAsync(function* () {
      const who = yield* inWorker<Who>(JOBS, null, { pool: p, exportName: "whoAmI" });
      spinner = who.threadId;
      try {
        yield* timeout(100, inWorker(JOBS, 60_000, { pool: p, exportName: "spin" })); // a minute of busy loop
        return "finished?!";
      } catch (error) {
        return error instanceof TimeoutError ? "timed out" : String(error);
      }
    });
    const elapsed = performance.now() - started;
    expect(outcome).toBe("timed out");
    expect(elapsed).toBeLessThan(3_000);
    expect(p.stats()).toMatchObject({ workers: 0, busy: 0, replaced: 1 });

    // No thread is burning CPU any more: the process is idle.
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(150);

    // The pool still works, on a new thread.
    const after = await runAsync(() => inWorker<Who>(JOBS, "after", { pool: p, exportName: "whoAmI" }));
    expect(after.input).toBe("after");
    expect(after.threadId).not.toBe(spinner);
    expect(p.stats()).toMatchObject({ workers: 1, started: 2, replaced: 1 });
  });

  it("a cancelled job that was still queued just leaves the queue", async () => {
    const p = pool(1);
    const result = await runAsync(function* () {
      const busy = yield* spawn(() => inWorker<number>(JOBS, 21, { pool: p, exportName: "slowDouble" }));
      const queued = yield* spawn(() => inWorker<number>(JOBS, 1, { pool: p }));
      yield* sleep(1);
      const queuedBefore = p.stats().queued;
      queued.cancel();
      yield* sleep(0);
      return { queuedBefore, queuedAfter: p.stats().queued, busy: yield* busy };
    });
    expect(result).toEqual({ queuedBefore: 1, queuedAfter: 0, busy: 42 });
    expect(p.stats()).toMatchObject({ started: 1, replaced: 0 });
  });

  it("close() fails the jobs in flight and refuses new ones", async () => {
    const p = pool(1);
    const running = runAsync(() => inWorker(JOBS, 60_000, { pool: p, exportName: "spin" }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = p.close();
    await expect(running).rejects.toBeInstanceOf(WorkerPoolClosedError);
    await closed;
    await expect(runAsync(() => inWorker(JOBS, 1, { pool: p }))).rejects.toThrow("the worker pool is closed");
  });
});

describe("inWorker: process lifetime and flags", () => {
  it("works when the workers inherit --input-type=module (an ES module main program)", async () => {
    const p = new WorkerPool({ size: 1, execArgv: ["--input-type=module"] });
    pools.push(p);
    expect(await runAsync(() => inWorker<number>(JOBS, 8, { pool: p }))).toBe(16);
  });

  it("idle workers do not keep the process alive", async () => {
    const script = `
      const { runAsync } = require("./src/promise.ts");
      const { inWorker } = require("./src/node.ts");
      runAsync(() => inWorker(${JSON.stringify(JOBS.href)}, 21)).then((v) => console.log("result", v));
      // no closeWorkerPool(): the process must still exit once the job is done
    `;
    const started = performance.now();
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "-e", script],
        { cwd: join(__dirname, "..", ".."), timeout: 20_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(stdout)),
      );
    });
    expect(output.trim()).toBe("result 42");
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);
});

/**
 * Charts and replication summaries at the edges of the doubles: values so
 * large that a nice axis' last tick or its span overflows, and so small
 * (subnormal) that a nice step underflows to 0. The markup must stay
 * free of NaN and Infinity, and the summaries finite when the data are.
 * And a replication that throws: its error must say which seed it ran; and
 * a log that must begin when monitoring does.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { WorkerPool, replicate } from "../../src/node.js";
import { runAsync } from "../../src/promise.js";
import { sleep } from "../../src/index.js";
import { Resource, Simulation, histogramSvg, replicationReport, replicationReportSvg, stepChartSvg } from "../../src/sim/index.js";

/** Fails with the offending fragment when the markup holds a number that is not one. */
function expectOnlyFiniteNumbers(svg: string): void {
  expect(svg.match(/.{0,40}(NaN|Infinity).{0,20}/)?.[0] ?? "").toBe("");
}

describe("charts and summaries at extreme magnitudes", () => {
  it("a step chart of levels near the largest double has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(stepChartSvg([[0, 1.7e308], [1, 1.79e308]]));
  });

  it("a step chart of levels of both signs near the largest double has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(stepChartSvg([[0, 1e308], [1, -1e308]]));
  });

  it("a step chart over times spanning more than the largest double has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(stepChartSvg([[-1.7e308, 1], [1.7e308, 2]]));
  });

  it("a step chart of subnormal levels has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(stepChartSvg([[0, 5e-324], [1, 1e-323]]));
  });

  it("a step chart whose times are subnormal apart has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(stepChartSvg([[0, 1], [5e-324, 2]]));
  });

  it("a histogram of values up to near the largest double has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(histogramSvg([0, 1.7e308]));
    expectOnlyFiniteNumbers(histogramSvg([-1.7e308, -1e308]));
    expectOnlyFiniteNumbers(histogramSvg([0, 1e308, Number.MAX_VALUE]));
  });

  it("a histogram of subnormal values has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(histogramSvg([5e-324, 1e-323, 1.5e-323]));
    expectOnlyFiniteNumbers(histogramSvg([0, 5e-324]));
    expectOnlyFiniteNumbers(histogramSvg([5e-324]));
  });

  it("a replication report of equal metrics near the largest double has a finite mean and interval", () => {
    const [m] = replicationReport([{ a: 1e308 }, { a: 1e308 }, { a: 1e308 }]).metrics;
    expect(m).toMatchObject({ mean: 1e308, sd: 0, halfWidth: 0, low: 1e308, high: 1e308 });
    expectOnlyFiniteNumbers(replicationReportSvg(replicationReport([{ a: Number.MAX_VALUE }, { a: Number.MAX_VALUE }])));
  });

  it("a replication report of metrics of both signs near 1e200 has a finite standard deviation", () => {
    const [m] = replicationReport([{ a: 1e200 }, { a: -1e200 }]).metrics;
    expect(m?.mean).toBe(0);
    expect((m?.sd ?? NaN) / 1e200).toBeCloseTo(Math.SQRT2, 12);
  });

  it("a replication report chart of subnormal metrics has no NaN in its markup", () => {
    expectOnlyFiniteNumbers(replicationReportSvg(replicationReport([{ a: 5e-324 }, { a: 1e-323 }])));
  });
});

describe("replicate() when a replication throws", () => {
  const pool = new WorkerPool({ size: 1 });
  afterAll(() => pool.close());

  it("a model that throws in one replication names that replication's seed in the error", async () => {
    const jobs = pathToFileURL(join(__dirname, "..", "node", "fixtures", "jobs.mjs"));
    // `fail` throws its input as the message: nothing in it says which seed ran.
    const failure = runAsync(() => replicate(jobs, [7], "the model broke", { pool, exportName: "fail" }));
    await expect(failure).rejects.toThrow(/the model broke.*seed 7/);
  });
});

describe("a primitive's log and its statistics window", () => {
  it("resetStats() in setup code before the first use does not date the log from t=0", () => {
    const sim = new Simulation();
    sim.runUntil(3);
    const pump = new Resource(1, { log: true }); // no sim: measured from its first use
    pump.resetStats();
    sim.process(function* () {
      yield* sleep(2);
      const turn = pump.request();
      yield* turn;
      yield* sleep(2);
      pump.release(turn);
    });
    sim.run();
    expect(pump.stats().since).toBe(5);
    expect(pump.levelLog()).toEqual([
      [5, 0],
      [5, 1],
      [7, 0],
    ]);
  });
});

/**
 * Charts of an M/M/1 queue (arrivals at rate 0.9, services at rate 1, one
 * server): the queue over time, the distribution of waits, and ten
 * replications summarised with confidence intervals. docs/simulation.md
 * shows them; scripts/render-charts.ts writes them to docs/images/.
 */
import { sleep } from "spindle";
import type { Coroutine } from "spindle";
import { Resource, Simulation, exponential, histogramSvg, replicationReport, replicationReportSvg, startProcess, stepChartSvg } from "spindle";

const ARRIVAL_MEAN = 1 / 0.9; // time between arrivals
const SERVICE_MEAN = 1;

// #region model
/** One run of the M/M/1 queue with `customers` customers; the server keeps logs for the charts. */
export function mm1(seed: number, customers: number): { server: Resource; end: number } {
  const sim = new Simulation({ seed });
  const server = new Resource(1, { name: "server", sim, log: true });

  function* service(): Coroutine<void> {
    yield* sleep(yield* exponential(SERVICE_MEAN));
  }
  function* customer(): Coroutine<void> {
    yield* server.use(service());
  }
  function* arrivals(): Coroutine<void> {
    for (let i = 0; i < customers; i++) {
      yield* startProcess(customer);
      yield* sleep(yield* exponential(ARRIVAL_MEAN));
    }
  }

  sim.process(arrivals);
  sim.run();
  return { server, end: sim.now };
}
// #endregion model

// #region charts
/** The three pictures, as SVG documents by file name. */
export function mm1Charts(): Record<string, string> {
  // The queue over the first 150 customers: a step chart of two logs.
  const short = mm1(7, 150);
  const queue = stepChartSvg(
    [
      { name: "in service", log: short.server.levelLog() },
      { name: "waiting", log: short.server.queueLog() },
    ],
    { title: "M/M/1 (λ = 0.9, μ = 1): customers over time", xLabel: "time", yLabel: "customers", until: short.end },
  );

  // The waits of 10,000 customers: one value per granted request.
  const long = mm1(7, 10_000);
  const waits = histogramSvg(long.server.waitLog(), { title: "M/M/1: waits in queue of 10,000 customers", xLabel: "wait", yLabel: "customers" });

  // Ten replications, one record of metrics each, summarised with 95% intervals.
  const results = Array.from({ length: 10 }, (_, i) => {
    const { server } = mm1(100 + i, 10_000);
    const s = server.stats();
    return { "mean wait (Wq)": s.wait.mean, "mean queue (Lq)": s.queue.mean, utilisation: s.utilisation };
  });
  const report = replicationReportSvg(replicationReport(results), { title: "M/M/1: 10 replications of 10,000 customers" });

  return { "mm1-queue.svg": queue, "mm1-waits.svg": waits, "mm1-replications.svg": report };
}
// #endregion charts

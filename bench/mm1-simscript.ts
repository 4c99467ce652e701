/**
 * The M/M/1 model of mm1-models.ts in simscript (npm `simscript`), written
 * as its own M/M/C sample is: a Simulation subclass with a waiting queue
 * and a service queue of capacity 1, `generateEntities` for the arrivals,
 * and a Customer entity whose async `script()` enters the waiting queue,
 * awaits the server, leaves the waiting queue, awaits its service delay
 * and leaves the server. The mean wait is the waiting queue's mean dwell
 * (zero waits included), the utilisation the server queue's.
 *
 * simscript is async/await-based and yields to the host with
 * `requestAnimationFrame` every 250 ms of wall time (its `yieldInterval`);
 * Node has no such function, so `setImmediate` stands in for it. Random
 * variates use simscript's own seeded generator (one seed per variable).
 */
import { Entity, Exponential, Queue, Simulation } from "simscript";
import { LAMBDA, MU, SEED } from "./mm1-models.js";
import type { Outcome } from "./mm1-models.js";

const g = globalThis as { requestAnimationFrame?: (callback: () => void) => unknown };
g.requestAnimationFrame ??= (callback: () => void): unknown => setImmediate(callback);

class MM1 extends Simulation {
  qWait = new Queue("Wait");
  qService = new Queue("Service", 1);
  interArrival = new Exponential(1 / LAMBDA, SEED);
  service = new Exponential(1 / MU, SEED + 1);

  constructor(readonly customers: number) {
    super();
  }

  override onStarting(): void {
    super.onStarting();
    this.generateEntities(Customer, this.interArrival, this.customers);
  }
}

class Customer extends Entity<MM1> {
  override async script(): Promise<void> {
    const sim = this.simulation;
    this.enterQueueImmediately(sim.qWait);
    await this.enterQueue(sim.qService);
    this.leaveQueue(sim.qWait);
    await this.delay(sim.service.sample());
    this.leaveQueue(sim.qService);
  }
}

/** One run: builds the model, starts it and resolves when simscript reports it finished. */
export function runSimscript(customers: number): Promise<Outcome> {
  const sim = new MM1(customers);
  return new Promise((resolve, reject) => {
    let start = 0n;
    sim.finished.addEventListener(() => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve({ seconds, customers: sim.qWait.grossDwell.cnt, meanWait: sim.qWait.averageDwell, utilisation: sim.qService.utilization });
    });
    start = process.hrtime.bigint();
    sim.start().catch(reject);
  });
}

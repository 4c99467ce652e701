/**
 * The M/M/1 model (λ = 0.9, μ = 1), as spindle users write it and as a
 * hand-written event loop, shared by bench/mm1.ts and
 * bench/mm1-side-by-side.ts (through mm1-child.ts).
 *
 * Every spindle form below runs the same simulation: the same seed, the
 * same draws in the same order (the inter-arrival time in the source after
 * it starts a customer, the service time once the server is granted), so
 * they all report the same mean wait to the last digit. Only the way the
 * customer process is written differs.
 *
 * Events are counted as SimPy counts them: per customer, 1 process start +
 * 1 inter-arrival timeout + 1 request + 1 service timeout + 1 release = 5.
 * (SimPy's queue also carries each process's termination; that sixth one
 * is not counted, for any row.)
 */
import * as path from "node:path";
import type * as SimModule from "../src/sim/index.js";
import type * as SpindleModule from "../src/index.js";
import type * as HeapModule from "../src/kernel/timer-heap.js";
import type { Coroutine, Random } from "../src/index.js";
import type { Request, Resource } from "../src/sim/index.js";

export const LAMBDA = 0.9;
export const MU = 1;
export const SEED = 1;
export const EVENTS_PER_CUSTOMER = 5;
/** ρ = λ/μ: the server's utilisation. */
export const THEORY_UTILISATION = LAMBDA / MU;
/** Mean wait in queue, Wq = ρ / (μ − λ) (9 for these rates). */
export const THEORY_WAIT = THEORY_UTILISATION / (MU - LAMBDA);

export interface Outcome {
  /** Wall-clock seconds of the run itself (model setup excluded). */
  seconds: number;
  customers: number;
  /** Mean wait in queue (from arrival to the server's grant), over every customer. */
  meanWait: number;
  /** Time-weighted fraction of the run the server was busy. */
  utilisation: number;
}

/**
 * How far a run's mean wait and utilisation may stray from theory before
 * the run is called wrong. Waits in an M/M/1 queue at ρ = 0.9 are strongly
 * correlated (a busy period lasts 10 service times on average), so the
 * mean of n waits varies far more than n independent draws would: over 20
 * seeds of the bare loop with 10^6 customers its standard deviation was
 * 0.24, i.e. about sqrt(60,000 / n), and the utilisation's 0.0018, about
 * sqrt(4 / n). Four standard deviations (±0.98 and ±0.008 at 10^6): a
 * correct model essentially never fails it; a wrong rate, a lost customer
 * or a server held too long does. At --smoke sizes the check is loose.
 */
export function tolerances(customers: number): { wait: number; utilisation: number } {
  return { wait: 4 * Math.sqrt(60_000 / customers), utilisation: 4 * Math.sqrt(4 / customers) };
}

/** Throws, loudly, if `o` is not an M/M/1 run of `customers` with λ = 0.9, μ = 1. */
export function checkOutcome(row: string, o: Outcome, customers: number): void {
  const tol = tolerances(customers);
  const problems: string[] = [];
  if (o.customers !== customers) problems.push(`served ${o.customers} customers, expected ${customers}`);
  if (!(Math.abs(o.meanWait - THEORY_WAIT) <= tol.wait)) problems.push(`mean wait ${o.meanWait} is not within ${tol.wait.toFixed(3)} of theory (${THEORY_WAIT})`);
  if (!(Math.abs(o.utilisation - THEORY_UTILISATION) <= tol.utilisation)) {
    problems.push(`utilisation ${o.utilisation} is not within ${tol.utilisation.toFixed(4)} of theory (${THEORY_UTILISATION})`);
  }
  if (!(o.seconds > 0)) problems.push(`measured ${o.seconds} s`);
  if (problems.length > 0) throw new Error(`WRONG RESULT in ${row}: ${problems.join("; ")}`);
}

export interface Modules {
  spindle: typeof SpindleModule;
  sim: typeof SimModule;
  heap: typeof HeapModule;
}

/** Loads spindle from `root`: a tsc build of src/ (bench/build.ts), or src/ itself when run through tsx. */
export function requireSpindle(root: string): Modules {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    spindle: require(path.join(root, "index.js")) as typeof SpindleModule,
    sim: require(path.join(root, "sim", "index.js")) as typeof SimModule,
    heap: require(path.join(root, "kernel", "timer-heap.js")) as typeof HeapModule,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A customer process, given the server. */
type CustomerFn = (server: Resource) => Coroutine<void>;

/**
 * Runs the model with the customer process `makeCustomer` returns (given
 * the simulation's generator, once per run); the source is written as the
 * docs teach.
 */
function runWith(m: Modules, customers: number, makeCustomer: (rng: Random) => CustomerFn): Outcome {
  const { sleep } = m.spindle;
  const { Simulation, Resource, startProcess, sample } = m.sim;
  const meanArrival = 1 / LAMBDA;
  const sim = new Simulation({ seed: SEED });
  const rng = sim.random;
  const customer = makeCustomer(rng);

  function* source(n: number, server: Resource): Coroutine<void> {
    for (let i = 0; i < n; i++) {
      yield* startProcess(customer, server);
      yield* sleep(sample.exponential(rng, meanArrival));
    }
  }

  const server = new Resource(1);
  sim.process(source, customers, server);
  return timeRun(sim, server);
}

function timeRun(sim: { run(): void }, server: Resource): Outcome {
  const start = process.hrtime.bigint();
  sim.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = server.stats();
  return { seconds, customers: stats.wait.count, meanWait: stats.wait.mean, utilisation: stats.utilisation };
}

/** (a) request(), `yield* req`, release(req), in a named generator function. */
export function runRequestRelease(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { sample } = m.sim;
  const meanService = 1 / MU;
  return runWith(m, customers, (rng) => {
    function* customer(server: Resource): Coroutine<void> {
      const req = server.request();
      yield* req;
      yield* sleep(sample.exponential(rng, meanService));
      server.release(req);
    }
    return customer;
  });
}

/** (b) `yield* server.use(function* () { ... })`: a new generator function per customer, the form docs/simulation.md teaches. */
export function runUseFreshBody(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { sample } = m.sim;
  const meanService = 1 / MU;
  return runWith(m, customers, (rng) => {
    function* customer(server: Resource): Coroutine<void> {
      yield* server.use(function* () {
        yield* sleep(sample.exponential(rng, meanService));
      });
    }
    return customer;
  });
}

/** (c) use() with one generator function shared by every customer. */
export function runUseSharedBody(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { sample } = m.sim;
  const meanService = 1 / MU;
  return runWith(m, customers, (rng) => {
    function* service(): Coroutine<void> {
      yield* sleep(sample.exponential(rng, meanService));
    }
    function* customer(server: Resource): Coroutine<void> {
      yield* server.use(service);
    }
    return customer;
  });
}

/**
 * Not a form users are taught; variants that isolate what makes (b) cost
 * what it does (see docs/simulation.md, Performance):
 * - "b-arrow": a fresh closure per customer, but an arrow function that
 *   calls ONE shared generator function (so every body generator has the
 *   same hidden class);
 * - "b-nested": a fresh generator function per customer, but `use` is
 *   bypassed (request/release by hand, body run with yield*), to separate
 *   the fresh function's cost from use()'s own.
 */
export function runUseFreshArrow(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { sample } = m.sim;
  const meanService = 1 / MU;
  return runWith(m, customers, (rng) => {
    function* service(): Coroutine<void> {
      yield* sleep(sample.exponential(rng, meanService));
    }
    function* customer(server: Resource): Coroutine<void> {
      yield* server.use(() => service());
    }
    return customer;
  });
}

/** See runUseFreshArrow: a fresh generator function per customer, without use(). */
export function runFreshBodyNoUse(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { sample } = m.sim;
  const meanService = 1 / MU;
  return runWith(m, customers, (rng) => {
    function* customer(server: Resource): Coroutine<void> {
      const body = function* (): Coroutine<void> {
        yield* sleep(sample.exponential(rng, meanService));
      };
      const req = server.request();
      yield* req;
      yield* body();
      server.release(req);
    }
    return customer;
  });
}

/** (d) The form bench/mm1.ts has always measured: instructions yielded directly (`yield req`, `yield sleep(...)`, `yield startProcess(...)`). */
export function runYieldInstructions(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { Simulation, Resource, startProcess, sample } = m.sim;
  const meanService = 1 / MU;
  const meanArrival = 1 / LAMBDA;

  function* customer(server: Resource, rng: Random): Coroutine<void> {
    const req: Request = server.request();
    yield req;
    yield sleep(sample.exponential(rng, meanService));
    server.release(req);
  }

  function* source(n: number, server: Resource, rng: Random): Coroutine<void> {
    for (let i = 0; i < n; i++) {
      yield startProcess(customer, server, rng);
      yield sleep(sample.exponential(rng, meanArrival));
    }
  }

  const sim = new Simulation({ seed: SEED });
  const server = new Resource(1);
  sim.process(source, customers, server, sim.random);
  return timeRun(sim, server);
}

/**
 * The floor: the same model as callbacks on the kernel's own binary heap
 * (TimerHeap), every one of the 5 events per customer pushed into and
 * popped from the heap, as SimPy's loop does: arrival timeout → process
 * start → request → (grant) service timeout → release → (grant the next
 * waiter). No generators, no tasks, no statistics beyond the two checked.
 */
export function runBare(m: Modules, customers: number, seed = SEED): Outcome {
  const { TimerHeap, Timer } = m.heap;
  const heap = new TimerHeap();
  const rng = new m.spindle.Random(seed);
  const exp = (mean: number): number => -mean * Math.log(1 - rng.next());
  let now = 0;
  let busy = false;
  const queue: number[] = []; // arrival times of waiting customers (a FIFO with a moving head)
  let head = 0;
  let arrived = 0;
  let waitSum = 0;
  let served = 0;
  let busyTime = 0;
  let busySince = 0;
  let events = 0;

  class Ev extends Timer {
    constructor(
      readonly kind: number,
      readonly arrival: number,
    ) {
      super();
    }
    fire(): void {
      events++;
      switch (this.kind) {
        case 0: // inter-arrival timeout: the source goes on (after the last one, it ends)
          if (arrived < customers) sourceStep();
          break;
        case 1: // process start: the customer requests the server
          heap.insert(new Ev(2, this.arrival), now);
          break;
        case 2: // request
          if (!busy) startService(this.arrival);
          else queue.push(this.arrival);
          break;
        case 3: // service timeout: the customer releases
          heap.insert(new Ev(4, 0), now);
          break;
        case 4: // release: the next waiter, if any, gets the server
          busy = false;
          busyTime += now - busySince;
          if (head < queue.length) startService(queue[head++] as number);
          break;
      }
    }
  }
  /** One turn of the source's loop: start a customer, then wait for the next arrival. */
  function sourceStep(): void {
    heap.insert(new Ev(1, now), now);
    arrived++;
    heap.insert(new Ev(0, 0), now + exp(1 / LAMBDA));
  }
  function startService(arrival: number): void {
    busy = true;
    busySince = now;
    waitSum += now - arrival;
    served++;
    heap.insert(new Ev(3, 0), now + exp(1 / MU));
  }

  const start = process.hrtime.bigint();
  sourceStep();
  while (heap.size > 0) {
    const ev = heap.pop();
    now = ev.deadline;
    ev.fire();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (events !== EVENTS_PER_CUSTOMER * customers) throw new Error(`the bare loop processed ${events} events for ${customers} customers`);
  return { seconds, customers: served, meanWait: waitSum / served, utilisation: busyTime / now };
}

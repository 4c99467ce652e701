/**
 * M/M/1 benchmark: how many simulation events per second spindle's sim
 * layer processes, against a bare event loop and against SimPy.
 *
 *   npx tsx bench/mm1.ts [customers]      (default 1,000,000)
 *   npx tsx bench/mm1.ts 200000 --source  (run src/ through tsx instead of a tsc build)
 *
 * The model: Poisson arrivals (λ = 0.9) at one server with exponential
 * service (μ = 1), SimPy's classic shape: a source process starts one
 * customer process per arrival; each customer requests the server, holds it
 * for its service time and releases it.
 *
 * What counts as an event (SimPy's accounting: each of these is one event
 * through SimPy's queue): per customer, 1 process start + 1 inter-arrival
 * timeout + 1 request + 1 service timeout + 1 release = 5 events. The
 * processes' terminations are not counted (SimPy would count them too, so
 * this undercounts spindle by a sixth). events/s = 5 × customers / seconds.
 *
 * The bare loop: the same model written as callbacks on the kernel's own
 * binary heap (TimerHeap), with every one of those 5 events per customer
 * pushed into and popped from the heap, as SimPy's loop does: no
 * generators, no tasks, no statistics. It is the floor a heap-driven
 * simulator can reach in this V8, and the ratio says what spindle's
 * coroutines, tasks, resource queue and monitoring cost on top of it.
 *
 * SimPy's figure: about 240,000 events/s (its published performance on
 * CPython); the target is 20× that, 4.8M events/s. SimPy was not run here.
 *
 * Why a tsc build: tsx compiles each file with esbuild, whose CommonJS
 * output turns every imported binding into a getter; the kernel reads
 * module constants on its hot path, so through tsx spindle runs 3-4× slower
 * than the code users get (see bench/spindle.ts). This script compiles src/
 * with the package's tsc settings into .bench-results/mm1/cjs first.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as SimModule from "../src/sim/index.js";
import type * as SpindleModule from "../src/index.js";
import type * as HeapModule from "../src/kernel/timer-heap.js";
import type { Coroutine, Random } from "../src/index.js";
import type { Resource } from "../src/sim/index.js";

const SIMPY_EVENTS_PER_SECOND = 240_000;
const TARGET_RATIO = 20;
const EVENTS_PER_CUSTOMER = 5;
const LAMBDA = 0.9;
const MU = 1;
const SEED = 1;

const ROOT = path.join(__dirname, "..");
const BUILD_DIR = path.join(ROOT, ".bench-results", "mm1", "cjs");

interface Modules {
  spindle: typeof SpindleModule;
  sim: typeof SimModule;
  heap: typeof HeapModule;
  from: string;
}

/** Compiles src/ (as scripts/build.mjs does for dist/cjs) and loads it, or loads src/ through tsx with --source. */
function load(fromSource: boolean): Modules {
  let root = path.join(ROOT, "src");
  let from = "src/ through tsx (--source)";
  if (!fromSource) {
    fs.rmSync(BUILD_DIR, { recursive: true, force: true });
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const args = [tsc, "-p", "tsconfig.build.json", "--module", "commonjs", "--moduleResolution", "bundler", "--outDir", BUILD_DIR, "--sourceMap", "false"];
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    if (!fs.existsSync(path.join(BUILD_DIR, "sim", "index.js"))) {
      throw new Error(`tsc produced no build:\n${result.stdout}${result.stderr}`);
    }
    // tsc still emits when some other file has a type error; say so, but measure.
    if (result.status !== 0) process.stderr.write(`note: tsc reported errors (the build was emitted anyway):\n${result.stdout.split("\n").slice(0, 5).join("\n")}\n`);
    fs.writeFileSync(path.join(BUILD_DIR, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
    root = BUILD_DIR;
    from = "tsc CommonJS build of src/";
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    spindle: require(path.join(root, "index.js")) as typeof SpindleModule,
    sim: require(path.join(root, "sim", "index.js")) as typeof SimModule,
    heap: require(path.join(root, "kernel", "timer-heap.js")) as typeof HeapModule,
    from,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

interface Outcome {
  seconds: number;
  events: number;
  /** Mean wait in queue, a sanity check against theory (ρ/(μ-λ) = 9). */
  meanWait: number;
  utilisation: number;
}

/** The model in spindle: processes, a Resource, sleep. */
function runSpindle(m: Modules, customers: number): Outcome {
  const { sleep } = m.spindle;
  const { Simulation, Resource, startProcess, sample } = m.sim;
  const meanService = 1 / MU;
  const meanArrival = 1 / LAMBDA;

  function* customer(server: Resource, rng: Random): Coroutine<void> {
    const req = server.request();
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
  const start = process.hrtime.bigint();
  sim.run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stats = server.stats();
  return { seconds, events: EVENTS_PER_CUSTOMER * customers, meanWait: stats.wait.mean, utilisation: stats.utilisation };
}

/**
 * The same model as callbacks on the kernel's TimerHeap, every event
 * through the heap: arrival timeout → process start → request → (grant)
 * service timeout → release → (grant the next waiter).
 */
function runBare(m: Modules, customers: number): Outcome {
  const { TimerHeap, Timer } = m.heap;
  const heap = new TimerHeap();
  const rng = new m.spindle.Random(SEED);
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
  return { seconds, events, meanWait: waitSum / served, utilisation: busyTime / now };
}

function best(run: () => Outcome, repeats: number): Outcome {
  let winner: Outcome | null = null;
  for (let i = 0; i < repeats; i++) {
    const outcome = run();
    if (winner === null || outcome.seconds < winner.seconds) winner = outcome;
  }
  return winner as Outcome;
}

function main(): void {
  const args = process.argv.slice(2);
  const fromSource = args.includes("--source");
  const positional = args.filter((a) => !a.startsWith("--"));
  const customers = positional.length > 0 ? Number(positional[0]) : 1_000_000;
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`customers: expected an integer >= 1, got ${positional[0]}`);

  const m = load(fromSource);
  // Warm up both (JIT), then keep the best of three.
  const warm = Math.min(customers, 100_000);
  runSpindle(m, warm);
  runBare(m, warm);
  const repeats = 3;
  const spindle = best(() => runSpindle(m, customers), repeats);
  const bare = best(() => runBare(m, customers), repeats);
  if (bare.events !== spindle.events) throw new Error(`the bare loop processed ${bare.events} events, spindle ${spindle.events}`);

  const rate = spindle.events / spindle.seconds;
  const bareRate = bare.events / bare.seconds;
  const fmt = (x: number): string => Math.round(x).toLocaleString("en-US");
  console.log(`M/M/1, λ=${LAMBDA}, μ=${MU}, ${customers.toLocaleString("en-US")} customers, ${EVENTS_PER_CUSTOMER} events each; ${m.from}; node ${process.version}; ${os.cpus()[0]?.model ?? "cpu"}`);
  console.log(`check: mean wait in queue ${spindle.meanWait.toFixed(3)} (bare ${bare.meanWait.toFixed(3)}, theory 9), utilisation ${spindle.utilisation.toFixed(4)} (theory 0.9)`);
  console.log("");
  console.log("| model | customers | events | seconds | events/s | vs bare loop | vs SimPy (240k events/s) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  console.log(
    `| spindle sim (Resource, processes) | ${fmt(customers)} | ${fmt(spindle.events)} | ${spindle.seconds.toFixed(3)} | ${fmt(rate)} | ${(bareRate / rate).toFixed(2)}× slower | ${(rate / SIMPY_EVENTS_PER_SECOND).toFixed(1)}× |`,
  );
  console.log(
    `| bare event loop (same TimerHeap) | ${fmt(customers)} | ${fmt(bare.events)} | ${bare.seconds.toFixed(3)} | ${fmt(bareRate)} | 1.00× | ${(bareRate / SIMPY_EVENTS_PER_SECOND).toFixed(1)}× |`,
  );
  console.log("");
  const ok = rate / SIMPY_EVENTS_PER_SECOND >= TARGET_RATIO;
  console.log(`target: >= ${TARGET_RATIO}× SimPy (${fmt(TARGET_RATIO * SIMPY_EVENTS_PER_SECOND)} events/s): ${ok ? "met" : "NOT met"} (${(rate / SIMPY_EVENTS_PER_SECOND).toFixed(1)}×)`);
  // SimPy's own queue also carries each process's termination: 6 events per customer.
  const full = (rate * 6) / EVENTS_PER_CUSTOMER;
  console.log(`counting process terminations too, as SimPy's event queue does (6 per customer): ${fmt(full)} events/s, ${(full / SIMPY_EVENTS_PER_SECOND).toFixed(1)}× SimPy`);
}

main();

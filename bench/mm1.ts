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
 * CPython); the target is 20× that, 4.8M events/s. SimPy is not run here;
 * `npm run bench:mm1` (mm1-side-by-side.ts) runs it, simscript and every
 * form of the spindle model side by side.
 *
 * Why a tsc build: tsx compiles each file with esbuild, whose CommonJS
 * output turns every imported binding into a getter; the kernel reads
 * module constants on its hot path, so through tsx spindle runs 3-4× slower
 * than the code users get (see bench/spindle.ts). This script compiles src/
 * with the package's tsc settings into .bench-results/mm1/cjs first.
 *
 * The models themselves (this one is form (d) there) live in mm1-models.ts.
 */
import * as os from "node:os";
import * as path from "node:path";
import { buildSpindle, ROOT } from "./build.js";
import { EVENTS_PER_CUSTOMER, LAMBDA, MU, requireSpindle, runBare, runYieldInstructions } from "./mm1-models.js";
import type { Modules, Outcome } from "./mm1-models.js";

const SIMPY_EVENTS_PER_SECOND = 240_000;
const TARGET_RATIO = 20;

const BUILD_DIR = path.join(ROOT, ".bench-results", "mm1", "cjs");

/** Compiles src/ (as scripts/build.mjs does for dist/cjs) and loads it, or loads src/ through tsx with --source. */
function load(fromSource: boolean): Modules & { from: string } {
  if (fromSource) return { ...requireSpindle(path.join(ROOT, "src")), from: "src/ through tsx (--source)" };
  buildSpindle(BUILD_DIR);
  return { ...requireSpindle(BUILD_DIR), from: "tsc CommonJS build of src/" };
}

/** The model in spindle (processes, a Resource, sleep), and the bare loop: see mm1-models.ts. */
const runSpindle = runYieldInstructions;

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
  if (bare.customers !== spindle.customers) throw new Error(`the bare loop served ${bare.customers} customers, spindle ${spindle.customers}`);

  const events = EVENTS_PER_CUSTOMER * customers;
  const rate = events / spindle.seconds;
  const bareRate = events / bare.seconds;
  const fmt = (x: number): string => Math.round(x).toLocaleString("en-US");
  console.log(`M/M/1, λ=${LAMBDA}, μ=${MU}, ${customers.toLocaleString("en-US")} customers, ${EVENTS_PER_CUSTOMER} events each; ${m.from}; node ${process.version}; ${os.cpus()[0]?.model ?? "cpu"}`);
  console.log(`check: mean wait in queue ${spindle.meanWait.toFixed(3)} (bare ${bare.meanWait.toFixed(3)}, theory 9), utilisation ${spindle.utilisation.toFixed(4)} (theory 0.9)`);
  console.log("");
  console.log("| model | customers | events | seconds | events/s | vs bare loop | vs SimPy's published 240k events/s |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  console.log(
    `| spindle sim (Resource, processes) | ${fmt(customers)} | ${fmt(events)} | ${spindle.seconds.toFixed(3)} | ${fmt(rate)} | ${(bareRate / rate).toFixed(2)}× slower | ${(rate / SIMPY_EVENTS_PER_SECOND).toFixed(1)}× |`,
  );
  console.log(
    `| bare event loop (same TimerHeap) | ${fmt(customers)} | ${fmt(events)} | ${bare.seconds.toFixed(3)} | ${fmt(bareRate)} | 1.00× | ${(bareRate / SIMPY_EVENTS_PER_SECOND).toFixed(1)}× |`,
  );
  console.log("");
  const ok = rate / SIMPY_EVENTS_PER_SECOND >= TARGET_RATIO;
  console.log(`target: >= ${TARGET_RATIO}× SimPy's published figure (${fmt(TARGET_RATIO * SIMPY_EVENTS_PER_SECOND)} events/s): ${ok ? "met" : "NOT met"} (${(rate / SIMPY_EVENTS_PER_SECOND).toFixed(1)}×)`);
  console.log("SimPy measured side by side on this machine is faster than its published figure: npm run bench:mm1 (with SIMPY_SRC) compares with it directly.");
  // SimPy's own queue also carries each process's termination: 6 events per customer.
  const full = (rate * 6) / EVENTS_PER_CUSTOMER;
  console.log(`counting process terminations too, as SimPy's event queue does (6 per customer): ${fmt(full)} events/s, ${(full / SIMPY_EVENTS_PER_SECOND).toFixed(1)}× SimPy`);
}

main();

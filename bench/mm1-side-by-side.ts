/**
 * `npm run bench:mm1` (`-- --smoke` for a small size): the same M/M/1
 * model (λ = 0.9, μ = 1, 10^6 customers, seed 1) measured in ONE run in
 *
 * - SimPy on CPython (bench/mm1_simpy.py), from the SimPy source checkout
 *   named by SIMPY_SRC (the folder that contains the `simpy` package); the
 *   row is skipped, saying why, when SIMPY_SRC is unset or python3 missing;
 * - simscript (bench/mm1-simscript.ts), a TypeScript DES library on
 *   async/await;
 * - spindle, in each form users write (bench/mm1-models.ts):
 *   (a) request() / `yield* req` / release(req) in a named generator;
 *   (b) `yield* server.use(function* () { ... })`, a new generator function
 *       per customer (the form docs/simulation.md teaches);
 *   (c) use() with one generator function shared by every customer;
 *   (d) instructions yielded directly (`yield req`, `yield sleep(t)`), the
 *       form bench/mm1.ts measures;
 * - the floor: the model as callbacks on the kernel's binary heap
 *   (mm1-models.ts, runBare), every event through the heap.
 *
 * Each row runs in a fresh process (node --expose-gc, or python3): one
 * warm-up run, then 3 measured runs each right after a forced full GC
 * (gc() / gc.collect()). Every run is checked: the customers served, the
 * mean wait in queue against ρ/(μ−λ) = 9 and the utilisation against 0.9,
 * within a tolerance set by the run's size (mm1-models.ts, tolerances); a
 * wrong result fails the benchmark. Reported: the median and range of the
 * run's seconds, events/s counted as SimPy counts them (5 per customer),
 * and for each spindle form its median time divided by SimPy's, the
 * floor's and simscript's (below 1: faster).
 *
 * Options: --smoke (20,000 customers), --customers=N, --runs=N,
 * --warmups=N, --rows=simpy,simscript,floor,a,b,c,d (also b-arrow,
 * b-no-use: variants that locate (b)'s cost), --source (spindle's src/
 * through tsx instead of a tsc build), --commit=REV (build src/ as it is in
 * that commit). JSON: .bench-results/mm1-side-latest.json.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSpindle, ROOT } from "./build.js";
import { checkOutcome, EVENTS_PER_CUSTOMER, LAMBDA, MU, THEORY_UTILISATION, THEORY_WAIT, tolerances } from "./mm1-models.js";
import type { Outcome } from "./mm1-models.js";

const BUILD_DIR = path.join(ROOT, ".bench-results", "mm1-side", "cjs");
const RESULT_FILE = path.join(ROOT, ".bench-results", "mm1-side-latest.json");
const DEFAULT_ROWS = ["simpy", "simscript", "floor", "a", "b", "c", "d"];
const SPINDLE_ROWS = new Set(["a", "b", "c", "d", "b-arrow", "b-no-use"]);

const LABELS: Record<string, string> = {
  simpy: "SimPy (CPython)",
  simscript: "simscript (async/await)",
  floor: "floor: callbacks on a binary heap",
  a: "spindle (a) request / yield* req / release",
  b: "spindle (b) use(function* () {...}) per customer",
  c: "spindle (c) use(shared generator function)",
  d: "spindle (d) yield req / yield sleep (bench/mm1.ts)",
  "b-arrow": "variant: use(() => shared generator fn())",
  "b-no-use": "variant: fresh generator fn per customer, no use()",
};

interface Options {
  customers: number;
  runs: number;
  warmups: number;
  rows: string[];
  source: boolean;
  commit: string | undefined;
  smoke: boolean;
}

interface RowResult {
  row: string;
  runs: Outcome[];
  warmups: Outcome[];
  /** Why the row was not measured (skipped or failed), or null. */
  skipped: string | null;
  failed: string | null;
  runtime: string;
}

function readOptions(): Options {
  const args = process.argv.slice(2);
  const get = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const int = (name: string, fallback: number, min: number): number => {
    const raw = get(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer >= ${min}, got ${raw}`);
    return n;
  };
  for (const a of args) {
    if (!/^--(smoke|source|customers=|runs=|warmups=|rows=|commit=)/.test(a)) throw new Error(`unknown option ${a}; see the comment at the top of bench/mm1-side-by-side.ts`);
  }
  const smoke = args.includes("--smoke");
  const rows = get("rows")?.split(",") ?? DEFAULT_ROWS;
  for (const r of rows) if (LABELS[r] === undefined) throw new Error(`--rows: unknown row "${r}"; rows: ${Object.keys(LABELS).join(", ")}`);
  return {
    customers: int("customers", smoke ? 20_000 : 1_000_000, 1),
    runs: int("runs", 3, 1),
    warmups: int("warmups", 1, 0),
    rows,
    source: args.includes("--source"),
    commit: get("commit"),
    smoke,
  };
}

/** Runs a child; returns its JSON line, or the reason it failed. */
function runProcess(command: string, argv: string[], env: NodeJS.ProcessEnv): { json: unknown } | { error: string } {
  const r = spawnSync(command, argv, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 1 << 24, stdio: ["ignore", "pipe", "pipe"] });
  if (r.error !== undefined) return { error: r.error.message };
  if (r.status !== 0) return { error: `${path.basename(command)} exited with ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split("\n").slice(-6).join("\n")}` };
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  if (line === undefined) return { error: `printed no result: ${r.stdout.slice(0, 500)}` };
  return { json: JSON.parse(line) };
}

function measureSimpy(o: Options): RowResult {
  const base = { row: "simpy", runs: [], warmups: [], failed: null };
  const simpySrc = process.env["SIMPY_SRC"];
  if (simpySrc === undefined || simpySrc === "") {
    return { ...base, skipped: "SIMPY_SRC is not set; set it to the folder that contains the simpy package of a SimPy 4.1.2 checkout (see docs/simulation.md, Performance)", runtime: "" };
  }
  if (!fs.existsSync(path.join(simpySrc, "simpy", "__init__.py"))) return { ...base, skipped: `SIMPY_SRC=${simpySrc} has no simpy/__init__.py`, runtime: "" };
  const probe = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) return { ...base, skipped: "python3 was not found on PATH", runtime: "" };
  const env = { ...process.env, PYTHONPATH: simpySrc, PYTHONHASHSEED: "0" };
  const argv = [path.join(__dirname, "mm1_simpy.py"), `--customers=${o.customers}`, `--runs=${o.runs}`, `--warmups=${o.warmups}`];
  const r = runProcess("python3", argv, env);
  if ("error" in r) return { ...base, skipped: null, failed: r.error, runtime: "" };
  const j = r.json as { runs: Outcome[]; warmups: Outcome[]; python: string; simpy: string | null; simpyFile: string };
  const runtime = `${j.python}, SimPy ${j.simpy ?? "(version not recorded in a source checkout)"} from ${path.dirname(path.dirname(j.simpyFile))}`;
  return { ...base, runs: j.runs, warmups: j.warmups, skipped: null, runtime };
}

function measureNode(row: string, o: Options): RowResult {
  const argv = ["--expose-gc", "--import", "tsx", path.join(__dirname, "mm1-child.ts"), `--row=${row}`, `--customers=${o.customers}`, `--runs=${o.runs}`, `--warmups=${o.warmups}`];
  if (!o.source) argv.push(`--build=${path.relative(ROOT, BUILD_DIR)}`);
  const r = runProcess(process.execPath, argv, process.env);
  if ("error" in r) return { row, runs: [], warmups: [], skipped: null, failed: r.error, runtime: "" };
  const j = r.json as { runs: Outcome[]; warmups: Outcome[]; node: string };
  return { row, runs: j.runs, warmups: j.warmups, skipped: null, failed: null, runtime: `Node ${j.node}` };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function rate(eventsPerSecond: number): string {
  if (eventsPerSecond >= 1e6) return `${(eventsPerSecond / 1e6).toFixed(2)}M`;
  return `${(eventsPerSecond / 1e3).toFixed(0)}k`;
}

function main(): void {
  const o = readOptions();
  const events = EVENTS_PER_CUSTOMER * o.customers;
  const started = Date.now();
  const load = os.loadavg();
  let source = "src/ through tsx (--source)";
  if (!o.source && o.rows.some((r) => r !== "simpy")) {
    buildSpindle(BUILD_DIR, o.commit);
    source = o.commit === undefined ? "tsc CommonJS build of the working tree's src/" : `tsc CommonJS build of src/ at ${o.commit}`;
  }

  const results: RowResult[] = [];
  for (const row of o.rows) {
    process.stderr.write(`${row}: ${o.warmups} warm-up + ${o.runs} measured run(s) of ${o.customers.toLocaleString("en-US")} customers... `);
    const r = row === "simpy" ? measureSimpy(o) : measureNode(row, o);
    // The child checks its runs; check again here (SimPy's included), so that nothing unchecked is reported.
    if (r.failed === null) {
      try {
        for (const run of [...r.warmups, ...r.runs]) checkOutcome(row, run, o.customers);
      } catch (error) {
        r.failed = (error as Error).message;
      }
    }
    process.stderr.write(r.skipped !== null ? `SKIPPED: ${r.skipped}\n` : r.failed !== null ? "FAILED\n" : `median ${median(r.runs.map((x) => x.seconds)).toFixed(3)} s\n`);
    results.push(r);
  }

  const ok = results.filter((r) => r.skipped === null && r.failed === null);
  const medianOf = (row: string): number | null => {
    const r = ok.find((x) => x.row === row);
    return r === undefined ? null : median(r.runs.map((x) => x.seconds));
  };
  const ratio = (t: number, row: string): string => {
    const other = medianOf(row);
    return other === null ? "–" : (t / other).toFixed(3);
  };

  const tol = tolerances(o.customers);
  console.log(
    `M/M/1, λ=${LAMBDA}, μ=${MU}, ${o.customers.toLocaleString("en-US")} customers, ${EVENTS_PER_CUSTOMER} events each (${events.toLocaleString("en-US")}); ` +
      `${o.warmups} warm-up + ${o.runs} measured runs per row, each row in a fresh process, a full GC before each measured run`,
  );
  console.log(`spindle: ${source}; ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}; load average at start ${load.map((x) => x.toFixed(2)).join(" ")}`);
  const runtimes = [...new Set(results.filter((r) => r.runtime !== "").map((r) => (r.row === "simpy" ? `SimPy row: ${r.runtime}` : `Node rows: ${r.runtime}`)))];
  if (runtimes.length > 0) console.log(runtimes.join("; "));
  console.log(`check (every run): mean wait in queue ${THEORY_WAIT.toFixed(0)} ± ${tol.wait.toFixed(3)}, utilisation ${THEORY_UTILISATION} ± ${tol.utilisation.toFixed(4)}`);
  console.log("");
  console.log("| row | median s | range s | events/s (median) | mean wait | utilisation | time ÷ SimPy | time ÷ floor | time ÷ simscript |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    const label = LABELS[r.row] as string;
    if (r.skipped !== null || r.failed !== null) {
      console.log(`| ${label} | ${r.skipped !== null ? "skipped" : "**FAILED**"} | | | | | | | |`);
      continue;
    }
    const secs = r.runs.map((x) => x.seconds);
    const t = median(secs);
    const first = r.runs[0] as Outcome;
    const ratios = SPINDLE_ROWS.has(r.row) ? `${ratio(t, "simpy")} | ${ratio(t, "floor")} | ${ratio(t, "simscript")}` : "| |";
    console.log(
      `| ${label} | ${t.toFixed(3)} | ${Math.min(...secs).toFixed(3)}–${Math.max(...secs).toFixed(3)} | ${rate(events / t)} | ${first.meanWait.toFixed(3)} | ${first.utilisation.toFixed(4)} | ${ratios} |`,
    );
  }
  console.log("");
  console.log("Ratios are median time ÷ median time (below 1: the spindle form is faster). The mean wait and utilisation shown are the first measured run's; every run was checked.");
  for (const r of results) {
    if (r.skipped !== null) console.log(`${r.row}: skipped: ${r.skipped}`);
    if (r.failed !== null) console.log(`${r.row}: FAILED: ${r.failed}`);
  }

  fs.mkdirSync(path.dirname(RESULT_FILE), { recursive: true });
  const report = { date: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, options: o, source, loadAtStart: load, loadAtEnd: os.loadavg(), results };
  fs.writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);

  const failed = results.filter((r) => r.failed !== null);
  if (failed.length > 0) {
    console.error(`\nFAILED: ${failed.map((r) => r.row).join(", ")}: a row crashed or gave a wrong result (see above)`);
    process.exit(1);
  }
}

main();

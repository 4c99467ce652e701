/**
 * The `spindle` command, run as a child process from its sources (through
 * tsx, so a stale dist/ cannot mislead it; test/packaging runs the built
 * command from an installed tarball) on the programs in examples/cli/:
 * output, exit codes, the files it writes, and the replay command it prints
 * for a failing exploration, run as printed.
 *
 * It also records the transcripts that docs/cli.md includes
 * (examples/cli/expected/*.txt); after an intended change:
 *   UPDATE_EXPECTED=1 npx jest test/cli
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { explore, replay } from "../../src/index.js";
import { shellQuote } from "../../src/cli/args.js";
import { main as tickets } from "../../examples/cli/tickets.js";
import { ROOT, SPINDLE, exec, slot, spindle as runSpindle } from "./run-cli.js";
import type { Result } from "./run-cli.js";

const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

const spindle = (...args: string[]): Promise<Result> => runSpindle(args);

/** Runs a command line that the CLI printed, as printed, with `npx spindle` meaning the sources. */
function runPrinted(command: string): Promise<Result> {
  expect(command).toMatch(/^npx spindle /);
  return exec(command.replace(/^npx spindle /, SPINDLE.map(shellQuote).join(" ") + " "), [], { shell: true });
}

/** The replay command a failing exploration printed. */
function printedCommand(stderr: string): string {
  const m = /\nreplay it with:\n {2}(.+)\n$/.exec(stderr);
  if (m === null) throw new Error(`no replay command in:\n${stderr}`);
  return m[1] as string;
}

const throwLine = readFileSync(join(ROOT, "examples/cli/tickets.ts"), "utf8").split("\n").findIndex((l) => l.includes("throw new Error")) + 1;
const FAILURE = "  error: Error: sold a ticket that was no longer there";

// Every command below starts when this file loads, a few at a time, and
// each test awaits its own: one after the other, they would take minutes on
// a busy machine.
jest.setTimeout(180_000);
const tmp = mkdtempSync(join(tmpdir(), "spindle-cli-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fixture(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe("spindle run", () => {
  const hello = spindle("run", "examples/cli/hello.ts");
  const trace = join(tmp, "out", "hello.trace.json");
  const timeline = join(tmp, "out", "hello.timeline.html");
  const traced = spindle("run", "examples/cli/hello.ts", "--trace", trace, "--timeline", timeline);
  const fifo = ["0", "12345"].map((seed) => spindle("run", "examples/cli/tickets.ts", "--seed", seed));
  const deadlock = spindle("run", "examples/cli/deadlock.ts");
  const until = spindle("run", "examples/cli/hello.ts", "--until", "150");
  const untilDone = spindle("run", "examples/cli/hello.ts", "--until", "1000", "--dump");
  // No import of spindle in these two: the command's own copy runs them.
  const failsFile = fixture("fails.cjs", 'exports.main = function* main() {\n  throw new RangeError("out of stock");\n};\n');
  const fails = spindle("run", failsFile, "--seed", "9");
  const byDefault = spindle("run", fixture("default.mjs", "export default function* () { return [1, 2]; }\n"));

  it("runs main on the virtual clock and prints what it returns", async () => {
    expect(await hello).toEqual({ code: 0, stdout: "[120 ms] coffee is ready\n[180 ms] tea is ready\nserved coffee and tea\n", stderr: "" });
  });

  it("writes the run's Chrome trace and HTML timeline", async () => {
    const r = await traced;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote the trace to ${trace} (open it in ui.perfetto.dev or chrome://tracing)\nwrote the timeline to ${timeline} (open it in a browser)\n`);
    const chrome = JSON.parse(readFileSync(trace, "utf8")) as { traceEvents: { name: string; ph: string; ts: number; tid: number; args?: { name?: string } }[]; displayTimeUnit: string };
    expect(chrome.displayTimeUnit).toBe("ms");
    expect(chrome.traceEvents.filter((e) => e.name === "thread_name").map((e) => e.args?.name)).toEqual(["#1 main", "#2 brew", "#3 brew"]);
    // slices, instants, metadata, and flow arrows (a flow's start and finish)
    for (const e of chrome.traceEvents) expect(["X", "i", "M", "s", "f"]).toContain(e.ph);
    // Each task's end, at its virtual time (in the format's microseconds; the events of one instant are spread a few nanoseconds apart).
    expect(chrome.traceEvents.filter((e) => e.name === "done").map((e) => [e.tid, Math.round(e.ts)])).toEqual([
      [1, 180_000],
      [2, 180_000],
      [3, 120_000],
    ]);
    const html = readFileSync(timeline, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>examples/cli/hello.ts, seed 0</title>");
    expect(html).toContain("<svg");
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("runs the race under FIFO, where it passes, whatever the seed", async () => {
    for (const r of await Promise.all(fifo)) expect(r).toEqual({ code: 0, stdout: "ann: bought, bob: sold out\n", stderr: "" });
  });

  it("reports a deadlock with every blocked task and the dump, and exits with 1", async () => {
    const r = await deadlock;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^spindle run: deadlock at t=20 \(seed 0\)\n {2}deadlock at t=20: 1 task is blocked/);
    expect(r.stderr).toContain('task#1 "main" waits on recv(results) since t=20');
    expect(r.stderr).toMatch(/the live tasks at t=20 \(scheduler\.dump\(\)\):\n {2}task#1 "main" blocked on recv\(results\) for 0ms\n$/);
  });

  it("stops at --until and dumps what is still running", async () => {
    const r = await until;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("[120 ms] coffee is ready\n");
    expect(r.stderr).toBe(
      'spindle run: main had not finished at t=150 (--until 150, seed 0)\nthe live tasks at t=150 (scheduler.dump()):\n  task#1 "main" blocked on join(task#2 "brew") for 30ms\n    task#2 "brew" blocked on sleep(180) for 150ms\n',
    );
    const done = await untilDone;
    expect(done.code).toBe(0);
    expect(done.stderr).toBe("the live tasks at t=1000 (scheduler.dump()):\n  (none)\n");
  });

  it("reports a failing main: the error, the task it came from, the line; exit code 1", async () => {
    const r = await fails;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`spindle run: main failed at t=0 (seed 9)\n  error: RangeError: out of stock\n  thrown in: task#1 "main"\n  at: ${failsFile}:2:9\n`);
  });

  it("takes a default export, from an ES module", async () => {
    expect(await byDefault).toEqual({ code: 0, stdout: "[ 1, 2 ]\n", stderr: "" });
  });
});

describe("spindle explore and replay", () => {
  const found = explore(tickets, { runs: 100, seed: 1 });
  const random = spindle("explore", "examples/cli/tickets.ts", "--runs", "100", "--seed", "1");
  const pct = spindle("explore", "examples/cli/tickets.ts", "--strategy", "pct", "--depth", "2", "--seed", "1");
  const trace = join(tmp, "race", "tickets.trace.json");
  const timeline = join(tmp, "race", "tickets.timeline.html");
  const traced = spindle("explore", "examples/cli/tickets.ts", "--seed", "1", "--trace", trace, "--timeline", timeline);
  const correct = spindle("explore", "examples/cli/hello.ts", "--runs", "50");
  const deadlock = spindle("explore", "examples/cli/deadlock.ts");
  // A seed whose schedule passes, as in-process replay says.
  const passing = [...Array(20).keys()].find((seed) => replay(tickets, seed).ok) as number;
  const passed = spindle("replay", "examples/cli/tickets.ts", "--seed", String(passing));

  it("finds the race, and prints its seed and the command that replays it", async () => {
    if (found.ok) throw new Error("explore() found no failure");
    const r = await random;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(""); // the program's own output is silenced while exploring
    expect(r.stderr.split("\n")).toEqual([
      `spindle explore: run ${found.run + 1} of 100 failed (strategy random, base seed 1)`,
      `  seed: ${found.seed}`,
      FAILURE,
      '  thrown in: task#3 "bob" <- task#1 "main"',
      `  at: examples/cli/tickets.ts:${throwLine}:35`,
      "replay it with:",
      `  npx spindle replay examples/cli/tickets.ts --seed ${found.seed}`,
      "",
    ]);

    const again = await runPrinted(printedCommand(r.stderr));
    expect(again.code).toBe(1);
    expect(again.stderr.split("\n")).toEqual([
      `spindle replay: main failed at t=3 (seed ${found.seed}, strategy random)`,
      FAILURE,
      '  thrown in: task#3 "bob" <- task#1 "main"',
      `  at: examples/cli/tickets.ts:${throwLine}:35`,
      "",
    ]);
  });

  it("with PCT, prints a command with the strategy and depth, which reproduces the failure", async () => {
    const r = await pct;
    expect(r.code).toBe(1);
    const command = printedCommand(r.stderr);
    const seed = /seed: (\d+)/.exec(r.stderr)?.[1];
    expect(command).toBe(`npx spindle replay examples/cli/tickets.ts --seed ${seed} --strategy pct --depth 2`);
    const again = await runPrinted(command);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`spindle replay: main failed at t=3 (seed ${seed}, strategy pct, depth 2)\n${FAILURE}\n`);
  });

  it("writes the failing run's trace, and the printed command writes the same trace again", async () => {
    const r = await traced;
    expect(r.code).toBe(1);
    const command = printedCommand(r.stderr);
    expect(command).toContain(` --trace ${trace} --timeline ${timeline}`);
    const first = readFileSync(trace, "utf8");
    const firstHtml = readFileSync(timeline, "utf8");
    const events = (JSON.parse(first) as { traceEvents: { name: string }[] }).traceEvents;
    expect(events.filter((e) => e.name === "fail").length).toBe(2); // bob, then main, which joined him
    rmSync(trace);
    const again = await runPrinted(command);
    expect(again.code).toBe(1);
    expect(readFileSync(trace, "utf8")).toBe(first); // the same schedule, event for event
    expect(readFileSync(timeline, "utf8")).toBe(firstHtml);
  });

  it("explores a correct program without a failure, with its console output silenced", async () => {
    expect(await correct).toEqual({ code: 0, stdout: "", stderr: "spindle explore: 50 runs, no failure (strategy random, base seed 0)\n" });
  });

  it("reports a deadlock found by exploration", async () => {
    const r = await deadlock;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^spindle explore: run 1 of 100 failed \(strategy random, base seed 0\)\n {2}seed: \d+\n {2}deadlock at t=20: 1 task is blocked/);
    expect(printedCommand(r.stderr)).toMatch(/^npx spindle replay examples\/cli\/deadlock\.ts --seed \d+$/);
  });

  it("replays a passing schedule: prints what main returns, exit code 0", async () => {
    expect(await passed).toEqual({ code: 0, stdout: "ann: bought, bob: sold out\n", stderr: `spindle replay: passed (seed ${passing}, strategy random)\n` });
  });
});

describe("bad input", () => {
  const table: [string[], string][] = [
    [["run", "examples/cli/nope.ts"], "spindle: no such file: examples/cli/nope.ts (looked for "],
    [["run", "examples/cli"], "spindle: examples/cli is a folder; give the path of the program's file"],
    [["run", "README.md"], "spindle: README.md: spindle loads .js, .cjs, .mjs, .ts, .cts, .mts files, not .md"],
    [["run", "examples/cli/hello.ts", "--sed", "1"], "spindle run: unknown option --sed (did you mean --seed?)"],
    [["explore", "examples/cli/hello.ts", "--runs", "none"], "spindle: --runs none: expected an integer >= 1"],
    [["replay", "examples/cli/hello.ts"], "spindle replay needs the seed of the run to replay"],
    [[], "spindle needs a command"],
  ];
  const refused = table.map(([argv]) => spindle(...argv));
  const none = spindle("run", fixture("none.cjs", "exports.answer = 42;\n"));
  const plain = spindle("run", fixture("plain.cjs", "exports.main = function main() { return 1; };\n"));
  const brokenFile = fixture("broken.cjs", 'throw new Error("no config");\n');
  const broken = spindle("run", brokenFile);
  const help = spindle("--help");
  const version = spindle("--version");

  table.forEach(([argv, message], i) => {
    it(`${JSON.stringify(argv)} exits with 2 and says what to do`, async () => {
      const r = await refused[i];
      expect(r?.code).toBe(2);
      expect(r?.stdout).toBe("");
      expect(r?.stderr.startsWith(message)).toBe(true);
    });
  });

  it("refuses a module without a generator function main", async () => {
    const r = await none;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none\.cjs exports no main and no default export; export the program as a generator function: export function\* main\(\)/);
    const p = await plain;
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/plain\.cjs: its main is a plain function, not a generator function; .*declare it function\* main\(\)/);
  });

  it("reports a program that throws while loading, with its stack", async () => {
    const r = await broken;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`spindle: loading ${brokenFile} failed: Error: no config\n    at `);
  });

  it("prints its help and version", async () => {
    const h = await help;
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("spindle explore <file> [--runs N] [--seed S] [--strategy random|pct]");
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await version).toEqual({ code: 0, stdout: `spindle ${pkg.version}\n`, stderr: "" });
  });
});

// ------------------------------------------------------ docs/cli.md's transcripts

/**
 * The sessions docs/cli.md shows: each command line, then what it printed
 * (stdout and stderr, in order). An argument `@name` is a file written to a
 * temporary folder, and shown as `name`.
 */
const TRANSCRIPTS: Record<string, string[]> = {
  help: ["--help"],
  "run-hello": ["run", "examples/cli/hello.ts", "--trace", "@hello.trace.json", "--timeline", "@hello.timeline.html"],
  "run-tickets": ["run", "examples/cli/tickets.ts"],
  "explore-tickets": ["explore", "examples/cli/tickets.ts", "--runs", "100", "--seed", "1"],
  "replay-tickets": ["replay", "examples/cli/tickets.ts", "--seed", "3445983177", "--timeline", "@tickets.timeline.html"],
  "run-deadlock": ["run", "examples/cli/deadlock.ts"],
};

/** Runs the CLI with stdout and stderr into one file, so that their lines keep their order. */
function merged(args: string[]): Promise<{ code: number | null; output: string }> {
  const file = join(tmp, `merged-${Math.random().toString(36).slice(2)}.txt`);
  return slot(
    () =>
      new Promise((resolve, reject) => {
        const fd = openSync(file, "w");
        const child = spawn(SPINDLE[0] as string, [...SPINDLE.slice(1), ...args], { cwd: ROOT, stdio: ["ignore", fd, fd] });
        child.on("error", reject);
        child.on("close", (code) => {
          closeSync(fd);
          resolve({ code, output: readFileSync(file, "utf8") });
        });
      }),
  );
}

describe("docs/cli.md's transcripts", () => {
  const dir = join(tmp, "docs");
  for (const [name, argv] of Object.entries(TRANSCRIPTS)) {
    const session = merged(argv.map((a) => (a.startsWith("@") ? join(dir, a.slice(1)) : a)));
    it(name, async () => {
      const { output } = await session;
      const shown = `$ npx spindle ${argv.map((a) => (a.startsWith("@") ? a.slice(1) : a)).join(" ")}\n${output.split(`${dir}/`).join("")}`;
      const path = join(ROOT, "examples", "cli", "expected", `${name}.txt`);
      if (UPDATE) {
        mkdirSync(join(path, ".."), { recursive: true });
        writeFileSync(path, shown);
      }
      expect(shown).toBe(readFileSync(path, "utf8"));
    });
  }
});

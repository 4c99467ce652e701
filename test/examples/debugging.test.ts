/**
 * The examples of docs/debugging.md: their output is deterministic (the
 * failing seed, the run that finds it, the error, the deadlock report), so
 * it is asserted exactly; only wall-clock figures are masked. The guide's
 * code blocks (`<!-- include: file#region -->`, the convention of the other
 * guides) and its outputs (`<!-- output: file -->`) are checked against the
 * examples too. After changing an example, copy the region or output into
 * the guide again.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main as deadlockMain } from "../../examples/debugging/deadlock.js";
import { exploration, findAndReplay, jointAccount, main as raceMain } from "../../examples/debugging/race.js";
import { main as tracingMain } from "../../examples/debugging/tracing.js";
import { main as neverYieldedMain } from "../../examples/debugging/never-yielded.js";
import { run } from "../../src/index.js";

const ROOT = join(__dirname, "..", "..");
const FAILURE = "debit of 80 refused: the balance would be -60 (constraint balance >= 0)";

describe("examples/debugging/race.ts", () => {
  let dir: string;
  let lines: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spindle-race-test-"));
    lines = raceMain(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes under plain run() for every seed", () => {
    for (let seed = 0; seed < 200; seed++) expect(run(jointAccount, { seed })).toBe("approved: 1 of 2");
  });

  it("prints the failing seed, the run, the error, the replay and the fix, exactly", () => {
    expect(lines).toEqual([
      "run() with seeds 0..99: approved: 1 of 2",
      "explore (random): run 5 failed, seed 3445983177",
      `  error: ${FAILURE}`,
      '  thrown in: task#3 "onlinePayment" <- task#1 "jointAccount"',
      "explore (pct, depth 2): run 0 failed, seed 2527132011",
      "replay(jointAccount, 3445983177): fails again, with the same error",
      "the end of its trace:",
      "  t=4 #3 onlinePayment wake",
      "  t=4 #2 cashMachine wake",
      "  t=4 #3 onlinePayment run",
      "  t=4 #3 onlinePayment block sleep(2)",
      "  t=4 #2 cashMachine run",
      "  t=4 #2 cashMachine done",
      "  t=4 #1 jointAccount wake",
      "  t=4 #1 jointAccount run",
      '  t=4 #1 jointAccount block join(task#3 "onlinePayment")',
      "  t=6 #3 onlinePayment wake",
      "  t=6 #3 onlinePayment run",
      `  t=6 #3 onlinePayment fail Error: ${FAILURE}`,
      "  t=6 #1 jointAccount wake",
      "  t=6 #1 jointAccount run",
      `  t=6 #1 jointAccount fail Error: ${FAILURE}`,
      `wrote race.trace.json (open in ui.perfetto.dev) and race.timeline.html to ${dir}`,
      "fixed version, 1000 random schedules: no failure",
      "fixed version, 1000 PCT schedules: no failure",
    ]);
  });

  it("writes a Chrome trace and a timeline of the failing replay", () => {
    const chrome = JSON.parse(readFileSync(join(dir, "race.trace.json"), "utf8")) as { traceEvents: { name: string; ph: string; args?: { name?: string } }[] };
    const tracks = chrome.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => e.args?.name);
    expect(tracks).toEqual(["#1 jointAccount", "#2 cashMachine", "#3 onlinePayment"]);
    expect(chrome.traceEvents.filter((e) => e.name === "fail").length).toBe(2);
    const html = readFileSync(join(dir, "race.timeline.html"), "utf8");
    expect(html).toContain("<title>jointAccount, seed 3445983177</title>");
    expect(html).toContain("event sequence: 0 … 30");
    expect(html.match(/class="fail">✗/g)?.length).toBe(2);
  });

  it("findAndReplay (used by scripts/render-timeline.ts) gives the same failing schedule", () => {
    const { seed, run: index, replayed } = findAndReplay();
    expect({ seed, index, ok: replayed.ok }).toEqual({ seed: 3445983177, index: 5, ok: false });
    expect(exploration).toEqual({ runs: 100, seed: 1 });
    expect(String(replayed.error)).toBe(`Error: ${FAILURE}`);
  });
});

describe("examples/debugging/deadlock.ts", () => {
  it("prints the deadlock report, the lock cycle and a dump of the stuck run, exactly", () => {
    expect(deadlockMain()).toEqual([
      "deadlock at t=1: 3 tasks are blocked, nothing is ready and no timer is armed, so nothing can wake them:",
      '  task#1 "settle" waits on join(task#2 "transfer") since t=0',
      '  task#2 "transfer" waits on lock(bob) held by task#3 "transfer" since t=1 (in task#1 "settle")',
      '  task#3 "transfer" waits on lock(alice) held by task#2 "transfer" since t=1 (in task#1 "settle")',
      "Read what each task waits on. The usual causes: a receive or a wait that no task will answer, a lock never unlocked, tasks that wait for each other in a cycle, a task that waits for something only it would do later (a send on an unbuffered channel that it reads itself). Lock in one global order, close channels when done, or bound the wait with timeout().",
      "To see more: error.blocked has this list as data; a TraceRecorder (run(main, { tracer })) shows what each task did before it blocked; host.scheduler.dump() after host.runUntil(t) on a VirtualHost shows every live task at that moment.",
      'lock cycle: task#2 "transfer" -> task#3 "transfer" -> task#2 "transfer"',
      "",
      'task#1 "settle" blocked on join(task#2 "transfer") for 250ms',
      '  task#2 "transfer" blocked on lock(bob) held by task#3 "transfer" for 249ms',
      '  task#3 "transfer" blocked on lock(alice) held by task#2 "transfer" for 249ms',
    ]);
  });
});

/** Wall-clock figures are the one thing that differs between runs. */
const maskWallClock = (line: string): string => line.replace(/\d+ ms/g, "N ms");

describe("examples/debugging/tracing.ts", () => {
  it("prints identical traces for one seed, the first difference between two, and the slow steps", () => {
    expect(tracingMain().map(maskWallClock)).toEqual([
      "seed 7, twice: identical traces of 108 events",
      "seed 7 vs seed 8: first difference at event 10",
      "  seed 7: t=0 #3 client block sleep(20)",
      "  seed 8: t=0 #3 client block sleep(22)",
      'slow step: task#2 "slowServer" at t=36 ran N ms without yielding',
      'slow step: task#2 "slowServer" at t=75 ran N ms without yielding',
      'slow step: task#2 "slowServer" at t=128 ran N ms without yielding',
      "#1 main: 5 steps, 4 blocks, longest step N ms",
      "#2 slowServer: 18 steps, 17 blocks, longest step N ms",
      "#3 client: 5 steps, 4 blocks, longest step N ms",
      "#4 client: 4 steps, 3 blocks, longest step N ms",
      "#5 client: 4 steps, 3 blocks, longest step N ms",
    ]);
  });
});

describe("docs/debugging.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "debugging.md"), "utf8").split("\n");

  /** The text of `// #region name` … `// #endregion name` in `file`, dedented. */
  function region(file: string, name: string): string {
    const src = readFileSync(join(ROOT, file), "utf8").split("\n");
    const start = src.findIndex((l) => l.trim() === `// #region ${name}`);
    const end = src.findIndex((l) => l.trim() === `// #endregion ${name}`);
    if (start < 0 || end < start) throw new Error(`${file} has no region ${name}`);
    const body = src.slice(start + 1, end);
    const indent = Math.min(...body.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length));
    return body.map((l) => l.slice(indent)).join("\n");
  }

  /** Every fenced block, with the marker comment on the line above it (if any). */
  const blocks: { marker: string; body: string; line: number }[] = [];
  for (let i = 0; i < doc.length; i++) {
    if (!(doc[i] ?? "").startsWith("```")) continue;
    let j = i + 1;
    while (j < doc.length && doc[j] !== "```") j++;
    blocks.push({ marker: doc[i - 1] ?? "", body: doc.slice(i + 1, j).join("\n"), line: i + 1 });
    i = j;
  }

  it("names the example file and region of every code block, and each is a verbatim copy", () => {
    expect(blocks.length).toBeGreaterThan(10);
    for (const block of blocks) {
      const m = /^<!-- (include|output): (examples\/debugging\/[\w-]+\.ts)(?:#([\w-]+))? -->$/.exec(block.marker);
      expect({ line: block.line, marker: m === null ? block.marker : "ok" }).toEqual({ line: block.line, marker: "ok" });
      if (m !== null && m[1] === "include") expect({ line: block.line, body: block.body }).toEqual({ line: block.line, body: region(m[2] as string, m[3] as string) });
    }
  });

  it("shows the examples' actual output", () => {
    const outputs: Record<string, () => string[]> = {
      "examples/debugging/race.ts": () => {
        const dir = mkdtempSync(join(tmpdir(), "spindle-race-doc-"));
        try {
          return raceMain(dir);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      "examples/debugging/deadlock.ts": deadlockMain,
      "examples/debugging/tracing.ts": tracingMain,
      "examples/debugging/never-yielded.ts": neverYieldedMain,
    };
    const normalize = (text: string): string => text.split("\n").map((l) => maskWallClock(l).replace(/ to \/\S+$/, " to <dir>")).join("\n");
    const shown = blocks.filter((b) => b.marker.startsWith("<!-- output:"));
    expect(shown.map((b) => b.marker)).toEqual(Object.keys(outputs).map((f) => `<!-- output: ${f} -->`).sort((a, b) => blocks.findIndex((x) => x.marker === a) - blocks.findIndex((x) => x.marker === b)));
    for (const block of shown) {
      const file = /output: (\S+)/.exec(block.marker)?.[1] as string;
      const lines = (outputs[file] as () => string[])();
      expect(normalize(block.body)).toBe(normalize(lines.join("\n")));
    }
  });

  it("links only to files that exist", () => {
    const text = doc.join("\n").replace(/```[\s\S]*?```/g, "");
    const targets = [...text.matchAll(/\]\(([^)\s#]+)[^)]*\)/g)].map((m) => m[1] as string).filter((t) => !/^[a-z]+:/.test(t));
    expect(targets.length).toBeGreaterThan(3);
    expect(targets.filter((t) => !existsSync(join(ROOT, "docs", t)))).toEqual([]);
  });

  it("embeds the timeline picture rendered by scripts/render-timeline.ts", () => {
    expect(doc.some((l) => /^!\[[^\]]+\]\(images\/race-timeline\.png\)$/.test(l))).toBe(true);
    expect(existsSync(join(ROOT, "docs", "images", "race-timeline.png"))).toBe(true);
    expect(readFileSync(join(ROOT, "docs", "images", "race-timeline.html"), "utf8")).toContain("seed 3445983177");
  });
});

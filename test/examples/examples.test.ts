/**
 * The examples and the docs, checked:
 *
 * 1. Every example in examples/, examples/docs/ and examples/tutorial/ is run in-process (by
 *    loading it, or through its exported `main`) and what it prints is compared with
 *    examples/expected/<same path>.txt. Wall-clock numbers differ from run to
 *    run, so in every line that starts with "wall" each number is replaced by
 *    "#" before comparing. (Other folders, such as examples/debugging/, belong
 *    to their own guides and tests.)
 * 2. Every fenced code block in README.md and the guides listed in DOCS is
 *    preceded by
 *    `<!-- include: <path>[#<region>] -->` and is an exact copy of that file, or
 *    of the part between `// #region <name>` and `// #endregion <name>`. So
 *    every snippet is type-checked (tsc covers examples/) and run (by 1.).
 *    `sh` blocks are commands instead: each `npm run <script>` must exist.
 * 3. Relative links in the docs point at files that exist.
 *
 * After an intended change, re-record and review the diff:
 *   UPDATE_EXPECTED=1 npx jest test/examples
 * rewrites the expected outputs and the included blocks in the docs.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { format } from "node:util";

import * as rateLimitedService from "../../examples/rate-limited-service.js";

type Main = (args: string[]) => void | Promise<void>;

const ROOT = join(__dirname, "..", "..");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

/** Every example, by its path under examples/ without ".ts". */
const EXAMPLES: Record<string, Main> = {
  "first-example": program("../../examples/first-example.js"),
  "rate-limited-service": rateLimitedService.main,
  "docs/action": program("../../examples/docs/action.js"),
  "docs/cancel-order": program("../../examples/docs/cancel-order.js"),
  "docs/cancel-timing": program("../../examples/docs/cancel-timing.js"),
  "docs/catch-cancellation": program("../../examples/docs/catch-cancellation.js"),
  "docs/channels": program("../../examples/docs/channels.js"),
  "docs/coordination": program("../../examples/docs/coordination.js"),
  "docs/streams": program("../../examples/docs/streams.js"),
  "docs/custom-host": program("../../examples/docs/custom-host.js"),
  "docs/deadlock": program("../../examples/docs/deadlock.js"),
  "docs/debug-mode": program("../../examples/docs/debug-mode.js"),
  "docs/determinism": program("../../examples/docs/determinism.js"),
  "docs/errors": program("../../examples/docs/errors.js"),
  "docs/frame-host": program("../../examples/docs/frame-host.js"),
  "docs/game-time": program("../../examples/docs/game-time.js"),
  "docs/tweens": program("../../examples/docs/tweens.js"),
  "docs/interrupt": program("../../examples/docs/interrupt.js"),
  "docs/invalid-yield": program("../../examples/docs/invalid-yield.js"),
  "docs/latch": program("../../examples/docs/latch.js"),
  "docs/progress": program("../../examples/docs/progress.js"),
  "docs/realtime-host": program("../../examples/docs/realtime-host.js", 1),
  "docs/replay": program("../../examples/docs/replay.js"),
  "docs/return-vs-throw": program("../../examples/docs/return-vs-throw.js"),
  "docs/shield": program("../../examples/docs/shield.js"),
  "docs/structured": program("../../examples/docs/structured.js"),
  "docs/tasks": program("../../examples/docs/tasks.js"),
  "docs/timeouts": program("../../examples/docs/timeouts.js"),
  "docs/two-copies": program("../../examples/docs/two-copies.js"),
  "docs/virtual-host": program("../../examples/docs/virtual-host.js"),
  "tutorial/step1": program("../../examples/tutorial/step1.js"),
  "tutorial/step2": program("../../examples/tutorial/step2.js"),
  "tutorial/step3": program("../../examples/tutorial/step3.js"),
  "tutorial/step4": program("../../examples/tutorial/step4.js"),
  "tutorial/step5": program("../../examples/tutorial/step5.js"),
};

/**
 * The README's first example, the tutorial's steps and the guides' examples
 * are whole programs, with no guard that works only in CommonJS
 * (`require.main === module`) or only in an ES module: loading one runs it
 * (once, here, inside capture()). One that finishes later (a real-time host)
 * is waited for until it has printed `lines` lines.
 */
function program(path: string, lines = 0): Main {
  return async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- import() needs jest's ESM mode
    require(path);
    const log = jest.mocked(console.log);
    for (let waited = 0; log.mock.calls.length < lines; waited += 10) {
      if (waited >= 10_000) throw new Error(`${path} printed ${log.mock.calls.length} of ${lines} lines in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
}

/** Runs `main(args)` and gives what it printed with console.log. */
async function capture(main: Main, args: string[] = []): Promise<string> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...parts: unknown[]) => {
    lines.push(format(...parts));
  });
  try {
    await main(args);
  } finally {
    spy.mockRestore();
  }
  return lines.join("\n") + "\n";
}

/** The part of an output that must not change: wall-clock numbers masked. */
function deterministic(output: string): string {
  return output
    .split("\n")
    .map((line) => (line.startsWith("wall") ? line.replace(/\d+(?:[.,]\d+)*/g, "#") : line))
    .join("\n");
}

function read(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(path, suffix));
    else if (entry.name.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

describe("examples print their recorded output", () => {
  test("every example in examples/, examples/docs/ and examples/tutorial/ is listed here", () => {
    const found = [
      ...filesUnder("examples", ".ts").filter((f) => f.split("/").length === 2),
      ...filesUnder("examples/docs", ".ts"),
      ...filesUnder("examples/tutorial", ".ts"),
    ].map((f) =>
      f.slice("examples/".length, -".ts".length),
    );
    expect(found.sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const [name, main] of Object.entries(EXAMPLES)) {
    test(
      name,
      async () => {
        const actual = deterministic(await capture(main));
        const expectedPath = `examples/expected/${name}.txt`;
        if (UPDATE) {
          mkdirSync(dirname(join(ROOT, expectedPath)), { recursive: true });
          writeFileSync(join(ROOT, expectedPath), actual);
        }
        expect(actual).toBe(read(expectedPath));
      },
      60_000,
    );
  }
});

describe("the showcase", () => {
  const small = ["--clients", "1500"];

  test("the same seed gives the same report, another seed another one", async () => {
    const a = deterministic(await capture(rateLimitedService.main, ["--seed", "7", ...small]));
    const b = deterministic(await capture(rateLimitedService.main, ["--seed=7", ...small]));
    const c = deterministic(await capture(rateLimitedService.main, ["--seed", "8", ...small]));
    expect(a).toContain("(seed 7)");
    expect(b).toBe(a);
    expect(c.replace("seed 8", "seed 7")).not.toBe(a);
  }, 60_000);

  test("it masks only the wall-clock lines", async () => {
    const raw = await capture(rateLimitedService.main, small);
    const masked = deterministic(raw).split("\n");
    const changed = raw.split("\n").filter((line, i) => line !== masked[i]);
    expect(changed.length).toBe(2);
    for (const line of changed) expect(line.startsWith("wall")).toBe(true);
  }, 60_000);

  test("a bad argument is refused with a message", () => {
    expect(() => rateLimitedService.main(["--seed", "seven"])).toThrow("--seed seven: expected an integer >= 0");
    expect(() => rateLimitedService.main(["--clients", "0"])).toThrow("--clients 0: expected an integer >= 1");
    expect(() => rateLimitedService.main(["--sed", "7"])).toThrow(/sed/);
  });
});

// ------------------------------------------------------------------ the docs

/**
 * The pages checked here. The other pages in docs/ (debugging, packaging,
 * benchmarks) have their own examples, conventions and tests.
 */
const DOCS = [
  "README.md",
  "docs/tutorial.md",
  "docs/concepts.md",
  "docs/cancellation-and-errors.md",
  "docs/hosts.md",
  "docs/writing-primitives.md",
  "docs/channels-and-sync.md",
  "docs/game-loop.md",
  "docs/node.md",
  "docs/rosetta.md",
  "docs/simulation.md",
  "docs/internals.md",
  "docs/design.md",
  "docs/packaging.md",
  "docs/benchmarks.md",
  "docs/reliability.md",
  "docs/conformance.md",
  "docs/cli.md",
];

/** Guides checked by a test of their own (test/examples/debugging.test.ts). */
const CHECKED_ELSEWHERE = ["docs/debugging.md"];

interface Block {
  lang: string;
  /** Line index of the opening fence. */
  start: number;
  /** Line index of the closing fence. */
  end: number;
  body: string;
  include: string | null;
}

function blocksOf(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i] as string);
    if (open === null) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== "```") end++;
    if (end === lines.length) throw new Error(`unclosed code block at line ${i + 1}`);
    let before = i - 1;
    while (before >= 0 && (lines[before] as string).trim() === "") before--;
    const marker = before >= 0 ? /^<!-- include: (\S+) -->$/.exec(lines[before] as string) : null;
    blocks.push({ lang: open[1] ?? "", start: i, end, body: lines.slice(i + 1, end).join("\n"), include: marker ? (marker[1] as string) : null });
    i = end;
  }
  return blocks;
}

/** The text a marker names: a whole file, or one `// #region name` of it, dedented, without region markers. */
function included(spec: string): string {
  const [path, region] = spec.split("#") as [string, string | undefined];
  let lines = read(path).replace(/\n+$/, "").split("\n");
  if (region !== undefined) {
    const from = lines.findIndex((l) => l.trim() === `// #region ${region}`);
    const to = lines.findIndex((l, i) => i > from && l.trim() === `// #endregion ${region}`);
    if (from < 0 || to < 0) throw new Error(`${path} has no region "${region}"`);
    lines = lines.slice(from + 1, to);
  }
  lines = lines.filter((l) => !/^\s*\/\/ #(end)?region\b/.test(l));
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join("\n");
}

describe("the docs", () => {
  test("every guide in docs/ has its code blocks checked", () => {
    const guides = readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
    expect(guides.filter((g) => !DOCS.includes(g) && !CHECKED_ELSEWHERE.includes(g))).toEqual([]);
  });

  for (const doc of DOCS) {
    test(`${doc}: every code block is an included file, region or output`, () => {
      const lines = read(doc).split("\n");
      const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
      const problems: string[] = [];
      // Back to front, so that rewriting a block keeps the earlier line numbers valid.
      for (const block of blocksOf(lines).reverse()) {
        const where = `${doc}:${block.start + 1}`;
        if (block.lang === "sh") {
          for (const m of block.body.matchAll(/npm run (\S+)/g)) {
            if (!(m[1] as string in scripts)) problems.push(`${where}: no npm script "${m[1]}"`);
          }
          for (const m of block.body.matchAll(/npx tsx (\S+)/g)) {
            if (!existsSync(join(ROOT, m[1] as string))) problems.push(`${where}: no file ${m[1]}`);
          }
          continue;
        }
        if (block.include === null) {
          problems.push(`${where}: a \`${block.lang}\` block without an <!-- include: path[#region] --> line before it`);
          continue;
        }
        const expected = included(block.include);
        if (block.body === expected) continue;
        if (UPDATE) lines.splice(block.start + 1, block.end - block.start - 1, ...expected.split("\n"));
        else problems.push(`${where}: differs from ${block.include}; run UPDATE_EXPECTED=1 npx jest test/examples`);
      }
      if (UPDATE) writeFileSync(join(ROOT, doc), lines.join("\n"));
      expect(problems).toEqual([]);
    });

    test(`${doc}: relative links point at files that exist`, () => {
      const text = read(doc).replace(/```[\s\S]*?```/g, "");
      const broken: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (m[1] as string).split("#")[0] as string;
        if (target === "" || /^[a-z]+:/.test(target)) continue;
        const path = join(ROOT, dirname(doc), target);
        if (!existsSync(path)) broken.push(`${doc}: ${m[1]} (${relative(ROOT, path)})`);
      }
      expect(broken).toEqual([]);
    });
  }
});

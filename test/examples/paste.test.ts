/**
 * The examples a reader copies: the README's first example, the tutorial's
 * steps and the guides' examples (examples/docs/). Each must run unchanged
 * in a project of either kind, so none may rely on what only CommonJS has
 * (`require.main === module`, `module`, `__filename`) or only an ES module
 * has (`import.meta`). examples.test.ts runs them in-process, as CommonJS;
 * here each runs as an ES module and must print its recorded output,
 * examples/expected/<path>.txt: a copy named .mts, run by tsx in a child
 * process, in a scratch project of "type": "module" where "spindle" is a copy
 * of the sources (so that they load as ES modules too, as the package's ESM
 * build does; the project is named spindle, as the package.json that
 * docs/realtime-host.ts reads).
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => `${dir}/${name}`);
}

const FILES = ["examples/first-example.ts", ...filesUnder("examples/tutorial"), ...filesUnder("examples/docs")];

/** Wall-clock numbers differ from run to run (as in examples.test.ts). */
function deterministic(output: string): string {
  return output
    .split("\n")
    .map((line) => (line.startsWith("wall") ? line.replace(/\d+(?:[.,]\d+)*/g, "#") : line))
    .join("\n");
}

/**
 * Imports each ES module copy in turn in one Node process, collecting what it
 * prints with console.log, and prints the results as JSON. A program that
 * runs synchronously has printed everything when its import() resolves.
 */
const RUNNER = `
import { format } from "node:util";
import { pathToFileURL } from "node:url";
const results = {};
for (const file of process.argv.slice(2)) {
  const lines = [];
  const errors = [];
  const { log, warn, error } = console;
  console.log = (...parts) => lines.push(format(...parts));
  console.warn = console.error = (...parts) => errors.push(format(...parts));
  try {
    await import(pathToFileURL(file).href);
  } catch (thrown) {
    errors.push(String((thrown && thrown.stack) || thrown));
  } finally {
    Object.assign(console, { log, warn, error });
  }
  results[file] = { stdout: lines.join("\\n") + "\\n", stderr: errors.join("\\n") };
}
process.stdout.write(JSON.stringify(results));
`;

/** The programs that finish later than their import (a real-time host): each runs in a process of its own. */
const ASYNC = new Set(["examples/docs/realtime-host.ts"]);

interface Outcome {
  stdout: string;
  stderr: string;
}

function node(cwd: string, args: string[]): Promise<{ failed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", ...args], { cwd, encoding: "utf8", timeout: 120_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ failed: error !== null, stdout, stderr });
    });
  });
}

describe("the examples a reader copies use nothing that only one module system has", () => {
  it.each(FILES)("%s", (path) => {
    const source = readFileSync(join(ROOT, path), "utf8");
    expect(source).not.toMatch(/\brequire\.main\b|\bmodule\.exports\b|\bimport\.meta\b|\b__filename\b|\b__dirname\b/);
  });
});

describe("the examples a reader copies run unchanged as ES modules", () => {
  const outcomes = new Map<string, Outcome>();
  let dir = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "spindle-paste-"));
    cpSync(join(ROOT, "src"), join(dir, "src"), { recursive: true });
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(ROOT, "node_modules", "tsx"), join(dir, "node_modules", "tsx"), "dir");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "spindle", private: true, type: "module" }));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", paths: { spindle: ["./src/index.ts"], "spindle/*": ["./src/*.ts"] } } }),
    );
    const copyOf = new Map<string, string>();
    for (const path of FILES) {
      const copy = join(dir, `${path.replace(/\//g, "--").replace(/\.ts$/, "")}.mts`);
      copyFileSync(join(ROOT, path), copy);
      copyOf.set(path, copy);
    }
    const runner = join(dir, "runner.mjs");
    writeFileSync(runner, RUNNER);
    const together = FILES.filter((path) => !ASYNC.has(path));
    const [all, ...alone] = await Promise.all([
      node(dir, [runner, ...together.map((path) => copyOf.get(path) as string)]),
      ...[...ASYNC].map((path) => node(dir, [copyOf.get(path) as string])),
    ]);
    if (all === undefined || all.failed) throw new Error(`the runner failed:\n${all?.stderr ?? ""}`);
    const results = JSON.parse(all.stdout) as Record<string, Outcome>;
    for (const path of together) outcomes.set(path, results[copyOf.get(path) as string] as Outcome);
    [...ASYNC].forEach((path, i) => {
      const result = alone[i] as { failed: boolean; stdout: string; stderr: string };
      outcomes.set(path, { stdout: result.stdout, stderr: result.failed && result.stderr === "" ? "exited with an error" : result.stderr });
    });
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(FILES)("%s", (path) => {
    const outcome = outcomes.get(path) as Outcome;
    expect(outcome.stderr).toBe("");
    const expected = readFileSync(join(ROOT, "examples", "expected", path.slice("examples/".length).replace(/\.ts$/, ".txt")), "utf8");
    expect(deterministic(outcome.stdout)).toBe(deterministic(expected));
  });
});

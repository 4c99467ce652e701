/**
 * examples/uncaught/: programs that end with an error nobody handled, run as
 * a user runs them (`npx tsx file.ts`, in a child process), to check what
 * Node prints. Node's printout holds absolute paths, spindle's own call
 * sites and its version, so it is compared in a normalised form: from the
 * error's first line on, the first call site with its directory dropped,
 * the other call sites as one "    ..." line, and no version line. That form
 * is examples/uncaught/expected/<name>.txt, which the guides include.
 * Each program also runs unchanged as an ES module (a copy named .mts).
 *
 *   UPDATE_EXPECTED=1 npx jest test/examples/uncaught.test.ts
 * rewrites the expected files.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const UPDATE = process.env["UPDATE_EXPECTED"] === "1";

/** Runs a TypeScript file with tsx, from the repository (so that "spindle" means the sources); gives its exit code and stderr. */
function runFile(file: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Node's printout of an uncaught error, normalised (see above). */
function normalised(stderr: string): string {
  const lines = stderr.split("\n");
  const from = lines.findIndex((line) => /^\w*Error: /.test(line));
  if (from < 0) throw new Error(`no error in the output:\n${stderr}`);
  const out: string[] = [];
  let calls = 0;
  for (const line of lines.slice(from)) {
    if (line.startsWith("Node.js v")) continue;
    if (line.startsWith("    at ")) {
      calls++;
      if (calls === 1) out.push(line.replace(/\((?:file:\/\/)?[^()]*[/\\]([^/\\()]+?)\.m?ts:/, "($1.ts:"));
      else if (calls === 2) out.push("    ...");
      continue;
    }
    out.push(line);
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
}

describe.each(["unjoined-child"])("examples/uncaught/%s.ts", (name) => {
  const file = join(ROOT, "examples", "uncaught", `${name}.ts`);
  const expectedPath = join(ROOT, "examples", "uncaught", "expected", `${name}.txt`);

  it("as CommonJS (this repository's package type): Node prints the error, then the task it came from", () => {
    const { status, stdout, stderr } = runFile(file);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const printed = normalised(stderr);
    if (UPDATE) writeFileSync(expectedPath, printed);
    expect(printed).toBe(readFileSync(expectedPath, "utf8"));
  }, 60_000);

  it("runs unchanged as an ES module, and prints the same", () => {
    const dir = mkdtempSync(join(tmpdir(), "spindle-uncaught-"));
    try {
      const copy = join(dir, `${basename(file, ".ts")}.mts`);
      copyFileSync(file, copy);
      const { status, stderr } = runFile(copy);
      expect(status).toBe(1);
      expect(stderr).not.toContain("require is not defined");
      expect(normalised(stderr)).toBe(readFileSync(expectedPath, "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

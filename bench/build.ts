/**
 * Compiles src/ into a CommonJS folder the benchmarks load spindle from (see
 * spindle.ts for why a tsc build and not src/ through tsx). Shared by
 * `npm run bench` (run.ts) and `npm run bench:gc` / `bench:deopts`
 * (gc/run.ts, gc/deopts.ts), which build into folders of their own so that
 * one suite rebuilding does not pull the files from under the other.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.join(__dirname, "..");

/**
 * Compiles src/ as scripts/build.mjs does for dist/cjs (same tsconfig and
 * flags), into `outDir`. With `commit`, compiles src/ as it is in that
 * commit instead of the working tree: `git archive` copies it (and the two
 * tsconfigs) into a folder next to `outDir`, read-only on the repository,
 * so a measurement can name exactly what it measured while src/ is being
 * edited.
 */
export function buildSpindle(outDir: string, commit?: string): void {
  fs.rmSync(outDir, { recursive: true, force: true });
  let cwd = ROOT;
  if (commit !== undefined) {
    // Inside the repository (under .bench-results), so that tsc finds node_modules/@types by walking up.
    cwd = path.join(path.dirname(outDir), "source");
    fs.rmSync(cwd, { recursive: true, force: true });
    fs.mkdirSync(cwd, { recursive: true });
    const tar = execFileSync("git", ["archive", "--format=tar", commit, "src", "tsconfig.json", "tsconfig.build.json"], { cwd: ROOT, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", cwd], { input: tar });
  }
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--module", "commonjs", "--moduleResolution", "bundler", "--outDir", outDir, "--sourceMap", "false"],
      { cwd, stdio: "inherit" },
    );
  } catch (error) {
    // tsc still emits JavaScript when it reports type errors; those are the
    // typecheck step's business, not a reason to skip measuring.
    if (!fs.existsSync(path.join(outDir, "index.js"))) throw error;
    process.stderr.write("warning: tsc reported errors (above); benchmarking the JavaScript it emitted anyway\n");
  }
  fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
}

/**
 * The other two ways a user gets the package: `npm install git+<url>` (npm
 * clones the repository, installs its dev dependencies and runs `prepare`,
 * which builds dist/), and what `npm publish` would send. Slow: the git
 * install builds the package from scratch, so it has a test file of its own
 * that jest can run beside the others.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const env = { ...process.env, npm_config_fund: "false", npm_config_audit: "false" };
const isRepository = existsSync(join(root, ".git"));

(isRepository ? describe : describe.skip)("installing and publishing", () => {
  it("installs from a git URL: npm builds dist/ with the prepare script, and the package runs", () => {
    const project = mkdtempSync(join(tmpdir(), "spindle-git-consumer-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    // The committed tree (HEAD), as a user cloning the repository gets it; the packages come from npm's cache when it has them.
    execFileSync("npm", ["install", "--no-save", "--prefer-offline", `git+file://${root}`], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
    expect(existsSync(join(project, "node_modules", "spindle", "dist", "cjs", "index.js"))).toBe(true);
    const out = execFileSync(process.execPath, ["-e", `const { run, sleep, now } = require("spindle"); console.log(run(function* () { yield* sleep(5); return yield* now(); }));`], { cwd: project, encoding: "utf8" });
    expect(out.trim()).toBe("5");
  }, 660_000);

  it("npm publish --dry-run is clean: no warning but the one about logging in", () => {
    const r = spawnSync("npm", ["publish", "--dry-run", "--ignore-scripts"], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(0);
    const warnings = r.stderr.split("\n").filter((line) => /\bwarn\b/i.test(line) && !/requires you to be logged in/.test(line));
    expect(warnings).toEqual([]);
    expect(r.stdout).toMatch(/\+ spindle@/);
  }, 130_000);
});

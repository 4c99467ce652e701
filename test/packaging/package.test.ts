/**
 * The published package, as a user gets it: `npm pack`, installed into a
 * fresh project, used from CommonJS, from ESM and from TypeScript. Slow (it
 * builds, packs and installs), so everything is checked from one install.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const node = process.execPath;
const sh = (file: string, args: string[], cwd: string): string =>
  execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } });

const program = `function* () { const t = yield* spawn(function* () { yield* sleep(5); return 21; }); return (yield* t) * 2 + (yield* now()); }`;

let project = "";
let files: string[] = [];
let packedBytes = 0;

beforeAll(() => {
  sh("npm", ["run", "--silent", "build"], root);
  const out = mkdtempSync(join(tmpdir(), "spindle-pack-"));
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", out], root)) as [{ filename: string; size: number; files: { path: string }[] }];
  files = packed[0].files.map((f) => f.path).sort();
  packedBytes = packed[0].size;
  project = mkdtempSync(join(tmpdir(), "spindle-consumer-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  sh("npm", ["install", "--no-save", "--offline", join(out, readdirSync(out)[0] as string)], project);
}, 240_000);

describe("the published package", () => {
  it("holds only what a user needs, and stays small", () => {
    expect(files.filter((f) => !f.startsWith("dist/"))).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    expect(files.some((f) => /^(src|test|bench|examples|docs)\//.test(f))).toBe(false);
    expect(files).toContain("dist/types/index.d.ts");
    expect(packedBytes).toBeLessThan(300_000);
  });

  it("works from CommonJS", () => {
    const out = sh(node, ["-e", `const { run, spawn, sleep, now } = require("spindle"); console.log(run(${program}));`], project);
    expect(out.trim()).toBe("47");
  });

  it("works from ESM", () => {
    const out = sh(node, ["--input-type=module", "-e", `import { run, spawn, sleep, now } from "spindle"; console.log(run(${program}));`], project);
    expect(out.trim()).toBe("47");
  });

  it("keeps its internals private", () => {
    let error = "";
    try {
      sh(node, ["-e", `require("spindle/dist/cjs/kernel/scheduler.js")`], project);
    } catch (e) {
      error = String((e as { stderr?: string }).stderr);
    }
    expect(error).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  it("tree-shakes: a minimal browser program bundles small (see docs/packaging.md)", () => {
    writeFileSync(join(project, "minimal.mjs"), `import { run, spawn, sleep, now } from "spindle"; console.log(run(${program}));`);
    const result = buildSync({ entryPoints: [join(project, "minimal.mjs")], bundle: true, minify: true, format: "esm", platform: "browser", write: false, absWorkingDir: project });
    const code = (result.outputFiles[0] as { contents: Uint8Array }).contents;
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`minimal program bundle: ${code.length} bytes minified, ${gzipped} bytes gzipped`);
    expect(code.length).toBeLessThan(38_000);
    expect(new TextDecoder().decode(code)).not.toMatch(/timelineHtml|trySelect|RealtimeHost|thread_name/); // unused parts are left out
  });

  it("works from TypeScript: types resolve and yield* results are inferred", () => {
    writeFileSync(
      join(project, "main.ts"),
      `import { run, spawn, sleep, channel, type Task } from "spindle";
const answer: number = run(function* () {
  const t: Task<number> = yield* spawn(function* () { yield* sleep(5); return 21; });
  const ch = channel<string>(1);
  yield* ch.send("x");
  const got = yield* ch.recv();
  // @ts-expect-error: a received value is string | Closed, not number
  const wrong: number = got;
  return (yield* t) * 2 + String(wrong).length * 0;
});
console.log(answer);
// @ts-expect-error: internals are not exported
import("spindle/dist/cjs/kernel/scheduler.js");
`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, types: [] }, files: ["main.ts"] }),
    );
    const out = sh(node, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
    expect(out.trim()).toBe("");
  });
});

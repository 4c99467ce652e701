/**
 * The published package, as a user gets it: `npm pack`, installed into a
 * fresh project, used from CommonJS, from ESM and from TypeScript. Slow (it
 * builds, packs and installs), so everything is checked from one install.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildSync, transformSync } from "esbuild";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const node = process.execPath;
const sh = (file: string, args: string[], cwd: string): string =>
  execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } });

const tsc = (cwd: string): string => sh(node, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], cwd);

const program = `function* () { const t = yield* spawn(function* () { yield* sleep(5); return 21; }); return (yield* t) * 2 + (yield* now()); }`;

let project = "";
let files: string[] = [];
let packedBytes = 0;

beforeAll(() => {
  sh("npm", ["run", "--silent", "build"], root);
  const out = mkdtempSync(join(tmpdir(), "spindle-pack-"));
  // Built just above: without --ignore-scripts, npm pack would build again
  // (the prepare script) and its log would precede the JSON on stdout.
  const packed = JSON.parse(sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], root)) as [{ filename: string; size: number; files: { path: string }[] }];
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
    expect(packedBytes).toBeLessThan(450_000); // see docs/packaging.md
  });

  it("works from CommonJS", () => {
    const out = sh(node, ["-e", `const { run, spawn, sleep, now } = require("spindle"); console.log(run(${program}));`], project);
    expect(out.trim()).toBe("47");
  });

  it("works from ESM", () => {
    const out = sh(node, ["--input-type=module", "-e", `import { run, spawn, sleep, now } from "spindle"; console.log(run(${program}));`], project);
    expect(out.trim()).toBe("47");
  });

  it("gives the lint rule as spindle/eslint, from ESM and CommonJS, with no dependency to load", () => {
    const esm = sh(node, ["--input-type=module", "-e", `import spindle from "spindle/eslint"; console.log(Object.keys(spindle.rules).join(), typeof spindle.rules["no-floating-operation"].create);`], project);
    expect(esm.trim()).toBe("no-floating-operation function");
    const cjs = sh(node, ["-e", `const { noFloatingOperation } = require("spindle/eslint"); console.log(noFloatingOperation.meta.type);`], project);
    expect(cjs.trim()).toBe("problem");
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
    expect(code.length).toBeLessThan(48_000);
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
    expect(tsc(project).trim()).toBe("");
  });

  it("has types for every entry point under moduleResolution node10, the default for module commonjs", () => {
    const dir = join(project, "node10");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "main.ts"),
      `import { run, sleep, type Coroutine } from "spindle";
import { toPromise, runAsync } from "spindle/promise";
import { Instruction, WaitList, type Task } from "spindle/extend";
function* work(): Coroutine<number> { yield* sleep(1); return 2; }
const done: number = run(work);
const later: Promise<number> = runAsync(work);
const wrapped: (task: Task<number>) => Promise<number> = toPromise;
// @ts-expect-error: runAsync gives a Promise, not a number
const wrong: number = runAsync(work);
export { done, later, wrapped, wrong, Instruction, WaitList };
`,
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", moduleResolution: "node10", ignoreDeprecations: "6.0", target: "es2022", noEmit: true, types: [] }, files: ["main.ts"] }),
    );
    expect(tsc(dir).trim()).toBe("");
  });

  describe("the spindle command (npx spindle, docs/cli.md)", () => {
    // What npx runs: the bin that npm linked into node_modules/.bin.
    const npx = (command: string): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync("sh", ["-c", command], { cwd: project, encoding: "utf8", env: { ...process.env, npm_config_yes: "false", npm_config_offline: "true" } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const race = `import { sleep, spawn } from "spindle";
let tickets;
function* buy(wait) {
  if (wait > 0) yield* sleep(wait);
  yield* sleep(1);
  if (tickets === 0) return "sold out";
  yield* sleep(1);
  if (tickets === 0) throw new Error("sold a ticket that was no longer there");
  tickets--;
  return "bought";
}
export function* main() {
  tickets = 1;
  const a = yield* spawn(buy, 0);
  const b = yield* spawn(buy, 1);
  return [yield* a, yield* b].join(", ");
}
`;

    it("is installed as a bin, CommonJS only", () => {
      expect(files).toContain("dist/cjs/cli/main.js");
      expect(files.some((f) => f.startsWith("dist/esm/cli/") || f.startsWith("dist/types/cli/"))).toBe(false);
      const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin?: Record<string, string> };
      expect(pkg.bin).toEqual({ spindle: "dist/cjs/cli/main.js" });
    });

    it("runs a CommonJS program's main, and writes its trace", () => {
      writeFileSync(join(project, "prog.cjs"), `const { spawn, sleep, now } = require("spindle");\nexports.main = ${program};\n`);
      const r = npx("npx spindle run prog.cjs --trace out/prog.json");
      expect(r).toEqual({ code: 0, stdout: "47\n", stderr: "wrote the trace to out/prog.json (open it in ui.perfetto.dev or chrome://tracing)\n" });
      const trace = JSON.parse(readFileSync(join(project, "out", "prog.json"), "utf8")) as { traceEvents: { name: string }[] };
      expect(trace.traceEvents.filter((e) => e.name === "thread_name").length).toBe(2);
    });

    it("explores an ES module program, and the replay command it prints, run as printed, fails the same way", () => {
      writeFileSync(join(project, "race.mjs"), race);
      expect(npx("npx spindle run race.mjs")).toEqual({ code: 0, stdout: "bought, sold out\n", stderr: "" });
      const found = npx("npx spindle explore race.mjs --seed 1");
      expect(found.code).toBe(1);
      expect(found.stderr).toContain("  error: Error: sold a ticket that was no longer there\n");
      const command = /\nreplay it with:\n {2}(npx spindle replay race\.mjs --seed \d+)\n$/.exec(found.stderr)?.[1];
      expect(command).toBeDefined();
      const again = npx(command as string);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^spindle replay: main failed at t=3 \(seed \d+, strategy random\)\n {2}error: Error: sold a ticket that was no longer there\n/);
    });

    it("asks for tsx to run TypeScript, since the package does not depend on it", () => {
      writeFileSync(join(project, "prog.ts"), `import { sleep } from "spindle";\nexport function* main() { yield* sleep(1); }\n`);
      const r = npx("npx spindle run prog.ts");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("prog.ts is TypeScript, which Node cannot run by itself, and tsx is not installed");
      expect(r.stderr).toContain("npm install --save-dev tsx");
    });
  });

  it("requires a git or folder install to build dist/ (npm runs prepare for those, not for a tarball)", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["prepare"]).toBe("node scripts/build.mjs");
  });

  // The whole programs the README and the tutorial show import from
  // "spindle", as a user's code does. Unchanged, each must run against the
  // installed package as an ES module and as CommonJS and print what the
  // page says.
  const pages = ["README.md", "docs/tutorial.md"].map((page) => readFileSync(join(root, page), "utf8")).join("\n");
  const examples = [...pages.matchAll(/<!-- include: (examples\/[^\s#]+\.ts) -->\n```ts\n([\s\S]*?)\n```/g)];
  it("the README and the tutorial have whole programs to check", () => {
    expect(examples.map(([, path]) => path)).toEqual(["examples/first-example.ts", "examples/tutorial/step1.ts"]);
  });
  for (const [, path, code] of examples) {
    const source = code as string;
    const expected = readFileSync(join(root, "examples", "expected", (path as string).slice("examples/".length).replace(/\.ts$/, ".txt")), "utf8");
    for (const format of ["esm", "cjs"] as const) {
      it(`${path} runs unchanged as ${format === "esm" ? "an ES module" : "CommonJS"}`, () => {
        const file = join(project, `readme-${(path as string).replace(/\W/g, "-")}.${format === "esm" ? "mjs" : "cjs"}`);
        writeFileSync(file, transformSync(source, { loader: "ts", format }).code);
        expect(sh(node, [file], project)).toBe(expected);
      });
    }
  }
});

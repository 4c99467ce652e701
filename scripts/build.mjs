// Builds the package three ways from one source tree: CommonJS, ESM and type
// declarations. Each output folder gets a package.json naming its module
// format, so Node loads dist/esm as ESM and dist/cjs as CommonJS whatever the
// root package says.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";

const tsc = (args) =>
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", ...args], {
    stdio: "inherit",
  });

rmSync("dist", { recursive: true, force: true });
tsc(["--module", "commonjs", "--moduleResolution", "bundler", "--outDir", "dist/cjs"]);
tsc(["--module", "es2022", "--moduleResolution", "bundler", "--outDir", "dist/esm"]);
tsc(["--declaration", "--emitDeclarationOnly", "--outDir", "dist/types", "--sourceMap", "false"]);
for (const [dir, type] of [["dist/cjs", "commonjs"], ["dist/esm", "module"]]) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type, sideEffects: false }) + "\n");
}
// The `spindle` command (package.json's "bin") is CommonJS only: it has no
// ES module build and no types, since no entry point exports it.
rmSync("dist/esm/cli", { recursive: true, force: true });
rmSync("dist/types/cli", { recursive: true, force: true });
chmodSync("dist/cjs/cli/main.js", 0o755);
console.log("built dist/cjs, dist/esm, dist/types and the spindle command (dist/cjs/cli/main.js)");

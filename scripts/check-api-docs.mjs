/**
 * The API reference's check, run by `npm run lint` (so CI runs it): typedoc
 * with its validation on, notDocumented included, and every warning an
 * error. A public export, or a public member of one, without a doc comment,
 * a broken {@link}, or a type that the documented API refers to but no
 * entry point exports, fails the lint.
 *
 * The HTML goes to a temporary directory, removed afterwards; `npm run docs`
 * writes the real reference to docs/api/ (ignored by git).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = mkdtempSync(join(tmpdir(), "spindle-api-check-"));
try {
  const typedoc = join(root, "node_modules", "typedoc", "bin", "typedoc");
  const args = [typedoc, "--treatWarningsAsErrors", "--validation.notExported", "--validation.invalidLink", "--validation.notDocumented", "--logLevel", "Warn", "--out", out];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("check-api-docs: typedoc reported problems (above); `npm run docs` shows them too");
    process.exitCode = result.status ?? 1;
  } else {
    console.log("check-api-docs: the API reference builds with no warnings");
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

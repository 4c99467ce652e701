/**
 * A worker thread loads its module with Node's own loader: tsx's TypeScript
 * hooks do not reach worker threads (Node 20). A built application points
 * inWorker() at its compiled .js; these examples, which run from TypeScript
 * sources, bundle the worker module to one plain .mjs file with esbuild first.
 */
import { buildSync } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

// #region bundle
/** Bundles `entry` (TypeScript, with its imports) into a temporary .mjs file; gives its file URL. */
export function bundleWorker(entry: string): URL {
  const outfile = join(mkdtempSync(join(tmpdir(), "spindle-worker-")), basename(entry).replace(/\.ts$/, ".mjs"));
  buildSync({ entryPoints: [entry], outfile, bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "error" });
  return pathToFileURL(outfile);
}
// #endregion bundle

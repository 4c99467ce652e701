/// <reference types="node" />
/**
 * Loading a user's program for the `spindle` command: the file (JavaScript,
 * or TypeScript through tsx when the project has it), its exported `main`,
 * and the copy of spindle that the program itself uses.
 *
 * Why the copy matters: an operation of one copy of spindle cannot run on
 * another copy's scheduler (each has its own classes). A program loaded as
 * an ES module uses the package's ES module build, one loaded as CommonJS
 * the CommonJS build, and a program may even have spindle installed in
 * another folder than this command. So the command runs the program with
 * the copy the program loaded, and falls back to its own only when the
 * program loaded none it can see.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Spindle from "../index.js";
import { CliUsageError } from "./args.js";

/** What the command uses of spindle: taken from the copy the program uses. */
export type SpindleApi = Pick<typeof Spindle, "VirtualHost" | "TraceRecorder" | "toChromeTrace" | "timelineHtml" | "explore" | "replay" | "taskOfError" | "isDeadlockError">;

/** A loaded program. */
export interface LoadedProgram {
  /** The program: a generator function, called afresh for each run. */
  main: () => Spindle.Operation<unknown>;
  /** The copy of spindle the program uses. */
  spindle: SpindleApi;
  /** The program file's absolute path. */
  path: string;
}

const API_NAMES: (keyof SpindleApi)[] = ["VirtualHost", "TraceRecorder", "toChromeTrace", "timelineHtml", "explore", "replay", "taskOfError", "isDeadlockError"];
const EXTENSIONS = [".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"];

const ownRequire = createRequire(__filename);

// `import()` kept as it is in the CommonJS build (TypeScript would turn it
// into require(), which cannot load an ES module).
const importModule = new Function("url", "return import(url)") as (url: string) => Promise<Record<string, unknown>>;

/** "esm" or "cjs": how Node loads `file`, by its extension and the nearest package.json's "type". */
function formatOf(file: string): "esm" | "cjs" {
  const ext = extname(file);
  if (ext === ".mjs" || ext === ".mts") return "esm";
  if (ext === ".cjs" || ext === ".cts") return "cjs";
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown }).type === "module" ? "esm" : "cjs";
      } catch {
        return "cjs";
      }
    }
    if (dirname(dir) === dir) return "cjs";
  }
}

/** The file a package's exports map gives `import` of `subpath`, from the path of its package.json; null if none. */
function esmEntry(pkgPath: string, subpath: string): string | null {
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports?: Record<string, unknown> };
  let target: unknown = pkg.exports?.[subpath];
  while (typeof target === "object" && target !== null) {
    const conditions = target as Record<string, unknown>;
    target = conditions["import"] ?? conditions["default"];
  }
  return typeof target === "string" ? join(dirname(pkgPath), target) : null;
}

/** Resolves `id` from the folder of `file`, or gives null. */
function resolveFrom(file: string, id: string): string | null {
  try {
    return createRequire(file).resolve(id);
  } catch {
    return null;
  }
}

/**
 * Makes Node able to load TypeScript, with the tsx that the program's
 * folder or the current folder can find; refuses with what to do otherwise.
 */
async function enableTypeScript(file: string, display: string, format: "esm" | "cjs", cwd: string): Promise<void> {
  // Already running under tsx (or another TypeScript loader): nothing to do.
  if (".ts" in ownRequire.extensions) return;
  const base = [file, join(cwd, "noop.js")].find((f) => resolveFrom(f, "tsx/package.json") !== null);
  if (base === undefined) {
    throw new CliUsageError(
      `${display} is TypeScript, which Node cannot run by itself, and tsx is not installed where spindle looks for it (the file's folder and the current folder). ` +
        "Install it as a development dependency (npm install --save-dev tsx), or compile the program to JavaScript and give spindle the .js file.",
    );
  }
  if (format === "esm") {
    // tsx's ES module API, which installs its hooks for import(); found
    // through tsx's exports map, since require() gives its CommonJS variant.
    const entry = esmEntry(resolveFrom(base, "tsx/package.json") as string, "./esm/api");
    if (entry === null) throw new CliUsageError(`the tsx found for ${display} has no ES module API (tsx/esm/api); update it (npm install --save-dev tsx@latest)`);
    const api = await importModule(pathToFileURL(entry).href);
    (api["register"] as () => unknown)();
  } else {
    (ownRequire(resolveFrom(base, "tsx/cjs/api") as string) as { register: () => unknown }).register();
  }
}

/** The loaded copy of spindle that looks like `exports`, or null. */
function asSpindle(exports: unknown): SpindleApi | null {
  if (typeof exports !== "object" || exports === null) return null;
  const candidate = exports as Record<string, unknown>;
  return API_NAMES.every((name) => typeof candidate[name] === "function") ? (candidate as unknown as SpindleApi) : null;
}

/** The copies of spindle among the CommonJS modules loaded so far, by their entry's path. */
function loadedCopies(): Map<string, SpindleApi> {
  const copies = new Map<string, SpindleApi>();
  const seen = new Set<unknown>();
  for (const [path, mod] of Object.entries(ownRequire.cache)) {
    const copy = asSpindle(mod?.exports);
    if (copy === null || seen.has(copy.VirtualHost)) continue;
    seen.add(copy.VirtualHost);
    copies.set(path, copy);
  }
  return copies;
}

/** The copy of spindle that the program at `file` uses. */
async function spindleOf(file: string, format: "esm" | "cjs"): Promise<SpindleApi> {
  if (format === "esm") {
    // The ES module build of the spindle the program's folder resolves (the
    // program has loaded it already, so this is the same module).
    const pkgPath = resolveFrom(file, "spindle/package.json");
    const entry = pkgPath === null ? null : esmEntry(pkgPath, ".");
    if (entry !== null) {
      const copy = asSpindle(await importModule(pathToFileURL(entry).href));
      if (copy !== null) return copy;
    }
  }
  const copies = loadedCopies();
  if (copies.size === 1) return [...copies.values()][0] as SpindleApi;
  if (copies.size > 1) {
    // More than one copy is loaded: the one the program's folder resolves.
    const resolved = resolveFrom(file, "spindle");
    const copy = resolved === null ? undefined : copies.get(resolved);
    if (copy !== undefined) return copy;
  }
  return ownRequire("../index.js") as SpindleApi;
}

/** The program in a module's exports: `main`, else the default export. */
function mainOf(exports: Record<string, unknown>, display: string): () => Spindle.Operation<unknown> {
  const nested = typeof exports["default"] === "object" && exports["default"] !== null ? (exports["default"] as Record<string, unknown>) : {};
  const found = [exports["main"], exports["default"], nested["main"], nested["default"]].find((v) => typeof v === "function");
  if (found === undefined) {
    if (exports["main"] !== undefined) {
      throw new CliUsageError(`${display}: its main is ${typeof exports["main"]}, not a function; export the program as a generator function: export function* main() { ... }`);
    }
    throw new CliUsageError(
      `${display} exports no main and no default export; export the program as a generator function: export function* main() { ... } (or module.exports.main = function* () { ... })`,
    );
  }
  if (Object.prototype.toString.call(found) !== "[object GeneratorFunction]") {
    const name = (found as { name?: string }).name || "main";
    throw new CliUsageError(
      `${display}: its ${name} is a plain function, not a generator function; spindle runs main() as a task, so declare it function* main() { ... } ` +
        "(a main that calls run() itself is a script: run it with node or tsx instead)",
    );
  }
  return found as () => Spindle.Operation<unknown>;
}

/**
 * Loads the module at `file` (relative to `cwd`), TypeScript included (see
 * enableTypeScript): its exports, its path and how Node loaded it.
 *
 * @example
 * ```ts
 * const { exports } = await loadModule("examples/node/queue-model.ts", process.cwd());
 * ```
 */
export async function loadModule(file: string, cwd: string): Promise<{ exports: Record<string, unknown>; path: string; format: "esm" | "cjs" }> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliUsageError(`no such file: ${file} (looked for ${path}); give the path of the program's .js, .mjs, .cjs or .ts file`);
  if (!statSync(path).isFile()) throw new CliUsageError(`${file} is a folder; give the path of the program's file, such as ${join(file, "main.ts")}`);
  const ext = extname(path);
  if (!EXTENSIONS.includes(ext)) throw new CliUsageError(`${file}: spindle loads ${EXTENSIONS.join(", ")} files, not ${ext === "" ? "files without an extension" : ext}`);
  let format = formatOf(path);
  if (ext.endsWith("ts")) await enableTypeScript(path, file, format, cwd);
  let exports: Record<string, unknown>;
  try {
    if (format === "cjs") {
      try {
        exports = ownRequire(path) as Record<string, unknown>;
      } catch (error) {
        if ((error as { code?: unknown }).code !== "ERR_REQUIRE_ESM") throw error;
        format = "esm";
        exports = await importModule(pathToFileURL(path).href);
      }
    } else {
      exports = await importModule(pathToFileURL(path).href);
    }
  } catch (error) {
    throw new ProgramLoadError(file, error);
  }
  return { exports, path, format };
}

/**
 * Loads the program at `file` (relative to `cwd`): its main and the copy of
 * spindle it uses.
 *
 * @example
 * ```ts
 * const { main, spindle } = await loadProgram("examples/cli/hello.ts", process.cwd());
 * console.log(spindle.replay(main, 1).ok);
 * ```
 */
export async function loadProgram(file: string, cwd: string): Promise<LoadedProgram> {
  const { exports, path, format } = await loadModule(file, cwd);
  return { main: mainOf(exports, file), spindle: await spindleOf(path, format), path };
}

/**
 * The program threw while it was being loaded (a syntax error, a failing
 * import, a throw at top level): exit code 1.
 *
 * @example
 * ```ts
 * try { await loadProgram(file, cwd); } catch (e) { if (e instanceof ProgramLoadError) console.error(e.message); }
 * ```
 */
export class ProgramLoadError extends Error {
  /** What loading threw. */
  declare readonly cause: unknown;

  constructor(file: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const notFound = code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND";
    const text = cause instanceof Error ? (notFound ? cause.message.split("\n")[0] : (cause.stack ?? String(cause))) : String(cause);
    const hint = notFound && /['"]spindle['"]/.test(text) ? "\nInstall spindle in the program's project (npm install spindle, or the tarball or folder it comes from), so that its import of \"spindle\" resolves." : "";
    super(`loading ${file} failed: ${text}${hint}`);
    this.name = "ProgramLoadError";
    Object.defineProperty(this, "cause", { value: cause, enumerable: false });
  }
}

/**
 * Reads V8's --trace-deopt output (Node 20, V8 11.3; with --trace-opt and
 * --trace-file-names, which put the script path in every <JSFunction ...>).
 * The lines it knows, as V8 prints them:
 *
 *   [bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x… <JSFunction step </path/file.js> (sfi = 0x…)>, 0x… <Code TURBOFAN>, opt id 3, …]
 *   [marking dependent code 0x… <Code TURBOFAN> (0x… <SharedFunctionInfo step>) (opt id 3) for deoptimization, reason: weak objects]
 *
 * A bailout is code thrown away while running (eager: a check failed;
 * lazy: its frame was on the stack when the code was invalidated). A
 * "marking" line is optimised code invalidated without running it, e.g. by
 * a full GC that found objects the code embeds weakly (maps, closures) dead:
 * the next call starts over in the interpreter. The marking line names no
 * file, so its function is found by its SharedFunctionInfo address (or, if
 * that moved, its name) in the other lines, which do.
 */

/** The lines deopt-child.ts prints around the forced GC and the run after it. */
export const GC_MARKER = "@@gc-suite: forced full GC@@";
export const END_MARKER = "@@gc-suite: end of the run after GC@@";

export interface Deopt {
  /** "bailout: deopt-eager", "bailout: deopt-lazy", "marked", or "other". */
  kind: string;
  reason: string;
  name: string;
  /** The script the function is in; null when the trace does not say. */
  file: string | null;
}

// A name can itself be in angle brackets (<instance_members_initializer>), or empty.
const NAME = "((?:<[^<>]*>|[^<>])*?)";
const FUNCTION = new RegExp(`<JSFunction ${NAME} ?<([^<>]+)> \\(sfi = (0x[0-9a-f]+)\\)>`);
const BAILOUT = /^\[bailout \(kind: ([^,]+), reason: (.*?)\): begin\./;
const MARKED = new RegExp(`^\\[marking dependent code 0x[0-9a-f]+ <Code \\w+> \\((0x[0-9a-f]+) <SharedFunctionInfo ?${NAME}>\\) \\(opt id \\d+\\) for deoptimization, reason: (.*)\\]`);

/** Addresses print with and without leading zeros; compare them as numbers. */
const addr = (hex: string): string => BigInt(hex).toString(16);

/** Where each function (by sfi address, and by name when unambiguous) lives, from every line that names its file. */
export class FunctionFiles {
  private readonly bySfi = new Map<string, string>();
  private readonly byName = new Map<string, Set<string>>();

  learn(line: string): void {
    const m = FUNCTION.exec(line);
    if (m === null) return;
    const [, name = "", file = "", sfi = "0x0"] = m;
    this.bySfi.set(addr(sfi), file);
    let files = this.byName.get(name);
    if (files === undefined) this.byName.set(name, (files = new Set()));
    files.add(file);
  }

  fileOf(sfi: string, name: string): string | null {
    const bySfi = this.bySfi.get(addr(sfi));
    if (bySfi !== undefined) return bySfi;
    const files = this.byName.get(name);
    return files !== undefined && files.size === 1 ? ([...files][0] as string) : null;
  }
}

/** The deopt in one trace line, or null if the line is not one. */
export function parseDeopt(line: string, files: FunctionFiles): Deopt | null {
  const b = BAILOUT.exec(line);
  if (b !== null) {
    const f = FUNCTION.exec(line);
    return { kind: `bailout: ${b[1] ?? "?"}`, reason: b[2] ?? "?", name: f?.[1] || "(anonymous)", file: f?.[2] ?? null };
  }
  const m = MARKED.exec(line);
  if (m !== null) {
    const [, sfi = "0x0", name = "", reason = "?"] = m;
    return { kind: "marked", reason, name: name || "(anonymous)", file: files.fileOf(sfi, name) };
  }
  // Anything else that says it deoptimizes: counted, so a format this parser does not know cannot hide deopts.
  if (/deoptimiz/i.test(line) && line.startsWith("[")) return { kind: "other", reason: line.slice(0, 300), name: "?", file: null };
  return null;
}

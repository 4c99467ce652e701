/// <reference types="node" />
/**
 * The subcommands of `spindle`: run, explore and replay. Everything spindle
 * itself reports goes to stderr; stdout carries only the program's own
 * output and what its main returns, so that it can be piped.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { TraceEvent, TraceRecorder } from "../index.js";
import { CliUsageError, helpText, parseArgs, replayCommand } from "./args.js";
import type { CliArgs } from "./args.js";
import { ProgramLoadError, loadProgram } from "./load.js";
import type { LoadedProgram, SpindleApi } from "./load.js";
import { sweepCli } from "./sweep.js";
import { ProgressBar } from "../node/progress-bar.js";
import type { ProgressBarStream } from "../node/progress-bar.js";

/** Where the command writes, and the folder it runs in. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Where `spindle run` draws its progress bar (process.stderr); none without it. */
  progressStream?: ProgressBarStream;
}

/** The folder of spindle's own sources (or build): its stack frames are not the program's. */
const SPINDLE_DIR = dirname(__dirname);

/** The first stack frame of `error` in the program's own code, relative to `cwd`. */
function whereThrown(error: unknown, cwd: string): string | null {
  const stack = error instanceof Error ? error.stack : undefined;
  if (typeof stack !== "string") return null;
  for (const line of stack.split("\n")) {
    const m = /^\s+at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (m === null) continue;
    let file = m[1] as string;
    if (file.startsWith("file://")) file = fileURLToPath(file);
    if (!isAbsolute(file) || file.includes(`${sep}node_modules${sep}`) || file.startsWith(SPINDLE_DIR + sep)) continue;
    const shown = relative(cwd, file);
    return `${shown.startsWith("..") ? file : shown}:${m[2]}:${m[3]}`;
  }
  return null;
}

/** The lines that describe a failure: the error, the task it came from, where. */
function failureLines(error: unknown, spindle: SpindleApi, cwd: string): string[] {
  if (spindle.isDeadlockError(error)) return error.message.split("\n").map((l) => `  ${l}`);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown value ${inspect(error)}`;
  const [first, ...more] = text.split("\n");
  const lines = [`  error: ${first}`, ...more.map((l) => `    ${l}`)];
  const task = spindle.taskOfError(error);
  if (task !== undefined) lines.push(`  thrown in: ${task}`);
  const at = whereThrown(error, cwd);
  if (at !== null) lines.push(`  at: ${at}`);
  return lines;
}

/** What main returned, as printed on stdout. */
function shown(value: unknown): string | null {
  if (value === undefined) return null;
  return typeof value === "string" ? value : inspect(value, { depth: 6 });
}

/** Writes the trace and timeline files asked for, and says so on stderr. */
function writeOutputs(args: CliArgs, events: readonly TraceEvent[], title: string, spindle: SpindleApi, io: CliIo): void {
  const write = (file: string, text: string): void => {
    const path = resolve(io.cwd, file);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } catch (error) {
      throw new CliUsageError(`cannot write ${file}: ${(error as Error).message}; give a path in a folder you can write to`);
    }
  };
  if (args.trace !== null) {
    write(args.trace, JSON.stringify(spindle.toChromeTrace(events)));
    io.stderr(`wrote the trace to ${args.trace} (open it in ui.perfetto.dev or chrome://tracing)\n`);
  }
  if (args.timeline !== null) {
    write(args.timeline, spindle.timelineHtml(events, { title }));
    io.stderr(`wrote the timeline to ${args.timeline} (open it in a browser)\n`);
  }
}

function wantsTrace(args: CliArgs): boolean {
  return args.trace !== null || args.timeline !== null;
}

/**
 * The progress bar `spindle run` draws, or null when it would draw nothing
 * (then the run is not sliced for it either).
 *
 * @example
 * ```ts
 * const bar = progressBarFor(args, io); // null unless io.progressStream is a terminal
 * ```
 */
export function progressBarFor(args: CliArgs, io: CliIo): ProgressBar | null {
  if (args.progress === "off" || io.progressStream === undefined) return null;
  // --progress: draw on a terminal even when CI is set.
  const bar = new ProgressBar({ stream: io.progressStream, label: "spindle run", ...(args.progress === "on" ? { env: {} } : {}) });
  return bar.enabled ? bar : null;
}

function runCommand(args: CliArgs, program: LoadedProgram, io: CliIo): number {
  const { spindle, main } = program;
  const trace: TraceRecorder | undefined = wantsTrace(args) ? new spindle.TraceRecorder() : undefined;
  const bar = progressBarFor(args, io);
  const host = new spindle.VirtualHost({ seed: args.seed, ...(trace === undefined ? {} : { tracer: trace }), ...(bar === null ? {} : { onProgress: bar.update }) });
  const task = host.spawn(main);
  let failure: { error: unknown } | null = null;
  let finished = true;
  try {
    if (args.until === null) host.runTask(task);
    else {
      host.runUntil(args.until);
      finished = task.isFinished;
      if (task.state === "failed") failure = { error: task.error };
    }
  } catch (error) {
    failure = { error };
  } finally {
    bar?.finish();
  }
  const deadlock = failure !== null && spindle.isDeadlockError(failure.error);
  const dump = (): void => {
    const text = host.scheduler.dump();
    io.stderr(`the live tasks at t=${host.now} (scheduler.dump()):\n${text === "" ? "  (none)" : text.split("\n").map((l) => `  ${l}`).join("\n")}\n`);
  };
  let code = 0;
  if (failure !== null) {
    io.stderr(`spindle run: ${deadlock ? "deadlock" : "main failed"} at t=${host.now} (seed ${args.seed})\n${failureLines(failure.error, spindle, io.cwd).join("\n")}\n`);
    if (deadlock || args.dump) dump();
    code = 1;
  } else if (!finished) {
    io.stderr(`spindle run: main had not finished at t=${args.until} (--until ${args.until}, seed ${args.seed})\n`);
    dump();
    code = 1;
  } else {
    const out = shown(task.value);
    if (out !== null) io.stdout(out + "\n");
    if (args.dump) dump();
  }
  if (trace !== undefined) writeOutputs(args, trace.events, `${args.file}, seed ${args.seed}`, spindle, io);
  return code;
}

/** Runs `body` with the console silenced: explore runs the program many times. */
function quietly<T>(body: () => T): T {
  const methods = ["log", "info", "debug", "warn", "error", "trace", "dir", "table"] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = () => undefined;
  try {
    return body();
  } finally {
    methods.forEach((m, i) => {
      console[m] = saved[i] as never;
    });
  }
}

function strategyText(args: CliArgs): string {
  return args.strategy === "pct" ? `strategy pct, depth ${args.depth}` : "strategy random";
}

function exploreCommand(args: CliArgs, program: LoadedProgram, io: CliIo): number {
  const { spindle, main } = program;
  const options = { runs: args.runs, seed: args.seed, strategy: args.strategy, depth: args.depth };
  const found = quietly(() => spindle.explore(main, options));
  if (found.ok) {
    io.stderr(`spindle explore: ${found.runs} run${found.runs === 1 ? "" : "s"}, no failure (${strategyText(args)}, base seed ${args.seed})\n`);
    return 0;
  }
  const lines = [`spindle explore: run ${found.run + 1} of ${args.runs} failed (${strategyText(args)}, base seed ${args.seed})`, `  seed: ${found.seed}`, ...failureLines(found.error, spindle, io.cwd)];
  io.stderr(lines.join("\n") + "\n");
  if (wantsTrace(args)) {
    const again = quietly(() => spindle.replay(main, found.seed, { strategy: args.strategy, depth: args.depth }));
    writeOutputs(args, again.trace.events, `${args.file}, seed ${found.seed} (${strategyText(args)})`, spindle, io);
  }
  io.stderr(`replay it with:\n  ${replayCommand(args, found.seed)}\n`);
  return 1;
}

function replayCommandRun(args: CliArgs, program: LoadedProgram, io: CliIo): number {
  const { spindle, main } = program;
  const result = spindle.replay(main, args.seed, { strategy: args.strategy, depth: args.depth });
  const events = result.trace.events;
  const title = `${args.file}, seed ${args.seed} (${strategyText(args)})`;
  if (!result.ok) {
    const at = events.length === 0 ? 0 : (events[events.length - 1] as TraceEvent).t;
    const deadlock = spindle.isDeadlockError(result.error);
    io.stderr(`spindle replay: ${deadlock ? "deadlock" : "main failed"} at t=${at} (seed ${args.seed}, ${strategyText(args)})\n${failureLines(result.error, spindle, io.cwd).join("\n")}\n`);
    writeOutputs(args, events, title, spindle, io);
    return 1;
  }
  const out = shown(result.value);
  if (out !== null) io.stdout(out + "\n");
  io.stderr(`spindle replay: passed (seed ${args.seed}, ${strategyText(args)})\n`);
  writeOutputs(args, events, title, spindle, io);
  return 0;
}

/** The version of the spindle package this command belongs to. */
function version(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "spindle" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no package.json here: look further up
    }
  }
  return "unknown";
}

/**
 * Carries out one `spindle` command line and gives the exit code: 0 for
 * success, 1 when the program failed (or explore found a failing run), 2
 * for bad usage.
 *
 * @example
 * ```ts
 * const code = await cli(["run", "examples/cli/hello.ts"], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() });
 * ```
 */
export async function cli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    if (argv[0] === "sweep" || argv[0] === "merge") return await sweepCli(argv, io);
    const parsed = parseArgs(argv);
    if (parsed.kind === "help") {
      io.stdout(helpText(parsed.command));
      return 0;
    }
    if (parsed.kind === "version") {
      io.stdout(`spindle ${version()}\n`);
      return 0;
    }
    const { args } = parsed;
    const program = await loadProgram(args.file, io.cwd);
    if (args.command === "run") return runCommand(args, program, io);
    if (args.command === "explore") return exploreCommand(args, program, io);
    return replayCommandRun(args, program, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`${error.message.startsWith("spindle ") ? "" : "spindle: "}${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ProgramLoadError) {
      io.stderr(`spindle: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

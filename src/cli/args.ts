/**
 * The command line of `spindle`: its subcommands, their options, and the
 * refusals of bad input, each saying what to write instead.
 *
 * Parsing is pure (no file system, no process), so it is tested in-process;
 * src/cli/main.ts does the rest.
 */

import { MERGE_USAGE, SWEEP_USAGE } from "./sweep-usage.js";

/**
 * A mistake on the command line, or a program that cannot be loaded: exit
 * code 2, and a message that says what to do.
 *
 * @example
 * ```ts
 * throw new CliUsageError("--runs 0: expected an integer >= 1, such as --runs 1000");
 * ```
 */
export class CliUsageError extends Error {
  /** The process's exit code for this error. */
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** The subcommands parsed here (sweep and merge: src/cli/sweep-args.ts). */
export type Command = "run" | "explore" | "replay";

/** What the command line asks for. */
export interface CliArgs {
  command: Command;
  /** The program file, as written on the command line. */
  file: string;
  /** run and replay: the seed; explore: the base seed (default 0). */
  seed: number;
  /** explore: how many runs at most (default 100). */
  runs: number;
  /** explore and replay: the schedule policy (default "random"). */
  strategy: "random" | "pct";
  /** explore and replay with pct: the bug depth (default 3). */
  depth: number;
  /** Where to write the Chrome/Perfetto trace, if asked. */
  trace: string | null;
  /** Where to write the HTML timeline, if asked. */
  timeline: string | null;
  /** run: print scheduler.dump() where the run stopped. */
  dump: boolean;
  /** run: stop the virtual clock at this time (ms) instead of running to the end. */
  until: number | null;
  /** run: the progress bar on stderr: "auto" draws it on a terminal unless CI is set, "on" also in CI (still only on a terminal), "off" never. */
  progress: "auto" | "on" | "off";
}

/** Either a command to carry out, or a request for help or the version. */
export type Parsed = { kind: "command"; args: CliArgs } | { kind: "help"; command: Command | null } | { kind: "version" };

/** Options each subcommand takes, with the placeholder of their value (null: a flag). */
const OPTIONS: Record<Command, Record<string, string | null>> = {
  run: { "--seed": "S", "--trace": "FILE.json", "--timeline": "FILE.html", "--dump": null, "--until": "T", "--progress": null, "--no-progress": null },
  explore: { "--runs": "N", "--seed": "S", "--strategy": "random|pct", "--depth": "D", "--trace": "FILE.json", "--timeline": "FILE.html" },
  replay: { "--seed": "S", "--strategy": "random|pct", "--depth": "D", "--trace": "FILE.json", "--timeline": "FILE.html" },
};

const COMMANDS = Object.keys(OPTIONS) as Command[];

/**
 * The text of `spindle --help`, or of `spindle <command> --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText("explore"));
 * ```
 */
export function helpText(command: Command | null): string {
  const usage: Record<Command, string[]> = {
    run: [
      "spindle run <file> [--seed S] [--trace FILE.json] [--timeline FILE.html] [--dump] [--until T] [--no-progress]",
      "  Runs the file's exported main (a generator function; or its default export) on the",
      "  virtual clock, prints what it returns, and exits with 1 if it fails or deadlocks.",
      "  --seed S            the seed of random() (an integer in [0, 2^32), default 0)",
      "  --trace FILE.json   write the run's trace in the Chrome Trace Event format (open it in ui.perfetto.dev)",
      "  --timeline FILE.html write the run's timeline as one HTML page",
      "  --dump              print scheduler.dump() (every live task and what it waits on) where the run stopped",
      "  --until T           stop the virtual clock at T ms; main not finished by then is a failure",
      "  --progress, --no-progress  a live progress line on stderr while the run takes long: drawn by default",
      "                      when stderr is a terminal and CI is not set; --progress draws it in CI too",
    ],
    explore: [
      "spindle explore <file> [--runs N] [--seed S] [--strategy random|pct] [--depth D] [--trace FILE.json] [--timeline FILE.html]",
      "  Runs main again and again, each time letting a seeded policy choose which ready task",
      "  runs next, and stops at the first run that fails. Prints its seed and the command that",
      "  replays it; exits with 1 if a run failed. The program's console output is silenced.",
      "  --runs N            how many runs at most (default 100)",
      "  --seed S            the base seed; each run's seed is derived from it (default 0)",
      "  --strategy random|pct pick uniformly among the ready tasks (default), or by PCT priorities",
      "  --depth D           with pct: the bug depth, the number of priority changes plus one (default 3)",
      "  --trace, --timeline on a failure, write the failing run's trace or timeline",
    ],
    replay: [
      "spindle replay <file> --seed S [--strategy random|pct] [--depth D] [--trace FILE.json] [--timeline FILE.html]",
      "  Runs main once more under the schedule of a seed that spindle explore reported (give the",
      "  same strategy and depth), prints what it returns, and exits with 1 if it fails.",
    ],
  };
  if (command !== null) return usage[command].join("\n") + "\n";
  return [
    "spindle: run a spindle program on the virtual clock, explore its schedules, replay a failing one.",
    "",
    "The file (.js, .cjs, .mjs, .ts, .cts or .mts) exports its program as a generator function:",
    "  export function* main() { ... }",
    "TypeScript files need tsx installed where the file or the current folder can find it",
    "(npm install --save-dev tsx), or compile them to JavaScript first.",
    "",
    ...usage.run,
    "",
    ...usage.explore,
    "",
    ...usage.replay,
    "",
    ...SWEEP_USAGE,
    "",
    ...MERGE_USAGE,
    "",
    "spindle --help | spindle <command> --help | spindle --version",
    "Exit codes: 0 success, 1 the program failed (or explore found a failing run, or a sweep's replication",
    "failed, or its shard files do not merge), 2 bad usage.",
  ].join("\n") + "\n";
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** `text` as an integer in [min, max], else a CliUsageError: "`option` `text`: expected `hint`". */
export function integer(option: string, text: string, min: number, max: number, hint: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${option} ${text}: expected ${hint}`);
  }
  return value;
}

/** The words after a command word: the files, and each option given with its value ("" for a flag). */
export interface CommandWords {
  files: string[];
  values: Map<string, string>;
}

/**
 * Splits the words after `spindle <command>` into files and options, for
 * every command: `--name value` or `--name=value` for an option with a
 * placeholder in `allowed`, `--name` alone for a flag (null placeholder).
 * Gives "help" for `--help`/`-h`. Refuses an unknown option (naming the
 * nearest one, or the commands `elsewhere` says take it), an option given
 * twice, a value missing, and a value given to a flag.
 */
export function readCommandWords(command: string, words: readonly string[], allowed: Record<string, string | null>, elsewhere: (name: string) => string[] = () => []): CommandWords | "help" {
  const files: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "--help" || word === "-h") return "help";
    if (!word.startsWith("-") || word === "-") {
      files.push(word);
      continue;
    }
    const eq = word.indexOf("=");
    const name = eq > 0 ? word.slice(0, eq) : word;
    if (!(name in allowed)) {
      const guess = closest(name, Object.keys(allowed));
      const others = elsewhere(name);
      const hint = guess !== null ? ` (did you mean ${guess}?)` : others.length > 0 ? ` (it is an option of spindle ${others.join(" and ")})` : "";
      throw new CliUsageError(`spindle ${command}: unknown option ${name}${hint}; its options are ${Object.keys(allowed).join(", ")} (spindle ${command} --help says more)`);
    }
    if (values.has(name)) throw new CliUsageError(`spindle ${command}: ${name} is given twice; give it once`);
    const placeholder = allowed[name] as string | null;
    let value: string;
    if (placeholder === null) {
      if (eq > 0) throw new CliUsageError(`spindle ${command}: ${name} takes no value; write ${name} alone`);
      value = "";
    } else if (eq > 0) {
      value = word.slice(eq + 1);
    } else {
      const next = words[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) throw new CliUsageError(`spindle ${command}: ${name} needs a value: ${name} ${placeholder}`);
      value = next;
      i++;
    }
    values.set(name, value);
  }
  return { files, values };
}

/**
 * Reads the command line (without `node` and the script).
 *
 * @example
 * ```ts
 * const parsed = parseArgs(["explore", "race.ts", "--runs", "500", "--seed", "7"]);
 * if (parsed.kind === "command") console.log(parsed.args.runs); // 500
 * ```
 */
export function parseArgs(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined) throw new CliUsageError("spindle needs a command: spindle run <file>, spindle explore <file> or spindle replay <file> --seed S (spindle --help says more)");
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = rest[0];
    return { kind: "help", command: topic !== undefined && (COMMANDS as string[]).includes(topic) ? (topic as Command) : null };
  }
  if (first === "--version" || first === "-v") return { kind: "version" };
  if (!(COMMANDS as string[]).includes(first)) {
    const guess = closest(first, [...COMMANDS, "sweep", "merge"]);
    const hint = first.endsWith(".ts") || first.endsWith("js") ? ` (to run a file: spindle run ${first})` : guess !== null ? ` (did you mean spindle ${guess}?)` : "";
    throw new CliUsageError(`unknown command "${first}"${hint}; the commands are run, explore, replay, sweep and merge (spindle --help says more)`);
  }
  const command = first as Command;
  const allowed = OPTIONS[command];
  const args: CliArgs = { command, file: "", seed: 0, runs: 100, strategy: "random", depth: 3, trace: null, timeline: null, dump: false, until: null, progress: "auto" };
  const read = readCommandWords(command, rest, allowed, (name) => COMMANDS.filter((c) => c !== command && name in OPTIONS[c]));
  if (read === "help") return { kind: "help", command };
  const { files, values: given } = read;
  for (const [name, value] of given) {
    switch (name) {
      case "--seed":
        args.seed = integer(name, value, 0, 4294967295, "an integer in [0, 2^32), such as --seed 42");
        break;
      case "--runs":
        args.runs = integer(name, value, 1, Number.MAX_SAFE_INTEGER, "an integer >= 1, such as --runs 1000");
        break;
      case "--depth":
        args.depth = integer(name, value, 1, Number.MAX_SAFE_INTEGER, "an integer >= 1, such as --depth 3");
        break;
      case "--until":
        if (!/^\d+(\.\d+)?$/.test(value)) throw new CliUsageError(`${name} ${value}: expected a time in virtual milliseconds >= 0, such as --until 60000`);
        args.until = Number(value);
        break;
      case "--strategy":
        if (value !== "random" && value !== "pct") throw new CliUsageError(`--strategy ${value}: expected random or pct`);
        args.strategy = value;
        break;
      case "--trace":
        if (value === "") throw new CliUsageError(`${name} needs a file name, such as ${name} run.trace.json`);
        args.trace = value;
        break;
      case "--timeline":
        if (value === "") throw new CliUsageError(`${name} needs a file name, such as ${name} run.timeline.html`);
        args.timeline = value;
        break;
      case "--dump":
        args.dump = true;
        break;
      case "--progress":
      case "--no-progress":
        if (args.progress !== "auto") throw new CliUsageError(`spindle ${command}: --progress and --no-progress contradict each other; give one`);
        args.progress = name === "--progress" ? "on" : "off";
        break;
    }
  }
  if (files.length === 0) throw new CliUsageError(`spindle ${command} needs the program's file: spindle ${command} path/to/program.ts${command === "replay" ? " --seed S" : ""}`);
  if (files.length > 1) throw new CliUsageError(`spindle ${command} takes one file, but was given ${files.length}: ${files.join(" ")}`);
  args.file = files[0] as string;
  if (command === "replay" && !given.has("--seed")) {
    throw new CliUsageError(`spindle replay needs the seed of the run to replay: spindle replay ${args.file} --seed S (spindle explore prints it)`);
  }
  if (given.has("--depth") && args.strategy !== "pct") throw new CliUsageError(`spindle ${command}: --depth applies to --strategy pct only; add --strategy pct or leave out --depth`);
  return { kind: "command", args };
}

/**
 * Quotes `word` for a POSIX shell when it needs it.
 *
 * @example
 * ```ts
 * shellQuote("my race.ts"); // "'my race.ts'"
 * ```
 */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line that replays run `seed` of an exploration with these
 * arguments: what `spindle explore` prints on a failure.
 *
 * @example
 * ```ts
 * replayCommand({ ...args, command: "explore" }, 3445983177); // "npx spindle replay race.ts --seed 3445983177"
 * ```
 */
export function replayCommand(args: CliArgs, seed: number): string {
  const words = ["npx", "spindle", "replay", args.file, "--seed", String(seed)];
  if (args.strategy === "pct") words.push("--strategy", "pct", "--depth", String(args.depth));
  if (args.trace !== null) words.push("--trace", args.trace);
  if (args.timeline !== null) words.push("--timeline", args.timeline);
  return words.map(shellQuote).join(" ");
}

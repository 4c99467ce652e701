/**
 * The `spindle` command line, parsed in-process: defaults, both option
 * spellings, and a refusal that says what to write for each kind of mistake.
 * (test/cli/cli.test.ts runs the command itself.)
 */
import { CliUsageError, helpText, parseArgs, replayCommand, shellQuote } from "../../src/cli/args.js";
import type { CliArgs } from "../../src/cli/args.js";

function argsOf(argv: string[]): CliArgs {
  const parsed = parseArgs(argv);
  if (parsed.kind !== "command") throw new Error(`expected a command, got ${parsed.kind}`);
  return parsed.args;
}

function refusal(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    expect((error as CliUsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) accepted it`);
}

describe("parseArgs", () => {
  it("gives each command its defaults", () => {
    expect(argsOf(["run", "p.ts"])).toEqual({ command: "run", file: "p.ts", seed: 0, runs: 100, strategy: "random", depth: 3, trace: null, timeline: null, dump: false, until: null, progress: "auto" });
    expect(argsOf(["explore", "p.ts"])).toMatchObject({ command: "explore", runs: 100, seed: 0, strategy: "random" });
  });

  it("reads options with a space or an equals sign, before or after the file", () => {
    expect(argsOf(["explore", "--runs", "500", "p.ts", "--seed=7", "--strategy", "pct", "--depth=2", "--trace", "t.json"])).toMatchObject({
      file: "p.ts",
      runs: 500,
      seed: 7,
      strategy: "pct",
      depth: 2,
      trace: "t.json",
    });
    expect(argsOf(["run", "p.ts", "--dump", "--until", "2.5", "--timeline", "t.html", "--seed", "4294967295"])).toMatchObject({ dump: true, until: 2.5, timeline: "t.html", seed: 4294967295 });
    expect(argsOf(["replay", "p.ts", "--seed", "3445983177"])).toMatchObject({ command: "replay", seed: 3445983177 });
  });

  it("gives help and the version", () => {
    expect(parseArgs(["--help"])).toEqual({ kind: "help", command: null });
    expect(parseArgs(["help", "explore"])).toEqual({ kind: "help", command: "explore" });
    expect(parseArgs(["replay", "-h"])).toEqual({ kind: "help", command: "replay" });
    expect(parseArgs(["--version"])).toEqual({ kind: "version" });
    expect(helpText(null)).toMatch(/spindle run <file>[\s\S]*spindle explore <file>[\s\S]*spindle replay <file> --seed S/);
    expect(helpText("run")).not.toMatch(/spindle explore/);
  });

  it.each([
    [[], "spindle needs a command: spindle run <file>"],
    [["go", "p.ts"], 'unknown command "go"; the commands are run, explore, replay, sweep and merge'],
    [["exlpore", "p.ts"], "(did you mean spindle explore?)"],
    [["p.ts"], "(to run a file: spindle run p.ts)"],
    [["run"], "spindle run needs the program's file: spindle run path/to/program.ts"],
    [["run", "a.ts", "b.ts"], "spindle run takes one file, but was given 2: a.ts b.ts"],
    [["run", "p.ts", "--sed", "3"], "spindle run: unknown option --sed (did you mean --seed?)"],
    [["run", "p.ts", "--runs", "3"], "unknown option --runs (it is an option of spindle explore)"],
    [["explore", "p.ts", "--dump"], "unknown option --dump (it is an option of spindle run)"],
    [["run", "p.ts", "--seed"], "spindle run: --seed needs a value: --seed S"],
    [["run", "p.ts", "--seed", "--dump"], "--seed needs a value"],
    [["run", "p.ts", "--seed", "seven"], "--seed seven: expected an integer in [0, 2^32), such as --seed 42"],
    [["run", "p.ts", "--seed", "-1"], "--seed -1: expected an integer in [0, 2^32)"],
    [["run", "p.ts", "--seed", "4294967296"], "--seed 4294967296: expected an integer in [0, 2^32)"],
    [["run", "p.ts", "--seed", "1", "--seed", "2"], "--seed is given twice; give it once"],
    [["run", "p.ts", "--dump=yes"], "--dump takes no value; write --dump alone"],
    [["run", "p.ts", "--until", "soon"], "--until soon: expected a time in virtual milliseconds >= 0"],
    [["explore", "p.ts", "--runs", "0"], "--runs 0: expected an integer >= 1, such as --runs 1000"],
    [["explore", "p.ts", "--strategy", "dfs"], "--strategy dfs: expected random or pct"],
    [["explore", "p.ts", "--depth", "2"], "--depth applies to --strategy pct only; add --strategy pct or leave out --depth"],
    [["explore", "p.ts", "--trace="], "--trace needs a file name, such as --trace run.trace.json"],
    [["replay", "p.ts"], "spindle replay needs the seed of the run to replay: spindle replay p.ts --seed S (spindle explore prints it)"],
  ])("refuses %j: %s", (argv, message) => {
    expect(refusal(argv)).toContain(message);
  });
});

describe("replayCommand", () => {
  const base = argsOf(["explore", "examples/cli/tickets.ts"]);

  it("names the file, the seed, and the strategy and depth when they are not the default", () => {
    expect(replayCommand(base, 3445983177)).toBe("npx spindle replay examples/cli/tickets.ts --seed 3445983177");
    expect(replayCommand({ ...base, strategy: "pct", depth: 2 }, 5)).toBe("npx spindle replay examples/cli/tickets.ts --seed 5 --strategy pct --depth 2");
    expect(replayCommand({ ...base, trace: "out/t.json", timeline: "t.html" }, 5)).toBe("npx spindle replay examples/cli/tickets.ts --seed 5 --trace out/t.json --timeline t.html");
  });

  it("quotes what a shell would split or expand", () => {
    expect(replayCommand({ ...base, file: "my tests/it's.ts" }, 1)).toBe("npx spindle replay 'my tests/it'\\''s.ts' --seed 1");
    expect(shellQuote("a$b")).toBe("'a$b'");
    expect(shellQuote("C:/x/y.ts")).toBe("C:/x/y.ts");
  });
});

/**
 * `spindle run`'s progress bar: --progress and --no-progress on the command
 * line, the bar drawn on a terminal only (and, unless --progress, not in
 * CI), and a run whose stderr is a pipe printing exactly what it did before.
 */
import { CliUsageError, parseArgs } from "../../src/cli/args.js";
import type { CliArgs } from "../../src/cli/args.js";
import { progressBarFor } from "../../src/cli/commands.js";
import type { CliIo } from "../../src/cli/commands.js";
import type { ProgressBarStream } from "../../src/node.js";
import { ROOT, spindle } from "./run-cli.js";
import type { Result } from "./run-cli.js";


function argsOf(argv: string[]): CliArgs {
  const parsed = parseArgs(argv);
  if (parsed.kind !== "command") throw new Error("not a command");
  return parsed.args;
}

function ioWith(stream: ProgressBarStream | undefined): CliIo {
  const io: CliIo = { stdout: () => {}, stderr: () => {}, cwd: ROOT };
  if (stream !== undefined) io.progressStream = stream;
  return io;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return spindle(args, env);
}

describe("spindle run --progress", () => {
  it("parses --progress and --no-progress, and refuses both together", () => {
    expect(argsOf(["run", "p.ts"]).progress).toBe("auto");
    expect(argsOf(["run", "p.ts", "--progress"]).progress).toBe("on");
    expect(argsOf(["run", "p.ts", "--no-progress"]).progress).toBe("off");
    expect(() => parseArgs(["run", "p.ts", "--progress", "--no-progress"])).toThrow(new CliUsageError("spindle run: --progress and --no-progress contradict each other; give one"));
    expect(() => parseArgs(["explore", "p.ts", "--progress"])).toThrow(CliUsageError);
  });

  it("draws on a terminal by default, not on a pipe, not with --no-progress, and in CI only with --progress", () => {
    const tty: ProgressBarStream = { isTTY: true, columns: 80, write: () => true };
    const pipe: ProgressBarStream = { isTTY: false, write: () => true };
    const withCi = (body: () => void): void => {
      const before = process.env["CI"];
      process.env["CI"] = "true";
      try {
        body();
      } finally {
        if (before === undefined) delete process.env["CI"];
        else process.env["CI"] = before;
      }
    };
    const auto = argsOf(["run", "p.ts"]);
    const on = argsOf(["run", "p.ts", "--progress"]);
    const off = argsOf(["run", "p.ts", "--no-progress"]);
    withCi(() => {
      expect(progressBarFor(auto, ioWith(tty))).toBeNull();
      expect(progressBarFor(on, ioWith(tty))).not.toBeNull();
    });
    const before = process.env["CI"];
    delete process.env["CI"];
    try {
      expect(progressBarFor(auto, ioWith(tty))).not.toBeNull();
    } finally {
      if (before !== undefined) process.env["CI"] = before;
    }
    expect(progressBarFor(off, ioWith(tty))).toBeNull();
    expect(progressBarFor(on, ioWith(pipe))).toBeNull();
    expect(progressBarFor(on, ioWith(undefined))).toBeNull();
  });

  it("with stderr a pipe, --progress changes nothing in what the command prints", async () => {
    const env = { ...process.env };
    delete env["CI"];
    const [plain, progress] = await Promise.all([runCli(["run", "examples/cli/hello.ts"], env), runCli(["run", "examples/cli/hello.ts", "--progress"], env)]);
    expect(plain).toEqual({ code: 0, stdout: "[120 ms] coffee is ready\n[180 ms] tea is ready\nserved coffee and tea\n", stderr: "" });
    expect(progress).toEqual(plain);
  }, 120_000);
});

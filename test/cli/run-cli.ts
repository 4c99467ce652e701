/**
 * Running the `spindle` command from its sources in child processes, for
 * the command-line tests: a few at a time (each takes a second or two to
 * start, and the machine may have two cores), collecting what they print.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "src", "cli", "main.ts");
/** The command that runs the CLI from its sources; it stands for `npx spindle` in what the CLI prints. */
export const SPINDLE: readonly [string, ...string[]] = [process.execPath, "--import", "tsx", CLI];

/** What a child process gave. */
export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `body` once fewer than three others are running. */
export async function slot<T>(body: () => Promise<T>): Promise<T> {
  if (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await body();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs a command line (a shell one if `shell`) in the repository's root, with `env` (default: this process's). */
export function exec(file: string, args: readonly string[], options: { shell?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  return slot(
    () =>
      new Promise<Result>((resolve, reject) => {
        const child = spawn(file, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], shell: options.shell ?? false, env: options.env ?? process.env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      }),
  );
}

/** Runs `spindle <args>` from the sources. */
export function spindle(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Result> {
  const [node, ...rest] = SPINDLE;
  return exec(node, [...rest, ...args], env === undefined ? {} : { env });
}

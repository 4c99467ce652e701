#!/usr/bin/env node
/// <reference types="node" />
/**
 * The `spindle` command (the package's `bin`): `npx spindle run <file>`,
 * `npx spindle explore <file>`, `npx spindle replay <file> --seed S`.
 * See docs/cli.md, and src/cli/commands.ts for what each command does.
 */
import { cli } from "./commands.js";

cli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  progressStream: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug in the command itself, not in the program it runs.
    process.stderr.write(`spindle: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);

/**
 * `spindle sweep` when the model fails or the input cannot be carried: the
 * failure names the replication, and bad input is bad usage (exit 2), never
 * an internal error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sweepCli } from "../../src/cli/sweep.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "spindle sweep "));
  // A model whose error says nothing of the replication it failed in.
  writeFileSync(join(dir, "fails.cjs"), 'exports.work = (input, seed) => { if (seed === 3) throw new Error("the queue overflowed"); return { seed }; };\n');
  writeFileSync(join(dir, "fine.cjs"), "exports.work = (input, seed) => ({ seed, input });\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): { out: string; err: string; io: { stdout: (t: string) => void; stderr: (t: string) => void; cwd: string } } {
  const got = { out: "", err: "", io: { stdout: (t: string) => void (got.out += t), stderr: (t: string) => void (got.err += t), cwd: dir } };
  return got;
}

describe("spindle sweep", () => {
  it("an --out in a folder that cannot be made is bad usage (exit 2) saying so, not a failed sweep pointing at a .partial file never written", async () => {
    writeFileSync(join(dir, "not-a-folder"), "");
    const got = io();
    let code: number | undefined;
    let thrown: unknown;
    try {
      code = await sweepCli(["sweep", "fine.cjs", "--seeds", "1..2", "--out", "not-a-folder/all.jsonl"], got.io, {});
    } catch (error) {
      thrown = error;
    }
    expect(code).toBeUndefined();
    expect(thrown).toMatchObject({ name: "CliUsageError", exitCode: 2 });
    expect((thrown as Error).message).toContain("cannot write not-a-folder/all.jsonl");
    expect(got.err).not.toContain(".partial");
  });


  it("a replication that throws is reported with its index and seed (exit 1)", async () => {
    const got = io();
    expect(await sweepCli(["sweep", "fails.cjs", "--seeds", "1..5", "--out", "out dir/all.jsonl"], got.io, {})).toBe(1);
    expect(got.err).toContain("the queue overflowed");
    expect(got.err).toContain("replication 2 (seed 3)");
  });

  it("an --input the sweep files cannot carry is bad usage (exit 2) that names --input, not an internal error", async () => {
    const got = io();
    let code: number | undefined;
    let thrown: unknown;
    try {
      code = await sweepCli(["sweep", "fine.cjs", "--seeds", "1..2", "--input", '{"$number":"NaN"}'], got.io, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: "CliUsageError", exitCode: 2 });
    expect((thrown as Error).message).toContain("--input");
    expect(code).toBeUndefined();
    expect(got.out).toBe("");
  });
});

/**
 * Shard files that are not what they claim: the merge must refuse them with
 * a SweepFileError that names the file, never merge them silently nor fail
 * with an error that is not one of its own. And a shutdown whose log
 * callback throws still runs the cleanup and exits.
 */
import { RealtimeHost, sleep, suspend } from "../../src/index.js";
import { MissingShardsError, SweepFileError, mergeShards, runShard, shutdownOnSignals, sweep } from "../../src/node.js";
import type { ShardText } from "../../src/node.js";

const study = sweep({ seeds: { from: 1, count: 4 }, input: { n: 2 } });

/** The two shards of `study`, each run into a string. */
async function twoShards(): Promise<ShardText[]> {
  const files: ShardText[] = [];
  for (const index of [0, 1]) {
    let text = "";
    await runShard(study, { index, count: 2 }, (input, seed) => ({ seed, n: (input as { n: number }).n }), { out: (t) => (text += t) });
    files.push({ name: `shard-${index}.jsonl`, text });
  }
  return files;
}

describe("merging shard files that are not what they claim", () => {
  it("a line without its result is refused, naming the file and line, rather than merged into a line without a result", async () => {
    const [first, second] = (await twoShards()) as [ShardText, ShardText];
    const edited = { name: second.name, text: second.text.replace(/"result":\{[^}]*\},/, "") };
    expect(edited.text).not.toBe(second.text);
    expect(() => mergeShards([first, edited])).toThrow(SweepFileError);
    expect(() => mergeShards([first, edited])).toThrow(/shard-1\.jsonl, line 2: .*result/);
  });

  it("a result the format keeps for special numbers ({\"$number\": ...}) is a SweepFileError naming the file, not a bare InvalidArgumentError", async () => {
    const [first, second] = (await twoShards()) as [ShardText, ShardText];
    const edited = { name: second.name, text: second.text.replace(/"result":\{[^}]*\}/, '"result":{"$number":"seven"}') };
    expect(edited.text).not.toBe(second.text);
    expect(() => mergeShards([first, edited])).toThrow(SweepFileError);
    expect(() => mergeShards([first, edited])).toThrow(/shard-1\.jsonl, line 2/);
  });
});

describe("merging a sweep split in more shards than it has replications", () => {
  it("lists as missing only the shards that hold replications, so a huge shard count neither hangs nor asks for empty shards", async () => {
    const count = 2_000_000;
    let text = "";
    await runShard(study, { index: 0, count }, (_input, seed) => ({ seed }), { out: (t) => (text += t) });
    let thrown: unknown;
    try {
      mergeShards([{ name: "shard-0.jsonl", text }]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MissingShardsError);
    expect((thrown as MissingShardsError).missingShards).toEqual([`1/${count}`, `2/${count}`, `3/${count}`]);
    expect((thrown as MissingShardsError).missingReplications).toEqual([1, 2, 3]);
  });
});

describe("shutdownOnSignals with a log callback that throws", () => {
  const SIGNAL = "SIGUSR2";

  it("still cancels the root, waits for its cleanup and exits with its code", async () => {
    const codes: number[] = [];
    const cleanup: string[] = [];
    const host = new RealtimeHost();
    const root = host.spawn(function* app() {
      try {
        yield* suspend();
      } finally {
        yield* sleep(10);
        cleanup.push("flushed");
      }
    });
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      shutdownOnSignals(host, root, {
        signals: [SIGNAL],
        timeoutMs: 2_000,
        exit: (code) => codes.push(code),
        log: () => {
          throw new Error("the log stream is closed");
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      try {
        process.emit(SIGNAL, SIGNAL);
      } catch {
        // what the bug looked like: the signal handler threw before cancelling anything
      }
      for (let i = 0; i < 400 && codes.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      stderr.mockRestore();
      host.stop();
      process.exitCode = undefined; // the fake exit left it set
    }
    expect(root.state).toBe("cancelled");
    expect(cleanup).toEqual(["flushed"]);
    expect(codes).toEqual([0]);
  });
});

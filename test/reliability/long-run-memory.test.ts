/**
 * Long runs give their memory back: after a warm-up, a round of n
 * operations of one kind (timeouts whose deadline is cancelled, tasks
 * cancelled inside a timeout, spawn + join, channel traffic, channels
 * created and dropped, idle frames) leaves the heap where it was.
 *
 * Each workload runs in a child process started with --expose-gc (jest's
 * workers cannot be given node flags), which runs it in rounds and reports
 * `heapUsed` after full collections as JSON (long-run-child.ts). A leak of
 * even 8 bytes per operation retains 8 bytes x n, 8 times or more the bound
 * below; the readings of a leak-free run stay well inside it.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

interface Reading {
  workload: string;
  n: number;
  completed: number;
  m0: number;
  m1: number;
  m2: number;
  m3: number;
  firstRoundBytesPerOp: number;
  bytesPerOp: number;
  msPerRound: number;
}

const child = path.join(__dirname, "long-run-child.ts");

/** [workload, n per round, bound in bytes retained per operation]. */
const workloads: [string, number, number][] = [
  ["timeout-succeeds", 200_000, 1], // timeout(1000, sleep(10)): the deadline timer is cancelled
  ["timeout-cancelled", 100_000, 1], // a task cancelled while it waits in timeout(1000, suspend())
  ["spawn-join", 500_000, 0.25],
  ["channel-send-recv", 1_000_000, 0.1],
  ["channel-create-drop", 100_000, 0.5],
  ["frame-idle-16", 1_000_000, 0.05], // FrameHost.advance(16) with nothing to do
  ["frame-idle-fractional", 1_000_000, 0.05], // advance(16.6667)
  ["frame-idle-timer-armed", 1_000_000, 0.05], // advance(16.6667), one task asleep far ahead
  ["control-leak-8", 200_000, NaN], // keeps 8 bytes per operation: the measurement must see it
];

/** Runs every workload in one child process (one start-up), and gives the readings by name. */
function measureAll(): Map<string, Reading> {
  const out = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", child, ...workloads.map(([w, n]) => `${w}:${n}`)], {
    cwd: path.join(__dirname, "..", ".."),
    encoding: "utf8",
    timeout: 150_000,
  });
  const readings = new Map<string, Reading>();
  for (const line of out.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const r = JSON.parse(line) as Reading;
    readings.set(r.workload, r);
    // For the figures: the lead records these.
    console.log(`${r.workload}: n=${r.n}, ${r.bytesPerOp.toFixed(4)} B/op retained (first round ${r.firstRoundBytesPerOp.toFixed(4)} B/op), ${r.msPerRound} ms per round`);
  }
  if (out.status !== 0) console.log(`long-run-child ended with status ${String(out.status)} ${String(out.signal)}: ${out.stderr}`);
  return readings;
}

describe("long runs retain no memory per operation", () => {
  let readings = new Map<string, Reading>();
  beforeAll(() => {
    readings = measureAll();
  }, 160_000);

  it.each(workloads.filter(([w]) => !w.startsWith("control")))("%s: n operations retain under the bound per operation", (workload, n, bound) => {
    const r = readings.get(workload);
    expect(r).toBeDefined();
    expect(r?.completed).toBe(n);
    expect(r?.bytesPerOp).toBeLessThan(bound);
  });

  it("the measurement sees a leak of 8 bytes per operation (spawn + join that keeps one number per join)", () => {
    const r = readings.get("control-leak-8");
    expect(r?.completed).toBe(200_000);
    expect(r?.bytesPerOp).toBeGreaterThan(4); // far above every bound in the table
  });
});

/**
 * Graceful shutdown, for real: examples/node/service.ts runs in a child Node
 * process (with tsx's loader), gets real signals, and we check what its
 * cleanup printed, what an in-flight request received, and the exit code.
 */
import { spawn as spawnProcess } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { FrameHost, RealtimeHost, sleep, suspend, waitFrames } from "../../src/index.js";
import { shutdownOnSignals } from "../../src/node.js";

const ROOT = join(__dirname, "..", "..");

interface Service {
  child: ChildProcess;
  lines: string[];
  port: number;
  waitFor(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

async function startService(args: string[]): Promise<Service> {
  const child = spawnProcess(process.execPath, ["--import", "tsx", "examples/node/service.ts", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  let buffered = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() as string;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const waitFor = (pattern: RegExp): Promise<void> =>
    lines.some((l) => pattern.test(l))
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => waiters.push({ pattern, resolve })),
          exited.then(() => {
            throw new Error(`the service exited before printing ${String(pattern)}; stdout:\n${lines.join("\n")}\nstderr:\n${stderr}`);
          }),
        ]);
  await waitFor(/^listening on \d+$/);
  const port = Number(/\d+/.exec(lines.find((l) => l.startsWith("listening on")) as string)?.[0]);
  return { child, lines, port, waitFor, exited };
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("shutdownOnSignals in a real process", () => {
  it("SIGTERM: cancels the service, answers the request in flight, runs every finally block, exits 0", async () => {
    const service = await startService(["--cleanup-ms", "50"]);
    const slow = get(service.port, "/slow");
    await service.waitFor(/^request 1 \/slow: started$/);
    expect(await get(service.port, "/fast")).toEqual({ status: 200, body: "hello from request 2\n" });
    service.child.kill("SIGTERM");
    expect(await slow).toEqual({ status: 503, body: "shutting down\n" });
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines).toEqual([
      `listening on ${service.port}`,
      "request 1 /slow: started",
      "request 2 /fast: started",
      "request 2: answered",
      '[shutdown] received SIGTERM: cancelling task#1 "service" and waiting up to 5000 ms for its cleanup (SIGTERM again forces the exit)',
      "request 1: cancelled, answering 503",
      "closing the server",
      "server closed",
      '[shutdown] task#1 "service" is cancelled; the cleanup has finished',
    ]);
  }, 30_000);

  it("SIGINT does the same", async () => {
    const service = await startService(["--cleanup-ms", "20"]);
    service.child.kill("SIGINT");
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.slice(1)).toEqual([
      '[shutdown] received SIGINT: cancelling task#1 "service" and waiting up to 5000 ms for its cleanup (SIGINT again forces the exit)',
      "closing the server",
      "server closed",
      '[shutdown] task#1 "service" is cancelled; the cleanup has finished',
    ]);
  }, 30_000);

  it("a cleanup that fails exits 1 and says why", async () => {
    const service = await startService(["--cleanup-ms", "10", "--fail-cleanup"]);
    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.lines.slice(1, 3)).toEqual([
      '[shutdown] received SIGTERM: cancelling task#1 "service" and waiting up to 5000 ms for its cleanup (SIGTERM again forces the exit)',
      "closing the server",
    ]);
    expect(service.lines[3]).toBe("[shutdown] the cleanup failed: Error: could not flush the metrics");
    expect(service.lines).not.toContain("server closed");
  }, 30_000);

  it("a cleanup that does not finish in time exits 1, listing what still runs", async () => {
    const service = await startService(["--cleanup-ms", "10", "--hang", "--timeout-ms", "300"]);
    const sent = performance.now();
    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(performance.now() - sent).toBeGreaterThanOrEqual(290);
    expect(service.lines.slice(1)).toEqual([
      '[shutdown] received SIGTERM: cancelling task#1 "service" and waiting up to 300 ms for its cleanup (SIGTERM again forces the exit)',
      "closing the server",
      "[shutdown] the cleanup did not finish within 300 ms; still running:",
      expect.stringMatching(/^task#1 "service" blocked on suspend\(\) for \d+(\.\d+)?ms, cancelled, in its cleanup$/),
    ]);
  }, 30_000);

  it("a second signal forces the exit at once, with 128 + the signal number", async () => {
    const service = await startService(["--cleanup-ms", "10", "--hang", "--timeout-ms", "60000"]);
    service.child.kill("SIGTERM");
    await service.waitFor(/^closing the server$/);
    const second = performance.now();
    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 143, signal: null });
    expect(performance.now() - second).toBeLessThan(2_000);
    expect(service.lines.at(-1)).toBe("[shutdown] received SIGTERM again: exiting without waiting for the cleanup");
  }, 30_000);
});

/**
 * Waits (real time) until `done()` holds, checking every few ms, for at most
 * 5 s: the OS timers behind a RealtimeHost are late on a loaded machine, so
 * a fixed pause would race them.
 */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("shutdownOnSignals in-process (a fake exit, an emitted signal)", () => {
  const SIGNAL = "SIGUSR2";

  it("cancels the root, waits for its cleanup on the running host, then exits 0", async () => {
    const log: string[] = [];
    const codes: number[] = [];
    const host = new RealtimeHost();
    const root = host.spawn(function* app() {
      try {
        yield* suspend();
      } finally {
        yield* sleep(20);
        log.push("cleanup done");
      }
    });
    const before = process.listenerCount(SIGNAL);
    const handle = shutdownOnSignals(host, root, { signals: [SIGNAL], timeoutMs: 1_000, exit: (code) => codes.push(code), log: (m) => log.push(m) });
    expect(process.listenerCount(SIGNAL)).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.emit(SIGNAL, SIGNAL);
    expect(handle.shuttingDown).toBe(true);
    await until(() => codes.length > 0);
    expect(codes).toEqual([0]);
    expect(log).toEqual([
      `received ${SIGNAL}: cancelling task#1 "app" and waiting up to 1000 ms for its cleanup (${SIGNAL} again forces the exit)`,
      "cleanup done",
      'task#1 "app" is cancelled; the cleanup has finished',
    ]);
    expect(process.listenerCount(SIGNAL)).toBe(before);
    process.exitCode = undefined; // the fake exit left it set
  });

  it("gives the signals back when the root finishes by itself", async () => {
    const host = new RealtimeHost();
    const root = host.spawn(function* () {
      yield* sleep(5);
    });
    const before = process.listenerCount(SIGNAL);
    shutdownOnSignals(host, root, { signals: [SIGNAL], exit: () => {} });
    expect(process.listenerCount(SIGNAL)).toBe(before + 1);
    await until(() => root.isFinished && process.listenerCount(SIGNAL) === before);
    expect(root.state).toBe("done");
    expect(process.listenerCount(SIGNAL)).toBe(before);
  });

  it("works with a FrameHost too: the cleanup runs as the game loop advances", async () => {
    const codes: number[] = [];
    const game = new FrameHost();
    const root = game.spawn(function* world() {
      try {
        yield* suspend();
      } finally {
        yield* waitFrames(3); // a farewell animation
      }
    });
    shutdownOnSignals(game, root, { signals: [SIGNAL], exit: (code) => codes.push(code) });
    game.advance(16);
    process.emit(SIGNAL, SIGNAL);
    for (let frame = 0; frame < 4; frame++) game.advance(16);
    expect(root.state).toBe("cancelled");
    await new Promise((resolve) => setImmediate(resolve));
    expect(codes).toEqual([0]);
    process.exitCode = undefined;
  });

  it("refuses a bad deadline or no signals", () => {
    const host = new RealtimeHost();
    const root = host.spawn(() => sleep(0));
    expect(() => shutdownOnSignals(host, root, { timeoutMs: -1 })).toThrow("timeoutMs must be a finite number of milliseconds >= 0, got -1");
    expect(() => shutdownOnSignals(host, root, { signals: [] })).toThrow("give at least one signal");
  });
});

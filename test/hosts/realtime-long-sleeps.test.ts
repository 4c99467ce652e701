/**
 * Sleeps longer than an OS timer can wait. Node's setTimeout takes at most
 * 2^31 - 1 ms (about 24.8 days); past that it warns (TimeoutOverflowWarning)
 * and fires after 1 ms instead. The host must arm at most that, and arm
 * again when the timer fires before the deadline.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { RealtimeHost, now, sleep } from "../../src/index.js";
import { FakeEventLoop, MAX_DELAY } from "./fake-event-loop.js";

const THIRTY_DAYS = 30 * 24 * 60 * 60 * 1000;

afterEach(() => jest.restoreAllMocks());

describe("RealtimeHost: sleeps past the OS timer's limit", () => {
  it("arms one timer of at most 2^31 - 1 ms at a time, and wakes each task exactly at its deadline", () => {
    const loop = new FakeEventLoop();
    loop.install();
    const host = new RealtimeHost({ clock: () => loop.time });
    const month = host.spawn(function* () {
      yield* sleep(THIRTY_DAYS);
      return yield* now();
    });
    const decades = host.spawn(function* () {
      yield* sleep(1e12); // about 32 years
      return yield* now();
    });
    loop.run(1_000);
    expect(month.value).toBe(THIRTY_DAYS);
    expect(decades.value).toBe(1e12);
    expect(Math.max(...loop.delays)).toBeLessThanOrEqual(MAX_DELAY);
    // Timers as long as they can be, one after the other; the month's deadline cuts one of them in two.
    expect(loop.delays.length).toBe(Math.ceil(1e12 / MAX_DELAY) + 1);
    expect(loop.maxPending).toBe(1);
  });

  it("in Node: one OS timer and no TimeoutOverflowWarning while a 30-day sleep waits", async () => {
    // Counts the host's setTimeout calls for 100 ms of real time; an
    // overflowing delay would fire after 1 ms and be armed again, over and over.
    const script = `
      const { RealtimeHost, sleep } = require("./src/index.ts");
      const realSetTimeout = globalThis.setTimeout;
      let armed = 0;
      globalThis.setTimeout = (callback, ms) => (armed++, realSetTimeout(callback, ms));
      const host = new RealtimeHost();
      host.spawn(function* () { yield* sleep(${THIRTY_DAYS}); });
      realSetTimeout(() => { host.stop(); console.log(armed); }, 100);
    `;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", "-e", script], { cwd: join(__dirname, "..", ".."), timeout: 20_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve({ stdout, stderr }),
      );
    });
    expect(stderr).not.toContain("TimeoutOverflowWarning");
    expect(Number(stdout.trim())).toBe(1);
  }, 30_000);
});

import { explore, replay, run, sleep, spawn, timelineHtml, toChromeTrace, yieldNow } from "../../src/index.js";
import type { Coroutine } from "../../src/index.js";

/**
 * A check-then-act race across a yield. Under FIFO, the second withdrawal
 * always checks after the first one has acted, so the balance never goes
 * negative; another order of the ready tasks lets both checks pass first.
 */
function* bank(): Coroutine<number> {
  let balance = 100;
  function* withdraw(amount: number, warmup: number): Coroutine<void> {
    for (let i = 0; i < warmup; i++) yield* yieldNow();
    if (balance >= amount) {
      yield* yieldNow(); // e.g. an audit log write: the window of the race
      balance -= amount;
    }
  }
  const a = yield* spawn(withdraw, 80, 0);
  const b = yield* spawn(withdraw, 80, 2);
  yield* a;
  yield* b;
  if (balance < 0) throw new Error(`overdraft: balance is ${balance}`);
  return balance;
}

describe("schedule exploration", () => {
  it("FIFO never reveals the race", () => {
    for (let seed = 0; seed < 50; seed++) expect(run(bank, { seed })).toBe(20);
  });

  it("random exploration finds it within a bounded number of runs, and replay reproduces it exactly", () => {
    const found = explore(bank, { runs: 200, seed: 42 });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.run).toBeLessThan(200);
    expect(String(found.error)).toMatch(/overdraft: balance is -60/);
    const first = replay(bank, found.seed);
    const second = replay(bank, found.seed);
    expect(first.ok).toBe(false);
    expect(String(first.error)).toMatch(/overdraft/);
    expect(second.trace.toText()).toBe(first.trace.toText());
    // the picture of the failing run names both withdrawals
    const html = timelineHtml(first.trace.events, { title: "overdraft" });
    expect(html.match(/withdraw/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("PCT finds it too", () => {
    const found = explore(bank, { runs: 200, seed: 7, strategy: "pct", depth: 2 });
    expect(found.ok).toBe(false);
    if (!found.ok) expect(replay(bank, found.seed, { strategy: "pct", depth: 2 }).ok).toBe(false);
  });

  it("a correct program survives exploration", () => {
    function* safe(): Coroutine<number> {
      let balance = 100;
      function* withdraw(amount: number): Coroutine<void> {
        yield* yieldNow();
        if (balance >= amount) balance -= amount; // check and act in one step
      }
      const a = yield* spawn(withdraw, 80);
      const b = yield* spawn(withdraw, 80);
      yield* a;
      yield* b;
      if (balance < 0) throw new Error("overdraft");
      return balance;
    }
    expect(explore(safe, { runs: 100 })).toEqual({ ok: true, runs: 100 });
  });

  it("rejects bad options", () => {
    expect(() => explore(bank, { runs: 0 })).toThrow(/runs must be an integer >= 1/);
    expect(() => explore(bank, { strategy: "dfs" as never })).toThrow(/strategy must be "random" or "pct"/);
  });
});

describe("trace exports", () => {
  it("Chrome trace: one named track per task, labelled waits, ends marked", () => {
    const { trace } = replay(function* main() {
      const t = yield* spawn(function* worker() {
        yield* sleep(5);
        return 1;
      });
      yield* t;
    }, 0);
    const chrome = toChromeTrace(trace.events);
    const names = chrome.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => e.args?.["name"]);
    expect(names).toEqual(["#1 main", "#2 worker"]);
    const sleepSlice = chrome.traceEvents.find((e) => e.ph === "X" && e.name === "sleep(5)");
    // The events of one instant are spread a few nanoseconds apart (so each step is a slice of its own): times match to 0.05 µs.
    expect(sleepSlice).toMatchObject({ tid: 2, ts: expect.closeTo(0, 1), dur: expect.closeTo(5000, 1) });
    const joinSlice = chrome.traceEvents.find((e) => e.ph === "X" && e.name.startsWith("join("));
    expect(joinSlice).toMatchObject({ tid: 1, dur: expect.closeTo(5000, 1) });
    expect(chrome.traceEvents.filter((e) => e.name === "done").length).toBe(2);
  });
});


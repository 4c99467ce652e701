/**
 * The Chrome Trace Event export, checked against the format's rules by a
 * structural validator (no viewer runs offline): metadata present, every
 * slice of non-negative duration and properly laid out on its track, every
 * flow start matched by one finish of the same id, category and name, both
 * ends strictly inside a slice of the right track. And what the trace
 * events now carry for it: who woke a task, with what, on which channel.
 */
import { InvalidArgumentError, TraceRecorder, VirtualHost, channel, mutex, run, sleep, spawn, toChromeTrace, yieldNow } from "../../src/index.js";
import type { ChromeTraceEvent, Coroutine, TraceEvent } from "../../src/index.js";

type ChromeTrace = ReturnType<typeof toChromeTrace>;

/** Whole nanoseconds, as a viewer reads the format's microseconds. */
const ns = (us: number): number => Math.round(us * 1000);

/**
 * Every rule of the format the export relies on; returns the problems found
 * (none for a valid trace), so that a failure names them all.
 */
function problemsOf(trace: ChromeTrace): string[] {
  const problems: string[] = [];
  const { traceEvents } = trace;
  if (trace.displayTimeUnit !== "ms") problems.push(`displayTimeUnit is ${String(trace.displayTimeUnit)}`);
  const slices = new Map<number, { start: number; end: number; name: string }[]>();
  const threadNames = new Set<number>();
  let processNames = 0;
  traceEvents.forEach((e: ChromeTraceEvent, i) => {
    const where = `traceEvents[${i}] (${e.ph} ${e.name})`;
    if (typeof e.name !== "string" || e.name === "") problems.push(`${where}: no name`);
    if (!Number.isFinite(e.ts) || e.ts < 0) problems.push(`${where}: ts ${e.ts}`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) problems.push(`${where}: pid/tid not integers`);
    switch (e.ph) {
      case "M":
        if (e.name === "process_name") {
          processNames++;
          if (typeof e.args?.["name"] !== "string") problems.push(`${where}: process_name without args.name`);
        } else if (e.name === "thread_name") {
          threadNames.add(e.tid);
          if (typeof e.args?.["name"] !== "string") problems.push(`${where}: thread_name without args.name`);
        } else if (e.name.endsWith("_sort_index")) {
          if (!Number.isInteger(e.args?.["sort_index"])) problems.push(`${where}: no integer sort_index`);
        } else problems.push(`${where}: unknown metadata`);
        break;
      case "X": {
        if (e.dur === undefined || !Number.isFinite(e.dur) || e.dur < 0) problems.push(`${where}: dur ${String(e.dur)}`);
        const list = slices.get(e.tid) ?? [];
        list.push({ start: ns(e.ts), end: ns(e.ts + (e.dur ?? 0)), name: e.name });
        slices.set(e.tid, list);
        break;
      }
      case "i":
        if (e.s !== "t") problems.push(`${where}: instant not scoped to its thread`);
        break;
      case "s":
      case "f":
        if (!Number.isInteger(e.id)) problems.push(`${where}: flow without an integer id`);
        if (e.ph === "f" && e.bp !== "e") problems.push(`${where}: flow finish not bound to its enclosing slice`);
        break;
      default:
        problems.push(`${where}: unknown phase`);
    }
  });
  if (processNames !== 1) problems.push(`${processNames} process_name metadata events, not 1`);
  // Slices of one track follow one another: a viewer would nest overlapping ones.
  for (const [tid, list] of slices) {
    if (!threadNames.has(tid)) problems.push(`track ${tid} has slices but no thread_name`);
    list.sort((a, b) => a.start - b.start);
    for (let k = 1; k < list.length; k++) {
      const [a, b] = [list[k - 1], list[k]] as [{ start: number; end: number; name: string }, { start: number; end: number; name: string }];
      if (b.start < a.end) problems.push(`track ${tid}: "${b.name}" at ${b.start} ns starts inside "${a.name}" (${a.start}..${a.end})`);
    }
  }
  const enclosing = (tid: number, ts: number): { start: number; end: number; name: string } | undefined =>
    (slices.get(tid) ?? []).find((slice) => slice.start < ns(ts) && ns(ts) < slice.end);
  const starts = new Map<number, ChromeTraceEvent>();
  const finishes = new Map<number, ChromeTraceEvent>();
  for (const e of traceEvents) {
    if (e.ph !== "s" && e.ph !== "f") continue;
    const seen = e.ph === "s" ? starts : finishes;
    if (seen.has(e.id as number)) problems.push(`flow ${String(e.id)}: two "${e.ph}" events`);
    seen.set(e.id as number, e);
    if (enclosing(e.tid, e.ts)?.name !== "run") problems.push(`flow ${String(e.id)} ${e.ph}: no "run" slice strictly around ts ${e.ts} on track ${e.tid}`);
  }
  for (const [id, start] of starts) {
    const finish = finishes.get(id);
    if (finish === undefined) problems.push(`flow ${id}: a start and no finish`);
    else if (finish.cat !== start.cat || finish.name !== start.name) problems.push(`flow ${id}: start and finish differ in cat or name`);
    else if (finish.ts < start.ts) problems.push(`flow ${id}: finishes before it starts`);
  }
  for (const id of finishes.keys()) if (!starts.has(id)) problems.push(`flow ${id}: a finish and no start`);
  return problems;
}

/** The courier waits on a channel; the baker sleeps, then sends it bread; main joins the courier. */
function* bakery(): Coroutine<number> {
  const orders = channel<string>(0, { name: "orders" });
  const courier = yield* spawn(function* courier() {
    const got = yield* orders.recv();
    return String(got).length;
  });
  yield* spawn(function* baker() {
    yield* sleep(10);
    yield* orders.send("bread");
  });
  return yield* courier;
}

function traceOf(main: () => Coroutine<unknown>, options: ConstructorParameters<typeof TraceRecorder>[0] = {}): TraceEvent[] {
  const trace = new TraceRecorder(options);
  try {
    run(main, { tracer: trace });
  } catch {
    // a failing run is traced too
  }
  return trace.events;
}

/** Many tasks at few instants: workers pass tokens on unnamed channels, share a lock, yield, and one fails. */
function* busy(): Coroutine<void> {
  const lock = mutex();
  const pipes = [channel<number>(0), channel<number>(2), channel<number>()];
  for (let w = 0; w < 12; w++) {
    yield* spawn(function* worker() {
      for (let i = 0; i < 5; i++) {
        const pipe = pipes[(w + i) % pipes.length] as (typeof pipes)[number];
        if (w % 2 === 0) yield* pipe.send(w * 10 + i);
        else yield* pipe.recv();
        yield* lock.lock();
        yield* yieldNow();
        lock.unlock();
        if (i % 2 === 0) yield* sleep(w % 3);
      }
    });
  }
  yield* spawn(function* doomed() {
    yield* sleep(1);
    throw new Error("boom");
  });
}

describe("toChromeTrace", () => {
  it("names the process, and each task's track", () => {
    const events = traceOf(bakery);
    const named = (trace: ChromeTrace): unknown[] => trace.traceEvents.filter((e) => e.ph === "M" && e.name.endsWith("_name")).map((e) => e.args?.["name"]);
    expect(named(toChromeTrace(events))).toEqual(["spindle", "#1 bakery", "#2 courier", "#3 baker"]);
    expect(named(toChromeTrace(events, { processName: "bakery, seed 1" }))[0]).toBe("bakery, seed 1");
    expect(() => toChromeTrace(events, { processName: 7 as unknown as string })).toThrow(InvalidArgumentError);
  });

  it("gives each slice its details: the wait and its channel, what a step resumed with, who woke it, the parent, the result", () => {
    const slices = toChromeTrace(traceOf(bakery)).traceEvents.filter((e) => e.ph === "X" || e.ph === "i");
    const on = (tid: number): { name: string; args: unknown }[] => slices.filter((e) => e.tid === tid).map((e) => ({ name: e.name, args: e.args }));
    expect(on(2)).toEqual([
      { name: "run", args: { spawned_by: "#1 bakery", t: "0 ms" } },
      { name: "recv(orders)", args: { waiting_on: "recv(orders)", channel: "orders", t: "0..10 ms" } },
      { name: "run", args: { woken_by: "#3 baker", resumed_with: 'the string "bread"', t: "10 ms" } },
      { name: "done", args: { result: "the number 5" } },
    ]);
    expect(on(3).map((e) => e.name)).toEqual(["run", "sleep(10)", "run", "done"]);
    expect(on(1)[1]).toEqual({ name: 'join(task#2 "courier")', args: { waiting_on: 'join(task#2 "courier")', t: "0..10 ms" } });
  });

  it("draws an arrow from each spawn to the child's first step, and from the send to the receive it completed", () => {
    const { traceEvents } = toChromeTrace(traceOf(bakery));
    const flows = traceEvents.filter((e) => e.ph === "s").map((s) => {
      const f = traceEvents.find((e) => e.ph === "f" && e.id === s.id) as ChromeTraceEvent;
      return `${s.name}: #${s.tid} -> #${f.tid}`;
    });
    // baker's send completes courier's recv; courier's end completes bakery's join
    expect(flows).toEqual(["spawn: #1 -> #2", "spawn: #1 -> #3", "wake: #3 -> #2", "wake: #2 -> #1"]);
    const send = traceEvents.find((e) => e.ph === "s" && e.name === "wake" && e.tid === 3) as ChromeTraceEvent;
    const baker = traceEvents.filter((e) => e.ph === "X" && e.tid === 3 && e.name === "run")[1] as ChromeTraceEvent;
    expect(send.ts).toBeGreaterThan(baker.ts);
    expect(send.ts).toBeLessThan(baker.ts + (baker.dur as number));
  });

  it.each([
    ["a run with a channel, a sleep and a join", bakery, {}],
    ["twelve workers on channels and a lock, and a failure", busy, {}],
    ["the same, its trace cut to the last 150 events", busy, { limit: 150 }],
  ])("is valid per the format: %s", (_, main, options) => {
    const trace = toChromeTrace(traceOf(main, options));
    expect(problemsOf(trace)).toEqual([]);
    expect(trace.traceEvents.some((e) => e.ph === "s")).toBe(true);
  });

  it("(the validator itself finds a broken trace's faults)", () => {
    const trace = toChromeTrace(traceOf(bakery));
    const broken = (change: (events: ChromeTraceEvent[]) => void): string[] => {
      const copy = structuredClone(trace);
      change(copy.traceEvents);
      return problemsOf(copy);
    };
    // (the spawns' arrows started in that slice, which now ends before them)
    expect(broken((events) => ((events.find((e) => e.ph === "X") as ChromeTraceEvent).dur = -1))).toEqual([
      expect.stringMatching(/dur -1/),
      expect.stringMatching(/^flow 1 s: no "run" slice/),
      expect.stringMatching(/^flow 2 s: no "run" slice/),
    ]);
    expect(broken((events) => events.splice(events.findIndex((e) => e.ph === "f"), 1))).toEqual(["flow 1: a start and no finish"]);
    expect(broken((events) => ((events.find((e) => e.ph === "s") as ChromeTraceEvent).ts = 5000))).toEqual([
      expect.stringMatching(/^flow 1 s: no "run" slice/),
      "flow 1: finishes before it starts",
    ]);
    expect(broken((events) => ((events.find((e) => e.ph === "f") as ChromeTraceEvent).cat = "other"))).toEqual(["flow 1: start and finish differ in cat or name"]);
    expect(broken((events) => events.splice(0, 1))).toEqual(["0 process_name metadata events, not 1"]);
  });

  it("is valid for an empty trace too", () => {
    expect(problemsOf(toChromeTrace([]))).toEqual([]);
  });

  it.each([1e9, 1e10, Date.UTC(2026, 0, 1)])("is valid on a clock that starts late (at %p ms), its times counted from the first event", (startTime) => {
    const chromeFrom = (start: number): ChromeTrace => {
      const trace = new TraceRecorder();
      const host = new VirtualHost({ startTime: start, tracer: trace });
      host.runTask(host.scheduler.spawn(bakery));
      return toChromeTrace(trace.events);
    };
    const chrome = chromeFrom(startTime);
    expect(problemsOf(chrome)).toEqual([]);
    const process = chrome.traceEvents.find((e) => e.name === "process_name") as ChromeTraceEvent;
    expect(process.args?.["time_origin_ms"]).toBe(startTime);
    // the same times, to the nanosecond, as the same run on a clock from 0
    const times = (trace: ChromeTrace): unknown[] => trace.traceEvents.map((e) => [e.ph, e.name, e.tid, e.ts, e.dur]);
    expect(times(chrome)).toEqual(times(chromeFrom(0)));
  });

  it("spreads the steps of one instant, in order, so each is a slice of its own", () => {
    const trace = toChromeTrace(
      traceOf(function* spinner() {
        for (let i = 0; i < 2000; i++) yield* yieldNow();
      }),
    );
    const runs = trace.traceEvents.filter((e) => e.ph === "X" && e.name === "run");
    expect(runs.length).toBe(2001);
    for (let k = 1; k < runs.length; k++) expect((runs[k] as ChromeTraceEvent).ts).toBeGreaterThan((runs[k - 1] as ChromeTraceEvent).ts);
    // all within the instant: the spread stays far below a millisecond
    expect((runs[runs.length - 1] as ChromeTraceEvent).ts).toBeLessThan(1000);
    expect(problemsOf(trace)).toEqual([]);
  });
});

describe("trace events, for the links", () => {
  it("say who woke a task and with what, and which channel a task waits on", () => {
    const events = traceOf(bakery);
    const pick = (kind: string, task: number): TraceEvent[] => events.filter((e) => e.kind === kind && e.task === task);
    expect(pick("block", 2)).toEqual([expect.objectContaining({ detail: "recv(orders)", channel: "orders" })]);
    expect(pick("wake", 2)).toEqual([expect.objectContaining({ by: 3, value: 'the string "bread"' })]);
    // a timer woke the baker: no task did
    expect(pick("wake", 3)[0]).not.toHaveProperty("by");
    expect(pick("done", 1)).toEqual([expect.objectContaining({ value: "the number 5" })]);
    // a result of undefined is not described
    expect(pick("done", 3)[0]).not.toHaveProperty("value");
  });

  it("describe an error a wake delivers, such as a cancellation", () => {
    const events = traceOf(function* canceller() {
      const sleeper = yield* spawn(function* sleeper() {
        yield* sleep(100);
      });
      yield* yieldNow();
      sleeper.cancel();
    });
    const wake = events.find((e) => e.kind === "wake" && e.task === 2) as TraceEvent;
    expect(wake.by).toBe(1);
    expect(wake.value).toMatch(/^throws CancelledError: /);
  });

  it("leave toText as it was: one line per event, without the new fields", () => {
    const trace = new TraceRecorder();
    run(bakery, { tracer: trace });
    expect(trace.toText().split("\n").slice(9, 13)).toEqual(["t=10 #3 baker wake", "t=10 #3 baker run", "t=10 #2 courier wake", "t=10 #3 baker done"]);
  });
});

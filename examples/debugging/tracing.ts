/**
 * docs/debugging.md: determinism and tracing. A seed names a whole run, so
 * two traces of the same seed are identical line for line, and two seeds can
 * be compared with a plain text diff. Wall-clock measurement (per-task CPU
 * time, slow steps) is opt-in, because it is the one thing that differs from
 * run to run.
 *
 * Run: npx tsx examples/debugging/tracing.ts
 */
import { CLOSED, TraceRecorder, channel, random, run, sleep, spawn } from "spindle";
import type { Channel, Coroutine, Task } from "spindle";

// #region model
/** A client thinks for a random while, then sends a request; three times. */
function* client(id: number, requests: Channel<number>): Coroutine<void> {
  for (let i = 0; i < 3; i++) {
    yield* sleep(Math.round((yield* random()) * 100)); // never Math.random(): it cannot be replayed
    yield* requests.send(id);
  }
}

/** Serves requests one at a time, 5 ms each. */
function* server(requests: Channel<number>): Coroutine<number> {
  let served = 0;
  for (;;) {
    const id = yield* requests.recv();
    if (id === CLOSED) return served;
    yield* sleep(5);
    served++;
  }
}

function* shop(serve: (requests: Channel<number>) => Coroutine<number> = server): Coroutine<number> {
  const requests = channel<number>(0, { name: "requests" });
  const serving = yield* spawn(serve, requests);
  const clients: Task<void>[] = [];
  for (let id = 1; id <= 3; id++) clients.push(yield* spawn(client, id, requests));
  for (const c of clients) yield* c;
  requests.close();
  return yield* serving;
}
// #endregion model

// #region slow-server
/** The same server, but client 2's requests need a synchronous computation. */
function* slowServer(requests: Channel<number>): Coroutine<number> {
  let served = 0;
  for (;;) {
    const id = yield* requests.recv();
    if (id === CLOSED) return served;
    if (id === 2) busyFor(30); // e.g. resizing an image without yielding: every task waits
    yield* sleep(5);
    served++;
  }
}
// #endregion slow-server

/** Keeps the CPU busy for `ms` wall milliseconds. */
function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

export function main(): string[] {
  const lines: string[] = [];
  const print = (...parts: unknown[]): void => {
    lines.push(...parts.map(String).join(" ").split("\n"));
  };

  // #region determinism
  function traceOf(seed: number): string {
    const trace = new TraceRecorder();
    run(shop, { seed, tracer: trace });
    return trace.toText();
  }
  const a = traceOf(7);
  const b = traceOf(7);
  print(`seed 7, twice: ${a === b ? "identical" : "different"} traces of ${a.split("\n").length} events`);

  // Diff two seeds like any two text files: the first line that differs.
  const left = a.split("\n");
  const right = traceOf(8).split("\n");
  const at = left.findIndex((line, i) => line !== right[i]);
  print(`seed 7 vs seed 8: first difference at event ${at}`);
  print(`  seed 7: ${left[at]}`);
  print(`  seed 8: ${right[at]}`);
  // #endregion determinism

  // #region stats
  const trace = new TraceRecorder({
    wallClock: true, // opt-in: wall time differs from run to run
    slowStepMs: 20,
    onSlowStep: (slow) => print(`slow step: ${slow.task} at t=${slow.t} ran ${Math.round(slow.wallMs)} ms without yielding`),
  });
  run(() => shop(slowServer), { seed: 7, tracer: trace });
  for (const s of trace.stats()) {
    print(`#${s.id} ${s.name}: ${s.steps} steps, ${s.blocks} blocks, longest step ${Math.round(s.longestStepMs)} ms`);
  }
  // #endregion stats
  return lines;
}

if (require.main === module) for (const line of main()) console.log(line);

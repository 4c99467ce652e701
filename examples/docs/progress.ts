/**
 * docs/simulation.md and docs/node.md: progress reports of a long run. The
 * reports here read a wall clock made from the virtual one, so that what
 * this prints is the same on every machine; a real run leaves `wallClock`
 * out and gets performance.now().
 */
import { Resource, Simulation, exponential, sleep, startProcess } from "spindle";
import type { Coroutine, Progress } from "spindle";
import { ProgressBar } from "spindle/node";

function* customer(counter: Resource): Coroutine<void> {
  const request = counter.request();
  yield* request;
  try {
    yield* sleep(yield* exponential(50));
  } finally {
    counter.release(request);
  }
}

function* arrivals(counter: Resource): Coroutine<void> {
  for (;;) {
    yield* startProcess(customer, counter);
    yield* sleep(yield* exponential(30));
  }
}

// #region reports
function show(p: Progress): void {
  const share = p.fraction === null ? "" : `${(100 * p.fraction).toFixed(0).padStart(3)}% `;
  console.log(`${p.final ? "done" : "    "} ${share}t=${Math.round(p.now ?? 0)} ms, ${p.tasksFinished} tasks finished, ${p.steps} steps`);
}

const sim: Simulation = new Simulation({
  seed: 1,
  onProgress: show, // at most once per progressInterval of wall time, and once at the end
  progressInterval: 100,
  wallClock: (): number => sim.now / 500, // here: 1 ms of "wall time" per 500 virtual ms
});
sim.process(arrivals, new Resource(2));
sim.runUntil(300_000); // five virtual minutes
// #endregion reports

// #region bar
// On a terminal: one line on stderr, redrawn in place; anywhere else (a pipe, a file, CI), nothing.
const bar = new ProgressBar({ label: "simulating" });
const longer = new Simulation({ seed: 2, onProgress: bar.update });
longer.process(arrivals, new Resource(2));
try {
  longer.runUntil(3_600_000); // one virtual hour
} finally {
  bar.finish(); // clears the line, also when the run fails
}
console.log(`an hour later: t=${longer.now} ms`);
// #endregion bar

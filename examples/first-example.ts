import { TimeoutError, cancel, now, run, sleep, spawn, timeout } from "spindle";
import type { Coroutine } from "spindle";

function* log(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

function* download(file: string, ms: number): Coroutine<number> {
  try {
    yield* sleep(ms); // virtual milliseconds: the run takes no real time
    yield* log(`${file} downloaded`);
    return ms * 10; // pretend size
  } finally {
    yield* log(`${file}: cleanup`); // runs on success and on cancellation alike
  }
}

function* spinner(): Coroutine<void> {
  try {
    for (;;) {
      yield* sleep(100);
      yield* log("still working...");
    }
  } finally {
    yield* log("spinner stopped");
  }
}

function* app(): Coroutine<string> {
  // Two tasks run concurrently; yield* on a task waits for its result.
  const a = yield* spawn(download, "a.txt", 150);
  const b = yield* spawn(download, "b.txt", 250);
  const ticker = yield* spawn(spinner);
  const total = (yield* a) + (yield* b);
  yield* log(`both done, ${total} bytes`);

  // A slow operation under a time limit: it is cancelled and cleaned up before timeout() throws.
  try {
    yield* timeout(200, download("huge.iso", 5_000));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    yield* log(`huge.iso: gave up after ${error.ms} ms`);
  }

  yield* cancel(ticker); // stop the spinner and wait for its cleanup
  return "done";
}

console.log(run(app)); // runs on a virtual clock, seeded; same output every time

/**
 * docs/rosetta.md: the idioms of async/await, asyncio, Go, Trio and
 * Effection, written with spindle. Each region is one idiom; all of them run
 * on the virtual clock, so the output (examples/node/expected/rosetta.txt)
 * is exact.
 *
 *   npx tsx examples/node/rosetta.ts
 */
import { CLOSED, TimeoutError, all, channel, now, race, run, scope, select, semaphore, sleep, spawn, suspend, timeout } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[t=${yield* now()}] ${message}`);
}

/** Something that takes a while: `ms` of the scheduler's time. */
function* work<T>(ms: number, value: T): Coroutine<T> {
  yield* sleep(ms);
  return value;
}

// #region gather
// Promise.all / asyncio.gather / errgroup: run concurrently, all results in order.
function* gather(): Coroutine<void> {
  const [user, posts] = yield* all([work(30, "ada"), work(20, ["hello", "again"])]);
  yield* say(`gather: ${user} wrote ${posts.length} posts`); // typed: string, string[]
}
// #endregion gather

// #region first-completed
// Promise.race / asyncio.wait(FIRST_COMPLETED) / Go select on results: the first wins,
// and the losers are cancelled, their cleanup finished, before race returns.
function* firstCompleted(): Coroutine<void> {
  const mirror = (name: string, ms: number) =>
    (function* (): Coroutine<string> {
      try {
        return yield* work(ms, name);
      } finally {
        if ((yield* now()) < ms) yield* say(`first-completed: ${name} cancelled`);
      }
    })();
  const winner = yield* race([mirror("eu", 40), mirror("us", 25)]);
  yield* say(`first-completed: ${winner} won`);
}
// #endregion first-completed

// #region wait-for
// asyncio.wait_for / Trio fail_after / context.WithTimeout: a deadline that cancels.
function* waitFor(): Coroutine<void> {
  try {
    yield* timeout(50, work(80, "too slow"));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    yield* say("wait-for: timed out after 50 ms; the operation was cancelled");
  }
}
// #endregion wait-for

// #region queue
// asyncio.Queue / Go buffered channel / Trio memory channel: producers and consumers.
function* queue(): Coroutine<void> {
  const jobs = channel<number>(2); // capacity 2: the producer waits when it is full
  yield* spawn(function* producer() {
    for (let i = 1; i <= 4; i++) yield* jobs.send(i);
    jobs.close(); // consumers drain what is left, then get CLOSED
  });
  let total = 0;
  for (;;) {
    const job = yield* jobs.recv();
    if (job === CLOSED) break;
    total += job;
    yield* sleep(5);
  }
  yield* say(`queue: consumed jobs summing to ${total}`);
}
// #endregion queue

// #region semaphore
// asyncio.Semaphore / Go's buffered-channel semaphore / Trio CapacityLimiter.
function* limited(): Coroutine<void> {
  const slots = semaphore(2);
  const start = yield* now();
  yield* all([1, 2, 3, 4].map((n) => slots.withPermit(work(10, n)))); // at most 2 at a time
  yield* say(`semaphore: 4 jobs of 10 ms, 2 at a time, took ${(yield* now()) - start} ms`);
}
// #endregion semaphore

// #region task-group
// asyncio.TaskGroup / Trio nursery / errgroup.Group: wait for every child;
// the first failure cancels the rest and is thrown here.
function* taskGroup(): Coroutine<void> {
  try {
    yield* scope(function* (group) {
      yield* group.spawn(function* steady() {
        try {
          yield* sleep(100);
        } finally {
          yield* say("task-group: steady cancelled by its sibling's failure");
        }
      });
      yield* group.spawn(function* flaky() {
        yield* sleep(10);
        throw new Error("flaky failed");
      });
    });
  } catch (error) {
    yield* say(`task-group: caught ${(error as Error).message}`);
  }
}
// #endregion task-group

// #region select
// Go's select with a timeout case: the first ready case fires, the others leave no trace.
function* selectLoop(): Coroutine<void> {
  const messages = channel<string>(0);
  const quit = channel<void>(0);
  yield* spawn(function* () {
    yield* messages.send("ping");
    yield* sleep(30);
    yield* quit.send();
  });
  for (;;) {
    const r = yield* select([messages.recv(), quit.recv(), sleep(20)]);
    if (r.index === 0) yield* say(`select: got ${String(r.value)}`);
    else if (r.index === 2) yield* say("select: idle for 20 ms");
    else return yield* say("select: quit");
  }
}
// #endregion select

// #region resource
// Effection's resource / Go's defer / Trio's async with: hold something for as long as the parent lives.
function* withConnection(): Coroutine<void> {
  yield* spawn(function* connection() {
    yield* say("resource: connection opened");
    try {
      yield* suspend(); // lives until its parent ends
    } finally {
      yield* say("resource: connection closed");
    }
  });
  yield* sleep(15);
  yield* say("resource: done with it");
} // returning cancels the children: the connection's finally runs before withConnection is finished
// #endregion resource

export function main(): void {
  for (const idiom of [gather, firstCompleted, waitFor, queue, limited, taskGroup, selectLoop, withConnection]) run(idiom);
}

if (require.main === module) main();

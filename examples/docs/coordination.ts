/**
 * docs/channels-and-sync.md: semaphore, mutex, event, wait group, barrier and
 * priority queue, each in a few lines.
 */
import { barrier, event, mutex, now, priorityQueue, run, scope, semaphore, sleep, waitGroup } from "spindle";
import type { Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region semaphore
function* downloads(): Coroutine<void> {
  const slots = semaphore(2); // at most two downloads at a time
  let running = 0;
  let most = 0;
  function* download(file: string): Coroutine<void> {
    yield* slots.withPermit(
      (function* () {
        running++;
        most = Math.max(most, running);
        yield* sleep(10);
        running--;
      })(),
    ); // the permit is released on every way out: return, error, cancellation
    yield* say(`downloaded ${file}`);
  }
  yield* scope(function* (group) {
    for (const file of ["a", "b", "c", "d", "e"]) yield* group.spawn(download, file);
  });
  yield* say(`at most ${most} at once`);
}
// #endregion semaphore

// #region mutex
function* account(): Coroutine<void> {
  const lock = mutex({ name: "account" });
  let balance = 100;
  function* withdraw(amount: number): Coroutine<void> {
    yield* lock.withLock(
      (function* () {
        const seen = balance;
        yield* sleep(1); // a slow check: without the lock, both would see 100
        if (seen >= amount) balance = seen - amount;
      })(),
    );
  }
  yield* scope(function* (group) {
    yield* group.spawn(withdraw, 80);
    yield* group.spawn(withdraw, 80);
  });
  yield* say(`balance ${balance}`);
}
// #endregion mutex

// #region signals
function* signals(): Coroutine<void> {
  const ready = event();
  const work = waitGroup();
  const start = barrier(3);
  yield* scope(function* (group) {
    for (const name of ["x", "y", "z"]) {
      work.add();
      yield* group.spawn(function* () {
        const order = yield* start.wait(); // all three leave together
        yield* ready.wait(); // then wait for the go signal
        yield* sleep(order * 5);
        yield* say(`${name} finished (left the barrier as #${order})`);
        work.done();
      });
    }
    yield* sleep(20);
    ready.set();
    yield* work.wait(); // until every add() has had its done()
    yield* say("all work done");
  });
}
// #endregion signals

// #region priority
function* triage(): Coroutine<void> {
  const queue = priorityQueue<string>();
  yield* queue.put("cough", 3);
  yield* queue.put("fracture", 1);
  yield* queue.put("cold", 3);
  yield* queue.put("burn", 2);
  const order: string[] = [];
  for (let i = 0; i < 4; i++) order.push(yield* queue.get());
  yield* say(`seen in order: ${order.join(", ")}`); // lowest first, FIFO among equals
}
// #endregion priority

export function main(): void {
  for (const program of [downloads, account, signals, triage]) {
    run(program);
    console.log("--");
  }
}

main();

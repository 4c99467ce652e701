/**
 * docs/channels-and-sync.md: a producer and consumers over a buffered
 * channel (backpressure, close, the receive loop), and select.
 */
import { CLOSED, channel, forEach, now, run, scope, select, sleep, spawn } from "spindle";
import type { Channel, Coroutine } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region pipeline
function* producer(jobs: Channel<number>): Coroutine<void> {
  try {
    for (let id = 1; id <= 5; id++) {
      yield* jobs.send(id); // waits while the buffer (2) is full: backpressure
      yield* say(`queued job ${id}`);
    }
  } finally {
    jobs.close(); // receivers drain what is buffered, then see CLOSED
  }
}

function* consumer(name: string, jobs: Channel<number>): Coroutine<void> {
  for (;;) {
    const job = yield* jobs.recv();
    if (job === CLOSED) return; // the natural end of a receive loop
    yield* sleep(10); // the work
    yield* say(`${name} did job ${job}`);
  }
}

function* pipeline(): Coroutine<void> {
  const jobs = channel<number>(2);
  yield* scope(function* (group) {
    yield* group.spawn(producer, jobs);
    yield* group.spawn(consumer, "a", jobs);
    yield* group.spawn(consumer, "b", jobs);
  });
  yield* say("all jobs done");
}
// #endregion pipeline

// #region select
function* server(requests: Channel<string>, quit: Channel<void>): Coroutine<void> {
  for (;;) {
    // The quit channel is listed first: when both are ready, it wins.
    const r = yield* select([quit.recv(), requests.recv(), sleep(50)]);
    if (r.index === 0) return yield* say("server: quitting");
    if (r.index === 1) {
      if (r.value === CLOSED) return;
      yield* say(`server: handled ${r.value}`);
    } else {
      yield* say("server: idle for 50 ms");
    }
  }
}

function* client(): Coroutine<void> {
  const requests = channel<string>();
  const quit = channel<void>(1);
  const s = yield* spawn(server, requests, quit);
  yield* requests.send("GET /");
  yield* sleep(70);
  yield* requests.send("GET /about");
  yield* quit.send();
  yield* s;
}
// #endregion select

// #region forEach
function* summing(): Coroutine<number> {
  const numbers = channel<number>("unbounded");
  for (const n of [3, 4, 5]) numbers.trySend(n);
  numbers.close();
  let total = 0;
  yield* forEach(numbers, (n) => {
    total += n;
  });
  return total;
}
// #endregion forEach

export function main(): void {
  run(pipeline);
  console.log("--");
  run(client);
  console.log("--");
  console.log(`sum: ${run(summing)}`);
}

main();

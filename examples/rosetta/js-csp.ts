/**
 * docs/rosetta.md, js-csp: go blocks, channels, alts with a timeout channel,
 * written with spindle on the virtual clock.
 */
import { CLOSED, TimeoutError, cancel, channel, now, run, select, sleep, spawn, timeout } from "spindle";
import type { Channel, Coroutine } from "spindle";

// #region csp
function* say(message: string): Coroutine<void> {
  console.log(`[t=${yield* now()}] ${message}`);
}

// A go block: puts 1..n, the i-th 10*i ms after the one before, then closes its channel.
function* counter(out: Channel<number>, n: number): Coroutine<string> {
  for (let i = 1; i <= n; i++) {
    yield sleep(10 * i); // yield csp.timeout(10 * i)
    yield* out.send(i); // yield csp.put(out, i)
  }
  out.close(); // out.close()
  return `counter: counted to ${n}`; // what go() would put on its result channel
}

function* ticker(): Coroutine<void> {
  try {
    for (;;) yield sleep(1_000);
  } finally {
    yield* say("ticker: cancelled, its finally ran"); // a go block cannot be stopped from outside
  }
}

function* consumer(): Coroutine<void> {
  const numbers = channel<number>(0, { name: "numbers" }); // csp.chan()
  const counting = yield* spawn(counter, numbers, 4); // go(counter, [numbers, 4])
  const ticking = yield* spawn(ticker);
  for (;;) {
    // alts([numbers, csp.timeout(25)]): a sleep case plays the timeout channel
    const r = yield* select([numbers.recv(), sleep(25)]);
    if (r.index === 1) yield* say("25 ms without a number");
    else if (r.value === CLOSED) break; // csp.CLOSED
    else yield* say(`got ${r.value}`);
  }
  yield* say(yield* counting); // yield take(resultChannel): join the task, get its result

  const silent = channel<number>(0, { name: "silent" });
  try {
    yield* timeout(30, silent.recv()); // a deadline on any operation, in or out of a select
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    yield* say("nothing on silent within 30 ms");
  }
  yield* cancel(ticking); // stop a task and wait for its cleanup
}
// #endregion csp

export function main(): void {
  run(consumer);
}

main();

/**
 * docs/hosts.md: the virtual clock. Time jumps straight to the next timer,
 * so a simulated hour takes as long as the work in it.
 */
import { VirtualHost, now, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

// #region run
function* oneHour(): Coroutine<string> {
  yield* sleep(60 * 60 * 1000);
  return `virtual time: ${yield* now()} ms`;
}
// #endregion run

// #region host
function* heartbeat(log: string[]): Coroutine<void> {
  try {
    for (;;) {
      yield* sleep(250);
      log.push(`beat@${yield* now()}`);
    }
  } finally {
    log.push(`stopped@${yield* now()}`);
  }
}

function* measure(ms: number): Coroutine<number> {
  const start = yield* now();
  yield* sleep(ms);
  return (yield* now()) - start;
}

export function main(): void {
  console.log(run(oneHour)); // returns at once: nothing real waited an hour

  const sim = new VirtualHost({ seed: 1 });
  const log: string[] = [];
  const beat = sim.spawn(heartbeat, log);
  sim.runUntil(1_000); // stop the world at t=1000, before the beat due then; heartbeat is still running
  console.log(`t=${sim.now}: ${log.join(" ")}`);

  const elapsed = sim.runTask(sim.spawn(measure, 300)); // run until this task is done
  console.log(`t=${sim.now}: measured ${elapsed} ms; heartbeat is ${beat.state}`);

  beat.cancel(); // from outside any task
  sim.run(); // until every task has finished (run() throws DeadlockError if some never can)
  console.log(`t=${sim.now}: ${log.slice(-2).join(" ")}`);
}
// #endregion host

main();

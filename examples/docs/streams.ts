/**
 * docs/channels-and-sync.md: streams built from generators, operators over
 * channels, and a broadcast with a lagging subscriber.
 */
import { CLOSED, broadcast, collect, filter, map, merge, now, run, sleep, stream, take } from "spindle";
import type { Coroutine } from "spindle";

// #region streams
function* readings(): Coroutine<void> {
  const sensor = (name: string, every: number) =>
    stream<string>(function* (emit) {
      for (let i = 1; ; i++) {
        yield* sleep(every);
        yield* emit(`${name}${i}`);
      }
    });
  const both = yield* merge([yield* sensor("a", 3), yield* sensor("b", 5)]);
  const loud = yield* filter(both, (r) => !r.endsWith("2"));
  const tagged = yield* map(loud, (r) => `${r}@${r.startsWith("a") ? "kitchen" : "garage"}`);
  const first = yield* collect(yield* take(tagged, 5));
  console.log(`first five: ${first.join(" ")} (t=${yield* now()})`);
  // Returning stops the sensors: they are children of this task.
}
// #endregion streams

// #region broadcast
function* scores(): Coroutine<void> {
  const feed = broadcast<number>({ capacity: 2 }); // lag policy: drop-oldest
  const hud = feed.subscribe();
  const slowLogger = feed.subscribe();
  for (const score of [10, 20, 30, 40]) {
    yield* feed.send(score);
    const shown = yield* hud.recv(); // the HUD keeps up
    console.log(`hud shows ${String(shown)}`);
  }
  feed.close();
  const logged: number[] = [];
  for (let v = yield* slowLogger.recv(); v !== CLOSED; v = yield* slowLogger.recv()) logged.push(v);
  console.log(`logger read ${logged.join(", ")}; it missed ${slowLogger.stats().dropped}`);
}
// #endregion broadcast

export function main(): void {
  run(readings);
  console.log("--");
  run(scores);
}

main();

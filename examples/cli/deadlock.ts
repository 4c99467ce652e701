/**
 * docs/cli.md: a program that deadlocks. The collector waits for three
 * results, but only two workers send one, so its third receive waits for
 * ever; `spindle run` reports it with every blocked task.
 *
 * Run: npx spindle run examples/cli/deadlock.ts
 */
// #region program
import { channel, sleep, spawn } from "spindle";
import type { Channel, Coroutine } from "spindle";

function* worker(id: number, results: Channel<number>): Coroutine<void> {
  yield* sleep(10 * id);
  yield* results.send(id * id);
}

export function* main(): Coroutine<number> {
  const results = channel<number>(0, { name: "results" });
  for (const id of [1, 2]) yield* spawn(worker, id, results);
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const value = yield* results.recv(); // the third receive never gets a value
    if (typeof value === "number") total += value;
  }
  return total;
}
// #endregion program

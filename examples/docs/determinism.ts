/**
 * docs/concepts.md: determinism. All randomness comes from the scheduler's
 * seeded generator, and time is virtual, so a seed names a whole run.
 */
import { now, random, run, sleep, spawn } from "spindle";
import type { Coroutine, Task } from "spindle";

// #region determinism
function* customer(id: number, log: string[]): Coroutine<void> {
  yield* sleep(Math.floor((yield* random()) * 100)); // never Math.random(): it cannot be replayed
  log.push(`${id}@${yield* now()}`);
}

function* shop(): Coroutine<string> {
  const log: string[] = [];
  const customers: Task<void>[] = [];
  for (let id = 1; id <= 4; id++) customers.push(yield* spawn(customer, id, log));
  for (const c of customers) yield* c;
  return log.join(" ");
}

export function main(): void {
  console.log("seed 1:", run(shop, { seed: 1 }));
  console.log("seed 1:", run(shop, { seed: 1 })); // the same run, event for event
  console.log("seed 2:", run(shop, { seed: 2 }));
}
// #endregion determinism

main();

/**
 * docs/tutorial.md, step 2: joining tasks for their results.
 */
import { now, run, sleep, spawn } from "spindle";
import type { Coroutine, Task } from "spindle";

/** Prints a message with the virtual time. */
function* log(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region step2
interface Order {
  id: number;
  items: number;
}

function* packOrder(order: Order): Coroutine<string> {
  yield* sleep(order.items * 10);
  yield* log(`order ${order.id}: packed`);
  return `parcel ${order.id} (${order.items} items)`; // the task's result
}

function* shop(): Coroutine<void> {
  const orders: Order[] = [
    { id: 1, items: 3 },
    { id: 2, items: 4 },
    { id: 3, items: 2 },
  ];
  const packing: Task<string>[] = [];
  for (const order of orders) packing.push(yield* spawn(packOrder, order));
  const parcels: string[] = [];
  for (const task of packing) parcels.push(yield* task); // join: wait for its result, typed string
  yield* log(`ready to ship: ${parcels.join(", ")}`);
}
// #endregion step2

export function main(): void {
  run(shop);
}

main();

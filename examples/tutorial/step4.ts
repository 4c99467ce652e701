/**
 * docs/tutorial.md, step 4: closing time. Customers now keep coming; at 62 ms
 * the shop cancels everyone, and each packer cleans up in a finally block.
 */
import { CLOSED, cancel, channel, now, run, sleep, spawn } from "spindle";
import type { Channel, Coroutine } from "spindle";

/** Prints a message with the virtual time. */
function* log(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

interface Order {
  id: number;
  items: number;
}

// #region customers
function* customers(orders: Channel<Order>): Coroutine<void> {
  try {
    for (let id = 1; ; id++) {
      yield* sleep(5); // a new order every 5 ms, all day long
      yield* orders.send({ id, items: 1 + (id % 4) });
      yield* log(`order ${id} placed`);
    }
  } finally {
    orders.close();
  }
}
// #endregion customers

// #region packer
function* packer(name: string, orders: Channel<Order>): Coroutine<void> {
  let inHand: Order | null = null;
  try {
    for (;;) {
      const order = yield* orders.recv();
      if (order === CLOSED) return;
      inHand = order;
      yield* sleep(order.items * 10); // a cancellation lands here, where the packer waits
      yield* log(`${name} packed order ${order.id}`);
      inHand = null;
    }
  } finally {
    // Runs on every way out: return, error, and cancellation.
    if (inHand !== null) yield* log(`${name} puts order ${inHand.id} back on the shelf`);
    yield* sleep(5); // cleanup may wait, too
    yield* log(`${name} has gone home`);
  }
}
// #endregion packer

// #region shop
function* shop(): Coroutine<void> {
  const orders = channel<Order>(2);
  const staff = [
    yield* spawn(customers, orders),
    yield* spawn(packer, "Ann", orders),
    yield* spawn(packer, "Bob", orders),
  ];
  yield* sleep(62);
  yield* log("closing time");
  for (const task of staff) task.cancel(); // requests only: returns at once
  for (const task of staff) yield* cancel(task); // waits until each one's cleanup is done
  yield* log(`closed, with ${orders.stats().buffered} orders left in the queue`);
}
// #endregion shop

export function main(): void {
  run(shop);
}

main();

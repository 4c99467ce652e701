/**
 * docs/tutorial.md, step 5: a timeout. Each order's payment is checked
 * first, and a check that takes more than 20 ms is given up.
 */
import { CLOSED, TimeoutError, cancel, channel, now, run, sleep, spawn, timeout } from "spindle";
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

// #region payment
/** The payment service: quick, except for every third order. */
function* checkPayment(order: Order): Coroutine<void> {
  yield* sleep(order.id % 3 === 0 ? 50 : 5);
}

/** Gives whether the payment went through in time. */
function* paid(name: string, order: Order): Coroutine<boolean> {
  try {
    yield* timeout(20, checkPayment(order)); // runs it as a child task, cancelled after 20 ms
    return true;
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error; // a cancellation, or a real failure: let it through
    yield* log(`${name}: no answer about order ${order.id}'s payment after ${error.ms} ms, refused`);
    return false;
  }
}
// #endregion payment

// #region packer
function* packer(name: string, orders: Channel<Order>): Coroutine<void> {
  let inHand: Order | null = null;
  try {
    for (;;) {
      const order = yield* orders.recv();
      if (order === CLOSED) return;
      if (!(yield* paid(name, order))) continue; // new in step 5
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

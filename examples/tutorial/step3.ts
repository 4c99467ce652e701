/**
 * docs/tutorial.md, step 3: a channel between the customers (a producer)
 * and two packers (workers).
 */
import { CLOSED, channel, now, run, sleep, spawn } from "spindle";
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
const ORDERS: Order[] = [
  { id: 1, items: 3 },
  { id: 2, items: 4 },
  { id: 3, items: 2 },
  { id: 4, items: 1 },
  { id: 5, items: 2 },
];

function* customers(orders: Channel<Order>): Coroutine<void> {
  try {
    for (const order of ORDERS) {
      yield* sleep(5); // a new order every 5 ms
      yield* orders.send(order); // waits while the queue (2 orders) is full
      yield* log(`order ${order.id} placed`);
    }
  } finally {
    orders.close(); // no more orders: the packers empty the queue, then stop
  }
}
// #endregion customers

// #region packer
function* packer(name: string, orders: Channel<Order>): Coroutine<number> {
  let packed = 0;
  for (;;) {
    const order = yield* orders.recv(); // Order | typeof CLOSED
    if (order === CLOSED) return packed;
    yield* sleep(order.items * 10);
    yield* log(`${name} packed order ${order.id}`);
    packed++;
  }
}

function* shop(): Coroutine<void> {
  const orders = channel<Order>(2); // a queue of at most 2 waiting orders
  yield* spawn(customers, orders);
  const ann = yield* spawn(packer, "Ann", orders);
  const bob = yield* spawn(packer, "Bob", orders);
  const a = yield* ann;
  const b = yield* bob;
  yield* log(`all done: Ann packed ${a} orders, Bob ${b}`);
}
// #endregion packer

export function main(): void {
  run(shop);
}

main();

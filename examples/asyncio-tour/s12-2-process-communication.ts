/**
 * asyncio tour §12.2, "Asynchronous Process Communication": a worker process
 * puts five items on a multiprocessing.Queue; the async side gets them.
 * The process becomes a simulated one: a task that starts after a fixed
 * start-up latency, and the queue an unbounded channel. The executor thread
 * blocked in `q.get` becomes a plain `recv()`.
 *
 * Why all "Produced" lines come first: here the worker puts its five items
 * without waiting, and the consumer, woken by the first, runs only after it.
 * In Python the order comes from two processes racing; the child puts all five
 * well before the thread-pool round trips bring them back to the event loop.
 */
import { channel, run, sleep, spawn } from "spindle";
import type { Channel, Coroutine } from "spindle";

const PROCESS_START_MS = 20;

function* worker(q: Channel<number>): Coroutine<void> {
  yield* sleep(PROCESS_START_MS); // the simulated process starting
  for (let i = 0; i < 5; i++) {
    yield* q.send(i);
    console.log(`Produced ${i}`);
  }
}

function* asyncConsumer(q: Channel<number>): Coroutine<void> {
  for (let n = 0; n < 5; n++) {
    const item = yield* q.recv();
    console.log(`Consumed ${String(item)}`);
  }
}

function* app(): Coroutine<void> {
  const queue = channel<number>("unbounded");
  const process = yield* spawn(worker, queue); // process.start()
  yield* asyncConsumer(queue);
  yield* process; // process.join()
}

export function main(): void {
  run(app);
}

if (require.main === module) main();

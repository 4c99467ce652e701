/**
 * asyncio tour §10.1, "Basic Queue Operations": a producer and a consumer.
 * An unbounded `asyncio.Queue()` is `channel("unbounded")`; `asyncio.gather` of
 * the two is `all([...])`. (The tour's `asyncio.run(asyncio.gather(...))` is
 * refused by Python, which wants a coroutine; `run(() => all([...]))` is fine.)
 */
import { all, channel, run, sleep } from "spindle";
import type { Channel, Coroutine } from "spindle";

function* producer(queue: Channel<number>): Coroutine<void> {
  for (let i = 0; i < 5; i++) {
    yield* queue.send(i);
    console.log(`Produced ${i}`);
    yield* sleep(1_000);
  }
}

function* consumer(queue: Channel<number>): Coroutine<void> {
  for (let n = 0; n < 5; n++) {
    const item = yield* queue.recv();
    console.log(`Consumed ${String(item)}`);
  }
}

export function main(): void {
  const queue = channel<number>("unbounded");
  run(() => all([producer(queue), consumer(queue)]));
}

if (require.main === module) main();

/**
 * asyncio tour §10.3, "Limiting Queue Size": a producer fills a queue of five that nobody reads.
 * `asyncio.Queue(maxsize=5)` is `channel(5)`: send waits while it is full.
 * The tour's program has no consumer, so its sixth put waits for ever and
 * Python hangs after "Producing 5". On the virtual clock spindle sees that
 * nothing can ever wake the producer and run() throws DeadlockError, which says
 * who waits on what; the last two lines below are that report.
 */
import { DeadlockError, channel, run, sleep } from "spindle";
import type { Channel, Coroutine } from "spindle";

function* boundedProducer(queue: Channel<number>): Coroutine<void> {
  for (let i = 0; i < 10; i++) {
    console.log(`Producing ${i}`);
    yield* queue.send(i);
    console.log(`Produced ${i}`);
    yield* sleep(500);
  }
}

export function main(): void {
  const queue = channel<number>(5, { name: "queue" });
  try {
    run(() => boundedProducer(queue));
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    console.log(error.message.split("\n")[0]);
    for (const t of error.blocked) console.log(`  ${t.label} waits on ${t.waitingOn} since t=${t.since}`);
  }
}

if (require.main === module) main();

/**
 * asyncio tour §10.2, "Producer-Consumer": three producers, three consumers, random delays.
 *
 * Two changes, made to the Python copy too so that both print the same:
 * - `random` is a small seeded LCG (below) instead of Python's Mersenne
 *   Twister (spindle's own seeded `random()` would be the natural choice here,
 *   but its numbers differ from Python's);
 * - the sentinels are sent once the producers are done, inside the run. The
 *   tour puts them after `asyncio.run` returns, so its consumers wait for ever
 *   and the program never ends. spindle reports that shape as a DeadlockError
 *   instead of hanging: see `asWritten()`.
 */
import { CLOSED, DeadlockError, all, channel, run, sleep, spawn } from "spindle";
import type { Channel, Coroutine, Task } from "spindle";

/** The shared stand-in for Python's random module (the same LCG and seed as the Python copy). */
class Lcg {
  private state: number;
  constructor(seed: number) {
    this.state = seed;
  }
  random(): number {
    this.state = Number((BigInt(this.state) * 1103515245n + 12345n) % 2147483648n);
    return this.state / 2147483648;
  }
  randint(a: number, b: number): number {
    return a + Math.floor(this.random() * (b - a + 1));
  }
}

type Item = number | null; // null is the sentinel

function* producer(queue: Channel<Item>, name: number, rng: Lcg): Coroutine<void> {
  for (let n = 0; n < 5; n++) {
    const item = rng.randint(1, 10);
    yield* sleep(rng.random() * 1_000);
    yield* queue.send(item);
    console.log(`Producer ${name} produced ${item}`);
  }
}

function* consumer(queue: Channel<Item>, name: number, rng: Lcg): Coroutine<void> {
  for (;;) {
    yield* sleep(rng.random() * 1_000);
    const item = yield* queue.recv();
    if (item === null || item === CLOSED) break; // sentinel value to exit
    console.log(`Consumer ${name} consumed ${item}`);
  }
}

function* app(): Coroutine<void> {
  const rng = new Lcg(2024);
  const queue = channel<Item>("unbounded");
  const producers: Task<void>[] = [];
  const consumers: Task<void>[] = [];
  for (let i = 0; i < 3; i++) producers.push(yield* spawn(producer, queue, i, rng));
  for (let i = 0; i < 3; i++) consumers.push(yield* spawn(consumer, queue, i, rng));
  yield* all(producers);
  for (let i = 0; i < 3; i++) yield* queue.send(null); // signal the consumers to exit
  yield* all(consumers);
}

export function main(): void {
  run(app);
}

/**
 * The tour's shape: the run waits for producers and consumers together and
 * the sentinels come only after it. On the virtual clock nothing can ever wake
 * the consumers, so run() throws DeadlockError naming them.
 */
export function asWritten(): string[] {
  const lines: string[] = [];
  const rng = new Lcg(2024);
  const queue = channel<Item>("unbounded");
  const log = console.log;
  console.log = () => {}; // the produce/consume lines are the same as main()'s
  try {
    run(() => all([0, 1, 2].map((i) => producer(queue, i, rng)).concat([0, 1, 2].map((i) => consumer(queue, i, rng)))));
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    lines.push(error.message.split("\n")[0] ?? "", ...error.blocked.map((t) => `${t.label} waits on ${t.waitingOn}`));
  } finally {
    console.log = log;
  }
  return lines;
}

if (require.main === module) {
  main();
  for (const line of asWritten()) console.log(line);
}

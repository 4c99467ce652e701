/**
 * asyncio tour §11.3, "Async Streams": an async generator of ticks, read with `async for`.
 * An async generator is `stream(function* (emit) { ... })`: a child task that
 * emits into a channel (capacity 0, so each emit waits for the reader, as a
 * `yield` in an async generator waits for the next `__anext__`). `async for`
 * is `forEach`, or a loop on recv() until CLOSED.
 */
import { forEach, run, sleep, stream } from "spindle";
import type { Channel, Coroutine } from "spindle";

function ticker(delay: number, to: number): Coroutine<Channel<number>> {
  return stream<number>(function* (emit) {
    for (let i = 0; i < to; i++) {
      yield* emit(i);
      yield* sleep(delay);
    }
  });
}

function* app(): Coroutine<void> {
  yield* forEach(yield* ticker(1_000, 5), (tick) => console.log(`Tick: ${tick}`));
}

export function main(): void {
  run(app);
}

if (require.main === module) main();

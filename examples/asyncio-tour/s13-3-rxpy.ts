/**
 * asyncio tour §13.3, "Reactive Extensions (RxPY with Async)": an observable
 * that emits 42 after one second and completes; the subscriber prints it.
 * An observable with on_next/on_completed is a stream: emit is on_next, and the
 * producer returning closes the channel (on_completed). Subscribing is reading.
 *
 * Not checked against Python: RxPY is not installed here, and the tour's
 * program cannot run as written anyway (rx.create wants a synchronous subscribe
 * function, asyncio.sleep lost its loop= argument in Python 3.10, and
 * run_forever() never returns). The test checks the intended output: 42.
 */
import { forEach, run, sleep, stream } from "spindle";
import type { Coroutine } from "spindle";

function* app(): Coroutine<void> {
  const source = yield* stream<number>(function* (onNext) {
    yield* sleep(1_000);
    yield* onNext(42);
  }); // returning is on_completed: the channel closes
  yield* forEach(source, (value) => console.log(value));
}

export function main(): void {
  run(app);
}

if (require.main === module) main();

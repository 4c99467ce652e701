/**
 * docs/cancellation-and-errors.md, "An error nobody handled": a child that
 * nobody joins fails, which fails its parent, and run() throws the error.
 * Run it with `npx tsx examples/uncaught/unjoined-child.ts` to see what Node
 * prints; test/examples/uncaught.test.ts runs it so and checks the lines.
 */
// #region program
import { run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

function* flaky(n: number): Coroutine<void> {
  yield* sleep(n);
  throw new Error(`flaky ${n} blew up`);
}

function* parent(): Coroutine<void> {
  yield* spawn(function* heartbeat() {
    for (;;) yield* sleep(5);
  });
  yield* spawn(flaky, 10); // started, never joined
  yield* sleep(1_000);
}

run(parent); // throws the Error of flaky(10), the very object it threw
// #endregion program

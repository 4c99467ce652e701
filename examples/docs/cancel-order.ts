/**
 * docs/cancellation-and-errors.md: children are cancelled most recent first.
 */
import { now, run, sleep, spawn, suspend } from "spindle";
import type { Coroutine } from "spindle";

// #region order
function* hold(resource: string): Coroutine<void> {
  try {
    yield* suspend(); // wait until cancelled
  } finally {
    console.log(`[${yield* now()} ms] released ${resource}`);
  }
}

function* connection(): Coroutine<void> {
  yield* spawn(hold, "socket");
  yield* spawn(hold, "session"); // uses the socket
  yield* spawn(hold, "request"); // uses the session
  yield* sleep(10);
} // returning cancels the children: request, then session, then socket

export function main(): void {
  run(connection);
}
// #endregion order

main();

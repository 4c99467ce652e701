/**
 * docs/node.md: the edges of the Promise-free core, for real. A task's
 * abortSignal() stops a fetch() when a timeout cancels the task; a task
 * waits for an outside AbortSignal with whenAborted(); runAsync() and
 * toPromise() hand results back to async/await code.
 *
 *   npx tsx examples/node/edges.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { RealtimeHost, TimeoutError, sleep, spawn, timeout } from "spindle";
import type { Coroutine } from "spindle";
import { abortSignal, whenAborted } from "spindle";
import { fromPromise, runAsync, toPromise } from "spindle/promise";

// #region fetch
/** fetch() as an operation: cancelling the task (a timeout, a lost race, a shutdown) aborts the request. */
function* download(url: string): Coroutine<string> {
  const signal = yield* abortSignal(); // aborts when this task is cancelled or ends
  const response = yield* fromPromise(fetch(url, { signal }));
  return yield* fromPromise(response.text());
}

function* fetchBoth(base: string): Coroutine<string[]> {
  const fast = yield* download(`${base}/fast`);
  let slow: string;
  try {
    slow = yield* timeout(100, download(`${base}/slow`));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    slow = "gave up after 100 ms";
  }
  return [fast, slow];
}
// #endregion fetch

// #region when-aborted
/** Ticks until an outside signal aborts (here AbortSignal.timeout); gives how it ended. */
function* tickUntil(signal: AbortSignal): Coroutine<string> {
  const ticker = yield* spawn(function* ticker() {
    for (;;) yield* sleep(10);
  });
  const reason = yield* whenAborted(signal); // the task waits; no Promise involved
  ticker.cancel();
  return `stopped by ${(reason as Error).name}`;
}
// #endregion when-aborted

export async function main(): Promise<void> {
  let clientGaveUp: () => void = () => {};
  const gaveUp = new Promise<void>((resolve) => (clientGaveUp = resolve));
  const server = createServer((req, res) => {
    if (req.url === "/fast") res.end("fast answer");
    else req.socket.on("close", clientGaveUp); // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // #region run-async
    const [fast, slow] = await runAsync(fetchBoth(base)); // main on a RealtimeHost; its result as a Promise
    console.log(`fast: ${fast}; slow: ${slow}`);
    console.log(await runAsync(tickUntil(AbortSignal.timeout(50))));
    // #endregion run-async
    await gaveUp;
    console.log("the server saw the client give up on /slow");

    // #region to-promise
    const host = new RealtimeHost();
    const tasks = [host.spawn(download, `${base}/fast`), host.spawn(download, `${base}/fast`)];
    const texts = await Promise.all(tasks.map(toPromise)); // toPromise watches a task from async code
    console.log(`two downloads: ${texts.join(", ")}`);
    // #endregion to-promise
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

if (require.main === module) main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * docs/hosts.md: the real-time host. Time is the wall clock; one OS timer
 * serves every sleeping task.
 */
import { readFile } from "node:fs";
import { RealtimeHost, action, now, sleep, spawn } from "spindle";
import type { Coroutine, Task } from "spindle";
import type { Instruction } from "spindle/extend";

// #region realtime
/** A Node callback API as an operation (see docs/writing-primitives.md). */
function readText(path: string): Instruction<string> {
  return action<string>(`readText(${path})`, (resolve, reject) => {
    readFile(path, "utf8", (error, text) => (error ? reject(error) : resolve(text)));
  });
}

function* nap(name: string, ms: number, order: string[]): Coroutine<void> {
  yield* sleep(ms); // real milliseconds now
  order.push(name);
}

function* app(): Coroutine<string> {
  const start = yield* now();
  const order: string[] = [];
  const naps: Task<void>[] = [];
  for (const [name, ms] of [["c", 30], ["a", 10], ["b", 20]] as const) naps.push(yield* spawn(nap, name, ms, order));
  const pkg = JSON.parse(yield* readText("package.json")) as { name: string };
  for (const t of naps) yield* t;
  const elapsed = (yield* now()) - start;
  return `woke in order ${order.join(", ")}; package "${pkg.name}"; took at least 30 ms: ${elapsed >= 30}`;
}

/** The host does not block: it runs on Node's event loop, so the result arrives later. */
export function main(): Promise<void> {
  return new Promise((resolve, reject) => {
    const host = new RealtimeHost({ onError: reject });
    const task = host.spawn(app);
    task.addFinishListener({
      taskFinished: (t) => {
        if (t.state === "done") {
          console.log(t.value);
          resolve();
        } else reject(t.error);
      },
    });
  });
}
// #endregion realtime

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

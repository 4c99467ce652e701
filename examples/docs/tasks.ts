/**
 * docs/concepts.md: tasks, operations, and the two ways to yield an instruction.
 */
import { now, run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

// #region operations
// An operation is a generator function. Calling it does nothing yet; `yield*`
// runs it inside the current task and gives its (typed) result.
function* fetchUser(id: number): Coroutine<string> {
  yield* sleep(10 * id); // a typed wait: the result of sleep() is void
  return `user${id}`;
}

function* greet(id: number): Coroutine<string> {
  const name = yield* fetchUser(id); // name: string, inferred from fetchUser
  return `hello, ${name}`;
}
// #endregion operations

// #region tasks
function* app(): Coroutine<void> {
  // spawn(fn, ...args) starts a concurrent child task and gives its Task at once.
  const first = yield* spawn(greet, 3);
  const second = yield* spawn(greet, 1);
  // yield* task joins it: waits until it finishes and gives its result (or throws its error).
  console.log(yield* first, "/", yield* second, "at", yield* now(), "ms"); // the two ran concurrently: 30 ms, not 40
}
// #endregion tasks

// #region forms
function* blink(times: number): Coroutine<number> {
  let t = 0;
  for (let i = 0; i < times; i++) {
    yield sleep(5); // plain yield: the fast form, when the result is not needed
    t = yield* now(); // yield*: the typed form; t is a number
  }
  return t;
}
// #endregion forms

export function main(): void {
  run(app);
  console.log("blink ended at", run(blink(3)), "ms");
}

main();

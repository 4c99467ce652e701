/**
 * docs/rosetta.md, redux-saga: a watcher and a worker written as spindle
 * tasks, tested two ways: stepped by hand, instruction by instruction, as a
 * saga's effects are; and run whole on the virtual clock with a fake API.
 */
import assert from "node:assert/strict";
import { CLOSED, action, channel, run, spawn } from "spindle";
import type { Channel, Closed, Coroutine, SendOp } from "spindle";
import type { Instruction } from "spindle/extend";

// #region saga
type Action =
  | { type: "user/fetch"; id: number }
  | { type: "user/loaded"; name: string }
  | { type: "user/failed"; id: number; reason: string };

/** The API: each call is one instruction, so a test sees it as one step. */
interface Api {
  fetchUser(id: number): Instruction<string>;
}
// In an application: fetchUser: (id) => fromPromise((signal) => getUser(id, signal), `fetchUser(${id})`)

// takeEvery("user/fetch", fetchUser): take in a loop, fork a worker per action.
// Plain `yield` rather than `yield*`, so that a test can feed each result with next(value).
function* watchUsers(actions: Channel<Action>, store: Channel<Action>, api: Api): Coroutine<void> {
  for (;;) {
    const next = (yield actions.recv()) as Action | Closed; // take
    if (next === CLOSED) return;
    if (next.type === "user/fetch") yield spawn(fetchUser, next.id, store, api); // fork
  }
}

function* fetchUser(id: number, store: Channel<Action>, api: Api): Coroutine<void> {
  try {
    const name = (yield api.fetchUser(id)) as string; // call
    yield store.send({ type: "user/loaded", name }); // put
  } catch (error) {
    yield store.send({ type: "user/failed", id, reason: (error as Error).message }); // put
  }
}
// #endregion saga

// #region fake-api
const users = new Map([[1, "ada"], [2, "grace"]]);
const fakeApi: Api = {
  fetchUser: (id) =>
    action(`fetchUser(${id})`, (resolve, reject) => {
      const name = users.get(id);
      if (name === undefined) reject(new Error(`no user ${id}`));
      else resolve(name);
    }),
};
// #endregion fake-api

// #region step-test
/** Steps the generators by hand: no scheduler, nothing runs but the saga's own code. */
function stepTest(): void {
  const actions = channel<Action>(0, { name: "actions" });
  const store = channel<Action>("unbounded", { name: "store" });
  const describe = (step: IteratorResult<unknown>) => (step.value as Instruction).describe();

  const watcher = watchUsers(actions, store, fakeApi);
  assert.equal(describe(watcher.next()), "recv(actions)"); // take
  assert.equal(describe(watcher.next({ type: "user/fetch", id: 7 })), "spawn(fetchUser)"); // fork
  assert.equal(describe(watcher.next()), "recv(actions)"); // back to take
  assert.equal(watcher.next(CLOSED).done, true);

  const worker = fetchUser(7, store, fakeApi);
  assert.equal(describe(worker.next()), "fetchUser(7)"); // the call, described, not made
  const put = worker.next("ada").value as SendOp<Action>; // its result, fed by the test
  assert.equal(put.describe(), "send(store)");
  assert.deepEqual(put.value, { type: "user/loaded", name: "ada" });
  assert.equal(worker.next().done, true);

  const failing = fetchUser(7, store, fakeApi);
  failing.next();
  const failed = failing.throw(new Error("503")).value as SendOp<Action>; // the call fails
  assert.deepEqual(failed.value, { type: "user/failed", id: 7, reason: "503" });
  console.log("stepped: take, fork, call, put and the error branch are as expected");
}
// #endregion step-test

// #region run-test
/** Runs the watcher on the virtual clock, dispatches three actions, reads what it put. */
function* app(): Coroutine<Action[]> {
  const actions = channel<Action>(0, { name: "actions" });
  const store = channel<Action>("unbounded", { name: "store" });
  yield* spawn(watchUsers, actions, store, fakeApi);
  for (const id of [1, 2, 3]) yield* actions.send({ type: "user/fetch", id }); // dispatch
  const puts: Action[] = [];
  for (let i = 0; i < 3; i++) puts.push((yield* store.recv()) as Action);
  return puts; // returning cancels the watcher, a child of app
}

function runTest(): void {
  const puts = run(app);
  assert.deepEqual(puts.map((a) => a.type), ["user/loaded", "user/loaded", "user/failed"]);
  for (const put of puts) console.log("put", JSON.stringify(put));
}
// #endregion run-test

export function main(): void {
  stepTest();
  runTest();
}

main();

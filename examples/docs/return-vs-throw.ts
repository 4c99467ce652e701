/**
 * docs/design.md: why cancellation is a thrown CancelledError rather than
 * generator.return(). Plain generators, no spindle: a helper reached through
 * `yield*` has a cleanup that waits (yields). Closing the outer generator with
 * return() and then resuming the cleanup with next() makes the outer body
 * carry on as if the helper had returned normally. A thrown error is held by
 * each frame instead, so the unwinding continues outward after the cleanup.
 */

// #region helper
function* helper(): Generator<string, string, unknown> {
  try {
    yield "working";
    return "result";
  } finally {
    yield "cleanup that waits"; // e.g. closing a connection takes a while
  }
}

function* body(): Generator<string, void, unknown> {
  const result = yield* helper();
  console.log(`  body carries on after the helper, with ${String(result)}`); // must never happen after a cancel
  yield "more work";
}
// #endregion helper

// #region compare
function show(step: string, r: IteratorResult<string, void>): void {
  console.log(`  ${step} -> ${r.done === true ? "done" : r.value}`);
}

export function main(): void {
  console.log("cancelled with return():");
  const a = body();
  show("next()", a.next());
  show("return()", a.return(undefined)); // the helper's finally starts, and waits
  show("next()", a.next()); // cleanup finished: the body is resurrected

  console.log("cancelled with throw():");
  const b = body();
  show("next()", b.next());
  show("throw(cancel)", b.throw(new Error("cancelled"))); // the same finally starts, and waits
  try {
    show("next()", b.next()); // cleanup finished: the error continues outward
  } catch (error) {
    console.log(`  next() -> threw "${(error as Error).message}": the body is unwound`);
  }
}
// #endregion compare

main();

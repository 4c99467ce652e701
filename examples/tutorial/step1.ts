/**
 * docs/tutorial.md, step 1: tasks and sleep. A shop packs three orders at
 * once; packing takes (virtual) time.
 */
import { now, run, sleep, spawn } from "spindle";
import type { Coroutine } from "spindle";

/** Prints a message with the virtual time. */
function* log(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

function* packOrder(id: number, items: number): Coroutine<void> {
  yield* log(`order ${id}: packing`);
  yield* sleep(items * 10); // 10 ms per item, on the virtual clock
  yield* log(`order ${id}: packed`);
}

function* shop(): Coroutine<void> {
  yield* spawn(packOrder, 1, 3); // each order is a task of its own
  yield* spawn(packOrder, 2, 4);
  yield* spawn(packOrder, 3, 2);
  yield* log("three orders started");
  yield* sleep(100); // stay open while they are packed
  yield* log("closing");
}

run(shop); // runs on a virtual clock until shop has finished

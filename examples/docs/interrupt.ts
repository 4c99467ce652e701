/**
 * docs/cancellation-and-errors.md: interrupts. Unlike a cancellation, an
 * interrupt is an error thrown where the task waits, which it may catch and
 * then carry on (SimPy's interrupt).
 */
import { Interrupt, now, run, sleep, spawn } from "spindle";
import type { Coroutine, Task } from "spindle";

function* say(message: string): Coroutine<void> {
  console.log(`[${yield* now()} ms] ${message}`);
}

// #region interrupt
function* machine(parts: number): Coroutine<void> {
  for (let part = 1; part <= parts; part++) {
    let workLeft = 30;
    while (workLeft > 0) {
      const start = yield* now();
      try {
        yield* sleep(workLeft);
        workLeft = 0;
      } catch (error) {
        if (!(error instanceof Interrupt)) throw error;
        workLeft -= (yield* now()) - start;
        yield* say(`${String(error.cause)}: ${workLeft} ms of work left on part ${part}; repairing`);
        yield* sleep(10);
      }
    }
    yield* say(`part ${part} done`);
  }
}

function* breakdowns(target: Task<void>): Coroutine<void> {
  yield* sleep(45);
  target.interrupt("breakdown"); // thrown into the machine at its sleep()
}

function* factory(): Coroutine<void> {
  const m = yield* spawn(machine, 3);
  yield* spawn(breakdowns, m);
  yield* m;
}
// #endregion interrupt

export function main(): void {
  run(factory);
}

main();

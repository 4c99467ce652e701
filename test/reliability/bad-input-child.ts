/**
 * Helper of bad-input-table.test.ts: makes the calls that might never return
 * (a loop that cannot end) and prints, for each, "<call> -> <ErrorClass>:
 * <message>" or "<call> -> returned". The parent runs it with a time limit,
 * so that a hang fails those rows instead of stopping the suite; the calls
 * that hang today come last, so that the others are still reported.
 */
import { RingQueue } from "../../src/extend.js";

const calls: [string, () => unknown][] = [
  ["new RingQueue(2 ** 40)", () => new RingQueue(2 ** 40)],
  ["new RingQueue(2 ** 31)", () => new RingQueue(2 ** 31)],
  ["new RingQueue(Infinity)", () => new RingQueue(Infinity)],
];

for (const [call, make] of calls) {
  let outcome: string;
  try {
    make();
    outcome = "returned";
  } catch (error) {
    const e = error as Error;
    outcome = `${e.constructor.name}: ${e.message}`;
  }
  process.stdout.write(`${call} -> ${outcome}\n`);
}

/**
 * The clock's one limit. It is a double, exact to about 16 significant
 * digits: far from 0 (at 1e17 ms, say) `now + 1 === now`, and a wait of 1 ms
 * would take no time at all. Such a wait is refused instead; every wait
 * that can move the clock is kept.
 */
import { InvalidArgumentError } from "./errors.js";

/** The error for a wait of `ms` (> 0) that the clock at `now` cannot tell from now. */
function imprecise(what: string, now: number, ms: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `${what}(${ms}) at t=${now}: the clock cannot count ${ms} ms this far from 0 (it is a double, exact to about 16 digits), so the wait would take no time; ` +
      "keep the clock near 0 (startTime) and count from there",
  );
}

/** @internal Refuses a delay the clock cannot tell from now (Sleep.tryNow, addTimer; the step loop's sleep fast path writes the test out). */
export function checkDeadline(what: string, now: number, ms: number): void {
  if (now + ms === now && ms > 0) throw imprecise(what, now, ms);
}

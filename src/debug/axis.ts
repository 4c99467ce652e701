/**
 * The ticks of the timeline's axis: round steps (1, 2 or 5 times a power of
 * ten) so that the labels read as numbers a person would pick, about one
 * every hundred pixels. The step rule and the bounds are the charts' too
 * (nice-step.ts).
 */
import { MAX_TICKS, MIN_RELATIVE_STEP, niceStep as roundStep } from "../nice-step.js";

/** One tick: where it is on the axis, and its label. */
export interface Tick {
  value: number;
  label: string;
}

/** The smallest round step (1, 2 or 5 × 10^k) that gives at most `maxTicks` steps over `extent`; at least 1 for whole numbers. */
export function niceStep(extent: number, maxTicks: number, wholeNumbers: boolean): number {
  const step = roundStep(extent > 0 && maxTicks > 0 ? extent / maxTicks : 1);
  return wholeNumbers ? Math.max(1, Math.round(step)) : step;
}

/** Shows `value` without the binary noise of a multiple of a decimal step (0.30000000000000004). */
function roundLabel(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * The ticks from `start` to `start + extent`: every multiple of the step in
 * that range, or just its two ends when the range is too narrow beside its
 * magnitude for round steps. `unit` follows each label (" ms"), or nothing.
 */
export function ticksOf(start: number, extent: number, maxTicks: number, wholeNumbers: boolean, unit: string): Tick[] {
  const step = niceStep(extent, Math.min(maxTicks, MAX_TICKS), wholeNumbers);
  const end = start + extent;
  if (!(step >= Math.max(Math.abs(start), Math.abs(end)) * MIN_RELATIVE_STEP)) {
    // Every digit a double holds, so that two ends a hair apart read differently.
    const ends = end > start ? [start, end] : [start];
    return ends.map((value) => ({ value, label: `${value}${unit}` }));
  }
  const ticks: Tick[] = [];
  // A little slack, so that an end that is itself a multiple gets its tick despite rounding.
  const slack = step * 1e-9;
  for (let k = Math.ceil((start - slack) / step); k * step <= end + slack && ticks.length <= MAX_TICKS; k++) {
    const value = k * step;
    ticks.push({ value, label: `${roundLabel(value)}${unit}` });
  }
  return ticks;
}

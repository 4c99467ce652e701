/**
 * Axis ticks at "nice" numbers: steps of 1, 2 or 5 times a power of ten, so
 * the labels read 0, 20, 40 rather than 0, 17.3, 34.6. The axis is widened
 * to whole steps, so it starts and ends on a labelled tick. The step rule
 * and the bounds are shared with the trace timeline's axis (nice-step.ts).
 */
import { MAX_TICKS, MIN_RELATIVE_STEP, niceStep } from "../../nice-step.js";

/** A nice axis: its ends, its step and the values to label. */
export interface NiceAxis {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/**
 * About `target` intervals covering [lo, hi] (never fewer than one, nor
 * more than about 1000). A range of width zero becomes one step either side of
 * its value (from 0 when the value is 0), so a constant series still gets
 * an axis. With `integer`, the step is at least 1 (counts of customers
 * have no halves). A range too narrow beside its magnitude for nice steps
 * (or too wide for a double, or subnormal, or whose whole steps would pass
 * the largest double) gets ticks at its two ends only.
 */
export function niceAxis(lo: number, hi: number, target = 5, integer = false): NiceAxis {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    if (lo === 0) hi = 1;
    else {
      // At least the smallest double: half a subnormal rounds to 0, and so would the pad.
      const pad = Math.max(niceStep(Math.abs(lo) / 2), Number.MIN_VALUE);
      lo = lo > 0 && lo - pad < 0 ? 0 : Math.max(lo - pad, -Number.MAX_VALUE);
      hi = Math.min(hi + pad, Number.MAX_VALUE);
    }
  }
  const rough = niceStep((hi - lo) / Math.min(MAX_TICKS, Math.max(1, target)));
  const step = integer ? Math.max(1, rough) : rough;
  const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
  const endsOnly = { min: lo, max: hi, step: hi - lo, ticks: [lo, hi] };
  // A step of 0 comes from a subnormal range (its tenth underflows).
  if (!(Number.isFinite(step) && step > 0 && step >= magnitude * MIN_RELATIVE_STEP)) return endsOnly;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  // At most MAX_TICKS intervals plus a partial one at each end; the bound is only a guard.
  for (let i = first; i <= last && ticks.length < MAX_TICKS + 3; i++) ticks.push(roundToStep(i * step, step));
  // Widening to whole steps can pass the largest double (a last tick of 2e308): keep the data's own ends then.
  if (!ticks.every(Number.isFinite)) return endsOnly;
  return { min: ticks[0] as number, max: ticks[ticks.length - 1] as number, step, ticks };
}

/** Beyond this many decimals (or at 1e21 and above) a number is written with an exponent. */
const MAX_FIXED_DECIMALS = 20;

/** `value` without the binary noise of a multiple of `step` (0.30000000000000004 becomes 0.3). */
function roundToStep(value: number, step: number): number {
  const decimals = decimalsOf(step);
  if (decimals <= MAX_FIXED_DECIMALS) return Number(value.toFixed(decimals));
  return Number(value.toPrecision(significantDigits(value, step)));
}

/** How many significant digits show `value` to the precision of `step` (1 to 21, what toPrecision takes and doubles hold). */
function significantDigits(value: number, step: number): number {
  if (value === 0) return 1;
  const digits = Math.floor(Math.log10(Math.abs(value)) + 1e-9) - Math.floor(Math.log10(step) + 1e-9) + 1;
  return Math.min(21, Math.max(1, digits));
}

/** How many decimals a tick label needs for ticks `step` apart. */
export function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** A tick's label: as many decimals as the step needs and no more (with an exponent for tiny or huge values). */
export function formatTick(value: number, step: number): string {
  const decimals = decimalsOf(step);
  if (decimals > MAX_FIXED_DECIMALS || Math.abs(value) >= 1e21) {
    const rounded = Number(value.toPrecision(significantDigits(value, step)));
    // Near the largest double, rounding up to fewer digits can overflow (1.79e308 to 2e308): then write it whole.
    return String(Number.isFinite(rounded) ? rounded : value);
  }
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

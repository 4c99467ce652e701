/**
 * Axis ticks at "nice" numbers: steps of 1, 2 or 5 times a power of ten, so
 * the labels read 0, 20, 40 rather than 0, 17.3, 34.6. The axis is widened
 * to whole steps, so it starts and ends on a labelled tick.
 */

/** A nice axis: its ends, its step and the values to label. */
export interface NiceAxis {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** The nice step nearest above `rough`: 1, 2 or 5 times a power of ten. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * About `target` intervals covering [lo, hi] (never fewer than one). A
 * range of width zero becomes one step either side of its value (from 0
 * when the value is 0), so a constant series still gets an axis. With
 * `integer`, the step is at least 1 (counts of customers have no halves).
 */
export function niceAxis(lo: number, hi: number, target = 5, integer = false): NiceAxis {
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    if (lo === 0) hi = 1;
    else {
      const pad = niceStep(Math.abs(lo) / 2);
      lo = lo > 0 && lo - pad < 0 ? 0 : lo - pad;
      hi += pad;
    }
  }
  const rough = niceStep((hi - lo) / Math.max(1, target));
  const step = integer ? Math.max(1, rough) : rough;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const decimals = decimalsOf(step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return { min: ticks[0] as number, max: ticks[ticks.length - 1] as number, step, ticks };
}

/** How many decimals a tick label needs for ticks `step` apart. */
export function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** A tick's label: as many decimals as the step needs and no more. */
export function formatTick(value: number, step: number): string {
  const text = value.toFixed(decimalsOf(step));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

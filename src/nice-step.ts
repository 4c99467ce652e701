/**
 * Round steps for axes, shared by the simulation charts (sim/charts/ticks.ts)
 * and the trace timeline (debug/axis.ts): 1, 2 or 5 times a power of ten, so
 * that labels read 0, 20, 40 rather than 0, 17.3, 34.6; and the two bounds
 * that keep any axis finite.
 */

/** The nice step nearest above `rough`: 1, 2 or 5 times a power of ten. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** The most ticks an axis gets, whatever it asks for: more could not be read, and would take long to list. */
export const MAX_TICKS = 1000;

/**
 * The smallest step, relative to the values' magnitude, whose multiples
 * doubles still tell apart: below it (a range of 16 around 1e17, or a
 * microsecond on a clock counting milliseconds since 1970), the multiples
 * would round onto one another and counting them would pass 2^53, where
 * adding 1 no longer moves a double.
 */
export const MIN_RELATIVE_STEP = 2 ** -44;

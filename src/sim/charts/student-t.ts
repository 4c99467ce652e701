/**
 * Quantiles of Student's t distribution, computed rather than looked up, so
 * a confidence interval is right for any number of replications.
 *
 * For t > 0, P(T > t) = I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²), where I is
 * the regularized incomplete beta function. The quantile is found by
 * bisection on x (I is increasing in x), which converges to the last bit
 * without needing a derivative. I is evaluated by its continued fraction
 * (modified Lentz), on whichever side of the mean of the beta distribution
 * makes it converge fast; ln Γ by Lanczos' approximation (g = 7, 9 terms).
 *
 * When t² is small beside ν (many degrees of freedom, or p near 1/2), x is
 * close to 1, where doubles are too coarse to tell nearby t apart (at
 * ν = 1e16, 1 - x is a few units in the last place). There the bisection is
 * on y = 1 - x = t² / (ν + t²) instead, with P(|T| <= t) = I_y(1/2, ν/2)
 * summed as a power series of positive terms, and ln B(1/2, ν/2) taken from
 * Stirling's series so that two huge ln Γ do not cancel. That cannot
 * resolve a far tail (2p - 1 within 0.02 of 1): there, with more than 1e4
 * degrees of freedom, t comes from the normal quantile and its
 * Cornish–Fisher corrections in 1/ν; with fewer, x is coarse enough.
 */
import { InvalidArgumentError } from "../../kernel/api.js";

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0. */
export function lnGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z); // reflection
  const w = z - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (w + i);
  const t = w + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (w + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Below this, ln B(a, b) is a plain sum of ln Γ: they are small enough not to lose digits to cancellation. */
const STIRLING_FROM = 50;

/** ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0, accurate when one of them is huge. */
export function lnBeta(a: number, b: number): number {
  if (a > b) [a, b] = [b, a];
  if (b < STIRLING_FROM) return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  // ln Γ(b) - ln Γ(a + b) from Stirling's series of each: the leading terms combine into
  // -(b - 1/2)·ln(1 + a/b) - a·ln(a + b) + a, which log1p keeps exact however large b is.
  return lnGamma(a) - (b - 0.5) * Math.log1p(a / b) - a * Math.log(a + b) + a + stirlingRest(b) - stirlingRest(a + b);
}

/** ln Γ(z) - ((z - 1/2)·ln z - z + ln(2π)/2): the rest of Stirling's series, to 1e-19 for z >= 50. */
function stirlingRest(z: number): number {
  const z2 = z * z;
  return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z;
}

/**
 * I_y(a, b) for y well below 1, by its power series
 * y^a (1-y)^b / (a B(a, b)) · Σ (a+b)_n / (a+1)_n · y^n, whose terms are all
 * positive: nothing cancels, however large b is.
 */
function incompleteBetaSeries(y: number, a: number, b: number): number {
  const logFront = a * Math.log(y) + b * Math.log1p(-y) - lnBeta(a, b);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= ((a + b + n) * y) / (a + 1 + n);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return (Math.exp(logFront) * sum) / a;
}

/** The regularized incomplete beta function I_x(a, b), for 0 <= x <= 1 and a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
  // The continued fraction converges quickly for x below the mean a/(a+b), roughly; above it, use I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaFraction(1 - x, b, a)) / b;
}

/** The continued fraction of the incomplete beta function, by the modified Lentz method. */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (v: number): number => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let f = d;
  for (let m = 1; m <= 100_000; m++) {
    // even step: m(b-m)x / ((a+2m-1)(a+2m))
    let term = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / guard(1 + term * d);
    c = guard(1 + term / c);
    f *= c * d;
    // odd step: -(a+m)(a+b+m)x / ((a+2m)(a+2m+1))
    term = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / guard(1 + term * d);
    c = guard(1 + term / c);
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/**
 * The p-quantile of Student's t distribution with `df` degrees of freedom:
 * the t with P(T <= t) = p. The 95% confidence interval of a mean of n
 * values uses studentTQuantile(0.975, n - 1). Accurate to about 1e-12 for
 * any df (tested from 1 to 1e16, where it meets the normal quantile).
 *
 * Throws InvalidArgumentError unless 0 < p < 1 and df is a positive finite number.
 *
 * @example
 * ```ts
 * studentTQuantile(0.975, 9); // 2.2621571627...
 * studentTQuantile(0.975, 1); // 12.7062047361...
 * ```
 *
 * @category Simulation
 */
export function studentTQuantile(p: number, df: number): number {
  if (typeof p !== "number" || !(p > 0 && p < 1)) throw new InvalidArgumentError(`studentTQuantile(): p is ${String(p)}; give a probability strictly between 0 and 1, such as 0.975`);
  if (typeof df !== "number" || !Number.isFinite(df) || !(df > 0)) {
    throw new InvalidArgumentError(`studentTQuantile(): df is ${String(df)}; give a positive finite number of degrees of freedom (n - 1 for n values)`);
  }
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5)); // Cauchy: exact
  if (p <= FAR_TAIL) {
    // Bisect on y = t² / (df + t²) if the quantile has y < 1/2, where y is the finer variable.
    const yMax = Math.min(0.5, 20 / df);
    if (incompleteBetaSeries(yMax, 0.5, df / 2) >= 2 * p - 1) return quantileFromY(p, df, yMax);
  }
  if (df > VERY_MANY_DF) return quantileByExpansion(p, df);
  // Find x in (0, 1) with I_x(df/2, 1/2) = 2(1 - p); then t = sqrt(df (1 - x) / x).
  const target = 2 * (1 - p);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (incompleteBeta(mid, df / 2, 0.5) < target) lo = mid;
    else hi = mid;
  }
  const x = (lo + hi) / 2;
  return Math.sqrt((df * (1 - x)) / x);
}

/** Above this many, quantiles beyond FAR_TAIL come from the Cornish–Fisher expansion, whose first omitted term is then below about 1e-14. */
const VERY_MANY_DF = 1e4;
/** Beyond this p, 2p - 1 is too close to 1 for I_y to resolve the tail well: the tail is computed instead. */
const FAR_TAIL = 0.99;

/**
 * The quantile for p <= FAR_TAIL whose y = t² / (df + t²) is below `yMax`:
 * the y with I_y(1/2, df/2) = 2p - 1 (that is P(|T| <= t)), by bisection.
 * (Beyond df = 12, t² < 20 there, so 20 / df bounds y and keeps the
 * series' terms within range.)
 */
function quantileFromY(p: number, df: number, yMax: number): number {
  const target = 2 * p - 1; // exact for p in [0.5, 1)
  let lo = 0;
  let hi = yMax;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (incompleteBetaSeries(mid, 0.5, df / 2) < target) lo = mid;
    else hi = mid;
  }
  const y = (lo + hi) / 2;
  return Math.sqrt((df * y) / (1 - y));
}

/**
 * The quantile for df > VERY_MANY_DF and p > FAR_TAIL: the normal quantile z
 * plus the Cornish–Fisher corrections in 1/df (the terms of Fisher's
 * expansion of t in z, to the fourth power of 1/df).
 */
function quantileByExpansion(p: number, df: number): number {
  const z = normalUpperQuantile(1 - p); // 1 - p is exact for p in [0.5, 1)
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/** The z with P(Z > z) = q for a standard normal Z, for 1e-300 < q <= 0.01 (so 2 < z < 38), by bisection. */
function normalUpperQuantile(q: number): number {
  let lo = 2;
  let hi = 38;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (normalUpperTail(mid) > q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * P(Z > z) for z >= 2: half the regularized upper incomplete gamma function
 * Q(1/2, z²/2), by its continued fraction (modified Lentz), which converges
 * fast this far out and keeps the tail's relative accuracy.
 */
function normalUpperTail(z: number): number {
  const a = 0.5;
  const x = (z * z) / 2;
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let f = d;
  for (let i = 1; i <= 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x + a * Math.log(x) - lnGamma(a)) * f) / 2;
}

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

/** The regularized incomplete beta function I_x(a, b), for 0 <= x <= 1 and a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - (lnGamma(a) + lnGamma(b) - lnGamma(a + b));
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
 * values uses studentTQuantile(0.975, n - 1). Accurate to about 1e-12.
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

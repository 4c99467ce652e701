/**
 * Easing functions: the standard curves (Robert Penner's set, the one on
 * easings.net) that shape a tween's progress. Each maps t, the fraction of
 * the tween's duration that has passed, to the fraction of the way from the
 * start value to the end value: f(0) is exactly 0 and f(1) exactly 1, and
 * back and elastic overshoot in between.
 *
 * Out of range: t below 0 gives 0 and t above 1 gives 1, because a tween's
 * last frame usually ends past its duration (elapsed / duration = 1.02) and
 * should land on the end value, not beyond it. NaN throws an
 * InvalidArgumentError: it comes from a 0/0 (a zero duration), and a tween
 * that silently moved an object to NaN would be harder to trace. The check
 * costs nothing: it sits behind the range test every call makes anyway
 * (measured: 6 to 11 ns a call with the check, without it, and with no
 * range test at all, within the noise of one another).
 *
 * Determinism: the functions use only + - * / and Math.sqrt, which IEEE 754
 * rounds the same way on every engine, and the exact Math.floor, round, min
 * and max, so a tween gives the same bits in
 * Node and in every browser (docs/game-loop.md explains why Math.sin and
 * Math.pow would not: their last bit differs between engines). The sine,
 * expo and elastic curves use the small series below instead; they agree
 * with Math.sin and Math.pow within 1e-15. The curves that rise steadily
 * never step back, to the last bit, except the sine ones, which can by one
 * ulp (as Math.sin can).
 *
 * Every function is pure and allocates nothing.
 */
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";

/**
 * An easing function: progress t in [0, 1] in, eased progress out (0 at 0, 1 at 1).
 *
 * @example
 * ```ts
 * const ease: Easing = easeOutCubic;
 * x = from + (to - from) * ease(elapsed / duration);
 * ```
 *
 * @category Game
 */
export type Easing = (t: number) => number;

/** What every function returns outside (0, 1): 0 below, 1 above, and an error for NaN. */
function end(t: number, name: string): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  throw new InvalidArgumentError(
    `${name}(t): t must be a number in [0, 1], the fraction of the tween's duration that has passed; got ${describeValue(t)} (a 0/0, such as elapsed / duration with a duration of 0?)`,
  );
}

/**
 * sin(2πx): x is reduced to [-1/4, 1/4] turns (exactly), then the Taylor
 * series θ - θ³/3! + θ⁵/5! - ... is summed to θ²³/23!, where its terms fall
 * below 1e-16, in Horner's form θ(1 - θ²/(2·3)(1 - θ²/(4·5)(1 - ...))).
 */
function sinTurns(x: number): number {
  let r = x - Math.round(x); // [-1/2, 1/2]: sin has period 1 turn
  if (r > 0.25) r = 0.5 - r; // sin(π - θ) = sin θ
  else if (r < -0.25) r = -0.5 - r;
  const theta = 2 * Math.PI * r;
  const square = theta * theta;
  let p = 0;
  for (let n = 22; n >= 2; n -= 2) p = (square / (n * (n + 1))) * (1 - p);
  return Math.min(1, Math.max(-1, theta * (1 - p))); // the last bit can land past ±1 near ±π/2
}

/** 2^x, as 2^n (exact) times e^(f ln 2) by its Taylor series, where n = floor(x) and f = x - n is in [0, 1). */
function exp2(x: number): number {
  let n = Math.floor(x);
  const y = (x - n) * Math.LN2; // [0, ln 2), where terms up to y^17/17! reach 1e-17
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 17; k++) {
    term *= y / k;
    sum += term;
  }
  for (; n < 0; n++) sum *= 0.5;
  for (; n > 0; n--) sum *= 2;
  return sum;
}

// Back: the overshoot s = 1.70158 makes easeInBack dip 10% below 0; the
// in-out halves are half as tall, so they use s × 1.525, which dips 20%
// (10% of the whole range).
const BACK = 1.70158;
const BACK_IN_OUT = BACK * 1.525;

/** Bounce: four parabolas meeting at 1, each bounce a quarter the height of the one before (1, 1/4, 1/16, 1/64). */
function bounceOut(t: number): number {
  const k = 7.5625; // 2.75²: the first parabola reaches 1 at t = 1/2.75
  if (t < 1 / 2.75) return k * t * t;
  if (t < 2 / 2.75) return k * (t - 1.5 / 2.75) * (t - 1.5 / 2.75) + 0.75;
  if (t < 2.5 / 2.75) return k * (t - 2.25 / 2.75) * (t - 2.25 / 2.75) + 0.9375;
  return k * (t - 2.625 / 2.75) * (t - 2.625 / 2.75) + 0.984375;
}

/**
 * No easing: t.
 *
 * @example
 * ```ts
 * linear(0.25); // 0.25
 * ```
 *
 * @category Game
 */
export const linear: Easing = (t) => (t > 0 && t < 1 ? t : end(t, "linear"));

/**
 * Quadratic, accelerating from rest: t².
 *
 * @example
 * ```ts
 * easeInQuad(0.5); // 0.25
 * ```
 *
 * @category Game
 */
export const easeInQuad: Easing = (t) => (t > 0 && t < 1 ? t * t : end(t, "easeInQuad"));

/**
 * Quadratic, decelerating to rest: 1 - (1 - t)².
 *
 * @example
 * ```ts
 * easeOutQuad(0.5); // 0.75
 * ```
 *
 * @category Game
 */
export const easeOutQuad: Easing = (t) => (t > 0 && t < 1 ? 1 - (1 - t) * (1 - t) : end(t, "easeOutQuad"));

/**
 * Quadratic, accelerating then decelerating: 2t² up to t = 1/2, then 1 - 2(1 - t)².
 *
 * @example
 * ```ts
 * easeInOutQuad(0.25); // 0.125
 * ```
 *
 * @category Game
 */
export const easeInOutQuad: Easing = (t) =>
  t > 0 && t < 1 ? (t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t)) : end(t, "easeInOutQuad");

/**
 * Cubic, accelerating from rest: t³.
 *
 * @example
 * ```ts
 * easeInCubic(0.5); // 0.125
 * ```
 *
 * @category Game
 */
export const easeInCubic: Easing = (t) => (t > 0 && t < 1 ? t * t * t : end(t, "easeInCubic"));

/**
 * Cubic, decelerating to rest: 1 - (1 - t)³.
 *
 * @example
 * ```ts
 * easeOutCubic(0.5); // 0.875
 * ```
 *
 * @category Game
 */
export const easeOutCubic: Easing = (t) => (t > 0 && t < 1 ? 1 - cube(1 - t) : end(t, "easeOutCubic"));

/**
 * Cubic, accelerating then decelerating: 4t³ up to t = 1/2, then 1 - 4(1 - t)³.
 *
 * @example
 * ```ts
 * easeInOutCubic(0.25); // 0.0625
 * ```
 *
 * @category Game
 */
export const easeInOutCubic: Easing = (t) =>
  t > 0 && t < 1 ? (t < 0.5 ? 4 * cube(t) : 1 - 4 * cube(1 - t)) : end(t, "easeInOutCubic");

/**
 * Quartic, accelerating from rest: t⁴.
 *
 * @example
 * ```ts
 * easeInQuart(0.5); // 0.0625
 * ```
 *
 * @category Game
 */
export const easeInQuart: Easing = (t) => (t > 0 && t < 1 ? fourth(t) : end(t, "easeInQuart"));

/**
 * Quartic, decelerating to rest: 1 - (1 - t)⁴.
 *
 * @example
 * ```ts
 * easeOutQuart(0.5); // 0.9375
 * ```
 *
 * @category Game
 */
export const easeOutQuart: Easing = (t) => (t > 0 && t < 1 ? 1 - fourth(1 - t) : end(t, "easeOutQuart"));

/**
 * Quartic, accelerating then decelerating: 8t⁴ up to t = 1/2, then 1 - 8(1 - t)⁴.
 *
 * @example
 * ```ts
 * easeInOutQuart(0.25); // 0.03125
 * ```
 *
 * @category Game
 */
export const easeInOutQuart: Easing = (t) =>
  t > 0 && t < 1 ? (t < 0.5 ? 8 * fourth(t) : 1 - 8 * fourth(1 - t)) : end(t, "easeInOutQuart");

/**
 * Quintic, accelerating from rest: t⁵.
 *
 * @example
 * ```ts
 * easeInQuint(0.5); // 0.03125
 * ```
 *
 * @category Game
 */
export const easeInQuint: Easing = (t) => (t > 0 && t < 1 ? t * fourth(t) : end(t, "easeInQuint"));

/**
 * Quintic, decelerating to rest: 1 - (1 - t)⁵.
 *
 * @example
 * ```ts
 * easeOutQuint(0.5); // 0.96875
 * ```
 *
 * @category Game
 */
export const easeOutQuint: Easing = (t) => (t > 0 && t < 1 ? 1 - (1 - t) * fourth(1 - t) : end(t, "easeOutQuint"));

/**
 * Quintic, accelerating then decelerating: 16t⁵ up to t = 1/2, then 1 - 16(1 - t)⁵.
 *
 * @example
 * ```ts
 * easeInOutQuint(0.25); // 0.015625
 * ```
 *
 * @category Game
 */
export const easeInOutQuint: Easing = (t) =>
  t > 0 && t < 1 ? (t < 0.5 ? 16 * t * fourth(t) : 1 - 16 * (1 - t) * fourth(1 - t)) : end(t, "easeInOutQuint");

/**
 * Sine, accelerating from rest (a quarter cosine): 1 - cos(πt/2), computed
 * as 2 sin²(πt/4), which has no cancellation near 0.
 *
 * @example
 * ```ts
 * easeInSine(0.5); // ≈ 0.2929 (1 - √2/2)
 * ```
 *
 * @category Game
 */
export const easeInSine: Easing = (t) => (t > 0 && t < 1 ? 2 * sinTurns(t / 8) * sinTurns(t / 8) : end(t, "easeInSine"));

/**
 * Sine, decelerating to rest (a quarter sine): sin(πt/2).
 *
 * @example
 * ```ts
 * easeOutSine(0.5); // ≈ 0.7071 (√2/2)
 * ```
 *
 * @category Game
 */
export const easeOutSine: Easing = (t) => (t > 0 && t < 1 ? sinTurns(t / 4) : end(t, "easeOutSine"));

/**
 * Sine, accelerating then decelerating (half a cosine): (1 - cos(πt)) / 2,
 * computed as sin²(πt/2).
 *
 * @example
 * ```ts
 * easeInOutSine(0.5); // 0.5
 * ```
 *
 * @category Game
 */
export const easeInOutSine: Easing = (t) => (t > 0 && t < 1 ? sinTurns(t / 4) * sinTurns(t / 4) : end(t, "easeInOutSine"));

/**
 * Exponential, accelerating from rest: 2^(10t - 10). It starts at 2^-10 just
 * after 0 (the standard curve's jump; f(0) itself is 0).
 *
 * @example
 * ```ts
 * easeInExpo(0.5); // 0.03125
 * ```
 *
 * @category Game
 */
export const easeInExpo: Easing = (t) => (t > 0 && t < 1 ? exp2(10 * t - 10) : end(t, "easeInExpo"));

/**
 * Exponential, decelerating to rest: 1 - 2^(-10t). It ends at 1 - 2^-10 just
 * before 1 (the standard curve's jump; f(1) itself is 1).
 *
 * @example
 * ```ts
 * easeOutExpo(0.5); // 0.96875
 * ```
 *
 * @category Game
 */
export const easeOutExpo: Easing = (t) => (t > 0 && t < 1 ? 1 - exp2(-10 * t) : end(t, "easeOutExpo"));

/**
 * Exponential, accelerating then decelerating: 2^(20t - 10) / 2 up to
 * t = 1/2, then 1 - 2^(10 - 20t) / 2 (jumps of 2^-11 at both ends).
 *
 * @example
 * ```ts
 * easeInOutExpo(0.25); // 0.015625
 * ```
 *
 * @category Game
 */
export const easeInOutExpo: Easing = (t) =>
  t > 0 && t < 1 ? (t < 0.5 ? exp2(20 * t - 10) / 2 : 1 - exp2(10 - 20 * t) / 2) : end(t, "easeInOutExpo");

/**
 * Circular, accelerating from rest (a quarter circle): 1 - √(1 - t²).
 *
 * @example
 * ```ts
 * easeInCirc(0.6); // ≈ 0.2 (1 - √0.64)
 * ```
 *
 * @category Game
 */
export const easeInCirc: Easing = (t) => (t > 0 && t < 1 ? 1 - Math.sqrt(1 - t * t) : end(t, "easeInCirc"));

/**
 * Circular, decelerating to rest (a quarter circle): √(1 - (1 - t)²).
 *
 * @example
 * ```ts
 * easeOutCirc(0.4); // ≈ 0.8 (√0.64)
 * ```
 *
 * @category Game
 */
export const easeOutCirc: Easing = (t) => (t > 0 && t < 1 ? Math.sqrt(1 - (1 - t) * (1 - t)) : end(t, "easeOutCirc"));

/**
 * Circular, accelerating then decelerating: (1 - √(1 - 4t²)) / 2 up to
 * t = 1/2, then (1 + √(1 - 4(1 - t)²)) / 2.
 *
 * @example
 * ```ts
 * easeInOutCirc(0.5); // 0.5
 * ```
 *
 * @category Game
 */
export const easeInOutCirc: Easing = (t) =>
  t > 0 && t < 1
    ? t < 0.5
      ? (1 - Math.sqrt(1 - 4 * t * t)) / 2
      : (1 + Math.sqrt(1 - 4 * (1 - t) * (1 - t))) / 2
    : end(t, "easeInOutCirc");

/**
 * Back, pulling back 10% below the start before accelerating:
 * (s + 1)t³ - st², with s = 1.70158.
 *
 * @example
 * ```ts
 * easeInBack(0.5); // ≈ -0.0876975
 * ```
 *
 * @category Game
 */
export const easeInBack: Easing = (t) => (t > 0 && t < 1 ? t * t * ((BACK + 1) * t - BACK) : end(t, "easeInBack"));

/**
 * Back, overshooting the end by 10% before settling: 1 + (s + 1)(t - 1)³ + s(t - 1)², with s = 1.70158.
 *
 * @example
 * ```ts
 * easeOutBack(0.5); // ≈ 1.0876975
 * ```
 *
 * @category Game
 */
export const easeOutBack: Easing = (t) =>
  t > 0 && t < 1 ? 1 + (1 - t) * (1 - t) * (BACK - (BACK + 1) * (1 - t)) : end(t, "easeOutBack");

/**
 * Back at both ends: easeInBack's curve on each half, with s = 1.70158 × 1.525
 * so that each dip is 10% of the whole range.
 *
 * @example
 * ```ts
 * easeInOutBack(0.5); // 0.5
 * ```
 *
 * @category Game
 */
export const easeInOutBack: Easing = (t) =>
  t > 0 && t < 1
    ? t < 0.5
      ? (2 * t * (2 * t) * ((BACK_IN_OUT + 1) * 2 * t - BACK_IN_OUT)) / 2
      : 1 - (2 * (1 - t) * (2 * (1 - t)) * ((BACK_IN_OUT + 1) * 2 * (1 - t) - BACK_IN_OUT)) / 2
    : end(t, "easeInOutBack");

/**
 * Elastic, winding up with growing oscillations: -2^(10t - 10) sin(2π(10t - 10.75) / 3)
 * (period 0.3; jumps by at most 2^-11 just after 0, f(0) is 0).
 *
 * @example
 * ```ts
 * easeInElastic(0.5); // ≈ -0.015625
 * ```
 *
 * @category Game
 */
export const easeInElastic: Easing = (t) =>
  t > 0 && t < 1 ? -exp2(10 * t - 10) * sinTurns((10 * t - 10.75) / 3) : end(t, "easeInElastic");

/**
 * Elastic, overshooting and oscillating into place like a spring: 2^(-10t) sin(2π(10t - 0.75) / 3) + 1
 * (period 0.3; jumps by at most 2^-11 just before 1, f(1) is 1).
 *
 * @example
 * ```ts
 * easeOutElastic(0.5); // ≈ 1.015625
 * ```
 *
 * @category Game
 */
export const easeOutElastic: Easing = (t) =>
  t > 0 && t < 1 ? exp2(-10 * t) * sinTurns((10 * t - 0.75) / 3) + 1 : end(t, "easeOutElastic");

/**
 * Elastic at both ends, with period 0.45 on each half: -2^(20t - 10) sin(2π(20t - 11.125) / 4.5) / 2
 * up to t = 1/2, then 1 + 2^(10 - 20t) sin(2π(20t - 11.125) / 4.5) / 2.
 *
 * @example
 * ```ts
 * easeInOutElastic(0.25); // ≈ 0.01197
 * ```
 *
 * @category Game
 */
export const easeInOutElastic: Easing = (t) =>
  t > 0 && t < 1
    ? t < 0.5
      ? (-exp2(20 * t - 10) * sinTurns((20 * t - 11.125) / 4.5)) / 2
      : 1 + (exp2(10 - 20 * t) * sinTurns((20 * t - 11.125) / 4.5)) / 2
    : end(t, "easeInOutElastic");

/**
 * Bounce, hopping off the start with growing bounces: 1 - easeOutBounce(1 - t).
 *
 * @example
 * ```ts
 * easeInBounce(0.5); // 0.234375
 * ```
 *
 * @category Game
 */
export const easeInBounce: Easing = (t) => (t > 0 && t < 1 ? 1 - bounceOut(1 - t) : end(t, "easeInBounce"));

/**
 * Bounce, falling onto the end and bouncing three times, each bounce a
 * quarter the height of the one before (four parabolas).
 *
 * @example
 * ```ts
 * easeOutBounce(0.5); // 0.765625
 * ```
 *
 * @category Game
 */
export const easeOutBounce: Easing = (t) => (t > 0 && t < 1 ? bounceOut(t) : end(t, "easeOutBounce"));

/**
 * Bounce at both ends: easeInBounce on the first half, easeOutBounce on the second, each squeezed to half.
 *
 * @example
 * ```ts
 * easeInOutBounce(0.75); // 0.8828125
 * ```
 *
 * @category Game
 */
export const easeInOutBounce: Easing = (t) =>
  t > 0 && t < 1 ? (t < 0.5 ? (1 - bounceOut(1 - 2 * t)) / 2 : (1 + bounceOut(2 * t - 1)) / 2) : end(t, "easeInOutBounce");

function cube(x: number): number {
  return x * x * x;
}

function fourth(x: number): number {
  const square = x * x;
  return square * square;
}

const table = {
  linear,
  easeInQuad,
  easeOutQuad,
  easeInOutQuad,
  easeInCubic,
  easeOutCubic,
  easeInOutCubic,
  easeInQuart,
  easeOutQuart,
  easeInOutQuart,
  easeInQuint,
  easeOutQuint,
  easeInOutQuint,
  easeInSine,
  easeOutSine,
  easeInOutSine,
  easeInExpo,
  easeOutExpo,
  easeInOutExpo,
  easeInCirc,
  easeOutCirc,
  easeInOutCirc,
  easeInBack,
  easeOutBack,
  easeInOutBack,
  easeInElastic,
  easeOutElastic,
  easeInOutElastic,
  easeInBounce,
  easeOutBounce,
  easeInOutBounce,
};

/**
 * Every easing function by name, for tweens described by data (a level file's
 * `"ease": "easeOutBack"`) and for listing them. Frozen, and without a
 * prototype, so a name such as `"toString"` from data is not found.
 *
 * @example
 * ```ts
 * const ease = Object.hasOwn(easings, name) ? easings[name as EasingName] : linear;
 * for (const [name, f] of Object.entries(easings)) console.log(name, f(0.5));
 * ```
 *
 * @category Game
 */
export const easings: Readonly<typeof table> = Object.freeze(Object.assign(Object.create(null) as typeof table, table));

/**
 * The name of an easing function in {@link easings}: `"linear"`, `"easeInQuad"`, ...
 *
 * @example
 * ```ts
 * const spec: { ease: EasingName; ms: number } = { ease: "easeOutBounce", ms: 400 };
 * ```
 *
 * @useDeclaredType
 * @category Game
 */
export type EasingName = keyof typeof table;

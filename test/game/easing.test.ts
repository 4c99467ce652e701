/**
 * The easing functions against their closed-form definitions, written here
 * independently with Math.pow, Math.sin and Math.cos (the module itself uses
 * only + - * / and Math.sqrt, for bit-identical results on every engine).
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "../../src/kernel/errors.js";
import * as E from "../../src/game/easing.js";
import { easings } from "../../src/game/easing.js";
import type { Easing, EasingName } from "../../src/game/easing.js";

const { PI, pow, sin, cos, sqrt } = Math;
const s = 1.70158; // back's standard overshoot
const s2 = s * 1.525; // the in-out back's
const c4 = (2 * PI) / 3; // elastic: period 0.3
const c5 = (2 * PI) / 4.5; // in-out elastic: period 0.45 on each half
function bounce(t: number): number {
  const n = 7.5625;
  const d = 2.75;
  if (t < 1 / d) return n * t * t;
  if (t < 2 / d) return n * (t - 1.5 / d) ** 2 + 0.75;
  if (t < 2.5 / d) return n * (t - 2.25 / d) ** 2 + 0.9375;
  return n * (t - 2.625 / d) ** 2 + 0.984375;
}

/** The textbook definitions on [0, 1], with their standard special cases at the ends. */
const reference: Record<EasingName, Easing> = {
  linear: (t) => t,
  easeInQuad: (t) => t ** 2,
  easeOutQuad: (t) => 1 - (1 - t) ** 2,
  easeInOutQuad: (t) => (t < 0.5 ? 2 * t ** 2 : 1 - (-2 * t + 2) ** 2 / 2),
  easeInCubic: (t) => t ** 3,
  easeOutCubic: (t) => 1 - (1 - t) ** 3,
  easeInOutCubic: (t) => (t < 0.5 ? 4 * t ** 3 : 1 - (-2 * t + 2) ** 3 / 2),
  easeInQuart: (t) => t ** 4,
  easeOutQuart: (t) => 1 - (1 - t) ** 4,
  easeInOutQuart: (t) => (t < 0.5 ? 8 * t ** 4 : 1 - (-2 * t + 2) ** 4 / 2),
  easeInQuint: (t) => t ** 5,
  easeOutQuint: (t) => 1 - (1 - t) ** 5,
  easeInOutQuint: (t) => (t < 0.5 ? 16 * t ** 5 : 1 - (-2 * t + 2) ** 5 / 2),
  easeInSine: (t) => 1 - cos((t * PI) / 2),
  easeOutSine: (t) => sin((t * PI) / 2),
  easeInOutSine: (t) => -(cos(PI * t) - 1) / 2,
  easeInExpo: (t) => (t === 0 ? 0 : pow(2, 10 * t - 10)),
  easeOutExpo: (t) => (t === 1 ? 1 : 1 - pow(2, -10 * t)),
  easeInOutExpo: (t) => (t === 0 ? 0 : t === 1 ? 1 : t < 0.5 ? pow(2, 20 * t - 10) / 2 : (2 - pow(2, -20 * t + 10)) / 2),
  easeInCirc: (t) => 1 - sqrt(1 - t ** 2),
  easeOutCirc: (t) => sqrt(1 - (t - 1) ** 2),
  easeInOutCirc: (t) => (t < 0.5 ? (1 - sqrt(1 - (2 * t) ** 2)) / 2 : (sqrt(1 - (-2 * t + 2) ** 2) + 1) / 2),
  easeInBack: (t) => (s + 1) * t ** 3 - s * t ** 2,
  easeOutBack: (t) => 1 + (s + 1) * (t - 1) ** 3 + s * (t - 1) ** 2,
  easeInOutBack: (t) =>
    t < 0.5 ? ((2 * t) ** 2 * ((s2 + 1) * 2 * t - s2)) / 2 : ((2 * t - 2) ** 2 * ((s2 + 1) * (t * 2 - 2) + s2) + 2) / 2,
  easeInElastic: (t) => (t === 0 ? 0 : t === 1 ? 1 : -pow(2, 10 * t - 10) * sin((t * 10 - 10.75) * c4)),
  easeOutElastic: (t) => (t === 0 ? 0 : t === 1 ? 1 : pow(2, -10 * t) * sin((t * 10 - 0.75) * c4) + 1),
  easeInOutElastic: (t) =>
    t === 0
      ? 0
      : t === 1
        ? 1
        : t < 0.5
          ? -(pow(2, 20 * t - 10) * sin((20 * t - 11.125) * c5)) / 2
          : (pow(2, -20 * t + 10) * sin((20 * t - 11.125) * c5)) / 2 + 1,
  easeInBounce: (t) => 1 - bounce(1 - t),
  easeOutBounce: bounce,
  easeInOutBounce: (t) => (t < 0.5 ? (1 - bounce(1 - 2 * t)) / 2 : (1 + bounce(2 * t - 1)) / 2),
};

const names = Object.keys(reference) as EasingName[];
const families = ["Quad", "Cubic", "Quart", "Quint", "Sine", "Expo", "Circ", "Back", "Elastic", "Bounce"] as const;
const monotone = new Set<string>(["Quad", "Cubic", "Quart", "Quint", "Sine", "Expo", "Circ"]);
const unit = fc.double({ min: 0, max: 1, noNaN: true });
// t whose reflection 1 - t is exact: otherwise 1 - t can round to 1, and expo's and elastic's standard jump at the ends shows.
const reflectable = unit.filter((t) => 1 - (1 - t) === t);
const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);

function easing(name: string): Easing {
  return easings[name as EasingName];
}

describe("easing functions", () => {
  it("have the values of the closed forms at known points", () => {
    expect(E.linear(0.3)).toBe(0.3);
    expect(E.easeInQuad(0.5)).toBe(0.25);
    expect(E.easeOutQuad(0.5)).toBe(0.75);
    expect(E.easeInOutQuad(0.25)).toBe(0.125);
    expect(E.easeInOutQuad(0.75)).toBe(0.875);
    expect(E.easeOutCubic(0.5)).toBe(0.875);
    expect(E.easeInOutCubic(0.25)).toBe(4 * 0.25 ** 3);
    expect(E.easeInQuart(0.5)).toBe(0.0625);
    expect(E.easeOutQuint(0.5)).toBe(1 - 0.5 ** 5);
    expect(E.easeInOutQuint(0.75)).toBe(1 - 16 * 0.25 ** 5);
    expect(E.easeInSine(0.5)).toBeCloseTo(1 - Math.SQRT1_2, 15);
    expect(E.easeOutSine(1 / 3)).toBeCloseTo(0.5, 15); // sin(π/6)
    expect(E.easeInOutSine(1 / 3)).toBeCloseTo(0.25, 15); // (1 - cos(π/3)) / 2
    expect(E.easeInExpo(0.5)).toBe(2 ** -5);
    expect(E.easeOutExpo(0.5)).toBe(1 - 2 ** -5);
    expect(E.easeInOutExpo(0.25)).toBe(2 ** -6);
    expect(E.easeInCirc(0.6)).toBeCloseTo(0.2, 15);
    expect(E.easeOutCirc(0.4)).toBeCloseTo(0.8, 15);
    expect(E.easeInBack(0.5)).toBeCloseTo(-0.0876975, 12);
    expect(E.easeOutBack(0.5)).toBeCloseTo(1.0876975, 12);
    expect(E.easeOutElastic(0.5)).toBeCloseTo(1.015625, 15); // 2^-5 sin(5π/6) + 1
    expect(E.easeInElastic(0.5)).toBeCloseTo(-0.015625, 15);
    expect(E.easeOutBounce(0.5)).toBe(0.765625); // on the second parabola: 7.5625 (1/2 - 1.5/2.75)² + 3/4
    expect(E.easeInBounce(0.5)).toBe(0.234375);
    expect(E.easeOutBounce(1 / 2.75)).toBeCloseTo(1, 15); // where the first parabola lands
    expect(E.easeInOutSine(0.5)).toBeCloseTo(0.5, 15);
    for (const name of ["easeInOutQuad", "easeInOutExpo", "easeInOutCirc", "easeInOutBack", "easeInOutBounce"]) {
      expect(easing(name)(0.5)).toBe(0.5);
    }
    expect(E.easeInOutElastic(0.5)).toBeCloseTo(0.5, 15);
  });

  it.each(names)("%s agrees with its closed form on [0, 1]", (name) => {
    const f = easing(name);
    const ref = reference[name];
    for (const t of grid) expect(Math.abs(f(t) - ref(t))).toBeLessThan(1e-14);
    fc.assert(fc.property(unit, (t) => Math.abs(f(t) - ref(t)) < 1e-14));
  });

  it("are exactly 0 at 0 and exactly 1 at 1, and clamp t outside [0, 1]", () => {
    for (const name of names) {
      const f = easing(name);
      expect([name, f(0), f(-0), f(1)]).toEqual([name, 0, 0, 1]);
      expect([name, f(-0.01), f(-1e9), f(-Infinity), f(1.02), f(1e9), f(Infinity)]).toEqual([name, 0, 0, 0, 1, 1, 1]);
      expect(Object.is(f(0), 0)).toBe(true); // +0, not -0
    }
  });

  it("throw an InvalidArgumentError for NaN, saying what to pass", () => {
    for (const name of names) {
      const f = easing(name);
      expect(() => f(NaN)).toThrow(InvalidArgumentError);
      expect(() => f(NaN)).toThrow(`${name}(t): t must be a number in [0, 1]`);
    }
    expect(() => E.easeOutQuad(0 / 0)).toThrow(/elapsed \/ duration with a duration of 0/);
  });

  it.each(families)("%s: easeOut is easeIn reflected, easeOut(t) = 1 - easeIn(1 - t)", (family) => {
    const easeIn = easing(`easeIn${family}`);
    const easeOut = easing(`easeOut${family}`);
    fc.assert(fc.property(reflectable, (t) => Math.abs(easeOut(t) - (1 - easeIn(1 - t))) < 1e-14));
    for (const t of grid) expect(Math.abs(easeOut(t) - (1 - easeIn(1 - t)))).toBeLessThan(1e-14);
  });

  it.each(["linear", ...families.map((f) => `easeInOut${f}`)])("%s is symmetric about its middle, f(1 - t) = 1 - f(t)", (name) => {
    const f = easing(name);
    fc.assert(fc.property(reflectable, (t) => Math.abs(f(1 - t) - (1 - f(t))) < 1e-14));
    for (const t of grid) expect(Math.abs(f(1 - t) - (1 - f(t)))).toBeLessThan(1e-14);
  });

  const monotoneNames = ["linear", ...names.filter((n) => monotone.has(n.replace(/^ease(InOut|In|Out)/, "")))];
  // To the last bit, except the sine curves: their series can step back by an ulp (as Math.sin may: it too is not correctly rounded).
  it.each(monotoneNames)("%s never decreases and stays in [0, 1]", (name) => {
    const f = easing(name);
    const slack = name.endsWith("Sine") ? 1e-15 : 0;
    fc.assert(
      fc.property(unit, unit, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return f(lo) <= f(hi) + slack && f(lo) >= 0 && f(hi) <= 1;
      }),
    );
    // A fine sweep, and the neighbours of every joint: t = 1/2 and the points where expo's exponent crosses an integer.
    const points = [...Array.from({ length: 100001 }, (_, i) => i / 100000), ...Array.from({ length: 41 }, (_, i) => i / 40)];
    for (const p of points.slice(100001)) for (let k = -8; k <= 8; k++) points.push(p + k * 2 ** -52);
    points.sort((x, y) => x - y);
    let previous = -Infinity;
    for (const t of points) {
      const value = f(t);
      if (value < previous - slack) throw new Error(`${name} decreases at t = ${t}: ${previous} then ${value}`);
      previous = value;
    }
  });

  it("leave the range only where the curve means to: back overshoots by 10%, elastic oscillates, bounce stays inside", () => {
    const lowest = (f: Easing): number => Math.min(...grid.map((t) => f(t)));
    expect(lowest(E.easeInBack)).toBeCloseTo(-0.1, 3); // s = 1.70158 is chosen for this
    expect(lowest(E.easeInOutBack)).toBeCloseTo(-0.1, 2);
    expect(lowest(E.easeInElastic)).toBeLessThan(0);
    expect(Math.max(...grid.map((t) => E.easeOutElastic(t)))).toBeGreaterThan(1);
    for (const name of ["easeInBounce", "easeOutBounce", "easeInOutBounce"]) {
      fc.assert(fc.property(unit, (t) => easing(name)(t) >= 0 && easing(name)(t) <= 1));
    }
  });

  it("easings lists all 31 by their own names, frozen, with no prototype to find other names in", () => {
    expect(Object.keys(easings)).toEqual(names);
    for (const [name, f] of Object.entries(easings)) {
      expect(f.name).toBe(name);
      expect((E as Record<string, unknown>)[name]).toBe(f);
    }
    expect(Object.isFrozen(easings)).toBe(true);
    expect("toString" in easings).toBe(false);
    expect(() => {
      (easings as Record<string, Easing>)["linear"] = E.easeInQuad;
    }).toThrow(TypeError);
  });

  it("use only + - * / and Math.sqrt, whose results are the same bits on every engine", () => {
    const source = readFileSync(join(__dirname, "..", "..", "src", "game", "easing.ts"), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(source.match(/Math\.(?!sqrt|round|floor|min|max|PI|LN2)\w+|\*\*/g)).toBeNull();
  });
});

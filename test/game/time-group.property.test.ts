/**
 * Scaled timers against a model: random frames, random changes of a level's
 * and a nested entity's time scale between frames, and tasks in the entity
 * that sleep random durations one after another. The model integrates the
 * effective scale frame by frame, on its own, and says at which host time
 * each wait must end; the host must agree (to rounding), and in the same
 * order.
 */
import fc from "fast-check";
import { FrameHost, sleep } from "../../src/index.js";
import { runs } from "../properties/program.js";

interface Frame {
  dt: number;
  level: number | null;
  entity: number | null;
}

const scale = fc.constantFrom(0, 0.25, 0.5, 1, 2, 3);
const frame = fc.record({
  dt: fc.integer({ min: 0, max: 40 }),
  level: fc.option(scale, { freq: 4 }),
  entity: fc.option(scale, { freq: 4 }),
});

/**
 * When each task's successive waits end, per the model: the host time at
 * which the entity's time reaches the wait's end, and, when that is a
 * frame's end to rounding (the entity's time reaches it exactly as the
 * frame ends), also the next instant the entity's time moves on: through
 * scales, such a wait may come out a rounding error past the frame's end,
 * and then ends when the entity's clock next moves (the same entity time).
 * Infinity: not within the frames.
 */
function model(frames: Frame[], sleeps: number[][]): number[][][] {
  let level = 1;
  let entity = 1;
  let host = 0;
  let local = 0;
  const spans: { host: number; local: number; dt: number; k: number }[] = [];
  for (const f of frames) {
    if (f.level !== null) level = f.level;
    if (f.entity !== null) entity = f.entity;
    const k = level * entity;
    spans.push({ host, local, dt: f.dt, k });
    host += f.dt;
    local += f.dt * k;
  }
  const hostAt = (target: number): number[] => {
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as (typeof spans)[number];
      const end = s.local + s.dt * s.k;
      const rounding = 1e-9 * Math.max(1, Math.abs(target));
      if (s.k > 0 && end >= target - rounding) {
        const at = s.host + (target - s.local) / s.k;
        if (Math.abs(end - target) > rounding) return [at];
        // At the frame's end: or at the start of the next frame that moves the entity's time.
        const next = spans.slice(i + 1).find((later) => later.k > 0 && later.dt > 0);
        return [at, next === undefined ? Infinity : next.host];
      }
    }
    return [Infinity];
  };
  return sleeps.map((chain) => {
    const out: number[][] = [];
    let target = 0;
    for (const d of chain) {
      target += d;
      const at = hostAt(target);
      if (at[0] === Infinity) break;
      out.push(at);
    }
    return out;
  });
}

describe("time groups (property)", () => {
  it("every scaled wait ends at the host time the integrated scale gives, however the scales change", () => {
    fc.assert(
      fc.property(
        fc.array(frame, { minLength: 1, maxLength: 40 }),
        fc.array(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        (frames, sleeps) => {
          const game = new FrameHost();
          const level = game.group("level");
          const entity = level.group("entity");
          const woke: number[][] = sleeps.map(() => []);
          sleeps.forEach((chain, i) => {
            entity.spawn(function* () {
              for (const d of chain) {
                yield* sleep(d);
                (woke[i] as number[]).push(game.now);
              }
            });
          });
          for (const f of frames) {
            if (f.level !== null) level.timeScale = f.level;
            if (f.entity !== null) entity.timeScale = f.entity;
            game.advance(f.dt);
          }
          const expected = model(frames, sleeps);
          expected.forEach((times, i) => {
            const actual = woke[i] as number[];
            // Each wake-up at one of the times the model allows; a missing one only if one of its times is beyond the frames.
            for (let j = 0; j < actual.length; j++) {
              const allowed = times[j];
              expect(allowed).toBeDefined();
              const at = actual[j] as number;
              expect((allowed as number[]).some((t) => Math.abs(t - at) <= 1e-6 * Math.max(1, Math.abs(t)))).toBe(true);
            }
            if (actual.length < times.length) {
              const missing = times[actual.length] as number[];
              expect(missing.some((t) => t === Infinity || Math.abs(t - game.now) <= 1e-6 * Math.max(1, t))).toBe(true);
            }
          });
        },
      ),
      { numRuns: runs(300) },
    );
  });
});

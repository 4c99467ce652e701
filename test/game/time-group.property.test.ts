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

/** The host time at which each task's successive waits end, per the model (Infinity: not within the frames). */
function model(frames: Frame[], sleeps: number[][]): number[][] {
  // Effective scale per frame, and the entity's time at each frame's start.
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
  const hostAt = (target: number): number => {
    for (const s of spans) {
      if (s.k > 0 && s.local + s.dt * s.k >= target) return s.host + (target - s.local) / s.k;
    }
    return Infinity;
  };
  return sleeps.map((chain) => {
    const out: number[] = [];
    let target = 0;
    for (const d of chain) {
      target += d;
      const at = hostAt(target);
      if (at === Infinity) break;
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
            // Only a wait ending at the last frame's end, to rounding, may land on either side of it.
            const n = Math.min(actual.length, times.length);
            if (actual.length !== times.length) {
              expect(Math.abs(actual.length - times.length)).toBe(1);
              const edge = actual.length > n ? (actual[n] as number) : (times[n] as number);
              expect(edge).toBeCloseTo(game.now, 6);
            }
            for (let j = 0; j < n; j++) expect(actual[j]).toBeCloseTo(times[j] as number, 6);
          });
        },
      ),
      { numRuns: runs(300) },
    );
  });
});

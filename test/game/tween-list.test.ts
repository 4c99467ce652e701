/**
 * The frame's tween table (src/game/tween-list.ts): rows reused, holes
 * closed, and through it all every running tween updated exactly once per
 * frame with the value of its own progress.
 */
import fc from "fast-check";
import { FrameHost, cancel, linear, sleep, tween } from "../../src/index.js";
import type { Task } from "../../src/index.js";

const RUNS = Math.round(100 * Number(process.env["PROPERTY_RUNS_SCALE"] ?? 1));

describe("the tween table", () => {
  it("keeps each entity's place when its tasks restart tweens at different times", () => {
    // Three entities loop over tweens of different lengths, so their tweens
    // end at different instants; each new tween takes the row of the one
    // that just ended, so every frame updates them in the entities' order.
    const game = new FrameHost();
    const order: string[] = [];
    const lengths = { a: 30, b: 17, c: 41 };
    for (const [name, duration] of Object.entries(lengths)) {
      game.spawn(function* () {
        for (;;) yield* tween({ duration, apply: () => order.push(name) });
      });
    }
    for (let frame = 0; frame < 60; frame++) {
      order.length = 0;
      game.advance(16);
      // A frame's end updates each entity once; the restarts within the frame apply their start and end values first.
      expect(order.slice(-3)).toEqual(["a", "b", "c"]);
    }
    expect(game.phases.tweens.slots).toBe(3);
  });

  it("a tween started during the frame after others ended goes to the end when no row is free, and the pass still visits each once", () => {
    const game = new FrameHost();
    const seen: string[] = [];
    game.spawn(function* () {
      yield* tween({ duration: 100, apply: () => seen.push("long") });
    });
    game.spawn(function* () {
      yield* sleep(20);
      yield* tween({ duration: 100, apply: () => seen.push("late") });
    });
    game.advance(16);
    seen.length = 0;
    game.advance(16); // "late" starts at 20, after "long"
    expect(seen).toEqual(["late", "long", "late"]); // its start value, then the frame's end in row order
  });

  it("property: every running tween is applied once per frame's end with its own progress; the table stays within 4/3 of the tweens running", () => {
    // A random mix of entities: each runs tweens of random lengths back to
    // back, some are cancelled and respawned, and frames have random dt.
    const entity = fc.record({ durations: fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 6 }), startAfter: fc.integer({ min: 0, max: 50 }) });
    const program = fc.record({
      entities: fc.array(entity, { minLength: 1, maxLength: 12 }),
      frames: fc.array(fc.record({ dt: fc.integer({ min: 1, max: 40 }), cancel: fc.option(fc.nat(), { freq: 5 }) }), { minLength: 1, maxLength: 40 }),
    });
    let checkedOnce = 0;
    fc.assert(
      fc.property(program, ({ entities, frames }) => {
        const game = new FrameHost();
        // What each entity's current tween is, as the model knows it: its start and duration, or null.
        const current: ({ start: number; duration: number } | null)[] = entities.map(() => null);
        // Calls of each entity's apply in the current frame, and whether its tween started or ended in it.
        const calls: number[] = entities.map(() => 0);
        const changed: boolean[] = entities.map(() => false);
        const tasks: Task<void>[] = [];
        const spawnEntity = (i: number): Task<void> =>
          game.spawn(function* () {
            const { durations, startAfter } = entities[i] as (typeof entities)[number];
            yield* sleep(startAfter);
            for (let k = 0; ; k++) {
              const duration = durations[k % durations.length] as number;
              current[i] = { start: game.now, duration };
              changed[i] = true;
              yield* tween({
                from: 0,
                to: 1,
                duration,
                ease: linear,
                apply: (v) => {
                  const cur = current[i];
                  if (cur === null) throw new Error(`entity ${i} applied while no tween runs`);
                  // At the frame's end the host's clock is the frame's end; the value is the tween's own progress.
                  const expected = Math.min(1, (game.now - cur.start) / cur.duration);
                  if (Math.abs(v - expected) > 1e-9) throw new Error(`entity ${i}: ${v} at ${game.now}, expected ${expected}`);
                  calls[i] = (calls[i] as number) + 1;
                },
              });
              current[i] = null;
              changed[i] = true;
            }
          });
        entities.forEach((_, i) => tasks.push(spawnEntity(i)));
        for (const { dt, cancel: victim } of frames) {
          if (victim !== null) {
            const i = victim % entities.length;
            game.spawn(function* () {
              yield* cancel(tasks[i] as Task<void>);
            });
            current[i] = null;
          }
          calls.fill(0);
          changed.fill(false);
          game.advance(dt);
          // A tween that neither started nor ended in the frame was applied exactly once, at its end.
          current.forEach((c, i) => {
            if (c !== null && !changed[i]) {
              expect(calls[i]).toBe(1);
              checkedOnce++;
            }
          });
          // Respawn what was cancelled, for the next frame.
          tasks.forEach((t, i) => {
            if (t.isFinished) {
              current[i] = null;
              tasks[i] = spawnEntity(i);
            }
          });
          const table = game.phases.tweens;
          const running = current.filter((c) => c !== null).length;
          expect(table.length).toBe(running);
          expect(table.slots * 3).toBeLessThanOrEqual(table.length * 4); // holes are closed once they are a quarter of the rows
        }
      }),
      { numRuns: RUNS },
    );
    expect(checkedOnce).toBeGreaterThan(RUNS); // the runs did reach tweens running across frames
    
  });
});

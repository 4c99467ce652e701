/**
 * The browser game's logic behind its panel (examples/browser-game/), in
 * Node: each entity's brain runs under a supervisor, so a brain that throws
 * (a real bug, or the Fault button's injected one) is reported in
 * `game.errors` and its entity removed while the frame and the other
 * entities go on; a kill still plays the death animation; faults are inputs
 * that replay exactly; the inspector's view of a task; the HUD's frame times.
 * The page itself is tested in test/browser/game-hud.test.ts.
 */
import { FrameRecording, InvalidArgumentError, replayFrames } from "spindle";
import { DEATH_FRAMES, Game, describeFailure, isGameInput } from "../../examples/browser-game/game.js";
import { FrameTimes } from "../../examples/browser-game/frame-times.js";
import { inspect } from "../../examples/browser-game/inspect.js";
import { freshGame, playSession } from "../../examples/browser-game/session.js";

const DT = 1000 / 60;

function stepped(frames: number): Game {
  const game = new Game({ seed: 1 });
  for (let i = 0; i < frames; i++) game.step(DT);
  return game;
}

function positions(game: Game): Map<number, string> {
  return new Map([...game.entities.values()].map((e) => [e.id, `${e.x},${e.y}`]));
}

describe("the browser game: a brain that throws is reported and its entity removed; the world goes on", () => {
  test("a fault input makes the brain throw where it waits: the supervisor reports it in that frame and removes the entity", () => {
    const game = stepped(120);
    const victim = game.entities.get(42);
    const brainLabel = victim?.brain?.label;
    expect(brainLabel).toMatch(/^task#\d+ "brain"$/);
    const before = positions(game);

    game.tick(DT, [{ type: "fault", id: 42 }]);
    expect(game.entities.has(42)).toBe(false);
    expect(game.errors).toHaveLength(1);
    const failure = game.errors[0];
    if (failure === undefined) throw new Error("no failure");
    expect(failure).toMatchObject({ id: 42, kind: victim?.kind, frame: 121, task: brainLabel });
    expect(failure.at).toBeCloseTo(120 * DT, 6); // at the frame's start, where the brain was woken to throw
    expect(describeFailure(failure)).toBe(`#42 (${victim?.kind}) failed at frame 121 in ${brainLabel}: Error: entity #42: a fault injected by the player`);
    expect(game.graveyard).toEqual([]); // not killed: no death animation, no grave

    // the frame ran to its end and the next ones run: everyone else still moves
    for (let i = 0; i < 30; i++) game.step(DT);
    const after = positions(game);
    expect(after.size).toBe(299);
    expect([...after].filter(([id, p]) => before.get(id) !== p).length).toBeGreaterThan(100);
    expect(game.host.scheduler.tasks().some((t) => t.name === "entity#42")).toBe(false); // its supervisor ended too
  });

  test("a brain that throws by itself (its senses closed under it) is reported the same way", () => {
    const game = stepped(60);
    const listening = [...game.entities.values()].find((e) => e.brain?.waitingOn?.includes('"sensed(near)"'));
    if (listening === undefined) throw new Error("no entity is listening");
    listening.events.close();
    game.step(DT);
    expect(game.entities.has(listening.id)).toBe(false);
    expect(game.errors.map(describeFailure)).toEqual([
      `#${listening.id} (${listening.kind}) failed at frame 61 in ${listening.brain?.label}: Error: the senses of entity ${listening.id} were closed`,
    ]);
    expect(() => game.step(DT)).not.toThrow();
  });

  test("a fault needs a live brain: unknown, dying, or not yet started entities refuse it (false), and nothing changes", () => {
    const fresh = new Game({ seed: 1 });
    expect(fresh.fault(1)).toBe(false); // no frame yet: the supervisor has not started the brain
    const game = stepped(10);
    expect(game.fault(9_999)).toBe(false);
    expect(game.kill(5)).toBe(true);
    game.step(DT);
    expect(game.entities.get(5)?.mode).toBe("dying");
    expect(game.fault(5)).toBe(false);
    for (let i = 0; i < DEATH_FRAMES; i++) game.step(DT);
    expect(game.entities.has(5)).toBe(false);
    expect(game.graveyard).toEqual([`#5 removed at t=${Math.round((10 + DEATH_FRAMES) * DT)}`]); // killed: animated, then removed
    expect(game.errors).toEqual([]);
  });

  test("a failure in a task of the world's own, which no supervisor watches, still reaches the loop: advance throws once the frame is complete", () => {
    const game = stepped(10);
    game.host.spawn(function* broken() {
      throw new Error("not an entity's");
    });
    expect(() => game.step(DT)).toThrow("not an entity's");
    expect(game.host.frame).toBe(11); // the frame was complete
    expect(() => game.step(DT)).not.toThrow();
    expect(game.entities.size).toBe(300);
  });

  test("sessions with faults replay to the same hash at every frame, and the same failures", () => {
    const { game, recording } = playSession(3_000);
    const faults = Array.from({ length: recording.length }, (_, f) => recording.inputs(f))
      .flat()
      .filter((i) => i.type === "fault");
    expect(faults.length).toBeGreaterThan(3);
    expect(game.errors.length).toBeGreaterThan(0);
    const world = freshGame();
    const loaded = FrameRecording.fromJSON(JSON.stringify(recording), isGameInput);
    replayFrames(loaded, { applyInput: (input) => world.apply(input), advance: (dt) => world.advance(dt), hash: () => world.hash() });
    expect(world.errors.map(describeFailure)).toEqual(game.errors.map(describeFailure));
    expect(world.hash().hex()).toBe(game.hash().hex());
  });

  test("isGameInput accepts a fault with an integer id, and nothing else called a fault", () => {
    expect(isGameInput({ type: "fault", id: 3 })).toBe(true);
    expect(isGameInput({ type: "fault", id: 1.5 })).toBe(false);
    expect(isGameInput({ type: "fault" })).toBe(false);
  });
});

describe("the browser game's inspector", () => {
  test("shows the brain's dump() line, what it waits on, its parent (the supervisor), and the entity's subtree", () => {
    const game = stepped(120);
    const seen = inspect(game, 42);
    if (seen === undefined) throw new Error("no entity #42");
    const e = game.entities.get(42);
    const brain = e?.brain;
    if (e === undefined || e.task === null || brain === null || brain === undefined) throw new Error("no brain");
    expect(seen).toMatchObject({ id: 42, kind: e.kind, mode: e.mode, x: e.x, y: e.y });
    expect(seen.waitingOn).toBe(brain.waitingOn);
    expect(seen.waitingOn).toMatch(/^race\(task#\d+ "/);
    const sinceMs = Math.round(game.host.now - brain.blockedSince);
    expect(seen.task).toBe(`${brain.label} blocked on ${brain.waitingOn} for ${sinceMs}ms`);
    expect(seen.parent).toBe(`${e.task.label} on join(${brain.label})`);
    expect(seen.tree[0]).toMatch(new RegExp(`^${e.task.label} blocked on join\\(${brain.label.replace(/[()"]/g, "\\$&")}\\) for \\d+ms$`));
    expect(seen.tree[1]).toBe(`  ${seen.task}`);
    expect(seen.tree.slice(2).map((l) => l.split(" blocked")[0])).toEqual(brain.children.map((c) => `    ${c.label}`));
  });

  test("before the first frame it shows the supervisor, a root task; for an unknown or removed entity, nothing", () => {
    const fresh = new Game({ seed: 1 });
    const seen = inspect(fresh, 7);
    expect(seen?.task).toMatch(/^task#\d+ "entity#7" ready$/);
    expect(seen?.parent).toBe("none: a root task, spawned by the host");
    expect(seen?.waitingOn).toBe("ready");
    expect(inspect(fresh, 9_999)).toBeUndefined();
    const game = stepped(5);
    game.tick(DT, [{ type: "fault", id: 7 }]);
    expect(inspect(game, 7)).toBeUndefined();
  });
});

describe("the HUD's frame times", () => {
  test("the mean and the maximum over the last `size` frames; the oldest leave", () => {
    const times = new FrameTimes(3);
    expect([times.length, times.average, times.max]).toEqual([0, 0, 0]);
    times.add(2);
    times.add(4);
    expect([times.length, times.average, times.max]).toEqual([2, 3, 4]);
    times.add(9);
    times.add(1); // the 2 leaves
    expect([times.length, times.average, times.max]).toEqual([3, 14 / 3, 9]);
    times.add(1);
    times.add(1); // the 9 leaves
    expect([times.average, times.max]).toEqual([1, 1]);
  });

  test("a window that is not a whole number of frames >= 1 is refused, saying what it must be", () => {
    for (const size of [0, -1, 2.5, NaN]) expect(() => new FrameTimes(size)).toThrow(InvalidArgumentError);
    expect(() => new FrameTimes(0)).toThrow("FrameTimes(0): the window must be a whole number of frames >= 1");
  });
});

/**
 * Property tests of the ring-buffer ready queue against an array model,
 * with enough pushes to make it grow several times and wrap around.
 */
import fc from "fast-check";
import { runs } from "./program.js";
import { RingQueue } from "../../src/kernel/ring-queue.js";

type Op = { k: "push"; n: number } | { k: "shift"; n: number } | { k: "remove"; pick: number; absent: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant("push" as const), n: fc.integer({ min: 1, max: 20 }) }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant("shift" as const), n: fc.integer({ min: 1, max: 20 }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant("remove" as const), pick: fc.nat(), absent: fc.boolean() }), weight: 2 },
);

function contents<T>(q: RingQueue<T>): T[] {
  const out: T[] = [];
  q.forEach((x) => out.push(x));
  return out;
}

describe("RingQueue (property)", () => {
  it("behaves as an array under random push / shift / remove, across growth and wrap-around", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(opArb, { maxLength: 120 }), (initialCapacity, ops) => {
        const queue = new RingQueue<{ id: number }>(initialCapacity, true);
        const initial = queue.capacity;
        const model: { id: number }[] = [];
        let next = 0;
        for (const op of ops) {
          switch (op.k) {
            case "push":
              for (let i = 0; i < op.n; i++) {
                const item = { id: next++ };
                queue.push(item);
                model.push(item);
              }
              break;
            case "shift":
              for (let i = 0; i < op.n && model.length > 0; i++) {
                expect(queue.peek()).toBe(model[0]);
                expect(queue.shift()).toBe(model.shift());
              }
              break;
            case "remove":
              if (op.absent || model.length === 0) {
                expect(queue.remove({ id: -1 })).toBe(false);
              } else {
                const [item] = model.splice(op.pick % model.length, 1) as [{ id: number }];
                expect(queue.remove(item)).toBe(true);
                expect(queue.remove(item)).toBe(false); // it is gone
              }
              break;
          }
          expect(queue.length).toBe(model.length);
          // The capacity gives memory back: above the initial one, at most four times the length.
          expect(queue.capacity).toBeLessThanOrEqual(Math.max(initial, 4 * queue.length, 2));
          expect(queue.peek()).toBe(model.length === 0 ? undefined : model[0]);
          expect(contents(queue)).toEqual(model);
        }
        // Draining gives the model's order.
        const drained: { id: number }[] = [];
        while (queue.length > 0) drained.push(queue.shift());
        expect(drained).toEqual(model);
        expect(queue.peek()).toBeUndefined();
      }),
      { numRuns: runs(300) },
    );
  });

  it("keeps no reference to items it no longer holds", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const queue = new RingQueue<{ id: number }>(2, true);
        const model: { id: number }[] = [];
        let next = 0;
        for (const op of ops) {
          if (op.k === "push") {
            for (let i = 0; i < op.n; i++) {
              const item = { id: next++ };
              queue.push(item);
              model.push(item);
            }
          } else if (op.k === "shift") {
            for (let i = 0; i < op.n && model.length > 0; i++) {
              queue.shift();
              model.shift();
            }
          } else if (model.length > 0) {
            const [item] = model.splice(op.pick % model.length, 1) as [{ id: number }];
            queue.remove(item);
          }
          // Every slot of the buffer is either a live item or undefined.
          const slots = (queue as unknown as { items: ({ id: number } | undefined)[] }).items;
          const live = slots.filter((s) => s !== undefined);
          expect(live.length).toBe(model.length);
          expect(new Set(live)).toEqual(new Set(model));
          // The capacity stays a power of two.
          expect(slots.length & (slots.length - 1)).toBe(0);
        }
      }),
      { numRuns: runs(200) },
    );
  });
});

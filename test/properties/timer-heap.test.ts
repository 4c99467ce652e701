/**
 * Property tests of the timer heap against a model: a plain array kept
 * sorted by (deadline, insertion order).
 */
import fc from "fast-check";
import { runs } from "./program.js";
import { Timer, TimerHeap } from "../../src/kernel/timer-heap.js";
import type { TimerEntry } from "../../src/kernel/timer-heap.js";

/** A timer that records its firing instead of waking a task. */
class RecordingTimer extends Timer {
  fired = 0;
  constructor(readonly id: number) {
    super();
  }
  fire(): void {
    this.fired++;
  }
}

type Op =
  | { k: "insert"; deadline: number }
  | { k: "pop" }
  | { k: "remove"; pick: number }
  | { k: "removeStale"; pick: number }
  | { k: "rearm"; pick: number; deadline: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant("insert" as const), deadline: fc.integer({ min: 0, max: 12 }) }), weight: 5 },
  { arbitrary: fc.record({ k: fc.constant("pop" as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("remove" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("removeStale" as const), pick: fc.nat() }), weight: 1 },
  // A timer that left the heap (fired or removed) armed again, as a task's own Sleep or a re-armed alarm is.
  { arbitrary: fc.record({ k: fc.constant("rearm" as const), pick: fc.nat(), deadline: fc.integer({ min: 0, max: 12 }) }), weight: 2 },
);

interface ModelEntry {
  timer: RecordingTimer;
  deadline: number;
  order: number;
}

function byKey(a: ModelEntry, b: ModelEntry): number {
  return a.deadline - b.deadline || a.order - b.order;
}

describe("TimerHeap (property)", () => {
  it("pops in (deadline, arming order), never pops removed timers, re-arms a timer that left, keeps size and heapIndex right", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const heap = new TimerHeap();
        const model: ModelEntry[] = [];
        const gone: RecordingTimer[] = []; // popped or removed: not in the heap
        let order = 0;
        for (const op of ops) {
          switch (op.k) {
            case "insert": {
              const timer = new RecordingTimer(order);
              heap.insert(timer, op.deadline);
              model.push({ timer, deadline: op.deadline, order: order++ });
              model.sort(byKey);
              expect(timer.heapIndex).toBeGreaterThanOrEqual(0);
              expect(timer.deadline).toBe(op.deadline);
              break;
            }
            case "pop": {
              if (model.length === 0) {
                expect(heap.size).toBe(0);
                expect(heap.nextDeadline()).toBe(Infinity);
                break;
              }
              const expected = model.shift() as ModelEntry;
              expect(heap.nextDeadline()).toBe(expected.deadline);
              const timer = heap.pop() as RecordingTimer;
              expect(timer).toBe(expected.timer);
              expect(timer.heapIndex).toBe(-1);
              gone.push(timer);
              break;
            }
            case "remove": {
              if (model.length === 0) break;
              const [entry] = model.splice(op.pick % model.length, 1) as [ModelEntry];
              expect(heap.remove(entry.timer)).toBe(true);
              expect(entry.timer.heapIndex).toBe(-1);
              gone.push(entry.timer);
              break;
            }
            case "removeStale": {
              // Removing a timer that already left the heap is refused and changes nothing.
              if (gone.length === 0) break;
              const timer = gone[op.pick % gone.length] as RecordingTimer;
              const before = heap.size;
              expect(heap.remove(timer)).toBe(false);
              expect(timer.heapIndex).toBe(-1);
              expect(heap.size).toBe(before);
              break;
            }
            case "rearm": {
              if (gone.length === 0) break;
              const [timer] = gone.splice(op.pick % gone.length, 1) as [RecordingTimer];
              heap.insert(timer, op.deadline);
              model.push({ timer, deadline: op.deadline, order: order++ });
              model.sort(byKey);
              expect(timer.heapIndex).toBeGreaterThanOrEqual(0);
              break;
            }
          }
          expect(heap.size).toBe(model.length);
          // Grown and shrunk by halves: never more than four times what it holds (and 64 at least).
          expect(heap.capacity).toBeGreaterThanOrEqual(Math.max(64, heap.size));
          expect(heap.capacity).toBeLessThanOrEqual(Math.max(64, 4 * (heap.size + 1)));
          expect(heap.nextDeadline()).toBe(model.length === 0 ? Infinity : (model[0] as ModelEntry).deadline);
          // Every armed timer knows its own slot; every other one says -1.
          const seen = new Set<TimerEntry>();
          heap.forEach((t) => seen.add(t));
          expect(seen.size).toBe(model.length);
          for (const entry of model) {
            expect(seen.has(entry.timer)).toBe(true);
            expect(entry.timer.heapIndex).toBeGreaterThanOrEqual(0);
            expect(entry.timer.heapIndex).toBeLessThan(model.length);
          }
          for (const timer of gone) expect(timer.heapIndex).toBe(-1);
        }
        // Drain: the rest comes out in model order, then the heap is empty.
        for (const expected of model) {
          const timer = heap.pop() as RecordingTimer;
          expect(timer).toBe(expected.timer);
          expect(timer.heapIndex).toBe(-1);
        }
        expect(heap.size).toBe(0);
        expect(heap.nextDeadline()).toBe(Infinity);
      }),
      { numRuns: runs(300) },
    );
  });

  it("drains any insertion sequence in sorted, stable order (heap sort against Array.prototype.sort)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }), (deadlines) => {
        const heap = new TimerHeap();
        const timers = deadlines.map((d, i) => {
          const t = new RecordingTimer(i);
          heap.insert(t, d);
          return t;
        });
        const out: number[] = [];
        while (heap.size > 0) out.push((heap.pop() as RecordingTimer).id);
        const expected = timers.map((t) => t.id).sort((a, b) => (deadlines[a] as number) - (deadlines[b] as number) || a - b);
        expect(out).toEqual(expected);
      }),
      { numRuns: runs(200) },
    );
  });
});

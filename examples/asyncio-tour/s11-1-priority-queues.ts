/**
 * asyncio tour §11.1, "Priority Queues": the tour's AsyncPriorityQueue, a heap
 * plus an asyncio.Event, ported with spindle's `event()` (clear() is reset()).
 * The tour shows only the class; the small driver in `app` (added to the Python
 * copy too) has a consumer wait on the empty queue, then puts three items at
 * once and a fourth later.
 *
 * spindle also has a built-in `priorityQueue()`. It is not a drop-in here: its
 * put() hands an item straight to a getter that is already waiting, so the
 * consumer would get "low" (the first put) before "high".
 */
import { event, run, sleep, spawn, yieldNow } from "spindle";
import type { Coroutine } from "spindle";

class AsyncPriorityQueue<T> {
  private readonly heap: { priority: number; count: number; item: T }[] = [];
  private count = 0;
  private readonly ready = event();

  *put(item: T, priority: number): Coroutine<void> {
    this.heap.push({ priority, count: this.count++, item });
    this.heap.sort((a, b) => a.priority - b.priority || a.count - b.count); // a heap would do; this is short
    this.ready.set();
  }

  *get(): Coroutine<T> {
    while (this.heap.length === 0) {
      this.ready.reset();
      yield* this.ready.wait();
    }
    return this.heap.shift()!.item;
  }
}

function* app(): Coroutine<void> {
  const pq = new AsyncPriorityQueue<string>();
  const task = yield* spawn(function* consumer() {
    for (let n = 0; n < 4; n++) console.log(`Got ${yield* pq.get()}`);
  });
  yield* yieldNow(); // asyncio.sleep(0): let the consumer wait on the empty queue
  yield* pq.put("low", 5);
  yield* pq.put("high", 1);
  yield* pq.put("mid", 3);
  yield* sleep(100);
  yield* pq.put("urgent", 0);
  yield* task;
}

export function main(): void {
  run(app);
}

if (require.main === module) main();

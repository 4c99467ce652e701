/**
 * asyncio tour §13.1, "Event-driven Architecture": an event bus whose emit
 * awaits each listener in turn. Listeners are coroutine functions, and emit
 * runs them with `yield*`, one after the other, in the emitter's task.
 * (For listeners that run concurrently and may lag, see `broadcast()`.)
 */
import { run } from "spindle";
import type { Coroutine } from "spindle";

type Listener<T> = (data: T) => Coroutine<void>;

class EventBus<T> {
  private readonly listeners = new Map<string, Listener<T>[]>();

  addListener(event: string, listener: Listener<T>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  }

  *emit(event: string, data: T): Coroutine<void> {
    for (const listener of this.listeners.get(event) ?? []) yield* listener(data);
  }
}

function* printOnEvent(data: string): Coroutine<void> {
  console.log(`Received event with data: ${data}`);
}

const bus = new EventBus<string>();
bus.addListener("data_event", printOnEvent);

export function main(): void {
  run(() => bus.emit("data_event", "Some event data"));
}

if (require.main === module) main();

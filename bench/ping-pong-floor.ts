/**
 * A reference row for the channel ping-pong: the same two typed generators
 * (`yield*` into a send or a receive, one send operation allocated per
 * message, one receive operation per channel), driven by the least
 * machinery a rendezvous needs: a queue of tasks, one waiting slot per
 * channel, and the delegation protocol spindle's instructions use (shared
 * result objects, a flag telling the operation's `next()` that it is being
 * resumed). An operation completes, or parks its task, inside its own
 * `next()`, so a task suspends only to wait, and the driver only switches
 * tasks. No scheduler, no naming, no select, no close, no cancellation.
 *
 * What it is for: it measures what the generators cost by themselves, in
 * the same run as the native baseline. If this row is not well above
 * 1.5x native, no scheduler and no channel can be either.
 */

/** Set by the driver before resuming a task that is parked inside an operation. */
let resuming = false;
/** The task whose generator is running. */
let current: FloorTask | null = null;
const queue: FloorTask[] = [];
const PARKED: { done: false; value: unknown } = { done: false, value: undefined };
const FINISHED: { done: true; value: unknown } = { done: true, value: undefined };

interface FloorTask {
  gen: Iterator<unknown, unknown, unknown>;
  /** What the task receives when it next runs. */
  value: unknown;
  /** What a parked sender is sending. */
  sending: unknown;
  /** Whether it has run: from then on it only ever waits inside an operation. */
  started: boolean;
}

function finished<T>(value: unknown): IteratorResult<unknown, T> {
  FINISHED.value = value;
  return FINISHED as IteratorResult<unknown, T>;
}

abstract class FloorOp<T> implements Iterator<unknown, T, unknown> {
  [Symbol.iterator](): this {
    return this;
  }
  next(value?: unknown): IteratorResult<unknown, T> {
    if (resuming) {
      resuming = false;
      return finished(value);
    }
    return this.attempt(current as FloorTask);
  }
  /** Completes at once (FINISHED) or parks `task` (PARKED). */
  protected abstract attempt(task: FloorTask): IteratorResult<unknown, T>;
}

class FloorSend<T> extends FloorOp<void> {
  constructor(
    readonly channel: FloorChannel<T>,
    readonly value: T,
  ) {
    super();
  }
  protected attempt(task: FloorTask): IteratorResult<unknown, void> {
    const ch = this.channel;
    const receiver = ch.receiver;
    if (receiver === null) {
      task.sending = this.value;
      ch.sender = task;
      return PARKED;
    }
    ch.receiver = null;
    receiver.value = this.value;
    queue.push(receiver);
    return finished(undefined);
  }
}

class FloorRecv<T> extends FloorOp<T> {
  constructor(readonly channel: FloorChannel<T>) {
    super();
  }
  protected attempt(task: FloorTask): IteratorResult<unknown, T> {
    const ch = this.channel;
    const sender = ch.sender;
    if (sender === null) {
      ch.receiver = task;
      return PARKED;
    }
    ch.sender = null;
    const value = sender.sending;
    sender.sending = undefined;
    queue.push(sender);
    return finished(value);
  }
}

class FloorChannel<T> {
  receiver: FloorTask | null = null;
  sender: FloorTask | null = null;
  private readonly recvOp = new FloorRecv<T>(this);
  send(value: T): FloorSend<T> {
    return new FloorSend(this, value);
  }
  recv(): FloorRecv<T> {
    return this.recvOp;
  }
}

function* floorEcho(ping: FloorChannel<number>, pong: FloorChannel<number>, roundTrips: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < roundTrips; i++) {
    const v = yield* ping.recv();
    yield* pong.send(v);
  }
}

function* floorMain(ping: FloorChannel<number>, pong: FloorChannel<number>, roundTrips: number): Generator<unknown, number, unknown> {
  let last = 0;
  for (let i = 0; i < roundTrips; i++) {
    yield* ping.send(i);
    last = yield* pong.recv();
  }
  return last;
}

/** Runs the ping-pong on the floor driver; returns the last value echoed (roundTrips - 1). */
export function floorPingPong(roundTrips: number): number {
  const ping = new FloorChannel<number>();
  const pong = new FloorChannel<number>();
  const main: FloorTask = { gen: floorMain(ping, pong, roundTrips), value: undefined, sending: undefined, started: false };
  const echo: FloorTask = { gen: floorEcho(ping, pong, roundTrips), value: undefined, sending: undefined, started: false };
  queue.length = 0;
  queue.push(main, echo);
  let head = 0;
  let result = -1;
  while (head < queue.length) {
    const task = queue[head++] as FloorTask;
    current = task;
    resuming = task.started;
    task.started = true;
    const step = task.gen.next(task.value);
    resuming = false;
    task.value = undefined;
    if (step.done === true && task === main) result = step.value as number;
    // Compact the queue now and then, so it stays small.
    if (head > 1024) {
      queue.splice(0, head);
      head = 0;
    }
  }
  current = null;
  return result;
}

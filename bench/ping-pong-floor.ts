/**
 * A reference row for the channel ping-pong: the same two typed generators
 * (`yield*` into a send or a receive, one send operation allocated per
 * message, one receive operation per channel), driven by the least
 * machinery a rendezvous needs: a queue of two tasks, one waiting slot per
 * channel, and the delegation protocol spindle's instructions use (shared
 * result objects, a flag telling the operation's `next()` that it is being
 * resumed). No scheduler, no naming, no select, no close, no cancellation.
 *
 * What it is for: it measures what the generators cost by themselves, in
 * the same run as the native baseline. If this row is not well above
 * 1.5x native, no scheduler and no channel can be either.
 */

/** Set by the driver before resuming a task that is inside an operation. */
let resuming = false;
const YIELDED: { done: false; value: unknown } = { done: false, value: undefined };
const FINISHED: { done: true; value: unknown } = { done: true, value: undefined };

abstract class FloorOp<T> implements Iterator<FloorOp<unknown>, T, unknown> {
  [Symbol.iterator](): this {
    return this;
  }
  next(value?: unknown): IteratorResult<FloorOp<unknown>, T> {
    if (resuming) {
      resuming = false;
      FINISHED.value = value;
      return FINISHED as IteratorResult<FloorOp<unknown>, T>;
    }
    YIELDED.value = this;
    return YIELDED as IteratorResult<FloorOp<unknown>, T>;
  }
}

class FloorSend<T> extends FloorOp<void> {
  constructor(
    readonly channel: FloorChannel<T>,
    readonly value: T,
  ) {
    super();
  }
}

class FloorRecv<T> extends FloorOp<T> {
  constructor(readonly channel: FloorChannel<T>) {
    super();
  }
}

interface FloorTask {
  gen: Iterator<FloorOp<unknown>, unknown, unknown>;
  /** What the task receives when it next runs. */
  value: unknown;
  /** What a parked sender is sending. */
  sending: unknown;
  /** False until the task first yields: only then is it resumed inside an operation. */
  inOperation: boolean;
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

function* floorEcho(ping: FloorChannel<number>, pong: FloorChannel<number>, roundTrips: number): Generator<FloorOp<unknown>, void, unknown> {
  for (let i = 0; i < roundTrips; i++) {
    const v = yield* ping.recv();
    yield* pong.send(v);
  }
}

function* floorMain(ping: FloorChannel<number>, pong: FloorChannel<number>, roundTrips: number): Generator<FloorOp<unknown>, number, unknown> {
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
  const main: FloorTask = { gen: floorMain(ping, pong, roundTrips), value: undefined, sending: undefined, inOperation: false };
  const echo: FloorTask = { gen: floorEcho(ping, pong, roundTrips), value: undefined, sending: undefined, inOperation: false };
  const queue: FloorTask[] = [main, echo];
  let head = 0;
  let result = -1;
  while (head < queue.length) {
    const task = queue[head++] as FloorTask;
    for (;;) {
      resuming = task.inOperation;
      const step = task.gen.next(task.value);
      resuming = false;
      task.value = undefined;
      if (step.done === true) {
        if (task === main) result = step.value as number;
        break;
      }
      const op = step.value;
      task.inOperation = true;
      if (op instanceof FloorSend) {
        const ch = op.channel as FloorChannel<unknown>;
        const receiver = ch.receiver;
        if (receiver === null) {
          task.sending = op.value;
          ch.sender = task;
          break; // parked
        }
        ch.receiver = null;
        receiver.value = op.value;
        queue.push(receiver);
      } else {
        const ch = (op as FloorRecv<unknown>).channel;
        const sender = ch.sender;
        if (sender === null) {
          ch.receiver = task;
          break; // parked
        }
        ch.sender = null;
        task.value = sender.sending;
        sender.sending = undefined;
        queue.push(sender);
      }
      // The operation completed at once: the task goes on.
    }
    // Compact the queue now and then, so it stays small.
    if (head > 1024) {
      queue.splice(0, head);
      head = 0;
    }
  }
  return result;
}

/**
 * Channels: typed FIFO pipes between tasks, after Go's.
 *
 * Invariants (checked by the property tests):
 * - every value sent is received at most once, and values from one sender
 *   arrive in the order sent;
 * - receivers wait only while the buffer is empty, and senders only while
 *   it is full (or, unbuffered, while no receiver waits): so `receivers` and
 *   `senders` are never both non-empty, and a send never parks beside a
 *   waiting receiver; the one exception is a single select waiting to both
 *   send and receive on one channel, whose two cases cannot match each
 *   other (Go's rule too): the next task to send or receive completes one;
 * - waiters are served oldest first: a value goes straight to the oldest
 *   waiting receiver, and room in the buffer to the oldest waiting sender;
 * - a waiter that was cancelled is no longer queued (its undo removed it),
 *   so a value is never handed to a cancelled receiver and a cancelled
 *   sender's value is never delivered;
 * - after close(), the buffer drains, then every receive gets CLOSED; sends
 *   throw ChannelClosedError, and senders blocked at close() get it too.
 *
 * The send path follows Go's fixed order: closed → hand to a waiting receiver
 * → buffer → overflow policy → park. The receive path: buffer (refilled from
 * the oldest blocked sender) → take from a blocked sender (unbuffered) →
 * closed → park.
 */
import { Instruction, InvalidArgumentError, RingQueue, SpindleError, WAIT, creation as creationWatch, describeValue, registerExemplar } from "../kernel/api.js";
import type { Coroutine, Scheduler, Task, Waiting } from "../kernel/api.js";
import { WaitNode, WaitList } from "../kernel/api.js";
import { checkOptions } from "./primitive.js";

// Debug mode's watcher of operations never yielded (kernel/unyielded.ts),
// bound as this module's own const: an imported binding is a property read
// of the other module's exports at every use in the CommonJS build.
const creation = creationWatch;

/**
 * What `recv()` gives once a channel is closed and drained. Test for it
 * without an exception: `if (value === CLOSED) break;`.
 *
 * @example
 * ```ts
 * for (;;) { const job = yield* jobs.recv(); if (job === CLOSED) break; yield* handle(job); }
 * ```
 *
 * @category Channels and sync
 */
const CLOSED: unique symbol = Symbol("spindle.closed");
/**
 * The type of {@link CLOSED}.
 *
 * @category Channels and sync
 */
export type Closed = typeof CLOSED;

/**
 * What `tryRecv()` gives when no value is ready (and the channel is open).
 *
 * @example
 * ```ts
 * const v = inbox.tryRecv(); if (v !== EMPTY && v !== CLOSED) handle(v);
 * ```
 *
 * @category Channels and sync
 */
const EMPTY: unique symbol = Symbol("spindle.empty");
/**
 * The type of {@link EMPTY}.
 *
 * @category Channels and sync
 */
export type Empty = typeof EMPTY;
// CLOSED and EMPTY are plain consts exported here rather than `export const`:
// in tsc's CommonJS output every use of an exported const is a read of
// `exports.X`, which V8 cannot fold, and poll() and recv's tryNow() compare
// against them on every receive (the kernel does the same for its constants).
export { CLOSED, EMPTY };

/**
 * What a full buffer does with a new value: `"block"` the sender
 * (backpressure, the default), `"drop-newest"` (discard the new value) or
 * `"drop-oldest"` (a sliding window: evict the oldest buffered value).
 *
 * @category Channels and sync
 */
export type Overflow = "block" | "drop-newest" | "drop-oldest";

/**
 * Options of {@link channel}.
 *
 * @category Channels and sync
 */
export interface ChannelOptions {
  /** What a full buffer does with a new value (default "block"). */
  overflow?: Overflow;
  /** A name for traces and deadlock reports (default `ch#N`). */
  name?: string;
}

/**
 * A snapshot of a channel's state, from {@link Channel.stats}.
 *
 * @category Channels and sync
 */
export interface ChannelStats {
  /** The channel's name: its `name` option or `ch#N`. */
  name: string;
  /** Buffer size: 0 for a rendezvous channel, Infinity for an unbounded one. */
  capacity: number;
  /** What a full buffer does with a new value. */
  overflow: Overflow;
  /** Values in the buffer now. */
  buffered: number;
  /** Tasks blocked in send(). */
  sendersWaiting: number;
  /** Tasks blocked in recv(). */
  receiversWaiting: number;
  /** Whether close() was called. */
  closed: boolean;
  /** Values accepted by send (delivered or buffered). */
  sent: number;
  /** Values discarded by a drop policy. */
  dropped: number;
}

/**
 * Sending on a closed channel (or being blocked in send when it closes).
 *
 * @example
 * ```ts
 * try { yield* ch.send(x); } catch (e) { if (e instanceof ChannelClosedError) return; throw e; }
 * ```
 *
 * @category Channels and sync
 */
export class ChannelClosedError extends SpindleError {}

/** @internal A select waiting on several cases; see select.ts. */
export interface Selection {
  fire(index: number, value: unknown): void;
  fail(index: number, error: unknown): void;
}

/** Completed waiters a channel keeps for reuse, at most (see Channel.park). */
const SPARE_LIMIT = 16;

/**
 * @internal A task blocked on a channel, alone or as one case of a select.
 * A plain (non-select) waiter is reused by its channel once completed.
 */
export class ChannelWaiter<T> extends WaitNode {
  // Assigned in the constructor, not initialized as fields: see WaitNode.
  declare value: T;
  declare selection: Selection | null;
  declare index: number;
  constructor(task: Task<unknown>, what: { describe(): string }, value: T) {
    super(task, what);
    this.value = value;
    this.selection = null;
    this.index = 0;
  }
}

/**
 * A channel of `T` values; create one with {@link channel}.
 *
 * @example
 * ```ts
 * const jobs = channel<string>(10);
 * yield* jobs.send("build");
 * const job = yield* jobs.recv(); // "build", typed string | Closed
 * ```
 *
 * @category Channels and sync
 */
export class Channel<T> {
  /** Buffer size: 0 for a rendezvous channel, Infinity for an unbounded one. */
  readonly capacity: number;
  /** What a full buffer does with a new value (the `overflow` option). */
  readonly overflow: Overflow;
  /** @internal */ readonly receivers = new WaitList<unknown, ChannelWaiter<T>>();
  /** @internal */ readonly senders = new WaitList<unknown, ChannelWaiter<T>>();
  private readonly buffer = new RingQueue<T>(16);
  private isClosed = false;
  private sentCount = 0;
  private droppedCount = 0;
  private name: string | null;
  private readonly recvOp: RecvOp<T>;
  /**
   * Plain waiters that completed, linked through `next`, for the next wait
   * to reuse instead of allocating (a ping-pong parks on every message).
   * A spare is in no queue and no task waits on it: only a waiter whose
   * completion woke its task (which clears `task.wait`) is recycled, never
   * a select's (its Waiting still lists it) nor one removed by undo.
   */
  private spare: ChannelWaiter<T> | null = null;
  private spareCount = 0;

  /** @internal Use {@link channel}. */
  constructor(capacity: number, options: ChannelOptions) {
    this.capacity = capacity;
    this.overflow = options.overflow ?? "block";
    this.name = options.name ?? null;
    this.recvOp = new RecvOp(this);
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Sends `value`: hands it to the oldest waiting receiver, or buffers it, or
   * (full buffer, "block" policy) waits for room. Throws ChannelClosedError
   * if the channel is or becomes closed while waiting.
   *
   * @example
   * ```ts
   * yield* results.send({ id, ok: true });
   * ```
   */
  send(value: T): SendOp<T> {
    return new SendOp(this, value);
  }

  /**
   * Receives the oldest value, waiting if there is none; gives CLOSED once
   * the channel is closed and drained.
   *
   * @example
   * ```ts
   * const msg = yield* inbox.recv();
   * if (msg === CLOSED) return;
   * ```
   */
  recv(): RecvOp<T> {
    return this.recvOp;
  }

  /**
   * Sends without waiting: true if the value was delivered or buffered (or
   * dropped by a drop policy, which counts it in `stats().dropped`), false if
   * it would have to wait. Throws ChannelClosedError on a closed channel.
   *
   * @example
   * ```ts
   * if (!events.trySend(e)) missed++;
   * ```
   */
  trySend(value: T): boolean {
    return this.offer(value, null);
  }

  /**
   * Receives without waiting: the value, EMPTY if none is ready, or CLOSED.
   *
   * @example
   * ```ts
   * const input = keys.tryRecv(); // once per frame
   * if (input !== EMPTY && input !== CLOSED) player.apply(input);
   * ```
   */
  tryRecv(): T | Closed | Empty {
    return this.poll();
  }

  /**
   * Closes the channel: buffered values can still be received, then every
   * receive gives CLOSED; waiting receivers get CLOSED now, waiting senders
   * ChannelClosedError. Returns false if it was already closed (closing twice
   * is harmless, so cleanup code can always close).
   *
   * @example
   * ```ts
   * try { for (const x of items) yield* out.send(x); } finally { out.close(); }
   * ```
   */
  close(): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    for (let r = this.receivers.shift(); r !== null; r = this.receivers.shift()) this.completeReceiver(r, CLOSED);
    for (let s = this.senders.shift(); s !== null; s = this.senders.shift()) {
      const error = new ChannelClosedError(`${s.task.label} was sending on ${this.describe()} when it was closed; its value was not delivered`);
      if (s.selection !== null) s.selection.fail(s.index, error);
      else s.task.resumeWithError(error);
    }
    return true;
  }

  /**
   * A snapshot of the channel's state.
   *
   * @example
   * ```ts
   * console.log(ch.stats()); // { name: "ch#1", capacity: 10, buffered: 3, sendersWaiting: 0, ... }
   * ```
   */
  stats(): ChannelStats {
    return {
      name: this.describe(),
      capacity: this.capacity,
      overflow: this.overflow,
      buffered: this.buffer.length,
      sendersWaiting: this.senders.length,
      receiversWaiting: this.receivers.length,
      closed: this.isClosed,
      sent: this.sentCount,
      dropped: this.droppedCount,
    };
  }

  /** The channel's name in traces: its `name` option or `ch#N`. */
  describe(): string {
    return this.name ?? "ch#?";
  }

  /** @internal Gives the channel a name numbered by the scheduler that first uses it. */
  nameFor(scheduler: Scheduler): void {
    if (this.name === null) this.name = `ch#${scheduler.newObjectId()}`;
  }

  /**
   * @internal Completes a send now if it can (Go's order: closed → waiting
   * receiver → buffer → drop policy); false means the sender must park.
   */
  offer(value: T, sender: Task<unknown> | null): boolean {
    if (this.isClosed) {
      throw new ChannelClosedError(
        `${sender === null ? "trySend()" : sender.label} sent ${describeValue(value)} on ${this.describe()}, which is closed; stop sending before closing, or check ch.closed`,
      );
    }
    const receiver = this.receivers.shift();
    if (receiver !== null) {
      this.sentCount++;
      this.completeReceiver(receiver, value);
      return true;
    }
    const buffer = this.buffer;
    if (buffer.length < this.capacity) {
      this.sentCount++;
      buffer.push(value);
      return true;
    }
    switch (this.overflow) {
      case "block":
        return false;
      case "drop-newest":
        this.droppedCount++;
        return true;
      case "drop-oldest":
        this.droppedCount++;
        if (this.capacity > 0) {
          buffer.shift();
          buffer.push(value);
          this.sentCount++;
        }
        return true;
    }
  }

  /** @internal Receives now if it can: a value, CLOSED, or EMPTY (the receiver must park). */
  poll(): T | Closed | Empty {
    const buffer = this.buffer;
    if (buffer.length > 0) {
      const value = buffer.shift();
      // Room appeared: the oldest blocked sender's value takes it.
      const sender = this.senders.shift();
      if (sender !== null) {
        buffer.push(sender.value);
        this.sentCount++;
        this.completeSender(sender);
      }
      return value;
    }
    const sender = this.senders.shift();
    if (sender !== null) {
      this.sentCount++;
      const value = sender.value; // read before completeSender recycles the node
      this.completeSender(sender);
      return value;
    }
    return this.isClosed ? CLOSED : EMPTY;
  }

  /**
   * @internal Parks `task` in `queue` (this channel's receivers or senders)
   * on a waiter for `what`, carrying `value` (a sender's) or undefined.
   */
  park(queue: WaitList<unknown, ChannelWaiter<T>>, task: Task<unknown>, what: RecvOp<T> | SendOp<T>, value: T): void {
    let node = this.spare;
    if (node === null) {
      node = new ChannelWaiter<T>(task, what, value);
    } else {
      this.spare = node.next as ChannelWaiter<T> | null;
      this.spareCount--;
      node.next = null;
      node.task = task;
      node.what = what;
      node.value = value;
    }
    queue.park(node);
  }

  /** Hands `value` to a receiver that waited. Precondition: it was just dequeued. */
  private completeReceiver(receiver: ChannelWaiter<T>, value: T | Closed): void {
    if (receiver.selection !== null) receiver.selection.fire(receiver.index, value);
    else if (receiver.task.resume(value)) this.recycle(receiver);
  }

  /** Tells a sender that waited that its value was taken. Precondition: it was just dequeued. */
  private completeSender(sender: ChannelWaiter<T>): void {
    if (sender.selection !== null) sender.selection.fire(sender.index, undefined);
    else if (sender.task.resume(undefined)) this.recycle(sender);
  }

  /**
   * Keeps a plain waiter whose completion just woke its task, for park() to
   * reuse. The wake cleared `task.wait`, and the node left its queue, so
   * nothing refers to it any more. Its task and value are dropped, so that
   * a spare keeps nothing alive.
   */
  private recycle(node: ChannelWaiter<T>): void {
    if (this.spareCount >= SPARE_LIMIT) return;
    node.task = NO_TASK;
    node.value = undefined as T;
    node.what = this.recvOp; // not the SendOp it waited on, which holds the value sent
    node.next = this.spare;
    this.spare = node;
    this.spareCount++;
  }
}

/** What a spare waiter's `task` points to: no task (so that it keeps none alive). */
const NO_TASK = null as unknown as Task<unknown>;

/**
 * What `ch.recv()` returns: one per channel, immutable, shared by every
 * receiver. Yield it, or pass it to `select` as a case.
 *
 * @example
 * ```ts
 * const next: RecvOp<Job> = jobs.recv();
 * const job = yield* next;
 * ```
 *
 * @category Channels and sync
 */
export class RecvOp<T> extends Instruction<T | Closed> {
  constructor(
    /** The channel to receive from. */
    readonly channel: Channel<T>,
  ) {
    super();
  }
  describe(): string {
    return `recv(${this.channel.describe()})`;
  }
  /** A ready value (or CLOSED) is taken at once. */
  tryNow(task: Task<unknown>): T | Closed | Waiting {
    const ch = this.channel;
    ch.nameFor(task.scheduler);
    const value = ch.poll();
    return value === EMPTY ? WAIT : value;
  }
  override park(task: Task<unknown>): void {
    const ch = this.channel;
    ch.park(ch.receivers, task, this, undefined as T);
  }
}

/**
 * What `ch.send(value)` returns. Yield it, or pass it to `select` as a case.
 *
 * @example
 * ```ts
 * const r = yield* select([out.send(item), sleep(100)]); // r.index 0: sent
 * ```
 *
 * @category Channels and sync
 */
export class SendOp<T> extends Instruction<void> {
  constructor(
    /** The channel to send on. */
    readonly channel: Channel<T>,
    /** The value to send. */
    readonly value: T,
  ) {
    super();
    if (creation.watcher !== null) creation.watcher.created(this); // debug mode only: see kernel/unyielded.ts
  }
  describe(): string {
    return `send(${this.channel.describe()})`;
  }
  /** Go's order: closed (throws) → a waiting receiver → the buffer → the overflow policy; else wait. */
  tryNow(task: Task<unknown>): void | Waiting {
    const ch = this.channel;
    ch.nameFor(task.scheduler);
    return ch.offer(this.value, task) ? undefined : WAIT;
  }
  override park(task: Task<unknown>): void {
    const ch = this.channel;
    ch.park(ch.senders, task, this, this.value);
  }
}

// Exemplars (kernel/exemplars.ts): a rendezvous and a buffered channel, a
// ping-pong and a send that waits, so that the hidden classes of channels,
// their operations and waiters outlive the user's programs across full GCs.
registerExemplar((scheduler) => {
  const rendezvous = new Channel<number>(0, {});
  const buffered = new Channel<number>(1, {});
  const send = rendezvous.send(1);
  // Every operation is kept: one that dies takes its hidden class with it.
  const ops: unknown[] = [];
  const keep = <T>(op: T): T => {
    ops.push(op);
    return op;
  };
  function* exemplarPing(): Coroutine<number> {
    yield* send;
    yield* keep(buffered.send(2));
    yield* keep(buffered.send(3)); // waits for room
    return (yield* keep(rendezvous.recv())) as number;
  }
  function* exemplarPong(): Coroutine<number> {
    const got = (yield* keep(rendezvous.recv())) as number;
    yield keep(rendezvous.send(got));
    return ((yield keep(buffered.recv())) as number) + ((yield keep(buffered.recv())) as number);
  }
  const a = scheduler.spawn(exemplarPing);
  const b = scheduler.spawn(exemplarPong);
  scheduler.runVirtual();
  // The generator functions too: their generators' hidden classes are what the step loop's code checks.
  return [rendezvous, buffered, send, a, b, exemplarPing, exemplarPong, ops];
});

/**
 * Creates a channel. `capacity` 0 (the default) is a rendezvous: a send
 * completes only when a receiver takes the value. A positive capacity buffers
 * that many values; what a full buffer does is the `overflow` option, "block"
 * by default (backpressure). `"unbounded"` never blocks a sender and is
 * never the default: memory then grows without limit if receivers fall behind.
 *
 * @example
 * ```ts
 * const rendezvous = channel<number>();
 * const queue = channel<Job>(64);
 * const latest = channel<Frame>(1, { overflow: "drop-oldest" });
 * const log = channel<string>("unbounded");
 * ```
 *
 * @category Channels and sync
 */
export function channel<T>(capacity: number | "unbounded" = 0, options: ChannelOptions = {}): Channel<T> {
  checkOptions("channel", options);
  const size = capacity === "unbounded" ? Infinity : capacity;
  if (typeof size !== "number" || !(size >= 0) || (size !== Infinity && !Number.isInteger(size))) {
    throw new InvalidArgumentError(`channel(${describeValue(capacity)}): capacity must be an integer >= 0, or "unbounded"`);
  }
  const overflow = options.overflow ?? "block";
  if (overflow !== "block" && overflow !== "drop-newest" && overflow !== "drop-oldest") {
    throw new InvalidArgumentError(`channel(): overflow must be "block", "drop-newest" or "drop-oldest", not ${describeValue(overflow)}`);
  }
  return new Channel<T>(size, options);
}

/**
 * Broadcast: every subscriber receives every value sent after it subscribed.
 *
 * Each subscriber has its own bounded buffer (a channel), so one slow
 * subscriber does not hold the others' messages. What happens when a
 * subscriber lags (its buffer is full) is chosen explicitly:
 * - "drop-oldest" (default): the lagging subscriber loses its oldest
 *   buffered messages (counted in its stats), the sender never waits;
 * - "drop-newest": the lagging subscriber misses the new message;
 * - "block": the sender waits until every subscriber has room (backpressure
 *   from the slowest subscriber); sends go one at a time, oldest first.
 *
 * Invariants: a value is delivered at most once to each subscriber, in send
 * order, and the subscribers receive the messages of several senders in one
 * and the same order (a send reaches all its subscribers in one step, or,
 * under "block", before the next send starts); an unsubscribed subscriber
 * receives nothing more and its channel is closed; `close()` closes every
 * subscriber's channel (they drain first). `trySend` is the exception: it
 * does not wait for its turn (see its doc).
 */
import { Instruction, InvalidArgumentError, SpindleError, describeValue } from "../kernel/api.js";
import { ChannelClosedError } from "./channel.js";
import type { Coroutine, Task } from "../kernel/api.js";
import { channel } from "./channel.js";
import type { Channel, Closed, Empty } from "./channel.js";
import { checkOptions } from "./primitive.js";
import { semaphore } from "./semaphore.js";
import type { Semaphore } from "./semaphore.js";

/**
 * What a full subscriber buffer does; see the file header.
 *
 * @category Channels and sync
 */
export type Lag = "drop-oldest" | "drop-newest" | "block";

/**
 * Options of {@link broadcast}.
 *
 * @category Channels and sync
 */
export interface BroadcastOptions {
  /** Buffer per subscriber (default 16). */
  capacity?: number;
  /** What happens when a subscriber's buffer is full (default "drop-oldest"). */
  lag?: Lag;
  /** A name for traces. */
  name?: string;
}

/**
 * One subscriber's end of a {@link Broadcast}.
 *
 * @example
 * ```ts
 * const sub = news.subscribe();
 * const item = yield* sub.recv();
 * ```
 *
 * @category Channels and sync
 */
export class Subscription<T> {
  /** @internal */
  constructor(
    private readonly owner: Broadcast<T>,
    /** @internal */ readonly inbox: Channel<T>,
  ) {}

  /** Receives the next message, or CLOSED once the broadcast is closed and this buffer drained. */
  recv(): Instruction<T | Closed> {
    return this.inbox.recv();
  }

  /** The next message without waiting: the value, EMPTY, or CLOSED. */
  tryRecv(): T | Closed | Empty {
    return this.inbox.tryRecv();
  }

  /** @internal Set by unsubscribe(), before the inbox is closed. */
  unsubscribed = false;

  /**
   * Stops receiving: no more messages arrive; buffered ones can still be
   * read, then CLOSED. A sender waiting for room in this buffer ("block")
   * skips this subscriber and goes on to the others.
   */
  unsubscribe(): void {
    this.unsubscribed = true;
    this.owner.remove(this);
  }

  /** Buffered messages and how many were dropped because this subscriber lagged. */
  stats(): {
    /** Messages waiting for this subscriber to receive them. */
    buffered: number;
    /** Messages this subscriber lost because it lagged (see {@link Lag}). */
    dropped: number;
    /** Whether the subscription is closed (the broadcast was closed, or it unsubscribed). */
    closed: boolean;
  } {
    const s = this.inbox.stats();
    return { buffered: s.buffered, dropped: s.dropped, closed: s.closed };
  }
}

/**
 * A one-to-many channel; create it with {@link broadcast}.
 *
 * @example
 * ```ts
 * const scores = broadcast<number>({ capacity: 8 });
 * const hud = scores.subscribe();
 * yield* scores.send(100);
 * ```
 *
 * @category Channels and sync
 */
export class Broadcast<T> {
  // A Set: insertion order for delivery, and O(1) removal, so that n
  // subscribers leaving (on cancellation, say) costs O(n), not O(n^2).
  private readonly subscribers = new Set<Subscription<T>>();
  /** Subscriptions made so far, for their names (the count of live ones would repeat names after an unsubscribe). */
  private subscriptions = 0;
  private isClosed = false;
  /**
   * Under "block", one send at a time (the others wait their turn, oldest
   * first): a send that waits for room in one subscriber must not be
   * overtaken at the next ones by a later send, or subscribers would see the
   * messages in different orders. Null for the drop policies, whose sends
   * never wait (each is one step, see OfferToAll).
   */
  private readonly sendTurn: Semaphore | null;

  /** @internal Use {@link broadcast}. */
  constructor(
    /** How many messages each subscriber buffers. */
    readonly capacity: number,
    /** What happens to a subscriber whose buffer is full. */
    readonly lag: Lag,
    /** The broadcast's name: its `name` option, or `broadcast` (unnumbered) without one. */
    readonly name: string,
    private readonly named: boolean,
  ) {
    // Named, so that it takes no number from the scheduler (the channels' numbers stay as they were).
    this.sendTurn = lag === "block" ? semaphore(1, { name: `${name}.sendTurn` }) : null;
  }

  /**
   * A new subscriber; it receives the messages sent from now on.
   *
   * @example
   * ```ts
   * const log = events.subscribe();
   * ```
   */
  subscribe(): Subscription<T> {
    // Subscriber channels of a named broadcast are named after it; otherwise
    // they get the scheduler's `ch#N` on first use, like any channel.
    const inbox = channel<T>(this.capacity, this.named ? { overflow: this.lag, name: `${this.name}.sub${this.subscriptions}` } : { overflow: this.lag });
    this.subscriptions++;
    const sub = new Subscription(this, inbox);
    if (this.isClosed) inbox.close();
    else this.subscribers.add(sub);
    return sub;
  }

  /**
   * Sends `value` to every current subscriber (waiting for room with the
   * "block" policy). Throws a SpindleError after close().
   *
   * @example
   * ```ts
   * yield* positions.send({ x, y });
   * ```
   */
  *send(value: T): Coroutine<void> {
    this.checkOpen(value);
    const turn = this.sendTurn;
    if (turn === null) return yield* this.deliver(value);
    yield turn.acquire();
    try {
      this.checkOpen(value); // closed while this send waited for its turn
      yield* this.deliver(value);
    } finally {
      turn.release();
    }
  }

  /** Hands `value` to every current subscriber, in subscription order, waiting for room in each under "block". */
  private *deliver(value: T): Coroutine<void> {
    // A copy: a subscriber may unsubscribe while this send waits for room.
    const subs = [...this.subscribers];
    for (let from = 0; from < subs.length; ) {
      // Every subscriber that can take the value now takes it in this one
      // step, so another sender cannot slip in between two of them (and
      // subscribers could then see two senders' messages in different orders).
      const full = yield* new OfferToAll(this, subs, from, value);
      if (full === subs.length) return;
      const sub = subs[full] as Subscription<T>;
      try {
        yield* sub.inbox.send(value); // "block": wait for room in this one, then go on
      } catch (error) {
        // Unsubscribing closed the inbox this send waited on: that subscriber
        // is gone, not the broadcast; the others still get the value.
        if (!(error instanceof ChannelClosedError && sub.unsubscribed)) throw error;
      }
      from = full + 1;
    }
  }

  /**
   * Sends without waiting: true if every subscriber took the value (or
   * dropped it by policy); false if a "block" subscriber was full, in which
   * case the subscribers before it in subscription order did receive it.
   * It does not wait behind a `send` still under way under "block", so it
   * can reach some subscribers before that send's value does.
   *
   * @example
   * ```ts
   * if (!ticks.trySend(frame)) console.warn("a subscriber is behind");
   * ```
   */
  trySend(value: T): boolean {
    this.checkOpen(value);
    for (const sub of this.subscribers) if (!sub.inbox.trySend(value)) return false;
    return true;
  }

  /**
   * Closes every subscriber's channel; they drain, then receive CLOSED.
   * Returns false if already closed.
   *
   * @example
   * ```ts
   * gameOver.close();
   * ```
   */
  close(): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    const all = [...this.subscribers];
    this.subscribers.clear();
    for (const sub of all) sub.inbox.close();
    return true;
  }

  /** Subscriber count, policy and whether it is closed. */
  stats(): {
    /** The broadcast's name. */
    name: string;
    /** Subscribers now. */
    subscribers: number;
    /** How many messages each subscriber buffers. */
    capacity: number;
    /** What happens to a subscriber whose buffer is full. */
    lag: Lag;
    /** Whether close() was called. */
    closed: boolean;
  } {
    return { name: this.name, subscribers: this.subscribers.size, capacity: this.capacity, lag: this.lag, closed: this.isClosed };
  }

  /** @internal */
  remove(sub: Subscription<T>): void {
    this.subscribers.delete(sub);
    sub.inbox.close();
  }

  private checkOpen(value: T): void {
    if (this.isClosed) throw new SpindleError(`${this.name}: sent ${describeValue(value)} after close(); stop sending before closing`);
  }
}

/**
 * @internal One step of a broadcast's send: offers the value to the
 * subscribers from `from` on, in subscription order, and gives the position
 * of the first one that is full under the "block" policy (the sender must
 * wait for it), or `subs.length` once all have it. An instruction, not a
 * loop of channel sends: it is one completion for the inline budget and one
 * place where a cancellation or an interrupt lands, before any subscriber of
 * the step got the value, never between two of them.
 */
class OfferToAll<T> extends Instruction<number> {
  constructor(
    private readonly owner: Broadcast<T>,
    private readonly subs: readonly Subscription<T>[],
    private readonly from: number,
    private readonly value: T,
  ) {
    super();
  }
  describe(): string {
    return `send(${this.owner.name})`;
  }
  tryNow(task: Task<unknown>): number {
    const subs = this.subs;
    for (let i = this.from; i < subs.length; i++) {
      const inbox = (subs[i] as Subscription<T>).inbox;
      if (inbox.closed) continue;
      inbox.nameFor(task.scheduler);
      if (!inbox.offer(this.value, task)) return i;
    }
    return subs.length;
  }
}

/**
 * Creates a broadcast channel: every subscriber gets every message, each with
 * its own buffer of `capacity` and an explicit `lag` policy.
 *
 * @example
 * ```ts
 * const world = broadcast<Event>({ capacity: 32, lag: "drop-oldest" });
 * ```
 *
 * @category Channels and sync
 */
export function broadcast<T>(options: BroadcastOptions = {}): Broadcast<T> {
  checkOptions("broadcast", options);
  const capacity = options.capacity ?? 16;
  if (!Number.isInteger(capacity) || capacity < 0) {
    throw new InvalidArgumentError(`broadcast(): capacity must be an integer >= 0, not ${describeValue(capacity)}`);
  }
  const lag = options.lag ?? "drop-oldest";
  if (lag !== "drop-oldest" && lag !== "drop-newest" && lag !== "block") {
    throw new InvalidArgumentError(`broadcast(): lag must be "drop-oldest", "drop-newest" or "block", not ${describeValue(lag)}`);
  }
  return new Broadcast<T>(capacity, lag, options.name ?? "broadcast", options.name !== undefined);
}

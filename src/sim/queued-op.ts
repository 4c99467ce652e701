/**
 * QueuedOp: an operation made on a resource, container or store (a
 * request, a put, a get) that may have to wait its turn. It is an event
 * (SimPy's Request, ContainerPut, StoreGet...): made by a plain call inside
 * a process, queued at once, triggered when served. `yield* op` waits for
 * it; it can also be combined with anyOf / allOf (reneging, timeouts).
 *
 * Lifecycle: QUEUED → SERVED (→ RELEASED or PREEMPTED, for requests), or
 * QUEUED → WITHDRAWN. Nothing else.
 *
 * The rules that keep a queue honest ("nothing is lost"):
 * 1. A task waiting on its own operation directly (`yield* op`) that stops
 *    waiting before it is served (cancelled, interrupted) withdraws it: it
 *    leaves the queue at once, and nothing is ever handed to it.
 * 2. When the task that made an operation finishes, in any way, its
 *    operations still queued are withdrawn (so an operation that lost an
 *    anyOf and was forgotten does not hold a place, nor later take a slot
 *    or an item nobody will use).
 * 3. Withdrawing is `op.cancel()` (SimPy's `cancel()`); it does nothing to
 *    an operation already served.
 * An operation that was served is never taken back: its task receives the
 * slot or the item even if cancelled right after (the kernel's rule), and
 * gives a slot back with `release`.
 *
 * Why operations are queued when made and not when waited for: that is
 * SimPy's semantics (a request's place in the queue is its arrival time),
 * and it lets `anyOf([res.request(), after(5)])` race a place in the queue
 * against a timer.
 *
 * OpList is the FIFO those operations wait in: intrusive and doubly linked,
 * so that withdrawing from the middle is O(1).
 */
import { Timer, UsageError, WAIT } from "../kernel/api.js";
import type { FinishListener, Scheduler, Task, Waiting } from "../kernel/api.js";
import { BaseEvent } from "./event.js";

// Plain consts exported below, not `export const`: in tsc's CommonJS
// output each use in this file would otherwise be a read of `exports`
// (see event.ts). Modules that test them on a hot path bind them locally
// the same way (resource.ts).

/** @internal Lifecycle states of a QueuedOp. */
const QUEUED = 0;
const SERVED = 1;
const WITHDRAWN = 2;
const RELEASED = 3;
const PREEMPTED = 4;
export { PREEMPTED, QUEUED, RELEASED, SERVED, WITHDRAWN };

const STATE_NAMES = ["queued", "served", "withdrawn", "released", "preempted"] as const;

/**
 * The lifecycle state of a queued operation: "queued", then "served" (and
 * for a request "released" or "preempted"), or "withdrawn".
 *
 * @example
 * ```ts
 * if (req.state === "queued") req.cancel();
 * ```
 */
export type OpState = (typeof STATE_NAMES)[number];

/** @internal What a QueuedOp is queued on. */
export interface OpHost {
  describe(): string;
  /** Takes a QUEUED op out of its queue and marks it withdrawn. */
  withdraw(op: QueuedOp<unknown>): void;
}

/**
 * An operation on a resource, container or store that may wait its turn;
 * see the file header for its rules.
 *
 * @example
 * ```ts
 * const get = store.get();
 * const r = yield* anyOf([get, after(10)]);
 * if (!r.has(get)) get.cancel(); // gave up: leave the queue
 * ```
 */
export abstract class QueuedOp<V> extends BaseEvent<V> implements FinishListener {
  // Declared, and set in the constructor, for the reason given in BaseEvent.
  /** @internal What the operation is queued on. */
  declare readonly host: OpHost;
  /** The task that made the operation. */
  declare readonly task: Task<unknown>;
  /** When the operation was made (its arrival time). */
  declare readonly time: number;
  /** @internal Lifecycle state (QUEUED, SERVED...). */
  declare stateCode: number;
  /** @internal Arrival order, unique per host. */
  declare readonly seq: number;
  /** @internal Links of an OpList (not `next`: Instruction.next is the iterator protocol). */
  declare prevOp: QueuedOp<unknown> | null;
  /** @internal */ declare nextOp: QueuedOp<unknown> | null;
  /** @internal */ declare list: OpList<QueuedOp<unknown>> | null;
  /** @internal Position in a KeyHeap, or -1. */
  declare heapIndex: number;
  /** True while the task's finish listener is registered (only while queued). */
  private declare listening: boolean;
  /** Tasks waiting for an operation served by the call that made it, until it is processed (see servedAtOnce). */
  private declare early: Task<unknown>[] | null;

  constructor(host: OpHost, task: Task<unknown>, time: number, seq: number) {
    super();
    this.host = host;
    this.task = task;
    this.time = time;
    this.stateCode = QUEUED;
    this.seq = seq;
    this.prevOp = null;
    this.nextOp = null;
    this.list = null;
    this.heapIndex = -1;
    this.listening = false;
    this.early = null;
  }

  /** A finish listener that only watches: it never handles the task's failure. */
  get passive(): boolean {
    return true;
  }

  /** Where the operation is in its lifecycle. */
  get state(): OpState {
    return STATE_NAMES[this.stateCode] as OpState;
  }

  /**
   * Withdraws the operation if it is still queued (SimPy's `cancel()`);
   * returns whether it did. An operation that was served is not affected:
   * a granted request is given back with `release`.
   *
   * @example
   * ```ts
   * if (!r.has(req)) req.cancel();
   * ```
   */
  cancel(): boolean {
    if (this.stateCode !== QUEUED) return false;
    this.host.withdraw(this);
    return true;
  }

  /** @internal The host queued it: the task's end will withdraw it (rule 2). */
  markQueued(): void {
    this.listening = true;
    this.task.addFinishListener(this);
  }

  /** @internal The host served it. Precondition: it is out of its queue. */
  serve(value: unknown): void {
    this.stateCode = SERVED;
    this.stopListening();
    this.trigger(true, value);
  }

  /**
   * @internal The call that made the operation served it at once (used for
   * requests on a PreemptiveResource: see Resource.preemptible). SimPy
   * queues that event like any other: a process that yields it resumes only
   * when the event is processed, so that a preemption or an interrupt
   * meanwhile reaches it while it still waits (a more important request
   * made right after takes the slot before its holder has run a line).
   * Here the event is processed by a zero-delay timer, at the end of the
   * instant; until it fires, waiting for the operation waits (see tryNow
   * and park). SimPy processes it at its place in the instant's queue: the
   * two differ only when other processes become ready in the same instant
   * after the grant, which then run first here. The task must stay blocked
   * until then, rather than be made ready at once, because an interrupt
   * reaches a ready task only after the value it was given. It costs a
   * timer per operation served at once.
   */
  servedAtOnce(scheduler: Scheduler): void {
    this.early = [];
    scheduler.addTimer(new OpProcessed(this as QueuedOp<unknown>), 0);
  }

  /** @internal The zero-delay timer of servedAtOnce fired: the event is processed, its waiters resume. */
  processed(): void {
    const waiters = this.early as Task<unknown>[];
    this.early = null;
    for (const task of waiters) task.resume(this.outcome, this);
  }

  /** @internal The host withdrew it. Precondition: it is out of its queue. */
  markWithdrawn(): void {
    this.stateCode = WITHDRAWN;
    this.stopListening();
  }

  /** @internal The task that made it has finished (rule 2). */
  taskFinished(): void {
    this.listening = false; // the kernel drops its listeners as it calls them
    if (this.stateCode === QUEUED) this.host.withdraw(this);
  }

  /** @internal Rule 1: its task stopped waiting for it directly. */
  override leftWaiting(task: Task<unknown>): void {
    if (task === this.task && this.stateCode === QUEUED) this.host.withdraw(this);
  }

  override tryNow(task: Task<unknown>): V | Waiting {
    if (this.stateCode === WITHDRAWN) {
      throw new UsageError(
        `${task.label} waits for ${this.describe()}, which was withdrawn (cancelled, or its task stopped waiting for it); make a new one`,
      );
    }
    if (this.early !== null) return WAIT; // served, not yet processed (see servedAtOnce)
    return super.tryNow(task);
  }

  override park(task: Task<unknown>): void {
    if (this.early === null) {
      super.park(task);
      return;
    }
    this.early.push(task);
    task.block(this);
  }

  override undo(task: Task<unknown>): void {
    const early = this.early;
    if (early === null) {
      super.undo(task);
      return;
    }
    // Interrupted or cancelled before the event was processed: it stays served (it was never queued to withdraw from).
    const i = early.indexOf(task);
    if (i >= 0) early.splice(i, 1);
  }

  private stopListening(): void {
    if (!this.listening) return;
    this.listening = false;
    this.task.removeFinishListener(this);
  }
}

/** The zero-delay timer that processes an operation served at once (see QueuedOp.servedAtOnce). */
class OpProcessed extends Timer {
  constructor(private readonly op: QueuedOp<unknown>) {
    super();
  }
  fire(): void {
    this.op.processed();
  }
}

/** @internal A queue of waiting operations: FIFO (OpList) or by priority (KeyHeap). */
export interface OpQueue<O> {
  readonly length: number;
  push(op: O): void;
  peek(): O | null;
  remove(op: O): boolean;
  /** The waiting operations, first served first. */
  toArray(): O[];
}

/** @internal An intrusive FIFO of operations; see the file header. */
export class OpList<O extends QueuedOp<unknown>> implements OpQueue<O> {
  private head: O | null = null;
  private tail: O | null = null;
  length = 0;

  /** Appends `op`. Precondition: it is in no list. */
  push(op: O): void {
    op.list = this as unknown as OpList<QueuedOp<unknown>>;
    op.prevOp = this.tail;
    op.nextOp = null;
    if (this.tail === null) this.head = op;
    else this.tail.nextOp = op;
    this.tail = op;
    this.length++;
  }

  /** The oldest op, or null. */
  peek(): O | null {
    return this.head;
  }

  /** Removes `op` if it is in this list; returns whether it was. */
  remove(op: O): boolean {
    if (op.list !== (this as unknown as OpList<QueuedOp<unknown>>)) return false;
    if (op.prevOp === null) this.head = op.nextOp as O | null;
    else op.prevOp.nextOp = op.nextOp;
    if (op.nextOp === null) this.tail = op.prevOp as O | null;
    else op.nextOp.prevOp = op.prevOp;
    op.prevOp = op.nextOp = null;
    op.list = null;
    this.length--;
    return true;
  }

  toArray(): O[] {
    const out: O[] = [];
    for (let op = this.head; op !== null; op = op.nextOp as O | null) out.push(op);
    return out;
  }
}

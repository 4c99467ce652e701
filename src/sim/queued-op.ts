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
 *    waiting before it is processed (cancelled, interrupted) withdraws it:
 *    it leaves the queue at once, and nothing is ever handed to it; if it
 *    was served but its turn had not come (see event.ts), what it took is
 *    given back first (OpHost.takeBack). SimPy would leave the item with an
 *    event nobody waits for; here it goes to the next in line.
 * 2. When the task that made an operation finishes, in any way, its
 *    operations still queued are withdrawn (so an operation that lost an
 *    anyOf and was forgotten does not hold a place, nor later take a slot
 *    or an item nobody will use).
 * 3. Withdrawing is `op.cancel()` (SimPy's `cancel()`); it does nothing to
 *    an operation already served.
 * An operation that was served and processed is never taken back: its task
 * receives the slot or the item even if cancelled right after (the
 * kernel's rule), and gives a slot back with `release`. One served but not
 * yet processed, whose task stops waiting for it, is taken back (rule 1):
 * it is pending and withdrawn again, and never triggers.
 *
 * Why operations are queued when made and not when waited for: that is
 * SimPy's semantics (a request's place in the queue is its arrival time),
 * and it lets `anyOf([res.request(), after(5)])` race a place in the queue
 * against a timer.
 *
 * OpList is the FIFO those operations wait in: intrusive and doubly linked,
 * so that withdrawing from the middle is O(1).
 */
import { UsageError } from "../kernel/api.js";
import type { FinishListener, Scheduler, Task, Waiting } from "../kernel/api.js";
import { BaseEvent, FAILED } from "./event.js";

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
 *
 * @useDeclaredType
 * @category Simulation
 */
export type OpState = (typeof STATE_NAMES)[number];

/** @internal What a QueuedOp is queued on. */
export interface OpHost {
  describe(): string;
  /** The simulation's scheduler, once the host knows it. */
  readonly clock: Scheduler | null;
  /** Takes a QUEUED op out of its queue and marks it withdrawn. */
  withdraw(op: QueuedOp<unknown>): void;
  /**
   * A served op whose task stopped waiting for it (cancelled, interrupted)
   * before it was processed: the task never received it, so what it took
   * goes back (a slot to the next request, an item or an amount to the
   * store or container), and the op is marked withdrawn (no longer a
   * success). A put has done its part (its item is in): it stays served.
   * Nothing is lost.
   */
  takeBack(op: QueuedOp<unknown>): void;
  /**
   * A served op is being processed, before its waiters resume: what SimPy
   * does then (a processed put lets the gets be served, a processed get the
   * puts).
   */
  opProcessed(op: QueuedOp<unknown>): void;
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
 *
 * @category Simulation
 */
export abstract class QueuedOp<V> extends BaseEvent<V> implements FinishListener {
  // Declared, and set in the constructor, for the reason given in BaseEvent.
  /** @internal What the operation is queued on. */
  declare readonly host: OpHost;
  /** The task that made the operation, or null for one made outside any process (setup code). */
  declare readonly task: Task<unknown> | null;
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

  constructor(host: OpHost, task: Task<unknown> | null, time: number, seq: number) {
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
    if (this.task === null) return; // made outside any process: no task's end to withdraw it
    this.listening = true;
    this.task.addFinishListener(this);
  }

  /** @internal The host served it. Precondition: it is out of its queue. */
  serve(value: unknown): void {
    this.stateCode = SERVED;
    this.stopListening();
    this.trigger(true, value);
  }

  /** @internal Processing it lets its host serve the other side first (see OpHost.opProcessed). */
  protected override beforeWaiters(): void {
    this.host.opProcessed(this);
  }

  /**
   * @internal The host could not serve it because user code it runs for
   * it threw (a FilterStore filter): taken out of its queue by the host,
   * it is withdrawn and fails with that error, blamed on its own task, so
   * that the error reaches the process that made it and nobody else.
   * Precondition: it is out of its queue, and was QUEUED.
   */
  refuse(error: unknown): void {
    this.stateCode = WITHDRAWN;
    this.stopListening();
    this.trigger(false, error, this.task);
  }

  /** @internal Its task's scheduler: where it is processed when served outside a run. */
  override get home(): Scheduler | null {
    return this.task === null ? this.host.clock : this.task.scheduler;
  }

  /** @internal The host withdrew it (or took it back: then it is no longer a success). Precondition: it is out of its queue. */
  markWithdrawn(): void {
    if (this.stateCode === SERVED) this.untrigger();
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
    if (task !== this.task) return;
    if (this.stateCode === QUEUED) this.host.withdraw(this);
    else if (this.stateCode === SERVED && this.awaitingTurn) this.host.takeBack(this);
  }

  override tryNow(task: Task<unknown>): V | Waiting {
    // A refused op (see refuse) is withdrawn too, but has an error to give.
    if (this.stateCode === WITHDRAWN && this.status !== FAILED) {
      throw new UsageError(
        `${task.label} waits for ${this.describe()}, which was withdrawn (cancelled, or its task stopped waiting for it); make a new one`,
      );
    }
    return super.tryNow(task);
  }

  private stopListening(): void {
    if (!this.listening) return;
    this.listening = false;
    (this.task as Task<unknown>).removeFinishListener(this);
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

  /** Puts `op` first, before the oldest. Precondition: it is in no list. */
  unshift(op: O): void {
    op.list = this as unknown as OpList<QueuedOp<unknown>>;
    op.prevOp = null;
    op.nextOp = this.head;
    if (this.head === null) this.tail = op;
    else this.head.prevOp = op;
    this.head = op;
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

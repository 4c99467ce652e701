/**
 * WaitQueue: the FIFO list of tasks blocked on a primitive, shared by every
 * primitive in this folder.
 *
 * Invariants: a node is in at most one queue (`node.queue` says which, or
 * null); the queue is doubly linked, so a cancelled waiter leaves it in O(1)
 * from anywhere (the reason it is not an array); order is arrival order, and
 * primitives always serve `first()`, so there is no barging.
 */
import type { Task, Wait } from "../kernel/api.js";

/** Something with a name for traces: the primitive a node waits on. */
export interface Described {
  describe(): string;
}

/**
 * One blocked task in a {@link WaitQueue}. It is also the task's Wait: undo
 * takes it out of its queue, so a cancelled waiter leaves nothing behind.
 *
 * The fields are assigned in the constructor, not with initializers: a node
 * is allocated each time a task parks, and on Node 20 class-field
 * initializers in a class hierarchy (`prev = null` here and more fields in
 * a subclass) made construction over twice as slow as plain assignments.
 */
export class WaitNode implements Wait {
  declare prev: WaitNode | null;
  declare next: WaitNode | null;
  declare queue: WaitQueue<WaitNode> | null;
  /**
   * The waiting task and what it waits on. Fixed while the node is queued;
   * a primitive may reuse a node for another wait once it has left its queue
   * and its task no longer waits on it (channels do; see Channel.park).
   */
  declare task: Task<unknown>;
  declare what: Described;

  constructor(task: Task<unknown>, what: Described) {
    this.task = task;
    this.what = what;
    this.prev = null;
    this.next = null;
    this.queue = null;
  }

  describe(): string {
    return this.what.describe();
  }

  undo(): void {
    if (this.queue !== null) this.queue.remove(this);
  }
}

export class WaitQueue<N extends WaitNode> {
  private head: N | null = null;
  private tail: N | null = null;
  /** Number of waiting nodes. */
  length = 0;

  /** Appends `node`. Precondition: it is in no queue. */
  push(node: N): void {
    node.queue = this as unknown as WaitQueue<WaitNode>;
    node.prev = this.tail;
    node.next = null;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.length++;
  }

  /**
   * Appends `node` and parks its task on it: the node becomes the task's
   * wait, whose undo takes it out of this queue again. For an instruction's
   * enter(). Precondition: the node is in no queue.
   */
  park(node: N): void {
    this.push(node);
    node.task.block(node);
  }

  /** The oldest node, or null. */
  first(): N | null {
    return this.head;
  }

  /** Removes and returns the oldest node, or null when empty. */
  shift(): N | null {
    const node = this.head;
    if (node === null) return null;
    // remove(node) specialised for the head: no membership check, no prev.
    const next = node.next as N | null;
    this.head = next;
    if (next === null) this.tail = null;
    else next.prev = null;
    node.next = null;
    node.queue = null;
    this.length--;
    return node;
  }

  /** Removes `node` if it is in this queue. */
  remove(node: N): void {
    if (node.queue !== (this as unknown as WaitQueue<WaitNode>)) return;
    if (node.prev === null) this.head = node.next as N | null;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev as N | null;
    else node.next.prev = node.prev;
    node.prev = node.next = null;
    node.queue = null;
    this.length--;
  }

  /** The waiting tasks, oldest first (for reports). */
  tasks(): Task<unknown>[] {
    const out: Task<unknown>[] = [];
    for (let n: WaitNode | null = this.head; n !== null; n = n.next) out.push(n.task);
    return out;
  }
}

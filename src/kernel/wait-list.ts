/**
 * WaitList: the FIFO list of tasks parked on a primitive. Every built-in
 * primitive parks its waiters on one, and so can yours: it is the wait list
 * of the one blocking shape (see instruction.ts), as Trio's ParkingLot is.
 *
 * Invariants: a node is in at most one list (`node.list` says which, or
 * null); the list is doubly linked, so a cancelled waiter leaves it in O(1)
 * from anywhere (the reason it is not an array); order is arrival order, and
 * the wake methods serve the oldest first, so there is no barging. A node is
 * its task's Wait while it is listed: cancelling or interrupting the task
 * takes the node out (its undo), so a primitive never sees a cancelled
 * waiter and never hands it anything.
 */
import type { Instruction, Wait } from "./instruction.js";
import type { Scheduler } from "./scheduler.js";
import { InvalidArgumentError, describeValue } from "./errors.js";
import { Task } from "./task.js";

/**
 * Something with a name for traces: what a node waits on.
 *
 * @category Extending
 */
export interface Described {
  /** A short description of the wait, such as `recv(ch#3)`, for `dump()`, traces and deadlock reports. */
  describe(): string;
}

/**
 * One parked task in a {@link WaitList}, and the task's Wait: `undo` takes
 * it out of its list. Subclass it to carry what a waiter brings (a sender's
 * value) and park it with {@link WaitList.park}.
 *
 * The fields are assigned in the constructor, not with initializers: a node
 * is allocated each time a task parks, and on Node 20 class-field
 * initializers in a class hierarchy made construction over twice as slow as
 * plain assignments.
 *
 * @example
 * ```ts
 * class Offer extends WaitNode { constructor(task: Task, what: Described, readonly price: number) { super(task, what); } }
 * ```
 *
 * @category Extending
 */
export class WaitNode implements Wait {
  /** The node before it in its list (older), or null: the list's own links, for the list to maintain. */
  declare prev: WaitNode | null;
  /** The node after it in its list (newer), or null. */
  declare next: WaitNode | null;
  /** The list it is on, or null once it has left it (woken, removed or undone). */
  declare list: WaitList<never, WaitNode> | null;
  /**
   * The waiting task and what it waits on. Fixed while the node is listed;
   * a primitive may reuse a node for another wait once it has left its list
   * and its task no longer waits on it (channels do).
   */
  declare task: Task<unknown>;
  /** What the task waits on (usually the instruction), named in `dump()`, traces and deadlock reports. */
  declare what: Described;

  constructor(task: Task<unknown>, what: Described) {
    // One instanceof per park: a non-Task would otherwise fail later, inside the kernel, as a raw TypeError.
    if (!(task instanceof Task)) throw notATask(task);
    this.task = task;
    this.what = what;
    this.prev = null;
    this.next = null;
    this.list = null;
  }

  describe(): string {
    return this.what.describe();
  }

  undo(): void {
    if (this.list !== null) this.list.remove(this);
  }
}

/** The error for a node made without a Task; it names add() too, which makes its node with the constructor. Out of line: the constructor is hot. */
function notATask(task: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`WaitList.add(task, what) and new WaitNode(task, what) need the Task being parked (the one park(task) receives), but got ${describeValue(task)}`);
}

/**
 * The tasks waiting on a primitive, oldest first. `add` parks a task on it
 * (from an instruction's `park`); `wakeFirst`, `wakeAll` and `failAll` wake
 * them with a value of type `V` or an error. A task cancelled or
 * interrupted while listed leaves the list by itself.
 *
 * A list can also name its primitive for `dump()`, deadlock reports and
 * traces: `new WaitList("latch")` is `latch#N`, N numbered by the scheduler
 * in the order lists are first parked on (the same run after run).
 *
 * @example
 * ```ts
 * class Latch extends Instruction<void> {
 *   private readonly waiters = new WaitList<void>("latch");
 *   constructor(private count: number) { super(); }
 *   describe() { return `${this.waiters.name}.wait()`; }
 *   tryNow() { return this.count === 0 ? undefined : WAIT; }
 *   park(task: Task) { this.waiters.add(task, this); }
 *   countDown() { if (this.count > 0 && --this.count === 0) this.waiters.wakeAll(undefined); }
 * }
 * ```
 *
 * @category Extending
 */
export class WaitList<V = unknown, N extends WaitNode = WaitNode> {
  private head: N | null = null;
  private tail: N | null = null;
  private label: string | null;
  /** Number of waiting tasks. */
  length = 0;

  /**
   * @param prefix what the list's {@link WaitList.name} starts with (`latch` gives `latch#3`);
   *   without one the list is not numbered (a primitive that names itself).
   * @param name a fixed name instead (a user's `name` option), if given.
   */
  constructor(
    private readonly prefix: string | null = null,
    name?: string,
  ) {
    this.label = name ?? null;
  }

  /** The primitive's name: the fixed name, or `<prefix>#N` once a task has parked on it (`<prefix>#?` before). */
  get name(): string {
    return this.label ?? `${this.prefix ?? "wait"}#?`;
  }

  /** Numbers the list from `scheduler` if it has a prefix and no name yet. */
  nameFor(scheduler: Scheduler): void {
    if (this.label === null && this.prefix !== null) this.label = `${this.prefix}#${scheduler.newObjectId()}`;
  }

  /**
   * Parks `task` at the end of the list, waiting on `what` (usually the
   * instruction whose `park` is running: its `describe()` says what the task
   * waits for). Call it from an instruction's `park(task)`. Gives the node,
   * which stays valid until the task is woken or leaves.
   */
  add(task: Task<unknown>, what: Described | Instruction<unknown>): WaitNode {
    const node = new WaitNode(task, what);
    this.park(node as N);
    return node;
  }

  /** Appends a prepared node (a subclass carrying data) and parks its task on it. Precondition: the node is in no list. */
  park(node: N): void {
    node.task.block(node); // first: if block() refuses, nothing is listed
    if (this.label === null) this.nameFor(node.task.scheduler);
    this.push(node);
  }

  /**
   * Wakes the oldest waiter with `value`; false if none waits. The value is
   * its: a wake-up is never taken back, even if the task is cancelled
   * before it runs.
   */
  wakeFirst(value: V): boolean {
    for (let node = this.shift(); node !== null; node = this.shift()) {
      if (node.task.resume(value, node)) return true;
    }
    return false;
  }

  /** Wakes every waiter with `value`, oldest first; gives how many. */
  wakeAll(value: V): number {
    let woken = 0;
    for (let node = this.shift(); node !== null; node = this.shift()) {
      if (node.task.resume(value, node)) woken++;
    }
    return woken;
  }

  /** Wakes every waiter with `error` thrown at its yield, oldest first; gives how many. */
  failAll(error: unknown): number {
    let woken = 0;
    for (let node = this.shift(); node !== null; node = this.shift()) {
      if (node.task.resumeWithError(error, node)) woken++;
    }
    return woken;
  }

  /** Appends `node` without parking its task (for a node whose task parks elsewhere, as a select's). Precondition: it is in no list. */
  push(node: N): void {
    node.list = this as unknown as WaitList<never, WaitNode>;
    node.prev = this.tail;
    node.next = null;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.length++;
  }

  /** The oldest node, or null. */
  first(): N | null {
    return this.head;
  }

  /** The newest node, or null. */
  last(): N | null {
    return this.tail;
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
    node.list = null;
    this.length--;
    return node;
  }

  /**
   * Removes `node` if it is in this list. The node keeps its `next`, so that
   * a pass walking the list that stands on it (waking some nodes while user
   * code may remove others) can go on; push() resets it.
   */
  remove(node: N): void {
    if (node.list !== (this as unknown as WaitList<never, WaitNode>)) return;
    if (node.prev === null) this.head = node.next as N | null;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev as N | null;
    else node.next.prev = node.prev;
    node.prev = null;
    node.list = null;
    this.length--;
  }

  /** The waiting tasks, oldest first (for reports). */
  tasks(): Task<unknown>[] {
    const out: Task<unknown>[] = [];
    for (let n: WaitNode | null = this.head; n !== null; n = n.next) out.push(n.task);
    return out;
  }
}

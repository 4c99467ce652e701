/**
 * Resources (SimPy's Resource, PriorityResource, PreemptiveResource): a
 * number of slots that processes request, use and release. A bank counter,
 * a pump, a repairman.
 *
 * Invariants:
 * - 0 <= count <= capacity, and `count < capacity` only while nobody
 *   waits: a released slot goes straight to the first waiting request
 *   (granted in the same call), never back to a pool a newcomer could take.
 *   So no one barges, and a request granted while its task is ready (not
 *   yet running) keeps the slot;
 * - waiting requests are served FIFO (Resource), or by (priority, arrival
 *   time, preempt-first, arrival order) (PriorityResource and
 *   PreemptiveResource, SimPy's key): lower priority values first, first
 *   come first served among equals;
 * - a request leaves the queue exactly once: granted, or withdrawn (see
 *   queued-op.ts: `req.cancel()`, `release(req)` before it was granted, its
 *   task cancelled or interrupted while waiting for it, or its task
 *   finished). A withdrawn request never holds a slot, so none is lost;
 * - PreemptiveResource: a new request whose key is lower than that of the
 *   holder with the highest key (the least important, most recent user;
 *   the first granted among equal keys, as in SimPy)
 *   takes that holder's slot: the holder's request becomes PREEMPTED (its
 *   release() is then a no-op) and its task gets `task.interrupt(new
 *   Preempted(by, usageSince, resource))`, SimPy's Preempted cause. A task
 *   never preempts itself. A user whose wait completed in that instant (its
 *   task is ready) is told after its step, at the wait where it is then
 *   blocked, and not at all if it released meanwhile: an interrupt
 *   delivered later would reach a process that no longer expects it.
 *
 * Time-weighted statistics (users and queue length), wait times from request
 * to grant, and counts of withdrawn and preempted requests are kept as the
 * resource runs; see `stats()`.
 */
import { InvalidArgumentError, UsageError, describeValue } from "../kernel/api.js";
import type { Coroutine, Operation, Task, Turn } from "../kernel/api.js";
import { callerLabel } from "../sync/primitive.js";
import { KeyHeap } from "./heap.js";
import type { LevelSummary, WaitSummary } from "./monitor.js";
import { SimPrimitive, checkCapacity } from "./primitive.js";
import type { MonitorOptions } from "./primitive.js";
import { OpList, QueuedOp } from "./queued-op.js";
import * as queuedOpModule from "./queued-op.js";
import type { OpHost, OpQueue } from "./queued-op.js";
import * as api from "../kernel/api.js";

// Bound once (as in primitive.ts): in tsc's CommonJS output a re-exported
// function is read through a getter at each call, and every trigger asks.
const activeScheduler = api.activeScheduler;

// Bound as local consts: imported bindings compile to reads of the other
// module's `exports` (see event.ts), and release() switches on them.
const { PREEMPTED, QUEUED, RELEASED, SERVED } = queuedOpModule;

/**
 * Misuse of a resource: releasing a request twice, or one of another
 * resource, or releasing without a request while holding no slot. The
 * resource is unchanged when it is thrown.
 *
 * @example
 * ```ts
 * try { counter.release(req); } catch (e) { if (e instanceof ResourceError) console.error(e.message); }
 * ```
 *
 * @category Simulation
 */
export class ResourceError extends UsageError {}

/**
 * A request refused because the resource's queue is full (its `maxQueue`
 * option, SimPy's `put_queue.maxlen`). Nothing was queued: the resource
 * is unchanged when it is thrown.
 *
 * @example
 * ```ts
 * try { desk.request(); } catch (e) { if (e instanceof QueueFullError) turnedAway++; }
 * ```
 *
 * @category Simulation
 */
export class QueueFullError extends ResourceError {}

/**
 * Options of a {@link Resource} (and its priority and preemptive kinds).
 *
 * @example
 * ```ts
 * const desk = new Resource(1, { name: "desk", maxQueue: 5 }); // a sixth waiting request is refused
 * ```
 *
 * @category Simulation
 */
export interface ResourceOptions extends MonitorOptions {
  /**
   * The most requests that may wait (default Infinity). A request that
   * would wait beyond it throws {@link QueueFullError} (SimPy's queue
   * `maxlen`); one granted at once never waits, so it always goes.
   */
  maxQueue?: number;
}

/**
 * A request for one slot of a resource: an event that succeeds (with the
 * request itself) when the slot is granted. Made by `resource.request()`.
 *
 * @example
 * ```ts
 * const req = counter.request();
 * yield* req;              // granted
 * try { yield* sleep(5); } finally { counter.release(req); }
 * ```
 *
 * @category Simulation
 */
export class Request extends QueuedOp<Request> {
  // Declared, and set in the constructor, for the reason given in BaseEvent.
  /** Lower values are served first (0 for a plain Resource). */
  declare readonly priority: number;
  /** Whether this request may preempt a less important user (PreemptiveResource). */
  declare readonly preempt: boolean;
  /** When the slot was granted (SimPy's `usage_since`); NaN until then. */
  declare usageSince: number;

  /** @internal Made by a resource. */
  constructor(resource: Resource, task: Task<unknown> | null, time: number, seq: number, priority: number, preempt: boolean) {
    super(resource, task, time, seq);
    this.priority = priority;
    this.preempt = preempt;
    this.usageSince = NaN;
  }

  /** The resource requested. */
  get resource(): Resource {
    return this.host as Resource;
  }

  describe(): string {
    return this.resource instanceof PriorityResource
      ? `request(${this.resource.describe()}, priority ${this.priority})`
      : `request(${this.resource.describe()})`;
  }
}

/** Removes `req` from `holders`, keeping the order (no allocation, unlike splice). Precondition: it is there. */
function removeHolder(holders: Request[], req: Request): void {
  // The last holder leaves without a search: with one slot it is the only
  // one. Popping it keeps the grant order of the others, as the loop does.
  if (holders[holders.length - 1] === req) {
    holders.pop();
    return;
  }
  let i = holders.indexOf(req);
  for (const last = holders.length - 1; i < last; i++) holders[i] = holders[i + 1] as Request;
  holders.pop();
}

/** SimPy's request key: (priority, time, preempt first, arrival order). */
function requestBefore(a: Request, b: Request): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.time !== b.time) return a.time < b.time;
  if (a.preempt !== b.preempt) return a.preempt;
  return a.seq < b.seq;
}

/** SimPy's key itself, (priority, time, preempt first), without the arrival order: false for equal keys. */
function keyBefore(a: Request, b: Request): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.time !== b.time) return a.time < b.time;
  return a.preempt && !b.preempt;
}

/**
 * The cause of the Interrupt a preempted user receives from a
 * {@link PreemptiveResource}: who took the slot, and since when the user
 * had held it (SimPy's Preempted).
 *
 * @example
 * ```ts
 * try { yield* sleep(jobLeft); } catch (e) {
 *   if (!(e instanceof Interrupt) || !(e.cause instanceof Preempted)) throw e;
 *   jobLeft -= (yield* now()) - e.cause.usageSince;
 * }
 * ```
 *
 * @category Simulation
 */
export class Preempted {
  constructor(
    /** The task whose request took the slot (null for a request made outside any process). */
    readonly by: Task<unknown> | null,
    /** When the preempted request had been granted. */
    readonly usageSince: number,
    /** The resource. */
    readonly resource: PreemptiveResource,
    /** The preempted request (now in state "preempted"; releasing it does nothing). */
    readonly request: Request,
  ) {}

  /** Says who was preempted from what, by whom, and since when it was held. */
  toString(): string {
    return `preempted from ${this.resource.describe()} by ${this.by === null ? "a request made outside any process" : this.by.label} (held since t=${this.usageSince})`;
  }
}

/**
 * A snapshot of a resource and its statistics over the current window (since
 * its first use, or the last `resetStats()`).
 *
 * @example
 * ```ts
 * const s = counter.stats();
 * console.log(s.utilisation, s.queue.mean, s.wait.mean);
 * ```
 *
 * @category Simulation
 */
export interface ResourceStats {
  /** The resource's name: its `name` option or `resource#N`. */
  name: string;
  /** How many slots it has. */
  capacity: number;
  /** Slots held now. */
  count: number;
  /** Requests waiting now. */
  queueLength: number;
  /** Start of the statistics window. */
  since: number;
  /** Length of the window. */
  elapsed: number;
  /** Time-weighted mean fraction of the slots in use (`busy.mean / capacity`). */
  utilisation: number;
  /** Slots in use over time. */
  busy: LevelSummary;
  /** Waiting requests over time. */
  queue: LevelSummary;
  /** Requests made in the window. */
  requests: number;
  /** Requests withdrawn before being granted (reneged, cancelled, interrupted). */
  withdrawn: number;
  /** Users preempted (PreemptiveResource). */
  preempted: number;
  /** Time from request to grant, over the requests granted in the window. */
  wait: WaitSummary;
}

/**
 * A resource with `capacity` slots, requests served first come, first
 * served (SimPy's Resource).
 *
 * @example
 * ```ts
 * const counter = new Resource(1);
 * function* customer(name: string) {
 *   yield* counter.use(function* () { yield* sleep(5); }); // waits its turn, releases on every exit
 * }
 * ```
 *
 * @category Simulation
 */
export class Resource extends SimPrimitive implements OpHost, Turn {
  /** The number of slots. */
  readonly capacity: number;
  /** The most requests that may wait (the `maxQueue` option). */
  readonly maxQueue: number;
  /** @internal Granted requests, in grant order. */
  readonly holders: Request[] = [];
  /** @internal Requests waiting for a slot. */
  readonly waiting: OpQueue<Request>;
  private seq = 0;
  private readonly busySeries = this.track(0);
  private readonly queueSeries = this.track(0);
  private readonly waits = this.tally();
  private requestCount = 0;
  private withdrawnCount = 0;
  /** @internal */ preemptedCount = 0;

  /**
   * A resource with `capacity` slots (default 1). Throws
   * InvalidArgumentError unless `capacity` is an integer >= 1 or Infinity.
   *
   * @example
   * ```ts
   * const pumps = new Resource(2, { name: "pumps" });
   * ```
   */
  constructor(capacity = 1, options: ResourceOptions = {}) {
    const what = `new ${new.target.name}(${describeValue(capacity)})`;
    super("res", options, what);
    this.capacity = checkCapacity(what, capacity, true);
    const maxQueue: unknown = options.maxQueue === undefined ? Infinity : options.maxQueue;
    if (typeof maxQueue !== "number" || !(maxQueue === Infinity || (Number.isInteger(maxQueue) && maxQueue >= 0))) {
      throw new InvalidArgumentError(`${what}: the maxQueue option must be an integer >= 0 (or Infinity, the default), not ${describeValue(maxQueue)}`);
    }
    this.maxQueue = maxQueue;
    this.waiting = this.makeQueue();
  }

  /** @internal The queue waiting requests are kept in. */
  protected makeQueue(): OpQueue<Request> {
    return new OpList<Request>();
  }

  /** Slots held now (SimPy's `count`). */
  get count(): number {
    return this.holders.length;
  }

  /** Requests waiting now. */
  get queueLength(): number {
    return this.waiting.length;
  }

  /** The requests waiting, first to be served first (a copy; SimPy's `queue`). */
  get queue(): Request[] {
    return this.waiting.toArray();
  }

  /** The granted requests, in grant order (a copy; SimPy's `users`). */
  get users(): Request[] {
    return this.holders.slice();
  }

  /**
   * Requests a slot: the request joins the queue now and is granted when
   * its turn comes (at once if a slot is free and nobody waits). Wait for
   * the grant with `yield* req`; give the slot back with `release(req)`.
   * Must be called inside a process. Prefer {@link Resource.use}, which
   * releases on every exit path.
   *
   * @example
   * ```ts
   * const req = counter.request();
   * yield* req;
   * try { yield* sleep(serviceTime); } finally { counter.release(req); }
   * ```
   */
  request(): Request {
    return this.makeRequest("request()", 0, false);
  }

  /**
   * Gives a slot back: the granted `request`'s slot goes to the first
   * waiting request, if any (granted now), else becomes free. A request
   * still waiting is withdrawn instead (SimPy's cancel), and one withdrawn
   * or preempted holds nothing, so releasing it does nothing. Without an
   * argument, releases the most recent slot the calling task holds. Throws
   * ResourceError for a request released twice or made on another resource.
   *
   * @example
   * ```ts
   * counter.release(req);
   * ```
   */
  release(request?: Request): void {
    const req = request === undefined ? this.heldByCaller() : request;
    if (!(req instanceof Request) || req.resource !== this) {
      throw new ResourceError(
        `${callerLabel(this.caller())} released ${req instanceof Request ? req.describe() : describeValue(req)} on ${this.describe()}, which did not grant it; release a request on the resource that made it`,
      );
    }
    switch (req.stateCode) {
      case QUEUED:
        this.withdraw(req);
        return;
      case SERVED: {
        removeHolder(this.holders, req);
        req.stateCode = RELEASED;
        this.handOn();
        return;
      }
      case RELEASED:
        throw new ResourceError(
          `${callerLabel(this.caller())} released ${req.describe()} of ${req.task === null ? "setup code" : req.task.label} twice; release each granted request exactly once (use() does it for you)`,
        );
      default:
        // Withdrawn or preempted: it holds nothing. A preempted user that
        // releases has let go: a notice still due (see PreemptiveResource) is dropped.
        this.letGo(req);
        return;
    }
  }

  /** @internal A preempted or withdrawn request was released (see PreemptiveResource). */
  protected letGo(_req: Request): void {}

  /** @internal See OpHost.takeBack: the slot of a grant its task never received goes to the next request. */
  takeBack(op: QueuedOp<unknown>): void {
    const req = op as Request;
    removeHolder(this.holders, req);
    this.waits.remove(req.usageSince - req.time);
    req.markWithdrawn();
    this.withdrawnCount++;
    this.handOn();
  }

  /** A slot was freed: it goes to the first waiting request when the release is processed. */
  private handOn(): void {
    // SimPy's release is an event, and the slot goes to the first
    // waiting request when that event is processed: at the back of the
    // instant's queue, not at once (a request made meanwhile finds the
    // slot free, and the first waiting one takes it then). With nobody
    // waiting there is nothing to hand on, so no turn. The level is
    // logged once the slot has been handed on, so that a slot passed
    // straight to a waiter is not logged as a drop and a rise at the
    // same instant.
    const scheduler = this.waiting.length === 0 ? null : (activeScheduler() ?? this.clock);
    if (scheduler === null) this.takeTurn();
    else scheduler.queueTurn(this);
  }

  /**
   * Runs `body` holding a slot: requests one, waits for it, runs the body
   * (an operation, or a function given the granted request), and releases
   * the slot on every exit path: return, error, cancellation, interrupt
   * (including preemption). If the task is cancelled or interrupted while
   * still waiting, the request leaves the queue. Gives the body's result.
   *
   * @example
   * ```ts
   * const receipt = yield* counter.use(function* (req) {
   *   yield* sleep(4);
   *   return `served since t=${req.usageSince}`;
   * });
   * ```
   */
  *use<T>(body: Operation<T> | ((request: Request) => Operation<T>)): Coroutine<T> {
    // The request is made here, when the task runs this line, so that it
    // belongs to the task that waits for it.
    return yield* this.useWith(this.makeRequest("use()", 0, false), body);
  }

  /**
   * A snapshot of the resource and its statistics over the current window
   * (see {@link ResourceStats}).
   *
   * @example
   * ```ts
   * const { utilisation, queue, wait } = counter.stats();
   * console.log(`busy ${(utilisation * 100).toFixed(1)}%, mean queue ${queue.mean.toFixed(2)}, mean wait ${wait.mean.toFixed(2)}`);
   * ```
   */
  stats(): ResourceStats {
    const now = this.now();
    const busy = this.busySeries.summary(now);
    return {
      name: this.describe(),
      capacity: this.capacity,
      count: this.holders.length,
      queueLength: this.waiting.length,
      since: this.windowStart,
      elapsed: now - this.windowStart,
      utilisation: busy.mean / this.capacity,
      busy,
      queue: this.queueSeries.summary(now),
      requests: this.requestCount,
      withdrawn: this.withdrawnCount,
      preempted: this.preemptedCount,
      wait: this.waits.summary(),
    };
  }

  /**
   * Every change of the number of slots in use, as `[time, users]`, from the
   * first use on. Throws UsageError unless the resource was created with
   * `{ log: true }`.
   *
   * @example
   * ```ts
   * const pumps = new Resource(2, { log: true }); // ... run ...
   * plot(pumps.levelLog());
   * ```
   */
  levelLog(): [number, number][] {
    return logOf(this, this.busySeries.log);
  }

  /**
   * Every change of the queue length, as `[time, waiting]`. Throws
   * UsageError unless the resource was created with `{ log: true }`.
   *
   * @example
   * ```ts
   * plot(counter.queueLog());
   * ```
   */
  queueLog(): [number, number][] {
    return logOf(this, this.queueSeries.log);
  }

  /**
   * Every granted request's wait (from request to grant, 0 for those served
   * at once), in grant order, across statistics windows. Throws UsageError
   * unless the resource was created with `{ log: true }`.
   *
   * @example
   * ```ts
   * const counter = new Resource(1, { log: true, sim }); // ... run ...
   * histogramSvg(counter.waitLog(), { xLabel: "wait" });
   * ```
   */
  waitLog(): number[] {
    return copyOf(this, this.waits.log);
  }

  /** @internal The task calling a plain method, or null outside any task (for error messages). */
  callerTask(): Task<unknown> | null {
    return this.caller();
  }

  /** @internal Takes a waiting request out of the queue (see queued-op.ts). */
  withdraw(op: QueuedOp<unknown>): void {
    const req = op as Request;
    if (!this.waiting.remove(req)) return;
    req.markWithdrawn();
    this.withdrawnCount++;
    this.queueSeries.set(this.now(), this.waiting.length);
    this.dispatch(false);
  }

  /** @internal A release's turn has come (see release): the freed slots go to the waiting requests. */
  takeTurn(): void {
    this.dispatch(false);
    this.busySeries.set(this.now(), this.holders.length);
  }

  /** @internal See OpHost.opProcessed: nothing to do (SimPy's request callback serves releases, which are not events here; a release hands its slot on at a turn of its own). */
  opProcessed(): void {}

  /** @internal Makes a request for the calling task and queues (or grants) it. */
  protected makeRequest(what: string, priority: number, preempt: boolean): Request {
    const task = this.callingTask(what);
    const now = this.now();
    const grantable = this.waiting.length === 0 && this.holders.length < this.capacity;
    if (!grantable && this.waiting.length >= this.maxQueue) {
      throw new QueueFullError(
        `${callerLabel(task)} called ${what} on ${this.describe()}, whose queue is full (${this.waiting.length} waiting, maxQueue ${this.maxQueue}); the request was not made. Catch QueueFullError to turn the customer away, or raise maxQueue`,
      );
    }
    const req = new Request(this, task, now, this.seq++, priority, preempt);
    this.requestCount++;
    if (grantable) {
      this.grant(req, now);
      return req;
    }
    this.waiting.push(req);
    this.queueSeries.set(now, this.waiting.length);
    req.markQueued();
    this.dispatch(true);
    return req;
  }

  /** @internal The body of use(), for a request already made. */
  protected *useWith<T>(req: Request, body: Operation<T> | ((request: Request) => Operation<T>)): Coroutine<T> {
    try {
      // Waiting directly: a cancel or interrupt here withdraws the request.
      yield req;
      return yield* typeof body === "function" ? body(req) : body;
    } finally {
      // Released by the body already, or withdrawn: nothing to give back.
      // Preempted: nothing either, but the release says the user has let go.
      if (req.stateCode === SERVED || req.stateCode === QUEUED || req.stateCode === PREEMPTED) this.release(req);
    }
  }

  /**
   * Grants the first waiting request if a slot is free (or, when
   * `mayPreempt`, can be taken by preemption): one request per call, as
   * SimPy's resource does (each processed release, each new request tries
   * the head of the queue once). Every slot freed comes with a call of its
   * own (a release's turn, a take-back), so none is left idle while a
   * request waits.
   */
  private dispatch(mayPreempt: boolean): void {
    const waiting = this.waiting;
    const head = waiting.peek();
    if (head === null) return;
    if (this.holders.length >= this.capacity && !(mayPreempt && this.makeRoomFor(head))) return;
    const now = this.now();
    waiting.remove(head);
    this.queueSeries.set(now, waiting.length);
    this.grant(head, now);
  }


  /** @internal Frees a slot for `head` by preemption, if the resource does that; returns whether it did. */
  protected makeRoomFor(_head: Request): boolean {
    return false;
  }

  /** @internal Removes a preempted holder; the grant that follows records the count. */
  protected evict(victim: Request): void {
    removeHolder(this.holders, victim);
    victim.stateCode = PREEMPTED;
    this.preemptedCount++;
  }

  private grant(req: Request, now: number): void {
    this.holders.push(req);
    req.usageSince = now;
    this.waits.add(now - req.time);
    this.busySeries.set(now, this.holders.length);
    req.serve(req);
  }

  /** The most recent slot held by the calling task, for release() without an argument. */
  private heldByCaller(): Request {
    const task = this.caller();
    for (let i = this.holders.length - 1; i >= 0; i--) {
      const held = this.holders[i] as Request;
      if (held.task === task) return held;
    }
    throw new ResourceError(
      `${callerLabel(task)} called release() on ${this.describe()} but holds no slot of it; pass the request to release (counter.release(req)), from any task`,
    );
  }

  /** Forgets the counters and wait tallies, for a new statistics window (see resetStats()). */
  protected resetCounts(): void {
    this.waits.reset();
    this.requestCount = this.withdrawnCount = this.preemptedCount = 0;
  }
}

/**
 * Options of a request on a {@link PriorityResource}.
 *
 * @example
 * ```ts
 * const req = doctor.request({ priority: 0 }); // emergencies first
 * ```
 *
 * @category Simulation
 */
export interface PriorityRequestOptions {
  /** Lower values are served first; first come, first served among equals (default 0). */
  priority?: number;
}

/**
 * A resource whose waiting requests are served by priority: lower values
 * first, first come, first served among equals (SimPy's PriorityResource).
 * A holder keeps its slot whatever arrives; see {@link PreemptiveResource}
 * for the other policy.
 *
 * @example
 * ```ts
 * const doctor = new PriorityResource(1);
 * yield* doctor.use(treat(patient), { priority: patient.severity });
 * ```
 *
 * @category Simulation
 */
export class PriorityResource extends Resource {
  protected override makeQueue(): OpQueue<Request> {
    return new KeyHeap<Request>(requestBefore);
  }

  /**
   * Requests a slot with a priority (lower first; default 0). See
   * {@link Resource.request}.
   *
   * @example
   * ```ts
   * const req = doctor.request({ priority: 2 });
   * ```
   */
  override request(options: PriorityRequestOptions = {}): Request {
    return this.makeRequest("request()", checkPriority(this, options.priority), true);
  }

  /**
   * {@link Resource.use} with a priority for the request.
   *
   * @example
   * ```ts
   * yield* doctor.use(treat(p), { priority: 1 });
   * ```
   */
  override *use<T>(body: Operation<T> | ((request: Request) => Operation<T>), options: PriorityRequestOptions = {}): Coroutine<T> {
    return yield* this.useWith(this.makeRequest("use()", checkPriority(this, options.priority), true), body);
  }
}

/**
 * Options of a request on a {@link PreemptiveResource}.
 *
 * @example
 * ```ts
 * const req = repairman.request({ priority: 1, preempt: true });
 * ```
 *
 * @category Simulation
 */
export interface PreemptiveRequestOptions extends PriorityRequestOptions {
  /** Whether the request may take the slot of a less important user (default true). */
  preempt?: boolean;
}

/**
 * A priority resource where a request more important than a current user
 * takes that user's slot (SimPy's PreemptiveResource): the user's task is
 * interrupted with an Interrupt whose `cause` is a {@link Preempted} (by
 * whom, since when). The victim is the holder with the highest (priority,
 * request time) key; a request preempts only if its own key is lower, so
 * equal priorities never preempt each other.
 *
 * @example
 * ```ts
 * const repairman = new PreemptiveResource(1);
 * // a broken machine: repairman.request({ priority: 1 }) preempts the
 * // repairman's other jobs, which request with { priority: 2 }.
 * ```
 *
 * @category Simulation
 */
export class PreemptiveResource extends PriorityResource {
  /** Preempted requests whose users are to be told after their current step (see makeRoomFor). */
  private readonly noticesDue = new Set<Request>();

  /**
   * Requests a slot; with `preempt` (the default) a more important request
   * takes a less important user's slot at once. See {@link Resource.request}.
   *
   * @example
   * ```ts
   * const req = repairman.request({ priority: 1 });
   * ```
   */
  override request(options: PreemptiveRequestOptions = {}): Request {
    return this.makeRequest("request()", checkPriority(this, options.priority), options.preempt !== false);
  }

  /**
   * {@link Resource.use} with a priority (and `preempt`) for the request.
   * If this user is preempted, the Interrupt surfaces in `body`; if the
   * body does not catch it, it leaves use() (the slot is already gone).
   *
   * @example
   * ```ts
   * yield* repairman.use(repair(machine), { priority: 1 });
   * ```
   */
  override *use<T>(body: Operation<T> | ((request: Request) => Operation<T>), options: PreemptiveRequestOptions = {}): Coroutine<T> {
    return yield* this.useWith(this.makeRequest("use()", checkPriority(this, options.priority), options.preempt !== false), body);
  }

  protected override makeRoomFor(head: Request): boolean {
    if (!head.preempt) return false;
    // The task running now cannot be interrupted by the kernel (nor would
    // preempting oneself make sense), so neither it nor the requester is a victim.
    const running = this.clock === null ? null : this.clock.current;
    let victim: Request | null = null;
    for (const user of this.holders) {
      if (user.task === head.task || user.task === running) continue;
      // Strictly greater only: among users of equal key, the first granted
      // (holders are in grant order) is the victim, as SimPy's max() picks.
      if (victim === null || keyBefore(victim, user)) victim = user;
    }
    if (victim === null || !requestBefore(head, victim)) return false;
    this.evict(victim);
    // A user that made its request outside any process has no task to tell.
    const task = victim.task;
    if (task === null || task.isFinished) return true;
    const cause = new Preempted(head.task, victim.usageSince, this, victim);
    if (task.state === "blocked") {
      task.interrupt(cause);
      return true;
    }
    // Its wait has completed in this instant, so it is about to run on; an
    // interrupt now would only reach its next wait, perhaps after it has
    // released, where nothing expects it (SimPy's interrupt would have
    // come before that completion). It is told after its step instead,
    // unless it lets go meanwhile.
    this.noticesDue.add(victim);
    (activeScheduler() ?? (this.clock as NonNullable<typeof this.clock>)).queueTurn(new PreemptionNotice(this, victim, cause));
    return true;
  }

  /** @internal A preempted user that has not been told yet has released its request: it is not told. */
  protected override letGo(req: Request): void {
    this.noticesDue.delete(req);
  }

  /** @internal A notice's turn: tells the preempted user at the wait where it is blocked now, unless it has let go. */
  tellPreempted(notice: PreemptionNotice): void {
    const victim = notice.victim;
    if (!this.noticesDue.has(victim)) return;
    const task = victim.task as Task<unknown>;
    if (task.state === "ready") {
      // Still on its way (its step made it ready again): after its next step.
      (this.clock as NonNullable<typeof this.clock>).queueTurn(notice);
      return;
    }
    this.noticesDue.delete(victim);
    if (task.state === "blocked") task.interrupt(notice.cause);
  }
}

/** A preemption to tell a user whose wait completed in the instant it was preempted (see PreemptiveResource.makeRoomFor). */
class PreemptionNotice implements Turn {
  constructor(
    private readonly resource: PreemptiveResource,
    readonly victim: Request,
    readonly cause: Preempted,
  ) {}
  takeTurn(): void {
    this.resource.tellPreempted(this);
  }
}

function checkPriority(resource: Resource, priority: unknown): number {
  if (priority === undefined) return 0;
  if (typeof priority !== "number" || Number.isNaN(priority)) {
    throw new InvalidArgumentError(
      `${callerLabel(resource.callerTask())} requested ${resource.describe()} with priority ${describeValue(priority)}; a priority must be a number (lower is served first)`,
    );
  }
  return priority;
}

/** @internal A copy of a wait log, or UsageError if logging is off. */
export function copyOf(primitive: { describe(): string }, log: number[] | null): number[] {
  if (log === null) throw new UsageError(`${primitive.describe()} keeps no log; create it with { log: true } to record its waits`);
  return log.slice();
}

/** @internal A copy of a series' log, or UsageError if logging is off. */
export function logOf(primitive: { describe(): string }, log: [number, number][] | null): [number, number][] {
  if (log === null) throw new UsageError(`${primitive.describe()} keeps no log; create it with { log: true } to record its changes`);
  return log.map(([t, v]): [number, number] => [t, v]);
}

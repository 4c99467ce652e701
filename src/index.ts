/**
 * spindle: a deterministic, generator-based cooperative scheduler. The main
 * entry point: tasks, time, channels and synchronisation, hosts, the
 * simulation layer, the debugging tools and the AbortSignal edges. What
 * only a primitive's author needs (subclassing `Instruction`, `WaitList`,
 * `WAIT`, `Timer`) is in `spindle/extend`; the Promise bridge
 * is `spindle/promise`, the Node-only tools `spindle/node`.
 *
 * @example
 * ```ts
 * import { run, sleep, now } from "spindle";
 * console.log(run(function* () { yield* sleep(100); return yield* now(); })); // 100
 * ```
 *
 * @categoryDescription Tasks
 * Starting, joining and cancelling tasks, task groups, shielding, combinators
 * and task-local values: the structured lifetimes.
 * @categoryDescription Time
 * The scheduler's clock: sleeping, reading the time, yielding, timeouts, and
 * the seeded random numbers that make a run repeatable.
 * @categoryDescription Channels and sync
 * Channels, select and streams, broadcast, and the coordination primitives:
 * semaphores, mutexes, events, conditions, wait groups, barriers, priority queues.
 * @categoryDescription Hosts
 * What runs the scheduler and decides when time passes: the virtual clock
 * (`run`), the frame host for a game loop, the real-time host, and the
 * `Scheduler` for a loop of your own.
 * @categoryDescription Game
 * The toolkit for a frame host's game: time groups, frame phases, tweens
 * and easing functions.
 * @categoryDescription Simulation
 * SimPy-style discrete-event modelling: events, resources, containers,
 * stores, monitoring and random variates.
 * @categoryDescription Debugging
 * Traces, timelines, debug warnings and schedule exploration with replay.
 * @categoryDescription Errors
 * The base error class, the general refusals, and helpers to recognise
 * errors (also from another copy of spindle). Errors that belong to one
 * feature (a timeout, a deadlock, a closed channel) are listed with it.
 * @categoryDescription Edges
 * Where tasks meet the outside world: AbortSignal both ways, and `action()`
 * for callback APIs.
 *
 * @module spindle
 */
export {
  SpindleError,
  InvalidYieldError,
  InvalidArgumentError,
  UsageError,
  TimeoutError,
  CancelledError,
  InternalError,
  Interrupt,
} from "./kernel/errors.js";
export { isSpindleError, isCancellation, isTimeoutError, isInterrupt, isDeadlockError } from "./error-checks.js";
// Instruction, the class every operation is an instance of, is in
// "spindle/extend" with the rest of a primitive author's kit; ordinary code
// annotates with Operation<T> and Coroutine<T>.
export { Sleep } from "./kernel/instructions.js";
export type { Operation, Coroutine } from "./kernel/instruction.js";
export { Task } from "./kernel/task.js";
export type { TaskState } from "./kernel/task.js";
export { Scheduler, taskOfError } from "./kernel/scheduler.js";
export { suppressedErrors } from "./kernel/suppressed.js";
export type { SchedulerOptions, Spawnable, UncaughtFailure } from "./kernel/scheduler.js";
export type { DebugOption, DebugWarning, DebugWarningKind } from "./kernel/debug-warnings.js";
export { Random } from "./kernel/random.js";
export type { Tracer, SchedulePolicy } from "./kernel/tracer.js";

export { sleep, now, yieldNow, suspend } from "./ops/time.js";
export { spawn, named, cancel, currentTask } from "./ops/tasks.js";
export { all, race } from "./ops/combinators.js";
export type { ResultOf } from "./ops/combinators.js";
export { timeout } from "./ops/timeout.js";
export { scope, TaskGroup } from "./ops/scope.js";
export { shield } from "./ops/shield.js";
export { createContext } from "./ops/context.js";
export type { Context } from "./ops/context.js";
export { action } from "./ops/action.js";
export type { ActionBody } from "./ops/action.js";
export { random } from "./ops/random.js";

export { run, VirtualHost } from "./hosts/virtual.js";
export type { VirtualOptions } from "./hosts/virtual.js";
export type { Progress, ProgressOptions } from "./hosts/progress.js";
export { FrameHost, nextFrame, waitFrames, waitUntil, waitWhile } from "./hosts/frame.js";
export type { FrameOptions, AdvanceOptions } from "./hosts/frame.js";
export { RealtimeHost } from "./hosts/realtime.js";
export type { RealtimeOptions } from "./hosts/realtime.js";
export { DeadlockError } from "./hosts/deadlock.js";
export type { BlockedTask } from "./hosts/deadlock.js";

// sync: channels
export { channel, Channel, ChannelClosedError, CLOSED, EMPTY, RecvOp, SendOp } from "./sync/channel.js";
export type { Closed, Empty, Overflow, ChannelOptions, ChannelStats } from "./sync/channel.js";
export { select, trySelect } from "./sync/select.js";
export type { SelectCase, Selected, SelectOptions } from "./sync/select.js";
export { stream, map, filter, take, merge, forEach, collect } from "./sync/stream.js";
export type { StreamOptions } from "./sync/stream.js";
export { broadcast, Broadcast, Subscription } from "./sync/broadcast.js";
export type { BroadcastOptions, Lag } from "./sync/broadcast.js";

// sync: coordination
export type { NamedOptions } from "./sync/primitive.js";
export { semaphore, Semaphore, SemaphoreError } from "./sync/semaphore.js";
export type { SemaphoreOptions, SemaphoreStats } from "./sync/semaphore.js";
export { mutex, Mutex, MutexError } from "./sync/mutex.js";
export type { MutexOptions, MutexStats } from "./sync/mutex.js";
export { event, Event } from "./sync/event.js";
export type { EventOptions, EventStats } from "./sync/event.js";
export { condition, Condition } from "./sync/condition.js";
export type { ConditionOptions, ConditionStats } from "./sync/condition.js";
export { waitGroup, WaitGroup, WaitGroupError } from "./sync/wait-group.js";
export type { WaitGroupOptions, WaitGroupStats } from "./sync/wait-group.js";
export { barrier, Barrier } from "./sync/barrier.js";
export type { BarrierOptions, BarrierStats } from "./sync/barrier.js";
export { priorityQueue, PriorityQueue } from "./sync/priority-queue.js";
export type { PriorityQueueOptions, PriorityQueueStats } from "./sync/priority-queue.js";

// edges: AbortSignal, both ways (Promise interop is in "spindle/promise", Node-only tools in "spindle/node")
export { abortSignal, whenAborted, TaskEndedError } from "./edges/abort.js";
export type { SignalLike, PlatformAbortSignal } from "./edges/abort.js";

// game: time groups, frame phases, tweens, easing
export * from "./game/index.js";

// sim: SimPy-style discrete-event modelling
export * from "./sim/index.js";

// debug: trace, timeline, exploration
export { TraceRecorder } from "./debug/trace.js";
export type { TraceEvent, TraceKind, TaskStats, SlowStep, TraceOptions } from "./debug/trace.js";
export { toChromeTrace } from "./debug/chrome.js";
export type { ChromeTraceEvent, ChromeTraceOptions } from "./debug/chrome.js";
export { timelineHtml } from "./debug/timeline.js";
export type { TimelineOptions } from "./debug/timeline.js";
export { explore, replay, randomPolicy, pctPolicy, runSeed } from "./debug/explore.js";
export type { ExploreOptions, ExploreResult, ReplayOptions, ReplayResult, Strategy } from "./debug/explore.js";

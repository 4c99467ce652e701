/**
 * spindle/sim: SimPy-style discrete-event modelling on spindle's kernel.
 * Everything here is built on the kernel's public low-level interface
 * (kernel/api.ts), as a user's own primitive would be.
 */
import "./exemplars.js";
export { Simulation, startProcess } from "./simulation.js";
export type { SimulationOptions } from "./simulation.js";
export { BaseEvent, SimEvent, Delay, simEvent, after } from "./event.js";
export type { EventSubscriber, SimEventOptions, Waitable, ValueOf } from "./event.js";
export { ConditionEvent, ConditionValue, allOf, anyOf } from "./condition.js";
export { QueuedOp } from "./queued-op.js";
export type { OpState } from "./queued-op.js";
export { Resource, PriorityResource, PreemptiveResource, Request, Preempted, ResourceError, QueueFullError } from "./resource.js";
export type { ResourceStats, ResourceOptions, PriorityRequestOptions, PreemptiveRequestOptions } from "./resource.js";
export { Container, ContainerPut, ContainerGet } from "./container.js";
export type { ContainerStats } from "./container.js";
export { StoreBase, Store, FilterStore, PriorityStore, StorePut, StoreGet } from "./store.js";
export type { StoreStats } from "./store.js";
export type { PutGetStats } from "./put-get.js";
export type { MonitorOptions } from "./primitive.js";
export { TimeWeighted, WaitTally } from "./monitor.js";
export type { LevelSummary, WaitSummary } from "./monitor.js";
export { sample, randomSource, uniform, uniformInt, exponential, normal, triangular, choice } from "./variates.js";
export * from "./charts/index.js";

/**
 * The part of js-csp 1.x the benchmarks use (the package ships no types).
 * See node_modules/js-csp/lib/latest for the source these describe.
 */
declare module "js-csp" {
  /** A channel; `go` returns one that receives the process's return value. */
  export interface Channel {
    readonly closed: boolean;
  }
  /** An instruction a process yields to take from a channel. */
  export interface TakeInstruction {
    readonly channel: Channel;
  }
  /** Starts a process (a generator run by js-csp's dispatcher); gives the channel of its result. */
  export function go<A extends unknown[]>(f: (...args: A) => Generator<unknown, unknown, unknown>, args?: A): Channel;
  /** An unbuffered (0 / omitted) or fixed-size buffered channel. */
  export function chan(buffer?: number): Channel;
  export function take(channel: Channel): TakeInstruction;
  /** Takes from outside a process: calls `callback` with the value. */
  export function takeAsync(channel: Channel, callback: (value: unknown) => void): void;
}

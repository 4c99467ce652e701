/**
 * Task-local values: what a task sets, it and the children it spawns
 * afterwards see; its parent and earlier children do not.
 */
import type { Coroutine, Instruction, Operation } from "../kernel/instruction.js";
import { InvalidArgumentError, describeValue } from "../kernel/errors.js";
import { ContextGet, ContextSet } from "../kernel/instructions.js";

/**
 * A typed task-local value, created by {@link createContext}.
 *
 * @example
 * ```ts
 * const RequestId = createContext<string>("requestId", "none");
 * yield* RequestId.set("r-42");
 * const id = yield* RequestId.get(); // "r-42", in this task and in children spawned from now on
 * ```
 *
 * @category Tasks
 */
export interface Context<T> {
  /** The name given to {@link createContext}, for messages. */
  readonly name: string;
  /** The value seen by the current task (the default if nobody set it). */
  get(): Instruction<T>;
  /** Sets the value for the current task and the children it spawns afterwards. */
  set(value: T): Instruction<void>;
  /** Runs `operation` with the value set, then restores the previous one. */
  with<R>(value: T, operation: Operation<R>): Coroutine<R>;
}

/**
 * Creates a task-local value with a default.
 *
 * @example
 * ```ts
 * const Logger = createContext<(msg: string) => void>("logger", console.log);
 * function* work() { const log = yield* Logger.get(); log("working"); }
 * ```
 *
 * @category Tasks
 */
export function createContext<T>(name: string, defaultValue: T): Context<T> {
  if (typeof name !== "string") {
    throw new InvalidArgumentError(`createContext() needs a string that names the value as its first argument, as in createContext("requestId", "none"), not ${describeValue(name)}`);
  }
  const key = {};
  const get = new ContextGet<T>(key, defaultValue, name);
  return {
    name,
    get: () => get,
    set: (value: T) => new ContextSet(key, value, name),
    *with<R>(value: T, operation: Operation<R>): Coroutine<R> {
      if (operation === null || typeof operation !== "object" || typeof operation[Symbol.iterator] !== "function") {
        throw new InvalidArgumentError(`${name}.with() needs an operation (a generator, an instruction or a task) as its second argument, not ${describeValue(operation)}`);
      }
      const previous = yield* get;
      yield* new ContextSet(key, value, name);
      try {
        return yield* operation;
      } finally {
        yield* new ContextSet(key, previous, name);
      }
    },
  };
}

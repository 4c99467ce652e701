/**
 * Process communication: a port of SimPy's process_communication example.
 *
 * Covers: Store, allOf.
 *
 * Model elements connected by pipes: a Store for one-to-one (and
 * many-to-one) communication, and for one-to-many a small BroadcastPipe
 * built from one Store per receiver. Messages carry the time they were
 * sent, so a consumer can tell when it picked one up late (it was busy
 * when the message arrived).
 *
 * Run it: `npx tsx examples/sim/process-communication.ts [seed]` (default 42).
 * The times differ from SimPy's recorded output: spindle's seeded
 * generator (sfc32) is not Python's; the model is the same.
 */
import { UsageError, now, sleep } from "spindle";
import type { Coroutine } from "spindle";
import { Simulation, Store, allOf, uniformInt } from "spindle";
import type { ConditionEvent } from "spindle";

const RANDOM_SEED = 42;
const SIM_TIME = 100;

type Message = [sentAt: number, text: string];

/** Anything a generator can send into. */
interface Pipe {
  put(message: Message): unknown;
}

/** One sender, many receivers: each receiver gets its own Store, and a put goes to all of them. */
class BroadcastPipe implements Pipe {
  private readonly pipes: Store<Message>[] = [];
  constructor(private readonly capacity = Infinity) {}

  /** Sends `message` to every receiver; the condition succeeds when all have taken it in. */
  put(message: Message): ConditionEvent<void[]> {
    if (this.pipes.length === 0) throw new UsageError("BroadcastPipe.put(): there are no output pipes; call outputConnection() first");
    return allOf(this.pipes.map((pipe) => pipe.put(message)));
  }

  /** A new receiving end. */
  outputConnection(): Store<Message> {
    const pipe = new Store<Message>(this.capacity);
    this.pipes.push(pipe);
    return pipe;
  }
}

/** Sends a time-stamped message every 6 to 10 time units. */
function* messageGenerator(name: string, outPipe: Pipe): Coroutine<void> {
  for (;;) {
    yield* sleep(yield* uniformInt(6, 10));
    const t = yield* now();
    outPipe.put([t, `${name} says hello at ${t}`]); // not waited for: the pipe is unbounded
  }
}

/** Takes messages; busy 4 to 8 time units after each, so some are picked up late. */
function* messageConsumer(out: string[], name: string, inPipe: Store<Message>): Coroutine<void> {
  for (;;) {
    const [sentAt, text] = yield* inPipe.get();
    const t = yield* now();
    if (sentAt < t) out.push(`LATE Getting Message: at time ${t}: ${name} received message: ${text}`);
    else out.push(`at time ${t}: ${name} received message: ${text}.`);
    yield* sleep(yield* uniformInt(4, 8));
  }
}

export function main(seed = RANDOM_SEED): string[] {
  const out = ["Process communication"];

  // One-to-one (or many-to-one): a Store.
  const sim = new Simulation({ seed });
  const pipe = new Store<Message>();
  sim.process(messageGenerator, "Generator A", pipe);
  sim.process(messageConsumer, out, "Consumer A", pipe);
  out.push("", "One-to-one pipe communication", "");
  sim.runUntil(SIM_TIME);

  // One-to-many: a BroadcastPipe (it also does one-to-one, many-to-one and many-to-many).
  const sim2 = new Simulation({ seed });
  const bcPipe = new BroadcastPipe();
  sim2.process(messageGenerator, "Generator A", bcPipe);
  sim2.process(messageConsumer, out, "Consumer A", bcPipe.outputConnection());
  sim2.process(messageConsumer, out, "Consumer B", bcPipe.outputConnection());
  out.push("", "One-to-many pipe communication", "");
  sim2.runUntil(SIM_TIME);
  return out;
}

if (require.main === module) for (const line of main(process.argv[2] === undefined ? RANDOM_SEED : Number(process.argv[2]))) console.log(line);

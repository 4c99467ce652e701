/**
 * asyncio tour §13.2, "Service Actor Pattern": a service that holds state.
 * The tour's actor is an object with async methods. Here it is an actor proper:
 * a task that owns the state and handles messages from a mailbox one at a time,
 * so no two requests ever interleave on its state; callers send a message and
 * wait for the reply on a one-slot channel.
 */
import { CLOSED, channel, run, spawn } from "spindle";
import type { Channel, Coroutine } from "spindle";

type Message = { op: "increment" | "decrement"; reply: Channel<number> };

class ServiceActor {
  private readonly mailbox = channel<Message>("unbounded");

  /** The actor's own task: the only code that touches `state`. */
  *serve(): Coroutine<void> {
    let state = 0;
    for (;;) {
      const msg = yield* this.mailbox.recv();
      if (msg === CLOSED) return;
      if (msg.op === "increment") {
        state += 1;
        console.log(`State incremented to ${state}`);
      } else {
        state -= 1;
        console.log(`State decremented to ${state}`);
      }
      yield* msg.reply.send(state);
    }
  }

  *increment(): Coroutine<number> {
    return yield* this.ask("increment");
  }

  *decrement(): Coroutine<number> {
    return yield* this.ask("decrement");
  }

  stop(): void {
    this.mailbox.close();
  }

  private *ask(op: Message["op"]): Coroutine<number> {
    const reply = channel<number>(1);
    yield* this.mailbox.send({ op, reply });
    const state = yield* reply.recv();
    if (state === CLOSED) throw new Error("the actor stopped");
    return state;
  }
}

function* app(): Coroutine<void> {
  const actor = new ServiceActor();
  const server = yield* spawn(() => actor.serve());
  yield* actor.increment();
  yield* actor.decrement();
  actor.stop();
  yield* server;
}

export function main(): void {
  run(app);
}

if (require.main === module) main();

/**
 * The channel workloads, written once for both places that measure them:
 * the channel group of `npm run bench` (channel-cases.ts) and
 * bench/channels.ts, which add the peers. Spindle's side is built for a
 * given spindle module, since the two load different builds (see
 * spindle.ts and channels.ts).
 *
 * - ping-pong: two tasks pass a counter back and forth over two rendezvous
 *   channels, typed form; returns the last value echoed (trips - 1);
 * - fan-in: `producers` tasks send 0..items-1 each into one channel of
 *   `capacity`, one consumer sums them.
 */
import type * as Spindle from "../src/index.js";
import type { Coroutine } from "../src/index.js";
import { PromiseChannel } from "./promise-channel.js";

export interface ChannelWorkloads {
  pingPong(trips: number): Coroutine<number>;
  fanIn(producers: number, items: number, capacity: number): Coroutine<number>;
}

/** The spindle side of the workloads, on the spindle module `s`. */
export function channelWorkloads(s: typeof Spindle): ChannelWorkloads {
  function* echo(ping: Spindle.Channel<number>, pong: Spindle.Channel<number>, trips: number): Coroutine<void> {
    for (let i = 0; i < trips; i++) {
      const v = yield* ping.recv();
      yield* pong.send(v as number);
    }
  }

  function* pingPong(trips: number): Coroutine<number> {
    const ping = s.channel<number>();
    const pong = s.channel<number>();
    const echoer = yield* s.spawn(echo, ping, pong, trips);
    let last = 0;
    for (let i = 0; i < trips; i++) {
      yield* ping.send(i);
      last = (yield* pong.recv()) as number;
    }
    yield* echoer;
    return last;
  }

  function* producer(ch: Spindle.Channel<number>, items: number): Coroutine<void> {
    for (let i = 0; i < items; i++) yield* ch.send(i);
  }

  function* fanIn(producers: number, items: number, capacity: number): Coroutine<number> {
    const ch = s.channel<number>(capacity);
    for (let p = 0; p < producers; p++) yield* s.spawn(producer, ch, items);
    let sum = 0;
    for (let i = 0; i < producers * items; i++) sum += (yield* ch.recv()) as number;
    return sum;
  }

  return { pingPong, fanIn };
}

/** Ping-pong in async/await over a Promise rendezvous channel. */
export async function nativePingPong(trips: number): Promise<number> {
  const ping = new PromiseChannel<number>(0);
  const pong = new PromiseChannel<number>(0);
  const echoer = (async () => {
    for (let i = 0; i < trips; i++) await pong.send(await ping.recv());
  })();
  let last = 0;
  for (let i = 0; i < trips; i++) {
    await ping.send(i);
    last = await pong.recv();
  }
  await echoer;
  return last;
}

/** Fan-in in async/await over a bounded Promise channel. */
export async function nativeFanIn(producers: number, items: number, capacity: number): Promise<number> {
  const ch = new PromiseChannel<number>(capacity);
  const senders = Array.from({ length: producers }, async () => {
    for (let i = 0; i < items; i++) await ch.send(i);
  });
  let sum = 0;
  for (let i = 0; i < producers * items; i++) sum += await ch.recv();
  await Promise.all(senders);
  return sum;
}

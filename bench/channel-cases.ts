/**
 * Workload 6: channels, in the paired rounds of `npm run bench` (the peers,
 * js-csp and Effection, are compared in bench/channels.ts).
 *
 * (a) ping-pong: two tasks pass a counter back and forth over two
 *     rendezvous channels, typed form (`yield* ch.send(v)`,
 *     `yield* ch.recv()`); the native side is two async functions over a
 *     Promise rendezvous channel; the reference row runs the same typed
 *     generators on a minimal driver with no scheduler (ping-pong-floor.ts),
 *     what they cost by themselves.
 * (b) fan-in: 10 producers send N items each into one channel of capacity
 *     64, one consumer sums them; native: the same on a bounded Promise
 *     channel.
 */
import type * as Spindle from "../src/index.js";
import type { Coroutine } from "../src/index.js";
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { floorPingPong } from "./ping-pong-floor.js";
import { PromiseChannel } from "./promise-channel.js";
import { spindle } from "./spindle.js";

const { channel, run, spawn } = spindle;
const PRODUCERS = 10;
const CAPACITY = 64;

function* echo(ping: Spindle.Channel<number>, pong: Spindle.Channel<number>, trips: number): Coroutine<void> {
  for (let i = 0; i < trips; i++) {
    const v = yield* ping.recv();
    yield* pong.send(v as number);
  }
}

function* pingPong(trips: number): Coroutine<number> {
  const ping = channel<number>();
  const pong = channel<number>();
  const echoer = yield* spawn(echo, ping, pong, trips);
  let last = 0;
  for (let i = 0; i < trips; i++) {
    yield* ping.send(i);
    last = (yield* pong.recv()) as number;
  }
  yield* echoer;
  return last;
}

async function nativePingPong(trips: number): Promise<number> {
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

function* producer(ch: Spindle.Channel<number>, items: number): Coroutine<void> {
  for (let i = 0; i < items; i++) yield* ch.send(i);
}

function* fanIn(items: number): Coroutine<number> {
  const ch = channel<number>(CAPACITY);
  for (let p = 0; p < PRODUCERS; p++) yield* spawn(producer, ch, items);
  let sum = 0;
  for (let i = 0; i < PRODUCERS * items; i++) sum += (yield* ch.recv()) as number;
  return sum;
}

async function nativeFanIn(items: number): Promise<number> {
  const ch = new PromiseChannel<number>(CAPACITY);
  const producers = Array.from({ length: PRODUCERS }, async () => {
    for (let i = 0; i < items; i++) await ch.send(i);
  });
  let sum = 0;
  for (let i = 0; i < PRODUCERS * items; i++) sum += await ch.recv();
  await Promise.all(producers);
  return sum;
}

export function channelCases(s: Sizes): Case[] {
  const trips = s.pingPongTrips;
  const items = s.fanInItems;
  const fanSum = (PRODUCERS * items * (items - 1)) / 2;
  return [
    { id: "channels.pingpong.spindle", name: `6a spindle ping-pong, ${trips} round trips (yield*)`, subject: "spindle", unit: "round trip", units: trips, expect: trips - 1, run: () => run(() => pingPong(trips)) },
    { id: "channels.pingpong.native", name: "6a native async/await, Promise rendezvous channel", subject: "native", unit: "round trip", units: trips, expect: trips - 1, runAsync: () => nativePingPong(trips) },
    { id: "channels.pingpong.floor", name: "6a reference: the same typed generators on a minimal driver, no scheduler", subject: "bare", unit: "round trip", units: trips, expect: trips - 1, run: () => floorPingPong(trips) },
    { id: "channels.fanin.spindle", name: `6b spindle fan-in, ${PRODUCERS} x ${items} items, capacity ${CAPACITY}`, subject: "spindle", unit: "item", units: PRODUCERS * items, expect: fanSum, run: () => run(() => fanIn(items)) },
    { id: "channels.fanin.native", name: "6b native async/await, bounded Promise channel", subject: "native", unit: "item", units: PRODUCERS * items, expect: fanSum, runAsync: () => nativeFanIn(items) },
  ];
}

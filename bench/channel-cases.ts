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
import type { Sizes } from "./config.js";
import type { Case } from "./harness.js";
import { channelWorkloads, nativeFanIn, nativePingPong } from "./channel-workloads.js";
import { floorPingPong } from "./ping-pong-floor.js";
import { spindle } from "./spindle.js";

const { run } = spindle;
const { pingPong, fanIn } = channelWorkloads(spindle);
const PRODUCERS = 10;
const CAPACITY = 64;

export function channelCases(s: Sizes): Case[] {
  const trips = s.pingPongTrips;
  const items = s.fanInItems;
  const fanSum = (PRODUCERS * items * (items - 1)) / 2;
  return [
    { id: "channels.pingpong.spindle", name: `6a spindle ping-pong, ${trips} round trips (yield*)`, subject: "spindle", unit: "round trip", units: trips, expect: trips - 1, run: () => run(() => pingPong(trips)) },
    { id: "channels.pingpong.native", name: "6a native async/await, Promise rendezvous channel", subject: "native", unit: "round trip", units: trips, expect: trips - 1, runAsync: () => nativePingPong(trips) },
    { id: "channels.pingpong.floor", name: "6a reference: the same typed generators on a minimal driver, no scheduler", subject: "bare", unit: "round trip", units: trips, expect: trips - 1, run: () => floorPingPong(trips) },
    { id: "channels.fanin.spindle", name: `6b spindle fan-in, ${PRODUCERS} x ${items} items, capacity ${CAPACITY}`, subject: "spindle", unit: "item", units: PRODUCERS * items, expect: fanSum, run: () => run(() => fanIn(PRODUCERS, items, CAPACITY)) },
    { id: "channels.fanin.native", name: "6b native async/await, bounded Promise channel", subject: "native", unit: "item", units: PRODUCERS * items, expect: fanSum, runAsync: () => nativeFanIn(PRODUCERS, items, CAPACITY) },
  ];
}

/**
 * What the gc suite measures: each workload names the existing cases of
 * `npm run bench` (switch.ts, spawn.ts, channel-cases.ts) for each of its
 * sides, so both suites time exactly the same code; only the memory probes
 * are new (memory-child.ts), since the main suite's memory subjects block on
 * suspend(), not on a primitive.
 *
 * This module is loaded by the runner, which must not load spindle, so the
 * case lists are imported lazily (loadCase), in the children only.
 */
import type { Sizes } from "../config.js";
import type { Case } from "../harness.js";

export type Side = "spindle" | "native" | "bare";

export interface TimeWorkload {
  kind: "time";
  id: string;
  name: string;
  /** The case list (a group of `npm run bench`) the case ids belong to. */
  group: "switch" | "spawn" | "channels" | "game";
  /** Case id per side; the first is spindle. */
  sides: readonly { side: Side; caseId: string }[];
}

export interface MemoryWorkload {
  kind: "memory";
  id: string;
  name: string;
  /** memory-child.ts probe per side. */
  sides: readonly { side: Side; probe: string }[];
}

export type Workload = TimeWorkload | MemoryWorkload;

export const WORKLOADS: readonly Workload[] = [
  {
    kind: "time",
    id: "switch.direct",
    name: "switch, `yield yieldNow()`, 1 task",
    group: "switch",
    sides: [
      { side: "spindle", caseId: "switch.single.direct.spindle" },
      { side: "native", caseId: "switch.single.async" },
      { side: "bare", caseId: "switch.single.direct.bare" },
    ],
  },
  {
    kind: "time",
    id: "switch.typed",
    name: "switch, `yield* yieldNow()`, 1 task",
    group: "switch",
    sides: [
      { side: "spindle", caseId: "switch.single.typed.spindle" },
      { side: "native", caseId: "switch.single.async" },
      { side: "bare", caseId: "switch.single.typed.bare" },
    ],
  },
  {
    kind: "time",
    id: "spawn",
    name: "spawn+join (`yield* spawn`, `yield* task`)",
    group: "spawn",
    sides: [
      { side: "spindle", caseId: "spawn.spindle.typed" },
      { side: "native", caseId: "spawn.promise-all" },
      { side: "bare", caseId: "spawn.minimal" },
    ],
  },
  {
    kind: "time",
    id: "pingpong",
    name: "ping-pong, 2 rendezvous channels, typed",
    group: "channels",
    sides: [
      { side: "spindle", caseId: "channels.pingpong.spindle" },
      { side: "native", caseId: "channels.pingpong.native" },
      { side: "bare", caseId: "channels.pingpong.floor" },
    ],
  },
  {
    kind: "time",
    id: "fanin",
    name: "fan-in, 10 producers, capacity 64, typed",
    group: "channels",
    sides: [
      { side: "spindle", caseId: "channels.fanin.spindle" },
      { side: "native", caseId: "channels.fanin.native" },
    ],
  },
  {
    kind: "time",
    id: "game.frame",
    name: "game frame: 10,000 entities (500 in --smoke), per advance(16.67)",
    group: "game",
    sides: [
      { side: "spindle", caseId: "game.frame.spindle" },
      { side: "bare", caseId: "game.frame.hand" },
    ],
  },
  {
    kind: "memory",
    id: "mem.event",
    name: "bytes/task blocked on an event(), handle kept",
    sides: [
      { side: "spindle", probe: "spindle.event" },
      { side: "native", probe: "async" },
      { side: "bare", probe: "bare" },
    ],
  },
  {
    kind: "memory",
    id: "mem.semaphore",
    name: "bytes/task blocked on a semaphore, handle kept",
    sides: [
      { side: "spindle", probe: "spindle.semaphore" },
      { side: "native", probe: "async" },
      { side: "bare", probe: "bare" },
    ],
  },
];

/** Loads one case of `npm run bench` (and with it spindle); throws if the id is unknown. */
export async function loadCase(group: TimeWorkload["group"], caseId: string, sizes: Sizes): Promise<Case> {
  let cases: Case[];
  if (group === "switch") cases = (await import("../switch.js")).switchCases(sizes);
  else if (group === "spawn") cases = (await import("../spawn.js")).spawnCases(sizes);
  else if (group === "game") cases = (await import("../game-frame.js")).gameCases(sizes);
  else cases = (await import("../channel-cases.js")).channelCases(sizes);
  const found = cases.find((c) => c.id === caseId);
  if (found === undefined) throw new Error(`no case "${caseId}" in group ${group}; cases: ${cases.map((c) => c.id).join(", ")}`);
  return found;
}

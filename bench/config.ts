/**
 * Workload sizes and harness settings, full and smoke (`--smoke`).
 *
 * Every benchmark.js "op" is one whole workload (for example 100,000 context
 * switches), so the cost of calling the benchmark function, creating a host or
 * a few generators is amortised to nothing. The tables then report the rate
 * of the unit that matters (switches/s, tasks/s, timers/s) = ops/s x units/op.
 */

export interface Sizes {
  /** 1(a), 2(a): yields of one task per op. */
  switchSingle: number;
  /** 1(b), 2(b): tasks round-robin, and yields of each per op. */
  rrTasks: number;
  rrYields: number;
  /** 3: short tasks spawned and joined per op. */
  spawnTasks: number;
  /** 6(a): ping-pong round trips per op. */
  pingPongTrips: number;
  /** 6(b): fan-in items per producer (10 producers, capacity 64). */
  fanInItems: number;
  /** 4(a): tasks that each sleep once (= timers per op). */
  timerTasks: number;
  /** 4(b): long-lived tasks that sleep repeatedly, and sleeps of each. */
  steadyTasks: number;
  steadySleeps: number;
  /** 5: tasks held blocked for the memory measurement. */
  memoryTasks: number;
  /** 6: spawn+join sizes for the peers. Effection 4 manages ~2-6k tasks/s, so 100k would take ~45 s per sample. */
  effectionSpawnTasks: number;
  cspSpawnTasks: number;
  /** 5/6: Effection 4 needs ~10 kB per blocked task (1 GB and a minute at 100k); its per-task figure is the same at 10k. */
  effectionMemoryTasks: number;
  /** 6: Effection sleep(0): each switch waits for a real setTimeout, so fewer of them. */
  peerSleepTasks: number;
  peerSleepYields: number;
  /** 8: entities of the game-frame world (bench/game-frame.ts), and frames advanced per op. */
  gameEntities: number;
  gameFrames: number;
}

/** benchmark.js options (seconds): how long each benchmark samples. */
export interface HarnessOptions {
  maxTime: number;
  minSamples: number;
  /** Minimum time per sample; smoke lowers it so one-cycle samples are accepted quickly. */
  minTime: number;
  /**
   * Each group's case list runs this many times, interleaved (bare, spindle,
   * native, bare, spindle...); see harness.ts.
   */
  rounds: number;
  /**
   * Fewer rounds for groups whose workloads take seconds per run (timers), or
   * whose ratios are large enough not to need them (peers), so the full suite
   * fits in ~10 minutes.
   */
  groupRounds: Readonly<Record<string, number>>;
}

export interface Config {
  smoke: boolean;
  sizes: Sizes;
  harness: HarnessOptions;
}

export const FULL: Config = {
  smoke: false,
  sizes: {
    switchSingle: 100_000,
    rrTasks: 1_000,
    rrYields: 100,
    spawnTasks: 100_000,
    pingPongTrips: 200_000,
    fanInItems: 20_000,
    timerTasks: 1_000_000,
    steadyTasks: 1_000,
    steadySleeps: 1_000,
    memoryTasks: 100_000,
    effectionSpawnTasks: 10_000,
    cspSpawnTasks: 100_000,
    effectionMemoryTasks: 10_000,
    peerSleepTasks: 1_000,
    peerSleepYields: 10,
    gameEntities: 10_000,
    gameFrames: 300,
  },
  harness: { maxTime: 0.25, minSamples: 4, minTime: 0.05, rounds: 12, groupRounds: { timers: 3, peers: 1, game: 5 } },
};

export const SMOKE: Config = {
  smoke: true,
  sizes: {
    switchSingle: 1_000,
    rrTasks: 50,
    rrYields: 20,
    spawnTasks: 1_000,
    pingPongTrips: 2_000,
    fanInItems: 200,
    timerTasks: 5_000,
    steadyTasks: 50,
    steadySleeps: 20,
    memoryTasks: 5_000,
    effectionSpawnTasks: 500,
    cspSpawnTasks: 500,
    effectionMemoryTasks: 1_000,
    peerSleepTasks: 20,
    peerSleepYields: 2,
    gameEntities: 500,
    gameFrames: 10,
  },
  harness: { maxTime: 0.05, minSamples: 1, minTime: 0.01, rounds: 2, groupRounds: { timers: 1, peers: 1 } },
};

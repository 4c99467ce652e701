/**
 * Movie renege: a port of SimPy's movie_renege example.
 *
 * Covers: Resource, conditions (anyOf), shared events.
 *
 * A movie theatre has one ticket counter selling tickets for three movies
 * (next show only). When a movie sells out, everyone queueing for it
 * leaves the queue at once: each moviegoer waits for "my turn at the
 * counter" or "my movie sold out", whichever comes first.
 *
 * Run it: `npx tsx examples/sim/movie-renege.ts [seed]` (default 42).
 * The times and counts differ from SimPy's recorded output: spindle's
 * seeded generator (sfc32) is not Python's; the model is the same.
 */
import { now, sleep } from "spindle";
import type { Coroutine } from "spindle";
import { Resource, Simulation, anyOf, choice, exponential, simEvent, startProcess, uniformInt } from "spindle";
import type { SimEvent } from "spindle";

const RANDOM_SEED = 42;
const TICKETS = 50; // tickets per movie
const SIM_TIME = 120; // minutes

interface Theater {
  counter: Resource;
  movies: string[];
  available: Map<string, number>;
  soldOut: Map<string, SimEvent<void>>;
  whenSoldOut: Map<string, number>;
  numRenegers: Map<string, number>;
}

/**
 * Tries to buy `numTickets` for `movie`. Leaves if it sells out while she
 * queues; argues a little and leaves if too few tickets are left; the buyer
 * who leaves fewer than 2 tickets declares the movie sold out.
 */
function* moviegoer(movie: string, numTickets: number, theater: Theater): Coroutine<void> {
  const soldOut = theater.soldOut.get(movie) as SimEvent<void>;
  const myTurn = theater.counter.request();
  try {
    const result = yield* anyOf([myTurn, soldOut]);
    if (!result.has(myTurn)) {
      theater.numRenegers.set(movie, (theater.numRenegers.get(movie) ?? 0) + 1);
      return;
    }
    const left = theater.available.get(movie) as number;
    if (left < numTickets) {
      yield* sleep(0.5); // some discussion, then she leaves
      return;
    }
    theater.available.set(movie, left - numTickets);
    if (left - numTickets < 2) {
      soldOut.succeed(); // everyone still queueing for it leaves
      theater.whenSoldOut.set(movie, yield* now());
      theater.available.set(movie, 0);
    }
    yield* sleep(1);
  } finally {
    theater.counter.release(myTurn);
  }
}

/** New moviegoers, every 0.5 minutes on average, for a random movie while it has tickets. */
function* customerArrivals(theater: Theater): Coroutine<void> {
  for (;;) {
    yield* sleep(yield* exponential(0.5));
    const movie = yield* choice(theater.movies);
    const numTickets = yield* uniformInt(1, 6);
    if ((theater.available.get(movie) as number) > 0) yield* startProcess(moviegoer, movie, numTickets, theater);
  }
}

export function main(seed = RANDOM_SEED): string[] {
  const out = ["Movie renege"];
  const sim = new Simulation({ seed });
  const movies = ["Python Unchained", "Kill Process", "Pulp Implementation"];
  const theater: Theater = {
    counter: new Resource(1, { name: "counter", sim }),
    movies,
    available: new Map(movies.map((m) => [m, TICKETS])),
    soldOut: new Map(movies.map((m) => [m, simEvent({ name: `soldOut(${m})` })])),
    whenSoldOut: new Map(),
    numRenegers: new Map(movies.map((m) => [m, 0])),
  };
  sim.process(customerArrivals, theater);
  sim.runUntil(SIM_TIME);

  for (const movie of movies) {
    if (!(theater.soldOut.get(movie) as SimEvent<void>).triggered) continue;
    out.push(`Movie "${movie}" sold out ${(theater.whenSoldOut.get(movie) as number).toFixed(1)} minutes after ticket counter opening.`);
    out.push(`  Number of people leaving queue when film sold out: ${theater.numRenegers.get(movie) as number}`);
  }
  return out;
}

if (require.main === module) for (const line of main(process.argv[2] === undefined ? RANDOM_SEED : Number(process.argv[2]))) console.log(line);

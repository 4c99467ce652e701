/**
 * Cancelling n waiters of the simulation layer's kinds (resources, stores,
 * containers, events, conditions, delays) is linear in n: measured as in
 * complexity.test.ts (elements scanned and time, at n and 8n).
 */
import {
  Container,
  FilterStore,
  PriorityResource,
  PriorityStore,
  Resource,
  Simulation,
  Store,
  after,
  anyOf,
  simEvent,
  suspend,
} from "../../src/index.js";
import { describeKinds, expectEqual, inSimulation } from "./complexity-measure.js";
import type { Kind } from "./complexity-measure.js";

// ------------------------------------------------------------------ the kinds

const kinds: Record<string, Kind> = {
  "sim Resource request": (n) => {
    const sim = new Simulation();
    const res = new Resource(1, { sim });
    sim.process(function* holder() {
      yield* res.request();
      yield* suspend();
    });
    return inSimulation(n, () => res.request(), sim, () => expectEqual(res.stats().queueLength, 0, "queued requests"));
  },
  "sim PriorityResource request": (n) => {
    const sim = new Simulation();
    const res = new PriorityResource(1, { sim });
    sim.process(function* holder() {
      yield* res.request();
      yield* suspend();
    });
    return inSimulation(n, (i) => res.request({ priority: i % 7 }), sim, () => expectEqual(res.stats().queueLength, 0, "queued requests"));
  },
  "sim Store get": (n) => {
    const sim = new Simulation();
    const store = new Store<number>(Infinity, { sim });
    return inSimulation(n, () => store.get(), sim);
  },
  "sim Store put (full)": (n) => {
    const sim = new Simulation();
    const store = new Store<number>(1, { sim });
    sim.process(function* () {
      yield* store.put(-1);
    });
    return inSimulation(n, (i) => store.put(i), sim);
  },
  "sim FilterStore get": (n) => {
    const sim = new Simulation();
    const store = new FilterStore<number>(Infinity, { sim });
    return inSimulation(n, (i) => store.get((x) => x === i), sim);
  },
  "sim PriorityStore get": (n) => {
    const sim = new Simulation();
    const store = new PriorityStore<number>(Infinity, { sim });
    return inSimulation(n, () => store.get(), sim);
  },
  "sim Container get": (n) => {
    const sim = new Simulation();
    const tank = new Container(100, 0, { sim });
    return inSimulation(n, () => tank.get(10), sim);
  },
  "sim Container put (full)": (n) => {
    const sim = new Simulation();
    const tank = new Container(100, 100, { sim });
    return inSimulation(n, () => tank.put(10), sim);
  },
  "sim event wait (one event)": (n) => {
    const sim = new Simulation();
    const ev = simEvent<number>();
    return inSimulation(n, () => ev, sim);
  },
  "sim anyOf([one event, after(1000)])": (n) => {
    const sim = new Simulation();
    const ev = simEvent<number>();
    return inSimulation(n, () => anyOf([ev, after(1000)]), sim);
  },
  "sim after(1000)": (n) => {
    const sim = new Simulation();
    return inSimulation(n, () => after(1000), sim);
  },
};


describeKinds("the simulation layer", kinds);

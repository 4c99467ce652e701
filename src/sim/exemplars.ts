/**
 * The simulation layer's exemplars (see kernel/exemplars.ts): a tiny model
 * that makes and uses one of each of its objects (a simulation, a resource
 * served at once and after a wait, a store and a container on both sides,
 * a timeout, a condition, an event), kept for the life of the process, so
 * that replications run one after another in one process (`replicate`, a
 * parameter sweep) keep their optimised code across full GCs.
 */
import { Sleep, registerExemplar } from "../kernel/api.js";
import type { Coroutine } from "../kernel/api.js";
import { anyOf } from "./condition.js";
import { Container } from "./container.js";
import { after, simEvent } from "./event.js";
import { Resource } from "./resource.js";
import { Simulation } from "./simulation.js";
import { Store } from "./store.js";

registerExemplar(() => {
  const sim = new Simulation();
  const server = new Resource(1, { sim });
  const store = new Store<number>(1, { sim });
  const tank = new Container(2, 0, { sim });
  const done = simEvent<number>();
  const kept: unknown[] = [sim, server, store, tank, done];
  // Every object the model makes is kept: one that dies takes its hidden class with it.
  const keep = <T>(made: T): T => {
    kept.push(made);
    return made;
  };
  function* customer(i: number): Coroutine<void> {
    const req = server.request();
    kept.push(req);
    yield* req;
    yield keep(new Sleep(1));
    server.release(req);
    yield* keep(store.put(i));
    yield* keep(tank.put(1));
  }
  sim.process(customer, 1);
  sim.process(customer, 2);
  function* consumer(): Coroutine<void> {
    const timeout = after(10);
    const get = store.get();
    kept.push(timeout, get, tank.get(2));
    const r = yield* keep(anyOf([get, timeout]));
    kept.push(r);
    yield* keep(store.get());
    done.succeed(1);
  }
  sim.process(consumer);
  sim.run();
  // The generator functions too: their generators' hidden classes are what the step loop's code checks.
  kept.push(customer, consumer);
  return kept;
});

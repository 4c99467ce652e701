/**
 * Channel and select against their contract, over random programs:
 * random senders and receivers with random pauses, on channels of random
 * capacity, with random cancellations.
 */
import fc from "fast-check";
import { CLOSED, ChannelClosedError, EMPTY, VirtualHost, channel, now, scope, select, sleep, spawn } from "../../src/index.js";
import type { Channel, Coroutine, Task } from "../../src/index.js";

interface Program {
  capacity: number;
  senders: number[][]; // per sender: the pauses before each send
  receivers: number[][]; // per receiver: pauses between receives (cycled)
  cancels: { at: number; target: number }[]; // target indexes senders then receivers
}

const programs = fc.record({
  capacity: fc.constantFrom(0, 1, 3),
  senders: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
  receivers: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
  cancels: fc.array(fc.record({ at: fc.integer({ min: 0, max: 30 }), target: fc.nat(7) }), { maxLength: 4 }),
});

interface Outcome {
  completed: string[]; // sends that returned, in order
  received: string[]; // values received, in the order the receivers saw them
  receivedBy: number[]; // which receiver got each of `received`
  left: string[]; // values still buffered at the end
  cancelledMidSend: string[]; // values whose send never returned (sender cancelled, or channel closed)
  log: string[]; // every send and receive with its time, in the order they returned
}

/**
 * "typed": `yield* ch.send(v)`, which completes or parks inside the
 * operation's own next() when it can (the fast path); "direct": `yield
 * ch.send(v)`, which always goes through the kernel (the same tryNow() and park()).
 */
type Form = "typed" | "direct";

function* send(ch: Channel<string>, value: string, form: Form): Coroutine<void> {
  if (form === "typed") yield* ch.send(value);
  else yield ch.send(value);
}

function* recv(ch: Channel<string>, form: Form): Coroutine<string | typeof CLOSED> {
  if (form === "typed") return yield* ch.recv();
  return (yield ch.recv()) as string | typeof CLOSED;
}

function runProgram(p: Program, form: Form = "typed"): Outcome {
  const out: Outcome = { completed: [], received: [], receivedBy: [], left: [], cancelledMidSend: [], log: [] };
  const host = new VirtualHost();
  const ch: Channel<string> = channel<string>(p.capacity);
  host.spawn(function* main(): Coroutine<void> {
    const senders: Task<void>[] = [];
    const receivers: Task<void>[] = [];
    yield* scope(function* () {
      p.senders.forEach((pauses, s) => {
        senders.push(host.spawn(function* sender() {
          for (let i = 0; i < pauses.length; i++) {
            // A pause of 0 is no pause at all: operations then follow each other
            // without a yield between them, where the fast path does most.
            if ((pauses[i] as number) > 0) yield* sleep(pauses[i] as number);
            const value = `s${s}:${i}`;
            let done = false;
            try {
              yield* send(ch, value, form);
              done = true;
              out.completed.push(value);
              out.log.push(`${host.now} sent ${value}`);
            } catch (e) {
              // Blocked when the channel closed: the value was not delivered.
              if (!(e instanceof ChannelClosedError)) throw e;
              return;
            } finally {
              if (!done) out.cancelledMidSend.push(value);
            }
          }
        }));
      });
      p.receivers.forEach((pauses, r) => {
        receivers.push(host.spawn(function* receiver() {
          for (let i = 0; ; i++) {
            if ((pauses[i % pauses.length] as number) > 0) yield* sleep(pauses[i % pauses.length] as number);
            const v = yield* recv(ch, form);
            out.log.push(`${host.now} r${r} got ${String(v)}`);
            if (v === CLOSED) return;
            out.received.push(v);
            out.receivedBy.push(r);
          }
        }));
      });
      yield* spawn(function* canceller() {
        const all = [...senders, ...receivers];
        for (const c of [...p.cancels].sort((a, b) => a.at - b.at)) {
          yield* sleep(Math.max(0, c.at - (yield* now())));
          all[c.target % all.length]?.cancel();
        }
      });
    });
  });
  // Run until the senders are done, then close, then let receivers drain.
  host.runUntil(100);
  ch.close();
  host.run();
  for (let v = ch.tryRecv(); v !== EMPTY && v !== CLOSED; v = ch.tryRecv()) out.left.push(v);
  return out;
}

describe("channel properties", () => {
  it("every completed send is received exactly once (or still buffered), in FIFO order per sender; a send that never returned is never delivered", () => {
    fc.assert(
      fc.property(programs, (p) => {
        const o = runProgram(p);
        const delivered = [...o.received, ...o.left];
        // nothing duplicated
        expect(new Set(delivered).size).toBe(delivered.length);
        // nothing lost, nothing invented
        expect([...delivered].sort()).toEqual([...o.completed].sort());
        // a cancelled sender's value never arrives
        for (const v of o.cancelledMidSend) expect(delivered).not.toContain(v);
        // FIFO per sender, as each receiver sees it (and in what is left
        // buffered). Across receivers there is no order to check: a value
        // handed to one receiver before the next value goes to another may
        // be looked at later, since each receiver runs when its turn comes.
        const streams = new Map<number, string[]>();
        o.received.forEach((v, k) => {
          const r = o.receivedBy[k] as number;
          streams.set(r, [...(streams.get(r) ?? []), v]);
        });
        streams.set(-1, o.left);
        for (const stream of streams.values()) {
          const perSender = new Map<string, number>();
          for (const v of stream) {
            const [s, i] = v.split(":") as [string, string];
            const last = perSender.get(s) ?? -1;
            expect(Number(i)).toBeGreaterThan(last);
            perSender.set(s, Number(i));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the same program gives the same run", () => {
    fc.assert(
      fc.property(programs, (p) => {
        expect(runProgram(p)).toEqual(runProgram(p));
      }),
      { numRuns: 100 },
    );
  });

  it("the typed form's fast path gives exactly the run the kernel's path gives", () => {
    fc.assert(
      fc.property(programs, (p) => {
        const typed = runProgram(p, "typed");
        expect(typed).toEqual(runProgram(p, "direct"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("select properties", () => {
  it("exactly one case fires; a send case that did not fire never delivers; nothing is lost", () => {
    const scenario = fc.record({
      rounds: fc.array(
        fc.record({
          cases: fc.array(fc.record({ ch: fc.nat(2), send: fc.boolean() }), { minLength: 1, maxLength: 4 }),
          // Always a timeout: a select nobody can satisfy would be a (correctly reported) deadlock.
          timeout: fc.integer({ min: 0, max: 5 }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      peers: fc.array(fc.record({ ch: fc.nat(2), send: fc.boolean(), pause: fc.integer({ min: 0, max: 4 }) }), { maxLength: 12 }),
      capacity: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(scenario, ({ rounds, peers, capacity }) => {
        const chans = [channel<string>(capacity), channel<string>(capacity), channel<string>(capacity)];
        const sentOk: string[] = [];
        const received: string[] = [];
        const unfired: string[] = [];
        const host = new VirtualHost();
        host.spawn(function* selector() {
          for (let r = 0; r < rounds.length; r++) {
            const round = rounds[r]!;
            const values = round.cases.map((_, i) => `sel${r}.${i}`);
            const cases = round.cases.map((c, i) => (c.send ? chans[c.ch]!.send(values[i]!) : chans[c.ch]!.recv()));
            const all = [...cases, sleep(round.timeout)];
            const fired = yield* select(all);
            expect(Number.isInteger(fired.index) && fired.index >= 0 && fired.index < all.length).toBe(true);
            round.cases.forEach((c, i) => {
              if (!c.send) return;
              if (i === fired.index) sentOk.push(values[i]!);
              else unfired.push(values[i]!);
            });
            const c = round.cases[fired.index];
            if (c !== undefined && !c.send && fired.value !== CLOSED) received.push(fired.value as string);
          }
        });
        peers.forEach((peer, k) => {
          host.spawn(function* peerTask() {
            yield* sleep(peer.pause);
            const r = yield* select([peer.send ? chans[peer.ch]!.send(`peer${k}`) : chans[peer.ch]!.recv(), sleep(20)]);
            if (r.index === 0) {
              if (peer.send) sentOk.push(`peer${k}`);
              else if (r.value !== CLOSED) received.push(r.value as string);
            }
          });
        });
        host.run();
        const left: string[] = [];
        for (const ch of chans) for (let v = ch.tryRecv(); v !== EMPTY && v !== CLOSED; v = ch.tryRecv()) left.push(v);
        const delivered = [...received, ...left];
        expect(new Set(delivered).size).toBe(delivered.length);
        expect([...delivered].sort()).toEqual([...sentOk].sort());
        for (const v of unfired) expect(delivered).not.toContain(v);
        for (const ch of chans) expect(ch.stats().receiversWaiting + ch.stats().sendersWaiting).toBe(0);
        expect(host.scheduler.timerCount).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

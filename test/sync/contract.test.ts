/**
 * The waiting-primitive contract: one table of properties run over every
 * primitive a task can wait on (as Trio runs one lock test over all its
 * lock types). Each row of TABLE is an adapter: how to make the primitive,
 * the operation a task waits on, what makes exactly one wait complete (and
 * what the waiter then receives), what the wait is called in dump(), and the
 * primitive's own accounting. The properties:
 *
 * 1. FIFO service: waiters that parked in order are served oldest first
 *    (one per completion; for a wake-all primitive, all of them by one
 *    completion, in arrival order).
 * 2. Cancelling a parked waiter loses nothing: the completions go to the
 *    waiters after it (including one that arrives after the cancellation),
 *    nothing is handed to it, its finally runs once and it ends
 *    "cancelled"; the primitive's accounting says the same.
 * 3. A wake-up is never taken back: a waiter whose wait completed and that
 *    is cancelled before it runs still receives its value (it runs to its
 *    next yield and is cancelled there), so what it got is accounted for
 *    (a permit, the lock or a slot is given back in its finally). The
 *    simulation layer's events are processed at their turn, as in SimPy
 *    (src/sim/event.ts): there a waiter cancelled before the turn does not
 *    receive, and what it was served goes back to the primitive; nothing
 *    is lost either way.
 * 4. describe() names the wait: `task.waitingOn` of a parked waiter matches
 *    the row's pattern, and scheduler.dump() shows it.
 * 5. The typed form (`yield* op`, the instruction's own next()) and the
 *    plain form (`yield op`, the kernel's path) give identical runs of the
 *    same random program; so does a run that alternates the two.
 *
 * Properties 1-4 run in both forms. See contract-harness.ts for the
 * scenarios' scripts.
 */
import fc from "fast-check";
import {
  CLOSED,
  EMPTY,
  Request,
  Resource,
  Store,
  barrier,
  broadcast,
  channel,
  condition,
  event,
  mutex,
  priorityQueue,
  select,
  semaphore,
  simEvent,
  sleep,
  spawn,
  stream,
  waitGroup,
  yieldNow,
} from "../../src/index.js";
import { Instruction } from "../../src/extend.js";
import type { Broadcast, Channel, Condition, Mutex, SimEvent, Subscription, Task } from "../../src/index.js";
import { runs } from "../properties/program.js";
import { FORMS, NOTHING, entry, expectedNotes, expectedServed, fmt, named, randomRun, scripted, settledFor, step } from "./contract-harness.js";
import type { Action, Entry, Scripted, TaskProgram } from "./contract-harness.js";

/** A channel's accounting. */
function channelLedger(ch: Channel<unknown>): string {
  const s = ch.stats();
  return `buffered=${s.buffered} receivers=${s.receiversWaiting} senders=${s.sendersWaiting} sent=${s.sent}`;
}

/** Empties a channel with tryRecv; gives what it held, in order. */
function drainChannel(ch: Channel<string>): string[] {
  const items: string[] = [];
  for (let v = ch.tryRecv(); v !== EMPTY && v !== CLOSED; v = ch.tryRecv()) items.push(v);
  return items;
}

/** Unlocks `m` if `me` holds it. */
function unlockIfOwner(m: Mutex, me: Task<unknown>): void {
  if (m.owner === me) m.unlock();
}

// ------------------------------------------------------------------ the table

const TABLE: Entry<unknown>[] = [
  entry({
    name: "semaphore: acquire()",
    serves: "one",
    about: "semaphore(3); the driver takes the 3 permits at creation, and a completion releases one of them",
    *create() {
      const sem = semaphore(3);
      let bank = 0;
      while (sem.tryAcquire()) bank++;
      return { sem, bank };
    },
    op: (p) => p.sem.acquire(),
    holds: true,
    giveBack(p, got) {
      if (got !== NOTHING) p.sem.release();
    },
    *complete(p) {
      if (p.bank === 0) return "no permit left to release";
      p.bank--;
      p.sem.release();
      return "released";
    },
    *teardown(p) {
      for (; p.bank > 0; p.bank--) p.sem.release();
    },
    got: () => "void",
    note: () => "released",
    describe: /^acquire\(sem#\d+\)$/,
    ledger(p) {
      const s = p.sem.stats();
      return `available=${s.available} held=${s.held} waiting=${s.waiting}`;
    },
    expected: {
      afterCancel: "available=0 held=3 waiting=2",
      afterCancelServed: "available=0 held=3 waiting=0",
      // w0's permit was released in its finally: back in the pool, not lost.
      afterWakeup: "available=1 held=2 waiting=0",
      settled: "available=3 held=0 waiting=0",
    },
  }),

  entry({
    name: "mutex: lock()",
    serves: "one",
    about:
      "the driver locks it at creation; a completion is the holder unlocking (the driver, or the waiter that holds it, told to let go). In random programs a task holds the lock until its next complete or wait, and a keeper task holds it for the first 2ms",
    *create(ctx) {
      const m = mutex();
      if (ctx.mode === "scripted") {
        yield* m.lock();
      } else {
        // Random programs: a keeper holds it for their first 2ms, so that early lock()s park.
        yield* spawn(
          named("keeper", function* () {
            yield* m.lock();
            yield* sleep(2);
            m.unlock();
          }),
        );
      }
      return { m };
    },
    op: (p) => p.m.lock(),
    holds: true,
    holdsOne: true,
    giveBack(p, _got, ctx) {
      unlockIfOwner(p.m, ctx.me);
    },
    *complete(p, _k, ctx) {
      const owner = p.m.owner;
      if (owner === null) return "not locked";
      if (owner === ctx.me) {
        p.m.unlock();
        return `${ctx.name} unlocked`;
      }
      const gate = ctx.gateOf(owner);
      if (gate === null) return `held by ${owner.name}`;
      gate.set();
      yield* yieldNow(); // the holder runs: its finally unlocks
      return `${owner.name} let go`;
    },
    *teardown(p, ctx) {
      unlockIfOwner(p.m, ctx.me);
    },
    got: () => "void",
    note: (e) => (e.k === 0 ? "driver unlocked" : `w${e.prev} let go`),
    describe: /^lock\(mutex#\d+\) held by task#\d+ "driver"$/,
    ledger(p) {
      return `owner=${p.m.owner?.name ?? "none"} waiting=${p.m.stats().waiting}`;
    },
    expected: {
      afterCancel: "owner=driver waiting=2",
      afterCancelServed: "owner=w3 waiting=0",
      // w0 held the lock when it was cancelled at its next yield; its finally unlocked it.
      afterWakeup: "owner=none waiting=0",
      settled: "owner=none waiting=0",
    },
  }),

  entry({
    name: "event: wait()",
    serves: "all",
    about: "a completion is set(), which wakes every waiter (FIFO = woken in arrival order)",
    *create() {
      return { e: event() };
    },
    op: (p) => p.e.wait(),
    holds: false,
    *complete(p) {
      if (p.e.isSet) {
        p.e.reset();
        return "reset";
      }
      p.e.set();
      return "set";
    },
    got: () => "void",
    note: () => "set",
    describe: /^wait\(event#\d+\)$/,
    ledger(p) {
      const s = p.e.stats();
      return `isSet=${s.isSet} waiting=${s.waiting}`;
    },
    expected: {
      afterCancel: "isSet=false waiting=2",
      afterCancelServed: "isSet=true waiting=0",
      afterWakeup: "isSet=true waiting=0",
    },
  }),

  entry({
    name: "condition with its mutex: wait()",
    serves: "one",
    about:
      "a waiter locks the mutex (in the form under test), then `yield* cond.wait()`: with a mutex, wait() is a coroutine, so it has only the typed form; a completion is notify(1)",
    *create() {
      const m = mutex();
      return { m, c: condition(m) };
    },
    *wait(p, ctx) {
      if (p.m.owner !== ctx.me) yield* step(ctx.form, p.m.lock());
      yield* p.c.wait();
      return undefined;
    },
    holds: false,
    giveBack(p, _got, ctx) {
      unlockIfOwner(p.m, ctx.me);
    },
    *complete(p) {
      return `notified ${p.c.notify(1)}`;
    },
    got: () => "void",
    note: () => "notified 1",
    describe: /^wait\(cond#\d+\)$/,
    ledger(p) {
      return `waiting=${p.c.stats().waiting} owner=${p.m.owner?.name ?? "none"} lockWaiting=${p.m.stats().waiting}`;
    },
    expected: {
      afterCancel: "waiting=2 owner=none lockWaiting=0",
      afterCancelServed: "waiting=0 owner=none lockWaiting=0",
      afterWakeup: "waiting=0 owner=none lockWaiting=0",
      settled: "waiting=0 owner=none lockWaiting=0",
    },
  }),

  entry({
    name: "condition without a mutex: wait()",
    serves: "one",
    about: "wait() is one instruction here, so both forms apply to it; a completion is notify(1)",
    *create() {
      return { c: condition() };
    },
    op(p) {
      const op = p.c.wait();
      if (!(op instanceof Instruction)) throw new Error("condition().wait() without a mutex is expected to be an instruction");
      return op;
    },
    holds: false,
    *complete(p) {
      return `notified ${p.c.notify(1)}`;
    },
    got: () => "void",
    note: () => "notified 1",
    describe: /^wait\(cond#\d+\)$/,
    ledger: (p: { c: Condition }) => `waiting=${p.c.stats().waiting}`,
    expected: { afterCancel: "waiting=2", afterCancelServed: "waiting=0", afterWakeup: "waiting=0", settled: "waiting=0" },
  }),

  entry({
    name: "wait group: wait()",
    serves: "all",
    about: "add(1) at creation; a completion is done(), which wakes every waiter (FIFO = woken in arrival order)",
    *create() {
      const wg = waitGroup();
      wg.add(1);
      return { wg };
    },
    op: (p) => p.wg.wait(),
    holds: false,
    *complete(p) {
      if (p.wg.count > 0) {
        p.wg.done();
        return "done";
      }
      p.wg.add(1);
      return "add(1)";
    },
    got: () => "void",
    note: () => "done",
    describe: /^wait\(wg#\d+\)$/,
    ledger(p) {
      const s = p.wg.stats();
      return `count=${s.count} waiting=${s.waiting}`;
    },
    expected: {
      afterCancel: "count=1 waiting=2",
      afterCancelServed: "count=0 waiting=0",
      afterWakeup: "count=0 waiting=0",
    },
  }),

  entry({
    name: "barrier: wait()",
    serves: "all",
    about:
      "barrier(waiters + 1); a completion is one more arrival (a helper task h<k>), which trips it. Serving one at a time does not apply: " +
      "a trip wakes the whole round, so FIFO is checked as arrival indices 0..n-1 in arrival order; a cancelled waiter does not count " +
      "as an arrival, so in property 2 the round is made of w1, w2, w3 and the helper, with gapless indices",
    *create(ctx) {
      return { b: barrier(ctx.waiters + 1), helpers: [] as Task<unknown>[] };
    },
    op: (p) => p.b.wait(),
    holds: false,
    *complete(p, k, ctx) {
      const box: { index: number | null } = { index: null };
      p.helpers.push(
        yield* spawn(
          named(`h${k}`, function* () {
            box.index = yield* step(ctx.form, p.b.wait());
          }),
        ),
      );
      yield* yieldNow(); // the helper arrives
      return box.index === null ? `h${k} waits` : `h${k} got ${box.index}`;
    },
    *teardown(p) {
      for (const h of p.helpers) h.cancel();
    },
    got: (e) => `${e.j}`,
    note: (e) => `h${e.k} got ${e.n}`,
    describe: /^wait\(barrier#\d+\)$/,
    ledger(p) {
      const s = p.b.stats();
      return `waiting=${s.waiting} trips=${s.trips}`;
    },
    expected: {
      afterCancel: "waiting=2 trips=0",
      afterCancelServed: "waiting=0 trips=1",
      afterWakeup: "waiting=0 trips=1",
    },
  }),

  entry({
    name: "priority queue: get()",
    serves: "one",
    about: "unbounded; a completion is tryPut(v<k>), which hands the item to the oldest getter",
    *create() {
      return { q: priorityQueue<string>() };
    },
    op: (p) => p.q.get(),
    holds: false,
    *complete(p, k) {
      return p.q.tryPut(`v${k}`, (k * 7) % 3) ? `put v${k}` : `full for v${k}`;
    },
    got: (e) => `v${e.k}`,
    note: (e) => `put v${e.k}`,
    describe: /^get\(pq#\d+\)$/,
    ledger(p) {
      const s = p.q.stats();
      return `size=${s.size} getters=${s.gettersWaiting} putters=${s.puttersWaiting}`;
    },
    expected: {
      afterCancel: "size=0 getters=2 putters=0",
      afterCancelServed: "size=0 getters=0 putters=0",
      afterWakeup: "size=0 getters=0 putters=0",
      settled: "size=0 getters=0 putters=0",
    },
  }),

  entry({
    name: "priority queue (bounded, full): put()",
    serves: "one",
    about: "capacity 1, filled at creation; waiter w puts `from w`; a completion is tryGet(), which makes room for the oldest putter's item",
    *create() {
      const q = priorityQueue<string>({ capacity: 1 });
      q.tryPut("filler");
      return { q, drained: null as string[] | null };
    },
    op: (p, ctx) => p.q.put(`from ${ctx.name}`),
    holds: false,
    *complete(p) {
      const item = p.q.tryGet();
      return item === EMPTY ? "empty" : `took ${item}`;
    },
    *teardown(p) {
      const drained: string[] = [];
      for (let item = p.q.tryGet(); item !== EMPTY; item = p.q.tryGet()) drained.push(item);
      p.drained = drained;
    },
    got: () => "void",
    note: (e) => (e.k === 0 ? "took filler" : `took from w${e.prev}`),
    describe: /^put\(pq#\d+\)$/,
    ledger(p) {
      const s = p.q.stats();
      return `size=${s.size} putters=${s.puttersWaiting}${p.drained === null ? "" : ` drained=${p.drained.join(",")}`}`;
    },
    expected: {
      afterCancel: "size=1 putters=2",
      afterCancelServed: "size=1 putters=0",
      afterWakeup: "size=1 putters=0",
      // The cancelled w0's item never entered the queue (property 2): what is left is the last served putter's.
      settled: { fifo: "size=0 putters=0 drained=from w2", cancel: "size=0 putters=0 drained=from w3", wakeup: "size=0 putters=0 drained=from w0", describe: "size=0 putters=0 drained=filler" },
    },
  }),

  entry({
    name: "channel (rendezvous): recv()",
    serves: "one",
    about: "a completion is trySend(v<k>), which hands the value to the oldest receiver",
    *create() {
      return { ch: channel<string>() };
    },
    op: (p) => p.ch.recv(),
    holds: false,
    *complete(p, k) {
      return p.ch.trySend(`v${k}`) ? `sent v${k}` : `no receiver for v${k}`;
    },
    got: (e) => `v${e.k}`,
    note: (e) => `sent v${e.k}`,
    describe: /^recv\(ch#\d+\)$/,
    ledger: (p) => channelLedger(p.ch),
    expected: {
      afterCancel: "buffered=0 receivers=2 senders=0 sent=0",
      afterCancelServed: "buffered=0 receivers=0 senders=0 sent=3",
      afterWakeup: "buffered=0 receivers=0 senders=0 sent=1",
    },
  }),

  entry({
    name: "channel (rendezvous): send()",
    serves: "one",
    about: "waiter w sends `from w`; a completion is tryRecv(), which takes the oldest sender's value",
    *create() {
      return { ch: channel<string>() };
    },
    op: (p, ctx) => p.ch.send(`from ${ctx.name}`),
    holds: false,
    *complete(p) {
      const v = p.ch.tryRecv();
      return v === EMPTY || v === CLOSED ? "nothing to take" : `took ${v}`;
    },
    got: () => "void",
    note: (e) => `took from w${e.w}`,
    describe: /^send\(ch#\d+\)$/,
    ledger: (p) => channelLedger(p.ch),
    expected: {
      afterCancel: "buffered=0 receivers=0 senders=2 sent=0",
      afterCancelServed: "buffered=0 receivers=0 senders=0 sent=3",
      afterWakeup: "buffered=0 receivers=0 senders=0 sent=1",
    },
  }),

  entry({
    name: "channel (buffered, full): send()",
    serves: "one",
    about: "capacity 1, filled at creation; waiter w sends `from w`; a completion is tryRecv(), which makes room for the oldest sender's value",
    *create() {
      const ch = channel<string>(1);
      ch.trySend("filler");
      return { ch, drained: null as string[] | null };
    },
    op: (p, ctx) => p.ch.send(`from ${ctx.name}`),
    holds: false,
    *complete(p) {
      const v = p.ch.tryRecv();
      return v === EMPTY || v === CLOSED ? "nothing to take" : `took ${v}`;
    },
    *teardown(p) {
      p.drained = drainChannel(p.ch);
    },
    got: () => "void",
    note: (e) => (e.k === 0 ? "took filler" : `took from w${e.prev}`),
    describe: /^send\(ch#\d+\)$/,
    ledger: (p) => `${channelLedger(p.ch)}${p.drained === null ? "" : ` drained=${p.drained.join(",")}`}`,
    expected: {
      afterCancel: "buffered=1 receivers=0 senders=2 sent=1",
      afterCancelServed: "buffered=1 receivers=0 senders=0 sent=4",
      afterWakeup: "buffered=1 receivers=0 senders=0 sent=2",
      settled: {
        fifo: "buffered=0 receivers=0 senders=0 sent=4 drained=from w2",
        cancel: "buffered=0 receivers=0 senders=0 sent=4 drained=from w3",
        wakeup: "buffered=0 receivers=0 senders=0 sent=2 drained=from w0",
        describe: "buffered=0 receivers=0 senders=0 sent=1 drained=filler",
      },
    },
  }),

  entry({
    name: "select([a.recv(), b.send(x)])",
    serves: "one",
    about: "two rendezvous channels a and b; waiter w selects over receiving on a and sending `from w` on b; completion k is a.trySend(v<k>) when k is even, b.tryRecv() when odd",
    *create() {
      return { a: channel<string>(0, { name: "a" }), b: channel<string>(0, { name: "b" }) };
    },
    op: (p, ctx) => select([p.a.recv(), p.b.send(`from ${ctx.name}`)]),
    holds: false,
    *complete(p, k) {
      if (k % 2 === 0) return p.a.trySend(`v${k}`) ? `sent v${k} on a` : `no receiver on a for v${k}`;
      const v = p.b.tryRecv();
      return v === EMPTY || v === CLOSED ? "nothing on b" : `took ${v} on b`;
    },
    show(got) {
      const r = got as { index: number; value: unknown };
      return `case ${r.index}: ${fmt(r.value)}`;
    },
    got: (e) => (e.k % 2 === 0 ? `case 0: v${e.k}` : "case 1: void"),
    note: (e) => (e.k % 2 === 0 ? `sent v${e.k} on a` : `took from w${e.w} on b`),
    describe: /^select\(recv\(a\), send\(b\)\)$/,
    ledger(p) {
      const a = p.a.stats();
      const b = p.b.stats();
      return `a.receivers=${a.receiversWaiting} b.senders=${b.sendersWaiting} a.sent=${a.sent} b.sent=${b.sent}`;
    },
    expected: {
      afterCancel: "a.receivers=2 b.senders=2 a.sent=0 b.sent=0",
      // Each fired select left no case behind on the other channel.
      afterCancelServed: "a.receivers=0 b.senders=0 a.sent=2 b.sent=1",
      afterWakeup: "a.receivers=0 b.senders=0 a.sent=1 b.sent=0",
    },
  }),

  entry({
    name: "stream: recv() on a stream's channel",
    serves: "one",
    about:
      "a stream is the receiving end of a channel fed by a producer task (stream.ts); its producer forwards what the driver puts on an unbounded `feed` channel. A completion is feed.trySend(v<k>) and one yield, in which the producer emits v<k> to the oldest receiver",
    *create() {
      const feed = channel<string>("unbounded", { name: "feed" });
      const out = yield* stream<string>(
        function* (emit) {
          for (;;) {
            const v = yield* feed.recv();
            if (v === CLOSED) return;
            yield* emit(v);
          }
        },
        { name: "out" },
      );
      return { feed, out };
    },
    op: (p) => p.out.recv(),
    holds: false,
    *complete(p, k) {
      p.feed.trySend(`v${k}`);
      yield* yieldNow(); // the producer forwards it
      return p.out.stats().sendersWaiting > 0 ? `fed v${k}; the producer waits to emit it` : `fed v${k}; emitted`;
    },
    got: (e) => `v${e.k}`,
    note: (e) => `fed v${e.k}; emitted`,
    describe: /^recv\(out\)$/,
    ledger(p) {
      const out = p.out.stats();
      return `receivers=${out.receiversWaiting} producerWaiting=${out.sendersWaiting} fed=${p.feed.stats().sent} emitted=${out.sent}`;
    },
    expected: {
      afterCancel: "receivers=2 producerWaiting=0 fed=0 emitted=0",
      afterCancelServed: "receivers=0 producerWaiting=0 fed=3 emitted=3",
      afterWakeup: "receivers=0 producerWaiting=0 fed=1 emitted=1",
    },
  }),

  entry({
    name: "broadcast: subscription recv()",
    serves: "all",
    about:
      "each waiter subscribes when it first waits and receives on its own subscription; a completion is trySend(v<k>), which every subscriber receives (FIFO = woken in subscription order, which is arrival order here). " +
      "Property 2: the cancelled waiter's subscription keeps the value in its buffer (not lost, not handed to it)",
    *create() {
      return { bc: broadcast<string>({ name: "news", capacity: 4 }) as Broadcast<string>, subs: new Map<Task<unknown>, Subscription<string>>() };
    },
    op(p, ctx) {
      let sub = p.subs.get(ctx.me);
      if (sub === undefined) {
        sub = p.bc.subscribe();
        p.subs.set(ctx.me, sub);
      }
      return sub.recv();
    },
    holds: false,
    *complete(p, k) {
      return p.bc.trySend(`v${k}`) ? `sent v${k}` : `a subscriber was full for v${k}`;
    },
    got: (e) => `v${e.k}`,
    note: (e) => `sent v${e.k}`,
    describe: /^recv\(news\.sub\d+\)$/,
    ledger(p) {
      const buffered = [...p.subs.values()].map((s) => s.stats().buffered);
      return `subscribers=${p.bc.stats().subscribers} buffered=${buffered.join("/")}`;
    },
    expected: {
      afterCancel: "subscribers=3 buffered=0/0/0",
      afterCancelServed: "subscribers=4 buffered=1/0/0/0",
      afterWakeup: "subscribers=1 buffered=0",
    },
  }),

  entry({
    name: "sim: SimEvent waited on by processes",
    serves: "all",
    processedAtTurn: true,
    about: "an event triggers once: a completion is succeed(v<k>), which wakes every waiter with v<k> (FIFO = woken in arrival order); in random programs a completion of a triggered event replaces it with a new one",
    *create() {
      return { ev: simEvent<string>({ name: "door" }) as SimEvent<string> };
    },
    op: (p) => p.ev,
    holds: false,
    *complete(p, k) {
      if (!p.ev.triggered) {
        p.ev.succeed(`v${k}`);
        return `succeeded v${k}`;
      }
      p.ev = simEvent<string>({ name: "door" });
      return "new door";
    },
    got: () => "v0",
    note: (e) => `succeeded v${e.k}`,
    describe: /^door$/,
    ledger: (p) => `triggered=${p.ev.triggered}${p.ev.ok ? ` value=${p.ev.value}` : ""}`,
    expected: { afterCancel: "triggered=false", afterCancelServed: "triggered=true value=v0", afterWakeup: "triggered=true value=v0" },
  }),

  entry({
    name: "sim: Resource request()",
    serves: "one",
    processedAtTurn: true,
    about: "Resource(3); the driver requests the 3 slots at creation, and a completion releases one of them; a waiter makes its request in its own task",
    *create() {
      const res = new Resource(3);
      return { res, bank: [res.request(), res.request(), res.request()] };
    },
    op: (p) => p.res.request(),
    holds: true,
    giveBack(p, got) {
      if (got instanceof Request && got.state === "served") p.res.release(got);
    },
    *complete(p) {
      const req = p.bank.shift();
      if (req === undefined) return "no slot left to release";
      p.res.release(req);
      return "released a slot";
    },
    *teardown(p) {
      for (let req = p.bank.shift(); req !== undefined; req = p.bank.shift()) p.res.release(req);
    },
    show: (got) => (got instanceof Request ? `request ${got.state}` : fmt(got)),
    got: () => "request served",
    note: () => "released a slot",
    describe: /^request\(res#\d+\)$/,
    ledger(p) {
      const s = p.res.stats();
      return `count=${s.count} queue=${s.queueLength} withdrawn=${s.withdrawn}`;
    },
    expected: {
      afterCancel: "count=3 queue=2 withdrawn=1",
      afterCancelServed: "count=3 queue=0 withdrawn=1",
      // w0's grant was taken back before its turn: the driver holds 2, and the slot is free.
      afterWakeup: "count=2 queue=0 withdrawn=1",
      settled: {
        fifo: "count=0 queue=0 withdrawn=0",
        cancel: "count=0 queue=0 withdrawn=1",
        wakeup: "count=0 queue=0 withdrawn=1",
        describe: "count=0 queue=0 withdrawn=1",
      },
    },
  }),

  entry({
    name: "sim: Store get()",
    serves: "one",
    processedAtTurn: true,
    about: "an unbounded Store; a waiter makes its get in its own task; a completion is put(v<k>), served at once, which serves the oldest get",
    *create() {
      return { store: new Store<string>() };
    },
    op: (p) => p.store.get(),
    holds: false,
    *complete(p, k) {
      p.store.put(`v${k}`);
      return `put v${k}`;
    },
    got: (e) => `v${e.k}`,
    note: (e) => `put v${e.k}`,
    describe: /^get\(store#\d+\)$/,
    ledger(p) {
      return `items=${p.store.size} gets=${p.store.getQueueLength} withdrawn=${p.store.stats().withdrawn}`;
    },
    // Property 3: w0's get was taken back before its turn, and v0 went back into the store.
    expected: { afterCancel: "items=0 gets=2 withdrawn=1", afterCancelServed: "items=0 gets=0 withdrawn=1", afterWakeup: "items=1 gets=0 withdrawn=1" },
  }),
];

// ------------------------------------------------------------------ the properties

/** The lines of the log that mention `who`. */
function linesOf(run: Scripted, who: string): string[] {
  return run.log.filter((line) => line.includes(` ${who}: `)).map((line) => line.replace(/^t=\d+ /, ""));
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Action>({ kind: "wait" }) },
  { weight: 3, arbitrary: fc.constant<Action>({ kind: "complete" }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("completeThenCancel" as const), target: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), target: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: "yield" }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sleep" as const), ms: fc.constantFrom(0, 1, 1, 2, 3) }) },
);
const programArb: fc.Arbitrary<TaskProgram[]> = fc.array(fc.record({ start: fc.constantFrom(0, 0, 1, 2), actions: fc.array(actionArb, { maxLength: 6 }) }), {
  minLength: 2,
  maxLength: 4,
});

describe.each(TABLE.map((e) => [e.name, e] as const))("%s", (_name, e) => {
  describe.each(FORMS)("%s form", (form) => {
    it("1. serves waiters in arrival order", () => {
      const run = scripted(e, form, 3, function* (s) {
        for (let w = 0; w < 3; w++) yield* s.arrive(w);
        for (let k = 0; k < (e.serves === "one" ? 3 : 1); k++) {
          yield* s.complete();
          yield* sleep(1);
        }
      });
      expect(run.served).toEqual(expectedServed(e, [0, 1, 2], 3));
      expect(run.notes).toEqual(expectedNotes(e, [0, 1, 2], 3));
      const settled = settledFor(e, "fifo");
      if (settled !== undefined) expect(run.at["settled"]).toBe(settled);
    });

    it("2. a waiter cancelled while parked is handed nothing, and nothing is lost", () => {
      const run = scripted(e, form, 3, function* (s) {
        for (let w = 0; w < 3; w++) yield* s.arrive(w);
        s.waiters[0]?.cancel();
        yield* sleep(1);
        s.record("w0 state", s.waiters[0]?.state ?? "?");
        s.checkpoint("afterCancel");
        yield* s.arrive(3); // arrives after the cancellation: still served after w1 and w2
        for (let k = 0; k < (e.serves === "one" ? 3 : 1); k++) {
          yield* s.complete();
          yield* sleep(1);
        }
        s.checkpoint("afterCancelServed");
      });
      expect(run.at["w0 state"]).toBe("cancelled");
      expect(linesOf(run, "w0")).toEqual(["w0: waits", "w0: finally"]);
      expect(run.finallies["w0"]).toBe(1);
      expect(run.served).toEqual(expectedServed(e, [1, 2, 3], 3));
      expect(run.notes).toEqual(expectedNotes(e, [1, 2, 3], 3));
      expect(run.at["afterCancel"]).toBe(e.expected.afterCancel);
      expect(run.at["afterCancelServed"]).toBe(e.expected.afterCancelServed);
      const settled = settledFor(e, "cancel");
      if (settled !== undefined) expect(run.at["settled"]).toBe(settled);
    });

    it("2b. the same for a waiter cancelled in the middle of the queue", () => {
      const run = scripted(e, form, 3, function* (s) {
        for (let w = 0; w < 3; w++) yield* s.arrive(w);
        s.waiters[1]?.cancel();
        yield* sleep(1);
        s.record("w1 state", s.waiters[1]?.state ?? "?");
        s.checkpoint("afterCancel");
        yield* s.arrive(3);
        for (let k = 0; k < (e.serves === "one" ? 3 : 1); k++) {
          yield* s.complete();
          yield* sleep(1);
        }
      });
      expect(run.at["w1 state"]).toBe("cancelled");
      expect(linesOf(run, "w1")).toEqual(["w1: waits", "w1: finally"]);
      expect(run.served).toEqual(expectedServed(e, [0, 2, 3], 3));
      expect(run.notes).toEqual(expectedNotes(e, [0, 2, 3], 3));
      expect(run.at["afterCancel"]).toBe(e.expected.afterCancel);
    });

    if (e.processedAtTurn !== true) it("3. a wake-up is never taken back: woken, then cancelled before it runs, the waiter still receives", () => {
      const run = scripted(e, form, 1, function* (s) {
        yield* s.arrive(0);
        yield* s.complete();
        const w0 = s.waiters[0] as Task<unknown>;
        s.record("w0 state after completion", w0.state);
        w0.cancel();
        yield* sleep(1);
        s.record("w0 state", w0.state);
        s.checkpoint("afterWakeup");
      });
      expect(run.at["w0 state after completion"]).toBe("ready"); // woken, not yet run
      expect(run.served).toEqual(expectedServed(e, [0], 1));
      expect(run.notes).toEqual(expectedNotes(e, [0], 1));
      // It ran with its value to its next yield and was cancelled there: no "done".
      expect(linesOf(run, "w0")).toEqual(["w0: waits", `w0: got ${e.got({ k: 0, w: 0, j: 0, prev: -1, n: 1 })}`, "w0: finally"]);
      expect(run.at["w0 state"]).toBe("cancelled");
      expect(run.finallies["w0"]).toBe(1);
      expect(run.at["afterWakeup"]).toBe(e.expected.afterWakeup);
      const settled = settledFor(e, "wakeup");
      if (settled !== undefined) expect(run.at["settled"]).toBe(settled);
    });

    if (e.processedAtTurn === true) it("3. (simulation) a completion is processed at its turn: a waiter cancelled before it does not receive, and what it was served goes back", () => {
      const run = scripted(e, form, 1, function* (s) {
        yield* s.arrive(0);
        yield* s.complete();
        const w0 = s.waiters[0] as Task<unknown>;
        s.record("w0 state after completion", w0.state);
        w0.cancel();
        yield* sleep(1);
        s.record("w0 state", w0.state);
        s.checkpoint("afterWakeup");
      });
      expect(run.at["w0 state after completion"]).toBe("blocked"); // the completion's turn has not come
      expect(run.served).toEqual([]);
      expect(run.notes).toEqual(expectedNotes(e, [0], 1));
      expect(linesOf(run, "w0")).toEqual(["w0: waits", "w0: finally"]);
      expect(run.at["w0 state"]).toBe("cancelled");
      expect(run.finallies["w0"]).toBe(1);
      expect(run.at["afterWakeup"]).toBe(e.expected.afterWakeup);
      const settled = settledFor(e, "wakeup");
      if (settled !== undefined) expect(run.at["settled"]).toBe(settled);
    });

    it("4. describe() names the wait, in task.waitingOn and in dump()", () => {
      const run = scripted(e, form, 1, function* (s) {
        yield* s.arrive(0);
        const w0 = s.waiters[0] as Task<unknown>;
        s.record("state", w0.state);
        s.record("waitingOn", w0.waitingOn ?? "(none)");
        s.record("line", `  ${w0.label} blocked on ${w0.waitingOn ?? "(none)"} for 1ms`);
        s.record("dump", s.dump());
      });
      expect(run.at["state"]).toBe("blocked");
      expect(run.at["waitingOn"]).toMatch(e.describe);
      expect((run.at["dump"] ?? "").split("\n")).toContain(run.at["line"]);
      const settled = settledFor(e, "describe");
      if (settled !== undefined) expect(run.at["settled"]).toBe(settled);
    });
  });

  it("5. typed and plain forms give identical runs of the same random program (and so does mixing them)", () => {
    fc.assert(
      fc.property(programArb, (programs) => {
        const typed = randomRun(e, programs, "typed");
        expect(randomRun(e, programs, "plain")).toEqual(typed);
        expect(randomRun(e, programs, "mixed")).toEqual(typed);
      }),
      { numRuns: runs(50) },
    );
  });
});

describe("the contract's random programs", () => {
  it("exercise parking, completion and cancellation (they are not trivially equal)", () => {
    // A fixed program on the semaphore (main holds the 3 permits): t0 parks, t1 releases one to
    // it, then t1 parks and t0 cancels it; t0's permit goes back to the pool in its finally.
    const sem = TABLE[0] as Entry<unknown>;
    const programs: TaskProgram[] = [
      { start: 0, actions: [{ kind: "wait" }, { kind: "sleep", ms: 2 }, { kind: "cancel", target: 1 }] },
      { start: 1, actions: [{ kind: "complete" }, { kind: "wait" }] },
    ];
    const typed = randomRun(sem, programs, "typed");
    expect(typed).toEqual(randomRun(sem, programs, "plain"));
    expect(typed).toEqual([
      "t=0 t0: waits",
      "t=1 t1: complete 0",
      "t=1 t1: completed 0: released",
      "t=1 t1: waits",
      "t=1 t0: got void",
      "t=3 t0: cancels t1 (blocked)",
      "t=3 t0: done",
      "t=3 t0: finally, holding 1",
      "t=3 t1: finally, holding 0",
      "t=30 main: ledger available=1 held=2 waiting=0",
      "t=31 main: settled available=3 held=0 waiting=0",
      "states t0=done t1=cancelled",
    ]);
  });
});

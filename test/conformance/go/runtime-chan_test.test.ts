/**
 * Port of Go 1.19's src/runtime/chan_test.go (the Test* functions; the
 * Benchmark* functions are not ported). Sizes are Go's, smaller where noted
 * (so that the file runs in a few seconds).
 */
import { MODES, recvOn, sendOn } from "./helpers.js";
import { CLOSED, EMPTY, channel, run, select, semaphore, sleep, spawn, trySelect, waitGroup, yieldNow } from "../../../src/index.js";
import type { Channel, Coroutine } from "../../../src/index.js";

describe("runtime/chan_test.go", () => {
  it("TestChan", () => {
    const N = 200; // Go: 200 (20 with -short)
    const failures: string[] = [];
    run(function* () {
      for (let cap = 0; cap < N; cap++) {
        {
          // Receiving from an empty channel blocks; a non-blocking receive does not.
          const c = channel<number>(cap);
          let recv1 = false;
          let recv2 = false;
          yield* spawn(function* () {
            yield* c.recv();
            recv1 = true;
          });
          yield* spawn(function* () {
            const v = yield* c.recv();
            if (v !== CLOSED) recv2 = true;
          });
          yield* sleep(1);
          if (recv1 || recv2) failures.push(`chan[${cap}]: receive from empty chan`);
          if (trySelect([c.recv()]) !== null) failures.push(`chan[${cap}]: non-blocking receive from empty chan`);
          if (c.tryRecv() !== EMPTY) failures.push(`chan[${cap}]: tryRecv from empty chan`);
          yield* c.send(0);
          yield* c.send(0);
        }
        {
          // Sending to a full channel blocks; a non-blocking send does not.
          const c = channel<number>(cap);
          for (let i = 0; i < cap; i++) yield* c.send(i);
          let sent = false;
          yield* spawn(function* () {
            yield* c.send(0);
            sent = true;
          });
          yield* sleep(1);
          if (sent) failures.push(`chan[${cap}]: send to full chan`);
          if (trySelect([c.send(0)]) !== null) failures.push(`chan[${cap}]: non-blocking send to full chan`);
          yield* c.recv();
        }
        {
          // A closed channel gives its buffered values, then CLOSED (Go's zero value with ok == false).
          const c = channel<number>(cap);
          for (let i = 0; i < cap; i++) yield* c.send(i);
          c.close();
          for (let i = 0; i < cap; i++) {
            const v = yield* c.recv();
            if (v !== i) failures.push(`chan[${cap}]: received ${String(v)}, expected ${i}`);
          }
          if ((yield* c.recv()) !== CLOSED) failures.push(`chan[${cap}]: expected CLOSED`);
          if ((yield* c.recv()) !== CLOSED) failures.push(`chan[${cap}]: expected CLOSED again`);
        }
        {
          // close() wakes a blocked receiver with CLOSED.
          const c = channel<number>(cap);
          const done = channel<boolean>();
          yield* spawn(function* () {
            yield* done.send((yield* c.recv()) === CLOSED);
          });
          yield* sleep(1);
          c.close();
          if ((yield* done.recv()) !== true) failures.push(`chan[${cap}]: received non-CLOSED from closed chan`);
        }
        {
          // 100 values arrive uncorrupted and in FIFO order, twice.
          const c = channel<number>(cap);
          for (let round = 0; round < 2; round++) {
            yield* spawn(function* () {
              for (let i = 0; i < 100; i++) yield* c.send(i);
            });
            for (let i = 0; i < 100; i++) {
              const v = yield* c.recv();
              if (v !== i) failures.push(`chan[${cap}]: received ${String(v)}, expected ${i}`);
            }
          }
          // 4 senders of 0..999 and 4 receivers of 1000 values each: every value arrives 4 times.
          const P = 4;
          const L = 1000;
          for (let p = 0; p < P; p++) {
            yield* spawn(function* () {
              for (let i = 0; i < L; i++) yield* c.send(i);
            });
          }
          const done = channel<Map<number, number>>();
          for (let p = 0; p < P; p++) {
            yield* spawn(function* () {
              const got = new Map<number, number>();
              for (let i = 0; i < L; i++) {
                const v = yield* c.recv();
                if (v === CLOSED) throw new Error("closed");
                got.set(v, (got.get(v) ?? 0) + 1);
              }
              yield* done.send(got);
            });
          }
          const total = new Map<number, number>();
          for (let p = 0; p < P; p++) {
            const got = yield* done.recv();
            if (got === CLOSED) throw new Error("closed");
            for (const [k, n] of got) total.set(k, (total.get(k) ?? 0) + n);
          }
          if (total.size !== L) failures.push(`chan[${cap}]: received ${total.size} values, expected ${L}`);
          for (const n of total.values()) if (n !== P) failures.push(`chan[${cap}]: a value arrived ${n} times, expected ${P}`);
        }
        {
          // Go's len(c) and cap(c): stats().buffered and capacity.
          const c = channel<number>(cap);
          if (c.stats().buffered !== 0 || c.capacity !== cap) failures.push(`chan[${cap}]: bad len/cap when empty`);
          for (let i = 0; i < cap; i++) yield* c.send(i);
          if (c.stats().buffered !== cap || c.capacity !== cap) failures.push(`chan[${cap}]: bad len/cap when full`);
        }
      }
    });
    expect(failures).toEqual([]);
  });

  describe.each(MODES)("TestNonblockRecvRace ($mode)", ({ options }) => {
    it("TestNonblockRecvRace", () => {
      const n = 10_000; // Go: 10000 (100 with -short)
      let notReady = 0;
      run(function* () {
        for (let i = 0; i < n; i++) {
          const c = channel<number>(1);
          yield* c.send(1);
          yield* spawn(function* () {
            if (trySelect([c.recv()], options) === null) notReady++;
          });
          c.close();
          yield* c.recv();
        }
      });
      expect(notReady).toBe(0);
    });
  });

  describe.each(MODES)("TestNonblockSelectRace ($mode)", ({ options }) => {
    it("TestNonblockSelectRace", () => {
      const n = 10_000; // Go: 100000 (1000 with -short)
      const result = run(function* () {
        const done = channel<boolean>(1);
        for (let i = 0; i < n; i++) {
          const c1 = channel<number>(1);
          const c2 = channel<number>(1);
          yield* c1.send(1);
          yield* spawn(function* () {
            yield* done.send(trySelect([c1.recv(), c2.recv()], options) !== null);
          });
          yield* c2.send(1);
          trySelect([c1.recv()]);
          if ((yield* done.recv()) !== true) return `no chan is ready in round ${i}`;
        }
        return "ok";
      });
      expect(result).toBe("ok");
    });
  });

  describe.each(MODES)("TestNonblockSelectRace2 ($mode)", ({ options }) => {
    it("TestNonblockSelectRace2", () => {
      const n = 10_000; // Go: 100000 (1000 with -short)
      const result = run(function* () {
        const done = channel<boolean>(1);
        for (let i = 0; i < n; i++) {
          const c1 = channel<number>(1);
          const c2 = channel<number>();
          yield* c1.send(1);
          yield* spawn(function* () {
            yield* done.send(trySelect([c1.recv(), c2.recv()], options) !== null);
          });
          c2.close();
          trySelect([c1.recv()]);
          if ((yield* done.recv()) !== true) return `no chan is ready in round ${i}`;
        }
        return "ok";
      });
      expect(result).toBe("ok");
    });
  });

  describe.each(MODES)("TestSelfSelect ($mode)", ({ options }) => {
    it("TestSelfSelect", () => {
      const errors: string[] = [];
      run(function* () {
        for (const cap of [0, 10]) {
          const wg = waitGroup();
          wg.add(2);
          const c = channel<number>(cap);
          for (let p = 0; p < 2; p++) {
            yield* spawn(function* () {
              try {
                for (let i = 0; i < 1000; i++) {
                  // The send case first, or the receive case first.
                  const r = p === 0 || i % 2 === 0 ? yield* select([c.send(p), c.recv()], options) : yield* select([c.recv(), c.send(p)], options);
                  const received = p === 0 || i % 2 === 0 ? r.index === 1 : r.index === 0;
                  if (received && cap === 0 && r.value === p) {
                    errors.push(`self receive by ${p}`);
                    return;
                  }
                }
              } finally {
                wg.done();
              }
            });
          }
          yield* wg.wait();
        }
      });
      expect(errors).toEqual([]);
    });
  });

  describe.each(MODES)("TestSelectStress ($mode)", ({ options }) => {
    it("TestSelectStress", () => {
      const N = 10_000; // Go: 100000, 10000 with -short
      const c: Channel<number>[] = [channel<number>(), channel<number>(), channel<number>(2), channel<number>(3)];
      const counts = run(function* () {
        const wg = waitGroup();
        wg.add(10);
        const tally = { sent: [0, 0, 0, 0], received: [0, 0, 0, 0] };
        for (let k = 0; k < 4; k++) {
          const ch = c[k] as Channel<number>;
          yield* spawn(function* () {
            for (let i = 0; i < N; i++) yield* ch.send(0);
            wg.done();
          });
          yield* spawn(function* () {
            for (let i = 0; i < N; i++) yield* ch.recv();
            wg.done();
          });
        }
        // One task sends N values on each channel from a single select, switching a channel off once it is done.
        yield* spawn(function* () {
          const n = [0, 0, 0, 0];
          const c1: (Channel<number> | null)[] = [...c];
          for (let i = 0; i < 4 * N; i++) {
            const r = yield* select([sendOn(c1[3] ?? null, 0), sendOn(c1[2] ?? null, 0), sendOn(c1[0] ?? null, 0), sendOn(c1[1] ?? null, 0)], options);
            const k = [3, 2, 0, 1][r.index] as number;
            n[k] = (n[k] as number) + 1;
            if (n[k] === N) c1[k] = null;
          }
          tally.sent = n;
          wg.done();
        });
        // And one receives N values from each channel from a single select.
        yield* spawn(function* () {
          const n = [0, 0, 0, 0];
          const c1: (Channel<number> | null)[] = [...c];
          for (let i = 0; i < 4 * N; i++) {
            const r = yield* select([recvOn(c1[0] ?? null), recvOn(c1[1] ?? null), recvOn(c1[2] ?? null), recvOn(c1[3] ?? null)], options);
            n[r.index] = (n[r.index] as number) + 1;
            if (n[r.index] === N) c1[r.index] = null;
          }
          tally.received = n;
          wg.done();
        });
        yield* wg.wait();
        return tally;
      });
      expect(counts).toEqual({ sent: [N, N, N, N], received: [N, N, N, N] });
    });
  });

  describe("TestSelectFairness", () => {
    const trials = 10_000;
    const program = (fair: boolean) =>
      function* (): Coroutine<[number, number]> {
        const c1 = channel<number>(trials + 1);
        const c2 = channel<number>(trials + 1);
        for (let i = 0; i < trials + 1; i++) {
          c1.trySend(1);
          c2.trySend(2);
        }
        const c3 = channel<number>();
        const c4 = channel<number>();
        const out = channel<number>();
        const done = channel<number>();
        const wg = waitGroup();
        wg.add(1);
        yield* spawn(function* () {
          try {
            for (;;) {
              const r = yield* select([c3.recv(), c4.recv(), c1.recv(), c2.recv()], { fair });
              const b = r.value as number;
              const s = yield* select([out.send(b), done.recv()], { fair });
              if (s.index === 1) return;
            }
          } finally {
            wg.done();
          }
        });
        let cnt1 = 0;
        let cnt2 = 0;
        for (let i = 0; i < trials; i++) {
          const b = yield* out.recv();
          if (b === 1) cnt1++;
          else if (b === 2) cnt2++;
          else throw new Error(`unexpected value ${String(b)} on channel`);
        }
        done.close();
        yield* wg.wait();
        return [cnt1, cnt2];
      };

    it("TestSelectFairness (fair)", () => {
      const [cnt1, cnt2] = run(program(true), { seed: 1 });
      // Go's bound: six nines of confidence that a fair choice stays this close to one half.
      const e = Math.abs(cnt1 / trials - 0.5);
      expect(cnt1 + cnt2).toBe(trials);
      expect(e).toBeLessThanOrEqual(4.891676 / (2 * Math.sqrt(trials)));
    });

    it("TestSelectFairness (default): documented difference, the first listed ready case always wins", () => {
      expect(run(program(false))).toEqual([trials, 0]);
    });
  });

  it("TestChanSendInterface", () => {
    run(function* () {
      const m = { kind: "mt" };
      const c = channel<object>(1);
      yield* c.send(m);
      expect(trySelect([c.send(m)])).toBeNull();
      expect(trySelect([c.send(m), c.send({ kind: "mt" })])).toBeNull();
      expect(c.tryRecv()).toBe(m);
    });
  });

  describe("TestPseudoRandomSend", () => {
    const n = 100;
    // Go's sync.Mutex locked by the test and unlocked by the receiver is a
    // signal between two tasks: in spindle, a counting semaphore(0) (a mutex
    // has an owner, and only the owner may unlock it).
    const program = (fair: boolean) =>
      function* (): Coroutine<[number, number][]> {
        const results: [number, number][] = [];
        for (const cap of [0, n]) {
          const c = channel<number>(cap);
          const l: number[] = new Array<number>(n).fill(-1);
          const finished = semaphore(0);
          yield* spawn(function* () {
            for (let i = 0; i < n; i++) {
              yield* yieldNow();
              const v = yield* c.recv();
              l[i] = v === CLOSED ? -1 : v;
            }
            finished.release();
          });
          for (let i = 0; i < n; i++) yield* select([c.send(1), c.send(0)], { fair });
          yield* finished.acquire();
          let n0 = 0;
          let n1 = 0;
          for (const v of l) {
            n0 += (v + 1) % 2;
            n1 += v;
          }
          results.push([n0, n1]);
        }
        return results;
      };

    it("TestPseudoRandomSend (fair)", () => {
      for (const [n0, n1] of run(program(true), { seed: 1 })) {
        expect(n0).toBeGreaterThan(n / 10);
        expect(n1).toBeGreaterThan(n / 10);
      }
    });

    it("TestPseudoRandomSend (default): documented difference, the first listed case always wins", () => {
      expect(run(program(false))).toEqual([
        [0, n],
        [0, n],
      ]);
    });
  });

  it("TestMultiConsumer", () => {
    const nwork = 23;
    const niter = 271_828;
    const pn = [2, 3, 7, 11, 13, 17, 19, 23, 27, 31];
    const [n, s, expected] = run(function* () {
      const q = channel<number>(nwork * 3);
      const r = channel<number>(nwork * 3);
      const wg = waitGroup();
      for (let w = 0; w < nwork; w++) {
        wg.add(1);
        yield* spawn(function* () {
          for (;;) {
            const v = yield* q.recv();
            if (v === CLOSED) break;
            if (pn[w % pn.length] === v) yield* yieldNow(); // upsets the FIFO-ish order of the workers
            yield* r.send(v);
          }
          wg.done();
        });
      }
      let expect = 0;
      yield* spawn(function* () {
        for (let i = 0; i < niter; i++) {
          const v = pn[i % pn.length] as number;
          expect += v;
          yield* q.send(v);
        }
        q.close();
        yield* wg.wait();
        r.close();
      });
      let count = 0;
      let sum = 0;
      for (;;) {
        const v = yield* r.recv();
        if (v === CLOSED) break;
        count++;
        sum += v;
      }
      return [count, sum, expect];
    });
    expect([n, s]).toEqual([niter, expected]);
  });

  it.skip("TestShrinkStackDuringBlockedSend: Go-only, GC stack shrinking of a goroutine blocked in send (a generator has no stack to shrink)", () => {});

  it.skip("TestNoShrinkStackWhileParking: Go-only, a race between GC stack shrinking and parking", () => {});

  it("TestSelectDuplicateChannel", () => {
    const result = run(function* () {
      const c = channel<number>();
      const d = channel<number>();
      const e = channel<number>();
      yield* spawn(function* a() {
        yield* select([c.recv(), c.recv(), d.recv()]); // queued on c twice
        yield* e.send(9);
      });
      yield* sleep(1); // a is queued on c first
      let bGot: unknown = null;
      yield* spawn(function* b() {
        bGot = yield* c.recv();
      });
      yield* sleep(1); // then b
      yield* d.send(7); // wakes a, which leaves c's queue
      yield* e.recv();
      yield* c.send(8); // must reach b
      yield* sleep(1);
      return [bGot, c.stats().receiversWaiting];
    });
    expect(result).toEqual([8, 0]);
  });

  it("TestSelectStackAdjust (semantic part: duplicate and disabled cases, woken by close; the GC stack adjustment is Go-only)", () => {
    const result = run(function* () {
      const c = channel<{ val: number }>();
      const d = channel<{ val: number }>();
      const ready1 = channel<boolean>();
      const ready2 = channel<boolean>();
      const errors: string[] = [];
      const f = (ready: Channel<boolean>, dup: boolean) =>
        function* (): Coroutine<void> {
          yield* ready.send(true);
          const val = { val: 42 };
          let cx = val;
          const c2 = dup ? c : null;
          const d2 = dup ? d : null;
          const r = yield* select([c.recv(), recvOn(c2), d.recv(), recvOn(d2)]);
          if (r.index === 0 && r.value !== CLOSED) cx = r.value;
          if (r.index !== 2 && r.index !== 3) errors.push(`woken by case ${r.index}`);
          if (cx !== val) errors.push("cx no longer points to val");
          else if (val.val !== 42) errors.push("val changed");
          else {
            cx.val = 43;
            const seen: { val: number } = val;
            if (seen.val !== 43) errors.push("changing cx failed to change val");
          }
          yield* ready.send(true);
        };
      yield* spawn(f(ready1, false));
      yield* spawn(f(ready2, true));
      yield* ready1.recv();
      yield* ready2.recv();
      yield* sleep(10);
      d.close();
      yield* ready1.recv();
      yield* ready2.recv();
      return errors;
    });
    expect(result).toEqual([]);
  });
});

/**
 * Dining philosophers: five philosophers, five forks (mutexes), each needs
 * the fork on both sides to eat. Taking the left fork and then the right
 * one deadlocks once everyone holds a left fork; taking the lower-numbered
 * fork first breaks the cycle (a global lock order), and everyone eats.
 */
import { DeadlockError, currentTask, mutex, run, sleep, spawn } from "../../src/index.js";
import type { Coroutine, Mutex, Task } from "../../src/index.js";

const N = 5;
const MEALS = 3;

function forks(): Mutex[] {
  return Array.from({ length: N }, (_, k) => mutex({ name: `fork#${k}` }));
}

describe("dining philosophers", () => {
  it("with the lower-numbered fork taken first, every philosopher eats every meal", () => {
    const dine = (): string[] => {
      const log: string[] = [];
      const fork = forks();
      function* eat(i: number, meal: number): Coroutine<void> {
        const me = yield* currentTask();
        const left = fork[i] as Mutex;
        const right = fork[(i + 1) % N] as Mutex;
        // Both forks are ours while we eat: no neighbour can be eating.
        expect({ i, leftIsMine: left.owner === me, rightIsMine: right.owner === me }).toEqual({ i, leftIsMine: true, rightIsMine: true });
        log.push(`t=${me.scheduler.now} philosopher ${i} eats meal ${meal}`);
        yield* sleep(2);
      }
      function* philosopher(i: number): Coroutine<number> {
        const a = i;
        const b = (i + 1) % N;
        const first = fork[Math.min(a, b)] as Mutex;
        const second = fork[Math.max(a, b)] as Mutex;
        let meals = 0;
        for (let meal = 1; meal <= MEALS; meal++) {
          yield* sleep(1); // think
          yield* first.withLock(
            (function* () {
              yield* sleep(1); // reach for the other fork: lets the neighbours interleave
              yield* second.withLock(eat(i, meal));
            })(),
          );
          meals++;
        }
        return meals;
      }
      const meals = run(function* main() {
        const table: Task<number>[] = [];
        for (let i = 0; i < N; i++) table.push(yield* spawn(philosopher, i));
        const eaten: number[] = [];
        for (const p of table) eaten.push(yield* p);
        return eaten;
      });
      expect(meals).toEqual([MEALS, MEALS, MEALS, MEALS, MEALS]);
      expect(fork.map((f) => f.locked)).toEqual([false, false, false, false, false]);
      return log;
    };
    const log = dine();
    expect(log).toHaveLength(N * MEALS);
    for (let i = 0; i < N; i++) expect(log.filter((l) => l.includes(`philosopher ${i} eats`))).toHaveLength(MEALS);
    // Deterministic: the same program gives the same dinner, meal for meal.
    expect(dine()).toEqual(log);
  });

  it("with left fork then right fork, everyone ends up holding one fork: DeadlockError names the five and what each waits on", () => {
    const fork = forks();
    function* philosopher(i: number): Coroutine<void> {
      const left = fork[i] as Mutex;
      const right = fork[(i + 1) % N] as Mutex;
      yield* left.lock();
      yield* sleep(1); // everyone picks up their left fork before anyone reaches right
      yield* right.lock();
      right.unlock();
      left.unlock();
    }
    let error: unknown;
    try {
      run(function* main() {
        const table: Task<void>[] = [];
        for (let i = 0; i < N; i++) table.push(yield* spawn(philosopher, i));
        for (const p of table) yield* p;
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeadlockError);
    const deadlock = error as DeadlockError;
    expect(deadlock.time).toBe(1);
    const philosophers = deadlock.blocked.filter((t) => t.name === "philosopher");
    expect(philosophers.map((t) => `${t.label} waits on ${t.waitingOn}`)).toEqual([
      'task#2 "philosopher" waits on lock(fork#1) held by task#3 "philosopher"',
      'task#3 "philosopher" waits on lock(fork#2) held by task#4 "philosopher"',
      'task#4 "philosopher" waits on lock(fork#3) held by task#5 "philosopher"',
      'task#5 "philosopher" waits on lock(fork#4) held by task#6 "philosopher"',
      'task#6 "philosopher" waits on lock(fork#0) held by task#2 "philosopher"',
    ]);
    expect(philosophers.every((t) => t.since === 1 && t.parents[0] === 'task#1 "main"')).toBe(true);
    expect(deadlock.blocked.find((t) => t.name === "main")?.waitingOn).toBe('join(task#2 "philosopher")');
    expect(deadlock.message).toContain('task#6 "philosopher" waits on lock(fork#0) held by task#2 "philosopher" since t=1');
  });
});

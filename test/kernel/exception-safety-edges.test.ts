/**
 * Exception safety at the edges: finish listeners, error objects that are
 * user code (a throwing message getter, a revoked Proxy), Timer.fire under
 * a FrameHost.
 */
import { FrameHost, VirtualHost, sleep, spawn } from "../../src/index.js";
import { Timer } from "../../src/extend.js";

describe("exception safety at the edges", () => {
  // lifecycle.ts notifyFinished: a listener that throws has not handled the
  // failure, so it still reaches the parent or `uncaught` (no error is dropped).
  it("a finish listener that throws does not swallow the task's failure", () => {
    const host = new VirtualHost();
    const main = host.spawn(function* main() {
      const child = yield* spawn(function* child() {
        yield* sleep(1);
        throw new Error("child failed");
      });
      child.addFinishListener({
        taskFinished() {
          throw new Error("listener bug");
        },
      });
      yield* sleep(10);
    });
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      try {
        host.run();
        break;
      } catch (e) {
        seen.push((e as Error).message);
      }
    }
    if (main.state === "failed") seen.push((main.error as Error).message);
    expect(seen).toContain("child failed");
  });

  // lifecycle.ts complete(): the AggregateError message reads each error's
  // `message`, user code; unguarded, a throw there would escape the step and
  // leave the task RUNNING, off the queue, live forever, its errors lost.
  it("a failure whose message getter throws still finishes the task", () => {
    class Weird extends Error {
      override get message(): string {
        throw new Error("message getter threw");
      }
    }
    const host = new VirtualHost();
    const main = host.spawn(function* main() {
      yield* spawn(function* child() {
        throw new Error("child failed");
      });
      try {
        yield* sleep(10);
      } finally {
        throw new Weird(); // eslint-disable-line no-unsafe-finally
      }
    });
    try {
      host.run();
    } catch {
      // the failure reaches the host: fine
    }
    expect(main.isFinished).toBe(true);
    expect(host.scheduler.liveTasks).toBe(0);
  });

  // lifecycle.ts bodyEnded -> tagWithTask: hasOwnProperty on a revoked Proxy
  // throws; unguarded, the same outcome.
  it("a task that throws a revoked proxy still finishes", () => {
    const host = new VirtualHost();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const t = host.spawn(function* thrower() {
      yield* sleep(1);
      throw proxy;
    });
    try {
      host.run();
    } catch {
      // reaching the host is fine
    }
    expect(t.state).toBe("failed");
    expect(host.scheduler.liveTasks).toBe(0);
  });

  // hosts/frame.ts advance(): a timer's error must not abandon the frame:
  // the clock reaches the frame's end (no dt lost), lastSteps is current and
  // uncaught failures are reported.
  it("FrameHost keeps its clock at the sum of the frames' dt when a timer throws", () => {
    const game = new FrameHost();
    class Bad extends Timer {
      fire(): void {
        throw new Error("bad timer");
      }
    }
    game.scheduler.addTimer(new Bad(), 5);
    for (let i = 0; i < 3; i++) {
      try {
        game.advance(16);
      } catch {
        // the timer's error reaches the game loop: fine
      }
    }
    expect(game.now).toBe(48);
  });
});

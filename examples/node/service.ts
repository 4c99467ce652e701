/**
 * docs/node.md: an HTTP service whose requests are tasks, on the wall clock,
 * shut down gracefully on SIGINT or SIGTERM. Run it, then press Ctrl-C:
 *
 *   npx tsx examples/node/service.ts --port 8080
 *
 * Options (test/node/shutdown.test.ts uses them): --port N (0: any free
 * port), --cleanup-ms N (how long each cleanup step takes), --timeout-ms N
 * (the shutdown deadline), --hang (the cleanup never ends), --fail-cleanup
 * (the cleanup throws).
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CLOSED, RealtimeHost, action, channel, scope, sleep, suspend } from "spindle";
import type { Channel, Coroutine } from "spindle";
import type { Instruction } from "spindle/extend";
import { shutdownOnSignals } from "spindle/node";

interface Options {
  port: number;
  cleanupMs: number;
  timeoutMs: number;
  hang: boolean;
  failCleanup: boolean;
}

// #region bridge
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/** server.listen as an operation: gives the port. */
function listen(server: Server, port: number): Instruction<number> {
  return action<number>(`listen(${port})`, (resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    return () => server.off("error", reject);
  });
}

/** server.close as an operation: stops accepting, waits for open connections to end. */
function close(server: Server): Instruction<void> {
  return action<void>("close(server)", (resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Requests arrive in Node callbacks, outside the scheduler; a channel hands them to tasks. */
function serve(server: Server): Channel<Exchange> {
  const requests = channel<Exchange>(100, { name: "requests" });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (requests.closed || !requests.trySend({ req, res })) {
      res.statusCode = 503;
      res.end("busy\n");
    }
  });
  return requests;
}
// #endregion bridge

// #region service
function* handle(exchange: Exchange, n: number, options: Options): Coroutine<void> {
  const { req, res } = exchange;
  console.log(`request ${n} ${req.url}: started`);
  try {
    yield* sleep(req.url === "/slow" ? 60_000 : 10);
    res.end(`hello from request ${n}\n`);
    console.log(`request ${n}: answered`);
  } finally {
    if (!res.writableEnded) {
      console.log(`request ${n}: cancelled, answering 503`);
      yield* sleep(options.cleanupMs); // say, write a log record
      res.statusCode = 503;
      res.end("shutting down\n");
    }
  }
}

function* flushMetrics(options: Options): Coroutine<void> {
  yield* sleep(options.cleanupMs);
  if (options.failCleanup) throw new Error("could not flush the metrics");
  if (options.hang) yield* suspend(); // a cleanup that never ends: the deadline catches it
}

function* service(options: Options): Coroutine<void> {
  const server = createServer();
  const requests = serve(server);
  const port = yield* listen(server, options.port);
  console.log(`listening on ${port}`);
  try {
    yield* scope(function* (group) {
      for (let n = 1; ; n++) {
        const exchange = yield* requests.recv();
        if (exchange === CLOSED) return;
        yield* group.spawn(handle, exchange, n, options);
      }
    });
  } finally {
    console.log("closing the server");
    requests.close();
    yield* close(server); // the handlers' cleanup has answered every open request
    yield* flushMetrics(options);
    console.log("server closed");
  }
}

export function main(args: string[] = process.argv.slice(2)): void {
  const options = parse(args);
  const host = new RealtimeHost();
  const root = host.spawn(service, options);
  shutdownOnSignals(host, root, { timeoutMs: options.timeoutMs, log: (m) => console.log(`[shutdown] ${m}`) });
}
// #endregion service

function parse(args: string[]): Options {
  const options: Options = { port: 8080, cleanupMs: 50, timeoutMs: 5_000, hang: false, failCleanup: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const number = (): number => {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${arg} ${args[i]}: expected an integer >= 0`);
      return value;
    };
    if (arg === "--port") options.port = number();
    else if (arg === "--cleanup-ms") options.cleanupMs = number();
    else if (arg === "--timeout-ms") options.timeoutMs = number();
    else if (arg === "--hang") options.hang = true;
    else if (arg === "--fail-cleanup") options.failCleanup = true;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

if (require.main === module) main();

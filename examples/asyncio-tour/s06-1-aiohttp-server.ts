/**
 * asyncio tour §6.1, "aiohttp as a server": a handler for GET /.
 * The socket becomes a simulated network: a client task delivers scripted
 * requests (each at a fixed time) on a channel, and the server spawns a task per
 * request, as aiohttp does per connection. Instead of serving for ever, the
 * server stops when the client closes the channel.
 */
import { CLOSED, channel, run, scope, sleep } from "spindle";
import type { Channel, Coroutine } from "spindle";

interface Request {
  method: string;
  path: string;
}
interface Response {
  status: number;
  text: string;
}
type Handler = (request: Request) => Coroutine<Response>;

/** A tiny web framework: routes, and a server loop over a channel of requests. */
class Application {
  private readonly routes = new Map<string, Handler>();
  addGet(path: string, handler: Handler): void {
    this.routes.set(`GET ${path}`, handler);
  }
  *serve(requests: Channel<Request>): Coroutine<void> {
    const respond = (request: Request) => this.respond(request);
    yield* scope(function* (group) {
      for (;;) {
        const request = yield* requests.recv();
        if (request === CLOSED) return; // wait for the requests in flight, then stop
        yield* group.spawn(respond, request); // one task per request
      }
    });
  }
  private *respond(request: Request): Coroutine<void> {
    const handler = this.routes.get(`${request.method} ${request.path}`);
    if (handler === undefined) {
      console.log(`${request.method} ${request.path} -> 404 Not Found`);
      return;
    }
    const response = yield* handler(request);
    console.log(`${request.method} ${request.path} -> ${response.status} ${response.text}`);
  }
}

/** The simulated clients: [arrival time in ms, method, path]. */
const REQUESTS: [number, string, string][] = [
  [50, "GET", "/"],
  [120, "GET", "/missing"],
  [200, "GET", "/"],
];

function* runApp(app: Application): Coroutine<void> {
  console.log("======== Running on http://0.0.0.0:8080 ========");
  const requests = channel<Request>("unbounded");
  yield* scope(function* (group) {
    yield* group.spawn(function* clients() {
      let t = 0;
      for (const [at, method, path] of REQUESTS) {
        yield* sleep(at - t);
        t = at;
        yield* requests.send({ method, path });
      }
      requests.close();
    });
    yield* group.spawn(() => app.serve(requests));
  });
  console.log("server stopped");
}

function* handle(_request: Request): Coroutine<Response> {
  return { status: 200, text: "Hello, world!" };
}

export function main(): void {
  const app = new Application();
  app.addGet("/", handle);
  run(() => runApp(app));
}

if (require.main === module) main();

/**
 * asyncio tour §4, "Asynchronous I/O": fetch three URLs concurrently.
 * aiohttp becomes a simulated HTTP client on the virtual clock: each GET
 * sleeps the server's fixed latency and returns a canned page. `asyncio.gather`
 * is `all([...])`: results come back in the order asked, whatever order the
 * responses arrive in (here .org answers first).
 */
import { all, run, sleep } from "spindle";
import type { Coroutine } from "spindle";

/** The simulated internet: a canned body and a latency (ms) per URL. */
const PAGES: Record<string, { body: string; latency: number }> = {
  "http://example.com": { body: "<html><body>Example Domain (com)</body></html>", latency: 120 },
  "http://example.org": { body: "<html><body>Example Domain, the org edition</body></html>", latency: 80 },
  "http://example.net": { body: "<html><body>net</body></html>", latency: 100 },
};

/** A simulated HTTP GET: waits the latency, gives the body. */
function* httpGet(url: string): Coroutine<string> {
  const page = PAGES[url];
  if (page === undefined) throw new Error(`404: ${url}`);
  yield* sleep(page.latency);
  return page.body;
}

function* fetchUrl(url: string): Coroutine<string> {
  return yield* httpGet(url);
}

function* app(): Coroutine<void> {
  const urls = ["http://example.com", "http://example.org", "http://example.net"];
  const results = yield* all(urls.map((url) => fetchUrl(url)));
  urls.forEach((url, i) => console.log(`Data from ${url.slice(0, 30)}: ${results[i].length} characters`));
}

export function main(): void {
  run(app);
}

if (require.main === module) main();

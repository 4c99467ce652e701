/**
 * For the browser tests: a static file server on 127.0.0.1 that serves
 * `dir` on a free port, and nothing outside it; and a page of Debian's
 * Chromium opened on it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/chromium.js";

export function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".map": "application/json" };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] as string)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, path === "/" ? "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    res.setHeader("content-type", types[extname(file)] ?? "application/octet-stream");
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** What {@link openManualPage} opened; close the browser and the server in afterAll. */
export interface OpenedPage {
  server: Server;
  /** The server's address, such as http://127.0.0.1:41234. */
  base: string;
  browser: Browser;
  page: Page;
}

/**
 * Serves `dir`, launches Chromium and opens its index.html with `?manual`
 * (the page steps frames only through its test hook). Every page error and
 * console error is pushed onto `errors`, for the tests to check.
 */
export async function openManualPage(dir: string, viewport: { width: number; height: number }, errors: string[]): Promise<OpenedPage> {
  const server = await serve(dir);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${base}/index.html?manual`);
  return { server, base, browser, page };
}

/**
 * The browser game's page (examples/browser-game), built afresh and opened
 * with `?manual` at 1280x720, once its test hook `window.__game` is there.
 * Chromium must be present (on CI the browser tests must run).
 */
export async function openGamePage(errors: string[]): Promise<OpenedPage> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: on CI the browser tests must run; apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const root = join(__dirname, "..", "..");
  execFileSync(process.execPath, [join(root, "examples", "browser-game", "build.mjs")], { stdio: "pipe" });
  const opened = await openManualPage(join(root, "examples", "browser-game", "dist"), { width: 1280, height: 720 }, errors);
  await opened.page.waitForFunction(() => typeof (globalThis as { __game?: unknown }).__game === "object");
  return opened;
}

/** Closes what {@link openManualPage} opened (any part may be missing if opening failed). */
export async function closePage(opened: Partial<OpenedPage>): Promise<void> {
  await opened.browser?.close();
  const server = opened.server;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
}

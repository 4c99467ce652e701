/**
 * How the project's scripts and browser tests start Debian's Chromium through
 * playwright-core (never a browser downloaded by a test tool).
 *
 * Why these flags: headless and sandbox-free, as root on a build machine; the
 * background-networking, component-update and sync flags stop Chromium from
 * reaching out to the network, which the machines running this have no
 * access to (each attempt would be refused, many at a time).
 */
export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

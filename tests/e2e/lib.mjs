import { before, after } from "node:test";
// Shared pieces of the browser suite: a static server for the built site that sends the
// headers from the site's own `_headers` file, Debian's Chromium, and the list of pages.
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname, relative, sep } from "node:path";
import { chromium } from "playwright-core";

export const SITE_DIR = process.env.KB_SITE_DIR;
if (!SITE_DIR || !existsSync(join(SITE_DIR, "index.html"))) {
  throw new Error("KB_SITE_DIR must name a built site (run `bash scripts/test.sh`, which builds it first)");
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
};

/** Headers for every path, from the `/*` block of the generated `_headers` file. */
function siteHeaders() {
  const file = join(SITE_DIR, "_headers");
  const headers = {};
  if (!existsSync(file)) return headers;
  let inAll = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith(" ") && line.trim()) inAll = line.trim() === "/*";
    else if (inAll && line.includes(":")) {
      const at = line.indexOf(":");
      headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return headers;
}

/** Serves the built site; `setRoot(dir)` serves another build at the same origin from then on
 * (a rebuild, as a returning reader meets it), `setRoot()` the site again. */
export async function startServer() {
  const headers = siteHeaders();
  let root = SITE_DIR;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(root, path);
    if (!file.startsWith(root)) {
      res.writeHead(400).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const found = existsSync(file);
    if (!found) file = join(root, "404.html");
    const body = readFileSync(file);
    res.writeHead(found ? 200 : 404, { ...headers, "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    setRoot: (dir = SITE_DIR) => {
      root = dir;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Every HTML page of the site, as a root-relative URL (`/signalen/0-4-jaar/`). */
export function sitePages({ includeRedirects = false } = {}) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".html")) {
        const html = readFileSync(full, "utf8");
        if (!includeRedirects && html.includes('http-equiv="refresh"')) continue;
        const rel = relative(SITE_DIR, full).split(sep).join("/");
        pages.push("/" + rel.replace(/(^|\/)index\.html$/, "$1"));
      }
    }
  };
  walk(SITE_DIR);
  return pages;
}

/** Fails on requests to other hosts, page errors and console errors (CSP violations among them). */
export function watchPage(page, origin) {
  const problems = [];
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("about:")) problems.push(`request to another host: ${url}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  return problems;
}

export const AXE_SOURCE = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/** Runs axe-core (WCAG 2.0/2.1 A and AA) in the page and returns its violations. */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
}

/** Starts the site's server and Chromium before the tests of a file and stops both after:
 * `const env = withBrowser();` then `env.server.origin`, `env.browser.newContext()`. */
export function withBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

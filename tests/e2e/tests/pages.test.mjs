// Every page of the built site, in headless Chromium: zero axe-core violations (light and dark),
// no request to another host, no CSP violation or script error, no horizontal scrolling at
// 320 px, the quick exit first after the skip link, and nothing stored (cookies, storage).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, sitePages, watchPage, axeViolations } from "../lib.mjs";

const pages = sitePages();
let server, browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the example site has the pages the issue asks for", () => {
  assert.ok(pages.length >= 80, `only ${pages.length} pages`);
});

for (const scheme of ["light", "dark"]) {
  test(`every page: axe, same-origin requests, CSP, 320 px, storage (${scheme})`, { timeout: 600_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    const problems = watchPage(page, server.origin);
    const failures = [];
    for (const path of pages) {
      problems.length = 0;
      await page.setViewportSize({ width: 1280, height: 900 });
      const response = await page.goto(server.origin + path, { waitUntil: "load" });
      if (response.status() !== 200) failures.push(`${path}: HTTP ${response.status()}`);
      const violations = await axeViolations(page);
      for (const v of violations) failures.push(`${path}: axe ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(", ")}`);
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) failures.push(`${path}: scrolls ${overflow}px sideways at 320 px`);
      for (const p of problems) failures.push(`${path}: ${p}`);
    }
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: "" });
    assert.deepEqual(await context.cookies(), []);
    await context.close();
    assert.deepEqual(failures, [], failures.join("\n"));
  });
}

test("every page has the CSP meta tag, no inline script or style, no on*= handlers", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const failures = [];
  for (const path of pages) {
    await page.goto(server.origin + path);
    const found = await page.evaluate(() => {
      const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      const inlineScripts = [...document.scripts].filter(
        (s) => !s.src && !["application/json", "application/ld+json"].includes(s.type),
      ).length;
      const styles = document.querySelectorAll("style, [style]").length;
      const handlers = [...document.querySelectorAll("*")].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith("on")),
      ).length;
      return { csp: meta?.content ?? "", inlineScripts, styles, handlers };
    });
    if (!found.csp.includes("default-src 'self'") || !found.csp.includes("script-src 'self'") || found.csp.includes("unsafe"))
      failures.push(`${path}: CSP meta is "${found.csp}"`);
    if (found.inlineScripts + found.styles + found.handlers > 0) failures.push(`${path}: inline code ${JSON.stringify(found)}`);
  }
  await context.close();
  assert.deepEqual(failures, [], failures.join("\n"));
});

test("keyboard: the quick exit comes first, then the skip link, the other languages, then search", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of ["/", "/signalen/0-4-jaar/", "/hulp/veilig-internetten/", "/zoeken/", "/a-z/", "/ar/hulp/"]) {
    await page.goto(server.origin + path);
    // One Tab reaches the quick exit (Tab, Enter leaves), the next the skip link.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.kbQuickExit), "", path);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "kb-skip-link", path);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#inhoud", path);
    // A reader who does not read this page's language finds the others before anything else.
    const languages = await page.locator("nav.kb-languages a").count();
    if (path === "/ar/hulp/") assert.equal(languages, 2, "the Arabic page offers Dutch and English");
    for (let i = 0; i < languages; i++) {
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate(() => !!document.activeElement.closest("nav.kb-languages")), `${path}: language link ${i + 1}`);
    }
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "kb-zoekveld", `${path}: search after the quick exit and languages`);
    for (let i = 0; i <= languages; i++) await page.keyboard.press("Shift+Tab");
    const box = await page.locator("[data-kb-quick-exit]").boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 900, `${path}: quick exit not visible without scrolling`);
    // Back on the skip link: it moves focus to the main content.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#inhoud", path);
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "inhoud", path);
    assert.ok(!page.url().includes("#"), `${path}: the skip link adds no fragment (and no history entry)`);
  }
  await context.close();
});

test("pages are small: a typical page (the median) under 60 KB of HTML + CSS + JS, none over 100 KB", async () => {
  const { readFileSync, statSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { SITE_DIR } = await import("../lib.mjs");
  const failures = [];
  const weights = [];
  for (const path of pages) {
    const file = join(SITE_DIR, path.endsWith("/") ? `${path}index.html` : path);
    const html = readFileSync(file, "utf8");
    const assets = [...html.matchAll(/<(?:link rel="stylesheet"|script[^>]*) (?:href|src)="([^"]+)"/g)].map((m) => m[1]);
    const bytes = html.length + assets.reduce((sum, a) => sum + statSync(join(SITE_DIR, a)).size, 0);
    weights.push(bytes);
    if (bytes > 100_000) failures.push(`${path}: ${bytes} bytes`);
  }
  weights.sort((a, b) => a - b);
  const median = weights[weights.length >> 1];
  console.log(`page weight: median ${median} bytes, max ${weights[weights.length - 1]} bytes`);
  assert.ok(median < 60_000, `median page weight ${median} bytes`);
  assert.deepEqual(failures, [], failures.join("\n"));
});

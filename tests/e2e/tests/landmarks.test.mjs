// Landmarks stay few enough to be a map: a list of months, letters or printed pages is headed
// sections, not a region landmark each (calendar, A-Z, print pack). And the first breadcrumb
// names the home page alike on every kind of page, as the main menu does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();

/** Region landmarks in the main content: named sections and role=region, scroll panes of
 * tables and charts (which need a name to be reachable by keyboard) left aside. */
const regions = () =>
  [...document.querySelectorAll("main section, main [role=region]")].filter((el) => {
    if (el.getAttribute("role") === "region") return !el.matches(".kb-table, .kb-chart__scroll");
    return el.hasAttribute("aria-labelledby") || el.hasAttribute("aria-label");
  }).length;

test("the calendar, the A-Z and the print pack do not make every section a landmark", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  for (const kind of ["calendar", "a-z", "print-pack"]) {
    await page.goto(env.server.origin + PAGE_KINDS[kind]);
    const count = await page.evaluate(regions);
    assert.ok(count <= 2, `${kind}: ${count} region landmarks in the main content`);
  }
  await context.close();
});

test("the first breadcrumb names the home page as the main menu does, on every kind of page", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const differ = [];
  for (const [kind, path] of Object.entries(PAGE_KINDS)) {
    await page.goto(env.server.origin + path);
    const seen = await page.evaluate(() => {
      const crumb = document.querySelector(".kb-breadcrumbs li a");
      const home = document.querySelector(".kb-nav__link");
      return crumb && home ? { crumb: crumb.textContent.trim(), home: home.textContent.trim(), href: crumb.getAttribute("href"), homeHref: home.getAttribute("href") } : null;
    });
    if (seen && (seen.crumb !== seen.home || seen.href !== seen.homeHref)) differ.push(`${kind} ${path}: "${seen.crumb}" (${seen.href}) against "${seen.home}" (${seen.homeHref})`);
  }
  assert.deepEqual(differ, []);
  await context.close();
});

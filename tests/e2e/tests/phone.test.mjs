// On a 360x740 phone the content starts in the top half of the first screen on every kind of
// page: the h1 is not pushed down by the header, the example notice, the help banner, the menu
// and the breadcrumbs. What those carry stays on the page: the help numbers on the first screen,
// the menu and the language links visible, the example notice present (further down).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();
const PHONE = { width: 360, height: 740 };

test("at 360x740 the h1 starts in the top half of the first screen on every kind of page", async () => {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const low = [];
  for (const [kind, path] of Object.entries(PAGE_KINDS)) {
    await page.goto(env.server.origin + path);
    await page.waitForLoadState("load");
    const top = await page.evaluate(() => document.querySelector("h1").getBoundingClientRect().top + scrollY);
    if (top > PHONE.height / 2) low.push(`${kind} ${path}: h1 at ${Math.round(top)} px`);
  }
  assert.deepEqual(low, []);
  await context.close();
});

test("at 360x740 the help numbers are on the first screen, and the menu, the languages and the example notice stay", async () => {
  const context = await env.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(env.server.origin + PAGE_KINDS.guidance);
  const seen = await page.evaluate(() => {
    const onFirstScreen = (el) => {
      const r = el.getBoundingClientRect();
      return el.checkVisibility() && r.top >= 0 && r.bottom <= innerHeight;
    };
    const helpLinks = [...document.querySelectorAll(".kb-help-banner a[href^='tel:']")].filter(onFirstScreen).map((a) => a.getAttribute("href"));
    const menu = [...document.querySelectorAll(".kb-nav a")].filter((a) => a.checkVisibility()).length;
    const languages = [...document.querySelectorAll("a[hreflang='en'], a[hreflang='ar']")].filter((a) => a.checkVisibility()).map((a) => a.getAttribute("hreflang"));
    const notice = document.querySelector(".kb-example-notice");
    return { helpLinks, menu, languages: [...new Set(languages)].sort(), notice: Boolean(notice?.checkVisibility()) };
  });
  assert.deepEqual(seen.helpLinks.sort(), ["tel:08002000", "tel:112"]);
  assert.ok(seen.menu >= 4, `${seen.menu} menu links visible`);
  assert.deepEqual(seen.languages, ["ar", "en"]);
  assert.ok(seen.notice, "the example notice is still on the page");
  await context.close();
});

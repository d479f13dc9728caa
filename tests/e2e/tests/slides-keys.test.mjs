// The slide deck leaves the page's keys alone: with focus on a link outside the deck, Page Down
// and End scroll the page and do not turn slides; with focus in the deck they do. The deck and
// its slides are described in the page's language ("diavoorstelling", "dia"), not in English.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();
const status = (page) => page.locator("[data-kb-deck-status]").textContent();

test("Page Down, End and the arrows turn slides only while focus is in the deck", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(env.server.origin + PAGE_KINDS.slides);
  await page.waitForSelector(".kb-deck--live");
  const first = await status(page);
  assert.match(first, /^Dia 1 van \d+$/);
  // Focus on a link of the main menu, outside the deck.
  await page.locator(".kb-nav a").first().focus();
  for (const key of ["PageDown", "End", "ArrowRight"]) {
    await page.keyboard.press(key);
    assert.equal(await status(page), first, `${key} with focus outside the deck`);
  }
  // On a link inside the page text, after the deck, too.
  const outside = page.locator(".kb-related a, .kb-footer a").first();
  await outside.focus();
  await page.keyboard.press("End");
  assert.equal(await status(page), first, "End on a link after the deck");
  // In the deck the keys work.
  await page.locator("[data-kb-deck-next]").focus();
  await page.keyboard.press("PageDown");
  assert.match(await status(page), /^Dia 2 van/);
  await page.keyboard.press("End");
  assert.doesNotMatch(await status(page), /^Dia 2 van/);
  await context.close();
});

test("the deck and its slides are described in the page's language", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.server.origin + PAGE_KINDS.slides);
  assert.equal(await page.locator("[data-kb-deck]").getAttribute("aria-roledescription"), "diavoorstelling");
  const roles = await page.locator("[data-kb-slide]").evaluateAll((slides) => [...new Set(slides.map((s) => s.getAttribute("aria-roledescription")))]);
  assert.deepEqual(roles, ["dia"]);
  await context.close();
});

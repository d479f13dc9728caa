// The results page gets to the results: from the search field, the first result is a few Tab
// stops away, not after two dozen filter buttons (they are folded away until asked for).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";

const env = withBrowser();

test("from the search field, the first result is at most three Tab stops away", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/zoeken/#q=huisverbod`);
  await page.waitForFunction(() => document.querySelectorAll(".kb-result").length > 0);
  assert.ok((await page.locator("[data-kb-facets] button").count()) > 5, "there are filters");
  await page.locator("#kb-zoekopdracht").focus();
  let stops = 0;
  for (; stops < 30; stops++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => Boolean(document.activeElement.closest(".kb-result")))) break;
  }
  assert.ok(stops + 1 <= 3, `${stops + 1} Tab stops to the first result`);
  await context.close();
});

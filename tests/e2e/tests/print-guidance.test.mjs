// A printed guidance page can be traced back: each link prints its full address (with the
// domain, not "/path"), and the foot of the page names the page, its version and its address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();

test("printed, a guidance page shows full link addresses and its own address and date", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  for (const kind of ["guidance", "professional"]) {
    await page.goto(env.server.origin + PAGE_KINDS[kind]);
    await page.waitForLoadState("load");
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const links = [...document.querySelectorAll(".kb-prose a[href^='/']")];
      const after = links.map((a) => getComputedStyle(a, "::after").content);
      const source = document.querySelector(".kb-print-source");
      return { count: links.length, after, source: source?.checkVisibility() ? source.textContent : null };
    });
    assert.ok(printed.count > 0, `${kind}: the page has links to other pages`);
    for (const content of printed.after) assert.match(content, /\(http:\/\/127\.0\.0\.1:\d+\/[^)]*\)/, `${kind}: ${content}`);
    assert.ok(printed.source, `${kind}: the printout names its source`);
    assert.match(printed.source, /\d{4}-\d{2}-\d{2}/, `${kind}: with a date`);
    assert.match(printed.source, new RegExp(`https?://[^ ]+${PAGE_KINDS[kind].replace(/\//g, "\\/")}$`), `${kind}: with its address`);
    await page.emulateMedia({ media: "screen" });
    assert.equal(await page.locator(".kb-print-source").isVisible(), false, "not on screen");
  }
  await context.close();
});

// WCAG 2.2, 2.4.11 Focus Not Obscured, which axe cannot check: tabbing forwards and backwards
// through one page of every kind at 1280x800 and at 320x256 (a phone held sideways, or 400%
// zoom), the element with focus is never mostly covered by sticky content (the "Snel weg" bar,
// the checklist's counter). A jump from "Op deze pagina" leaves its heading in sight too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 320, height: 256 },
];
/** Tab stops looked at per direction and page: enough to pass the checklist's 18 boxes. */
const MAX_STOPS = 60;

/** The share (0-1) of the focused element's box, as far as it is in the viewport, on which
 * sticky or fixed content is painted over it (sampled on a grid with elementFromPoint, so
 * z-order counts), with a description of the element; null when focus is on the body or
 * inside the sticky content itself. */
function coverage() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const stuck = (node) => {
    for (let n = node; n && n !== document.body; n = n.parentElement) {
      const position = getComputedStyle(n).position;
      if (position === "sticky" || position === "fixed") return n;
    }
    return null;
  };
  if (stuck(el)) return null;
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return null;
  let seen = 0;
  let covered = 0;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      const x = box.left + ((i + 0.5) * box.width) / 6;
      const y = box.top + ((j + 0.5) * box.height) / 6;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const top = document.elementFromPoint(x, y);
      if (!top) continue;
      seen++;
      if (!el.contains(top) && !top.contains(el) && stuck(top)) covered++;
    }
  }
  if (seen === 0) return null;
  const name = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`;
  return { share: covered / seen, name };
}

for (const viewport of VIEWPORTS) {
  test(`focus is never mostly hidden under sticky content at ${viewport.width}x${viewport.height}`, { timeout: 300_000 }, async () => {
    const context = await env.browser.newContext({ viewport, reducedMotion: "reduce" });
    const page = await context.newPage();
    const hidden = [];
    for (const [kind, path] of Object.entries(PAGE_KINDS)) {
      await page.goto(env.server.origin + path);
      await page.waitForLoadState("load");
      let stops = 0;
      for (const key of ["Tab", "Shift+Tab"]) {
        for (let i = 0; i < MAX_STOPS; i++) {
          await page.keyboard.press(key);
          const seen = await page.evaluate(coverage);
          stops++;
          if (seen && seen.share > 0.5) hidden.push(`${kind} ${path} (${key}): ${seen.name} ${Math.round(seen.share * 100)}% covered`);
        }
      }
      assert.ok(stops > 0);
    }
    assert.deepEqual(hidden, []);
    await context.close();
  });
}

test("a jump from 'Op deze pagina' shows its heading clear of the sticky bars", async () => {
  for (const viewport of VIEWPORTS) {
    const context = await env.browser.newContext({ viewport, reducedMotion: "reduce" });
    const page = await context.newPage();
    await page.goto(`${env.server.origin}${PAGE_KINDS.checklist}`);
    await page.waitForLoadState("load");
    const links = page.locator(".kb-toc a");
    assert.ok((await links.count()) >= 3);
    for (let i = 1; i < (await links.count()); i++) {
      const target = (await links.nth(i).getAttribute("href")).slice(1);
      await links.nth(i).click();
      await page.waitForFunction((id) => location.hash === "#" + id, target);
      const hidden = await page.evaluate((id) => {
        const heading = document.getElementById(id).getBoundingClientRect();
        let bottom = 0;
        for (const node of document.querySelectorAll("body *")) {
          const position = getComputedStyle(node).position;
          if ((position === "sticky" || position === "fixed") && node.getClientRects().length > 0) {
            const r = node.getBoundingClientRect();
            if (r.top < heading.bottom && r.bottom > heading.top) bottom = Math.max(bottom, r.bottom);
          }
        }
        return bottom > heading.top + 2 ? `heading top ${heading.top}, sticky content down to ${bottom}` : null;
      }, target);
      assert.equal(hidden, null, `#${target} at ${viewport.width}x${viewport.height}`);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await context.close();
  }
});

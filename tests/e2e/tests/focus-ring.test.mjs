// WCAG 1.4.11 and 2.4.7 beyond axe: tabbing through one page of every kind, in light and dark,
// every element with focus shows a ring (outline or its halo) of at least 3:1 against what is
// around it. The content tabs: a named tab list, and in forced colours the selected tab stands
// out by more than its weight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();
const STOPS = 40;

/** The focused element's ring: the best contrast of its outline or halo (box-shadow) colour
 * against the background it sits on, or null when focus is on the page itself. */
function ring() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = (value) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(value || "");
    return m ? { rgb: [m[1], m[2], m[3]].map(Number), alpha: m[4] === undefined ? 1 : Number(m[4]) } : null;
  };
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  let background = null;
  for (let n = el.parentElement; n; n = n.parentElement) {
    const bg = parse(getComputedStyle(n).backgroundColor);
    if (bg && bg.alpha > 0.5) {
      background = bg.rgb;
      break;
    }
  }
  background ??= matchMedia("(prefers-color-scheme: dark)").matches ? [0, 0, 0] : [255, 255, 255];
  const style = getComputedStyle(el);
  const colours = [];
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) colours.push(parse(style.outlineColor));
  const shadow = parse(style.boxShadow);
  if (shadow && /\s(\d+(\.\d+)?)px\s*$/.test(style.boxShadow.replace(/inset/, "")) && parseFloat(/\s([\d.]+)px\s*$/.exec(style.boxShadow)[1]) >= 2) colours.push(shadow);
  const best = Math.max(0, ...colours.filter((c) => c && c.alpha > 0.5).map((c) => contrast(c.rgb, background)));
  const name = `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} "${(el.textContent || "").trim().slice(0, 30)}"`;
  return { best, name };
}

for (const colorScheme of ["light", "dark"]) {
  test(`every focus ring has at least 3:1 contrast (${colorScheme})`, { timeout: 300_000 }, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    const faint = new Set();
    for (const [kind, path] of Object.entries(PAGE_KINDS)) {
      await page.goto(env.server.origin + path);
      await page.waitForLoadState("load");
      // On the tabs page, start at the tabs.
      if (kind === "tabs") await page.locator("[role=tab]").first().focus();
      for (let i = 0; i < STOPS; i++) {
        await page.keyboard.press("Tab");
        const seen = await page.evaluate(ring);
        if (seen && seen.best < 3) faint.add(`${kind} ${path}: ${seen.name} ${seen.best.toFixed(2)}:1`);
      }
    }
    assert.deepEqual([...faint], []);
    await context.close();
  });
}

test("the tabs: the ring of a focused tab is clear, the tab list has a name, the selected tab shows in forced colours", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(env.server.origin + PAGE_KINDS.tabs);
  const list = page.getByRole("tablist").first();
  await list.waitFor();
  const name = await list.evaluate((el) => {
    const by = el.getAttribute("aria-labelledby");
    return (by ? document.getElementById(by)?.textContent : el.getAttribute("aria-label"))?.trim() || "";
  });
  assert.ok(name.length > 3, "the tab list has an accessible name");
  await page.getByRole("tab").first().focus();
  await page.keyboard.press("ArrowRight");
  const seen = await page.evaluate(ring);
  assert.ok(seen.best >= 3, `focused tab ring ${seen.best.toFixed(2)}:1`);

  await page.emulateMedia({ forcedColors: "active" });
  const looks = await page.evaluate(() => {
    const tabs = [...document.querySelectorAll("[role=tab]")];
    const look = (el) => {
      const s = getComputedStyle(el);
      return [s.backgroundColor, s.color, s.borderBottomColor, s.borderBottomWidth, s.textDecorationLine].join("|");
    };
    return { selected: look(tabs.find((t) => t.getAttribute("aria-selected") === "true")), other: look(tabs.find((t) => t.getAttribute("aria-selected") !== "true")) };
  });
  assert.notEqual(looks.selected, looks.other, "in forced colours the selected tab differs by more than its weight");
  await context.close();
});

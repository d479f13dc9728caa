// Content tabs (MkDocs `=== "Label"`, Docusaurus `<Tabs>`) on the professionals page: the
// WAI-ARIA tabs pattern by keyboard, headed sections without JavaScript, every panel in print,
// and axe without violations once enhanced (the page suite runs axe on every page as served).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, watchPage, axeViolations } from "../lib.mjs";

const PAGE = "/professionals/";
const env = withBrowser();

/** The page in a fresh context (`options`: JavaScript off, for one). */
async function open(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchPage(page, env.server.origin);
  await page.goto(`${env.server.origin}${PAGE}`);
  return { context, page, problems };
}

const visiblePanels = (page) =>
  page.$$eval("[data-kb-tabs] .kb-tabs__panel", (panels) => panels.filter((p) => p.offsetParent !== null).map((p) => p.id));

test("tabs follow the WAI-ARIA pattern by keyboard", async () => {
  const { context, page, problems } = await open();
  const tabs = page.locator("[data-kb-tabs] [role=tab]");
  assert.deepEqual(await tabs.allTextContents(), ["Onderwijs", "Huisarts", "Kinderopvang"]);
  assert.equal(await page.locator("[data-kb-tabs] [role=tablist]").count(), 1);
  assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "true");
  assert.equal((await visiblePanels(page)).length, 1);
  await tabs.nth(0).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Huisarts");
  const panel = await tabs.nth(1).getAttribute("aria-controls");
  assert.deepEqual(await visiblePanels(page), [panel]);
  await page.keyboard.press("End");
  assert.equal(await tabs.nth(2).getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowRight");
  assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "true", "ArrowRight wraps to the first tab");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await tabs.nth(2).getAttribute("aria-selected"), "true", "ArrowLeft wraps to the last tab");
  await page.keyboard.press("Home");
  assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "true");
  assert.equal(await tabs.nth(1).getAttribute("tabindex"), "-1", "only the selected tab is in the tab order");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tabpanel");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("without JavaScript the tabs read as headed sections", async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  assert.equal(await page.locator("[data-kb-tabs] [role=tab]").count(), 0);
  const headings = await page.locator("[data-kb-tabs] .kb-tabs__label").allTextContents();
  assert.deepEqual(headings, ["Onderwijs", "Huisarts", "Kinderopvang"]);
  assert.equal((await visiblePanels(page)).length, 3);
  await context.close();
});

test("printed, every panel shows with its heading", async () => {
  const { context, page } = await open();
  await page.emulateMedia({ media: "print" });
  assert.equal((await visiblePanels(page)).length, 3);
  const labels = await page.$$eval("[data-kb-tabs] .kb-tabs__label", (hs) => hs.filter((h) => h.offsetParent !== null).length);
  assert.equal(labels, 3);
  await context.close();
});

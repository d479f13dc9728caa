// The key public pages in English and Arabic: the language switcher moves between translations
// (and exists only where a page has them), an Arabic page is right-to-left and its header,
// navigation and breadcrumbs mirror, links that lead to a Dutch-only page say so, and search on
// an English page answers from the English index first. axe and the HTML checker cover these
// pages with all others (pages.test.mjs, vnu.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, watchPage } from "../lib.mjs";

const env = withBrowser();

async function open(path, options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchPage(page, env.server.origin);
  await page.goto(`${env.server.origin}${path}`);
  return { context, page, problems };
}

const switcher = (page) => page.locator("nav.kb-languages a");

test("the switcher moves between the translations of a page, and lists only those", async () => {
  const { context, page, problems } = await open("/hulp/zorgen-over-mezelf/");
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  assert.deepEqual(await switcher(page).allTextContents(), ["English", "العربية"]);

  await switcher(page).filter({ hasText: "English" }).click();
  await page.waitForURL(`${env.server.origin}/en/hulp/zorgen-over-mezelf/`);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.getAttribute("html", "dir"), "ltr");
  assert.equal(await page.locator("h1").textContent(), "Worried about myself");
  // The interface is in English too: the quick exit first of all.
  assert.match(await page.locator(".kb-quick-exit").textContent(), /^Leave quickly/);
  assert.deepEqual(await switcher(page).allTextContents(), ["Nederlands", "العربية"]);

  // By keyboard: from the top of the page, Tab reaches the Arabic link within a few steps
  // (quick exit, skip link, Nederlands, العربية), and Enter opens it.
  const arabic = switcher(page).filter({ hasText: "العربية" });
  assert.equal(await arabic.getAttribute("lang"), "ar");
  let steps = 0;
  while (steps < 7 && !(await arabic.evaluate((a) => a === document.activeElement))) {
    await page.keyboard.press("Tab");
    steps++;
  }
  assert.equal(steps, 4, "the Arabic link is the fourth stop");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${env.server.origin}/ar/hulp/zorgen-over-mezelf/`);
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  await switcher(page).filter({ hasText: "Nederlands" }).click();
  await page.waitForURL(`${env.server.origin}/hulp/zorgen-over-mezelf/`);

  // A page without translations has no switcher at all.
  await page.goto(`${env.server.origin}/meldcode/`);
  assert.equal(await page.locator("nav.kb-languages").count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an Arabic page is right-to-left: header, navigation and breadcrumbs mirror", async () => {
  /** Left edges of the first two main-menu links and breadcrumb links, and the direction. */
  const layout = (page) =>
    page.evaluate(() => {
      const x = (selector) => [...document.querySelectorAll(selector)].slice(0, 2).map((e) => e.getBoundingClientRect().left);
      return {
        dir: document.documentElement.dir,
        direction: getComputedStyle(document.body).direction,
        nav: x(".kb-nav__link"),
        crumbs: x(".kb-breadcrumbs li"),
        searchLeftOfName:
          document.querySelector(".kb-search").getBoundingClientRect().left <
          document.querySelector(".kb-header__name").getBoundingClientRect().left,
      };
    });
  const { context, page, problems } = await open("/ar/hulp/wat-is-huiselijk-geweld/");
  const rtl = await layout(page);
  assert.equal(rtl.dir, "rtl");
  assert.equal(rtl.direction, "rtl");
  assert.ok(rtl.nav[0] > rtl.nav[1], `first menu item should be right of the second: ${rtl.nav}`);
  assert.ok(rtl.crumbs[0] > rtl.crumbs[1], `breadcrumbs should run right to left: ${rtl.crumbs}`);
  assert.ok(rtl.searchLeftOfName, "the search field sits left of the site name");

  await page.goto(`${env.server.origin}/en/hulp/wat-is-huiselijk-geweld/`);
  const ltr = await layout(page);
  assert.equal(ltr.direction, "ltr");
  assert.ok(ltr.nav[0] < ltr.nav[1] && ltr.crumbs[0] < ltr.crumbs[1]);
  assert.ok(!ltr.searchLeftOfName);
  assert.deepEqual(problems, []);
  await context.close();
});

test("links to a page that is only in Dutch say so, and carry hreflang", async () => {
  // The English page on the restraining order links to the glossary, which is only in Dutch.
  const { context, page, problems } = await open("/en/hulp/huisverbod-uitgelegd/");
  const dutchOnly = page.locator('main a[hreflang="nl"]');
  assert.ok((await dutchOnly.count()) > 0, "a link on the page leads to a Dutch page");
  const first = dutchOnly.first();
  const note = await first.evaluate((a) => a.nextElementSibling?.textContent ?? "");
  assert.match(note, /in Dutch/);
  // Links to translated pages stay in English.
  await page.goto(`${env.server.origin}/en/hulp/`);
  const english = await page.locator('main a[href^="/en/hulp/"]').count();
  assert.ok(english >= 4, `${english} links to English pages`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("search on an English page: English results first, then Dutch ones, marked", async () => {
  const { context, page, problems } = await open("/en/");
  const input = page.locator("#kb-zoekveld");
  await input.fill("domestic violence");
  const options = page.locator("#kb-zoekveld-resultaten [role=option]:not(.kb-search__all)");
  await options.first().waitFor();
  const urls = await options.evaluateAll((items) => items.map((li) => li.dataset.url));
  assert.match(urls[0], /^\/en\//, `first result ${urls[0]}`);
  // A Dutch word on the English page: nothing in English, so Dutch results, marked as Dutch.
  await input.fill("kindermishandeling");
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#kb-zoekveld-resultaten [role=option]")].some((li) => li.dataset.url?.startsWith("/signalen/") || li.dataset.url?.startsWith("/handreikingen/")),
  );
  const marked = await page.locator('#kb-zoekveld-resultaten [lang="nl"]').count();
  assert.ok(marked > 0, "Dutch results carry lang=nl");
  assert.deepEqual(problems, []);
  await context.close();
});

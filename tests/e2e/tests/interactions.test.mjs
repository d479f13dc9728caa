// The interactive parts, used as people use them: the quick exit, a signal checklist (ticking,
// print media, clearing), the decision aid walked by keyboard to every outcome, search in the
// header and on /zoeken/. After each, nothing may be stored and no request may leave the host.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch, watchPage, SITE_DIR } from "../lib.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function freshPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchPage(page, server.origin);
  return { context, page, problems };
}

async function assertNothingStored(page, context) {
  const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: "" });
  assert.deepEqual(await context.cookies(), []);
}

const quickExitUrl = () => {
  const html = readFileSync(join(SITE_DIR, "index.html"), "utf8");
  return html.match(/class="kb-quick-exit"[^>]* href="([^"]+)"/)[1].replace(/&amp;/g, "&");
};

/** Answers for the neutral site here, so the test needs no network; returns a URL matcher. */
async function fakeNeutralSite(page) {
  const host = new URL(quickExitUrl()).host;
  const matches = (url) => new URL(url).host === host;
  await page.route(matches, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>weer</title>neutraal" }));
  return matches;
}

test("quick exit replaces the page: Back does not return to the site", async () => {
  const { context, page } = await freshPage();
  const neutral = await fakeNeutralSite(page);
  await page.goto(`${server.origin}/a-z/`);
  await page.goto(`${server.origin}/hulp/zorgen-over-mezelf/`);
  await page.click("[data-kb-quick-exit]");
  await page.waitForURL(neutral);
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, "/a-z/", "Back went to the page that was left");
  await context.close();
});

test("quick exit also fires on Escape pressed twice, and works without JavaScript", async () => {
  {
    const { context, page } = await freshPage();
    const neutral = await fakeNeutralSite(page);
    await page.goto(`${server.origin}/hulp/`);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.waitForURL(neutral);
    await context.close();
  }
  {
    const { context, page } = await freshPage({ javaScriptEnabled: false });
    const neutral = await fakeNeutralSite(page);
    await page.goto(`${server.origin}/hulp/`);
    await page.click("[data-kb-quick-exit]");
    await page.waitForURL(neutral);
    await context.close();
  }
});

test("quick exit fires on Shift pressed three times; Shift as a modifier or another key starts the count again", async () => {
  const { context, page } = await freshPage();
  const neutral = await fakeNeutralSite(page);
  await page.goto(`${server.origin}/hulp/`);
  const status = page.locator("[data-kb-quick-exit-status]");
  // Twice, then another key: the count starts again.
  await page.keyboard.press("Shift");
  assert.match(await status.textContent(), /twee keer/);
  await page.keyboard.press("Shift");
  assert.match(await status.textContent(), /één keer/);
  await page.keyboard.press("a");
  // Shift held as a modifier (a capital letter, Shift+Tab) does not count.
  await page.keyboard.press("Shift+A");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  assert.equal(new URL(page.url()).origin, server.origin, "still on the site after a reset and two presses");
  await page.keyboard.press("Shift");
  await page.waitForURL(neutral);
  await context.close();
});

test("quick exit: the count expires five seconds after the last Shift", async () => {
  const { context, page } = await freshPage();
  await page.clock.install();
  await page.goto(`${server.origin}/hulp/`);
  await page.keyboard.press("Shift");
  await page.keyboard.press("Shift");
  await page.clock.runFor(5100);
  await page.keyboard.press("Shift");
  assert.match(await page.locator("[data-kb-quick-exit-status]").textContent(), /twee keer/, "the count started again");
  assert.equal(new URL(page.url()).origin, server.origin);
  await context.close();
});

test("quick exit: the first Tab reaches the button, and the page is hidden at once on leaving", async () => {
  const { context, page } = await freshPage();
  const neutral = await fakeNeutralSite(page);
  await page.goto(`${server.origin}/hulp/snel-weg-knop/`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "kb-snel-weg");
  // The skip link comes next.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), "#inhoud");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "kb-snel-weg");
  // In the same task as the click, before the neutral site has loaded: nothing left on screen.
  const left = await page.evaluate(() => {
    document.activeElement.click();
    return { hidden: document.body.hidden, title: document.title };
  });
  assert.deepEqual(left, { hidden: true, title: "" });
  await page.waitForURL(neutral);
  await context.close();
});

test("checklist: ticking counts, print shows only ticked signals, clearing resets, nothing stored", async () => {
  const { context, page, problems } = await freshPage();
  await page.goto(`${server.origin}/signalen/0-4-jaar/`);
  const boxes = page.locator(".kb-signal__box");
  const total = await boxes.count();
  assert.ok(total >= 8, `only ${total} signals`);
  const count = page.locator("[data-kb-checklist-count]");
  assert.equal(await count.textContent(), `0 van ${total} signalen aangevinkt`);
  // Tick by keyboard: focus a box, press Space; and by clicking the label of another.
  await boxes.nth(0).focus();
  await page.keyboard.press("Space");
  await page.locator(".kb-signal__label").nth(2).click();
  assert.equal(await count.textContent(), `2 van ${total} signalen aangevinkt`);

  await page.emulateMedia({ media: "print" });
  const shown = await page.locator(".kb-signal").evaluateAll((items) => items.filter((li) => getComputedStyle(li).display !== "none").length);
  assert.equal(shown, 2, "print shows only the ticked signals");
  assert.equal(await page.locator("header .kb-search, .kb-nav").first().isVisible(), false, "navigation is not printed");
  assert.ok(await page.locator(".kb-checklist__source").isVisible(), "the printout names its source and date");
  assert.match(await page.locator(".kb-checklist__source").textContent(), /Bron: https?:\/\/.+\/signalen\/0-4-jaar\//);
  await page.emulateMedia({ media: "screen" });

  await page.fill("#kb-aantekeningen", "notitie");
  await page.click("[data-kb-checklist-clear]");
  assert.equal(await count.textContent(), `0 van ${total} signalen aangevinkt`);
  assert.equal(await page.inputValue("#kb-aantekeningen"), "");
  await assertNothingStored(page, context);
  assert.deepEqual(problems, []);
  await context.close();
});

test("checklist without JavaScript: every signal is readable and printable", async () => {
  const { context, page } = await freshPage({ javaScriptEnabled: false });
  await page.goto(`${server.origin}/signalen/12-18-jaar/`);
  await page.emulateMedia({ media: "print" });
  const total = await page.locator(".kb-signal").count();
  const shown = await page.locator(".kb-signal").evaluateAll((items) => items.filter((li) => getComputedStyle(li).display !== "none").length);
  assert.ok(total > 0);
  assert.equal(shown, total);
  await context.close();
});

/** Paths from the start to every outcome of a decision tree, as lists of answer labels. */
function pathsToOutcomes(data) {
  const questions = new Map(data.questions.map((q) => [q.id, q]));
  const found = new Map();
  const walk = (id, labels) => {
    const q = questions.get(id);
    if (!q) {
      if (!found.has(id)) found.set(id, labels);
      return;
    }
    for (const a of q.answers) walk(a.next, [...labels, a.label]);
  };
  walk(data.start, []);
  return found;
}

test("decision aid: every outcome is reached by keyboard, with focus on each new question", async () => {
  const { context, page, problems } = await freshPage();
  const url = `${server.origin}/meldcode/afwegingskader/`;
  await page.goto(url);
  const data = JSON.parse(await page.locator("[data-kb-decision-data]").textContent());
  const paths = pathsToOutcomes(data);
  assert.equal(paths.size, data.outcomes.length, "every outcome can be reached");
  assert.equal(await page.locator("[data-kb-decision-tree]").isVisible(), false, "the static tree is replaced");
  for (const [outcome, labels] of paths) {
    await page.goto(url);
    await page.locator(".kb-decision__question").focus();
    for (const label of labels) {
      // Tab to the answer button with this label, then press Enter.
      let reached = false;
      for (let i = 0; i < 12 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate((l) => document.activeElement.tagName === "BUTTON" && document.activeElement.textContent === l, label);
      }
      assert.ok(reached, `no button "${label}" on the way to ${outcome}`);
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.className), "kb-decision__question", "focus moves to the new question");
    }
    const title = data.outcomes.find((o) => o.id === outcome).title;
    assert.equal(await page.locator(".kb-decision__question").textContent(), `Uitkomst: ${title}`);
    // The path taken is shown; Back returns to the last question; Start again to the first.
    assert.equal(await page.locator(".kb-decision__path li").count(), labels.length);
    await page.getByRole("button", { name: "Terug" }).click();
    assert.equal(await page.locator(".kb-decision__path li").count(), labels.length - 1);
    if (labels.length === 1) continue;
    await page.getByRole("button", { name: "Opnieuw beginnen" }).press("Enter");
    assert.equal(await page.locator(".kb-decision__path li").count(), 0);
    assert.equal(await page.locator(".kb-decision__question").textContent(), `Vraag 1: ${data.questions.find((q) => q.id === data.start).text}`);
  }
  await assertNothingStored(page, context);
  assert.deepEqual(problems, []);
  await context.close();
});

test("decision aid without JavaScript: the whole tree is readable, every outcome in it", async () => {
  const { context, page } = await freshPage({ javaScriptEnabled: false });
  await page.goto(`${server.origin}/meldcode/afwegingskader/`);
  assert.ok(await page.locator("[data-kb-decision-tree]").isVisible());
  const data = JSON.parse(await page.locator("[data-kb-decision-data]").textContent());
  const text = await page.locator("[data-kb-decision-tree]").textContent();
  for (const o of data.outcomes) assert.ok(text.includes(o.title), `outcome ${o.title} missing`);
  await context.close();
});

test("header search: typing suggests pages, arrow keys and Enter open one; the query stays on the device", async () => {
  const { context, page, problems } = await freshPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${server.origin}/`);
  const input = page.locator("#kb-zoekveld");
  await input.fill("mishandeling");
  const options = page.locator("#kb-zoekveld-resultaten [role=option]");
  await options.first().waitFor();
  assert.ok((await options.count()) >= 2);
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  await input.press("ArrowDown");
  assert.ok(await input.getAttribute("aria-activedescendant"));
  await input.press("Escape");
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  await input.press("Enter");
  await page.waitForURL(/\/zoeken\/$/);
  await page.locator("[data-kb-results] li").first().waitFor();
  assert.equal(await page.inputValue("#kb-zoekopdracht"), "mishandeling", "the query reached the results page");
  for (const url of requests) assert.ok(!url.includes("mishandeling"), `query in ${url}`);
  await assertNothingStored(page, context);
  assert.deepEqual(problems, []);
  await context.close();
});

test("search leaves no query in the address bar or the history, and adds no history entries", async () => {
  const { context, page, problems } = await freshPage();
  const navigated = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigated.push(frame.url());
  });
  await page.goto(`${server.origin}/hulp/`);
  const start = await page.evaluate(() => history.length);
  // From the header: type, then submit the form.
  await page.fill("#kb-zoekveld", "huisverbod");
  await page.press("#kb-zoekveld", "Enter");
  await page.waitForURL(`${server.origin}/zoeken/`);
  await page.locator("[data-kb-results] li").first().waitFor();
  assert.equal(await page.inputValue("#kb-zoekopdracht"), "huisverbod");
  assert.equal(page.url(), `${server.origin}/zoeken/`, "the address holds no query");
  assert.equal(await page.evaluate(() => window.name), "", "the handed-over query is gone");
  const afterHeader = await page.evaluate(() => history.length);
  assert.equal(afterHeader, start + 1, "one entry for the results page, none for the query");
  // On the results page: new searches change neither the address nor the history.
  await page.fill("#kb-zoekopdracht", "meldcode signalen");
  await page.press("#kb-zoekopdracht", "Enter");
  await page.waitForFunction(() => document.querySelector("[data-kb-summary]").textContent.trim() !== "");
  await page.fill("#kb-zoekopdracht", "kindcheck");
  await page.waitForTimeout(400);
  assert.equal(page.url(), `${server.origin}/zoeken/`);
  assert.equal(await page.evaluate(() => history.length), afterHeader, "searching added history entries");
  // An old-style link with the query in it is read, then wiped from the address.
  await page.goto(`${server.origin}/zoeken/#q=tijdelijk%20huisverbod`);
  await page.locator("[data-kb-results] li").first().waitFor();
  assert.equal(await page.inputValue("#kb-zoekopdracht"), "tijdelijk huisverbod");
  assert.equal(page.url(), `${server.origin}/zoeken/`, "the fragment is wiped");
  // Every address the tab went to, except the old-style link itself, is free of the queries.
  for (const url of navigated.filter((u) => !u.includes("tijdelijk"))) {
    assert.ok(!/huisverbod|meldcode|kindcheck/.test(decodeURIComponent(url)), `query in ${url}`);
  }
  await assertNothingStored(page, context);
  assert.deepEqual(problems, []);
  await context.close();
});

test("results page: compounds, abbreviations, ten results and more, facets, and a clear empty state", async () => {
  const { context, page, problems } = await freshPage();
  const summary = page.locator("[data-kb-summary]");
  const total = async () => Number((await summary.textContent()).match(/\d+/)?.[0] ?? 0);
  /** A fresh load of the results page for `q`, waiting until its results (or none) are shown. */
  const search = async (q) => {
    await page.goto("about:blank");
    await page.goto(`${server.origin}/zoeken/#q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => document.querySelector("[data-kb-summary]").textContent.trim() !== "");
    return page.locator(".kb-result__title").allTextContents();
  };

  const huisverbod = await search("huisverbod");
  assert.ok(huisverbod.some((t) => /huisverbod/i.test(t)), huisverbod.join(" | "));
  const thv = await search("THV");
  assert.ok(thv.some((t) => /huisverbod/i.test(t)), `THV finds the huisverbod pages: ${thv.join(" | ")}`);
  const mishandeling = await search("mishandeling");
  assert.ok(mishandeling.some((t) => /kindermishandeling/i.test(t)), `the compound part finds the whole: ${mishandeling.join(" | ")}`);
  // A word on no page is left out, and the summary says so; the other word still finds pages.
  const leftOut = await search("qzxqz huisverbod");
  assert.ok(leftOut.some((t) => /huisverbod/i.test(t)), leftOut.join(" | "));
  assert.match(await summary.textContent(), /niet gezocht: "qzxqz"/);

  // Ten results first; "Meer resultaten" adds ten more and moves focus to the first new one.
  const many = await search("signalen");
  const before = await total();
  assert.ok(before > 10, `signalen finds ${before} pages`);
  assert.equal(many.length, 10);
  const more = page.locator(".kb-results__more");
  assert.ok(await more.isVisible());
  await more.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".kb-result").length > 10);
  assert.equal(await page.locator(".kb-result").count(), Math.min(20, before));
  assert.equal(
    await page.evaluate(() => document.activeElement.closest(".kb-result") === document.querySelectorAll(".kb-result")[10]),
    true,
    "focus on the first new result",
  );

  // The filters are folded away until asked for.
  assert.equal(await page.locator("[data-kb-facets] button").first().isVisible(), false);
  await page.locator("[data-kb-filters] > summary").click();
  const chip = page.locator("[data-kb-facets] button").first();
  const label = await chip.textContent();
  const expected = Number(label.match(/\((\d+)\)$/)[1]);
  await chip.click();
  await page.waitForFunction(() => document.querySelector("[data-kb-facets] button[aria-pressed=true]"));
  await page.waitForFunction((n) => document.querySelector("[data-kb-summary]").textContent.includes(String(n)), expected);
  assert.equal(await total(), expected, `the chip "${label}" filters to its count`);
  assert.ok(expected <= before);

  await search("xyzzyqwv");
  assert.ok(await page.locator("[data-kb-empty]").isVisible());
  assert.match(await page.locator("[data-kb-empty]").textContent(), /begrippenlijst/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a missing page gets the 404 page, with a way on", async () => {
  const { context, page } = await freshPage();
  const response = await page.goto(`${server.origin}/bestaat-niet/`);
  assert.equal(response.status(), 404);
  assert.match(await page.locator("h1").textContent(), /bestaat niet/);
  assert.ok(await page.locator('main a[href="/a-z/"]').count());
  await context.close();
});

test("trend charts: accessible SVG, and the CSV download holds exactly the numbers in the table", async () => {
  const { context, page, problems } = await freshPage();
  await page.goto(`${server.origin}/trends/emmen/`);
  const charts = page.locator(".kb-chart");
  assert.equal(await charts.count(), 2);
  assert.match(await page.locator("main").textContent(), /Fictieve voorbeeldcijfers/);
  for (let i = 0; i < 2; i++) {
    const chart = charts.nth(i);
    const svg = chart.locator("svg");
    assert.equal(await svg.getAttribute("role"), "img");
    const [titleId, descId] = (await svg.getAttribute("aria-labelledby")).split(" ");
    assert.ok((await page.locator(`[id="${titleId}"]`).textContent()).length > 10);
    assert.match(await page.locator(`[id="${descId}"]`).textContent(), /Hoogste waarde/);
    // The table, read as a person would see it after opening the details.
    await chart.locator("summary").click();
    const shown = await chart.locator("table").evaluate((table) =>
      [...table.querySelectorAll("tr")].map((tr) => [...tr.children].map((c) => (c.querySelector('[aria-hidden="true"]') ? "" : c.textContent.trim()))),
    );
    const href = await chart.locator("a[download]").getAttribute("href");
    const csv = await (await page.request.get(server.origin + href)).text();
    const rows = csv.trimEnd().split("\n").map((line) => line.split(","));
    const capitalised = (s) => s.charAt(0).toUpperCase() + s.slice(1);
    assert.deepEqual(rows.map((r, n) => (n === 0 ? r.map(capitalised) : r)), shown);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

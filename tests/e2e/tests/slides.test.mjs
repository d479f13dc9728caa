// A slide deck as a trainer uses it: one slide at a time by keyboard, the presenter view in a
// second window that follows the deck (and the deck it), print emulation and the page without
// JavaScript showing every slide, and axe in the states only a script reaches. Nothing may be
// stored and no request may leave the host.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, watchPage, axeViolations } from "../lib.mjs";

const env = withBrowser();
const DECK = "/voor-trainers/presentaties/ouderavond/";

async function openDeck(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchPage(page, env.server.origin);
  await page.goto(`${env.server.origin}${DECK}`);
  return { context, page, problems };
}

/** The aria-labels of the slides a reader can see. */
const shown = (page) =>
  page.$$eval("[data-kb-slide]", (slides) => slides.filter((s) => s.checkVisibility()).map((s) => s.getAttribute("aria-label")));

test("a deck by keyboard: one slide at a time, arrows, Page Up/Down, Home/End and the buttons", async () => {
  const { context, page, problems } = await openDeck();
  await page.waitForSelector(".kb-deck--live");
  const total = await page.locator("[data-kb-slide]").count();
  assert.ok(total >= 10, `the example deck has ${total} slides`);
  assert.deepEqual(await shown(page), [`1 van ${total}`]);
  // The keys work while focus is in the deck.
  await page.focus("[data-kb-deck-fullscreen]");
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await shown(page), [`2 van ${total}`]);
  assert.equal((await page.textContent("[data-kb-deck-status]")).trim(), `Dia 2 van ${total}`);
  await page.keyboard.press("End");
  assert.deepEqual(await shown(page), [`${total} van ${total}`]);
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await shown(page), [`${total} van ${total}`], "the last slide stays");
  await page.keyboard.press("Home");
  assert.deepEqual(await shown(page), [`1 van ${total}`]);
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageUp");
  assert.deepEqual(await shown(page), [`2 van ${total}`]);
  await page.focus("[data-kb-deck-next]");
  await page.keyboard.press("Enter");
  assert.deepEqual(await shown(page), [`3 van ${total}`]);
  await page.focus("[data-kb-deck-previous]");
  await page.keyboard.press("Space");
  assert.deepEqual(await shown(page), [`2 van ${total}`]);
  // Typing in the search field does not turn slides.
  await page.focus("#kb-zoekveld");
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await shown(page), [`2 van ${total}`]);
  assert.equal(await page.isVisible(".kb-slide__notes"), false, "the audience does not see the notes");
  assert.equal(await page.getAttribute("[data-kb-deck-fullscreen]", "aria-pressed"), "false");
  assert.deepEqual(problems, []);
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]), [0, 0, ""]);
  await context.close();
});

test("the presenter view opens in a second window with notes, the next slide and a clock, in step", async () => {
  const { context, page, problems } = await openDeck();
  await page.waitForSelector(".kb-deck--live");
  const total = await page.locator("[data-kb-slide]").count();
  await page.focus("[data-kb-deck-fullscreen]");
  await page.keyboard.press("ArrowRight");
  const [presenter] = await Promise.all([context.waitForEvent("page"), page.click("[data-kb-deck-presenter]")]);
  const presenterProblems = watchPage(presenter, env.server.origin);
  await presenter.waitForSelector(".kb-deck--presenter");
  assert.equal(new URL(presenter.url()).hash, "#presenter");
  // It asks which slide is showing and follows.
  await presenter.waitForFunction(() => document.querySelector("[data-kb-deck-status]").textContent.includes("Dia 2 "));
  assert.deepEqual(await shown(presenter), [`2 van ${total}`]);
  assert.ok(await presenter.isVisible("#dia-2 .kb-slide__notes"), "the presenter sees the notes");
  const next = await presenter.textContent("[data-kb-presenter-next]");
  const third = await presenter.textContent("#dia-3 .kb-slide__content");
  assert.equal(next.trim(), third.trim(), "the next slide is shown");
  assert.equal(await presenter.locator("[data-kb-presenter-next] [id]").count(), 0, "the copy repeats no ids");
  assert.match(await presenter.textContent("[data-kb-presenter-timer]"), /^\d\d:\d\d$/);
  await presenter.waitForFunction(() => document.querySelector("[data-kb-presenter-timer]").textContent !== "00:00", null, { timeout: 5000 });
  // Either window turns the slide for both.
  await page.keyboard.press("ArrowRight");
  await presenter.waitForFunction(() => document.querySelector("[data-kb-deck-status]").textContent.includes("Dia 3 "));
  await presenter.bringToFront();
  await presenter.focus("[data-kb-deck-fullscreen]");
  await presenter.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("[data-kb-deck-status]").textContent.includes("Dia 4 "));
  assert.deepEqual(await shown(page), [`4 van ${total}`]);
  const violations = await axeViolations(presenter);
  assert.deepEqual(violations, [], "axe in the presenter view");
  assert.deepEqual([...problems, ...presenterProblems], []);
  await context.close();
});

test("printed, and without JavaScript, the deck shows every slide with its notes", async () => {
  {
    const { context, page, problems } = await openDeck();
    await page.waitForSelector(".kb-deck--live");
    const total = await page.locator("[data-kb-slide]").count();
    await page.emulateMedia({ media: "print" });
    assert.equal((await shown(page)).length, total, "print shows every slide");
    assert.equal(await page.locator(".kb-slide__notes").evaluateAll((n) => n.filter((e) => e.checkVisibility()).length), await page.locator(".kb-slide__notes").count());
    assert.equal(await page.isVisible("[data-kb-deck-controls]"), false, "no controls on paper");
    // Three to a page by default; two when chosen.
    const columns = () => page.$eval("#dia-1", (s) => getComputedStyle(s).gridTemplateColumns.split(" ").length);
    assert.equal(await columns(), 2, "3 a page: notes beside the slide");
    await page.emulateMedia({ media: "screen" });
    await page.check("#kb-handout-2");
    await page.emulateMedia({ media: "print" });
    assert.equal(await columns(), 1, "2 a page: notes below the slide");
    assert.deepEqual(problems, []);
    await context.close();
  }
  {
    const { context, page } = await openDeck({ javaScriptEnabled: false });
    const total = await page.locator("[data-kb-slide]").count();
    assert.equal((await shown(page)).length, total, "without JavaScript every slide shows");
    assert.ok(await page.isVisible("#dia-1 .kb-slide__notes"));
    await context.close();
  }
});

test("axe finds nothing on the decks one slide at a time, in dark mode too", async () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const deck of [DECK, "/voor-trainers/presentaties/basistraining-meldcode/"]) {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      const page = await context.newPage();
      await page.goto(`${env.server.origin}${deck}`);
      await page.waitForSelector(".kb-deck--live");
      await page.focus("[data-kb-deck-fullscreen]");
      for (const key of ["Home", "End"]) {
        await page.keyboard.press(key);
        assert.deepEqual(await axeViolations(page), [], `${deck} (${colorScheme}, ${key})`);
      }
      await context.close();
    }
  }
});

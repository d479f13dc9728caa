// The decision aid (afwegingskader) as a screen reader user, a keyboard user and a reader of the
// printed page meet it: the heading that receives focus carries the question's number and
// text, the answer buttons name the question as their description, the page without
// JavaScript lists every question once with answers that lead to existing steps, and print
// shows that list with no buttons that do nothing on paper.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, watchPage, axeViolations } from "../lib.mjs";

const env = withBrowser();
const AID = "/meldcode/afwegingskader/";

async function openAid(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watchPage(page, env.server.origin);
  await page.goto(`${env.server.origin}${AID}`);
  const data = JSON.parse(await page.locator("[data-kb-decision-data]").textContent());
  return { context, page, problems, data };
}

/** The heading of the walk-through and what the answer buttons say they are described by. */
async function current(page) {
  return page.evaluate(() => {
    const heading = document.querySelector(".kb-decision__question");
    const app = heading.closest("[data-kb-decision-app]");
    const buttons = [...app.querySelectorAll(".kb-decision__answers button")];
    const described = buttons.map((b) =>
      (b.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent ?? `missing #${id}`)
        .join(" "),
    );
    // Everything in the walk-through that comes before the heading in reading order.
    const before = [...app.querySelectorAll("*")].filter(
      (e) => e !== heading && !e.contains(heading) && e.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    return {
      text: heading.textContent,
      focused: document.activeElement === heading,
      described,
      textBefore: before.map((e) => e.textContent).join("").trim(),
    };
  });
}

test("the focused heading says the question's number and text, before anything else; answers are described by it", async () => {
  const { context, page, problems, data } = await openAid();
  const start = data.questions.find((q) => q.id === data.start);
  let now = await current(page);
  assert.equal(now.text, `Vraag 1: ${start.text}`);
  assert.equal(now.textBefore, "", "nothing of the walk-through comes before its heading");
  assert.ok(now.described.length >= 2, "a question has at least two answers");
  for (const d of now.described) assert.ok(d.startsWith(now.text), `an answer is described by "${d}"`);
  // Answer the first question with the answer that leads to another question.
  const answer = start.answers.find((a) => data.questions.some((q) => q.id === a.next));
  assert.ok(answer, "the first question leads on to a second");
  await page.getByRole("button", { name: answer.label, exact: true }).press("Enter");
  const second = data.questions.find((q) => q.id === answer.next);
  now = await current(page);
  assert.equal(now.text, `Vraag 2: ${second.text}`);
  assert.ok(now.focused, "focus is on the heading with the question number");
  assert.equal(now.textBefore, "", "the answers so far come after the question, not before its heading");
  for (const d of now.described) assert.ok(d.startsWith(now.text), `an answer is described by "${d}"`);
  assert.match(await page.locator(".kb-decision__path").textContent(), new RegExp(answer.label));
  // Focus scrolled the page: let it come to rest before axe measures targets under the sticky
  // bars (under load, a target-size finding on the search button came from a page mid-scroll).
  for (let i = 0, last = -1; i < 40; i++) {
    const y = await page.evaluate(() => window.scrollY);
    if (y === last) break;
    last = y;
    await page.waitForTimeout(50);
  }
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("printed, the aid is the list of steps: no buttons, every question once", async () => {
  const { context, page, data } = await openAid();
  await page.emulateMedia({ media: "print" });
  const visibleButtons = await page.$$eval(".kb-decision button", (all) => all.filter((b) => b.checkVisibility()).length);
  assert.equal(visibleButtons, 0, "no dead buttons on paper");
  assert.ok(await page.locator("[data-kb-decision-tree]").isVisible(), "the list of steps is printed");
  const questions = await page.locator("[data-kb-decision-tree] .kb-question__text").allTextContents();
  assert.equal(questions.length, data.questions.length, "each question is printed once");
  for (const q of data.questions) assert.ok(questions.some((t) => t.includes(q.text)), `question ${q.id} is printed`);
  await context.close();
});

test("without JavaScript every answer links to a step on the page, and following the links reaches each outcome", async () => {
  const { context, page, data } = await openAid({ javaScriptEnabled: false });
  const steps = await page.$$eval("[data-kb-decision-tree] .kb-tree__step", (all) => all.map((s) => s.id));
  assert.equal(steps.length, data.questions.length + data.outcomes.length, "each question and outcome once");
  assert.equal(new Set(steps).size, steps.length, "step ids are unique");
  const targets = await page.$$eval("[data-kb-decision-tree] .kb-tree__answers a", (all) => all.map((a) => a.getAttribute("href")));
  assert.ok(targets.length >= data.questions.length * 2);
  for (const t of targets) assert.ok(steps.includes(t.slice(1)), `${t} leads to a step`);
  // Follow the first answer each time, by keyboard, until an outcome.
  await page.locator(`#${steps[0]} .kb-tree__answers a`).first().focus();
  for (let i = 0; i < data.questions.length + 1; i++) {
    const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
    await page.keyboard.press("Enter");
    const target = page.locator(href);
    assert.ok(await target.isVisible());
    const isOutcome = (await target.locator(".kb-outcome").count()) > 0;
    if (isOutcome) {
      assert.match(await target.textContent(), /Uitkomst: /);
      await context.close();
      return;
    }
    await target.locator(".kb-tree__answers a").first().focus();
  }
  assert.fail("no outcome reached by following the first answers");
});

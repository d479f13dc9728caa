// The signal checklist as an auditor checks it beyond axe: after Back the count, the notes and
// "print only what is ticked" follow the boxes as they really are (WCAG 4.1.3, 3.3.7); on paper
// the notes print whole and a group with nothing ticked does not print as an empty heading; a
// screen reader tabbing through the boxes hears each box's group (a group named by its heading).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";
import { PAGE_KINDS } from "../kinds.mjs";

const env = withBrowser();
const NOTES = Array.from({ length: 9 }, (_, i) => `regel ${i + 1} van de aantekeningen`).join("\n");

async function openChecklist(context) {
  const page = await context.newPage();
  await page.goto(env.server.origin + PAGE_KINDS.checklist);
  await page.locator("[data-kb-checklist-count]").waitFor();
  return page;
}

/** What the page says against what it is: the live count, the boxes, the notes. */
function state(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll(".kb-signal__box")];
    return {
      said: document.querySelector("[data-kb-checklist-count]").textContent.trim(),
      ticked: boxes.filter((b) => b.checked).length,
      total: boxes.length,
      notes: document.querySelector("#kb-aantekeningen").value,
      printsTickedOnly: document.querySelector("[data-kb-checklist]").classList.contains("kb-checklist--ticked"),
    };
  });
}

test("after following a link and going Back, the count, the notes and the print choice follow the boxes", async () => {
  for (const bfcache of [true, false]) {
    const context = await env.browser.newContext();
    const page = await openChecklist(context);
    // An unload handler keeps a page out of the back/forward cache: then the browser restores
    // the form fields into a freshly loaded page instead.
    if (!bfcache) await page.evaluate(() => window.addEventListener("unload", () => {}));
    await page.locator("#signaal-2").check();
    await page.locator("#signaal-7").check();
    await page.locator("#kb-aantekeningen").fill(NOTES);
    assert.equal((await state(page)).said, "2 van 18 signalen aangevinkt");
    await page.locator('.kb-nav a[href="/hulp/"]').click();
    await page.waitForURL(/\/hulp\/$/);
    await page.goBack();
    await page.waitForLoadState("load");
    await page.waitForTimeout(200);
    const after = await state(page);
    assert.equal(after.said, `${after.ticked} van ${after.total} signalen aangevinkt`, `bfcache ${bfcache}: ${JSON.stringify(after)}`);
    assert.equal(after.printsTickedOnly, after.ticked > 0, `bfcache ${bfcache}: ${JSON.stringify(after)}`);
    // Kept or cleared, but together: never ticked boxes with the notes gone or the other way.
    assert.equal(after.notes === NOTES, after.ticked === 2, `bfcache ${bfcache}: ${JSON.stringify(after)}`);
    assert.ok(after.notes === NOTES || after.notes === "", `bfcache ${bfcache}: ${JSON.stringify(after)}`);
    await context.close();
  }
});

test("on paper the notes print whole and groups with nothing ticked are left out", async () => {
  const context = await env.browser.newContext();
  const page = await openChecklist(context);
  await page.locator("#kb-aantekeningen").fill(NOTES);
  await page.locator("#signaal-2").check();
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const notes = document.querySelector("#kb-aantekeningen");
    const out = { clipped: [], lines: 0, headings: [] };
    if (shown(notes) && notes.scrollHeight > notes.clientHeight + 1) out.clipped.push("the notes field");
    // Every line of the notes is on paper: in the field (when it shows all of it) or in text.
    const text = shown(notes) && notes.scrollHeight <= notes.clientHeight + 1 ? notes.value : document.querySelector("[data-kb-checklist]").innerText;
    out.lines = text.split("\n").filter((line) => /^regel \d van de aantekeningen$/.test(line.trim())).length;
    for (const heading of document.querySelectorAll("[data-kb-checklist] .kb-prose h2")) {
      if (shown(heading)) out.headings.push(heading.textContent.trim());
    }
    return out;
  });
  assert.deepEqual(printed.clipped, []);
  assert.equal(printed.lines, 9, "all nine lines of the notes are printed");
  assert.deepEqual(printed.headings, ["Lichamelijke signalen"], "only the group with a ticked signal prints");
  await page.emulateMedia({ media: "screen" });
  await page.locator("#signaal-2").uncheck();
  await page.emulateMedia({ media: "print" });
  const all = await page.locator("[data-kb-checklist] .kb-prose h2:visible").count();
  assert.equal(all, 4, "with nothing ticked every group prints");
  await context.close();
});

test("every box is in a group named by its heading", async () => {
  const context = await env.browser.newContext();
  const page = await openChecklist(context);
  const headings = await page.locator("[data-kb-checklist] .kb-prose h2").allTextContents();
  assert.equal(headings.length, 4);
  let boxes = 0;
  for (const heading of headings) {
    const group = page.getByRole("group", { name: heading.trim(), exact: true });
    assert.equal(await group.count(), 1, `a group named "${heading}"`);
    const inGroup = await group.getByRole("checkbox").count();
    assert.ok(inGroup > 0, `"${heading}" holds boxes`);
    boxes += inGroup;
  }
  assert.equal(boxes, await page.locator(".kb-signal__box").count(), "every box is in a named group");
  await context.close();
});

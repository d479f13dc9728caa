// Print packs, in headless Chromium with print emulation: the section links "Afdrukken"; the
// pack has a table of contents and every page of the section in order, each from a new sheet;
// no navigation is printed; links that leave the pack print their target; signals are empty
// boxes; the decision aid is a nested list. axe on the pack on screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, watchPage, axeViolations } from "../lib.mjs";

const env = withBrowser();

for (const [section, pages] of [
  ["/meldcode/", 7],
  ["/signalen/", 10],
]) {
  test(`the print pack of ${section}`, { timeout: 60_000 }, async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watchPage(page, env.server.origin);
    await page.goto(env.server.origin + section);
    await page.getByRole("link", { name: "Afdrukken", exact: true }).click();
    await page.waitForURL(new RegExp(`${section}afdrukken/$`));
    assert.deepEqual(await axeViolations(page), []);

    // Every page of the section, in the order of the section's list, each in the contents.
    const listed = await page.evaluate(() => [...document.querySelectorAll(".kb-print-pack__toc a")].map((a) => a.getAttribute("href")));
    const sections = await page.evaluate(() => [...document.querySelectorAll(".kb-print-pack__page h2")].map((h) => `#${h.id}`));
    assert.equal(sections.length, pages);
    assert.deepEqual(listed, sections);
    const ids = await page.evaluate(() => [...document.querySelectorAll("[id]")].map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length, "ids are unique in the pack");

    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const shown = (selector) => [...document.querySelectorAll(selector)].filter((e) => getComputedStyle(e).display !== "none").length;
      const external = [...document.querySelectorAll(".kb-print-pack a[href^='http']")][0];
      const internal = document.querySelector(".kb-print-pack a[href^='#']");
      const box = document.querySelector(".kb-signal__box");
      return {
        navigation: shown(".kb-nav, .kb-topbar, .kb-search, .kb-breadcrumbs, .kb-footer, .kb-pager, .kb-header, .kb-offline"),
        toc: shown(".kb-print-pack__toc"),
        pages: shown(".kb-print-pack__page"),
        breaks: [...document.querySelectorAll(".kb-print-pack__page")].filter((e) => getComputedStyle(e).breakBefore === "page").length,
        externalAfter: external ? getComputedStyle(external, "::after").content : null,
        internalAfter: internal ? getComputedStyle(internal, "::after").content : null,
        box: box ? { checked: box.checked, border: getComputedStyle(box).borderTopStyle } : null,
        tree: document.querySelectorAll(".kb-print-pack__tree .kb-tree__step").length,
      };
    });
    assert.equal(printed.navigation, 0, "no navigation in print");
    assert.equal(printed.toc, 1);
    assert.equal(printed.pages, pages);
    assert.equal(printed.breaks, pages, "each page starts a new sheet");
    assert.match(printed.externalAfter, /^" \(" ?|\(http/, "link targets print after the link text");
    assert.ok(printed.internalAfter === "none" || printed.internalAfter === "normal", `internal link after: ${printed.internalAfter}`);
    if (section === "/signalen/") assert.deepEqual(printed.box, { checked: false, border: "solid" });
    if (section === "/meldcode/") assert.ok(printed.tree > 1, "the decision aid prints as its list of steps");

    const pdf = await page.pdf({ format: "A4" });
    assert.ok(pdf.length > 20_000, "Chromium makes a PDF of it");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

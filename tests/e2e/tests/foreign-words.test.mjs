// WCAG 3.1.2 Language of Parts: Dutch words on English and Arabic pages, and English browser
// menu names on Arabic pages, carry their own `lang`, so a screen reader pronounces them right.
// Every occurrence in the page's text is checked, the site's Dutch name in the header too.
// (A front-matter description is plain text and cannot mark a word: not checked here.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";

const env = withBrowser();
const CHECKS = [
  ["/en/hulp/huisverbod-uitgelegd/", "nl", ["tijdelijk huisverbod"]],
  ["/en/hulp/hulplijnen/", "nl", ["wijkteam"]],
  ["/en/hulp/na-een-melding/", "nl", ["wijkteam"]],
  ["/ar/hulp/na-een-melding/", "nl", ["veiligheidsbeoordeling", "wijkteam"]],
  ["/ar/hulp/wat-is-huiselijk-geweld/", "nl", ["melding"]],
  ["/ar/hulp/veilig-internetten/", "en", ["New private window", "New Incognito window", "File"]],
  ["/ar/hulp/veilig-internetten/", "nl", ["Kennisbank Veilig Thuis Drenthe"]],
];

test("foreign words on English and Arabic pages carry their language", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const wrong = [];
  for (const [path, lang, words] of CHECKS) {
    await page.goto(env.server.origin + path);
    const found = await page.evaluate(
      ({ lang, words }) => {
        const out = [];
        const texts = [];
        for (const root of document.querySelectorAll(".kb-prose, .kb-header__name")) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
        }
        for (const node of texts) {
          for (const word of words) {
            if (!new RegExp(`\\b${word}\\b`).test(node.data)) continue;
            const own = node.parentElement.closest("[lang]")?.getAttribute("lang");
            out.push({ word, ok: own === lang });
          }
        }
        return out;
      },
      { lang, words },
    );
    for (const word of words) {
      const hits = found.filter((f) => f.word === word);
      if (hits.length === 0) wrong.push(`${path}: "${word}" not found`);
      for (const hit of hits) if (!hit.ok) wrong.push(`${path}: "${word}" without lang="${lang}"`);
    }
  }
  assert.deepEqual(wrong, []);
  await context.close();
});

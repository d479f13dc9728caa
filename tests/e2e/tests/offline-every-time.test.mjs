// The stored offline copy opens offline every time, not now and then: in ten fresh browsers,
// "Offline bewaren" on the meldcode, wait for "Klaar.", switch the network off at once, open a
// stored step. "Klaar." may only be said once the service worker controls the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser } from "../lib.mjs";

const env = withBrowser();
const TRIES = 10;

test(`the stored meldcode opens offline in ${TRIES} of ${TRIES} fresh tries`, { timeout: 300_000 }, async () => {
  const failed = [];
  for (let i = 1; i <= TRIES; i++) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.server.origin}/meldcode/`);
    // Whether the service worker controls the page at the very moment "Klaar." is said.
    await page.evaluate(() => {
      const status = document.querySelector("[data-kb-offline-status]");
      new MutationObserver(() => {
        if (status.textContent.startsWith("Klaar") && !("kbControlledWhenDone" in window)) {
          window.kbControlledWhenDone = navigator.serviceWorker.controller !== null;
        }
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole("button", { name: "Offline bewaren" }).click();
    await page.waitForFunction(() => /^(Klaar|Bewaard)/.test(document.querySelector("[data-kb-offline-status]").textContent), null, { timeout: 60_000 });
    const said = await page.locator("[data-kb-offline-status]").textContent();
    const controlled = await page.evaluate(() => window.kbControlledWhenDone === true);
    await context.setOffline(true);
    let opened = false;
    try {
      await page.goto(`${env.server.origin}/meldcode/stap-3-gesprek/`, { timeout: 10_000 });
      opened = /Stap 3/.test((await page.locator("h1").textContent({ timeout: 5_000 })) || "");
    } catch {
      opened = false;
    }
    if (!said.startsWith("Klaar") || !controlled || !opened) failed.push(`try ${i}: said "${said.slice(0, 40)}", controlled ${controlled}, opened ${opened}`);
    await context.close();
  }
  assert.deepEqual(failed, []);
});

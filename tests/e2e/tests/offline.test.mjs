// Offline by choice, in headless Chromium: nothing is stored until the reader clicks "Offline
// bewaren"; then the meldcode and the signal lists are stored (progress, "done", the size), a
// stored step opens and search answers with the network off, the page says it is an offline
// copy of the build's date, no page for the public is in the cache, and "Verwijder offline
// kopie" leaves nothing behind (no cache, no service worker).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withBrowser, watchPage, axeViolations, SITE_DIR } from "../lib.mjs";

const env = withBrowser();
const manifest = JSON.parse(readFileSync(join(SITE_DIR, "offline", "manifest.json"), "utf8"));

/** Every URL path in every cache of the page's origin. */
async function cachedPaths(page) {
  return page.evaluate(async () => {
    const paths = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

test("the manifest lists the meldcode and signal lists, and no public page", () => {
  assert.ok(manifest.pages.includes("/meldcode/stap-1-signalen-in-kaart/"));
  assert.ok(manifest.pages.includes("/signalen/0-4-jaar/"));
  assert.ok(manifest.bytes > 0 && manifest.version);
  for (const url of manifest.files) {
    assert.ok(!url.startsWith("/hulp/") && url !== "/" && !url.startsWith("/search/"), `${url} is stored`);
  }
});

test("public pages have no offline control; a professional page stores nothing until the click", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  for (const path of ["/", "/hulp/", "/hulp/veilig-internetten/", "/handreikingen/kindcheck/"]) {
    await page.goto(env.server.origin + path);
    assert.equal(await page.locator("[data-kb-offline]").count(), 0, `${path} has the control`);
  }
  await page.goto(`${env.server.origin}/meldcode/stap-1-signalen-in-kaart/`);
  await page.getByRole("button", { name: "Offline bewaren" }).waitFor();
  assert.deepEqual(await cachedPaths(page), []);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  await context.close();
});

test("store the meldcode offline, open a stored step and search in it without a network, then remove it", { timeout: 120_000 }, async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page, env.server.origin);
  await page.goto(`${env.server.origin}/meldcode/`);
  const store = page.getByRole("button", { name: "Offline bewaren" });
  await store.click();
  const status = page.locator("[data-kb-offline-status]");
  assert.equal(await status.getAttribute("aria-live"), "polite");
  await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.startsWith("Klaar."));
  assert.match(await status.textContent(), /Klaar\. [\d,.]+\s?(kB|MB) bewaard/);
  await page.evaluate(() => navigator.serviceWorker.ready);

  // Exactly the manifest is stored: no page for the public, nothing else.
  const cached = await cachedPaths(page);
  const expected = new Set([...manifest.files, "/offline/manifest.json"]);
  for (const path of cached) assert.ok(expected.has(path), `${path} is in the cache but not in the manifest`);
  assert.equal(new Set(cached).size, expected.size);
  for (const path of cached) {
    assert.ok(!/^\/(hulp|en|ar|over-ons)\//.test(path) && path !== "/", `a public page is stored: ${path}`);
  }

  // Network off: a stored step opens, says it is a copy of the build's date, and search works.
  await context.setOffline(true);
  await page.goto(`${env.server.origin}/meldcode/stap-3-gesprek/`);
  await page.locator("h1").waitFor();
  assert.match(await page.locator("h1").textContent(), /Stap 3/);
  const notice = page.locator("[data-kb-offline-notice]");
  await notice.waitFor();
  assert.match(await notice.textContent(), /^Offline kopie van \d{1,2} [a-z]+ \d{4}\./);
  await page.locator("#kb-zoekveld").fill("kindcheck");
  const options = page.locator("#kb-zoekveld-resultaten [role=option]");
  await options.first().waitFor({ timeout: 10_000 });
  const found = await options.allTextContents();
  assert.ok(found.some((t) => /Stap 1/.test(t)), `offline search found: ${found.join(" | ")}`);
  // The section's print pack is stored too, and says so without a script of its own.
  await page.goto(`${env.server.origin}/meldcode/afdrukken/`);
  assert.ok(await page.locator("[data-kb-offline-notice]").isVisible(), "the print pack's offline notice");
  // A public page is not there without a network.
  const publicPage = await page.goto(`${env.server.origin}/hulp/`).then(() => "loaded", () => "failed");
  assert.equal(publicPage, "failed");
  await context.setOffline(false);

  // Remove: no cache, no service worker.
  await page.goto(`${env.server.origin}/meldcode/`);
  const remove = page.getByRole("button", { name: "Verwijder offline kopie" });
  await remove.waitFor();
  await remove.click();
  await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.includes("verwijderd"));
  assert.deepEqual(await cachedPaths(page), []);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("with the network there, a stored page comes from the network (never stale)", { timeout: 60_000 }, async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/signalen/`);
  await page.getByRole("button", { name: "Offline bewaren" }).click();
  await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.startsWith("Klaar."));
  await page.evaluate(() => navigator.serviceWorker.ready);
  const response = await page.goto(`${env.server.origin}/signalen/0-4-jaar/`);
  assert.equal(response.status(), 200);
  assert.equal(await page.locator("html").getAttribute("data-kb-offline-copy"), null);
  assert.ok(await page.locator("[data-kb-offline-notice]").isHidden());
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: "Verwijder offline kopie" }).click();
  await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.includes("verwijderd"));
  await context.close();
});

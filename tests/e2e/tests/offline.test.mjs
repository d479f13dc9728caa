// Offline by choice, in headless Chromium: nothing is stored until the reader clicks "Offline
// bewaren"; then the meldcode and the signal lists are stored (progress, "done", the size), a
// stored step opens and search answers with the network off (in the header and on the stored
// search page), the page says it is an offline copy of the build's date, no page for the public
// is in the cache, and "Verwijder offline kopie" leaves nothing behind (no cache, no service
// worker). After a rebuild, a returning reader's stored copy is brought up to date in the
// background, with only the sections they stored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
  // The search page is stored too: Enter opens it without a network, it says it is a copy,
  // searches the stored pages, and a result opens the stored page.
  await page.locator("#kb-zoekveld").press("Enter");
  await page.waitForURL(`${env.server.origin}/zoeken/`);
  assert.ok(await page.locator("[data-kb-offline-notice]").isVisible(), "the search page's offline notice");
  const results = page.locator("[data-kb-results] a");
  await results.first().waitFor({ timeout: 10_000 });
  const titles = await results.allTextContents();
  assert.ok(titles.some((t) => /Stap 1/.test(t)), `the stored search page found: ${titles.join(" | ")}`);
  await results.filter({ hasText: /Stap 1/ }).first().click();
  await page.waitForURL(/\/meldcode\/stap-1-signalen-in-kaart\//);
  assert.match(await page.locator("h1").textContent(), /Stap 1/);
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

/** "2 december 2026": a manifest's build date as the control writes it. */
const inWords = (iso) =>
  new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${iso}T12:00:00Z`),
  );

test("a stored copy is brought up to date after a rebuild, with only the sections the reader stored", { timeout: 180_000 }, async () => {
  // The rebuild: a copy of the site in which a stored step changed, and whose manifest has a
  // new version and date and lists a page of a section the reader did not store.
  const rebuilt = mkdtempSync(join(tmpdir(), "kb-rebuilt-"));
  cpSync(SITE_DIR, rebuilt, { recursive: true });
  const step = join(rebuilt, "meldcode", "stap-3-gesprek", "index.html");
  const html = readFileSync(step, "utf8");
  assert.ok(html.includes("</h1>"));
  writeFileSync(step, html.replace("</h1>", " (bijgewerkt)</h1>"));
  const unchosen = "/handreikingen/kindcheck/";
  const newer = {
    ...manifest,
    version: `${manifest.version}-rebuilt`,
    build_date: "2027-01-15",
    sections: [...manifest.sections, "/handreikingen/"],
    pages: [...manifest.pages, unchosen],
    files: [...manifest.files, unchosen],
  };
  writeFileSync(join(rebuilt, "offline", "manifest.json"), JSON.stringify(newer));

  const context = await env.browser.newContext();
  const page = await context.newPage();
  const problems = watchPage(page, env.server.origin);
  try {
    await page.goto(`${env.server.origin}/meldcode/`);
    await page.getByRole("button", { name: "Offline bewaren" }).click();
    await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.startsWith("Klaar."));
    await page.evaluate(() => navigator.serviceWorker.ready);
    const state = page.locator("[data-kb-offline-state]");
    assert.equal(await state.textContent(), `Er staat een offline kopie van ${inWords(manifest.build_date)} op dit apparaat.`);

    // The reader comes back online after the rebuild: any page brings the copy up to date.
    env.server.setRoot(rebuilt);
    await page.goto(`${env.server.origin}/meldcode/stap-1-signalen-in-kaart/`);
    await page.waitForFunction(
      async (version) => {
        const stored = await caches.match("/offline/manifest.json");
        return stored && (await stored.json()).version === version;
      },
      newer.version,
      { timeout: 60_000, polling: 250 },
    );
    await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.includes("bijgewerkt"));
    assert.match(await page.locator("[data-kb-offline-status]").textContent(), new RegExp(inWords(newer.build_date)));
    assert.equal(await state.textContent(), `Er staat een offline kopie van ${inWords(newer.build_date)} op dit apparaat.`);
    // One set, the new one, without the section the reader did not store and without public pages.
    const sets = await page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith("kb-offline-")));
    assert.equal(sets.length, 1, `caches: ${sets.join(", ")}`);
    const cached = await cachedPaths(page);
    assert.ok(!cached.includes(unchosen), `${unchosen} was stored without a click`);
    for (const path of cached) {
      assert.ok(!/^\/(hulp|en|ar|over-ons)\//.test(path) && path !== "/", `a public page is stored: ${path}`);
    }
    assert.ok(cached.includes("/meldcode/stap-3-gesprek/") && cached.includes("/zoeken/"));

    // Without a network, the stored step is the new build's.
    await context.setOffline(true);
    await page.goto(`${env.server.origin}/meldcode/stap-3-gesprek/`);
    assert.match(await page.locator("h1").textContent(), /\(bijgewerkt\)/);
    assert.ok(await page.locator("[data-kb-offline-notice]").isVisible());
    await context.setOffline(false);

    await page.goto(`${env.server.origin}/meldcode/`);
    await page.getByRole("button", { name: "Verwijder offline kopie" }).click();
    await page.waitForFunction(() => document.querySelector("[data-kb-offline-status]").textContent.includes("verwijderd"));
    assert.deepEqual(await cachedPaths(page), []);
    assert.deepEqual(problems, []);
  } finally {
    env.server.setRoot();
    await context.close();
    rmSync(rebuilt, { recursive: true, force: true });
  }
});

// The authoring editor of `kennisbank serve`, as a trainer uses it: the real binary serves a
// copy of the example site; open /meldcode/, "Bewerk deze pagina", type a sentence, see it in
// the preview, save with Ctrl+S, find it in the source file and on the served page. The editor,
// "Nieuwe pagina" and "Publiceren" have no axe violations, fit a 360 px screen, and make no
// request to another host.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, axeViolations, watchPage } from "../lib.mjs";

const repo = new URL("../../../", import.meta.url).pathname;
const binary = join(repo, "target/release/kennisbank");
let site, remote, serve, origin, browser;
const git = (dir, ...args) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" });

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

before(async () => {
  site = mkdtempSync(join(tmpdir(), "kb-editor-"));
  for (const part of ["content", "themes", "templates", "i18n", "static", "data", "kennisbank.toml"]) {
    if (existsSync(join(repo, part))) cpSync(join(repo, part), join(site, part), { recursive: true });
  }
  // The copy is a git repository that publishes to a bare one beside it.
  remote = mkdtempSync(join(tmpdir(), "kb-editor-remote-"));
  execFileSync("git", ["init", "-q", "--bare", remote]);
  appendFileSync(join(site, "kennisbank.toml"), `\n[publish]\nremote = "${remote}"\nbranch = "main"\n`);
  git(site, "init", "-q", "-b", "main");
  git(site, "config", "user.name", "Trainer Test");
  git(site, "config", "user.email", "trainer@example.org");
  git(site, "add", "-A");
  git(site, "commit", "-q", "-m", "begin");
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  serve = spawn(binary, ["serve", "--port", String(port), "--root", site], { stdio: "ignore" });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(origin + "/")).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  serve?.kill();
  rmSync(site, { recursive: true, force: true });
  rmSync(remote, { recursive: true, force: true });
});

test("a trainer edits /meldcode/, sees the preview, saves and finds the text on the page", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  await page.goto(origin + "/meldcode/");
  await page.getByRole("link", { name: "Bewerk deze pagina" }).click();
  await page.waitForURL(/\/__kennisbank\/editor\/bewerk\/meldcode\/_index\.md$/);
  const source = page.getByLabel("Tekst van de pagina");
  await page.waitForFunction(() => document.querySelector("#bron").value.includes("+++"));
  assert.deepEqual(await axeViolations(page), [], "the editor");

  const sentence = "Deze zin schreef de trainer in de editor.";
  await source.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(`\n\n${sentence}\n`);
  const preview = page.frameLocator("#voorbeeld");
  await preview.locator("main").getByText(sentence).waitFor({ timeout: 10000 });
  // Unsaved: the file and the served page are as they were; the draft is in this browser.
  assert.ok(!readFileSync(join(site, "content/meldcode/_index.md"), "utf8").includes(sentence));
  assert.ok(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith("kennisbank-concept:"))));

  // A broken link shows up at its line, in the build's words.
  await page.keyboard.type("Zie [de lijst](@/bestaat-niet.md).\n");
  const problem = page.locator("#meldingen li").first();
  await problem.waitFor();
  assert.match(await problem.textContent(), /Regel \d+, kolom \d+: link to a page that does not exist/);
  await page.keyboard.press("Backspace");
  for (let i = 0; i < "Zie [de lijst](@/bestaat-niet.md).".length; i++) await page.keyboard.press("Backspace");
  await page.locator("#geen-meldingen").waitFor({ state: "visible" });

  await page.keyboard.press("Control+s");
  await page.locator("#status", { hasText: "Opgeslagen." }).waitFor();
  assert.ok(readFileSync(join(site, "content/meldcode/_index.md"), "utf8").includes(sentence));
  const served = await context.newPage();
  for (let i = 0; i < 100; i++) {
    await served.goto(origin + "/meldcode/");
    if ((await served.content()).includes(sentence)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok((await served.content()).includes(sentence), "the served page shows the saved text");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the editor's views have no axe violations and fit a 360 px screen", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  for (const view of ["bewerk/scholing/_index.md", "nieuw", "publiceer"]) {
    await page.goto(`${origin}/__kennisbank/editor/${view}`);
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await axeViolations(page), [], view);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${view} scrolls sideways by ${overflow} px`);
  }
  // A new page through the form, by keyboard only: the error is tied to its field.
  await page.goto(`${origin}/__kennisbank/editor/nieuw`);
  await page.waitForFunction(() => document.querySelector("#soort").options.length > 0);
  await page.getByLabel("Titel").focus();
  await page.keyboard.press("Enter");
  const error = page.locator("#fout-titel");
  await error.waitFor({ state: "visible" });
  assert.equal(await page.getByLabel("Titel").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Soort pagina").selectOption("training");
  await page.getByLabel("Map").fill("scholing");
  await page.getByLabel("Titel").fill("Training ouderenmishandeling");
  await page.keyboard.press("Enter");
  await page.waitForURL(/bewerk\/scholing\/training-ouderenmishandeling\.md$/);
  assert.ok(readFileSync(join(site, "content/scholing/training-ouderenmishandeling.md"), "utf8").includes("[[sessions]]"));
  assert.deepEqual(problems, []);
  await context.close();
});

test("a training with two sessions through the form reaches the calendar and its .ics", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  await page.goto(`${origin}/__kennisbank/editor/nieuw`);
  await page.waitForFunction(() => document.querySelector("#soort").options.length > 0);
  await page.getByLabel("Soort pagina").selectOption("training");
  await page.getByLabel("Map").fill("scholing");
  await page.getByLabel("Titel").fill("Dwingende controle herkennen");
  await page.getByRole("button", { name: "Pagina maken" }).click();
  await page.waitForURL(/bewerk\/scholing\/dwingende-controle-herkennen\.md$/);
  await page.waitForFunction(() => document.querySelector("#bron").value.includes("[[sessions]]"));
  await page.locator("#gegevens summary").click();
  await page.locator("#velden .veld").first().waitFor();
  assert.deepEqual(await axeViolations(page), [], "the editor with its form open");

  const sessions = page.getByRole("group", { name: "Bijeenkomsten", exact: true });
  const first = sessions.getByRole("group", { name: "Bijeenkomsten: 1" });
  await first.getByLabel("Begint (verplicht)").fill("2027-03-04T13:30");
  await first.getByLabel("Eindigt (verplicht)").fill("2027-03-04T16:30");
  await first.getByLabel("Plaats", { exact: true }).fill("Hoogeveen");
  await sessions.getByRole("button", { name: "Toevoegen: bijeenkomsten" }).click();
  const second = sessions.getByRole("group", { name: "Bijeenkomsten: 2" });
  await second.getByLabel("Begint (verplicht)").fill("2027-04-08T09:00");
  await second.getByLabel("Eindigt (verplicht)").fill("2027-04-08T12:00");
  await second.getByLabel("Plaats", { exact: true }).fill("Meppel");
  await second.getByLabel("Plaats", { exact: true }).press("Tab");
  await page.waitForFunction(() => {
    const text = document.querySelector("#bron").value;
    return text.includes('location = "Hoogeveen"') && text.includes('location = "Meppel"');
  });
  const text = await page.locator("#bron").inputValue();
  assert.match(text, /start = 2027-03-04T13:30:00/);
  assert.match(text, /start = 2027-04-08T09:00:00/);
  await page.keyboard.press("Control+s");
  await page.locator("#status", { hasText: "Opgeslagen." }).waitFor();

  let ics = "";
  for (let i = 0; i < 100 && !(ics.includes("Hoogeveen") && ics.includes("Meppel")); i++) {
    await new Promise((r) => setTimeout(r, 100));
    ics = await (await fetch(`${origin}/scholing/dwingende-controle-herkennen/cursus.ics`)).text();
  }
  assert.ok(ics.includes("Hoogeveen") && ics.includes("Meppel"), ics);
  let agenda = "";
  for (let i = 0; i < 100 && !agenda.includes("Dwingende controle herkennen"); i++) {
    await new Promise((r) => setTimeout(r, 100));
    agenda = await (await fetch(`${origin}/scholing/agenda/`)).text();
  }
  assert.ok(agenda.includes("Dwingende controle herkennen"), "the training is in the calendar");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an image is added with its description, and refused without one", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  await page.goto(`${origin}/__kennisbank/editor/bewerk/hulp/_index.md`);
  await page.waitForFunction(() => document.querySelector("#bron").value.includes("+++"));
  await page.locator("#afbeelding summary").click();
  // A 1x1 PNG.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.getByLabel("Afbeelding (PNG, JPEG, GIF of WebP)").setInputFiles({ name: "Folder hulp.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Afbeelding in de tekst zetten" }).click();
  await page.locator("#fout-alt").waitFor({ state: "visible" });
  assert.equal(await page.getByLabel("Wat staat erop?").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Wat staat erop?").fill("Folder met de telefoonnummers van Veilig Thuis");
  await page.getByRole("button", { name: "Afbeelding in de tekst zetten" }).click();
  await page.waitForFunction(() => document.querySelector("#bron").value.includes("![Folder met de telefoonnummers van Veilig Thuis](folder-hulp.png)"));
  assert.ok(existsSync(join(site, "content/hulp/folder-hulp.png")), "stored beside the section's page");
  assert.deepEqual(await axeViolations(page), [], "the editor with the image form open");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a change on disk while the editor is open survives a save: both versions are shown", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  const file = join(site, "content/hulp/hulplijnen.md");
  await page.goto(`${origin}/__kennisbank/editor/bewerk/hulp/hulplijnen.md`);
  await page.waitForFunction(() => document.querySelector("#bron").value.includes("+++"));
  const original = readFileSync(file, "utf8");
  const lastLine = original.trimEnd().split("\n").pop();
  // A colleague (or a git pull) changes the last line on disk.
  writeFileSync(file, original.replace(lastLine, `${lastLine} Aangepast door een collega.`));
  // The author changes the same line in the editor and saves.
  const source = page.getByLabel("Tekst van de pagina");
  await source.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" Aangepast door de auteur.");
  await page.keyboard.press("Control+s");
  await page.locator("#conflict").waitFor({ state: "visible" });
  assert.ok(readFileSync(file, "utf8").includes("Aangepast door een collega."), "the change on disk survives");
  assert.ok((await page.getByLabel("Versie in het bestand").inputValue()).includes("Aangepast door een collega."));
  assert.ok((await page.getByLabel("Jouw versie").inputValue()).includes("Aangepast door de auteur."));
  assert.deepEqual(await axeViolations(page), [], "the editor showing a conflict");
  await page.getByRole("button", { name: "Versie uit het bestand gebruiken" }).click();
  assert.ok((await source.inputValue()).includes("Aangepast door een collega."));
  // The refused save is a 409 (Conflict), which the browser logs; nothing else may be.
  assert.deepEqual(problems.filter((p) => !p.includes("status of 409")), []);
  await context.close();
});

test("a renamed page is found at its old address", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  await page.goto(`${origin}/__kennisbank/editor/bewerk/scholing/gesprek-met-kind.md`);
  await page.waitForFunction(() => document.querySelector("#bron").value.includes("+++"));
  await page.locator("#verplaatsen summary").click();
  await page.getByLabel("Nieuw pad in de map content").fill("scholing/in-gesprek-met-een-kind.md");
  await page.getByRole("button", { name: "Verplaatsen" }).click();
  await page.waitForURL(/bewerk\/scholing\/in-gesprek-met-een-kind\.md$/);
  // Follow the old address as an old bookmark would.
  const visitor = await context.newPage();
  for (let i = 0; i < 20; i++) {
    await visitor.goto(`${origin}/scholing/gesprek-met-kind/`);
    const arrived = await visitor.waitForURL(/\/scholing\/in-gesprek-met-een-kind\/$/, { timeout: 1000 }).then(() => true, () => false);
    if (arrived) break;
  }
  assert.match(visitor.url(), /\/scholing\/in-gesprek-met-een-kind\/$/);
  assert.equal(await visitor.locator("h1").count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Publiceren commits and pushes to the site's remote", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, origin);
  await page.goto(`${origin}/__kennisbank/editor/publiceer`);
  await page.locator("#bestanden li").first().waitFor();
  assert.deepEqual(await axeViolations(page), [], "the publish page with changes");
  await page.getByLabel("Wat heb je veranderd?").fill("Nieuwe training en een hernoemde pagina");
  await page.getByRole("button", { name: "Publiceer" }).click();
  await page.locator("#status", { hasText: "Gepubliceerd" }).waitFor({ timeout: 20000 });
  const log = git(remote, "log", "--format=%an %s", "-1", "main");
  assert.equal(log.trim(), "Trainer Test Nieuwe training en een hernoemde pagina");
  assert.match(git(remote, "ls-tree", "-r", "--name-only", "main"), /content\/scholing\/in-gesprek-met-een-kind\.md/);
  assert.deepEqual(problems, []);
  await context.close();
});

// Screenshots of key pages for a human to look at (not a test): 1280 px and 360 px, light and
// dark. Usage: KB_SITE_DIR=target/e2e-site npm --prefix tests/e2e run screenshots -- OUT_DIR
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch } from "./lib.mjs";

const out = process.argv[2] || "screenshots";
mkdirSync(out, { recursive: true });
const pages = (process.env.KB_PAGES || "/,/signalen/0-4-jaar/,/meldcode/afwegingskader/,/scholing/agenda/,/hulp/,/zoeken/#q=huisverbod,/scholing/paspoorten/overzicht/,/regio/emmen/,/en/hulp/,/ar/hulp/wat-is-huiselijk-geweld/").split(",");
const server = await startServer();
const browser = await launch();
for (const scheme of ["light", "dark"]) {
  for (const width of [1280, 360]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    for (const path of pages) {
      await page.goto(server.origin + path, { waitUntil: "networkidle" });
      const name = `${path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home"}-${width}-${scheme}.png`;
      await page.screenshot({ path: join(out, name), fullPage: process.env.KB_FULL_PAGE === "1" || width !== 360 });
    }
    await context.close();
  }
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);

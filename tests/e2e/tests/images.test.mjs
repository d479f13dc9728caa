// Content images on a phone: the example site's photo (/regio/, 1600 x 1067, 270 KB as a
// JPEG) is fetched as a WebP copy of the phone's width, never the original; it has its size
// before it loads (no layout shift), and the page with it stays under 100 KB.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withBrowser, axeViolations } from "../lib.mjs";

const env = withBrowser();

for (const scale of [1, 2]) {
  test(`at 360 px (device pixel ratio ${scale}) the photo is a WebP copy and the page weighs under 100 KB`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: scale, isMobile: true });
    const page = await context.newPage();
    const fetched = [];
    page.on("response", async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      fetched.push({ url: new URL(response.url()).pathname, bytes: body.length, type: response.headers()["content-type"] ?? "" });
    });
    await page.goto(env.server.origin + "/regio/");
    await page.locator("main img").first().scrollIntoViewIfNeeded();
    await page.waitForLoadState("networkidle");
    const image = await page.evaluate(() => {
      const img = document.querySelector("main picture img");
      const current = new URL(img.currentSrc).pathname;
      const candidates = img.parentElement.querySelector("source").getAttribute("srcset").split(",").map((c) => c.trim().split(" "));
      const chosen = candidates.find(([url]) => url === current);
      return { current, copyWidth: chosen ? parseInt(chosen[1], 10) : null, width: img.getAttribute("width"), height: img.getAttribute("height") };
    });
    assert.equal(image.width, "1600");
    assert.equal(image.height, "1067");
    assert.match(image.current, /^\/processed_images\/drenthe\.[0-9a-f]{16}\.webp$/, JSON.stringify(image));
    assert.equal(image.copyWidth, scale === 1 ? 480 : 960, `the copy of the phone's width: ${JSON.stringify(image)}`);
    assert.ok(!fetched.some((f) => f.url.endsWith("/drenthe.jpg")), "the original is not fetched");
    const total = fetched.reduce((sum, f) => sum + f.bytes, 0);
    const images = fetched.filter((f) => f.type.startsWith("image/")).reduce((sum, f) => sum + f.bytes, 0);
    console.log(`/regio/ at 360 px x${scale}: ${total} bytes fetched, of which images ${images} (${image.current}, ${image.copyWidth} px wide)`);
    assert.ok(total < 100_000, `${total} bytes`);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}

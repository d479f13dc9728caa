// Every generated HTML page is valid HTML according to the Nu Html Checker (vnu.jar, run on
// the machine's Java): zero errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { SITE_DIR } from "../lib.mjs";

const vnu = createRequire(import.meta.url)("vnu-jar");

test("the Nu Html Checker finds no errors in any page", { timeout: 300_000 }, () => {
  let output;
  try {
    output = execFileSync("java", ["-Xss4m", "-jar", vnu, "--errors-only", "--format", "json", "--skip-non-html", SITE_DIR], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    // vnu exits 1 when it found errors; the report is on stderr.
    output = err.stderr || err.stdout;
    if (!output) throw err;
  }
  const text = output.trim();
  const messages = text ? JSON.parse(text).messages : [];
  const errors = messages
    .filter((m) => m.type === "error" || m.subType === "fatal")
    .map((m) => `${m.url.replace(/^file:.*?e2e-site/, "")}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, [], errors.join("\n"));
});

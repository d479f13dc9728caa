// The lint of the search client, the editor's script and the unit tests (scripts/test.sh runs it from the
// repository's root: tests/e2e/node_modules/.bin/eslint -c tests/e2e/eslint.config.mjs ...).
// ESLint's recommended rules; the client runs in browsers (and in node for the tests), as ES
// modules without a bundler.
import js from "@eslint/js";

const browser = Object.fromEntries(
  ["window", "document", "location", "history", "navigator", "URL", "TextEncoder", "atob", "btoa", "fetch",
    "console", "setTimeout", "clearTimeout", "requestAnimationFrame", "HTMLElement", "HTMLMetaElement",
    "HTMLInputElement", "URLSearchParams", "Event", "KeyboardEvent", "CustomEvent", "Response", "Element", "Node",
    // The editor of `serve` (src/app/serve/editor/assets/editor.js) besides the search client.
    "localStorage", "FileReader", "Option", "HTMLTextAreaElement", "HTMLSelectElement", "HTMLIFrameElement",
    "HTMLDetailsElement", "HTMLButtonElement", "File"].map((name) => [name, "readonly"]),
);

export default [
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...browser, globalThis: "readonly" },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];

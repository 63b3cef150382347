// Runs tests/vectors/selectors.json through docs/assets/suggest.js's shortestUniqueContext.
// Prints one JSON line per case ({name, got}) for tests/test_selector_vectors.py to compare;
// offsets in the vectors count code points, so they are mapped to JavaScript's UTF-16 indices.
"use strict";
const path = require("path");
const fs = require("fs");
const core = require(path.resolve(__dirname, "../../docs/assets/suggest.js"));
const vectors = JSON.parse(fs.readFileSync(path.resolve(__dirname, "selectors.json"), "utf8"));
function utf16(text, codePoints) { return Array.from(text).slice(0, codePoints).join("").length; }
for (const c of vectors.cases) {
  const text = vectors.texts[c.text];
  const got = core.shortestUniqueContext(text, utf16(text, c.start), utf16(text, c.end));
  process.stdout.write(JSON.stringify({ name: c.name, got }) + "\n");
}

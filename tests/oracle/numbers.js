#!/usr/bin/env node
// Test tool: how citeproc-js's number parser (CSL.Engine.prototype.processNumber) reads number fields, for
// tests/test_numbers.py. Prints one JSON list, one entry for each [variable, value] pair of CASES.json:
//   {"numeric": bool, "plural": bool, "label": term or null, "values": [[label, particle, value, joiner,
//    numeric, plural, collapsible, labelVisible], ...]}
// usage: node numbers.js STYLE.csl LOCALE.xml CASES.json
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const [stylePath, localePath, casesPath] = process.argv.slice(2);
if (!casesPath) {
  process.stderr.write("usage: node numbers.js STYLE.csl LOCALE.xml CASES.json\n");
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const sys = {retrieveLocale: () => fs.readFileSync(localePath, "utf8"), retrieveItem: (id) => ({id, type: "book"})};
const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US", true);
const out = [];
for (const [variable, value] of cases) {
  engine.tmp.shadow_numbers = {};
  const item = {id: "x", type: "book", [variable]: value};
  // a cs:number token, so that ranges are read too (fixRanges runs only when rendering)
  engine.processNumber(new CSL.Token("number", CSL.SINGLETON), item, variable, "book");
  const read = engine.tmp.shadow_numbers[variable];
  out.push({
    numeric: !!read.numeric, plural: !!read.plural, label: read.label || null,
    values: read.values.map((v) => [v.label || "", v.particle || "", v.value, v.joiningSuffix, !!v.numeric,
      !!v.plural, !!v.collapsible, !!v.labelVisibility]),
  });
}
process.stdout.write(JSON.stringify(out) + "\n");

#!/usr/bin/env node
// Test tool: render CSL-JSON items with citeproc-js and print, as one JSON object,
//   {"alone": {id: text}, "html": {id: html}, "citation": {id: text}, "batch": [[id, text], ...],
//    "batch_citation": {id: text}, "subsequent": {id: text}, "ibid": {id: text}, "batch_ms": number,
//    "update_ms": number}
//   (batch_citation: cited among all the items, so "1986a" tells works apart; subsequent: the item alone cited
//   a second time with another work cited between, so a note style gives its short note, not Ibid.; ibid: the
//   item cited again in the very next note; batch_ms: the time the whole sorted bibliography took, for
//   benchmarks; update_ms: the time registering its items took, where citeproc-js sorts and disambiguates them)
// usage: node oracle.js STYLE.csl LOCALE.xml ITEMS.json [--batch-only]
//   --batch-only: only {"batch": ..., "batch_ms": ..., "update_ms": ...}, every item in it (benchmarks of a
//   whole library; update_ms: registering the items, where citeproc-js sorts and disambiguates them)
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const [stylePath, localePath, itemsPath, option] = process.argv.slice(2);
if (!itemsPath || (option !== undefined && option !== "--batch-only")) {
  process.stderr.write("usage: node oracle.js STYLE.csl LOCALE.xml ITEMS.json [--batch-only]\n");
  process.exit(2);
}
const style = fs.readFileSync(stylePath, "utf8");
const locale = fs.readFileSync(localePath, "utf8");
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = Object.fromEntries(items.map((item) => [String(item.id), item]));
const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] };

function engine(format) {
  const e = new CSL.Engine(sys, style, "en-US", true);
  e.setOutputFormat(format);
  return e;
}

function alone(format) {
  const e = engine(format);
  const out = {};
  for (const id of Object.keys(byId)) {
    e.updateItems([id]);
    const bib = e.makeBibliography();
    out[id] = bib ? bib[1].join("").trim() : "";
  }
  return out;
}

if (option === "--batch-only") {
  const whole = engine("text");
  const registering = process.hrtime.bigint();
  whole.updateItems(Object.keys(byId));  // citeproc-js sorts and disambiguates here
  const begun = process.hrtime.bigint();
  const [wholeMeta, wholeEntries] = whole.makeBibliography();
  const ms = Number(process.hrtime.bigint() - begun) / 1e6;
  process.stdout.write(JSON.stringify({
    batch: wholeEntries.map((entry, n) => [String(wholeMeta.entry_ids[n][0]), entry.trim()]), batch_ms: ms,
    update_ms: Number(begun - registering) / 1e6 }));
} else {
  everyMode();
}

function everyMode() {
  const citations = {};
  const citer = engine("text");
  for (const id of Object.keys(byId)) {
    citer.updateItems([id]);
    citations[id] = citer.makeCitationCluster([{ id }]);
  }

  // entry_ids and entries fall out of step when the style prints nothing for an item (APA: personal
  // communications), so the batch holds only the items that print something alone.
  const texts = alone("text");
  const batchEngine = engine("text");
  const registering = process.hrtime.bigint();
  batchEngine.updateItems(Object.keys(byId).filter((id) => texts[id]));
  const started = process.hrtime.bigint();
  const updateMs = Number(started - registering) / 1e6;
  // (a style with no cs:bibliography makes none: false, and every entry alone is "")
  const [meta, entries] = batchEngine.makeBibliography() || [{ entry_ids: [] }, []];
  const batchMs = Number(process.hrtime.bigint() - started) / 1e6;
  const batch = entries.map((entry, n) => [String(meta.entry_ids[n][0]), entry.trim()]);

  const batchCitations = {};
  for (const [id] of batch) {
    batchCitations[id] = batchEngine.makeCitationCluster([{ id }]);
  }

  const htmlAlone = alone("html");
  const subsequent = {};
  const ibid = {};
  const between = "\u0000between";
  byId[between] = { id: between, type: "book", title: "Between" };
  const noter = engine("text");
  for (const id of Object.keys(byId)) {
    if (id === between) continue;
    // Each item alone with the work cited between (as "alone" above): no other item to be told apart from.
    noter.restoreProcessorState([]);
    noter.updateItems([id, between]);
    [id, between, id].forEach((cite, n) => {
      const updates = noter.appendCitationCluster({ citationItems: [{ id: cite }], properties: { noteIndex: n + 1 } });
      const mine = updates.find(([index]) => index === n);
      if (n === 2 && mine) subsequent[id] = mine[1];
    });
    noter.restoreProcessorState([]);
    noter.updateItems([id]);
    [id, id].forEach((cite, n) => {
      const updates = noter.appendCitationCluster({ citationItems: [{ id: cite }], properties: { noteIndex: n + 1 } });
      const mine = updates.find(([index]) => index === n);
      if (n === 1 && mine) ibid[id] = mine[1];
    });
  }

  process.stdout.write(JSON.stringify({ alone: texts, html: htmlAlone, citation: citations, batch,
    batch_citation: batchCitations, subsequent, ibid, batch_ms: batchMs, update_ms: updateMs }));
}

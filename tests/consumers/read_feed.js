// One feed file read by the npm feed parsers websites use; prints what each hands out, as JSON.
// Usage: node read_feed.js FEED.xml  (tests/test_consumers.py runs it; npm ci installs the parsers here)
"use strict";
const fs = require("fs");
const { parseFeed: rowanmanning } = require("@rowanmanning/feed-parser");
const RssParser = require("rss-parser");
const { parseFeed: feedsmith } = require("feedsmith");

function rowan(xml) {
  const feed = rowanmanning(xml);
  return {
    language: feed.language,
    entries: feed.items.map((item) => ({
      id: item.id, link: item.url, title: item.title,
      published: item.published && item.published.toISOString(),
      updated: item.updated && item.updated.toISOString(),
      content: item.content, language: null,
    })),
  };
}

async function rss(xml) {
  const feed = await new RssParser().parseString(xml);
  return {
    language: feed.language || null,
    entries: feed.items.map((item) => ({
      id: item.id, link: item.link, title: item.title,
      published: item.isoDate || null, updated: item.updated || null,  // rss-parser reads atom:updated into pubDate
      content: item.content, language: null,
    })),
  };
}

function smith(xml) {
  const { feed } = feedsmith(xml);
  return {
    language: feed.lang || feed.language || null,
    entries: (feed.entries || []).map((entry) => ({
      id: entry.id, link: (entry.links || []).length ? entry.links[0].href : null,
      title: entry.title && typeof entry.title === "object" ? entry.title.value : entry.title,
      published: entry.published || null, updated: entry.updated || null,
      content: entry.content && typeof entry.content === "object" ? entry.content.value : entry.content, language: null,
    })),
  };
}

(async () => {
  const xml = fs.readFileSync(process.argv[2], "utf8");
  const out = {};
  for (const [name, read] of [["@rowanmanning/feed-parser", rowan], ["rss-parser", rss], ["feedsmith", smith]]) {
    try { out[name] = await read(xml); } catch (error) { out[name] = { error: String(error) }; }
  }
  process.stdout.write(JSON.stringify(out));
})();

// What a search costs a reader, in headless Chromium, on a built site served on 127.0.0.1 with
// gzip for text files (as static hosts serve them): for each query, on a fresh page, the bytes
// the search transferred (its scripts, meta.json, shards and text chunks; not the page, its
// stylesheet or fonts), and the time from navigation to the first visible result; then, on one
// loaded page, the p95 time of a query over many queries typed into the form.
//
// usage: node search-bench.mjs OUTPUT_DIR LANG QUERY...
// Prints one "first …" line per query and a "p95 …" line.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const [root, lang, ...queries] = process.argv.slice(2);
const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".gz": "application/gzip",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};
const compressible = new Set([".html", ".css", ".js", ".json", ".svg"]);
let sent = 0;
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  try {
    let file = join(root, path);
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    let body = await readFile(file);
    const headers = { "content-type": types[extname(file)] || "application/octet-stream" };
    if (compressible.has(extname(file)) && /gzip/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body, { level: 6 });
      headers["content-encoding"] = "gzip";
    }
    if (/\/assets\/(search\/|js\/)/.test(path)) sent += body.length;
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const site = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const settled = (page, n) =>
  page.waitForFunction(
    (n) => performance.getEntriesByName("bayan-search").length >= n && !document.getElementById("search").hasAttribute("aria-busy"),
    n,
    { timeout: 20000 },
  );
try {
  for (const q of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    sent = 0;
    await page.goto(`${site}${lang}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForSelector(".search-results li", { state: "visible", timeout: 20000 }).catch(() => {});
    const first = await page.evaluate(() => performance.now());
    await settled(page, 1);
    const count = await page.$$eval(".search-results li", (l) => l.length);
    console.log(`first ${JSON.stringify(q)}: ${count} shown, ${(sent / 1000).toFixed(1)} kB transferred by search, first result at ${first.toFixed(0)} ms`);
    await context.close();
  }
  // Many queries on one loaded page: the time of each, from the client's own measure.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site}${lang}/search/?q=${encodeURIComponent(queries[0])}`);
  await settled(page, 1);
  const words = queries.flatMap((q) => q.split(/\s+/));
  const runs = [];
  for (let i = 0; i < 60; i++) runs.push(words[i % words.length] + (i % 3 === 0 ? " " + words[(i + 1) % words.length] : ""));
  // Twice: the first pass fetches what each query needs, the second finds it loaded.
  let n = 1;
  for (const q of [...runs, ...runs]) {
    await page.fill("#search-q", q);
    await page.press("#search-q", "Enter");
    await settled(page, ++n);
  }
  const all = await page.evaluate(() => performance.getEntriesByName("bayan-search").slice(1).map((m) => m.duration));
  const p = (times, x) => times[Math.min(times.length - 1, Math.floor(x * times.length))];
  const report = (times) => {
    times.sort((a, b) => a - b);
    return `p95 ${p(times, 0.95).toFixed(1)} ms, median ${p(times, 0.5).toFixed(1)} ms`;
  };
  console.log(`queries while their shards and text load: ${report(all.slice(0, runs.length))}`);
  console.log(`p95 once loaded (${runs.length} queries): ${report(all.slice(runs.length))}`);
} finally {
  await browser.close();
  server.close();
}

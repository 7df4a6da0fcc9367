// Checks the briefing theme in real headless Chromium: direction of the header, no horizontal
// overflow at 320 px, print media hiding navigation, and screenshots for review.
//
// usage: node theme.mjs OUTPUT_DIR SCREENSHOT_DIR [FIXTURE_OUTPUT_DIR]
// The fixture (tests/fixtures/basic built with this theme at a root base URL) adds mixed-direction
// checks: an untranslated Arabic title on an English page, Latin and numbers in Arabic, code.
// Prints one line per check ("ok …" or "FAIL …") and exits 1 if any failed.

import { createServer } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const [root, shots, fixture] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".woff2": "font/woff2", ".xml": "application/xml", ".txt": "text/plain" };

// A plain static host: folders serve index.html, anything else is 404.html with status 404.
const host = (root) => createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (path.includes("..")) { res.writeHead(400); return res.end(); }
  let file = join(root, path);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": types[".html"] });
    res.end(await readFile(join(root, "404.html")));
  }
});
const listen = async (server) => {
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${server.address().port}`;
};
const server = host(root);
const base = await listen(server);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAIL"} ${what}`);
  if (!ok) failures++;
};

const pages = {
  home: (l) => `/${l}/`,
  article: (l) => `/${l}/articles/nca-sentencing-meta-encryption/`,
  topic: (l) => `/${l}/topics/meta-encryption-lost-referrals/`,
};
await mkdir(shots, { recursive: true });
const page = await browser.newPage();
const failed = [];
page.on("requestfailed", (r) => failed.push(r.url()));
page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });

for (const lang of ["ar", "en"]) {
  for (const [name, path] of Object.entries(pages)) {
    const url = base + path(lang);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(shots, `${name}-${lang}-${width}.png`), fullPage: true });
    }
    // The header starts at the right edge in Arabic and at the left edge in English.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    const box = await page.locator(".site-title").boundingBox();
    const header = await page.locator(".header-inner").boundingBox();
    const gapStart = lang === "ar" ? header.x + header.width - (box.x + box.width) : box.x - header.x;
    check(gapStart < 24, `${lang} ${name}: site title at the ${lang === "ar" ? "right" : "left"} edge of the header (gap ${gapStart.toFixed(1)} px)`);
    const navBox = await page.locator(".site-nav").boundingBox();
    const navOrder = lang === "ar" ? navBox.x < box.x : navBox.x > box.x;
    check(navOrder, `${lang} ${name}: navigation follows the title in reading order`);
    // The fonts the theme ships are the ones used.
    const family = await page.evaluate(() => getComputedStyle(document.querySelector("h1")).fontFamily);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family));
    const want = lang === "ar" ? "Noto Naskh Arabic" : "Source Serif 4";
    check(family.includes(want) && loaded.some((f) => f.includes(want)), `${lang} ${name}: h1 set in ${want} (h1: ${family}; loaded: ${[...new Set(loaded)].join(", ")})`);
    // No horizontal overflow at the narrowest phone width.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(url, { waitUntil: "load" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `${lang} ${name}: no horizontal overflow at 320 px (${overflow} px)`);
    // Print hides navigation and shows link targets in the text.
    await page.emulateMedia({ media: "print" });
    const hidden = await page.evaluate(() => ["site-header", "site-footer", "switcher"].every((c) => {
      const el = document.querySelector("." + c);
      return !el || getComputedStyle(el).display === "none";
    }));
    check(hidden, `${lang} ${name}: print hides header, footer and language switcher`);
    await page.emulateMedia({ media: "screen" });
  }
}
// Arabic letter-spacing is never set, and code stays left-to-right on Arabic pages.
await page.goto(base + "/ar/articles/nca-sentencing-meta-encryption/");
const spacing = await page.evaluate(() => [...document.querySelectorAll("p, h1, h2, li")].map((e) => getComputedStyle(e).letterSpacing).filter((s) => s !== "normal" && s !== "0px"));
check(spacing.length === 0, `ar: no letter-spacing on Arabic text (${spacing.length} elements with spacing)`);
check(failed.length === 0, `no failed requests (${failed.join(", ")})`);

if (fixture) {
  const fixtureServer = host(fixture);
  const fx = await listen(fixtureServer);
  const direction = (sel) => page.evaluate((s) => {
    const el = document.querySelector(s);
    return el ? getComputedStyle(el).direction : "missing";
  }, sel);
  await page.goto(fx + "/en/page/2/");
  check(await direction("a[lang=ar]") === "rtl", "en: an untranslated Arabic title is right-to-left on an English page");
  check(await direction(".lang-note") === "ltr", "en: the note beside it stays left-to-right");
  await page.goto(fx + "/ar/articles/alpha/");
  check(await direction("pre.code") === "ltr", "ar: code blocks are left-to-right on Arabic pages");
  const align = await page.evaluate(() => getComputedStyle(document.querySelector("pre.code")).textAlign);
  check(align === "left", `ar: code is aligned left (${align})`);
  // A paragraph that starts with a number keeps right-to-left order: the number is at the right.
  const edge = await page.evaluate(() => {
    const p = [...document.querySelectorAll(".prose p")].find((e) => e.textContent.startsWith("2021"));
    const range = document.createRange();
    range.setStart(p.firstChild, 0);
    range.setEnd(p.firstChild, 4);
    const num = range.getBoundingClientRect();
    const box = p.getBoundingClientRect();
    return box.right - num.right;
  });
  check(edge < 2, `ar: a number opening an Arabic paragraph sits at its right edge (gap ${edge.toFixed(1)} px)`);
  await page.screenshot({ path: join(shots, "fixture-ar-mixed.png"), fullPage: true });
  fixtureServer.closeAllConnections();
  fixtureServer.close();
}

await browser.close();
server.closeAllConnections();
server.close();
// Not process.exit(): it can cut off output still being written to a pipe.
process.exitCode = failures ? 1 : 0;

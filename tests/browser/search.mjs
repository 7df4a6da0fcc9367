// Search in real headless Chromium, on tests/fixtures/search built with the briefing theme and
// served under /briefing/: spellings of a word find the same pages, snippets mark the match,
// nonsense finds nothing, Arabic results run right to left, ?q= runs on load, "more" shows the
// next results, other languages are searched on request, every request stays on the site and
// succeeds, and the console stays clean. Prints the time to the first result and the p95 time
// of a query ("timing …" lines) and writes a screenshot of Arabic results.
//
// usage: node search.mjs OUTPUT_DIR SCREENSHOT_DIR
// Prints one line per check ("ok …" or "FAIL …") and exits 1 if any failed.

import { createServer } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const [root, shots] = process.argv.slice(2);
const PREFIX = "/briefing/";
const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".gz": "application/gzip",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".png": "image/png",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

// A plain static host for the site under PREFIX: folders serve index.html, anything else
// (outside PREFIX too) is 404.html with status 404.
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  try {
    if (!path.startsWith(PREFIX) || path.includes("..")) throw new Error("outside the site");
    let file = join(root, path.slice(PREFIX.length));
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": types[".html"] });
    res.end(await readFile(join(root, "404.html")));
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const site = origin + PREFIX;

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAIL"} ${what}`);
  if (!ok) failures++;
};
// The same pages, in any order: the exact spelling of a query word ranks its pages higher.
const same = (a, b) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
const short = (urls) => urls.map((u) => u.replace(/^.*\/(articles|topics|pages)\//, "").replace(/\/$/, "")).join(", ");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const requests = [];
const problems = [];
page.on("request", (r) => requests.push(r.url()));
page.on("requestfailed", (r) => problems.push(`failed ${r.url()} ${r.failure()?.errorText}`));
page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));

// The search has finished when its timing mark is there and the element is no longer busy.
const settled = (n) =>
  page.waitForFunction(
    (n) => performance.getEntriesByName("bayan-search").length >= n && !document.getElementById("search").hasAttribute("aria-busy"),
    n,
    { timeout: 10000 },
  );
const measures = () => page.evaluate(() => performance.getEntriesByName("bayan-search").length);
const results = () => page.$$eval(".search-results .search-result-title a", (as) => as.map((a) => a.getAttribute("href")));
const statusText = () => page.$eval(".search-status", (e) => e.textContent);
// Navigates to the search page of `lang` with `query` in the address, and returns the results.
const visit = async (lang, query, extra = "") => {
  await page.goto(`${site}${lang}/search/?q=${encodeURIComponent(query)}${extra}`);
  await settled(1);
  return results();
};
// Types `query` into the page's form and submits it with Enter.
const submit = async (query) => {
  const n = await measures();
  await page.fill("#search-q", query);
  await page.press("#search-q", "Enter");
  await settled(n + 1);
  return results();
};

try {
  // Arabic spellings: hamza or not, with the article or not, with tashkeel.
  const hamza = await visit("ar", "الإحالات");
  check(hamza.length === 3, `ar: الإحالات finds the three articles that have it in some spelling (${short(hamza)})`);
  const noHamza = await submit("الاحالات");
  const bare = await submit("احالات");
  check(same(hamza, noHamza) && same(hamza, bare), `ar: الإحالات, الاحالات and احالات find the same pages (${short(noHamza)} / ${short(bare)})`);
  const marks = await page.$$eval(".search-snippet mark", (ms) => ms.map((m) => m.textContent));
  check(marks.length >= 3 && marks.every((m) => /^(ال)?[اإ]حالات$/.test(m)), `ar: the snippets mark the matched word in its own spelling (${[...new Set(marks)].join(", ")})`);
  const children = await submit("الأطفال");
  const childrenBare = await submit("الاطفال");
  check(children.length === 3 && same(children, childrenBare), `ar: الأطفال and الاطفال find the same pages (${short(children)})`);
  check(children.some((u) => u.includes("children-tashkeel")), "ar: and these include the page that writes it with tashkeel (الأَطْفَالِ)");
  const voweled = await submit("الأَطْفَالِ");
  check(same(children, voweled), `ar: a query with tashkeel (الأَطْفَالِ) finds what the bare word finds (${short(voweled)})`);
  const encryption = await submit("التَّشْفِير");
  const encryptionBare = await submit("التشفير");
  check(encryption.length === 2 && same(encryption, encryptionBare), `ar: التَّشْفِير and التشفير find the same pages (${short(encryption)})`);
  const both = await submit("الإحالات الأطفال");
  check(both.length === 2 && both.every((u) => hamza.includes(u) && children.includes(u)), `ar: two words find only the pages with both (${short(both)})`);
  check(hamza[0].endsWith("/referrals-hamza/"), `ar: the page with the word in its title ranks first (${short(hamza.slice(0, 1))})`);

  // Nonsense finds nothing, and says so.
  const none = await page.$eval("#search", (e) => e.dataset.none);
  for (const q of ["ثثثقق", "zxqvj"]) {
    const found = await submit(q);
    check(found.length === 0 && (await statusText()) === none, `ar: ${q} finds nothing and says so (“${await statusText()}”)`);
  }

  // Right to left: the results' direction, and the first title against the list's right edge.
  await visit("ar", "الإحالات");
  await page.evaluate(() => document.fonts.ready);
  const rtl = await page.evaluate(() => {
    const list = document.querySelector(".search-results");
    const a = list.querySelector(".search-result-title a").getBoundingClientRect();
    const box = list.getBoundingClientRect();
    return { dir: getComputedStyle(list).direction, gap: box.right - a.right, left: a.left - box.left };
  });
  check(rtl.dir === "rtl" && rtl.gap < 2 && rtl.left > 20, `ar: the results run right to left, the first at the right (direction ${rtl.dir}, gap ${rtl.gap.toFixed(1)} px)`);
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "search-ar.png"), fullPage: true });

  // ?q= runs on load; the count is in the language's plural form and digits; a submit updates
  // the address so that the results can be linked.
  check((await statusText()) === "٣ نتائج", `ar: ?q= runs on load and counts in Arabic (“${await statusText()}”)`);
  check((await page.inputValue("#search-q")) === "الإحالات", "ar: the field shows the query from the address");
  await submit("الأطفال");
  const address = new URL(page.url());
  check(address.searchParams.get("q") === "الأطفال" && address.pathname === `${PREFIX}ar/search/`, `ar: a submit puts the query in the address (${decodeURIComponent(address.search)})`);
  check((await page.title()).startsWith("الأطفال"), `ar: and in the title (${await page.title()})`);

  // While results show, <main> links only to the results.
  const stray = await page.$$eval("main a", (as) => as.filter((a) => !a.closest(".search-results")).map((a) => a.href));
  check(stray.length === 0, `ar: <main> has no links besides the results (${stray.join(", ") || "none"})`);
  check(await page.$eval("form[role=search] input[type=search][name=q]", (i) => i.labels.length === 1 && i.labels[0].textContent.trim().length > 0), "ar: the form is a search landmark with a labelled search field");
  check(await page.$eval(".search-status", (e) => e.getAttribute("role") === "status"), "ar: the count is in a live status region");

  // Ten at a time: "more" shows the next ones, loads their text, and moves focus to the first.
  const police = await visit("ar", "الشرطة");
  const morebutton = page.locator(".search-more");
  check(police.length === 10 && (await morebutton.isVisible()), `ar: a word in 13 pages shows 10 results and a “more” button (${police.length})`);
  check((await statusText()) === "١٣ نتيجة", `ar: and counts all 13 (“${await statusText()}”)`);
  const textsBefore = requests.filter((u) => u.includes("/text-")).length;
  await morebutton.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 13, null, { timeout: 5000 });
  const focused = await page.evaluate(() => [...document.querySelectorAll(".search-result-title a")].indexOf(document.activeElement));
  check(focused === 10, `ar: “more” (by keyboard) shows the other 3 and moves focus to the 11th result (${focused})`);
  check(!(await morebutton.isVisible()), "ar: and goes away when everything is shown");
  check(requests.filter((u) => u.includes("/text-")).length > textsBefore, "ar: the text of the new results is loaded only then");

  // Only what a query needs is fetched: meta.json, the shards of its words, the text of its
  // results.
  requests.length = 0;
  await visit("ar", "ليون");
  const index = requests.filter((u) => u.includes("/assets/search/"));
  const texts = index.filter((u) => u.includes("/text-"));
  const shards = index.filter((u) => u.includes("/shard-"));
  check(texts.length === 1 && shards.length === 1 && index.length === 3, `ar: a one-word, one-result query fetches meta.json, one shard and one text chunk (${index.map((u) => u.split("/search/")[1]).join(", ")})`);

  // English: singular and plural.
  const referral = await visit("en", "referral");
  const referrals = await submit("referrals");
  check(referral.length === 2 && same(referral, referrals), `en: referral and referrals find the same pages (${short(referral)})`);
  check((await statusText()) === "2 results", `en: counted in English (“${await statusText()}”)`);
  const enMarks = await page.$$eval(".search-snippet mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  check(enMarks.length >= 2 && enMarks.every((m) => m.startsWith("referral")), `en: the snippets mark the matches (${[...new Set(enMarks)].join(", ")})`);
  const enDir = await page.$eval(".search-results", (e) => getComputedStyle(e).direction);
  check(enDir === "ltr", `en: the results run left to right (${enDir})`);

  // Other languages, on request: an English word from the Arabic page.
  const alone = await visit("ar", "referrals");
  const all = await visit("ar", "referrals", "&all=1");
  check(alone.length === 0 && same(all, referrals) && all.every((u) => u.includes("/en/")), `ar: “include pages in English” (&all=1) finds the English pages (${all.join(", ")})`);
  const other = await page.$eval(".search-result", (li) => {
    const t = li.querySelector(".search-result-title");
    const s = li.querySelector(".search-snippet");
    return [t.lang, t.dir, s.lang, s.dir, getComputedStyle(s).direction].join(" ");
  });
  check(other === "en ltr en ltr ltr", `ar: an English result carries its own lang and dir on title and snippet (${other})`);
  check(await page.isChecked("#search-all"), "ar: the checkbox reflects &all=1");
  await page.click("label[for=search-all]");
  await settled((await measures()) + 1).catch(() => {});
  check(!new URL(page.url()).searchParams.has("all") && (await results()).length === 0, "ar: unticking it searches this language alone again");
  const mixed = await visit("ar", "الإحالات", "&all=1");
  check(same(mixed, hamza), `ar: an Arabic word with &all=1 still finds the Arabic pages (${short(mixed)})`);

  // The header's field navigates to the search page, without any script of its own.
  await page.goto(`${site}en/`);
  await page.fill("#site-search-q", "referrals");
  await page.press("#site-search-q", "Enter");
  await page.waitForURL(/\/en\/search\/\?q=referrals/);
  await settled(1);
  check(same(await results(), referrals), "en: the header's search field leads to the search page's results");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${site}ar/`);
  const narrow = await page.evaluate(() => [getComputedStyle(document.querySelector(".site-search")).display, getComputedStyle(document.querySelector(".nav-search")).display]);
  check(narrow[0] === "none" && narrow[1] !== "none", `ar: on a phone the header links to search instead of showing the field (${narrow.join(", ")})`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `ar: the header does not overflow at 375 px (${overflow} px)`);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Timings, for the benchmark (not asserted): navigation to the first result, cold, and a
  // query's time once the page is loaded.
  const cold = await context.newPage();
  await cold.goto(`${site}ar/search/?q=${encodeURIComponent("الأطفال")}`);
  await cold.waitForSelector(".search-result");
  const first = await cold.evaluate(() => {
    const m = performance.getEntriesByName("bayan-search")[0];
    return m.startTime + m.duration;
  });
  await cold.close();
  console.log(`timing first-result ${first.toFixed(1)} ms`);
  await visit("ar", "الإحالات");
  const queries = ["الأطفال", "الاطفال", "الإحالات", "احالات", "الشرطة", "التشفير", "ليون", "حماية", "البلاغات", "ثثثقق"];
  const times = await page.evaluate(async (queries) => {
    const form = document.querySelector(".search-form");
    const times = [];
    for (let i = 0; i < 50; i++) {
      const n = performance.getEntriesByName("bayan-search").length;
      form.elements.q.value = queries[i % queries.length];
      const t0 = performance.now();
      form.requestSubmit();
      while (performance.getEntriesByName("bayan-search").length === n) await new Promise((r) => setTimeout(r, 0));
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b);
  }, queries);
  const p95 = times[Math.ceil(times.length * 0.95) - 1];
  console.log(`timing query-p95 ${p95.toFixed(1)} ms (median ${times[times.length >> 1].toFixed(1)} ms, ${times.length} queries)`);
  check(times.length === 50, "50 queries ran after load");

  // Without JavaScript the page says that search needs it.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(`${site}ar/search/?q=x`);
  const message = await plain.locator(".search-nojs").textContent().catch(() => "");
  check(message.includes("JavaScript") && (await plain.locator(".search-nojs").isVisible()), `ar: without JavaScript the page says search needs it (“${message}”)`);
  await noJs.close();

  // Everything came from the site, under its sub-path, and nothing failed.
  const outside = requests.filter((u) => !u.startsWith(site));
  check(outside.length === 0, `every request goes to the site under ${PREFIX} (${outside.join(", ") || "all"})`);
  check(problems.length === 0, `no failed request, console error or warning (${problems.join("; ") || "none"})`);
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
}

await browser.close();
server.closeAllConnections();
server.close();
// Not process.exit(): it can cut off output still being written to a pipe.
process.exitCode = failures ? 1 : 0;

// Live reload in real headless Chromium: `bayan serve` on a copy of the fixture site with the
// briefing theme, a page open, and the files edited the ways editors save them. The page is never
// reloaded by hand: every change must arrive by itself.
//
// usage: node serve.mjs BAYAN_BINARY SITE_ROOT
// Prints one line per check ("ok …" or "FAIL …") and exits 1 if any failed.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [binary, root] = process.argv.slice(2);
const article = join(root, "content/articles/alpha.en.md");
const stylesheet = join(root, "themes/briefing/static/css/site.css");
const original = readFileSync(article, "utf8");
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAIL"} ${what}`);
  if (!ok) failures++;
};

// Starts the server and resolves with its URL once it prints it.
const startServer = (port) =>
  new Promise((resolve, reject) => {
    const child = spawn(binary, ["serve", "--root", root, "--port", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr.on("data", (d) => process.stderr.write(d));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = line.match(/^serving (\S+)/);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });

const withBody = (text) => original.trimEnd() + "\n\n" + text + "\n";

let server = await startServer(0);
const port = new URL(server.url).port;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
await page.addInitScript(() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
});
const failedRequests = [];
page.on("requestfailed", (r) => {
  // The event stream is cut when the server stops, and a reload cuts short the one before it
  // during rapid saves; both are expected.
  const expected = r.url().includes("/__bayan/events") || r.failure()?.errorText === "net::ERR_ABORTED";
  if (!expected) failedRequests.push(`${r.url()} ${r.failure()?.errorText}`);
});

const connected = () => page.waitForFunction(() => document.documentElement.dataset.bayanLive === "connected", null, { timeout: 10000 });
const shows = (text, timeout = 10000) =>
  page.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout }).then(() => true, () => false);

try {
  await page.goto(server.url + "en/articles/alpha/");
  await connected();
  check(true, "the page connects to the server's event stream");

  // 1. A save written in place shows up, at the same scroll position.
  await page.evaluate(() => {
    window.__marker = "before";
    window.scrollTo(0, 400);
  });
  const scrolled = await page.evaluate(() => window.scrollY);
  writeFileSync(article, withBody("First edit, written in place."));
  check(await shows("First edit, written in place."), "a save written in place appears without a manual reload");
  check(await page.evaluate(() => window.__marker === undefined), "the page was reloaded for it");
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, scrolled, { timeout: 5000 }).catch(() => {});
  const after = await page.evaluate(() => window.scrollY);
  check(scrolled > 100 && Math.abs(after - scrolled) < 5, `the scroll position is kept (${scrolled} → ${after})`);

  // 2. An atomic save: a temporary file renamed over the article.
  await connected();
  writeFileSync(article + ".tmp.1", withBody("Second edit, saved atomically."));
  renameSync(article + ".tmp.1", article);
  check(await shows("Second edit, saved atomically."), "an atomic save (temporary file renamed over) appears");

  // 3. Broken front-matter: the overlay names the file; the last good page stays underneath.
  await connected();
  writeFileSync(article, withBody("Never shown.").replace("topics:", "topics: [unclosed"));
  const overlay = await page
    .waitForFunction(() => {
      const o = document.querySelector("bayan-errors");
      return o && o.shadowRoot && o.shadowRoot.textContent.includes("content/articles/alpha.en.md:");
    }, null, { timeout: 10000 })
    .then(() => true, () => false);
  check(overlay, "broken front-matter shows an overlay naming the file and line");
  const overlayText = await page.evaluate(() => document.querySelector("bayan-errors")?.shadowRoot.textContent ?? "");
  check(/alpha\.en\.md:\d+:\d+/.test(overlayText) && overlayText.includes("YAML"), `the overlay says what is wrong: ${overlayText.slice(0, 120)}`);
  check(await page.evaluate(() => document.body.innerText.includes("Second edit, saved atomically.")), "the last good page is still shown under it");
  writeFileSync(article, withBody("Third edit, the fix."));
  check(await shows("Third edit, the fix."), "the fix appears");
  check(await page.evaluate(() => document.querySelector("bayan-errors") === null), "and the overlay is gone");

  // 4. A stylesheet edit applies without navigating.
  await connected();
  await page.evaluate(() => (window.__marker = "styles"));
  const css = readFileSync(stylesheet, "utf8");
  writeFileSync(stylesheet, css + "\nbody { background-color: rgb(1, 2, 3) !important; }\n");
  const styled = await page
    .waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)", null, { timeout: 10000 })
    .then(() => true, () => false);
  check(styled, "a stylesheet edit applies");
  check(await page.evaluate(() => window.__marker === "styles"), "without reloading the page");
  writeFileSync(stylesheet, css);
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor !== "rgb(1, 2, 3)", null, { timeout: 10000 }).catch(() => {});

  // 5. Fifty rapid saves end on the last one, with the server alive.
  await connected();
  for (let i = 1; i <= 50; i++) {
    writeFileSync(article, withBody(`Rapid save number ${i}.`));
    await sleep(5 + (i % 4) * 5);
  }
  check(await shows("Rapid save number 50."), "after 50 rapid saves the page shows the last one");
  await sleep(1000);
  const text = await page.evaluate(() => document.body.innerText);
  check(text.includes("Rapid save number 50.") && !/Rapid save number [0-4]?\d\./.test(text.replace("Rapid save number 50.", "")), "and stays on it");
  const alive = await fetch(server.url).then((r) => r.status, () => 0);
  check(alive === 200, `the server is alive (${alive})`);

  // 6. The server restarts: the page reconnects and follows the new run.
  await page.evaluate(() => (window.__marker = "restart"));
  server.child.kill();
  await sleep(300);
  writeFileSync(article, withBody("Written while the server was down."));
  server = await startServer(port);
  check(await shows("Written while the server was down.", 15000), "after a restart the page reconnects and reloads");
  await connected();
  writeFileSync(article, withBody("Fourth edit, after the restart."));
  check(await shows("Fourth edit, after the restart."), "and keeps following edits");

  const violations = await page.evaluate(() => window.__violations);
  check(violations.length === 0, `the Content-Security-Policy is kept (${violations.join(", ") || "no violations"})`);
  check(failedRequests.length === 0, `no request failed (${failedRequests.join(", ") || "none"})`);
} catch (e) {
  check(false, `unexpected: ${e.stack || e}`);
} finally {
  writeFileSync(article, original);
  await browser.close();
  server.child.kill();
}
process.exit(failures ? 1 : 0);

// A/B (not part of the bench): node ab.mjs DIR_A DIR_B RUNS URL… — medians of first-results time, interleaved.
import { createServer } from "node:http";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
const [a, b, runs, ...urls] = process.argv.slice(2);
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
function serve(dir) {
  const cache = new Map();
  const server = createServer((req, res) => {
    let file = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
    let body = cache.get(file); if (!body) { body = gzipSync(readFileSync(file), { level: 9 }); cache.set(file, body); }
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "content-encoding": "gzip", "content-length": body.length });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}
const servers = [await serve(a), await serve(b)];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const med = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
for (const url of urls) {
  const t = [[], []];
  for (let i = 0; i < Number(runs); i++) for (const k of [0, 1]) {
    const ctx = await browser.newContext(); const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${servers[k].address().port}${url}`);
    // Not waitForFunction: its injected script would run in the middle of the timed work (see bench.mjs).
    await page.evaluate(() => new Promise((ok) => {
      const done = () => performance.getEntriesByName("signpost-search-results").length > 0;
      if (done()) { ok(); return; }
      const observer = new PerformanceObserver(() => { if (done()) { observer.disconnect(); ok(); } });
      observer.observe({ type: "mark" });
    }));
    t[k].push(await page.evaluate(() => performance.getEntriesByName("signpost-search-results")[0].startTime - performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd));
    await ctx.close();
  }
  console.log(url, "A", med(t[0]).toFixed(0), "B", med(t[1]).toFixed(0));
}
await browser.close(); servers.forEach((s) => s.close());

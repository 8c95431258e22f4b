// Search benchmark: signpost's static index against Pagefind on the same pages.
// See README.md. Usage: node bench.mjs [sizes…]   (default: 1000 10000)
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, dirname, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (sizes.length === 0) sizes.push(1000, 10000);
const queries = ["walk", "choir", "gardning", "lunch club", "money advice"];
// Place and time (near=, when=): the same word, then near a point in the
// generated area, then also on today or this week. The extra bytes are the
// difference from the plain "walk" row.
const placeTime = [["walk", "&near=52.6,-1.8"], ["walk", "&near=52.6,-1.8&when=today"], ["walk", "&near=52.6,-1.8&when=week"],
  ["", "&near=52.6,-1.8&when=now"]];
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const pagefindBin = resolve(process.env.PAGEFIND || join(here, "node_modules/.bin/pagefind"));
const runs = Number(process.env.RUNS || 3);
// SKIP_PAGEFIND=1 measures signpost alone (quicker).
const skipPagefind = Boolean(process.env.SKIP_PAGEFIND);

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".svg": "image/svg+xml", ".wasm": "application/wasm", ".pdf": "application/pdf" };
const compressible = new Set([".html", ".js", ".css", ".json", ".svg"]);

// serve answers from dir on 127.0.0.1, gzipping text as a CDN would, and
// counts the bytes it sends for each path.
function serve(dir) {
  const sent = [];
  const cache = new Map();
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
    const ext = extname(file);
    let body = cache.get(file);
    if (!body) {
      body = readFileSync(file);
      if (compressible.has(ext) && /gzip/.test(req.headers["accept-encoding"] || "")) body = gzipSync(body, { level: 9 });
      cache.set(file, body);
    }
    const headers = { "content-type": types[ext] || "application/octet-stream", "content-length": body.length };
    if (compressible.has(ext)) headers["content-encoding"] = "gzip";
    res.writeHead(200, headers);
    res.end(body);
    sent.push([path, body.length]);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, sent, port: server.address().port })));
}

// The page Pagefind is measured on: its JS API, showing the first five results as its UI does.
const pagefindPage = `<!doctype html><meta charset="utf-8"><title>Pagefind</title><ol id="r"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("./pagefind/pagefind.js");
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
for (const d of data) { const li = document.createElement("li"); li.textContent = d.meta.title; document.getElementById("r").append(li); }
performance.mark("pagefind-results");
window.pagefindDone = { total: search.results.length };
window.pagefindAll = async (n) => Promise.all(search.results.slice(0, n).map(r => r.data().then(d => d.url)));
</script>`;

// untilMark (run in the page) resolves once the page has set the performance mark. Not
// page.waitForFunction: that injects Playwright's own script into the page, and evaluating
// it (10-20 ms on this machine) landed in the middle of the work being timed.
const untilMark = (mark) => new Promise((ok, fail) => {
  const done = () => performance.getEntriesByName(mark).length > 0;
  if (done()) { ok(); return; }
  const observer = new PerformanceObserver(() => { if (done()) { observer.disconnect(); ok(); } });
  observer.observe({ type: "mark" });
  setTimeout(() => fail(new Error(`no ${mark} mark after 60 s`)), 60000);
});

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

async function measure(browser, port, sent, url, mark, prefixes) {
  const times = [], bytes = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    sent.length = 0;
    await page.goto(`http://127.0.0.1:${port}${url}`);
    await page.evaluate(untilMark, mark);
    // Time from the page being ready (DOMContentLoaded) to the first results on screen.
    const t = await page.evaluate((m) => performance.getEntriesByName(m)[0].startTime -
      performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd, mark);
    if (process.env.VERBOSE) console.error(url, sent.filter(([p]) => prefixes.some((x) => p.startsWith(x) || p.includes(x))));
    times.push(t);
    bytes.push(sent.filter(([p]) => prefixes.some((x) => p.startsWith(x) || p.includes(x))).reduce((a, [, n]) => a + n, 0));
    if (i === runs - 1) { await context.close(); break; }
    await context.close();
  }
  return { ms: median(times), bytes: median(bytes) };
}

const rows = [];
const work = mkdtempSync(join(tmpdir(), "signpost-bench-"));
const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
try {
  for (const n of sizes) {
    const dir = join(work, String(n));
    const contentDir = join(dir, "content"), out = join(dir, "site");
    console.error(`${n}: generating, building…`);
    execFileSync("go", ["run", "./site/search/bench/synthgen", contentDir, String(n)], { cwd: repo, stdio: "inherit" });
    // INDEX_ONLY=1 renders the HTML of a small directory and puts the large
    // directory's search index next to it: signpost's search downloads and
    // timings are those of the large index, without rendering (at 100k,
    // Hugo's pages do not fit in 24 GB). Pagefind, which indexes the HTML,
    // is skipped.
    const indexOnly = Boolean(process.env.INDEX_ONLY);
    const buildArgs = ["run", "./cmd/buildsite", contentDir, out, "/"];
    if (indexOnly) {
      const pagesDir = join(dir, "pages-content");
      execFileSync("go", ["run", "./site/search/bench/synthgen", pagesDir, "1000"], { cwd: repo, stdio: "inherit" });
      buildArgs.push(pagesDir);
    }
    let t0 = Date.now();
    const stats = JSON.parse(execFileSync("go", buildArgs, { cwd: repo, maxBuffer: 1 << 26 }).toString());
    const buildMS = Date.now() - t0;
    console.error(`${n}: built in ${buildMS} ms; index ${stats.Bytes} bytes, largest shard ${stats.LargestShard}`);
    t0 = Date.now();
    if (!indexOnly && !skipPagefind) {
      execFileSync(pagefindBin, ["--site", out, "--glob", "listings/*/index.html", "--quiet"], { stdio: "inherit" });
    }
    const pagefindMS = indexOnly || skipPagefind ? NaN : Date.now() - t0;
    writeFileSync(join(out, "pagefind-bench.html"), pagefindPage);

    // Ground truth for the misspelling: listings with "Gardening" in the title, by listing number
    // (listings are numbered in the order of their ids, as Go sorts them).
    const ids = readdirSync(join(contentDir, "listings")).map((f) => f.replace(/\.md$/, "")).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const garden = new Set();
    ids.forEach((id, i) => { if (/^title: .*Gardening/m.test(readFileSync(join(contentDir, "listings", id + ".md"), "utf8"))) garden.add(i); });

    const { server, sent, port } = await serve(out);
    try {
      for (const q of queries) {
        const enc = encodeURIComponent(q);
        const sp = await measure(browser, port, sent, `/search/?q=${enc}`, "signpost-search-results",
          ["/search/t/", "/search/x/", "/search/s-", "/search/f/", "/search/manifest.json", "/js/search."]);
        const pf = indexOnly || skipPagefind ? { bytes: NaN, ms: NaN } : await measure(browser, port, sent, `/pagefind-bench.html?q=${enc}`,
          "pagefind-results", ["/pagefind/"]);
        const row = { n, q, signpostBytes: sp.bytes, signpostMS: sp.ms, pagefindBytes: pf.bytes, pagefindMS: pf.ms };
        if (q === "gardning") {
          const page = await browser.newPage();
          await page.goto(`http://127.0.0.1:${port}/search/`);
          const r = await page.evaluate((q) => window.signpostSearch.search(q), q);
          const top = new Set(r.ids.slice(0, garden.size));
          const all = new Set(r.ids);
          row.signpostRecall = [...garden].filter((g) => all.has(g)).length / garden.size;
          row.signpostRecallAtK = [...garden].filter((g) => top.has(g)).length / garden.size;
          row.gardening = garden.size;
          if (indexOnly || skipPagefind) { await page.close(); rows.push(row); console.error(JSON.stringify(row)); continue; }
          await page.goto(`http://127.0.0.1:${port}/pagefind-bench.html?q=${enc}`);
          await page.waitForFunction(() => window.pagefindDone !== undefined);
          const urls = await page.evaluate((k) => window.pagefindAll(k), Math.min(garden.size * 2, 2000));
          const found = new Set(urls.map((u) => ids.indexOf(u.replace(/^\/listings\//, "").replace(/\/$/, ""))));
          const topPF = new Set([...found].slice(0, garden.size));
          row.pagefindRecall = [...garden].filter((g) => found.has(g)).length / garden.size;
          row.pagefindRecallAtK = [...garden].filter((g) => topPF.has(g)).length / garden.size;
          row.gardening = garden.size;
          await page.close();
        }
        rows.push(row);
        console.error(JSON.stringify(row));
      }
      for (const [q, extra] of placeTime) {
        const sp = await measure(browser, port, sent, `/search/?q=${encodeURIComponent(q)}${extra}`, "signpost-search-results",
          ["/search/t/", "/search/x/", "/search/s-", "/search/f/", "/search/manifest.json", "/js/search.", "/search/g/", "/search/near.json", "/search/w/", "/js/placetime.", "/places/"]);
        const row = { n, placeTime: (q || "(no words)") + " " + extra.replace(/^&/, "").replace(/&/g, " "), signpostBytes: sp.bytes, signpostMS: sp.ms };
        rows.push(row);
        console.error(JSON.stringify(row));
      }
      rows.push({ n, build: { signpostMS: buildMS, pagefindMS, indexBytes: stats.Bytes, largestShard: stats.LargestShard, shards: stats.Shards } });
    } finally {
      server.close();
    }
  }
} finally {
  await browser.close();
  if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
}

// The table.
const kb = (b) => (b / 1024).toFixed(1) + " KB";
console.log("| listings | query | signpost gzip bytes | Pagefind gzip bytes | ratio | signpost first results | Pagefind first results |");
console.log("|---:|---|---:|---:|---:|---:|---:|");
for (const r of rows.filter((r) => r.q)) {
  console.log(`| ${r.n} | ${r.q} | ${kb(r.signpostBytes)} | ${kb(r.pagefindBytes)} | 1/${(r.pagefindBytes / r.signpostBytes).toFixed(1)} | ${r.signpostMS.toFixed(0)} ms | ${r.pagefindMS.toFixed(0)} ms |`);
}
console.log("\n| listings | place and time query | gzip bytes | more than plain \"walk\" | first results |");
console.log("|---:|---|---:|---:|---:|");
for (const r of rows.filter((r) => r.placeTime)) {
  const plain = rows.find((p) => p.n === r.n && p.q === "walk");
  console.log(`| ${r.n} | ${r.placeTime} | ${kb(r.signpostBytes)} | ${kb(r.signpostBytes - plain.signpostBytes)} | ${r.signpostMS.toFixed(0)} ms |`);
}
console.log("\n| listings | gardening listings | signpost recall (all results / top k) | Pagefind recall (all results / top k) |");
console.log("|---:|---:|---:|---:|");
for (const r of rows.filter((r) => r.q === "gardning")) {
  const pc = (x) => (100 * x).toFixed(1) + " %";
  console.log(`| ${r.n} | ${r.gardening} | ${pc(r.signpostRecall)} / ${pc(r.signpostRecallAtK)} | ${pc(r.pagefindRecall)} / ${pc(r.pagefindRecallAtK)} |`);
}
console.log("\n| listings | signpost build | index size | shards | largest shard | Pagefind indexing |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const r of rows.filter((r) => r.build)) {
  const b = r.build;
  console.log(`| ${r.n} | ${(b.signpostMS / 1000).toFixed(1)} s | ${kb(b.indexBytes)} | ${b.shards} | ${kb(b.largestShard)} | ${(b.pagefindMS / 1000).toFixed(1)} s |`);
}

/* signpost search: results as you type, from the static index under search/ (see site/search).
   bleve analysed and scored every listing when the site was built, so this file only looks
   words up: it fetches the manifest, the one shard (a slice of the sorted dictionary) a word
   falls in, and the summaries of the results it shows. Nothing else is downloaded.
   - words: exact term, else the word→term table (walking → walk), prefixes of the last word
     while typing, and, when nothing matches, words of the shard within edit distance 1
     (4+ letters) or 2 (8+ letters): "gardning" → gardening → garden;
   - several words: every word must match (AND); scores are summed;
   - filters (search page): the facet files, intersected with the words;
   - the address holds the query and filters (?q=walk&day=tue), so a search can be shared and
     the back button works.
   Without JavaScript the search form goes to the search page, which offers browsing instead.
   No imports, no dependencies, no innerHTML: text goes into the page with textContent. */
(function () {
  "use strict";

  // Words, with apostrophes inside them, and underscores joining the words of a phrase
  // the index keeps whole (see words).
  var WORD = /[\p{L}\p{N}\p{M}]+(?:['’_][\p{L}\p{N}\p{M}]+)*/gu;
  var DEBOUNCE = 120;
  // Cells of venues read at a time for near=: one round trip usually finds the first ten
  // results for sure (a cell file is about half a kilobyte gzipped). Five, not more: with
  // the word's complete postings they still fit the six connections a browser opens to a
  // host over HTTP/1.1, where eight made the postings wait for a second round.
  var NEAR_BATCH = 5;
  // The index of the venue cells has a fixed name (search.NearFile in site/search), so a
  // page opened with near= fetches it alongside the manifest instead of after it.
  var NEAR_FILE = "near.json";
  function ignore() {}

  // "walk in" meaning "drop in" (a walk-in clinic, "just walk in."): the index reads it as
  // "drop in" (englishAnalyzer in site/search/index.go; keep the two patterns together).
  var WALK_IN = /\bwalk(?:-ins?\b|[ ]ins?\b(?=\s+(?:without|any\s?time|anytime|centres?|centers?|clinics?|sessions?|service)\b|\s*[.,;:!?)]|\s*$))/gim;

  // words splits a query into words. phrases (from the manifest) are synonyms made only of
  // stop words, which the index keeps as one word joined by underscores: "on my own" is
  // looked up as "on_my_own".
  function words(text, phrases) {
    text = text.normalize("NFC").replace(WALK_IN, "drop in").toLowerCase();
    (phrases || []).forEach(function (p) {
      var at = 0, i;
      while ((i = text.indexOf(p, at)) >= 0) {
        var before = i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]);
        var after = i + p.length === text.length || !/[\p{L}\p{N}]/u.test(text[i + p.length]);
        if (before && after) { text = text.slice(0, i) + p.replace(/ /g, "_") + text.slice(i + p.length); }
        at = i + p.length;
      }
    });
    return text.match(WORD) || [];
  }

  // Edit distance (insertions, deletions, substitutions and swaps of two
  // neighbouring letters each count one), giving up above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var older = [], prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          cur[j] = Math.min(cur[j], older[j - 2] + 1);
        }
        best = Math.min(best, cur[j]);
      }
      if (best > max) { return max + 1; }
      older = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // The index: files fetched once each, relative to the search folder.
  function Index(folder) {
    this.folder = folder;
    this.files = {};
    this.values = {};
    this.manifest = this.get("manifest.json");
  }
  Index.prototype.get = function (path) {
    var files = this.files, values = this.values;
    if (!files[path]) {
      // The two files with fixed names are checked with the host every time (a 304 when
      // unchanged): a copy kept from before a deploy would name files that are gone. Every
      // other file is named by its content, so any copy of it is right.
      var fixed = path === "manifest.json" || path === NEAR_FILE;
      files[path] = fetch(new URL(path, this.folder).href, fixed ? { cache: "no-cache" } : {}).then(function (r) {
        if (!r.ok) { throw new Error(path + ": " + r.status); }
        return r.json();
      }).then(function (v) { values[path] = v; return v; });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  };
  // shardIndex is the position of the shard a word falls in.
  Index.prototype.shardIndex = function (m, word) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid][0] <= word) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  };
  Index.prototype.shard = function (m, i) { return this.get(m.shards[i][1]); };
  Index.prototype.shardFor = function (m, word) { return this.shard(m, this.shardIndex(m, word)); };
  // loaded returns the shard a word falls in if it is already here (for highlighting).
  Index.prototype.loadedWord = function (m, word) {
    var s = this.values[m.shards[this.shardIndex(m, word)][1]];
    return s ? s.w[word] : undefined;
  };
  Index.prototype.entry = async function (m, term) {
    var s = await this.shardFor(m, term);
    return s.t[term];
  };

  function decodePostings(list, into, weight, scale) {
    var n = 0;
    for (var i = 0; i < list.length; i += 2) {
      n += list[i];
      var s = weight * (Math.exp(list[i + 1] / scale) - 1) / 100;
      if (!(into.get(n) >= s)) { into.set(n, s); }
    }
  }

  // facetValue is the manifest's [value, label, count, file] of a filter's value, or undefined.
  function facetValue(m, name, value) {
    var facet = m.facets.find(function (f) { return f.name === name; });
    return facet && facet.values.find(function (v) { return v[0] === value; });
  }

  function decodeNumbers(list) {
    var out = new Set(), n = 0;
    for (var i = 0; i < list.length; i++) { n += list[i]; out.add(n); }
    return out;
  }

  function byScore(a, b) { return b[1] - a[1] || a[0] - b[0]; }

  function termsOf(value) { return typeof value === "string" ? [value] : value; }

  // candidates finds the terms a query word stands for, with a weight:
  // 1 for the word itself, less for completions and near misses.
  Index.prototype.candidates = async function (m, word, prefix) {
    var self = this, out = new Map(), i = this.shardIndex(m, word);
    var shard = await this.shard(m, i);
    function add(terms, weight) {
      termsOf(terms).forEach(function (t) { if (!(out.get(t) >= weight)) { out.set(t, weight); } });
    }
    var mapped = shard.w[word];
    if (mapped !== undefined) {
      if (mapped.length === 0) { return null; } // a stop word: ignore it
      add(mapped, 1);
    } else if (shard.t[word]) {
      add(word, 1);
    }
    if (prefix && word.length >= 2) {
      // The completions may run on into the next shards; look at up to
      // three, fetched together.
      var next = [];
      for (var j = i + 1; j < m.shards.length && j < i + 3 && m.shards[j][0].startsWith(word); j++) {
        next.push(this.shard(m, j));
      }
      var shards = [shard].concat(await Promise.all(next));
      var found = [];
      shards.forEach(function (s) {
        Object.keys(s.t).forEach(function (k) { if (k !== word && k.startsWith(word)) { found.push([k, s.t[k][0]]); } });
        Object.keys(s.w).forEach(function (k) { if (k !== word && k.startsWith(word)) { termsOf(s.w[k]).forEach(function (t) { found.push([t, 0]); }); } });
      });
      found.sort(function (a, b) { return b[1] - a[1]; });
      found.slice(0, 40).forEach(function (f) { add(f[0], 0.8); });
    }
    if (out.size === 0 && word.length >= 4) {
      var max = word.length >= 8 ? 2 : 1;
      var near = function (s, d) {
        Object.keys(s.t).forEach(function (k) { if (distance(word, k, max) <= d) { add(k, 0.7 - 0.15 * d); } });
        Object.keys(s.w).forEach(function (k) { if (distance(word, k, max) <= d) { add(s.w[k], 0.7 - 0.15 * d); } });
      };
      for (var d = 1; d <= max && out.size === 0; d++) {
        near(shard, d);
        // A word near a shard's start may have neighbours in the shard before.
        if (out.size === 0 && i > 0) { near(await this.shard(m, i - 1), d); }
      }
    }
    // Stemmed forms may live in another shard; make sure their entries are here.
    var entries = await Promise.all(Array.from(out.keys()).map(function (t) { return self.entry(m, t); }));
    var result = new Map();
    Array.from(out.keys()).forEach(function (t, k) { if (entries[k]) { result.set(t, { weight: out.get(t), entry: entries[k] }); } });
    return result;
  };

  // search runs a query: words (the last one may be unfinished) and filters
  // ({facet: value}). With all set, it loads every posting, so the count is exact.
  Index.prototype.search = async function (query, filters, options) {
    var self = this, m = await this.manifest;
    var ws = words(query, m.phrases);
    var prefix = options.typing && ws.length > 0;
    var perWord = [], matched = new Set();
    // Every word's shards are fetched at once, not one word after another.
    var candidates = Promise.all(ws.map(function (w, k) {
      return self.candidates(m, w, prefix && k === ws.length - 1);
    }));
    // Place and time files do not depend on the words: fetch them alongside (after the
    // words' shards, which are asked for first).
    var onPromise = options.when ? self.onAt(m, options.when) : null;
    if (onPromise) { onPromise.catch(ignore); }
    if (options.point) { self.nearestCells(m, options.point, NEAR_BATCH).catch(ignore); }
    var found = await candidates;
    found.forEach(function (c) {
      if (c === null) { return; }
      perWord.push(c);
      c.forEach(function (_, t) { matched.add(t); });
    });
    var active = Object.keys(filters).filter(function (f) { return filters[f]; });
    var sets = await Promise.all(active.map(function (f) {
      var value = facetValue(m, f, filters[f]);
      return value ? self.get(value[3]).then(decodeNumbers) : Promise.resolve(new Set());
    }));
    var sessions = null, at = null;
    if (onPromise) {
      var on = await onPromise;
      sessions = on.sessions;
      at = on.at;
      sets.push(new Set(sessions.keys()));
    }
    if (perWord.length === 0 && sets.length === 0) {
      if (!options.point) { return { results: [], total: 0, exact: true, matched: matched, words: ws }; }
      // Near somewhere, with no words or filters: every activity, by distance.
      var everyone = new Set();
      for (var k = 0; k < m.listings; k++) { everyone.add(k); }
      sets.push(everyone);
    }

    // Complete posting lists are needed to intersect, filter, sort by distance or list
    // everything. A quick answer uses only each word's best postings: its first results
    // are the best ones when enough of those postings pass, and a second, complete
    // search (see partial) gives the count and whatever the quick one could not show.
    // Near a place with a filter or time, too few of the best postings pass to find the
    // nearest without reading many more venue cells: that reads the complete lists at once.
    var narrowed = perWord.length > 1 || sets.length > 0 || Boolean(options.point);
    var needAll = options.all || (narrowed && !options.quick) || (Boolean(options.point) && sets.length > 0);
    var exact = true, estimate = 0;
    var scored = await Promise.all(perWord.map(async function (c) {
      var map = new Map();
      var terms = Array.from(c.keys());
      await Promise.all(terms.map(async function (t) {
        var e = c.get(t).entry;
        decodePostings(e[1], map, c.get(t).weight, m.scale);
        if (e[2]) {
          if (needAll) { decodePostings(await self.get(e[2]), map, c.get(t).weight, m.scale); } else { exact = false; }
        }
        estimate = Math.max(estimate, e[0]);
      }));
      if (!needAll && terms.length === 1) { estimate = c.get(terms[0]).entry[0]; }
      return map;
    }));

    var results = [];
    if (scored.length > 0) {
      scored.sort(function (a, b) { return a.size - b.size; });
      scored[0].forEach(function (s, n) {
        for (var i = 1; i < scored.length; i++) {
          var t = scored[i].get(n);
          if (t === undefined) { return; }
          s += t;
        }
        for (var j = 0; j < sets.length; j++) { if (!sets[j].has(n)) { return; } }
        results.push([n, s]);
      });
    } else {
      sets[0].forEach(function (n) {
        for (var j = 1; j < sets.length; j++) { if (!sets[j].has(n)) { return; } }
        results.push([n, 0]);
      });
    }
    // Near a place, near() orders the results by distance (and its groups by score): sorting
    // every result by score first would be wasted on the critical path.
    if (!options.point) { results.sort(byScore); }
    if (sessions && perWord.length === 0 && !options.point) {
      // Only a time to go by: soonest first.
      results.sort(function (a, b) {
        var x = sessions.get(a[0]), y = sessions.get(b[0]);
        return x.day - y.day || x.start - y.start || x.end - y.end || a[0] - b[0];
      });
    }
    // A word's count is known before its postings are all here, unless other words or
    // filters narrow it: then all that is known is what was found.
    var total = exact || narrowed ? results.length : Math.max(results.length, estimate);
    var answer = { results: results, total: total, exact: exact || (perWord.length === 1 && perWord[0].size === 1 && !narrowed), matched: matched, words: ws, prefix: prefix,
      sessions: sessions, at: at, complete: exact, partial: !exact && narrowed };
    if (options.point) {
      // Sorting by distance needs every result. A quick answer sorts the word's best
      // postings only (shown at once, then replaced by the exact one); otherwise the
      // complete posting lists were loaded (see needAll) and the count is exact too.
      var near = await self.near(m, options.point, results, options.needed || 10, options.radiusKm || Infinity);
      answer.near = near;
      if (exact) {
        answer.total = near.placedTotal + near.online.length + near.unplaced.length;
        answer.exact = true;
      }
    }
    return answer;
  };

  // onAt finds the listings on at a time window (when=: now, today, tomorrow, week), with
  // the first matching session of each: Map number → session. Rules are evaluated here, at
  // the moment of the query, in the directory's time zone (js/placetime.js). The rules are
  // filed by day of the week, so "today" reads one small file; "week" reads the file of them
  // all (m.when[7]), fetched before the clock is read: the first use of a time zone takes the
  // browser a few tens of milliseconds, better spent while the file is on its way.
  Index.prototype.onAt = async function (m, when) {
    var PT = window.signpostPlaceTime;
    var week = when === "week" ? this.get(m.when[7]) : null;
    var at = PT.zoneNow(m.zone);
    var files = await (week ? week.then(function (f) { return [f]; }) : Promise.all(this.whenFiles(m, when, at)));
    var out = new Map();
    files.forEach(function (file) {
      file.rules.forEach(function (g) {
        var numbers = decodeNumbers(g[1]), session = null, checked = false;
        numbers.forEach(function (n) {
          if (out.has(n)) { return; } // the same rules, from another day's file
          if (!checked) { session = PT.matchWhen(g[0], when, at); checked = true; }
          if (session) { out.set(n, session); }
        });
      });
    });
    return { sessions: out, at: at };
  };

  // whenFiles fetches the rules files a when= value reads at moment at (see onAt).
  Index.prototype.whenFiles = function (m, when, at) {
    if (when === "week") { return [this.get(m.when[7])]; }
    var self = this, today = ((at.day % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday
    var days = when === "tomorrow" ? [today + 1] : when === "now" && at.minutes + 60 >= 1440 ? [today, today + 1] : [today];
    return days.map(function (d) { return self.get(m.when[d % 7]); });
  };

  // warm asks for the files a query from the address will need, as soon as the manifest
  // is here and before the page builds its filters: the words' shards, the chosen
  // filters' lists, the when= rules and, near a place, the nearest venue cells. The
  // query itself then finds them on their way (get fetches each file once).
  Index.prototype.warm = function (m, params) {
    var self = this, PT = window.signpostPlaceTime;
    var filtered = false;
    m.facets.forEach(function (f) {
      var value = facetValue(m, f.name, params.get(f.name));
      if (value) { self.get(value[3]).catch(ignore); filtered = true; }
    });
    var when = PT ? params.get("when") : null;
    var near = PT ? params.get("near") : null;
    // Near a place with a time or a filter, the first search reads each word's complete
    // postings (see needAll in search): ask for them as soon as the word's shard is here,
    // rather than after the search has looked the word up, one round trip later.
    var complete = Boolean(near) && (Boolean(when) || filtered);
    words(params.get("q") || "", m.phrases).forEach(function (w) {
      var shard = self.shardFor(m, w);
      if (complete) {
        shard = shard.then(function (s) {
          var terms = s.w[w] !== undefined ? termsOf(s.w[w]) : [w];
          terms.forEach(function (t) {
            var e = s.t[t];
            if (e && e[2]) { self.get(e[2]).catch(ignore); }
          });
        });
      }
      shard.catch(ignore);
    });
    if (!PT) { return; }
    if (when) { this.whenFiles(m, when, PT.zoneNow(m.zone)).forEach(function (p) { p.catch(ignore); }); }
    if (near && near !== "me") {
      PT.locate(near).then(function (point) {
        if (point && !point.unknown) { return self.nearestCells(m, point, NEAR_BATCH); }
      }).catch(ignore);
    }
  };

  // nearestCells fetches the geo index and the k cells nearest to point; it resolves to
  // the cells, nearest first, as {km, file}.
  Index.prototype.nearestCells = async function (m, point, k) {
    var self = this, PT = window.signpostPlaceTime;
    var geo = await this.get(m.near);
    var cells = geo.cells.map(function (c) { return { km: PT.boxDistanceKm(point.lat, point.lon, c), file: c[5] }; })
      .sort(function (a, b) { return a.km - b.km; });
    cells.slice(0, k).forEach(function (c) { self.get(c.file).catch(function () {}); });
    return cells;
  };

  // near orders results by distance from point. Venues are in cells (site/search/placetime.go);
  // cells are read nearest first, a few at a time, and reading stops once the first `needed`
  // results are certain (no unread cell could hold a nearer one) or, with a radius, once
  // every cell within it is read, so the count is exact. Online activities and those whose
  // venue has no position come after, in their own groups.
  Index.prototype.near = async function (m, point, results, needed, radiusKm) {
    var self = this, PT = window.signpostPlaceTime;
    var geo = await this.get(m.near);
    var online = decodeNumbers(geo.online), unplaced = decodeNumbers(geo.unplaced);
    var wanted = new Map(), out = { placed: [], online: [], unplaced: [], unit: geo.unit };
    var placedCount = 0;
    results.forEach(function (r) {
      if (online.has(r[0])) { out.online.push(r); } else if (unplaced.has(r[0])) { out.unplaced.push(r); } else { wanted.set(r[0], r); placedCount++; }
    });
    var cells = (await this.nearestCells(m, point, 0)).filter(function (c) { return c.km <= radiusKm; });
    var found = [], i = 0;
    function certain() { return found.filter(function (f) { return f[1] <= cells[i].km; }).length; }
    while (i < cells.length && found.length < placedCount && (radiusKm < Infinity || certain() < needed)) {
      var batch = cells.slice(i, i + NEAR_BATCH);
      i += batch.length;
      var files = await Promise.all(batch.map(function (c) { return self.get(c.file); }));
      // A venue's listings are read straight from its gaps (no set per venue: a cell
      // holds a hundred venues or more, and this runs before the first results show).
      files.forEach(function (venues) {
        venues.forEach(function (v) {
          var gaps = v[2], n = 0, km = -1;
          for (var g = 0; g < gaps.length; g++) {
            n += gaps[g];
            var r = wanted.get(n);
            if (r) {
              if (km < 0) { km = PT.distanceKm(point.lat, point.lon, v[0], v[1]); }
              found.push([r, km]);
            }
          }
        });
      });
    }
    out.online.sort(byScore);
    out.unplaced.sort(byScore);
    found = found.filter(function (f) { return f[1] <= radiusKm; });
    found.sort(function (a, b) { return a[1] - b[1] || a[0][0] - b[0][0]; });
    var bound = i < cells.length && found.length < placedCount ? cells[i].km : Infinity;
    out.placed = found.filter(function (f) { return f[1] <= bound; });
    out.placedTotal = radiusKm < Infinity ? found.length : placedCount;
    return out;
  };

  Index.prototype.summaries = async function (ns) {
    var self = this, m = await this.manifest;
    return Promise.all(ns.map(async function (n) {
      var chunk = await self.get(m.summaries + Math.floor(n / m.chunk) + ".json");
      return chunk[n % m.chunk];
    }));
  };

  // highlight puts text into el, with the words the query matched in <mark>.
  function highlight(el, text, r, index, m) {
    var last = 0, match;
    WORD.lastIndex = 0;
    var typed = r.prefix ? r.words[r.words.length - 1] : "";
    while ((match = WORD.exec(text)) !== null) {
      var w = match[0].toLowerCase(), hit = r.matched.has(w);
      if (!hit) {
        var mapped = index.loadedWord(m, w);
        hit = mapped !== undefined && termsOf(mapped).some(function (t) { return r.matched.has(t); });
      }
      if (!hit) {
        r.matched.forEach(function (t) { if (t.length >= 3 && w.startsWith(t)) { hit = true; } });
        if (typed.length >= 2 && w.startsWith(typed)) { hit = true; }
      }
      if (!hit) { continue; }
      el.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      el.appendChild(mark);
      last = match.index + match[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // thousands writes 12345 as "12,345". (Not toLocaleString: its first call loads the
  // browser's locale data, about 15 ms before the first results.)
  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function countText(r, query) {
    var n = thousands(r.total);
    var found = r.total === 1 ? "1 activity found" : n + " activities found";
    if (!r.exact) { found = "At least " + n + " activities found"; }
    return query ? found + " for “" + query + "”." : found + ".";
  }

  // One search box: a dropdown of the best results, or (on the search page) the full list with filters.
  function SearchBox(form, index, page) {
    var input = form.querySelector("input[name=q]");
    if (!input) { return; }
    var root = new URL("../", form.action).href;
    var panel = el("div", "search-panel" + (page ? " search-panel-page" : " search-panel-dropdown"));
    var status = el("p", "search-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = el("ol", "search-results");
    // Results near somewhere come in groups: the nearest in the main list, then online
    // activities and those with no known distance, each under its heading in a list of its own.
    var groupLists = el("div", "search-groups");
    // "Add to prescription" on each result, on the search page (js/main.js runs the basket).
    var basketTemplate = page ? document.querySelector("template[data-basket-template]") : null;
    var basketButton = basketTemplate ? basketTemplate.content.querySelector("[data-basket-add]") : null;
    list.id = input.id + "-results";
    var filtersBox = null, selects = {}, more = null, controls = null;
    var PT = window.signpostPlaceTime;
    var limit = page ? 10 : 5;
    var seq = 0, timer = 0, shownCount = 0;
    panel.hidden = true;

    if (page) {
      filtersBox = el("div", "search-filters");
      page.appendChild(filtersBox);
      page.appendChild(panel);
      var opened = new URLSearchParams(window.location.search);
      // Opened with a query, the filters stay out of the layout until the first results are
      // drawn (or a second at most): laying them out first kept the page from reading the
      // index files as they arrived, and delayed the results by about as long.
      if (opened.toString()) {
        filtersBox.hidden = true;
        setTimeout(revealFilters, 1000);
      }
      if (opened.get("near")) { index.get(NEAR_FILE).catch(ignore); }
      index.manifest.then(function (m) {
        index.warm(m, opened);
        m.facets.forEach(function (f) {
          var id = input.id + "-" + f.name;
          var wrap = el("div", "search-filter");
          var label = el("label", "", f.label);
          label.htmlFor = id;
          var select = el("select");
          select.id = id;
          select.name = f.name;
          select.appendChild(el("option", "", "Any")).value = "";
          f.values.forEach(function (v) {
            var o = el("option", "", v[1] + " (" + v[2] + ")");
            o.value = v[0];
            select.appendChild(o);
          });
          select.addEventListener("change", function () { run(true, "push"); });
          selects[f.name] = select;
          wrap.appendChild(label);
          wrap.appendChild(select);
          filtersBox.appendChild(wrap);
        });
        // Near and when: the partial near-when.html, rendered in the page.
        var nearWhen = document.querySelector("[data-search-near-when] [data-near-when]");
        if (nearWhen && PT) {
          filtersBox.appendChild(nearWhen);
          controls = new PT.Controls(nearWhen, function (how) { run(false, how); });
        }
        restore();
      });
      more = el("button", "button search-more", "Show more results");
      more.type = "button";
      more.hidden = true;
      // The focus goes to the first result that was not shown before, where reading goes on.
      more.addEventListener("click", function () {
        var seen = new Set(links().map(function (a) { return a.href; }));
        limit += 20;
        run(false, null, true).then(function () {
          var fresh = links().find(function (a) { return !seen.has(a.href); });
          if (fresh) { fresh.focus(); }
        });
      });
    } else {
      form.parentNode.insertBefore(panel, form.nextSibling);
    }
    panel.appendChild(status);
    // Headings go down one level at a time (h1, h2, h3): on the search page the results sit
    // under a heading of their own; in the header's dropdown their titles are not headings.
    if (page) {
      var resultsTitle = el("h2", "visually-hidden", page.closest("[data-search-page]").getAttribute("data-results-title") || "Results");
      panel.appendChild(resultsTitle);
    }
    panel.appendChild(list);
    panel.appendChild(groupLists);
    if (more) { panel.appendChild(more); }
    input.setAttribute("aria-describedby", status.id = input.id + "-status");

    function filters() {
      var out = {};
      Object.keys(selects).forEach(function (k) { if (selects[k].value) { out[k] = selects[k].value; } });
      return out;
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get("q") || "";
      Object.keys(selects).forEach(function (k) { selects[k].value = params.get(k) || ""; });
      if (controls) { controls.restore(params); }
      if (input.value || Object.keys(filters()).length || params.get("near") || params.get("when")) {
        run(false, null).finally(revealFilters);
      } else {
        clear();
      }
    }

    function revealFilters() { if (filtersBox) { filtersBox.hidden = false; } }

    function clear() {
      panel.hidden = true;
      revealFilters();
      list.replaceChildren();
      groupLists.replaceChildren();
      status.textContent = "";
    }

    function updateURL(mode) {
      var params = new URLSearchParams();
      if (input.value.trim()) { params.set("q", input.value.trim()); }
      var f = filters();
      Object.keys(f).forEach(function (k) { params.set(k, f[k]); });
      if (controls) { controls.params(params); }
      var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      if (url === window.location.pathname + window.location.search) { return; }
      if (mode === "push") { window.history.pushState(null, "", url); } else { window.history.replaceState(null, "", url); }
    }

    async function run(typing, urlMode, keepLimit) {
      var mine = ++seq;
      if (!keepLimit) { limit = page ? 10 : 5; }
      if (page && urlMode) { updateURL(urlMode); }
      var query = input.value.trim();
      var f = filters();
      var when = controls ? controls.whenValue() : "";
      var point = null;
      if (controls) {
        point = await controls.place();
        if (point === undefined || mine !== seq) { return; }
      }
      if (!query && Object.keys(f).length === 0 && !when && !point) { clear(); return; }
      var m = await index.manifest;
      var all = page && limit > 10;
      var opts = { typing: typing, all: all, quick: true, when: when, point: point, needed: limit,
        radiusKm: controls ? controls.radiusKm(m.unit || document.documentElement.getAttribute("data-unit")) : Infinity };
      async function show(r) {
        var items = shownItems(r);
        var records = await index.summaries(items.map(function (x) { return x.n; }));
        if (mine !== seq) { return false; }
        render(r, items, records, query, m);
        return true;
      }
      // A common word with other words, filters, a time or a place: show what its best
      // postings give at once, then the complete answer once every list is here (a quick
      // answer that found nothing is not shown: the complete one may find some).
      var r = await index.search(query, f, opts);
      if (mine !== seq) { return; }
      if (!(r.partial && r.results.length === 0) && !(await show(r))) { return; }
      if (r.partial) {
        opts.quick = false;
        r = await index.search(query, f, opts);
        if (mine === seq) { await show(r); }
      }
    }

    // shownItems picks the results to show: the best `limit`, or with near= the nearest,
    // then the online activities and those with no known distance, each in its group.
    function shownItems(r) {
      var items = [];
      function add(x, km, group) {
        if (items.length < limit) { items.push({ n: x[0], km: km, group: group, session: r.sessions ? r.sessions.get(x[0]) : null }); }
      }
      if (!r.near) {
        r.results.slice(0, limit).forEach(function (x) { add(x, null, ""); });
        return items;
      }
      r.near.placed.forEach(function (p) { add(p[0], p[1], ""); });
      if (r.near.placed.length === r.near.placedTotal) {
        r.near.online.forEach(function (x) { add(x, null, "online"); });
        r.near.unplaced.forEach(function (x) { add(x, null, "unplaced"); });
      }
      return items;
    }

    function render(r, shown, records, query, m) {
      panel.hidden = false;
      var unit = r.near ? r.near.unit : "km";
      var say = controls ? controls.say : undefined;
      var items = [], group = "", into = items;
      groupLists.replaceChildren();
      records.forEach(function (rec, i) {
        var item = shown[i];
        if (item.group !== group) {
          group = item.group;
          var ol = el("ol", "search-results search-group-list");
          groupLists.appendChild(el("h2", "search-group-title", controls.msg("group-" + group)));
          groupLists.appendChild(ol);
          into = { ol: ol };
        }
        var li = el("li", "search-result");
        var h = el(page ? "h3" : "p", "search-result-title");
        var a = el("a");
        a.href = root + "listings/" + rec[2] + "/";
        if (rec[6]) { a.lang = rec[6]; }
        highlight(a, rec[0], r, index, m);
        h.appendChild(a);
        li.appendChild(h);
        var p = el("p", "search-result-summary");
        if (rec[6]) { p.lang = rec[6]; }
        highlight(p, rec[1], r, index, m);
        li.appendChild(p);
        var facts = [rec[3], rec[4], rec[5]].filter(Boolean).join(" · ");
        if (facts) { li.appendChild(el("p", "search-result-facts", facts)); }
        if (item.km !== null) { li.appendChild(el("p", "search-result-distance", PT.formatDistance(item.km, unit, say))); }
        if (item.session) {
          li.appendChild(el("p", "search-result-next", controls.msg("next-label") + " " + PT.sessionText(item.session, r.at, say)));
        }
        if (basketButton) {
          var add = basketButton.cloneNode(true);
          add.setAttribute("data-basket-add", rec[2]);
          add.setAttribute("data-basket-title", rec[0]);
          add.setAttribute("data-basket-data", root + "sheets/" + rec[2] + ".json");
          var p = el("p", "search-result-basket");
          p.appendChild(add);
          li.appendChild(p);
        }
        if (into.ol) { into.ol.appendChild(li); } else { items.push(li); }
      });
      list.replaceChildren.apply(list, items);
      revealFilters();
      shownCount = shown.length;
      if (basketButton && window.signpostBasket) { window.signpostBasket.setUp(panel); }
      if (r.total === 0) {
        status.textContent = query ? "No activities match “" + query + "”." : "No activities match these filters.";
        list.appendChild(noResults(m));
      } else {
        status.textContent = countText(r, query);
        if (!page && r.total > items.length) {
          var li = el("li", "search-all");
          var all = el("a", "", "See all results and filter them");
          all.href = root + "search/?q=" + encodeURIComponent(query);
          li.appendChild(all);
          list.appendChild(li);
        }
      }
      if (more) { more.hidden = r.total <= shownCount; }
      if (window.performance && performance.mark) { performance.mark("signpost-search-results"); }
    }

    function noResults(m) {
      var li = el("li", "search-none");
      li.appendChild(el("p", "", "Try fewer or different words, check the spelling, remove a filter, or browse by need:"));
      var ul = el("ul", "search-browse");
      m.browse.forEach(function (b) {
        var item = el("li"), a = el("a", "", b[1]);
        a.href = root + "needs/" + b[0] + "/";
        item.appendChild(a);
        ul.appendChild(item);
      });
      li.appendChild(ul);
      return li;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true, "replace"); }, DEBOUNCE);
    });
    input.addEventListener("focus", function () { index.manifest.catch(function () {}); });
    form.addEventListener("submit", function (e) {
      if (!page) { return; } // go to the search page, with or without JavaScript
      e.preventDefault();
      clearTimeout(timer);
      run(false, "push");
    });

    // Keyboard: arrow down from the box into the results, up and down between them, Escape back.
    function links() { return Array.prototype.slice.call(panel.querySelectorAll("ol a")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !panel.hidden && links().length) { e.preventDefault(); links()[0].focus(); }
      if (e.key === "Escape" && !page) { clear(); }
    });
    panel.addEventListener("keydown", function (e) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (i < 0) { return; }
      if (e.key === "ArrowDown" && i + 1 < all.length) { e.preventDefault(); all[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); if (i > 0) { all[i - 1].focus(); } else { input.focus(); } }
      if (e.key === "Escape") { e.preventDefault(); input.focus(); if (!page) { clear(); } }
    });
    if (page) { window.addEventListener("popstate", restore); }
  }

  var forms = document.querySelectorAll("form[role=search][action]");
  if (!forms.length || !window.fetch || !window.URL) { return; }
  var folder = new URL(forms[0].action).href;
  var index = null;
  function lazyIndex() { return index || (index = new Index(folder)); }
  var pageBox = document.querySelector("[data-search-page]");
  Array.prototype.forEach.call(forms, function (form) {
    var isPage = pageBox && pageBox.contains(form) ? (pageBox.querySelector("[data-search-app]") || pageBox) : null;
    if (isPage) {
      SearchBox(form, lazyIndex(), isPage);
      Array.prototype.forEach.call(document.querySelectorAll("[data-search-fallback]"), function (n) { n.hidden = true; });
      return;
    }
    // Elsewhere, fetch nothing until someone uses the box.
    var input = form.querySelector("input[name=q]");
    if (!input) { return; }
    var started = false;
    function start() {
      if (started) { return; }
      started = true;
      SearchBox(form, lazyIndex(), null);
      if (input.value.trim()) { input.dispatchEvent(new Event("input")); }
    }
    input.addEventListener("focus", start);
    input.addEventListener("input", function () { if (!started) { start(); } });
  });

  // For tests and benchmarks: every result of a query, with the count.
  window.signpostSearch = {
    search: function (query, filters) {
      return lazyIndex().search(query, filters || {}, { all: true }).then(function (r) {
        return { total: r.total, ids: r.results.map(function (x) { return x[0]; }) };
      });
    },
    summaries: function (ns) { return lazyIndex().summaries(ns); },
    // The index itself, for js/match.js: one engine for search and the guided match.
    index: lazyIndex
  };
})();

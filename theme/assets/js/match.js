/* signpost guided match (/match/): what matters to the person in front of the link worker,
   as ticks, and the activities that fit best, each with why. It is the search engine's
   (js/search.js) own index: the need, category, cost, access, language and audience lists
   of its facets, the schedule rules of its when files for days and times free, and its venue
   cells for distance (js/placetime.js). The state lives in the address; nothing is stored.
   Ranking: every chosen need an activity helps with counts 3, every chosen interest
   (category) 2, a chosen audience 1; days and times free, the cost (free, or up to a price a
   session), access needs, language and the radius must all be met. Ties: nearer first, then the directory's order. */
(function () {
  "use strict";

  var page = document.querySelector("[data-match-page]");
  if (!page || !window.fetch || !window.signpostSearch || !window.signpostPlaceTime) { return; }
  var PT = window.signpostPlaceTime;
  var index = window.signpostSearch.index();
  var form = page.querySelector("[data-match-form]");
  var groupsBox = page.querySelector("[data-match-groups]");
  var results = page.querySelector("[data-match-results]");
  var status = page.querySelector("[data-match-status]");
  var list = page.querySelector("[data-match-list]");
  var more = page.querySelector("[data-match-more]");
  var template = page.querySelector("template[data-basket-template]");
  var basketButton = template ? template.content.querySelector("[data-basket-add]") : null;
  var root = document.documentElement.getAttribute("data-root") || "/";
  var unit = document.documentElement.getAttribute("data-unit") || "km";
  var controls = null;
  var limit = 20, seq = 0;
  // The facets the form offers, by parameter: checkboxes (several values) or a select.
  var CHECKS = ["need", "category", "day", "time", "access"];
  var SELECTS = ["language", "audience"];
  var WEIGHT = { need: 3, category: 2, audience: 1 };
  var DAY_IDS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

  page.querySelector("[data-match-nojs]").hidden = true;
  form.hidden = false;

  function msg(name, values) { return PT.fill(page.getAttribute("data-msg-" + name) || "", values); }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function decode(list) {
    var out = [], n = 0;
    for (var i = 0; i < list.length; i++) { n += list[i]; out.push(n); }
    return out;
  }

  // The form, from the index's facets (their labels are the site's).
  var facets = {};
  function build(m) {
    m.facets.forEach(function (f) { facets[f.name] = f; });
    CHECKS.forEach(function (name) {
      var f = facets[name];
      if (!f) { return; }
      var set = el("fieldset", "facet match-group match-" + name);
      set.appendChild(el("legend", "", name === "day" ? msg("days") : f.label));
      var options = el("div", "match-options");
      f.values.forEach(function (v) {
        var id = "match-" + name + "-" + v[0];
        var span = el("span", "match-option");
        var input = el("input");
        input.type = "checkbox";
        input.name = name;
        input.value = v[0];
        input.id = id;
        var label = el("label", "", v[1]);
        label.htmlFor = id;
        span.appendChild(input);
        span.appendChild(label);
        options.appendChild(span);
      });
      set.appendChild(options);
      groupsBox.appendChild(set);
    });
    // Cost: any, free only, or up to a price a session (the index's cost limits).
    var limits = facets.cost ? facets.cost.values.filter(function (v) { return v[0] === "free" || /^up-to-/.test(v[0]); }) : [];
    if (limits.length) {
      var cost = el("fieldset", "facet match-group match-cost");
      cost.appendChild(el("legend", "", facets.cost.label));
      var options = el("div", "match-options");
      [["", msg("any-cost")]].concat(limits.map(function (v) { return [v[0], v[0] === "free" ? msg("free-only") : v[1]]; })).forEach(function (v) {
        var span = el("span", "match-option");
        var input = el("input");
        input.type = "radio";
        input.name = "cost";
        input.value = v[0];
        input.id = "match-cost-" + (v[0] || "any");
        var label = el("label", "", v[1]);
        label.htmlFor = input.id;
        span.appendChild(input);
        span.appendChild(label);
        options.appendChild(span);
      });
      cost.appendChild(options);
      groupsBox.appendChild(cost);
    }
    SELECTS.forEach(function (name) {
      var f = facets[name];
      if (!f) { return; }
      var wrap = el("div", "match-group match-select");
      var label = el("label", "", f.label);
      label.htmlFor = "match-" + name;
      var select = el("select");
      select.id = "match-" + name;
      select.name = name;
      select.appendChild(el("option", "", msg("any"))).value = "";
      f.values.forEach(function (v) { select.appendChild(el("option", "", v[1])).value = v[0]; });
      wrap.appendChild(label);
      wrap.appendChild(select);
      groupsBox.appendChild(wrap);
    });
  }

  function chosen() {
    var out = {};
    new FormData(form).forEach(function (value, name) {
      if (!value || name === "near" || name === "radius" || name === "when") { return; }
      (out[name] = out[name] || []).push(String(value));
    });
    return out;
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (input) {
      input.checked = params.getAll(input.name).indexOf(input.value) >= 0;
    });
    var costs = form.querySelectorAll("input[type=radio][name=cost]");
    Array.prototype.forEach.call(costs, function (input) { input.checked = input.value === (params.get("cost") || ""); });
    if (costs.length && !form.querySelector("input[name=cost]:checked")) { costs[0].checked = true; }
    SELECTS.forEach(function (name) {
      var select = form.querySelector("select[name=" + name + "]");
      if (select) { select.value = params.get(name) || ""; }
    });
    if (controls) { controls.restore(params); }
  }

  function writeURL(how) {
    var params = new URLSearchParams();
    var c = chosen();
    Object.keys(c).forEach(function (name) { c[name].forEach(function (v) { params.append(name, v); }); });
    if (controls) { controls.params(params); }
    var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    if (url === window.location.pathname + window.location.search) { return; }
    if (how === "push") { window.history.pushState(null, "", url); } else { window.history.replaceState(null, "", url); }
  }

  function timeOfDay(minutes) { return minutes < 720 ? "morning" : minutes < 1020 ? "afternoon" : "evening"; }

  // weekdaysOf is what schedule.DaysOfWeek says: the days a compact rule can fall on.
  function weekdaysOf(r) {
    switch (r.k) {
      case "w": case "f": case "m": return r.d || [];
      case "k": return [1, 2, 3, 4, 5];
      case "d": return [0, 1, 2, 3, 4, 5, 6];
      case "o": return [new Date(r.o + "T00:00:00Z").getUTCDay()];
    }
    return [];
  }

  // fitsWhen finds the first session pattern of rules on a chosen day at a chosen time:
  // {day, time}, or null. A course that has ended or a one-off that has passed (today, in
  // the directory's zone) does not count.
  function fitsWhen(rules, days, times, today) {
    for (var i = 0; i < rules.length; i++) {
      if (rules[i].u && rules[i].u < today || rules[i].o && rules[i].o < today) { continue; }
      var wds = weekdaysOf(rules[i]), time = timeOfDay(rules[i].t[0]);
      if (times.length && times.indexOf(time) < 0) { continue; }
      for (var j = 0; j < wds.length; j++) {
        if (!days.length || days.indexOf(DAY_IDS[wds[j]]) >= 0) { return { day: wds[j], time: time }; }
      }
    }
    return null;
  }

  // valueOf is the index's [value, label, count, file] of a facet's value, or undefined.
  function valueOf(name, value) {
    var f = facets[name];
    return f && f.values.find(function (x) { return x[0] === value; });
  }

  function label(name, value) {
    var v = valueOf(name, value);
    return v ? v[1] : value;
  }

  async function run(how) {
    var mine = ++seq;
    writeURL(how);
    var m = await index.manifest;
    var c = chosen();
    var point = controls ? await controls.place() : null;
    if (point === undefined || mine !== seq) { return; }
    if (Object.keys(c).length === 0 && !point) { results.hidden = true; return; }

    // Every running activity: paused and ended ones cannot be prescribed today.
    var stopped = new Set(m.stopped ? decode(await index.get(m.stopped)) : []);
    if (mine !== seq) { return; }
    var score = new Map(), reasons = new Map(), all = [];
    for (var k = 0; k < m.listings; k++) { if (!stopped.has(k)) { all.push(k); } }
    function add(n, points, reason) {
      score.set(n, (score.get(n) || 0) + points);
      if (reason) { (reasons.get(n) || reasons.set(n, []).get(n)).push(reason); }
    }
    function facetList(name, value) {
      var v = valueOf(name, value);
      return v ? index.get(v[3]).then(decode) : Promise.resolve([]);
    }
    // Soft: needs, interests and audience add to the score.
    var soft = [];
    ["need", "category", "audience"].forEach(function (name) {
      (c[name] || []).forEach(function (value) { soft.push([name, value]); });
    });
    var softLists = await Promise.all(soft.map(function (s) { return facetList(s[0], s[1]); }));
    // At least one of the chosen needs or interests (or, with neither, the chosen audience).
    var candidates = all;
    var narrowing = soft.some(function (s) { return s[0] !== "audience"; }) ? function (s) { return s[0] !== "audience"; } : function () { return true; };
    if (soft.length) {
      var any = new Set();
      soft.forEach(function (s, i) { if (narrowing(s)) { softLists[i].forEach(function (n) { any.add(n); }); } });
      candidates = all.filter(function (n) { return any.has(n); });
    }
    soft.forEach(function (s, i) {
      softLists[i].forEach(function (n) { add(n, WEIGHT[s[0]], label(s[0], s[1])); });
    });
    // Hard: the cost (free, or up to a price a session), every access need, the language.
    var hard = [];
    (c.cost || []).forEach(function (v) { hard.push(["cost", v]); });
    (c.access || []).forEach(function (v) { hard.push(["access", v]); });
    (c.language || []).forEach(function (v) { hard.push(["language", v]); });
    var hardLists = await Promise.all(hard.map(function (h) { return facetList(h[0], h[1]); }));
    hardLists.forEach(function (l) { var s = new Set(l); candidates = candidates.filter(function (n) { return s.has(n); }); });
    // Days and times free: a session on one of the days, at one of the times.
    var days = c.day || [], times = c.time || [], when = new Map();
    if (days.length || times.length) {
      var week = await index.get(m.when[7]);
      var rulesOf = new Map();
      week.rules.forEach(function (g) { decode(g[1]).forEach(function (n) { rulesOf.set(n, g[0]); }); });
      var today = PT.isoDay(PT.zoneNow(document.documentElement.getAttribute("data-zone")).day);
      candidates = candidates.filter(function (n) {
        var fit = rulesOf.has(n) ? fitsWhen(rulesOf.get(n), days, times, today) : null;
        if (fit) { when.set(n, fit); }
        return Boolean(fit);
      });
    }
    if (mine !== seq) { return; }
    var ranked = candidates.map(function (n) { return [n, score.get(n) || 0]; });
    var km = new Map(), groups = new Map();
    if (point) {
      var near = await index.near(m, point, ranked, ranked.length, controls.radiusKm(unit));
      near.placed.forEach(function (p) { km.set(p[0][0], p[1]); });
      near.online.forEach(function (r) { groups.set(r[0], 1); });
      near.unplaced.forEach(function (r) { groups.set(r[0], 2); });
      ranked = ranked.filter(function (r) { return km.has(r[0]) || groups.has(r[0]); });
    }
    ranked.sort(function (a, b) {
      var da = km.has(a[0]) ? km.get(a[0]) : Infinity, db = km.has(b[0]) ? km.get(b[0]) : Infinity;
      return b[1] - a[1] || da - db || a[0] - b[0];
    });
    var shown = ranked.slice(0, limit);
    var records = await index.summaries(shown.map(function (r) { return r[0]; }));
    if (mine !== seq) { return; }
    render(ranked.length, shown, records, function (n, rec) {
      var why = (reasons.get(n) || []).slice();
      var w = when.get(n);
      if (w) {
        // Day d of 1970 fell on weekday (d + 4) % 7: any date on the weekday names it.
        var dayName = PT.dayText(((w.day - 4) % 7 + 7) % 7).split(" ")[0];
        var time = times.length ? " " + msg(w.time) : "";
        why.push(days.length ? dayName + time : msg(w.time).replace(/^./, function (ch) { return ch.toUpperCase(); }));
      }
      // The activity's own cost under a price limit ("£2 a session", "Free"), "free" under free only.
      if ((c.cost || []).length) { why.push(c.cost[0] === "free" || !rec[5] ? msg("free") : rec[5]); }
      if (km.has(n)) { why.push(PT.formatDistance(km.get(n), unit, controls.say)); }
      (c.access || []).forEach(function (v) { why.push(label("access", v)); });
      return why.join(" · ");
    });
  }

  function render(total, shown, records, whyOf) {
    results.hidden = false;
    var items = records.map(function (rec, i) {
      var n = shown[i][0];
      var li = el("li", "search-result");
      var h = el("h3", "search-result-title");
      var a = el("a", "", rec[0]);
      a.href = root + "listings/" + rec[2] + "/";
      if (rec[6]) { a.lang = rec[6]; }
      h.appendChild(a);
      li.appendChild(h);
      var why = whyOf(n, rec);
      if (why) { li.appendChild(el("p", "match-why", msg("why") + " " + why)); }
      li.appendChild(el("p", "search-result-summary", rec[1]));
      var facts = [rec[3], rec[4], rec[5]].filter(Boolean).join(" · ");
      if (facts) { li.appendChild(el("p", "search-result-facts", facts)); }
      if (basketButton) {
        var add = basketButton.cloneNode(true);
        add.setAttribute("data-basket-add", rec[2]);
        add.setAttribute("data-basket-title", rec[0]);
        add.setAttribute("data-basket-data", root + "sheets/" + rec[2] + ".json");
        add.setAttribute("data-basket-why", why);
        var p = el("p", "search-result-basket");
        p.appendChild(add);
        li.appendChild(p);
      }
      return li;
    });
    list.replaceChildren.apply(list, items);
    status.textContent = total === 0 ? msg("none") : total === 1 ? msg("count-one") : msg("count", { n: total });
    more.hidden = total <= shown.length;
    if (window.signpostBasket) { window.signpostBasket.setUp(list); }
  }

  index.manifest.then(function (m) {
    build(m);
    var box = form.querySelector("[data-near-when]");
    if (box) {
      controls = new PT.Controls(box, function (how) { limit = 20; run(how); });
      var whenField = box.querySelector("select[name=when]");
      if (whenField) { whenField.closest(".near-field").hidden = true; } // days and times free say when
    }
    restore();
    if (window.location.search) { run(null); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    limit = 20;
    run("push").then(function () { page.querySelector("#match-results-title").focus(); });
  });
  form.addEventListener("change", function (e) {
    if (e.target.type === "checkbox" || e.target.type === "radio" || e.target.tagName === "SELECT" && e.target.name !== "radius" && e.target.name !== "when") {
      limit = 20;
      run("replace");
    }
  });
  // The focus goes to the first result that was not shown before, where reading goes on.
  more.addEventListener("click", function () {
    var links = function () { return Array.prototype.slice.call(list.querySelectorAll(".search-result-title a")); };
    var seen = new Set(links().map(function (a) { return a.href; }));
    limit += 20;
    run(null).then(function () {
      var fresh = links().find(function (a) { return !seen.has(a.href); });
      if (fresh) { fresh.focus(); }
    });
  });
  window.addEventListener("popstate", function () { restore(); run(null); });
})();

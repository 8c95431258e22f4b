/* signpost place and time: the shared part of near= and when= (list pages, the search page,
   /this-week/). Everything happens in this browser: a place name, postcode or "Near me"
   position is looked up in this site's own files (places/, see site/places) and never sent
   anywhere; sessions are worked out from each activity's schedule rules at the moment of
   viewing, in the directory's time zone, so a site built on Monday is right on Thursday.
   It defines window.signpostPlaceTime and touches nothing on the page. No dependencies. */
(function () {
  "use strict";

  var DAY = 86400000;
  var root = document.documentElement.getAttribute("data-root") || "/";

  // ---- Place ---------------------------------------------------------------------------

  var places = null;
  var districts = {}; // outward code → promise of its postcodes file, fetched once
  function fetchJSON(path) {
    return fetch(new URL(path, new URL(root, window.location.href)).href).then(function (r) {
      if (!r.ok) { throw new Error(path + ": " + r.status); }
      return r.json();
    });
  }
  // placesIndex is places/index.json, fetched once, with each place's names folded
  // (see normal) once too.
  function placesIndex() {
    if (!places) {
      places = fetchJSON("places/index.json").then(function (index) {
        (index.places || []).forEach(function (p) {
          p.keys = [p.name].concat(p.aliases || []).map(normal);
        });
        return index;
      }).catch(function () {
        places = null;
        return { places: [], outward: {} };
      });
    }
    return places;
  }

  // normal folds case, accents and punctuation: "St. Mary’s" and "st marys" are one name.
  function normal(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['’.]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        best = Math.min(best, cur[j]);
      }
      if (best > max) { return max + 1; } // no later row can come back under max
      prev = cur;
    }
    return prev[b.length];
  }

  // Nobody's place or postcode is longer; a longer text is not looked up (it would only
  // cost time to compare with every name).
  var MAX_PLACE = 100;

  var LATLON = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

  // locate finds where text is: "lat,lon", a place's name or alias, an outward code or a
  // postcode. It resolves to {lat, lon, label, note?} or {unknown: true, suggestions: [...]}.
  async function locate(text) {
    text = (text || "").trim();
    if (!text || text.length > MAX_PLACE) { return { unknown: true, suggestions: [] }; }
    var m = LATLON.exec(text);
    if (m) {
      var lat = parseFloat(m[1]), lon = parseFloat(m[2]);
      if (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
        return { lat: lat, lon: lon, label: lat.toFixed(4) + ", " + lon.toFixed(4) };
      }
    }
    var index = await placesIndex();
    var key = normal(text);
    var i, p;
    for (i = 0; i < index.places.length; i++) {
      p = index.places[i];
      if (p.keys.indexOf(key) >= 0) {
        return { lat: p.lat, lon: p.lon, label: p.name };
      }
    }
    var code = text.toUpperCase().replace(/\s+/g, " ");
    var compact = code.replace(/ /g, "");
    var outward = index.outward || {};
    var has = function (code) { return Object.prototype.hasOwnProperty.call(outward, code); };
    if (has(compact)) { return { lat: outward[compact][0], lon: outward[compact][1], label: compact }; }
    // A full postcode: its outward code is what comes before the space, or (written
    // without one) all but the last three characters, as in the UK and Canada.
    var candidates = [];
    if (code.indexOf(" ") > 0) { candidates.push([code.slice(0, code.indexOf(" ")), code]); }
    if (compact.length > 4) { candidates.push([compact.slice(0, -3), compact.slice(0, -3) + " " + compact.slice(-3)]); }
    for (i = 0; i < candidates.length; i++) {
      var out = candidates[i][0], full = candidates[i][1];
      if (!has(out)) { continue; }
      if (!districts[out]) {
        districts[out] = fetchJSON("places/postcodes/" + encodeURIComponent(out) + ".json").catch(function () { return null; });
      }
      var district = await districts[out];
      var at = district && district.postcodes && district.postcodes[full];
      if (at) { return { lat: at[0], lon: at[1], label: full }; }
      return { lat: outward[out][0], lon: outward[out][1], label: out, note: "missing-postcode", asked: full };
    }
    return { unknown: true, suggestions: suggest(index, key, compact) };
  }

  // suggest offers up to five names or codes close to what was typed.
  function suggest(index, key, compact) {
    var scored = [];
    index.places.forEach(function (p) {
      p.keys.forEach(function (k) {
        var d = editDistance(key, k, 3);
        if (k.startsWith(key) || key.startsWith(k)) { d = Math.min(d, 1); }
        if (d <= 3) { scored.push([d, p.name]); }
      });
    });
    Object.keys(index.outward || {}).forEach(function (o) {
      if (compact.length >= 2 && (o.startsWith(compact.slice(0, 2)) || editDistance(compact, o, 1) <= 1)) { scored.push([2, o]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].localeCompare(b[1]); });
    var out = [];
    scored.forEach(function (s) { if (out.indexOf(s[1]) < 0 && out.length < 5) { out.push(s[1]); } });
    if (out.length === 0) {
      out = index.places.slice(0, 5).map(function (p) { return p.name; });
    }
    return out;
  }

  // Straight-line distance in kilometres (haversine, on the mean Earth radius).
  function distanceKm(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180;
    var a = Math.pow(Math.sin((lat2 - lat1) * r / 2), 2) +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin((lon2 - lon1) * r / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  // A lower bound of the distance from a point to a box [south, west, north, east]: zero
  // inside it. Clamping latitude and longitude apart can overestimate the true shortest
  // distance slightly (metres at 100 km), so it gives 0.1 % and 10 m away: a cell that
  // might hold a nearer venue is always read.
  function boxDistanceKm(lat, lon, box) {
    var la = Math.min(Math.max(lat, box[0]), box[2]);
    var lo = Math.min(Math.max(lon, box[1]), box[3]);
    return Math.max(0, distanceKm(lat, lon, la, lo) * 0.999 - 0.01);
  }

  var KM_PER_MILE = 1.609344;
  function toUnit(km, unit) { return unit === "mi" ? km / KM_PER_MILE : km; }
  function fromUnit(n, unit) { return unit === "mi" ? n * KM_PER_MILE : n; }

  // The words of distances and sessions, in English unless the page gives its own (the
  // data-msg-* attributes of partial near-when.html, from the theme's i18n files).
  var ENGLISH = {
    "distance-mi-one": "{n} mile", "distance-mi-other": "{n} miles", "distance-km": "{n} km",
    "distance-under": "under {n}", "session-today": "Today, {times}", "session-tomorrow": "Tomorrow, {times}",
    "session-date": "{date}, {times}"
  };
  // fill puts values into a template's {name} placeholders. (A function replacement:
  // "$&" in what someone typed is text, not a pattern.)
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  function english(name, values) { return fill(ENGLISH[name] || "", values); }

  // "0.8 miles", "1 mile", "12 miles"; "0.8 km" where the country counts in kilometres.
  // say(name, values) gives the words (default English).
  function formatDistance(km, unit, say) {
    say = say || english;
    var n = toUnit(km, unit);
    var text = n < 0.1 ? "0.1" : n < 10 ? (Math.round(n * 10) / 10).toString() : Math.round(n).toString();
    var words = unit === "mi" ? say(text === "1" ? "distance-mi-one" : "distance-mi-other", { n: text }) : say("distance-km", { n: text });
    return n < 0.1 ? say("distance-under", { n: words }) : words;
  }

  // ---- Time ----------------------------------------------------------------------------

  // now is the moment to count from. (Tests set the browser's clock; nothing else does.)
  function now() { return new Date(); }

  // zoneNow is a moment as the directory's clocks show it: {day (days since 1970-01-01),
  // minutes (after midnight)}. Intl knows every clock change, so this is right on
  // both sides of one, whatever zone the viewer's computer is set to.
  // Intl formatters are slow to make (milliseconds each, more for the first): make each once.
  var formatters = {};
  function formatter(key, make) { return formatters[key] || (formatters[key] = make()); }

  // The directory's UTC offsets over the years around the build (schedule.Offsets, in
  // <html data-zone-offsets>): reading the clock from them costs nothing, where the first
  // time zone lookup through Intl costs Chromium some tens of milliseconds.
  var offsets = null;
  try { offsets = JSON.parse(document.documentElement.getAttribute("data-zone-offsets") || "null"); } catch (e) { offsets = null; }

  function zoneNow(zone, date) {
    var t = (date || now()).getTime();
    if (offsets && zone === document.documentElement.getAttribute("data-zone") && offsets.changes &&
        offsets.changes.length && t >= offsets.changes[0][0] && t < offsets.until) {
      var offset = 0;
      offsets.changes.forEach(function (c) { if (c[0] <= t) { offset = c[1]; } });
      var local = t + offset * 60000;
      return { day: Math.floor(local / DAY), minutes: Math.floor((local - Math.floor(local / DAY) * DAY) / 60000) };
    }
    var f = formatter("zone " + zone, function () {
      var options = { timeZone: zone || "UTC", year: "numeric", month: "2-digit",
        day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
      try {
        return new Intl.DateTimeFormat("en-GB", options);
      } catch (e) {
        // A browser older than the zone's name: the directory's clocks are unknown, so UTC
        // (at most a few hours out) rather than no filters at all.
        options.timeZone = "UTC";
        return new Intl.DateTimeFormat("en-GB", options);
      }
    });
    var parts = {};
    f.formatToParts(date || now()).forEach(function (p) { parts[p.type] = p.value; });
    return {
      day: Date.UTC(+parts.year, +parts.month - 1, +parts.day) / DAY,
      minutes: (+parts.hour % 24) * 60 + +parts.minute
    };
  }

  function dayOf(iso) { return iso ? Date.parse(iso + "T00:00:00Z") / DAY : NaN; }
  function weekday(day) { return ((day % 7) + 7 + 4) % 7; } // 1970-01-01 was a Thursday

  // occursOn is schedule.Rule's occursOn, with From and Until (site/schedule/occur.go).
  function occursOn(r, day) {
    if (r.f && day < dayOf(r.f)) { return false; }
    if (r.u && day > dayOf(r.u)) { return false; }
    var wd = weekday(day);
    switch (r.k) {
      case "o": return day === dayOf(r.o);
      case "d": return true;
      case "k": return wd >= 1 && wd <= 5;
      case "w": return (r.d || []).indexOf(wd) >= 0;
      case "f":
        if (!r.d || wd !== r.d[0]) { return false; }
        var from = dayOf(r.f), anchor = from + ((r.d[0] - weekday(from)) % 7 + 7) % 7;
        return day >= anchor && (day - anchor) % 14 === 0;
      case "m":
        if ((r.d || []).indexOf(wd) < 0) { return false; }
        var date = new Date(day * DAY), dom = date.getUTCDate();
        var last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
        return (r.n || []).some(function (n) { return n === -1 ? dom + 7 > last : Math.floor((dom - 1) / 7) + 1 === n; });
    }
    return false;
  }

  // sessionsOn lists the sessions of rules on a day, in start order: [{day, start, end}].
  function sessionsOn(rules, day) {
    var out = [];
    rules.forEach(function (r) { if (occursOn(r, day)) { out.push({ day: day, start: r.t[0], end: r.t[1] }); } });
    out.sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    return out;
  }

  // A repeating rule occurs within any 62 days (see searchDays in occur.go); one-offs and
  // courses end. So 400 days is more than enough, and the loop is bounded.
  var SEARCH_DAYS = 400;

  // next is the first session that has not ended yet, or null.
  function next(rules, at) {
    for (var k = 0; k < SEARCH_DAYS; k++) {
      var found = sessionsOn(rules, at.day + k).filter(function (s) { return k > 0 || s.end > at.minutes; });
      if (found.length) { return found[0]; }
    }
    return null;
  }

  var WHEN = ["now", "today", "tomorrow", "week"];

  // matchWhen says whether rules have a session in the window when ("now": running now or
  // starting within the hour; "today": still to come or running today; "tomorrow"; "week":
  // from now to the end of the sixth day after today). It returns that first session, or null.
  function matchWhen(rules, when, at) {
    var t = at.minutes, s, i;
    // "Within the hour" counts wall-clock minutes: in the one night a year the clocks go
    // forward, a session an hour after midnight is counted as two hours away.
    if (when === "now") {
      s = sessionsOn(rules, at.day);
      for (i = 0; i < s.length; i++) { if (s[i].end > t && s[i].start <= t + 60) { return s[i]; } }
      if (t + 60 >= 1440) {
        s = sessionsOn(rules, at.day + 1);
        for (i = 0; i < s.length; i++) { if (s[i].start <= t + 60 - 1440) { return s[i]; } }
      }
      return null;
    }
    if (when === "today") { return sessionsOn(rules, at.day).filter(function (x) { return x.end > t; })[0] || null; }
    if (when === "tomorrow") { return sessionsOn(rules, at.day + 1)[0] || null; }
    if (when === "week") {
      for (i = 0; i < 7; i++) {
        s = sessionsOn(rules, at.day + i).filter(function (x) { return i > 0 || x.end > t; });
        if (s.length) { return s[0]; }
      }
    }
    return null;
  }

  function clock(m) { return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0"); }

  // The page's language, for dates ("en" means British English here, as in the theme).
  function pageLang() {
    var lang = document.documentElement.lang || "en-GB";
    return lang === "en" ? "en-GB" : lang;
  }

  // sessionText: "Today, 10:00–11:30", "Tomorrow, 14:00–16:00", "Thursday 3 December, 10:00–11:30".
  function sessionText(s, at, say) {
    say = say || english;
    var times = clock(s.start) + "–" + clock(s.end);
    if (s.day === at.day) { return say("session-today", { times: times }); }
    if (s.day === at.day + 1) { return say("session-tomorrow", { times: times }); }
    return say("session-date", { date: dayText(s.day), times: times });
  }

  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function dayText(day, lang) {
    lang = lang || pageLang();
    if (lang === "en-GB") { // the theme's own language: no Intl needed
      var d = new Date(day * DAY);
      return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    }
    return formatter("day " + lang, function () {
      return new Intl.DateTimeFormat(lang, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" });
    }).format(new Date(day * DAY));
  }

  function isoDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  // ---- The controls (partial near-when.html) -------------------------------------------

  // Controls wires a near-when fieldset: it shows the fields, fills them from the address,
  // and calls onChange(how) when one changes (how: "push" for a choice, "replace" while
  // typing). "Near me" puts near=me in the address, never the position: the position stays
  // in this page, and a shared link asks the next reader for theirs.
  function Controls(box, onChange) {
    var self = this;
    this.box = box;
    this.near = box.querySelector("input[name=near]");
    this.radius = box.querySelector("select[name=radius]");
    this.when = box.querySelector("select[name=when]");
    this.message = box.querySelector("[data-near-message]");
    this.meButton = box.querySelector("[data-near-me]");
    this.me = null; // {lat, lon} from the browser, kept only here
    this.typing = false; // the place box has text not yet confirmed (Enter, or leaving it)
    this.last = null; // {key, point, text}: the last place looked up, and what was said
    this.say = function (name, values) { return self.msg(name, values); };
    box.querySelector("[data-near-when-nojs]").hidden = true;
    box.querySelector("[data-near-when-fields]").hidden = false;
    if (!navigator.geolocation) { this.meButton.hidden = true; }
    var timer = 0;
    this.near.addEventListener("input", function () {
      self.me = null;
      self.typing = true;
      clearTimeout(timer);
      timer = setTimeout(function () { onChange("replace"); }, 400);
    });
    function confirm() { clearTimeout(timer); self.typing = false; onChange("push"); }
    this.near.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); confirm(); }
    });
    this.near.addEventListener("change", confirm);
    this.radius.addEventListener("change", function () { onChange("push"); });
    this.when.addEventListener("change", function () { onChange("push"); });
    this.meButton.addEventListener("click", function () {
      self.near.value = "";
      self.me = null;
      self.asking = true;
      onChange("push");
    });
  }
  // msg is a message of the page's language, with {name} placeholders filled from values.
  Controls.prototype.msg = function (name, values) {
    var template = this.box.getAttribute("data-msg-" + name);
    return template === null ? english(name, values) : fill(template, values);
  };
  // restore sets the fields from the address.
  Controls.prototype.restore = function (params) {
    var near = params.get("near") || "";
    this.asking = near === "me";
    this.typing = false;
    if (!this.asking) { this.me = null; }
    this.near.value = near === "me" ? "" : near;
    this.radius.value = RADII.indexOf(+params.get("radius")) >= 0 ? params.get("radius") : "";
    this.when.value = WHEN.indexOf(params.get("when")) >= 0 ? params.get("when") : "";
  };
  // params writes the fields into URLSearchParams.
  Controls.prototype.params = function (params) {
    var near = this.me || this.asking ? "me" : this.near.value.trim();
    if (near) { params.set("near", near); } else { params.delete("near"); }
    if (this.radius.value && near) { params.set("radius", this.radius.value); } else { params.delete("radius"); }
    if (this.when.value) { params.set("when", this.when.value); } else { params.delete("when"); }
  };
  Controls.prototype.whenValue = function () { return this.when.value; };
  // radiusKm is the chosen radius in kilometres, or Infinity.
  Controls.prototype.radiusKm = function (unit) {
    return this.radius.value ? fromUnit(+this.radius.value, unit) : Infinity;
  };
  // show puts what was found into the message, only when it changed, so that a screen
  // reader hears it once, not again with every filter or keystroke elsewhere.
  Controls.prototype.show = function (key, nodes) {
    var text = nodes.map(function (n) { return n.textContent; }).join("");
    if (this.shown === key + "\n" + text) { return; }
    this.shown = key + "\n" + text;
    this.message.replaceChildren.apply(this.message, nodes);
  };
  // place resolves to the point to measure from ({lat, lon, label}) or null (or undefined
  // when a newer call will answer), and says on the page what it did: sorted from where, or
  // why not, with suggestions to click. A place is looked up once while it stays the same.
  Controls.prototype.place = async function () {
    var self = this;
    if (this.asking && !this.me) {
      this.show("me", [document.createTextNode(this.msg("near-me-asking"))]);
      this.me = await new Promise(function (resolve) {
        navigator.geolocation.getCurrentPosition(function (p) {
          resolve({ lat: p.coords.latitude, lon: p.coords.longitude });
        }, function () { resolve(null); }, { maximumAge: 300000, timeout: 15000 });
      });
      this.asking = false;
      if (!this.me) { this.show("me", [document.createTextNode(this.msg("near-me-failed"))]); return null; }
    }
    if (this.me) {
      this.show("me", [document.createTextNode(this.msg("near-sorted-me"))]);
      return { lat: this.me.lat, lon: this.me.lon, label: "" };
    }
    var text = this.near.value.trim();
    if (!text) { this.show("", []); return null; }
    var p = this.last && this.last.key === text ? this.last.point : await locate(text);
    if (text !== this.near.value.trim()) { return undefined; } // typed on: a newer call answers
    this.last = { key: text, point: p };
    if (p.unknown) {
      // While someone is still typing, "Wend" is not yet a mistake.
      if (this.typing) { this.show("", []); return null; }
      var nodes = [document.createTextNode(this.msg("near-unknown", { place: text }))];
      if (p.suggestions.length) {
        nodes.push(document.createTextNode(" " + this.msg("near-suggest") + " "));
        p.suggestions.forEach(function (name, i) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "link-button";
          b.textContent = name;
          b.addEventListener("click", function () {
            // The button is about to go with the message: keep the focus in the box.
            self.near.value = name;
            self.near.focus();
            self.near.dispatchEvent(new Event("change"));
          });
          if (i > 0) { nodes.push(document.createTextNode(", ")); }
          nodes.push(b);
        });
      }
      this.show(text, nodes);
      return null;
    }
    this.show(text, [document.createTextNode(p.note === "missing-postcode"
      ? this.msg("near-missing-postcode", { asked: p.asked, place: p.label })
      : this.msg("near-sorted", { place: p.label }))]);
    return p;
  };

  var RADII = [1, 3, 5, 10];

  window.signpostPlaceTime = {
    root: root,
    locate: locate,
    distanceKm: distanceKm,
    boxDistanceKm: boxDistanceKm,
    formatDistance: formatDistance,
    fill: fill,
    toUnit: toUnit,
    fromUnit: fromUnit,
    RADII: RADII,
    Controls: Controls,
    WHEN: WHEN,
    now: now,
    zoneNow: zoneNow,
    sessionsOn: sessionsOn,
    next: next,
    matchWhen: matchWhen,
    sessionText: sessionText,
    dayText: dayText,
    isoDay: isoDay,
    clock: clock
  };
})();

/* signpost /this-week/: the page is written when the site is built, for readers without
   JavaScript, and says "As of <build date>". This script works the seven days out again
   from today in the directory's time zone (not this computer's), from the data block on the
   page (site/pages/thisweek.go writes it: [title, url, place, cost, rules, full] per
   activity), so a site built on Monday is right on Thursday. Sessions that have finished
   today are marked. It needs js/placetime.js, fetches nothing and announces nothing. */
(function () {
  "use strict";

  var page = document.querySelector("[data-this-week]");
  var data = document.getElementById("this-week-data");
  var pt = window.signpostPlaceTime;
  if (!page || !data || !pt) { return; }

  var activities;
  try {
    activities = JSON.parse(data.textContent);
  } catch (e) {
    return; // keep the days written at build time
  }
  if (!Array.isArray(activities)) { return; }

  var DAYS = 7;
  var root = document.documentElement;
  var zone = root.getAttribute("data-zone") || "UTC";
  var base = new URL(root.getAttribute("data-root") || "/", window.location.href);
  var at = pt.zoneNow(zone);

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // The sessions of a day, in order of start time, then title (as site/pages does).
  function sessions(day) {
    var out = [];
    activities.forEach(function (a) {
      if (!Array.isArray(a) || !Array.isArray(a[4])) { return; }
      pt.sessionsOn(a[4], day).forEach(function (s) {
        out.push({ start: s.start, end: s.end, title: String(a[0]), url: String(a[1]),
          place: String(a[2]), cost: String(a[3]), full: a[5] === true });
      });
    });
    out.sort(function (x, y) {
      return x.start - y.start || (x.title < y.title ? -1 : x.title > y.title ? 1 : 0) ||
        x.end - y.end || (x.url < y.url ? -1 : x.url > y.url ? 1 : 0);
    });
    return out;
  }

  function session(s, iso, finished) {
    var li = el("li", "week-session" + (finished ? " week-finished" : ""));
    var when = el("p", "week-time");
    var time = el("time", "", pt.clock(s.start) + "–" + pt.clock(s.end));
    time.setAttribute("datetime", iso + "T" + pt.clock(s.start));
    when.appendChild(time);
    if (finished) {
      when.appendChild(document.createTextNode(" "));
      when.appendChild(el("span", "week-finished-note", page.getAttribute("data-label-finished")));
    }
    li.appendChild(when);
    var what = el("div", "week-what");
    var title = el("p", "week-title");
    var link = el("a", "", s.title);
    link.href = new URL(s.url, base).pathname;
    title.appendChild(link);
    if (s.full) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(el("strong", "badge badge-full", page.getAttribute("data-label-full")));
    }
    what.appendChild(title);
    var meta = el("p", "week-meta");
    meta.appendChild(el("span", "week-place", s.place));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(el("span", "week-cost", s.cost));
    what.appendChild(meta);
    li.appendChild(what);
    return li;
  }

  function day(n) {
    var iso = pt.isoDay(n);
    var section = el("section", "week-day");
    section.setAttribute("aria-labelledby", "day-" + iso);
    var h2 = el("h2", "", pt.dayText(n));
    h2.id = "day-" + iso;
    section.appendChild(h2);
    var list = sessions(n);
    if (list.length === 0) {
      section.appendChild(el("p", "week-empty", page.getAttribute("data-label-nothing")));
      return section;
    }
    var ul = el("ul", "week-sessions");
    list.forEach(function (s) { ul.appendChild(session(s, iso, n === at.day && s.end <= at.minutes)); });
    section.appendChild(ul);
    return section;
  }

  var days = page.querySelector("[data-week-days]");
  if (days) {
    var fresh = document.createDocumentFragment();
    for (var i = 0; i < DAYS; i++) { fresh.appendChild(day(at.day + i)); }
    days.replaceChildren(fresh);
  }
  var asOf = page.querySelector("[data-week-asof]");
  var today = page.getAttribute("data-label-today");
  if (asOf && today) {
    asOf.textContent = today.replace("{date}", pt.dayText(at.day) + " " + new Date(at.day * 86400000).getUTCFullYear());
  }
})();

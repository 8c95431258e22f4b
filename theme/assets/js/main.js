/* signpost: small, optional enhancements. Everything works without this file.
   - a "Print this page" button (without JavaScript the page tells you to press Ctrl+P);
   - filters: reflect the chosen options in the address (?days=tue&cost=free) so a filtered
     list can be bookmarked or shared, restore them on load, and announce how many
     activities match. The filtering itself is done by CSS (css/filters.css).
   No imports, no dependencies, no network requests. */
(function () {
  "use strict";

  document.documentElement.classList.add("js"); // js/early.js did already, unless it was blocked

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // Print
  each(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  each(document.querySelectorAll("[data-print-hint]"), function (hint) { hint.hidden = true; });

  // Keep what was searched for in the search boxes.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    each(document.querySelectorAll("input[name=q]"), function (input) {
      if (!input.value) { input.value = query; }
    });
  }

  // Filters
  each(document.querySelectorAll("[data-results]"), function (results) {
    var form = results.querySelector("form.filters");
    if (!form) { return; }
    var cards = results.querySelectorAll(".card");
    var live = results.querySelector("[data-live]");
    var empty = results.querySelector("[data-empty]");
    var template = results.getAttribute("data-live-template") || "{n} of {total}";
    var names = [];
    each(form.querySelectorAll("input[type=radio]"), function (input) {
      if (names.indexOf(input.name) < 0) { names.push(input.name); }
    });

    function visible() {
      var n = 0;
      each(cards, function (card) { if (card.offsetParent !== null) { n++; } });
      return n;
    }

    // near= and when=: js/placetime.js finds the place and works out the sessions; this
    // sorts the cards by distance, hides those too far or not on, and writes on each card
    // its distance and next session.
    var PT = window.signpostPlaceTime;
    var box = form.querySelector("[data-near-when]");
    var controls = PT && box ? new PT.Controls(box, function (how) { update(true, how); }) : null;
    var list = results.querySelector("ul.cards");
    var original = Array.prototype.slice.call(cards);
    var zone = document.documentElement.getAttribute("data-zone");
    var unit = document.documentElement.getAttribute("data-unit") || "km";
    var groups = {};
    var seq = 0;

    function note(card, className, text) {
      var p = card.querySelector("." + className);
      if (!text) { if (p) { p.remove(); } return; }
      if (!p) {
        p = document.createElement("p");
        p.className = className;
        var facts = card.querySelector(".card-facts") || card.querySelector(".card-summary");
        card.insertBefore(p, facts ? facts.nextSibling : null);
      }
      p.textContent = text;
    }

    // group is the list of a group of cards after the main list ("online", "unplaced"),
    // made once; showGroups puts those that have cards after the list, in that order, and
    // hides a group whose cards the other filters all hide. Its heading is an h2, like
    // "Results", so the cards' h3 titles sit under it.
    function group(name) {
      if (!groups[name]) {
        var h = document.createElement("h2");
        h.className = "cards-group";
        h.textContent = box.getAttribute("data-msg-group-" + name);
        var ul = document.createElement("ul");
        ul.className = "cards cards-" + name;
        groups[name] = { heading: h, list: ul };
      }
      return groups[name].list;
    }

    function showGroups() {
      var after = list;
      ["online", "unplaced"].forEach(function (name) {
        var g = groups[name];
        if (g && g.list.children.length) {
          if (!g.heading.isConnected || g.heading.previousElementSibling !== after) { after.after(g.heading, g.list); }
          g.heading.hidden = g.list.hidden = false; // to measure what shows
          var shown = Array.prototype.some.call(g.list.children, function (card) { return card.offsetParent !== null; });
          g.heading.hidden = g.list.hidden = !shown;
          after = g.list;
        }
      });
    }

    function dropGroups() {
      Object.keys(groups).forEach(function (k) { groups[k].heading.remove(); groups[k].list.remove(); });
    }

    // Each card's rules, parsed once: every filter change runs applyWhen over every card.
    var rulesOf = new Map();
    function cardRules(card) {
      if (!rulesOf.has(card)) {
        var rules = null;
        try { rules = JSON.parse(card.getAttribute("data-rules") || "null"); } catch (e) { rules = null; }
        rulesOf.set(card, rules);
      }
      return rulesOf.get(card);
    }

    function applyWhen() {
      var when = controls.whenValue(), at = PT.zoneNow(zone);
      each(cards, function (card) {
        var rules = when ? cardRules(card) : null;
        var session = when && rules ? PT.matchWhen(rules, when, at) : null;
        card.classList.toggle("is-off", Boolean(when) && !session);
        note(card, "card-next", session ? box.getAttribute("data-msg-next-label") + " " + PT.sessionText(session, at, controls.say) : "");
      });
    }

    async function applyNear(mine) {
      var point = await controls.place();
      if (point === undefined || mine !== seq) { return false; }
      dropGroups();
      if (!point) {
        original.forEach(function (card) { list.appendChild(card); card.classList.remove("is-far"); note(card, "card-distance", ""); });
        return true;
      }
      var radius = controls.radiusKm(unit), placed = [];
      original.forEach(function (card) {
        var lat = parseFloat(card.getAttribute("data-lat")), lon = parseFloat(card.getAttribute("data-lon"));
        if (isNaN(lat) || isNaN(lon)) {
          note(card, "card-distance", "");
          card.classList.remove("is-far");
          group(card.getAttribute("data-area") === "online" ? "online" : "unplaced").appendChild(card);
          return;
        }
        var km = PT.distanceKm(point.lat, point.lon, lat, lon);
        placed.push([km, card]);
        card.classList.toggle("is-far", km > radius);
        note(card, "card-distance", PT.formatDistance(km, unit, controls.say));
      });
      placed.sort(function (a, b) { return a[0] - b[0]; }); // stable: equal distances keep A to Z
      placed.forEach(function (p) { list.appendChild(p[1]); });
      return true;
    }

    // A list split into pages (site.Params.page_size) holds only some of its activities
    // here: its choices go to the search page, which filters the whole list through the
    // search index's facets, with this list's category or need chosen (data-search).
    var searchPage = results.getAttribute("data-search");
    each(results.querySelectorAll("[data-paged-js]"), function (p) { p.hidden = false; });
    function handOver(params) {
      if (!searchPage) { return null; }
      var url = new URL(searchPage, window.location.href), any = false;
      names.forEach(function (name) {
        var value = params.get(name);
        var fieldset = form.querySelector("input[name='" + name + "']").closest("fieldset");
        var as = fieldset && fieldset.getAttribute("data-search-name");
        if (value && as) { url.searchParams.set(as, value); any = true; }
      });
      ["near", "when", "radius"].forEach(function (name) {
        var value = params.get(name);
        if (value) { url.searchParams.set(name, value); any = true; }
      });
      return any ? url.href : null;
    }

    async function update(announce, how) {
      var mine = ++seq;
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        var checked = form.querySelector("input[name='" + name + "']:checked");
        if (checked && checked.value) { params.set(name, checked.value); } else { params.delete(name); }
      });
      if (controls) { controls.params(params); }
      var away = handOver(params);
      if (away) {
        // Opened with choices (a shared link) the list page is skipped in the history;
        // chosen here, the back button returns to it, as its address says (the browser may
        // keep the page as it was left, with the choice still ticked).
        if (how === "push" || how === "replace") {
          restore();
          window.location.assign(away);
        } else {
          window.location.replace(away);
        }
        return;
      }
      if (controls) {
        applyWhen();
        if (!(await applyNear(mine))) { return; }
        showGroups();
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        if (how === "push") { window.history.pushState(null, "", url); } else { window.history.replaceState(null, "", url); }
      }
      // A list handed over to the search page keeps the whole list's counts, written when
      // the site was built: this page's would promise less than a choice gives.
      if (!searchPage) { recount(); }
      var n = visible();
      if (empty) { empty.hidden = n !== 0; }
      if (live && announce) {
        live.textContent = template.replace("{n}", String(n)).replace("{total}", String(cards.length));
      }
    }

    // recount writes on each option how many activities it would show, with the other
    // choices (and near= and when=) as they are, so a count never promises what a click
    // would not give. The rule is css/filters.css's: the card's data-<filter> has the word.
    function has(card, name, value) {
      return (" " + (card.getAttribute("data-" + name) || "") + " ").indexOf(" " + value + " ") >= 0;
    }
    function recount() {
      var chosen = {};
      names.forEach(function (name) {
        var checked = form.querySelector("input[name='" + name + "']:checked");
        chosen[name] = checked ? checked.value : "";
      });
      var pool = Array.prototype.filter.call(cards, function (card) {
        return !card.classList.contains("is-far") && !card.classList.contains("is-off");
      });
      names.forEach(function (name) {
        var others = pool.filter(function (card) {
          return names.every(function (o) { return o === name || !chosen[o] || has(card, o, chosen[o]); });
        });
        each(form.querySelectorAll("input[name='" + name + "']"), function (input) {
          var count = input.value && input.parentNode.querySelector(".opt-count");
          if (!count) { return; }
          count.textContent = "(" + others.filter(function (card) { return has(card, name, input.value); }).length + ")";
        });
      });
    }

    // Restore the options named in the address.
    function restore() {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        var value = params.get(name) || "";
        each(form.querySelectorAll("input[name='" + name + "']"), function (input) {
          input.checked = input.value === value;
        });
      });
      if (controls) { controls.restore(params); }
    }
    restore();

    // On a narrow screen, fold the filters away unless some are chosen, so the list comes
    // first. js/early.js decided it before the first paint and hid the panel's contents;
    // folding it now keeps the page as it was drawn.
    var panel = form.querySelector("[data-filters-panel]");
    if (panel && document.documentElement.classList.contains("fold-filters")) { panel.open = false; }
    document.documentElement.classList.remove("fold-filters");

    form.addEventListener("change", function (e) {
      if (e.target.type === "radio") { update(true, "replace"); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(true, "push"); });
    window.addEventListener("popstate", function () { restore(); update(true, null); });
    // The reset link reloads the page without options; browsers may otherwise keep them.
    update(false, null);
  });
})();

/* The prescription basket: "Add to prescription" buttons on listings and cards, and the
   /prescribe/ page that shows the chosen activities and prints them together. The basket lives
   in sessionStorage, so it belongs to this browser tab and is forgotten when the tab closes: it
   never outlives the appointment. Each activity's details come from its small JSON file on this
   same site (sheets/<id>.json); nothing is sent anywhere. */
(function () {
  "use strict";

  var KEY = "signpost-basket";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function load() {
    try {
      var items = JSON.parse(window.sessionStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function save(items) {
    try {
      if (items.length) {
        window.sessionStorage.setItem(KEY, JSON.stringify(items));
      } else {
        window.sessionStorage.removeItem(KEY);
      }
      return true;
    } catch (e) {
      return false; // storage turned off: the basket cannot work, the PDFs still do
    }
  }

  function has(items, id) {
    return items.some(function (item) { return item.id === id; });
  }

  // Without storage there is no basket: leave the buttons hidden.
  if (!save(load())) { return; }

  // One polite live region for "added" announcements.
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  function mark(button) {
    var added = has(load(), button.getAttribute("data-basket-add"));
    button.setAttribute("aria-pressed", added ? "true" : "false");
    if (!button.hasAttribute("data-label-add")) {
      button.setAttribute("data-label-add", button.textContent);
    }
    button.textContent = added ? button.getAttribute("data-label-added") : button.getAttribute("data-label-add");
  }

  // The header's link to the basket shows how many activities it holds.
  function count() {
    var n = load().length;
    each(document.querySelectorAll("[data-basket-count]"), function (el) {
      el.hidden = n === 0;
      el.textContent = "(" + n + ")";
    });
  }

  function setUp(root) {
    each(root.querySelectorAll("[data-basket-add]"), function (button) {
      button.hidden = false;
      mark(button);
    });
  }
  setUp(document);
  count();

  // One listener for every button, those search results add later too.
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-basket-add]") : null;
    if (!button) { return; }
    var items = load();
    var id = button.getAttribute("data-basket-add");
    var title = button.getAttribute("data-basket-title");
    if (has(items, id)) {
      // A second press takes it out again (the button is a toggle: aria-pressed).
      items = items.filter(function (item) { return item.id !== id; });
      live.textContent = "";
    } else {
      // A button on a match result says why the activity fits: the basket keeps it.
      items.push({ id: id, title: title, data: button.getAttribute("data-basket-data"), why: button.getAttribute("data-basket-why") || "" });
      live.textContent = button.getAttribute("data-label-announce") + ": " + title;
    }
    save(items);
    each(document.querySelectorAll("[data-basket-add]"), function (b) {
      if (b.getAttribute("data-basket-add") === id) { mark(b); }
    });
    count();
  });
  // For js/search.js: show and mark the buttons of new results.
  window.signpostBasket = { setUp: setUp };
  window.addEventListener("pageshow", function (event) { if (event.persisted) { setUp(document); count(); } });

  // The /prescribe/ page.
  var page = document.querySelector("[data-basket-page]");
  if (!page) { return; }
  var labels = {};
  var template = page.querySelector("template[data-basket-labels]");
  if (template) {
    each(template.content.querySelectorAll("[data-label]"), function (el) {
      labels[el.getAttribute("data-label")] = el.textContent;
    });
  }
  var app = page.querySelector("[data-basket-app]");
  var sheet = page.querySelector("[data-basket-sheet]");
  var list = page.querySelector("[data-basket-items]");
  var status = page.querySelector("[data-basket-status]");
  var empty = page.querySelector("[data-basket-empty]");
  var printButton = page.querySelector("[data-basket-print]");
  var clearButton = page.querySelector("[data-basket-clear]");
  page.querySelector("[data-basket-nojs]").hidden = true;
  app.hidden = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function fact(dl, label, lines, data) {
    lines = lines.filter(function (line) { return line; });
    if (!lines.length) { return; }
    var row = el("div", "prescription-fact");
    row.appendChild(el("dt", "", label));
    var dd = el("dd");
    lines.forEach(function (line) {
      var p = el("p", line.className || "", line.text || line);
      if (line.own && data.lang) { p.lang = data.lang; p.dir = data.dir || "ltr"; }
      dd.appendChild(p);
    });
    row.appendChild(dd);
    dl.appendChild(row);
  }

  function own(text) { return text ? { text: text, own: true } : ""; }

  function render(li, data, why) {
    li.textContent = "";
    var h = el("h3", "prescription-title", data.title);
    h.lang = data.lang || ""; h.dir = data.dir || "ltr";
    li.appendChild(h);
    if (why) { li.appendChild(el("p", "prescription-why", labels.why + " " + why)); }
    if (data.summary) {
      var s = el("p", "prescription-summary", data.summary);
      s.lang = data.lang || ""; s.dir = data.dir || "ltr";
      li.appendChild(s);
    }
    var dl = el("dl", "prescription-facts");
    var next = nextText(data);
    fact(dl, labels.when, (data.schedule || []).concat([own(data.schedule_notes),
      next ? { text: labels.next + ": " + next, className: "prescription-next" } : ""]), data);
    fact(dl, labels.where, [data.venue ? { text: data.venue, className: "prescription-key" } : "", data.address,
      data.online, data.directions], data);
    fact(dl, labels.cost, [data.cost ? { text: data.cost, className: "prescription-key" } : "", data.concessions], data);
    fact(dl, labels.places, [data.places ? { text: data.places, className: "prescription-key" } : "", data.places_note], data);
    fact(dl, labels.who, [data.who], data);
    fact(dl, labels.join, [data.referral ? { text: data.referral, className: "prescription-key" } : "", own(data.how_to_join)], data);
    fact(dl, labels.first, [own(data.first_visit)], data);
    fact(dl, labels.contact, [data.phone ? { text: data.phone, className: "prescription-phone" } : "",
      own(data.contact_name), data.email], data);
    li.appendChild(dl);
    var foot = el("p", "prescription-url");
    foot.appendChild(document.createTextNode(data.url));
    if (data.checked) { foot.appendChild(document.createTextNode(" · " + labels.checked + " " + data.checked)); }
    li.appendChild(foot);
  }

  function removeButton(item) {
    var button = el("button", "button button-secondary prescription-remove", labels.remove);
    button.type = "button";
    button.setAttribute("aria-label", labels.remove + ": " + item.title);
    // Only this item goes (the others are not fetched again), and the focus moves to the
    // next item's title, the previous one's, or the "empty" message: never lost to the page.
    button.addEventListener("click", function () {
      var li = button.closest("li");
      var next = li.nextElementSibling || li.previousElementSibling;
      save(load().filter(function (other) { return other.id !== item.id; }));
      delete loaded[item.id];
      li.remove();
      updateShare();
      settle(true);
      var target = next ? next.querySelector(".prescription-title") : empty;
      target.tabIndex = -1;
      target.focus();
    });
    return button;
  }

  // ---- Handing the basket over -------------------------------------------------------
  // A link with the listings' ids (?ids=a,b) reopens the same basket on another device;
  // "Send by text" and "Send by email" open the clinician's own apps with a short message
  // (sms: and mailto: links). The site itself sends nothing and keeps nothing but this tab's
  // session storage.
  var root = document.documentElement.getAttribute("data-root") || "/";
  var ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
  var share = page.querySelector("[data-basket-share]");
  var linkField = page.querySelector("[data-basket-link]");
  var copyButton = page.querySelector("[data-basket-copy]");
  var smsLink = page.querySelector("[data-basket-sms]");
  var emailLink = page.querySelector("[data-basket-email]");
  var siteName = page.getAttribute("data-site-name") || "";
  var loaded = {}; // id → the activity's data, as fetched

  // The ids are in the address's fragment (#ids=a,b), which browsers never send to the
  // site's host: which activities someone was given stays on the two devices.
  var opened = new URLSearchParams(window.location.hash.replace(/^#/, "")).get("ids");
  if (opened !== null) {
    var have = load();
    opened.split(",").forEach(function (id) {
      // Added to what the tab already holds: opening a colleague's link loses nothing.
      if (ID.test(id) && !has(have, id) && have.length < 50) {
        have.push({ id: id, title: id, data: root + "sheets/" + id + ".json" });
      }
    });
    save(have);
    // The basket is in this tab now: a reload must not bring back what is removed later.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    count();
  }

  function shareURL(items) {
    var u = new URL(window.location.pathname, window.location.href);
    u.hash = "ids=" + items.map(function (item) { return item.id; }).join(",");
    return u.href;
  }

  // nextText is the activity's next session, worked out now from its rules (the data file's
  // own "next" was worked out when the site was built, and may have passed).
  var PT = window.signpostPlaceTime;
  var zone = document.documentElement.getAttribute("data-zone");
  function nextText(d) {
    if (!d.rules || !PT) { return d.next || ""; }
    var s = PT.next(d.rules, PT.zoneNow(zone));
    return s ? PT.dayText(s.day) + ", " + PT.clock(s.start) + "–" + PT.clock(s.end) : "";
  }

  // message is the text of the text message (short) or the email (fuller) for items.
  function message(items, full) {
    var blocks = items.map(function (item) {
      var d = loaded[item.id] || {};
      var lines = [d.title || item.title];
      if (full && d.schedule && d.schedule.length) { lines.push(labels.when + ": " + d.schedule.join("; ")); }
      var next = nextText(d);
      if (next) { lines.push(labels.next + ": " + next); }
      if (full && d.venue) { lines.push(labels.where + ": " + [d.venue, d.address].filter(Boolean).join(", ")); }
      if (full && d.cost) { lines.push(labels.cost + ": " + d.cost); }
      if (d.phone) { lines.push(labels.call + " " + d.phone); }
      if (d.url) { lines.push(d.url); }
      return lines.join("\n");
    });
    var intro = (full ? labels.email_intro : labels.sms_intro).replace("{site}", siteName);
    return intro + "\n\n" + blocks.join("\n\n") + (full ? "\n\n" + labels.email_end.replace("{site}", siteName) : "");
  }

  function updateShare() {
    var items = load();
    share.hidden = items.length === 0;
    if (!items.length) { return; }
    linkField.value = shareURL(items);
    smsLink.href = "sms:?body=" + encodeURIComponent(message(items, false));
    // A mailto: body breaks lines with CR LF (RFC 6068, section 5); a text message with LF.
    emailLink.href = "mailto:?subject=" + encodeURIComponent(labels.email_subject.replace("{site}", siteName)) +
      "&body=" + encodeURIComponent(message(items, true).replace(/\n/g, "\r\n"));
  }

  copyButton.addEventListener("click", function () {
    function selectField() { linkField.focus(); linkField.select(); status.textContent = labels.copy_select; }
    if (!navigator.clipboard) { selectField(); return; }
    navigator.clipboard.writeText(linkField.value).then(function () { status.textContent = labels.copied; }, selectField);
  });

  function show(announce) {
    var items = load();
    list.textContent = "";
    updateShare();
    items.forEach(function (item) {
      var li = el("li", "prescription-item");
      li.setAttribute("data-basket-item", item.id);
      li.appendChild(el("h3", "prescription-title", item.title));
      li.appendChild(el("p", "", labels.loading));
      list.appendChild(li);
      var remove = removeButton(item);
      window.fetch(item.data, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          render(li, data, item.why);
          if (data.title) { remove.setAttribute("aria-label", labels.remove + ": " + data.title); }
          li.appendChild(remove);
          loaded[item.id] = data;
          // A basket opened from a link knows only ids: keep the titles once known.
          var now = load();
          now.forEach(function (other) { if (other.id === item.id && data.title) { other.title = data.title; } });
          save(now);
          updateShare();
        })
        .catch(function () {
          li.textContent = "";
          li.appendChild(el("h3", "prescription-title", item.title));
          li.appendChild(el("p", "", labels.missing));
          li.appendChild(remove);
        });
    });
    settle(announce);
  }

  // settle shows the page's parts for the basket as it now is, and says how many are in it.
  function settle(announce) {
    var n = load().length;
    sheet.hidden = n === 0;
    empty.hidden = n !== 0;
    printButton.disabled = n === 0;
    clearButton.disabled = n === 0;
    if (announce) {
      status.textContent = n ? page.getAttribute("data-count-template").replace("{n}", String(n))
        : page.getAttribute("data-removed-template");
    }
    count();
  }

  printButton.addEventListener("click", function () { window.print(); });
  clearButton.addEventListener("click", function () {
    save([]);
    show(true);
    printButton.focus();
  });
  // Another tab of the same session cannot share sessionStorage, but the back button can
  // bring this page back from the cache: refresh it then.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { show(false); } });
  show(false);
})();

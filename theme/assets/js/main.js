/* signpost: small, optional enhancements. Everything works without this file.
   - a "Print this page" button (without JavaScript the page tells you to press Ctrl+P);
   - filters: reflect the chosen options in the address (?days=tue&cost=free) so a filtered
     list can be bookmarked or shared, restore them on load, and announce how many
     activities match. The filtering itself is done by CSS (css/filters.css).
   No imports, no dependencies, no network requests. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

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

    function update(announce) {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        var checked = form.querySelector("input[name='" + name + "']:checked");
        if (checked && checked.value) { params.set(name, checked.value); } else { params.delete(name); }
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(null, "", url);
      }
      var n = visible();
      if (empty) { empty.hidden = n !== 0; }
      if (live && announce) {
        live.textContent = template.replace("{n}", String(n)).replace("{total}", String(cards.length));
      }
    }

    // Restore the options named in the address.
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var value = params.get(name);
      if (value === null) { return; }
      each(form.querySelectorAll("input[name='" + name + "']"), function (input) {
        if (input.value === value) { input.checked = true; }
      });
    });

    // On a narrow screen, fold the filters away unless some are chosen, so the list comes first.
    var panel = form.querySelector("[data-filters-panel]");
    var chosen = form.querySelector("input[type=radio]:checked:not([value=''])");
    if (panel && !chosen && window.matchMedia && window.matchMedia("(max-width: 59.99em)").matches) {
      panel.open = false;
    }

    form.addEventListener("change", function () { update(true); });
    // The reset link reloads the page without options; browsers may otherwise keep them.
    update(false);
  });
})();

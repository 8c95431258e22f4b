/* signpost: the few decisions that change the page's layout, made before it is first drawn
   (inline in <head>, allowed by its hash in the page's Content-Security-Policy), so nothing
   moves once the deferred scripts run: "js" (script-only controls show, no-script notes hide),
   "has-query" (the search page will show results: its browse lists stay hidden) and
   "fold-filters" (on a narrow screen with no filter chosen, js/main.js folds the filters
   away; CSS hides them until it does). */
(function () {
  var root = document.documentElement, params = new URLSearchParams(window.location.search);
  root.classList.add("js");
  if (params.get("q") || params.get("near") || params.get("when")) { root.classList.add("has-query"); }
  // The list pages' filters (css/filters.css) and near= / when=: one of them chosen keeps the
  // filters open, so the choice shows.
  var filters = ["days", "times", "cost", "accessibility", "audience", "languages", "referral", "area", "near", "when"];
  var chosen = filters.some(function (name) { return params.get(name); });
  if (!chosen && window.matchMedia && window.matchMedia("(max-width: 59.99em)").matches) { root.classList.add("fold-filters"); }
})();

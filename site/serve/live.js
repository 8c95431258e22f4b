// signpost live preview: reloads the page after a rebuild and shows the
// check's problems over the page. Served only by `signpost serve`.
(function () {
  "use strict";
  var overlay = null;

  function showProblems(report) {
    var findings = (report.findings || []).filter(function (f) { return f.severity === "error"; });
    if (findings.length === 0) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "signpost-problems";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("aria-label", "Problems in the content");
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = findings.length === 1 ? "1 problem: showing the last good version" :
      findings.length + " problems: showing the last good version";
    overlay.appendChild(h);
    findings.forEach(function (f) {
      var item = document.createElement("div");
      item.className = "signpost-problem";
      var where = document.createElement("code");
      where.textContent = f.file ? f.file + ":" + f.line + ":" + f.column : "";
      var what = document.createElement("p");
      what.textContent = f.message + (f.suggestion ? " (did you mean \u201c" + f.suggestion + "\u201d?)" : "");
      item.appendChild(where);
      if (f.line_text) { item.appendChild(excerpt(f)); }
      item.appendChild(what);
      if (f.hint) {
        var hint = document.createElement("pre");
        hint.textContent = f.hint;
        item.appendChild(hint);
      }
      overlay.appendChild(item);
    });
  }

  // The line with the mistake, marked underneath as signpost check marks it.
  function excerpt(f) {
    var pre = document.createElement("pre");
    pre.className = "signpost-excerpt";
    var chars = Array.from(f.line_text);
    var before = chars.slice(0, Math.max(0, f.column - 1)).map(function (c) { return c === "\t" ? "\t" : " "; }).join("");
    pre.textContent = f.line + " \u2502 " + f.line_text + "\n" + " ".repeat(String(f.line).length) + " \u2502 " +
      before + "~".repeat(Math.max(1, f.length || 0));
    return pre;
  }

  function swapCSS() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.querySelectorAll('link[rel="stylesheet"]');
      var current = document.querySelectorAll('link[rel="stylesheet"]');
      if (fresh.length !== current.length) { location.reload(); return; }
      current.forEach(function (link, i) {
        link.removeAttribute("integrity");
        link.href = fresh[i].href;
      });
    }).catch(function () { location.reload(); });
  }

  var source = new EventSource("/_signpost/events");
  // Lets tests (and curious theme authors) see that the page is listening.
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-signpost-live", "connected");
  });
  source.addEventListener("problems", function (e) { showProblems(JSON.parse(e.data)); });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", swapCSS);
})();

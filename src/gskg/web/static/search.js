/* gskg header search: autocomplete from /search.json as one types.
   Keyboard: ArrowDown/ArrowUp move through the suggestions, Enter opens the chosen one (or
   submits the search page when none is chosen), Escape closes the list. WAI-ARIA combobox. */
(function () {
  "use strict";
  function init() {
    var input = document.getElementById("site-q");
    var list = document.getElementById("site-q-list");
    if (!input || !list) { return; }
    var hits = [], active = -1, timer = null, seq = 0;
    var en = document.documentElement.lang === "en";

    function close() {
      seq++;  // an answer still on its way must not open the list again
      list.hidden = true; active = -1; hits = [];
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      if (active >= 0) { input.setAttribute("aria-activedescendant", "site-q-opt" + active); }
      else { input.removeAttribute("aria-activedescendant"); }
    }
    function text(h) {
      var name = en ? (h.en || h.zh) : (h.zh || h.en);
      var other = en ? h.zh : h.en;
      var where = h.cities.length ? (en ? h.cities[0].en : h.cities[0].zh) : "";
      var cls = h.classes.length ? (en ? h.classes[0].en : h.classes[0].zh) : "";
      return [name, other && other !== name ? other : "", [cls, where].filter(Boolean).join(" · ")];
    }
    function show(data) {
      list.textContent = "";
      hits = data.hits; active = -1;
      hits.forEach(function (h, i) {
        var li = document.createElement("li");
        var parts = text(h);
        li.id = "site-q-opt" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var main = document.createElement("span");
        main.className = "name"; main.textContent = parts[0];
        li.appendChild(main);
        if (parts[1]) { var o = document.createElement("span"); o.className = "other"; o.textContent = parts[1]; li.appendChild(o); }
        if (parts[2]) { var m = document.createElement("span"); m.className = "meta"; m.textContent = parts[2]; li.appendChild(m); }
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); window.location.href = h.url; });
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    }
    function fetchHits() {
      var q = input.value;
      if (!q.trim()) { close(); return; }
      var mine = ++seq;
      fetch(input.dataset.source + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
        .then(function (data) { if (mine === seq) { show(data); list.dataset.for = q; } })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchHits, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && hits.length) {
        ev.preventDefault(); active = (active + 1) % hits.length; mark();
      } else if (ev.key === "ArrowUp" && hits.length) {
        ev.preventDefault(); active = active <= 0 ? hits.length - 1 : active - 1; mark();
      } else if (ev.key === "Enter" && active >= 0 && hits[active]) {
        ev.preventDefault(); window.location.href = hits[active].url;
      } else if (ev.key === "Escape" && !list.hidden) {
        ev.preventDefault();  // a search input would also clear its text: only close the list
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();

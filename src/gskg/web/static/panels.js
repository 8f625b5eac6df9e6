/* gskg profile panels: every column header becomes a sort button (keyboard: Tab to it,
   Enter or Space; aria-sort says the order), and a panel of more than FOLD rows shows its
   first FOLD with a "show all N" button.  Without scripts every row shows, unsorted. */
(function () {
  "use strict";
  var FOLD = 10;
  var en = document.documentElement.lang === "en";

  function text(row, i) {
    var cell = row.cells[i];
    if (!cell) { return ""; }
    var shown = cell.querySelector("summary");  // a value's quote is not what one sorts by
    return (shown || cell).textContent.replace(/\s+/g, " ").trim();
  }
  function compare(a, b) {
    var number = /^(?:[>≥<≤~约]|over|at least|at most|under|about|top|前)?\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?)/i;
    var x = number.exec(a), y = number.exec(b);
    if (x && y) {
      return parseFloat(x[1].replace(/,/g, "")) - parseFloat(y[1].replace(/,/g, "")) || a.localeCompare(b);
    }
    return a.localeCompare(b, en ? "en" : "zh-Hans-CN");
  }
  function sortBy(table, th, i) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r, s) { var c = compare(text(r, i), text(s, i)); return ascending ? c : -c; });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function sortable(table) {
    if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = en ? "Sort by this column" : "按此列排序";
      button.addEventListener("click", function () { sortBy(table, th, i); });
      th.textContent = "";
      th.appendChild(button);
    });
  }
  function fold(panel, table) {
    var n = table.tBodies ? (table.tBodies.length ? table.tBodies[0].rows.length : 0) : table.children.length;
    if (n > FOLD && location.hash && table.querySelector(location.hash.replace(/[^#\w-]/g, ""))) { return; }
    if (n <= FOLD) { return; }
    table.classList.add("folded");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "show-all";
    button.setAttribute("aria-expanded", "false");
    var more = en ? "Show all " + n : "显示全部 " + n + " 行";
    var less = en ? "Show the first " + FOLD : "只显示前 " + FOLD + " 行";
    button.textContent = more;
    button.addEventListener("click", function () {
      var folded = table.classList.toggle("folded");
      button.textContent = folded ? more : less;
      button.setAttribute("aria-expanded", folded ? "false" : "true");
    });
    table.parentNode.insertBefore(button, table.nextSibling);
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("section.panel"), function (panel) {
      var table = panel.querySelector("table.panel-table");
      if (!table) { return; }
      sortable(table);
      fold(panel, table);
    });
    // The statements of a much-connected entity: folded too (sorted already, by property).
    Array.prototype.forEach.call(document.querySelectorAll("section.statements table"), function (table) {
      fold(table.parentNode, table);
    });
    // The sources (footnotes): folded, and unfolded when a footnote mark is followed.
    var notes = document.querySelector("section.footnotes ol");
    if (notes) {
      fold(notes.parentNode, notes);
      document.addEventListener("click", function (e) {
        var a = e.target.closest && e.target.closest("sup.fn a");
        if (a && notes.classList.contains("folded")) {
          notes.parentNode.querySelector("button.show-all").click();
        }
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* gskg result views: the column conventions shared by the query page's views (after the
   Wikidata Query Service's): a column `xLabel` names the item in column `x`; numbers are
   literals with a numeric XSD datatype; a `datePrecision` (or `<date>Precision`) column says
   whether a date is known to the year, the month or the day. */
(function () {
  "use strict";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short",
                 "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger"];
  var DATES = ["dateTime", "date", "gYear", "gYearMonth"];
  var RES = "https://w3id.org/gskg/resource/";
  var en = document.documentElement.lang === "en";

  function typed(b, names) {
    return !!b && b.type !== "uri" && !!b.datatype && names.some(function (n) { return b.datatype === XSD + n; });
  }
  function columns(yasr) {
    var vars = yasr.results.getVariables(), rows = yasr.results.getBindings() || [];
    function all(v, test) {
      var seen = rows.filter(function (r) { return r[v]; });
      return seen.length > 0 && seen.every(function (r) { return test(r[v]); });
    }
    return {
      vars: vars, rows: rows,
      numeric: vars.filter(function (v) { return all(v, function (b) { return typed(b, NUMERIC); }); }),
      dates: vars.filter(function (v) { return all(v, function (b) { return typed(b, DATES); }); }),
      iris: vars.filter(function (v) { return all(v, function (b) { return b.type === "uri"; }); })
    };
  }
  // A date as it is known: "2021-05" at month precision (never 2021-05-01), from the row's
  // `<v>Precision` or `datePrecision` column; the day when no precision is given.
  var CUT = { year: 4, month: 7, day: 10 };
  function dateText(row, v, b) {
    var p = row[v + "Precision"] || row.datePrecision;
    return b.value.slice(0, CUT[p && p.value] || 10);
  }
  function text(row, v) {
    var label = row[v + "Label"];
    if (label) { return label.value; }
    var b = row[v];
    if (!b) { return ""; }
    if (b.type === "uri") { return b.value.replace(/^.*[\/#]/, ""); }
    if (typed(b, ["dateTime"])) { return dateText(row, v, b); }
    return b.value;
  }
  function href(iri) {
    if (iri.indexOf(RES) === 0 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(iri.slice(RES.length))) {
      return "/resource/" + iri.slice(RES.length);
    }
    return "/page?iri=" + encodeURIComponent(iri);
  }
  function box(yasr, label) {
    var el = document.createElement("div");
    el.className = "gskg-chart";
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", label);
    yasr.resultsEl.appendChild(el);
    return el;
  }
  // Result text as a DOM node: vis-timeline reads a string `content` or `title` as HTML,
  // and labels are text (a label "<a href=…>" is shown, not followed).
  function textEl(s) {
    var el = document.createElement("span");
    el.textContent = s;
    return el;
  }
  function register(name, Plugin) { Yasgui.Yasr.registerPlugin(name, Plugin); }
  window.gskgViews = { columns: columns, text: text, href: href, box: box, textEl: textEl, register: register,
                       tr: function (zh, enText) { return en ? enText : zh; } };
})();

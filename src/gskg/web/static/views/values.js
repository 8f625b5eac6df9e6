/* gskg result views: a value with what the text says about it, as every page writes it
   (">2 万亿元" / "more than 2 trillion yuan", "第25位" / "25th", "前10位" / "top 10"): the
   same rules as gskg.qualifiers.display in Python (tests/test_web_values_js.py holds the two
   to the same answers). Column conventions: a numeric column `value` (or `<x>Value`) is
   shown with the columns `qualifier` or `symbol` (a concept of gskg:ValueQualifiers or its
   symbol), `unit` (as the text writes it, or a gskg unit) and `upper` (an interval's end),
   or `<x>Qualifier`, `<x>Symbol`, `<x>Unit`, `<x>Upper`. The units' English names and the
   qualifiers come with the page (config.values). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("gskg-config").textContent).values || {};
  var QUALIFIERS = config.qualifiers || {};  // code → { symbol, en, local }
  var byKey = {};
  Object.keys(QUALIFIERS).forEach(function (code) {
    var q = Object.assign({ code: code }, QUALIFIERS[code]);
    byKey[code] = byKey[q.symbol] = byKey[q.local] = q;
  });
  var unitEn = {}, unitWritten = {};  // written form or unit IRI → English name; IRI → written
  (config.units || []).forEach(function (u) {
    unitEn[u.iri] = u.en;
    if (u.written) { unitEn[u.written] = u.en; unitWritten[u.iri] = u.written; }
  });
  var CHINESE = [["ten thousand ", 4], ["hundred million ", 8]];
  var WESTERN = [["trillion", 12], ["billion", 9], ["million", 6]];
  var SINGULAR = { enterprises: "enterprise", items: "item", persons: "person", copies: "copy", times: "time" };
  var PLURAL = { metre: "metres", kilometre: "kilometres", "square metre": "square metres",
                 "square kilometre": "square kilometres", minute: "minutes", hour: "hours" };
  var RANKS = ["位", "名"];

  function qualifierOf(key) {
    if (!key) { return null; }
    return byKey[key] || byKey[String(key).replace(/^.*#/, "")] || null;
  }
  /** A decimal string times 10^shift, exact (no binary rounding): "137.51", 8-9 → "13.751". */
  function shifted(text, shift) {
    var neg = text.charAt(0) === "-", body = neg ? text.slice(1) : text;
    var parts = body.split("."), digits = parts[0] + (parts[1] || ""), point = parts[0].length + shift;
    while (point > digits.length) { digits += "0"; }
    while (point < 1) { digits = "0" + digits; point += 1; }
    var out = digits.slice(0, point).replace(/^0+(?=\d)/, "") + "." + digits.slice(point);
    return (neg ? "-" : "") + out;
  }
  function plain(text) {  // "2.0" → "2", "1.50" → "1.5"
    return text.indexOf(".") >= 0 && !/e/i.test(text) ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  }
  function grouped(text) {
    var parts = text.split("."), whole = parts[0], digits = whole.replace(/^-/, "");
    if (!/^\d+$/.test(digits) || Number(digits) < 10000) { return text; }
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (parts.length > 1 ? "." + parts[1] : "");
  }
  function ordinal(text) {
    if (!/^\d+$/.test(text)) { return text; }
    var n = Number(text), last = n % 10;
    var suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th";
    return text + suffix;
  }
  function english(name) { return name ? name.replace(/\s*\(.*?\)/g, "").trim() || null : null; }
  function western(numbers, name) {
    for (var i = 0; i < CHINESE.length; i++) {
      if (name.indexOf(CHINESE[i][0]) !== 0) { continue; }
      var rest = name.slice(CHINESE[i][0].length), power = CHINESE[i][1];
      var values = numbers.map(function (n) { return Number(n) * Math.pow(10, power); });
      for (var j = 0; j < WESTERN.length; j++) {
        if (Math.min.apply(null, values) >= Math.pow(10, WESTERN[j][1])) {
          return [numbers.map(function (n) { return shifted(n, power - WESTERN[j][1]); }), WESTERN[j][0] + " " + rest];
        }
      }
      return [numbers.map(function (n) { return shifted(n, power); }), rest];
    }
    return [numbers, name];
  }
  /** The value as the reader's language writes it (gskg.qualifiers.display). */
  function display(value, unit, qualifier, upper, lang, unitName) {
    var q = qualifierOf(qualifier);
    var numbers = [String(value)].concat(upper === null || upper === undefined || upper === "" ? [] : [String(upper)]);
    unit = !unit || unit === "前N位" ? "" : unit;
    var rank = RANKS.indexOf(unit) >= 0 || (lang === "en" && english(unitName) === "rank");
    var name = lang === "en" && unit !== "" && unit !== "%" && !rank ? english(unitName) : null;
    if (name) { var w = western(numbers, name); numbers = w[0]; name = w[1]; }
    var written = numbers.map(plain), number = written.map(grouped).join("–");
    if (q && q.code === "top") { return lang === "zh" ? "前" + number + "位" : "top " + number; }
    var text;
    if (rank) {
      text = lang === "zh" ? "第" + number + (unit || "位") : written.map(ordinal).join("–");
    } else {
      if (name) { unit = number === "1" ? SINGULAR[name] || name : PLURAL[name] || name; }
      text = unit === "%" ? number + "%" : (number + " " + unit).trim();
    }
    if (!q) { return text; }
    return lang === "zh" ? q.symbol + text : q.en + " " + text;
  }

  var shown = new WeakMap();  // binding of a value cell → its text
  function column(stem, name) { return stem ? stem + name : name.toLowerCase(); }
  /** Give each value cell of the results its text (read by the table's cell renderer). */
  function annotate(yasr) {
    var c = window.gskgViews.columns(yasr), lang = document.documentElement.lang === "en" ? "en" : "zh";
    var added = false;
    c.numeric.forEach(function (v) {
      var stem = v === "value" ? "" : /.Value$/.test(v) ? v.slice(0, -5) : null;
      if (stem === null) { return; }
      var names = ["Qualifier", "Symbol", "Unit", "Upper"].map(function (n) { return column(stem, n); });
      if (!names.some(function (n) { return c.vars.indexOf(n) >= 0; })) { return; }
      c.rows.forEach(function (row) {
        var b = row[v];
        if (!b || shown.has(b)) { return; }
        var q = row[names[0]] || row[names[1]], u = row[names[2]], up = row[names[3]];
        var unit = u ? (u.type === "uri" ? unitWritten[u.value] || "" : u.value) : "";
        var name = u ? unitEn[u.value] : null;
        shown.set(b, display(b.value, unit, q && q.value, q ? null : up && up.value, lang, name));
        added = true;
      });
    });
    return added;
  }
  /** A plain number as people read it: "2500000000000.0" → "2,500,000,000,000". */
  function number(text) { return /^-?\d+(\.\d+)?$/.test(text) ? grouped(plain(text)) : text; }
  window.gskgValues = { display: display, annotate: annotate, shown: shown, number: number };
})();

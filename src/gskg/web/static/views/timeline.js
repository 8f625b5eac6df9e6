/* gskg result view: #defaultView:Timeline (vis-timeline). Each row with a date is an item:
   the first date column gives the time, `datePrecision` (or `<date>Precision`) its
   precision — a year-only date is a bar over its year, not 1 January — the first IRI
   column's `…Label` (or the first text column) the text, and a click opens that IRI's page. */
(function () {
  "use strict";
  var V = window.gskgViews;
  // Numeric axis labels (the bundled moment.js speaks English only); "zh" names a locale
  // so vis-timeline does not warn about it.
  var AXIS = {
    minorLabels: { millisecond: "SSS", second: "s", minute: "HH:mm", hour: "HH:mm", weekday: "D",
                   day: "D", week: "w", month: "M", year: "YYYY" },
    majorLabels: { millisecond: "HH:mm:ss", second: "YYYY-MM-DD HH:mm", minute: "YYYY-MM-DD",
                   hour: "YYYY-MM-DD", weekday: "YYYY-MM", day: "YYYY-MM", week: "YYYY-MM",
                   month: "YYYY", year: "" }
  };
  var LOCALES = { zh: { current: "当前", time: "时间", deleteSelected: "删除所选" },
                  en: { current: "current", time: "time", deleteSelected: "Delete selected" } };
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function span(value, precision) {
    var y = Number(value.slice(0, 4)), m = Number(value.slice(5, 7) || 1);
    if (precision === "year") { return { start: y + "-01-01", end: (y + 1) + "-01-01", text: String(y) }; }
    if (precision === "month") {
      var ny = m === 12 ? y + 1 : y, nm = m === 12 ? 1 : m + 1;
      return { start: y + "-" + pad(m) + "-01", end: ny + "-" + pad(nm) + "-01", text: y + "-" + pad(m) };
    }
    return { start: value.slice(0, 10), end: null, text: value.slice(0, 10) };
  }
  function Plugin(yasr) { this.yasr = yasr; this.priority = 4; this.label = V.tr("时间线", "Timeline"); this.timeline = null; }
  Plugin.prototype.canHandleResults = function () {
    return !!this.yasr.results && !!this.yasr.results.getBindings() && V.columns(this.yasr).dates.length > 0;
  };
  Plugin.prototype.getIcon = function () {
    var i = document.createElement("span"); i.textContent = "⏤"; i.setAttribute("aria-hidden", "true"); return i;
  };
  Plugin.prototype.draw = function () {
    var c = V.columns(this.yasr), date = c.dates[0];
    var precisionVar = c.vars.indexOf(date + "Precision") >= 0 ? date + "Precision" : "datePrecision";
    var item = c.iris[0];
    var textVar = item || c.vars.filter(function (v) { return v !== date; })[0];
    var urls = {};
    var items = c.rows.filter(function (r) { return r[date]; }).map(function (r, n) {
      var p = r[precisionVar] ? r[precisionVar].value : "day";
      var s = span(r[date].value, p), label = V.text(r, textVar);
      if (item && r[item]) { urls[n] = V.href(r[item].value); }
      var out = { id: n, content: V.textEl(label), start: s.start, title: V.textEl(s.text + " · " + label),
                  type: s.end ? "range" : "point" };
      if (s.end) { out.end = s.end; }
      return out;
    });
    var el = V.box(this.yasr, this.label);
    this.timeline = new vis.Timeline(el, items, { stack: true, zoomKey: "ctrlKey", maxHeight: 480,
      locale: document.documentElement.lang === "en" ? "en" : "zh", locales: LOCALES, format: AXIS });
    this.timeline.on("click", function (props) {
      if (props.item !== null && props.item !== undefined && urls[props.item]) { window.location.href = urls[props.item]; }
    });
  };
  Plugin.prototype.destroy = function () { if (this.timeline) { this.timeline.destroy(); this.timeline = null; } };
  V.register("timeline", Plugin);
})();

/* gskg /timeline: the dated items (embedded as JSON by the server) on a vis-timeline axis.
   A year-only date is a bar over its year, a month-only date a short bar in its month, a
   day a point; clicking an item opens its page. The list under the chart is the same data. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var box = document.getElementById("timeline-chart");
  if (!box || !window.vis || !data.items.length) { return; }
  var en = data.lang === "en";
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
  // Labels are text: vis-timeline reads a string `content` or `title` as HTML.
  function textEl(s) {
    var el = document.createElement("span");
    el.textContent = s;
    return el;
  }
  var items = data.items.map(function (it, n) {
    var label = (en ? it.en || it.zh : it.zh || it.en) || it.iri;
    var kind = data.kinds[it.kind][en ? 1 : 0];
    var item = {
      id: n, content: textEl(label), start: it.start, className: "kind-" + it.kind,
      title: textEl(it.date + " · " + kind + " · " + label), url: it.url
    };
    if (it.precision === "year") {
      item.end = it.end;
      item.type = "range";
    } else if (it.precision === "month") {
      // A month is a few pixels wide: as a bar its name was cut to a letter or two. A
      // point in the middle of the month, marked by a short bar (gskg.css), keeps it whole.
      item.start = new Date((Date.parse(it.start) + Date.parse(it.end)) / 2);
      item.type = "point";
      item.className += " precision-month";
    } else {
      item.type = "point";
    }
    return item;
  });
  var options = {
    stack: true, zoomable: true, horizontalScroll: true, zoomKey: "ctrlKey",
    locale: en ? "en" : "zh", locales: LOCALES, format: AXIS, maxHeight: 520,
    // vis-timeline measures a point before it moves the text past its (wider, month) marker:
    // the extra horizontal margin keeps the next item clear of the text.
    margin: { item: { horizontal: 20, vertical: 4 } }
  };
  // Open on the years holding most items (the server's `window`): a lone early item would
  // otherwise squeeze the busy years into a few pixels.
  if (data.window) { options.start = data.window[0]; options.end = data.window[1]; }
  var timeline = new vis.Timeline(box, new vis.DataSet(items), options);
  timeline.on("click", function (props) {
    if (props.item === null || props.item === undefined) { return; }
    window.location.href = items[props.item].url;
  });
  window.gskgTimeline = timeline;
})();

/* gskg result views: #defaultView:BarChart and #defaultView:LineChart (chart.js).
   Categories (x axis): the first column that is not numeric (its `…Label` if it has one);
   one series per numeric column. A line chart sorts its x values (dates, years). */
(function () {
  "use strict";
  var V = window.gskgViews;
  function makePlugin(type, zh, enLabel) {
    function Plugin(yasr) {
      this.yasr = yasr; this.priority = 5; this.label = V.tr(zh, enLabel); this.chart = null;
    }
    Plugin.prototype.canHandleResults = function () {
      if (!this.yasr.results || !this.yasr.results.getBindings()) { return false; }
      var c = V.columns(this.yasr);
      return c.numeric.length > 0 && c.vars.length > c.numeric.length;
    };
    Plugin.prototype.getIcon = function () {
      var i = document.createElement("span");
      i.textContent = type === "bar" ? "▮" : "∿";
      i.setAttribute("aria-hidden", "true");
      return i;
    };
    Plugin.prototype.draw = function () {
      var c = V.columns(this.yasr);
      var x = c.vars.filter(function (v) { return c.numeric.indexOf(v) < 0 && !/Label$/.test(v); })[0] ||
              c.vars.filter(function (v) { return c.numeric.indexOf(v) < 0; })[0];
      var rows = c.rows.slice();
      if (type === "line") {
        rows.sort(function (a, b) { return V.text(a, x) < V.text(b, x) ? -1 : V.text(a, x) > V.text(b, x) ? 1 : 0; });
      }
      var el = V.box(this.yasr, this.label);
      var canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", this.label + ": " + c.numeric.join(", ") + " / " + x);
      el.appendChild(canvas);
      var palette = ["#0b5cad", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#a16207"];
      this.chart = new Chart(canvas, {
        type: type,
        data: {
          labels: rows.map(function (r) { return V.text(r, x); }),
          datasets: c.numeric.map(function (v, n) {
            return { label: v, borderColor: palette[n % palette.length],
                     backgroundColor: palette[n % palette.length],
                     data: rows.map(function (r) { return r[v] ? Number(r[v].value) : null; }) };
          })
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false }
      });
    };
    Plugin.prototype.destroy = function () { if (this.chart) { this.chart.destroy(); this.chart = null; } };
    return Plugin;
  }
  V.register("barchart", makePlugin("bar", "柱状图", "Bar chart"));
  V.register("linechart", makePlugin("line", "折线图", "Line chart"));
})();

/* gskg result views: #defaultView:BarChart and #defaultView:LineChart (chart.js).
   Never a chart that mixes scales or joins unrelated things:
   - the numeric columns are values; a column `xUnit` (or `unit`) gives the unit of `xValue`
     (or `x`), a column `xBase` its value in the base unit, `baseUnit` that unit;
   - one chart per unit (each with its own axis); the base values are used only for a row
     whose values come in different units (亿元 beside 万元), and then that row is drawn in
     the base unit's chart;
   - bar chart: categories = the first text column (its `…Label` if it has one), one series
     per value column;
   - line chart: one series per category and value column (an indicator's values over its
     periods: the `xPeriod` column, else `period`/`date`/`year`), never a line from one
     indicator to the next.
   `gskgViews.chartPlan(columns, type)` returns the charts as plain data (tests read it). */
(function () {
  "use strict";
  var V = window.gskgViews;
  var PALETTE = ["#0b5cad", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#a16207"];

  function stem(v) { return v.replace(/(Value|Base)$/, ""); }
  function pick(vars, names) { return names.filter(function (n) { return vars.indexOf(n) >= 0; })[0] || null; }

  function roles(c) {
    var vars = c.vars;
    var base = c.numeric.filter(function (v) { return /Base$/.test(v) || v === "baseValue"; });
    var values = c.numeric.filter(function (v) { return base.indexOf(v) < 0; });
    var side = function (v, suffixes) {
      return pick(vars, suffixes.map(function (s) { return stem(v) + s; })) ||
             pick(vars, suffixes.map(function (s) { return s.charAt(0).toLowerCase() + s.slice(1); }));
    };
    var text = vars.filter(function (v) {
      return c.numeric.indexOf(v) < 0 && !/Label$|Unit$|^unit$|Period$|^period$|Source$|Measures$|Symbol$/.test(v);
    });
    return {
      values: values,
      unit: function (v) { return side(v, ["Unit"]); },
      base: function (v) { return pick(vars, [stem(v) + "Base"]); },
      symbol: function (v) { return pick(vars, [stem(v) + "Symbol"]); },
      period: function (v) { return side(v, ["Period", "Date", "Year"]) || pick(vars, ["period", "date", "year"]); },
      baseUnit: pick(vars, ["baseUnit"]),
      x: text[0] || vars.filter(function (v) { return c.numeric.indexOf(v) < 0; })[0]
    };
  }

  function val(r, v) { return r[v] ? r[v].value : ""; }

  /* The charts to draw: [{unit, labels, datasets: [{label, data}]}], one per unit. */
  function chartPlan(c, type) {
    var R = roles(c), charts = {}, order = [];
    function chart(unit) {
      if (!charts[unit]) { charts[unit] = { unit: unit, labels: [], series: {}, symbols: {} }; order.push(unit); }
      return charts[unit];
    }
    c.rows.forEach(function (r) {
      var units = R.values.map(function (v) { return R.unit(v) ? val(r, R.unit(v)) : ""; });
      var mixed = units.some(function (u) { return u !== units[0]; });
      R.values.forEach(function (v, n) {
        if (!r[v]) { return; }
        var number = Number(r[v].value), unit = units[n];
        if (mixed && R.base(v) && r[R.base(v)]) {  // different units in one row: base values
          number = Number(r[R.base(v)].value);
          unit = R.baseUnit && r[R.baseUnit] ? V.text(r, R.baseUnit) : "";
        }
        var ch = chart(unit), category = V.text(r, R.x);
        var when = type === "line" ? R.period(v) : null;
        var x = when && when !== R.x ? val(r, when) || "—" : category;
        // a line follows one indicator over time; when x itself is the time, one per column
        var name = when && when !== R.x ? category + " · " + stem(v) : stem(v);
        if (ch.labels.indexOf(x) < 0) { ch.labels.push(x); }
        (ch.series[name] = ch.series[name] || {}) [x] = number;
        // what the text says about the value (> for 过 …), shown in the tooltip
        (ch.symbols[name] = ch.symbols[name] || {}) [x] = R.symbol(v) ? val(r, R.symbol(v)) : "";
      });
    });
    return order.map(function (u) {
      var ch = charts[u];
      if (type === "line") { ch.labels.sort(); }
      return {
        unit: u, labels: ch.labels,
        datasets: Object.keys(ch.series).map(function (name) {
          return { label: name, data: ch.labels.map(function (x) {
            return ch.series[name][x] === undefined ? null : ch.series[name][x]; }),
            symbols: ch.labels.map(function (x) { return ch.symbols[name][x] || ""; }) };
        })
      };
    });
  }

  function makePlugin(type, zh, enLabel) {
    function Plugin(yasr) {
      this.yasr = yasr; this.priority = 5; this.label = V.tr(zh, enLabel); this.charts = [];
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
      var self = this, el = V.box(this.yasr, this.label);
      el.classList.add("gskg-charts");  // one figure per unit, each of its own height
      chartPlan(V.columns(this.yasr), type).forEach(function (plan) {
        var fig = document.createElement("figure"), cap = document.createElement("figcaption");
        cap.textContent = V.tr("单位", "Unit") + ": " + (plan.unit || "—");
        var canvas = document.createElement("canvas");
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", self.label + " (" + (plan.unit || "—") + "): " +
          plan.datasets.map(function (d) { return d.label; }).join(", "));
        fig.appendChild(cap); fig.appendChild(canvas); el.appendChild(fig);
        self.charts.push(new Chart(canvas, {
          type: type,
          data: {
            labels: plan.labels,
            datasets: plan.datasets.map(function (d, n) {
              var colour = PALETTE[n % PALETTE.length];
              return { label: d.label, data: d.data, symbols: d.symbols, borderColor: colour,
                       backgroundColor: colour, spanGaps: false, pointRadius: 4 };
            })
          },
          options: { responsive: true, maintainAspectRatio: false, animation: false,
            plugins: { tooltip: { callbacks: { label: function (ctx) {
              var s = ctx.dataset.symbols[ctx.dataIndex];
              var q = s === "top" ? V.tr("前", "top ") : s;
              return ctx.dataset.label + ": " + q + ctx.formattedValue + (plan.unit ? " " + plan.unit : "");
            } } } } }
        }));
      });
    };
    Plugin.prototype.destroy = function () {
      this.charts.forEach(function (ch) { ch.destroy(); });
      this.charts = [];
    };
    return Plugin;
  }
  V.chartPlan = chartPlan;
  V.register("barchart", makePlugin("bar", "柱状图", "Bar chart"));
  V.register("linechart", makePlugin("line", "折线图", "Line chart"));
})();

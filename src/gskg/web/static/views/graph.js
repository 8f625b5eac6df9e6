/* gskg result view: #defaultView:Graph (vis-network). Every resource IRI in a row is a node
   (named by its `…Label` column); each row links its first resource to the row's other
   resources (or to `?linkTo` when the query has that column, as in the Wikidata Query
   Service). A click on a node opens its page. */
(function () {
  "use strict";
  var V = window.gskgViews;
  var RES = "https://w3id.org/gskg/resource/";
  function resources(c) {
    return c.vars.filter(function (v) {
      return c.rows.some(function (r) { return r[v] && r[v].type === "uri" && r[v].value.indexOf(RES) === 0; });
    });
  }
  function Plugin(yasr) { this.yasr = yasr; this.priority = 3; this.label = V.tr("关系图", "Graph"); this.network = null; }
  Plugin.prototype.canHandleResults = function () {
    return !!this.yasr.results && !!this.yasr.results.getBindings() && resources(V.columns(this.yasr)).length > 0;
  };
  Plugin.prototype.getIcon = function () {
    var i = document.createElement("span"); i.textContent = "☍"; i.setAttribute("aria-hidden", "true"); return i;
  };
  Plugin.prototype.draw = function () {
    var c = V.columns(this.yasr), cols = resources(c), nodes = {}, edges = {};
    var first = cols[0], others = c.vars.indexOf("linkTo") >= 0 ? ["linkTo"] : cols.slice(1);
    c.rows.forEach(function (r) {
      cols.concat(others).forEach(function (v, n) {
        var b = r[v];
        if (b && b.type === "uri" && b.value.indexOf(RES) === 0 && !nodes[b.value]) {
          nodes[b.value] = { id: b.value, label: V.text(r, v), group: v, shape: "dot", size: 10 };
        }
      });
      if (!r[first] || r[first].type !== "uri") { return; }
      others.forEach(function (v) {
        if (r[v] && nodes[r[v].value] && r[v].value !== r[first].value) {
          edges[r[first].value + " " + r[v].value] = { from: r[first].value, to: r[v].value };
        }
      });
    });
    var el = V.box(this.yasr, this.label);
    this.network = new vis.Network(el, { nodes: Object.keys(nodes).map(function (k) { return nodes[k]; }),
                                         edges: Object.keys(edges).map(function (k) { return edges[k]; }) },
                                   { physics: { stabilization: { iterations: 120 } } });
    this.network.on("click", function (p) { if (p.nodes.length) { window.location.href = V.href(p.nodes[0]); } });
  };
  Plugin.prototype.destroy = function () { if (this.network) { this.network.destroy(); this.network = null; } };
  V.register("graph", Plugin);
})();

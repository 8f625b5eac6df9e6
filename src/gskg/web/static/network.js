/* gskg /network: the ties (embedded as JSON by the server) drawn with vis-network, nodes
   coloured by class group; a click on a node opens its page. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var box = document.getElementById("network-chart");
  if (!box || !window.vis || !data.nodes.length) { return; }
  var en = data.lang === "en";
  function name(n) { return (en ? n.en || n.zh : n.zh || n.en) || n.iri; }
  var urls = {}, degree = {};
  data.edges.forEach(function (e) { degree[e.s] = (degree[e.s] || 0) + 1; degree[e.o] = (degree[e.o] || 0) + 1; });
  // The overview names its hubs only (a leaf's name shows on hover and in the table below):
  // with every name drawn, the busy middle is unreadable.
  var overview = !data.focus && data.nodes.length > 40;
  var nodes = data.nodes.map(function (n) {
    urls[n.iri] = n.url;
    var group = data.groups[n.group] || data.groups.Other;
    var label = name(n), hub = (degree[n.iri] || 0) >= 3;
    var shown = label.length > 18 ? label.slice(0, 17) + "…" : label;
    return {
      id: n.iri, label: overview && !hub ? undefined : shown,
      title: label + " · " + group[en ? 1 : 0],
      color: { background: group[2], border: group[2] },
      font: { color: "#1f2328", size: overview ? 24 : 15, strokeWidth: 4, strokeColor: "#ffffff" },
      shape: group[3] || "dot", size: n.iri === data.focus ? 18 : hub ? 12 : 8
    };
  });
  var edges = data.edges.map(function (e) {
    var rel = data.relations[e.p][en ? 1 : 0];
    return { from: e.s, to: e.o, title: rel, arrows: e.p === "cooperatesWith" ? "" : "to",
             color: { color: "#9aa5b1" } };
  });
  var network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
    physics: { stabilization: { iterations: nodes.length > 300 ? 60 : 150 },
               barnesHut: { springLength: 90, centralGravity: 0.9, avoidOverlap: 0.2 } },
    layout: { improvedLayout: nodes.length <= 150 },  // its cost grows fast with the nodes
    interaction: { hover: true, tooltipDelay: 150 }
  });
  network.on("click", function (params) {
    if (params.nodes.length && urls[params.nodes[0]]) { window.location.href = urls[params.nodes[0]]; }
  });
  network.once("stabilizationIterationsDone", function () { box.dataset.stable = "1"; });
  window.gskgNetwork = network;
})();

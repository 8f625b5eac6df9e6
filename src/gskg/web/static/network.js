/* gskg /network: the ties (embedded as JSON by the server) drawn with vis-network, nodes
   coloured by class group; a click on a node opens its page. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var box = document.getElementById("network-chart");
  if (!box || !window.vis || !data.nodes.length) { return; }
  var en = data.lang === "en";
  function name(n) { return (en ? n.en || n.zh : n.zh || n.en) || n.iri; }
  var urls = {};
  var nodes = data.nodes.map(function (n) {
    urls[n.iri] = n.url;
    var group = data.groups[n.group] || data.groups.Other;
    var label = name(n);
    return {
      id: n.iri, label: label.length > 16 ? label.slice(0, 15) + "…" : label,
      title: label + " · " + group[en ? 1 : 0],
      color: { background: group[2], border: group[2] },
      font: { color: "#1f2328" }, shape: "dot", size: n.iri === data.focus ? 18 : 9
    };
  });
  var edges = data.edges.map(function (e) {
    var rel = data.relations[e.p][en ? 1 : 0];
    return { from: e.s, to: e.o, title: rel, arrows: e.p === "cooperatesWith" ? "" : "to",
             color: { color: "#9aa5b1" } };
  });
  var network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
    physics: { stabilization: { iterations: nodes.length > 300 ? 60 : 150 }, barnesHut: { springLength: 110 } },
    layout: { improvedLayout: nodes.length <= 150 },  // its cost grows fast with the nodes
    interaction: { hover: true, tooltipDelay: 150 }
  });
  network.on("click", function (params) {
    if (params.nodes.length && urls[params.nodes[0]]) { window.location.href = urls[params.nodes[0]]; }
  });
  network.once("stabilizationIterationsDone", function () { box.dataset.stable = "1"; });
  window.gskgNetwork = network;
})();

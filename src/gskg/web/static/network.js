/* gskg /network: the ties (embedded as JSON by the server) drawn with vis-network, nodes
   coloured by class group; a click on a node opens its page.  The overview (no focus, many
   nodes) opens grouped: the cities stay, every other node sits in the cluster of its group
   (data.clusters); a cluster opens on a click, or by its button (keyboard) above. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var box = document.getElementById("network-chart");
  if (!box || !window.vis || !data.nodes.length) { return; }
  var en = data.lang === "en";
  function name(n) { return (en ? n.en || n.zh : n.zh || n.en) || n.iri; }
  var urls = {}, degree = {}, labels = {}, kept = {};
  (data.kept || []).forEach(function (iri) { kept[iri] = true; });
  data.edges.forEach(function (e) { degree[e.s] = (degree[e.s] || 0) + 1; degree[e.o] = (degree[e.o] || 0) + 1; });
  // The overview names its hubs only (a leaf's name shows on hover, in the table below, and
  // when its cluster is opened): with every name drawn, the busy middle is unreadable.
  var overview = !data.focus && data.nodes.length > 40;
  var grouped = (data.clusters || []).length > 0;
  // The grouped picture is fitted to its box: a narrow box shrinks it, so its names start larger.
  var fontSize = overview ? (grouped ? (box.clientWidth < 600 ? 44 : 20) : 24) : 15;
  var nodes = data.nodes.map(function (n) {
    urls[n.iri] = n.url;
    var group = data.groups[n.group] || data.groups.Other;
    var label = name(n), hub = (degree[n.iri] || 0) >= 3 || kept[n.iri];
    labels[n.iri] = label.length > 18 ? label.slice(0, 17) + "…" : label;
    return {
      id: n.iri, label: overview && !hub ? undefined : labels[n.iri], groupKey: n.group,
      title: label + " · " + group[en ? 1 : 0],
      color: { background: group[2], border: group[2] },
      font: { color: "#1f2328", size: fontSize, strokeWidth: 4, strokeColor: "#ffffff" },
      shape: group[3] || "dot", size: n.iri === data.focus ? 18 : hub ? 12 : 8
    };
  });
  var edges = data.edges.map(function (e) {
    var rel = data.relations[e.p][en ? 1 : 0];
    return { from: e.s, to: e.o, title: rel, arrows: e.p === "cooperatesWith" ? "" : "to",
             color: { color: "#9aa5b1" } };
  });
  // Closed clusters are few and large: they need room (long springs, more repulsion); the
  // nodes of an opened one sit close, as in the ungrouped picture.
  var SPREAD = { gravitationalConstant: -12000, springLength: 200, centralGravity: 0.3, avoidOverlap: 1 };
  var CLOSE = { gravitationalConstant: -2000, springLength: 90, centralGravity: 0.9, avoidOverlap: 0.2 };
  var nodeSet = new vis.DataSet(nodes);
  var network = new vis.Network(box, { nodes: nodeSet, edges: new vis.DataSet(edges) }, {
    // Grouped, a few large clusters need room between them: longer springs, more repulsion.
    physics: { stabilization: { iterations: nodes.length > 300 ? 60 : 150 },
               barnesHut: grouped ? SPREAD : CLOSE },
    layout: { improvedLayout: nodes.length <= 150 },  // its cost grows fast with the nodes
    interaction: { hover: true, tooltipDelay: 150 }
  });

  // -- the overview's clusters ------------------------------------------------------------
  var clusters = {}, buttons = {};
  (data.clusters || []).forEach(function (c) { clusters[c.id] = c; });
  function closed(id) {  // is the cluster drawn? (an opened one is no node any more)
    return Boolean(network.body.nodes[id]) && network.isCluster(id);
  }
  function close(c) {
    var group = data.groups[c.group] || data.groups.Other;
    network.cluster({
      joinCondition: function (n) { return n.groupKey === c.group && !kept[n.id]; },
      clusterNodeProperties: {
        id: c.id, label: group[en ? 1 : 0] + " (" + c.count + ")", shape: group[3] || "dot",
        title: group[en ? 1 : 0] + " (" + c.count + ")",
        color: { background: group[2], border: group[2] }, size: 14 + Math.min(16, Math.sqrt(c.count) * 2),
        font: { color: "#1f2328", size: fontSize, strokeWidth: 4, strokeColor: "#ffffff" }
      }
    });
    c.open = false;
    state();
  }
  function open(c) {
    if (closed(c.id)) { network.openCluster(c.id); }
    c.open = true;
    // The nodes of a small cluster are named once opened (a large one's names would cover
    // each other: its hubs are named, the others keep their hover title).
    var inside = nodes.filter(function (n) { return n.groupKey === c.group && !kept[n.id]; });
    if (inside.length <= 40) {
      nodeSet.update(inside.map(function (n) { return { id: n.id, label: labels[n.id] }; }));
    }
    state();
    settle(inside.map(function (n) { return n.id; }));
  }
  function settle(show) {  // lay the picture out again; show `show` (node ids) or all of it
    var opened = Object.keys(clusters).some(function (id) { return clusters[id].open; });
    network.setOptions({ physics: { barnesHut: opened ? CLOSE : SPREAD } });
    delete box.dataset.settled;
    network.once("stabilized", function () {
      network.fit(show ? { nodes: show, animation: false } : { animation: false });
      box.dataset.settled = "1";  // laid out again: nodes stay where they are drawn
    });
    network.stabilize(120);
  }
  function state() {
    var closed = 0;
    Object.keys(clusters).forEach(function (id) {
      if (!clusters[id].open) { closed += 1; }
      if (buttons[id]) { buttons[id].setAttribute("aria-expanded", String(!!clusters[id].open)); }
    });
    if (buttons[""]) { buttons[""].setAttribute("aria-expanded", String(!closed)); }
    box.dataset.visible = String(network.body.nodeIndices.length);
    box.dataset.closed = String(closed);
  }
  var controls = document.getElementById("network-clusters");
  if (controls && Object.keys(clusters).length) {
    controls.querySelectorAll("button[data-cluster]").forEach(function (b) {
      var id = b.dataset.cluster;
      buttons[id] = b;
      b.addEventListener("click", function () {
        if (id === "") {  // expand all (or, when all are open, group again)
          var all = b.getAttribute("aria-expanded") === "true";
          Object.keys(clusters).forEach(function (k) {
            if (all) { close(clusters[k]); } else if (!clusters[k].open) { open(clusters[k]); }
          });
          settle();
        } else if (clusters[id].open) { close(clusters[id]); settle(); } else { open(clusters[id]); }
      });
    });
    Object.keys(clusters).forEach(function (id) { close(clusters[id]); });
    controls.hidden = false;
    settle();
  }
  state();

  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    var id = params.nodes[0];
    if (clusters[id] && closed(id)) { open(clusters[id]); return; }
    if (urls[id]) { window.location.href = urls[id]; }
  });
  network.once("stabilizationIterationsDone", function () { box.dataset.stable = "1"; });
  window.gskgNetwork = network;
})();

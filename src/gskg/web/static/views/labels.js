/* gskg result views: values as people read them. After a query answers, the labels of the
   gskg resources and terms in the results are asked of this endpoint (one SELECT); every
   view then names a resource by its label in the page's language (the other language when it
   has none) and links it to its page here, not to https://w3id.org/…. The table shows a
   number as people read it ("6", not "6"^^xsd:decimal; 2,500,000,000,000), a date at its
   day, and a text marked with its language (lang="zh", the tag in its tooltip, never "@zh"). */
(function () {
  "use strict";
  var V = window.gskgViews;
  var RES = "https://w3id.org/gskg/resource/", GSKG = "https://w3id.org/gskg/ontology#";
  var RDFS = "http://www.w3.org/2000/01/rdf-schema#";
  // Vocabularies defined elsewhere: their terms link out to their definition (as on the pages).
  var OUTSIDE = /^https?:\/\/(www\.w3\.org\/|purl\.org\/|schema\.org\/|rdfs\.org\/ns\/void#|xmlns\.com\/foaf\/|qudt\.org\/)/;
  var en = document.documentElement.lang === "en";
  var labels = {};  // IRI → { zh, en }
  var HAN = /[\u3400-\u9fff]/;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  /** The label of an IRI in the page's language, or null: { text, lang }. */
  function label(iri) {
    var l = labels[iri];
    if (!l) { return null; }
    var first = en ? l.en : l.zh, second = en ? l.zh : l.en;
    if (first) { return { text: first, lang: en ? "en" : "zh" }; }
    if (second) { return { text: second, lang: en ? "zh" : "en" }; }
    return null;
  }
  var localHref = V.href;
  V.href = function (iri) { return OUTSIDE.test(iri) ? iri : localHref(iri); };
  var plainText = V.text;
  // The query's own `xLabel` column wins, unless it is in the other language and the graph
  // names the resource in the page's language (the examples ask for the Chinese labels).
  V.text = function (row, v) {
    var b = row[v], given = row[v + "Label"], l = b && b.type === "uri" ? label(b.value) : null;
    var page = en ? "en" : "zh", tag = given && (given["xml:lang"] || "").slice(0, 2);
    if (given && (!tag || tag === page || !l || l.lang !== page)) { return plainText(row, v); }
    return l ? l.text : plainText(row, v);
  };
  V.label = label;

  function curie(iri, prefixes) {
    for (var p in prefixes || {}) {
      if (iri.indexOf(prefixes[p]) === 0 && iri.length > prefixes[p].length) { return p + ":" + iri.slice(prefixes[p].length); }
    }
    return iri;
  }
  function langOf(text) { return HAN.test(text) ? "zh" : null; }
  function literal(b) {
    var value = b.value, dt = b.datatype || "", tag = b["xml:lang"];
    if (/#dateTime$/.test(dt) && /T00:00:00(\.0+)?Z?$/.test(value)) { value = value.slice(0, 10); }
    // A text in the language it is written in (its tag in the tooltip, not shown as "@zh").
    if (tag) {
      return "<span lang='" + esc(tag) + "' title='" + esc(V.tr("语言", "language")) + ": " + esc(tag) + "'>" +
        esc(value) + "</span>";
    }
    // A number as people read it: 2,500,000,000,000 (views/values.js), the exact form in the tooltip.
    if (/#(decimal|integer|int|long|double|float)$/.test(dt) && window.gskgValues) {
      var shown = window.gskgValues.number(value);
      return shown === value ? esc(value) : "<span title='" + esc(value) + "'>" + esc(shown) + "</span>";
    }
    var lang = langOf(value);
    return lang ? "<span lang='zh'>" + esc(value) + "</span>" : esc(value);
  }
  function cell(b, prefixes) {
    var shown = window.gskgValues && window.gskgValues.shown.get(b);  // views/values.js
    if (shown) { return (HAN.test(shown) ? "<span lang='zh'>" : "<span>") + esc(shown) + "</span>"; }
    if (b.type === "uri") {
      var l = label(b.value), href = V.href(b.value), out = OUTSIDE.test(b.value);
      var text = l ? "<span lang='" + l.lang + "'>" + esc(l.text) + "</span>" : esc(curie(b.value, prefixes));
      return "<a class='iri" + (out ? " ext" : "") + "' href='" + esc(href) + "' title='" + esc(b.value) + "'" +
        (out ? " rel='noopener'" : "") + ">" + text + "</a>";
    }
    if (b.type === "bnode") { return "_:" + esc(b.value); }
    return literal(b);
  }
  var Table = Yasgui.Yasr.plugins.table;
  if (Table && Table.prototype.getCellContent) {
    Table.prototype.getCellContent = function (b, prefixes) {
      return "<div><span" + (b.type === "uri" ? "" : " class='nonIri'") + ">" + cell(b, prefixes) + "</span></div>";
    };
  }

  /** Ask this endpoint for the labels of the results' gskg IRIs, then redraw the view. */
  function fetchLabels(yasr, endpoint) {
    var rows = (yasr.results && yasr.results.getBindings && yasr.results.getBindings()) || [];
    var wanted = {};
    rows.forEach(function (r) {
      Object.keys(r).forEach(function (k) {
        var b = r[k];
        if (b && b.type === "uri" && (b.value.indexOf(RES) === 0 || b.value.indexOf(GSKG) === 0) &&
            !labels[b.value] && /^[^\s<>"{}|\\^`]+$/.test(b.value)) { wanted[b.value] = true; }
      });
    });
    var iris = Object.keys(wanted).slice(0, 2000);
    if (!iris.length) { return; }
    var query = "SELECT ?s ?l WHERE { VALUES ?s { " + iris.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } ?s <" + RDFS + "label> ?l }";
    var body = new URLSearchParams({ query: query });
    fetch(endpoint, { method: "POST", body: body, headers: { Accept: "application/sparql-results+json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) {
        if (!json) { return; }
        iris.forEach(function (i) { labels[i] = labels[i] || {}; });
        json.results.bindings.forEach(function (b) {
          var tag = (b.l["xml:lang"] || "").slice(0, 2), l = labels[b.s.value];
          if ((tag === "zh" || tag === "en") && !l[tag]) { l[tag] = b.l.value; }
        });
        yasr.refresh();
      })
      .catch(function () { /* names stay IRIs: the results are still shown */ });
  }
  window.gskgLabels = { fetch: fetchLabels, cell: cell, labels: labels };
})();

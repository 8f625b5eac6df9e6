/* gskg query page: YASGUI on this endpoint, prefixes filled in, example queries one click away.
   A query picks its result view with a comment line, as on the Wikidata Query Service:
   `#defaultView:Table|BarChart|LineChart|Timeline|Graph` (the views are in views/*.js); the
   buttons above the results switch views. Loaded as a file (no inline script) so the
   Content-Security-Policy can forbid inline code; nothing is fetched from another host. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("gskg-config").textContent);
  var en = document.documentElement.lang === "en";
  function tr(zh, enText) { return en ? enText : zh; }
  var VIEWS = { table: "table", barchart: "barchart", linechart: "linechart", timeline: "timeline", graph: "graph" };

  /** The YASR plugin a query's `#defaultView:Name` comment asks for (else the table). */
  function defaultView(query) {
    var m = /^\s*#\s*defaultView\s*:\s*([A-Za-z]+)/m.exec(query || "");
    return (m && VIEWS[m[1].toLowerCase()]) || "table";
  }
  // The result table's own words (DataTables) in the page's language.
  var TABLE = Yasgui.Yasr.plugins.table;
  if (TABLE && TABLE.defaults && TABLE.defaults.tableConfig && !en) {
    TABLE.defaults.tableConfig.language = Object.assign({}, TABLE.defaults.tableConfig.language, {
      info: "第 _START_ 至 _END_ 条,共 _TOTAL_ 条", infoEmpty: "没有结果", infoFiltered: "(从 _MAX_ 条中筛选)",
      zeroRecords: "没有符合的结果", emptyTable: "没有结果", lengthMenu: "每页 _MENU_ 条",
      aria: { orderable: ":点击排序", orderableReverse: ":点击反向排序", orderableRemove: ":点击取消排序",
              paginate: { first: "首页", last: "末页", next: "下一页", previous: "上一页", number: "" } }
    });
  }
  /* YASR's words (its chips and switches), said in Chinese on a Chinese page. */
  var WORDS = { "Simple view": "简洁视图", "Ellipse": "省略长文本", "Page size: ": "每页行数:" };
  function translate() {
    if (en) { return; }
    document.querySelectorAll(".yasr .switch .label, .yasr .pageSizerLabel").forEach(function (el) {
      var zh = WORDS[el.textContent] || WORDS[el.textContent + " "];
      if (zh) { el.textContent = zh; }
    });
    document.querySelectorAll(".yasr input.tableFilter").forEach(function (i) {
      if (i.placeholder !== "筛选结果") { i.placeholder = "筛选结果"; i.setAttribute("aria-label", "筛选结果"); }
    });
    document.querySelectorAll(".yasr .yasr_response_chip").forEach(function (chip) {
      var m = /^(?:(\d+) results?)?(?:Response)?(?: in ([\d.]+) seconds?)?$/.exec(chip.textContent.trim());
      if (m && (m[1] || m[2])) {
        chip.textContent = (m[1] ? m[1] + " 条结果" : "响应") + (m[2] ? ",用时 " + m[2] + " 秒" : "");
      }
    });
  }
  // Only the local completer: the others ask LOV and prefix.cc, i.e. other hosts. (The
  // editor's config is merged into these defaults index by index, so they are set here.)
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    tabName: tr("查询", "Query"),
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    yasqe: { value: config.query, autocompleters: ["variables"] },
    yasr: { defaultPlugin: "table", prefixes: config.prefixes,
            pluginOrder: ["table", "barchart", "linechart", "timeline", "graph", "response"] }
  });
  window.gskgYasgui = yasgui;
  window.gskgDefaultView = defaultView;
  yasgui.on("query", function (instance, tab) {
    tab.getYasr().selectPlugin(defaultView(tab.getQuery()));
  });
  // Names of the resources in the results, in the page's language (views/labels.js).
  // After each drawing of new results: fetch the labels not yet known, then draw again.
  yasgui.on("queryResponse", function (instance, tab) {
    var yasr = tab.getYasr();
    if (!window.gskgLabels || yasr.gskgLabels) { return; }
    yasr.gskgLabels = true;
    // Values with their qualifier and unit (views/values.js): given before each drawing,
    // and once more after the first, which may have begun before this handler ran.
    yasr.on("draw", function () { if (window.gskgValues) { window.gskgValues.annotate(yasr); } });
    yasr.on("drawn", function () {
      if (window.gskgValues && window.gskgValues.annotate(yasr)) { yasr.refresh(); return; }
      window.gskgLabels.fetch(yasr, config.endpoint);
    });
  });

  /* Accessibility repairs of the vendored widgets (axe-core): names for the editor's inputs,
     and a tab list whose children are tabs. */
  function label(el, text) { if (el && !el.getAttribute("aria-label")) { el.setAttribute("aria-label", text); } }
  var BUILTIN = { table: tr("表格", "Table"), response: tr("原始响应", "Response") };
  function repair() {
    release();
    translate();
    Object.keys(BUILTIN).forEach(function (name) {
      document.querySelectorAll(".yasr .select_" + name + " span").forEach(function (span) {
        if (span.textContent !== BUILTIN[name]) { span.textContent = BUILTIN[name]; }
      });
    });
    // A view button's name is its visible text (YASR's is "Shows … view", in English).
    document.querySelectorAll(".yasr .yasr_btnGroup button").forEach(function (button) {
      var text = button.textContent.trim();
      if (button.getAttribute("aria-label") !== text) { button.setAttribute("aria-label", text); button.title = text; }
    });
    document.querySelectorAll(".yasqe textarea").forEach(function (t) { label(t, tr("SPARQL 查询编辑器", "SPARQL query editor")); });
    document.querySelectorAll(".yasgui .tab input").forEach(function (i) { label(i, tr("标签页名称", "Tab name")); });
    document.querySelectorAll(".yasgui input").forEach(function (i) { label(i, i.placeholder || tr("端点", "Endpoint")); });
    // Regions that scroll (a wide result table; the editor at 375 px) take the keyboard focus.
    document.querySelectorAll(".yasr .yasr_results, .yasqe .CodeMirror-scroll").forEach(function (el) {
      if (el.getAttribute("tabindex") !== "0") { el.setAttribute("tabindex", "0"); }
    });
    var results = document.querySelector(".yasr .yasr_results");
    if (results && !results.getAttribute("role")) {
      results.setAttribute("role", "region");
      results.setAttribute("aria-label", tr("查询结果", "Query results"));
    }
    document.querySelectorAll(".yasr select.tableSizer").forEach(function (s) { label(s, tr("每页行数", "Rows per page")); });
    // YASR's help links are named in English ("View documentation of …").
    document.querySelectorAll(".yasr a.yasr_btn, .yasr .yasr_external_ref_btn").forEach(function (a) {
      var text = tr("结果视图说明", "About the result views");
      if (a.getAttribute("aria-label") !== text) { a.setAttribute("aria-label", text); a.title = text; }
    });
    // The "+" (new tab) button sits in the tab list, whose children must all be tabs.
    document.querySelectorAll(".yasgui [role=tablist] button.addTab").forEach(function (add) {
      add.setAttribute("role", "tab");
      add.setAttribute("aria-selected", "false");
    });
  }
  // Tab and Shift-Tab leave the editor (CodeMirror would indent): no keyboard trap.
  function release() {
    var tab = yasgui.getTab(), yasqe = tab && tab.getYasqe(), keys = yasqe && yasqe.getOption("extraKeys");
    if (keys && keys.Tab !== false) {
      yasqe.setOption("extraKeys", Object.assign({}, keys, { Tab: false, "Shift-Tab": false }));
    }
  }
  repair();
  new MutationObserver(repair).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  var buttons = document.querySelectorAll("button.example");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.index)];
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      tab.query();
    });
  });
  var download = document.getElementById("download");
  if (download) {
    download.addEventListener("submit", function () {
      download.querySelector("input[name=query]").value = yasgui.getTab().getQuery();
    });
  }
})();

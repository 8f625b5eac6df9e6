/* gskg query page: YASGUI on this endpoint, prefixes filled in, example queries one click away.
   Loaded as a file (no inline script) so the Content-Security-Policy can forbid inline code. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("gskg-config").textContent);
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    yasqe: { value: config.query, autocompleters: ["prefixes", "variables"] },
    yasr: { defaultPlugin: "table", prefixes: config.prefixes }
  });
  window.gskgYasgui = yasgui;
  var buttons = document.querySelectorAll("button.example");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.index)];
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      tab.query();
    });
  });
})();

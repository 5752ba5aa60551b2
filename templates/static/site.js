// Small, optional helpers; every page works without them: the name filters (they work from file:// too),
// the header search box from file://, and remembering 长者模式 (large type) between pages.
(function () {
  "use strict";
  function normalise(text) { return (text || "").toLowerCase().replace(/\s+/g, ""); }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var rows = document.querySelectorAll(input.getAttribute("data-filter"));
    var scope = input.closest("section, main");
    var empty = scope ? scope.querySelector(".no-match") : null;
    input.addEventListener("input", function () {
      var query = normalise(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var match = !query || normalise(row.getAttribute("data-name") || row.textContent).indexOf(query) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (empty) { empty.hidden = shown !== 0; }
    });
  });
  var form = document.querySelector("form.search");
  if (form && location.protocol === "file:") {
    form.addEventListener("submit", function (event) {
      var filter = document.querySelector("input[data-filter]");
      if (filter) {
        event.preventDefault();
        filter.value = form.querySelector("input").value;
        filter.dispatchEvent(new Event("input"));
        filter.scrollIntoView();
      }
    });
  }
  var toggle = document.getElementById("large");
  if (toggle) {
    var remembered = null;
    try { remembered = window.localStorage.getItem("gongshi-large"); } catch (e) { remembered = null; }
    if (remembered === "1") { toggle.checked = true; }
    toggle.addEventListener("change", function () {
      try { window.localStorage.setItem("gongshi-large", toggle.checked ? "1" : "0"); } catch (e) { /* private mode */ }
    });
  }
})();

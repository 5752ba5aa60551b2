// Two small things, both optional: the name filter (works from file://) and the search box.
(function () {
  "use strict";
  function normalise(text) { return (text || "").toLowerCase().replace(/\s+/g, ""); }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var rows = document.querySelectorAll(input.getAttribute("data-filter"));
    var empty = input.closest("section, main").querySelector(".no-match");
    input.addEventListener("input", function () {
      var query = normalise(input.value);
      var shown = 0;
      rows.forEach(function (row) {
        var hay = normalise(row.getAttribute("data-name") || row.textContent);
        var match = !query || hay.indexOf(query) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (empty) { empty.hidden = shown !== 0; }
    });
  });
  // From file:// the search index cannot be loaded: the header box then filters the page instead.
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
})();

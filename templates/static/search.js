// The search page: Pagefind's UI over the site's search records. From file:// the index cannot be loaded,
// so the page offers the names of units and notices to filter instead.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var words = [];
  try { words = JSON.parse(document.getElementById("search-words").textContent); } catch (e) { words = []; }
  var query = new URLSearchParams(location.search).get("q") || "";
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    document.querySelector(".search-offline").hidden = false;
    var wanted = query.toLowerCase().replace(/\s+/g, "");
    var list = document.createElement("ul");
    list.className = "search-results";
    words.forEach(function (item) {
      var hay = (item[0] + " " + item[1]).toLowerCase().replace(/\s+/g, "");
      if (!wanted || hay.indexOf(wanted) === -1) { return; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "../" + item[2];
      a.textContent = item[0] + (item[1] ? "（" + item[1] + "）" : "");
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
    return;
  }
  var english = document.documentElement.lang === "en";
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    resetStyles: false,
    showSubResults: false,
    ranking: { pageLength: 0.1, termFrequency: 0.5 },
    translations: english ? {} : {
      placeholder: "搜索单位、指标、通报", zero_results: "没有找到“[SEARCH_TERM]”", many_results: "找到 [COUNT] 条“[SEARCH_TERM]”的结果",
      one_result: "找到 1 条“[SEARCH_TERM]”的结果", load_more: "更多结果", search_label: "搜索本站", clear_search: "清除"
    }
  });
  if (query) { ui.triggerSearch(query); }
})();

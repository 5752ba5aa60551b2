// The search page: Pagefind's UI. It finds its bundle by the script's own address, so result links
// carry whatever sub-path the site is served from.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
    document.querySelector(".search-offline").hidden = false;
    return;
  }
  var ui = new PagefindUI({
    element: "#search",
    showImages: false,
    resetStyles: false,
    translations: document.documentElement.lang === "en" ? {} : {
      placeholder: "搜索单位、指标、通报", zero_results: "没有找到“[SEARCH_TERM]”", many_results: "找到 [COUNT] 条“[SEARCH_TERM]”的结果",
      one_result: "找到 1 条“[SEARCH_TERM]”的结果", load_more: "更多结果", search_label: "搜索本站", clear_search: "清除"
    }
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) { ui.triggerSearch(query); }
})();

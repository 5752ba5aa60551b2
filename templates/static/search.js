// The search page. Names first: a unit (by its name, short name or any part of them), an indicator, a notice
// or a task whose title holds the query, from the list in the page (this works from file:// too); then, over
// HTTP, the full text of the site's search records through Pagefind. Every word shown comes from the page
// (translated when it was built): nothing here is in one language.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  function json(id, fallback) {
    try { return JSON.parse(document.getElementById(id).textContent); } catch (e) { return fallback; }
  }
  var words = json("search-words", []);  // [title, other names joined by "|", link from the root, kind, summary]
  var text = json("search-text", {kinds: {}});
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var more = box.querySelector(".search-more");
  var root = "../";  // the search page is search/index.html
  var rootPath = new URL(root, location.href).pathname;
  var offline = location.protocol === "file:";
  var KIND_ORDER = {unit: 0, indicator: 1, notice: 2, task: 3, period: 4, year: 5};
  // Han, kana and Hangul: the records are indexed character by character (generator/render/search_records.py).
  var IDEOGRAPH = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])/g;
  var PAGE = 20;
  var pagefind = null;
  var shown = [];  // the links listed
  var pending = [];  // full-text results not loaded yet
  var total = 0;  // names found, and full-text results not among them (as far as they are loaded)
  var run = 0;
  var asked = "";  // the query of the results shown

  function norm(value) { return (value || "").toLowerCase().replace(/\s+/g, ""); }
  function fill(template, key, value) { return String(template || "").split("{" + key + "}").join(value); }

  // Names, best first: the name itself, then names that begin with the query, then names that hold it, then
  // titles that hold every word of it; units before indicators, notices and tasks; shorter names first.
  function byName(query) {
    var q = norm(query);
    if (!q) { return []; }
    var parts = query.toLowerCase().split(/\s+/).filter(Boolean).map(norm);
    var found = [];
    words.forEach(function (item, n) {
      var names = [item[0]].concat(item[1] ? item[1].split("|") : []).map(norm);
      var tier = 9;
      names.forEach(function (name) {
        if (name === q) { tier = Math.min(tier, 0); }
        else if (name.indexOf(q) === 0) { tier = Math.min(tier, 1); }
        else if (name.indexOf(q) !== -1) { tier = Math.min(tier, 2); }
      });
      if (tier === 9 && parts.length > 1 && parts.every(function (p) { return names[0].indexOf(p) !== -1; })) { tier = 3; }
      if (tier < 9) {
        var kind = item[3] in KIND_ORDER ? KIND_ORDER[item[3]] : 9;
        found.push({tier: tier, kind: kind, size: item[0].length, n: n, item: item});
      }
    });
    found.sort(function (a, b) { return a.tier - b.tier || a.kind - b.kind || a.size - b.size || a.n - b.n; });
    return found.map(function (f) {
      return {link: f.item[2], title: f.item[0], kind: f.item[3], summary: f.item[4] || ""};
    });
  }

  function kindOf(link) {
    if (/^tasks\/index\.html#task-/.test(link)) { return "task"; }
    var match = /^(unit|indicator|notice|period|year)s\//.exec(link);
    return match ? match[1] : "page";
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL(root + "pagefind/pagefind.js", location.href).href).then(function (pf) {
        // Short records first whatever their words' frequency (a unit's record is short, a notice's long).
        // Notices and tasks are indexed in bundles of their own (generator/render/search_records.py), merged here.
        return pf.options({ranking: {pageLength: 0.25}}).then(function () {
          // Only bundles that are there: Pagefind fails the whole search on one it cannot load (a partial
          // copy on the server), and the others must stay searchable.
          return Promise.all((text.bundles || []).map(function (bundle) {
            var url = new URL(root + bundle + "/", location.href).href;
            return fetch(url + "pagefind-entry.json", {method: "HEAD"}).then(
              function (response) { return response.ok ? url : null; }, function () { return null; });
          })).then(function (urls) {
            return Promise.all(urls.filter(Boolean).map(function (url) { return pf.mergeIndex(url); }));
          });
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  // The full text: every record holding every character of the query; those holding it as written first.
  function fullText(query) {
    var spaced = query.replace(IDEOGRAPH, " $1 ").replace(/\s+/g, " ").trim();
    if (!spaced) { return Promise.resolve([]); }
    return loadPagefind().then(function (pf) {
      return Promise.all([pf.search(spaced), pf.search("\"" + spaced + "\"")]);
    }).then(function (found) {
      var exact = {};
      found[1].results.forEach(function (r) { exact[r.id] = true; });
      var first = [], rest = [];
      found[0].results.forEach(function (r) { (exact[r.id] ? first : rest).push(r); });
      return first.concat(rest);
    });
  }

  function relative(url) {
    var path = new URL(url, location.href).pathname;
    return path.indexOf(rootPath) === 0 ? path.slice(rootPath.length) : path;
  }

  function escapeHtml(value) {
    return value.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]; });
  }

  // The sentence of a record's text that holds the query as written, the query marked; "" when none does.
  function sentence(content, query) {
    var plain = content.replace(/\u200b/g, "");
    var q = query.trim();
    var at = q ? plain.toLowerCase().indexOf(q.toLowerCase()) : -1;
    if (at === -1) { return ""; }
    var ends = /[\u3002\uff01\uff1f\uff1b!?;\n]/;  // full stops, exclamation and question marks, semicolons
    var start = at, end = at + q.length;
    while (start > 0 && !ends.test(plain.charAt(start - 1)) && at - start < 60) { start -= 1; }
    while (end < plain.length && !ends.test(plain.charAt(end)) && end - at < 90) { end += 1; }
    if (end < plain.length && ends.test(plain.charAt(end))) { end += 1; }
    var piece = plain.slice(start, end).trim();
    var found = piece.toLowerCase().indexOf(q.toLowerCase());
    return (start > 0 && !ends.test(plain.charAt(start - 1)) ? "…" : "") + escapeHtml(piece.slice(0, found)) +
      "<mark>" + escapeHtml(piece.slice(found, found + q.length)) + "</mark>" + escapeHtml(piece.slice(found + q.length)) +
      (end < plain.length && !ends.test(plain.charAt(end - 1)) ? "…" : "");
  }

  function fromPagefind(result) {
    return result.data().then(function (data) {
      var link = data.meta.link || relative(data.url);
      var kind = kindOf(link);
      var excerpt = kind === "notice" || !data.meta.summary ? sentence(data.content || "", asked) ||
        (data.excerpt || "").replace(/\u200b/g, "") : "";
      return {link: link, title: data.meta.title || link, kind: kind, summary: data.meta.summary || "",
              excerpt: excerpt};
    });
  }

  function item(result) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + result.link;
    a.textContent = result.title;
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = text.kinds[result.kind] || text.kinds.page || "";
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(kind);
    var p = document.createElement("p");
    p.className = "excerpt";
    if (result.excerpt) { p.innerHTML = result.excerpt; }  // Pagefind's excerpt: escaped text with <mark>
    else { p.textContent = result.summary; }
    li.appendChild(p);
    return li;
  }

  function say(count, query) {
    status.textContent = count ? fill(count === 1 ? text.one : text.many, "count", String(count))
      : fill(text.none, "query", query);
  }

  function showMore(mine) {
    var next = pending.splice(0, PAGE);
    more.hidden = true;
    return Promise.all(next.map(fromPagefind)).then(function (results) {
      if (mine !== run) { return; }
      results.forEach(function (r) {
        if (shown.indexOf(r.link) === -1) { shown.push(r.link); list.appendChild(item(r)); } else { total -= 1; }
      });
      more.hidden = pending.length === 0;
      say(total, asked);
    });
  }

  function search(query) {
    var mine = ++run;
    list.textContent = "";
    shown = [];
    pending = [];
    more.hidden = true;
    query = query.trim();
    asked = query;
    if (!query) { status.textContent = ""; return Promise.resolve(); }
    byName(query).forEach(function (r) { shown.push(r.link); list.appendChild(item(r)); });
    if (offline) {
      document.querySelector(".search-offline").hidden = false;
      say(shown.length, query);
      return Promise.resolve();
    }
    status.textContent = text.busy;
    return fullText(query).then(function (results) {
      if (mine !== run) { return; }
      pending = results;
      total = shown.length + results.length;
      return showMore(mine);
    }, function () {
      if (mine === run) { say(shown.length, query); }
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var query = input.value;
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(query)); } catch (e) { /* file:// */ }
    search(query);
  });
  more.addEventListener("click", function () { showMore(run); });
  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  // For tests and for other scripts: the search as a promise, resolved when the first results are shown.
  window.gongshiSearch = function (q) { input.value = q; return search(q); };
  if (query) { search(query); }
})();

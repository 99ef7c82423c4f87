/* nisdocs: the library page's filters.
 *
 * The page's HTML lists every document in a table, newest first; without JavaScript
 * that is the whole page. This script reveals the filter form (rendered `hidden`),
 * hides the rows that do not match (with the `hidden` attribute), reorders them,
 * updates the count (a live region, so screen readers announce it) and keeps the
 * filters in the query string, so that a filtered view can be shared, reloaded and
 * returned to. What each row matches on is in its data-* attributes, computed by
 * nisdocs/views/listings.py (`row_data`).
 */
(function () {
  "use strict";

  var form = document.getElementById("nisdocs-filters");
  var table = document.querySelector("table.nisdocs-documents");
  if (!form || !table || !window.URLSearchParams) {
    return; // not the library page, or a browser too old: the full table stays
  }

  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows); // the page's order: newest first
  var count = document.querySelector(".nisdocs-count");
  var none = document.getElementById("nisdocs-filters-none");
  var search = form.elements.text;
  var sort = form.elements.sort;
  var clear = form.querySelector(".nisdocs-filters__clear");
  var collator = new Intl.Collator(document.documentElement.lang || undefined,
                                   { numeric: true, sensitivity: "base" });

  // Each select of the form and the row attribute it matches: a row matches when the
  // chosen value is one of the attribute's space-separated keys.
  var FACETS = {
    topic: "topics", type: "type", status: "status", year: "year",
    act: "acts", article: "articles", language: "languages"
  };
  var NAMES = Object.keys(FACETS);

  // The same folding as `search_text` in nisdocs/views/common.py, which made each row's
  // data-text: lower case, no accents, Greek final sigma as sigma, ß as ss.
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/ς/g, "σ").replace(/ß/g, "ss");
  }

  function setValue(control, value) {
    control.value = value;
    // A value the select does not offer (an old or edited link) selects nothing:
    // fall back to the first option ("all", or the default sort).
    if (control.value !== value || control.selectedIndex < 0) {
      control.selectedIndex = 0;
    }
  }

  // The article select offers only the chosen act's articles.
  function limitArticles() {
    var act = form.elements.act.value;
    var article = form.elements.article;
    Array.prototype.forEach.call(article.querySelectorAll("optgroup"), function (group) {
      group.disabled = act !== "" && group.label !== act;
    });
    if (act && article.value && article.value.split("/")[0] !== act) {
      article.selectedIndex = 0;
    }
  }

  function matches(row, words) {
    for (var i = 0; i < NAMES.length; i++) {
      var value = form.elements[NAMES[i]].value;
      if (value && (" " + row.getAttribute("data-" + FACETS[NAMES[i]]) + " ")
          .indexOf(" " + value + " ") < 0) {
        return false;
      }
    }
    var text = row.getAttribute("data-text");
    return words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  var ORDERS = {
    date: null, // the page's own order
    id: function (a, b) { return collator.compare(a.dataset.id, b.dataset.id); },
    title: function (a, b) {
      return collator.compare(a.dataset.title, b.dataset.title) ||
        collator.compare(a.dataset.id, b.dataset.id);
    }
  };

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  // The form's state as a query string: only what differs from the defaults, in the
  // form's order, so equal views have equal URLs. The free text is `text`, not `q`:
  // material opens its site search with any `?q=` it finds in the URL.
  function query() {
    var params = new URLSearchParams();
    NAMES.forEach(function (name) {
      if (form.elements[name].value) {
        params.set(name, form.elements[name].value);
      }
    });
    if (search.value.trim()) {
      params.set("text", search.value.trim());
    }
    if (sort.selectedIndex > 0) {
      params.set("sort", sort.value);
    }
    return params.toString();
  }

  // Filter, sort and count the rows as the form says; then write the state into the
  // URL (replaceState: filtering adds no history entries, so "back" leaves the page).
  function apply() {
    limitArticles();
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      row.hidden = !matches(row, words);
      shown += row.hidden ? 0 : 1;
    });
    var order = ORDERS[sort.value];
    (order ? rows.slice().sort(order) : rows).forEach(function (row) {
      tbody.appendChild(row); // moves the row: the table ends up in this order
    });
    var filtered = words.length > 0 ||
      NAMES.some(function (name) { return form.elements[name].value !== ""; });
    if (count) {
      count.textContent = filtered
        ? format(form.dataset.count, { shown: shown, total: rows.length })
        : format(form.dataset.countAll, { count: rows.length });
    }
    table.hidden = shown === 0;
    if (none) {
      none.hidden = shown !== 0;
    }
    var string = query();
    var url = location.pathname + (string ? "?" + string : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
  }

  // The form from the URL: on load, and when the browser moves within the page's
  // history (a heading's anchor link, then "back").
  function restore() {
    var params = new URLSearchParams(location.search);
    NAMES.forEach(function (name) {
      setValue(form.elements[name], params.get(name) || "");
    });
    search.value = params.get("text") || "";
    setValue(sort, params.get("sort") || "date");
    apply();
  }

  var typing = null;
  function changed(event) {
    clearTimeout(typing);
    if (event.target === search) {
      // Wait for a pause in typing, so the count is announced once, not per key.
      typing = setTimeout(apply, 250);
    } else {
      apply();
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter in the search field: filter now, do not reload
    clearTimeout(typing);
    apply();
  });
  clear.addEventListener("click", function () {
    NAMES.forEach(function (name) { form.elements[name].selectedIndex = 0; });
    search.value = "";
    sort.selectedIndex = 0;
    apply(); // focus stays on the button
  });
  window.addEventListener("popstate", restore);

  form.hidden = false;
  restore();
})();

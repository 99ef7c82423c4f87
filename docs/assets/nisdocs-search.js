/* The site's search: the dialog of overrides/partials/nisdocs/search.html over the
 * Pagefind index of the page's language that the build writes (nisdocs/search.py).
 *
 * Pagefind keeps one index per language, split in chunks: a reader downloads the
 * engine (WebAssembly, which the pages' policy allows with 'wasm-unsafe-eval'), the
 * language's metadata and the few chunks the words typed need, not the library. Words
 * are matched without regard to case or accents, by prefix while typing, and by stem
 * in the languages Pagefind has a stemmer for.
 *
 * Typed key by key, every keystroke starts a search; only the newest one's results are
 * shown, so a slow early search never overwrites a later one. Pages written in the
 * reader's language come first, then the pages shown untranslated (marked with their
 * language). Results are built as DOM nodes, from text: nothing from the index is
 * inserted as HTML. */
(function () {
  "use strict";
  var PAGE = 10; // results shown at once; "Show more results" adds as many

  var dialog = document.getElementById("nisdocs-search");
  var opener = document.querySelector("[data-nisdocs-search-open]");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;
  var input = document.getElementById("nisdocs-search-query");
  var status = document.getElementById("nisdocs-search-status");
  var list = document.getElementById("nisdocs-search-results");
  var more = dialog.querySelector("[data-nisdocs-search-more]");
  var filtersBox = dialog.querySelector(".nisdocs-search__filters");
  var selects = Array.prototype.slice.call(dialog.querySelectorAll("select[data-filter]"));
  var text = dialog.dataset;
  var language = text.language;

  var engine = null; // the promise of Pagefind, made on first use
  var latest = 0; // the number of the newest search; older ones are dropped
  var found = []; // the results of the newest search not shown yet

  function load() {
    if (engine) return engine;
    var bundle = new URL(text.bundle, location.href);
    engine = import(bundle.href).then(function (pagefind) {
      return pagefind.options({
        baseUrl: new URL(text.root, location.href).pathname,
        excerptLength: 24
      }).then(function () { return pagefind.init(); }).then(function () {
        return pagefind;
      });
    });
    engine.then(fillFilters, function () { say(text.failed); });
    return engine;
  }

  function say(message) {
    status.textContent = message;
  }

  function counted(count) {
    if (count === 0) return text.none;
    if (count === 1) return text.one;
    return text.other.replace("#", String(count));
  }

  // The filters' choices, with their counts, from the index of this language.
  function fillFilters(pagefind) {
    pagefind.filters().then(function (available) {
      var any = false;
      selects.forEach(function (select) {
        var values = Object.keys(available[select.dataset.filter] || {});
        values.sort(function (a, b) { return a.localeCompare(b, language); });
        values.forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;
          select.appendChild(option);
        });
        any = any || values.length > 0;
      });
      filtersBox.hidden = !any;
    });
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.dataset.filter] = select.value;
    });
    return filters;
  }

  // Pages in the reader's language first (the `lang` filter), then every other match.
  function ranked(pagefind, query, filters) {
    var own = Object.assign({}, filters, {lang: language});
    return Promise.all([
      pagefind.search(query, {filters: own}),
      pagefind.search(query, {filters: filters})
    ]).then(function (searches) {
      var seen = {};
      var results = [];
      searches.forEach(function (search) {
        (search && search.results || []).forEach(function (result) {
          if (seen[result.id]) return;
          seen[result.id] = true;
          results.push(result);
        });
      });
      return results;
    });
  }

  // The status line's data-query names the query whose results are shown, once they are
  // all in (for scripts and tests that wait for them); it is removed while searching.
  function search() {
    var number = ++latest;
    var query = input.value.trim();
    var filters = chosenFilters();
    delete status.dataset.query;
    if (!query && !Object.keys(filters).length) {
      found = [];
      list.replaceChildren();
      more.hidden = true;
      say(text.placeholder);
      status.dataset.query = "";
      return;
    }
    load().then(function (pagefind) {
      return ranked(pagefind, query || null, filters);
    }).then(function (results) {
      if (number !== latest) return;
      found = results;
      list.replaceChildren();
      say(counted(results.length));
      return showMore(number).then(function () {
        if (number === latest) status.dataset.query = query;
      });
    }).catch(function () {
      if (number === latest) say(text.failed);
    });
  }

  // The next results, once their details (title, meta data, excerpt) have loaded.
  function showMore(number) {
    var batch = found.splice(0, PAGE);
    return Promise.all(batch.map(function (result) { return result.data(); }))
      .then(function (pages) {
        if (number !== latest) return;
        pages.forEach(function (page) { list.appendChild(item(page)); });
        more.hidden = found.length === 0;
      });
  }

  function item(page) {
    var meta = page.meta || {};
    var li = document.createElement("li");
    li.className = "nisdocs-search__result";
    var link = document.createElement("a");
    link.href = page.url;
    link.className = "nisdocs-search__link";
    link.textContent = meta.title || page.url;
    if (meta.lang && meta.lang !== language) link.lang = meta.lang;
    li.appendChild(link);

    var facts = document.createElement("p");
    facts.className = "nisdocs-search__facts";
    function fact(node) {
      if (facts.childNodes.length) facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(node);
    }
    if (meta.id) {
      var code = document.createElement("code");
      code.textContent = meta.id;
      fact(code);
    }
    if (meta.status && meta.status_label) {
      var badge = document.createElement("span");
      badge.className = "nisdocs-status nisdocs-status--" + meta.status;
      badge.textContent = meta.status_label;
      fact(badge);
    }
    if (meta.version) fact(document.createTextNode(text.version + " " + meta.version));
    if (meta.date) {
      var time = document.createElement("time");
      time.dateTime = meta.date;
      time.textContent = meta.date;
      fact(time);
    }
    if (meta.lang && meta.lang !== language && meta.language) {
      var untranslated = document.createElement("span");
      untranslated.className = "nisdocs-search__language";
      untranslated.textContent = text.untranslated.replace("{language}", meta.language);
      fact(untranslated);
    }
    if (facts.childNodes.length) li.appendChild(facts);

    if (page.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.className = "nisdocs-search__excerpt";
      if (meta.lang && meta.lang !== language) excerpt.lang = meta.lang;
      excerpt.append.apply(excerpt, marked(page.excerpt));
      li.appendChild(excerpt);
    }
    return li;
  }

  // An excerpt's text with its <mark>s, as nodes. Pagefind cuts the excerpt from the
  // page's text, writes its "<" and ">" as &lt; and &gt; (and nothing else as an entity:
  // "&" stays "&") and adds <mark> and </mark> around matches: everything else is text
  // (tests/test_output_safety.py shows a hostile value's excerpt as it is written).
  function marked(excerpt) {
    var nodes = [];
    var mark = null;
    excerpt.split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") {
        mark = document.createElement("mark");
        nodes.push(mark);
      } else if (part === "</mark>") {
        mark = null;
      } else if (part) {
        var node = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
        if (mark) mark.appendChild(node);
        else nodes.push(node);
      }
    });
    return nodes;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    if (!engine) say(text.initializer);
    load().then(function () { if (!input.value.trim()) say(text.placeholder); }, function () {});
  }

  opener.hidden = false;
  opener.addEventListener("click", open);
  dialog.querySelector("[data-nisdocs-search-close]").addEventListener("click", function () {
    dialog.close();
  });
  // A click on the backdrop (outside the dialog's box) closes it, as material's did.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  input.addEventListener("input", search);
  // Escape closes the dialog, as dialogs do, even from a search field with text in it
  // (where the browser would clear the text instead); the field's × clears it.
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    dialog.close();
  });
  selects.forEach(function (select) { select.addEventListener("change", search); });
  more.addEventListener("click", function () {
    var shown = list.children.length;
    showMore(latest).then(function () {
      var next = list.children[shown];
      if (next) next.querySelector("a").focus();
    });
  });
  // "/" opens the search from anywhere but a field being typed in, as material's did.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    open();
  });
})();

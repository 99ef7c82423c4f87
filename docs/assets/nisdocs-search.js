/* Search results in the reader's language first.
 *
 * The site has one search index for all languages (mkdocs-static-i18n merges them).
 * nisdocs writes a copy per language, search/search_index.<lang>.json, in which the
 * pages of that language weigh more (nisdocs/search.py). Material loads the index with
 * XMLHttpRequest from search/search_index.json; this script, loaded before material's
 * bundle, sends that request to the copy of the page's language instead. */
(function () {
  "use strict";
  var language = document.documentElement.lang;
  if (!/^[a-z]{2,3}$/.test(language)) return;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    args[1] = String(url).replace(/\/search\/search_index\.json$/,
                                  "/search/search_index." + language + ".json");
    return open.apply(this, args);
  };
})();

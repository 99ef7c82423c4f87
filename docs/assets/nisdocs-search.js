/* Search results in the reader's language first.
 *
 * mkdocs-static-i18n merges the search entries of every language into one index, so a
 * word is found whatever its language and script. Material's bundle hands that index to
 * its search worker in one message; this script, loaded before the bundle, gives the
 * pages of the reader's language (<html lang>) a document boost on the way, so large
 * that any match among them ranks above every match elsewhere (material's own field
 * boosts reach 1e6). One index serves every language: no copy per language to build,
 * store and download.
 *
 * The site's languages come from the script tag's data-languages, the source language
 * first: its pages are the ones without a language folder (library/…, not fr/library/…). */
(function () {
  "use strict";
  var READER_BOOST = 1e7;
  var script = document.currentScript;
  var languages = ((script && script.getAttribute("data-languages")) || "").split(" ");
  var language = document.documentElement.lang;
  if (languages.indexOf(language) < 0 || typeof Worker === "undefined") return;

  function languageOf(location) {
    var first = String(location).split("/")[0];
    return languages.indexOf(first) > 0 ? first : languages[0];
  }

  function boosted(doc) {
    if (languageOf(doc.location) !== language) return doc;
    var copy = Object.assign({}, doc);
    copy.boost = (doc.boost || 1) * READER_BOOST;
    return copy;
  }

  // Material's setup message: {type: 0, data: {config, docs, options}}.
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var docs = message && message.type === 0 && message.data && message.data.docs;
    if (!Array.isArray(docs)) return post.apply(this, arguments);
    var data = Object.assign({}, message.data, {docs: docs.map(boosted)});
    var args = Array.prototype.slice.call(arguments);
    args[0] = Object.assign({}, message, {data: data});
    return post.apply(this, args);
  };
})();

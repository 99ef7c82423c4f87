/* The details panel of a document page (partials/nisdocs/document-details.html) on
   narrow screens: the page's head already shows title, status, version, date, summary
   and the PDF, so the panel starts closed there, one tap away, and the text comes
   sooner. Loaded right after the panel, so it closes before the page is painted;
   without JavaScript the panel stays open. The width is that of nisdocs.css's
   "Narrow screens" section. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 44.9375em)").matches) {
    return;
  }
  var panels = document.querySelectorAll("details.nisdocs-details__panel");
  for (var i = 0; i < panels.length; i += 1) {
    panels[i].open = false;
  }
})();

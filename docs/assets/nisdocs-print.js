// nisdocs: the day a page is printed, in the printout's header (partials/nisdocs/print-meta.html),
// written as the page's language writes dates. Filled in on load and again just before
// printing (a page left open overnight prints today's date). Without JavaScript the line
// stays hidden: the rest of the printout's header does not need it.
(function () {
  "use strict";
  var line = document.querySelector(".nisdocs-print-meta__printed");
  var time = line && line.querySelector("[data-nisdocs-printed]");
  if (!time) return;

  function fill() {
    var now = new Date();
    var language = document.documentElement.lang || undefined;
    var label;
    try {
      label = new Intl.DateTimeFormat(language, { dateStyle: "long" }).format(now);
    } catch (error) {
      label = now.toISOString().slice(0, 10);
    }
    // The date as the reader's calendar has it, not UTC's.
    var iso = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map(function (part) { return String(part).padStart(2, "0"); }).join("-");
    time.setAttribute("datetime", iso);
    time.textContent = label;
    line.hidden = false;
  }

  fill();
  window.addEventListener("beforeprint", fill);
})();

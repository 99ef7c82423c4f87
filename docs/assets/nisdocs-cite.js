/* "Cite this document": the copy buttons of partials/nisdocs/cite.html.
   The buttons stay hidden without JavaScript (the texts remain selectable); with it,
   a button copies its text to the clipboard and the live region says so. Where the
   clipboard is not available (a page opened from the disk, an older browser), the
   text is selected and the live region asks the reader to copy it. */
(function () {
  "use strict";

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function textOf(element) {
    // A <pre> keeps its lines (BibTeX); other blocks are one line, as in the page.
    if (element.closest("pre")) return element.textContent;
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  function announce(status, message) {
    // Emptied first, so that the same message twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function setUp(block) {
    var status = block.querySelector(".nisdocs-cite__status");
    block.querySelectorAll("[data-nisdocs-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-nisdocs-copy"));
      if (!source || !status) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var failed = function () {
          select(source);
          announce(status, status.getAttribute("data-failed"));
        };
        if (!navigator.clipboard || !window.isSecureContext) {
          failed();
          return;
        }
        navigator.clipboard.writeText(textOf(source)).then(function () {
          announce(status, status.getAttribute("data-copied"));
        }, failed);
      });
    });
  }

  document.querySelectorAll("[data-nisdocs-cite]").forEach(setUp);
})();

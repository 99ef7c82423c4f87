// The language switcher (overrides/partials/alternate.html) keeps the reader's place:
// a translation has the same headings in the same order as its original (nisdocs check
// holds translations to that), so the section the reader is in is the heading at the
// same position on the page in the other language, whatever its id there
// (`#scope` in English, `#πεδίο-εφαρμογής` in Greek). The position travels in the tab's
// sessionStorage, for the next page only; without script, the switch lands at the top.
// The switcher opens on hover (material) and whenever focus is inside it: Enter, Space
// or the down arrow on its button moves focus to the current language's entry, Escape
// brings it back to the button; aria-expanded says whether the list shows.
(() => {
  "use strict";
  const KEY = "nisdocs-language-place";

  // The headings of the page's text: a document's own text, else the page's content,
  // without nisdocs' interface headings (details, search, citation).
  const headings = () => {
    const root = document.querySelector(".nisdocs-text") ||
      document.querySelector(".md-content__inner");
    if (!root) return [];
    return [...root.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id]")]
      .filter((heading) => !heading.id.startsWith("nisdocs-") &&
        !heading.closest("dialog, [data-pagefind-ignore]"));
  };

  // The heading the reader is at: the one the address names, else the last one whose
  // top has scrolled up past the header; -1 at the top of the page.
  const currentIndex = () => {
    const list = headings();
    const named = decodeURIComponent(location.hash.slice(1));
    const byName = list.findIndex((heading) => heading.id === named);
    if (byName >= 0 && Math.abs(list[byName].getBoundingClientRect().top) < innerHeight) {
      return byName;
    }
    const header = document.querySelector(".md-header");
    const line = (header ? header.getBoundingClientRect().bottom : 0) + 8;
    let index = -1;
    list.forEach((heading, position) => {
      if (heading.getBoundingClientRect().top <= line) index = position;
    });
    return index;
  };

  const remember = (link) => {
    const index = currentIndex();
    if (index < 0) return;
    const target = new URL(link.href, location.href);
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: target.pathname, index }));
    } catch (error) { /* storage refused (private mode): the switch lands at the top */ }
  };

  // On the page the switch led to: the heading at the remembered position, named in
  // the address as a link to it would.
  const restore = () => {
    let place = null;
    try {
      place = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (error) { return; }
    if (!place || place.path !== location.pathname || location.hash) return;
    const heading = headings()[place.index];
    if (!heading) return;
    history.replaceState(history.state, "", "#" + encodeURIComponent(heading.id));
    heading.scrollIntoView();
  };

  const switcher = (select) => {
    const button = select.querySelector("button");
    const links = [...select.querySelectorAll("a[hreflang]")];
    if (!button || !links.length) return;
    const expanded = () => button.setAttribute("aria-expanded",
      String(select.matches(":hover, :focus-within")));
    for (const name of ["focusin", "focusout", "mouseenter", "mouseleave"]) {
      select.addEventListener(name, () => setTimeout(expanded, 0));
    }
    button.addEventListener("click", () => {
      (links.find((link) => link.getAttribute("aria-current")) || links[0]).focus();
    });
    button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        button.click();
      }
    });
    select.addEventListener("keydown", (event) => {
      const at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        button.focus();
      } else if (at >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        links[(at + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length].focus();
      }
    });
    for (const link of links) {
      link.addEventListener("click", () => remember(link));
    }
    expanded();
  };

  document.querySelectorAll("[data-nisdocs-language]").forEach(switcher);
  if (document.readyState === "complete") {
    restore();
  } else {
    addEventListener("load", restore, { once: true });
  }
})();

// nisdocs: keyboard access to what material makes for the mouse (tests/test_keyboard.py).
// Loaded on every page, after material's bundle; no inline script (the pages' policy,
// nisdocs/csp.py).
(() => {
  "use strict";

  // The menu button of narrow screens is material's `label[for=__drawer]`, which the
  // header partial makes focusable (overrides/partials/header.html). Enter and Space
  // open the navigation drawer, as a click on the label does, and move focus into it;
  // Escape closes it and gives focus back to the button. aria-expanded follows.
  const toggle = document.getElementById("__drawer");
  const button = document.querySelector("[data-nisdocs-menu]");
  if (toggle instanceof HTMLInputElement && button) {
    const drawer = document.querySelector(".md-sidebar--primary");
    const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
    toggle.addEventListener("change", sync);
    sync();

    button.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") {
        return;
      }
      // Not material's own Enter on a focused label as well, which would toggle it back.
      event.preventDefault();
      event.stopPropagation();
      toggle.click();
      if (toggle.checked && drawer) {
        // The drawer becomes visible (nisdocs.css) in the same frame: focus its first link.
        const first = drawer.querySelector("a[href], [tabindex='0']");
        if (first instanceof HTMLElement) {
          requestAnimationFrame(() => first.focus());
        }
      }
    });

    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.checked) {
        toggle.click();
        if (button instanceof HTMLElement) {
          button.focus();
        }
      }
    });
  }

  // A table wider than the text scrolls sideways in material's wrapper: the wrapper
  // takes focus, so that the keyboard can scroll it (WCAG 2.1.1), and is named by the
  // heading above it. Measured again when the window's width changes.
  const scrollable = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        let heading = wrap.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) {
          heading = heading.previousElementSibling;
        }
        if (heading && heading.id) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-labelledby", heading.id);
        }
      } else if (!scrolls && wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-labelledby");
      }
    }
  };
  // A link in a scrolling table is scrolled into view whole when it takes focus: the
  // browser stops as soon as a part of it shows, at the table's edge.
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (target instanceof HTMLElement && !target.classList.contains("md-typeset__scrollwrap")
        && target.closest(".md-typeset__scrollwrap")) {
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });
  // material wraps the tables when its document$ emits (its bundle runs first).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => requestAnimationFrame(scrollable));
  } else {
    addEventListener("load", scrollable);
  }
  let pending = false;
  addEventListener("resize", () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; scrollable(); });
    }
  });
})();

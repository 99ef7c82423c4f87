"""The site with the keyboard only, in Chromium, at the widths people read it at: a desktop
(1280 px), a phone (375 px) and a desktop at 200 % zoom (640 CSS px at twice the pixel
density). On every page type, in two languages and scripts, Tab walks through every
control: the skip link comes first and leads to the title; every focused element is on
screen, visible, and shows its focus; the menu button of narrow screens opens the
navigation with Enter and Escape closes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

# The browser before the site: without Chromium the tests skip before the build.
pytestmark = pytest.mark.usefixtures("browser")

PAGES = ["", "library/", "library/ncg-0003/", "legislation/", "legislation/nis2/",
         "legislation/nis2/article-23/", "topics/", "downloads/", "translations/",
         "contributing/editors/", "about/"]
LANGUAGES = ["", "el/"]
# (name, viewport width and height in CSS pixels, device pixel ratio)
SCREENS = [("desktop", 1280, 900, 1), ("phone", 375, 667, 2), ("zoom-200", 640, 450, 2)]
NARROW = {"phone", "zoom-200"}
# More Tabs than any page has controls: a walk that does not come round fails.
MAX_TABS = 600

# What a Tab landed on: where it is, whether it can be seen, and whether its focus shows.
FOCUSED = """() => {
  // As it looks once the focus styles' transitions have run.
  document.getAnimations().forEach((animation) => animation.finish());
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const rect = element.getBoundingClientRect();
  let visible = rect.width > 0 && rect.height > 0;
  for (let node = element; node instanceof Element; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.visibility === "hidden" || style.display === "none"
        || Number(style.opacity) === 0) visible = false;
  }
  const style = getComputedStyle(element);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  const label = (element.getAttribute("aria-label") || element.textContent || "").trim();
  return {
    name: `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}`
      + `.${[...element.classList].join(".")} "${label.slice(0, 40)}"`,
    key: element.outerHTML.slice(0, 300)
      + "@" + [...document.querySelectorAll("*")].indexOf(element),
    visible, ring,
    // On the screen: whole, or, for what is larger than the screen (a scrolling table),
    // across it.
    inside: (rect.width > innerWidth ? rect.left <= 0 && rect.right >= innerWidth
             : rect.left >= -1 && rect.right <= innerWidth + 1)
      && (rect.height > innerHeight ? rect.top < innerHeight && rect.bottom > 0
          : rect.top >= -1 && rect.bottom <= innerHeight + 1),
    drawer: Boolean(element.closest(".md-sidebar--primary")),
  };
}"""


@pytest.fixture(params=SCREENS, ids=[screen[0] for screen in SCREENS])
def screen_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    name, width, height, scale = request.param
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=scale)
    page = context.new_page()
    page.nisdocs_screen = name
    try:
        yield page
    finally:
        context.close()


def open_page(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def tab(page: Any, key: str = "Tab") -> dict[str, Any] | None:
    page.keyboard.press(key)
    result: dict[str, Any] | None = page.evaluate(FOCUSED)
    return result


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "el"])
@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_every_control_is_reached_visibly_and_the_skip_link_comes_first(
        screen_page: Any, site_server: str, language: str, path: str) -> None:
    page = screen_page
    open_page(page, site_server + language + path)
    first = tab(page)
    assert first is not None and "nisdocs-skip" in first["name"], \
        f"the first Tab reaches {first and first['name']}, not the skip link"
    assert first["visible"] and first["inside"] and first["ring"], first

    problems = []
    seen = {first["key"]}
    for _ in range(MAX_TABS):
        focused = tab(page)
        if focused is None or focused["key"] in seen:
            break  # back to the page itself, or round to the start
        seen.add(focused["key"])
        if not (focused["visible"] and focused["inside"]):
            problems.append(f"takes focus unseen: {focused['name']}")
        elif not focused["ring"]:
            problems.append(f"shows no focus: {focused['name']}")
    else:
        pytest.fail(f"{MAX_TABS} Tabs never came round on {language}{path}")
    assert len(seen) > 5, f"only {len(seen)} controls on {language}{path}"
    assert not problems, f"{page.nisdocs_screen} {language}{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "el"])
@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_the_skip_link_leads_to_the_title(screen_page: Any, site_server: str, language: str,
                                          path: str) -> None:
    page = screen_page
    open_page(page, site_server + language + path)
    page.evaluate("window.scrollTo(0, 0)")
    tab(page)
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.id") == "nisdocs-main"
    # The title is on screen, below the header that stays at the top.
    title, header = page.evaluate("""() => [
      document.querySelector("article h1").getBoundingClientRect().toJSON(),
      document.querySelector(".md-header").getBoundingClientRect().toJSON()]""")
    height = page.viewport_size["height"]
    assert header["bottom"] - 1 <= title["top"] < height, (title, header)
    # The next Tab goes on from there: to something in the main content.
    following = tab(page)
    assert following is not None and page.evaluate(
        "Boolean(document.activeElement.closest('.md-content, .md-main'))"), following


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "el"])
def test_the_menu_opens_and_closes_with_the_keyboard(screen_page: Any, site_server: str,
                                                      language: str) -> None:
    page = screen_page
    open_page(page, site_server + language + "library/ncg-0003/")
    menu = page.locator("[data-nisdocs-menu]")
    if page.nisdocs_screen not in NARROW:
        assert not menu.is_visible()  # the navigation is in the tabs and the sidebar
        return
    for _ in range(40):
        focused = tab(page)
        if focused and "data-nisdocs-menu" in focused["key"]:
            break
    else:
        pytest.fail("Tab never reaches the menu button")
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # material's drawer slides in
    assert menu.get_attribute("aria-expanded") == "true"
    focused = page.evaluate(FOCUSED)
    assert focused and focused["drawer"] and focused["visible"] and focused["inside"], focused
    # The drawer's links take focus in turn, on screen.
    for _ in range(5):
        focused = tab(page)
        assert focused and focused["drawer"] and focused["visible"], focused
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.hasAttribute('data-nisdocs-menu')")
    assert not page.locator(".md-sidebar--primary a").first.is_visible()

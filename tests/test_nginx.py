"""The built sample site served by a real nginx with deploy/nginx/nisdocs.conf, changed
only in its `listen` address and `root`: the HTTP headers of each kind of response, then
the site in Chromium through nginx, under both the headers' policy and the pages' own
<meta> one (deploy/README.md says why each header). Without nginx (Debian: apt-get
install nginx-light) these tests skip; in CI (CI=true) they fail instead."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, PROJECT, Build
from test_browser_csp import assert_clean, csp_page, first_search_result, visit  # noqa: F401 (csp_page: a fixture)
from test_csp import directives

from nisdocs.vocabulary import ui_strings

CONFIG = PROJECT / "deploy" / "nginx" / "nisdocs.conf"
SVG = "library/ncg-0003/images/reporting-timeline.svg"
PDF = "library/ncg-0003/1.1/ncg-0003-1.1-en.pdf"
# Written into the served copy of the site only: it would set the title and call home.
HOSTILE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
               'onload="document.title=\'ran\'"><script>document.title = "ran"; '
               'fetch("/svg-script-ran");</script><rect width="10" height="10"/></svg>')
HTML = "text/html; charset=utf-8"
# The sitemap index, the one sitemap.xml material's script finds (nisdocs/sitemaps.py).
LANGUAGE_SITEMAPS = {"sitemap.xml"}
# Each kind of response, with the Content-Type it must have.
TYPES = {
    "": HTML, "fr/": HTML, "no-such-page/": HTML,
    SVG: "image/svg+xml; charset=utf-8",
    PDF: "application/pdf",
    "assets/nisdocs-library.js": "text/javascript; charset=utf-8",
    "assets/nisdocs.css": "text/css; charset=utf-8",
    "catalogue.json": "application/json; charset=utf-8",
    "catalogue.jsonld": "application/ld+json; charset=utf-8",
    "sitemap.xml": "application/xml; charset=utf-8",
    "sitemap-fr.xml": "application/xml; charset=utf-8",
    "fr/feed.xml": "application/atom+xml; charset=utf-8",
}
# Chromium's PDF viewer (an extension frame), and whether it shows a text, shadow DOM and all.
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"
SHOWS = """(wanted) => { const text = (root) => [...root.querySelectorAll("*")].map(
  (e) => e.shadowRoot ? text(e.shadowRoot) : "").join(" ") + " " + (root.textContent || "");
  return text(document).includes(wanted); }"""


class Response(NamedTuple):
    status: int
    headers: http.client.HTTPMessage  # names are case-insensitive
    body: bytes


class Nginx(NamedTuple):
    url: str  # http://127.0.0.1:PORT/
    site: Path  # what it serves: a copy of the built sample site, and the hostile SVG

    def get(self, path: str, **headers: str) -> Response:
        connection = http.client.HTTPConnection(self.url.split("/")[2], timeout=30)
        try:
            connection.request("GET", "/" + path, headers=headers)
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()


def configuration(port: int, root: Path) -> str:
    """The repository's configuration, listening on 127.0.0.1:`port` and serving `root`."""
    text = CONFIG.read_text(encoding="utf-8")
    text, listens = re.subn(r"^(\s*)listen\s+80;", rf"\g<1>listen 127.0.0.1:{port};", text,
                            flags=re.MULTILINE)
    text, roots = re.subn(r"^(\s*)root\s+[^;]+;", lambda m: f"{m[1]}root {root};", text,
                          flags=re.MULTILINE)
    assert (listens, roots) == (1, 1), f"{CONFIG}: one `listen 80;` and one `root` expected"
    return text


@pytest.fixture(scope="session")
def nginx(built_site: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """Debian's nginx serving a copy of the built sample site (and `HOSTILE_SVG`) with the
    repository's configuration on 127.0.0.1, in the foreground, for the session."""
    executable = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if executable is None:
        reason = "no nginx on PATH or in /usr/sbin (apt-get install nginx-light)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the nginx tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(f"nginx tests skipped: {reason}")
    prefix = tmp_path_factory.mktemp("nginx")
    site = prefix / "site"
    shutil.copytree(built_site.site, site, copy_function=os.link)  # hard links: no cost
    (site / "hostile.svg").write_text(HOSTILE_SVG, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (prefix / "nisdocs.conf").write_text(configuration(port, site), encoding="utf-8")
    # Under root, the workers run as `user`: pytest's folders are private to root.
    user = "user root;" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    temp = " ".join(f"{kind}_temp_path {prefix / kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    log = prefix / "error.log"
    (prefix / "nginx.conf").write_text(
        f"daemon off; {user} worker_processes 1; pid {prefix / 'nginx.pid'};\n"
        f"error_log {log}; events {{ worker_connections 64; }}\n"
        f"http {{ access_log off; {temp} include {prefix / 'nisdocs.conf'}; }}\n",
        encoding="utf-8")
    with log.open("a") as output:
        process = subprocess.Popen([executable, "-p", prefix, "-c", prefix / "nginx.conf"],
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < deadline:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail(f"nginx did not start:\n{log.read_text()}", pytrace=False)
        yield Nginx(f"http://127.0.0.1:{port}/", site)
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: the workers finish, then all exit
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def allowed(policy: dict[str, list[str]], directive: str) -> list[str]:
    """The sources `policy` allows for `directive` (a fetch directive: or default-src)."""
    if directive in policy or directive in ("base-uri", "form-action", "frame-ancestors"):
        return policy.get(directive, [])
    return policy.get("default-src", [])


# -- the headers ----------------------------------------------------------------------


@pytest.mark.parametrize("path", list(TYPES), ids=[path or "home" for path in TYPES])
def test_every_response_has_its_type_and_the_common_headers(nginx: Nginx, path: str) -> None:
    response = nginx.get(path)
    headers = response.headers
    assert response.status == (404 if path.startswith("no-such") else 200), path
    assert headers["content-type"] == TYPES[path]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in ("strict-origin-when-cross-origin", "no-referrer")
    assert headers["x-frame-options"] == "DENY"
    policy = directives(headers["content-security-policy"])
    assert allowed(policy, "frame-ancestors") == ["'none'"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    features = dict(item.strip().split("=", 1)
                    for item in headers["permissions-policy"].split(","))
    assert features["camera"] == features["geolocation"] == features["microphone"] == "()"
    assert "clipboard-write" not in features  # the citation's copy button needs it
    assert headers["server"] == "nginx"  # no version
    assert "strict-transport-security" not in headers  # the TLS server's, not plain HTTP's


@pytest.mark.parametrize("path", ["", "fr/", "library/ncg-0003/", "no-such-page/"])
def test_a_pages_header_policy_lets_through_what_its_meta_policy_allows(nginx: Nginx,
                                                                        path: str) -> None:
    """Both policies apply to a page: the header's may add restrictions, but must allow
    every source of the page's <meta> (for a hash, 'unsafe-inline' or the hash itself)."""
    response = nginx.get(path)
    header = directives(response.headers["content-security-policy"])
    meta = BeautifulSoup(response.body, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None, path
    for directive, sources in directives(str(meta["content"])).items():
        ours = allowed(header, directive)
        for source in sources:
            assert source in ours or (source.startswith("'sha256-")
                                      and "'unsafe-inline'" in ours), (path, directive, source)
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]
    assert allowed(header, "object-src") == ["'none'"]


@pytest.mark.parametrize("path", [SVG, PDF], ids=["svg", "pdf"])
def test_svg_and_pdf_policies_run_nothing_and_survive_revalidation(nginx: Nginx,
                                                                   path: str) -> None:
    response = nginx.get(path)
    policy = directives(response.headers["content-security-policy"])
    assert allowed(policy, "script-src") == allowed(policy, "connect-src") == ["'none'"]
    assert allowed(policy, "object-src") == ["'none'"]
    if path == SVG:
        assert policy["sandbox"] == []  # no origin, no scripts, no forms, no popups
    # A 304 has no Content-Type: the policy must not turn into a page's there, or the
    # browser would store the page's policy with the file it revalidated.
    again = nginx.get(path, **{"If-None-Match": response.headers["etag"]})
    assert again.status == 304
    assert again.headers["content-security-policy"] == response.headers["content-security-policy"]


def test_caching_and_open_data(nginx: Nginx) -> None:
    """Hashed assets are cached for a year, the rest revalidated; the open data files are
    readable by web applications on other sites."""
    bundle = next((nginx.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    immutable = nginx.get(bundle.relative_to(nginx.site).as_posix()).headers["cache-control"]
    assert "immutable" in immutable and "max-age=31536000" in immutable
    for path in ("", "assets/nisdocs-library.js", PDF, SVG, "catalogue.json"):
        headers = nginx.get(path).headers
        assert headers["cache-control"] == "no-cache", path
        shared = path.startswith("catalogue")
        assert headers["access-control-allow-origin"] == ("*" if shared else None), path
    for path in ("catalogue.jsonld", "feed.xml", "fr/feed.xml"):
        assert nginx.get(path).headers["access-control-allow-origin"] == "*", path


def test_folders_redirect_404s_get_the_page_and_gzip_is_served(nginx: Nginx) -> None:
    redirect = nginx.get("library")
    assert (redirect.status, redirect.headers["location"]) == (301, "/library/")
    missing = nginx.get("library/no-such-document/")
    assert missing.status == 404
    assert missing.body == (nginx.site / "404.html").read_bytes()
    # The sitemap index is below the build's threshold (nisdocs/precompress.py): nginx
    # compresses it on the fly.
    assert not (nginx.site / "sitemap.xml.gz").exists()
    compressed = nginx.get("sitemap.xml", **{"Accept-Encoding": "gzip"})
    assert compressed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == (nginx.site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_address_gets_the_404_page_of_its_language(nginx: Nginx,
                                                             language: str) -> None:
    """Under a language's folder, at any depth, that language's 404 page answers, with the
    status 404 and the headers; elsewhere (no language, or one without a 404 page), the
    root's, in the source language."""
    folder = "" if language == "en" else f"{language}/"
    page = nginx.site / folder / "404.html"
    for path in (f"{folder}no-such-page", f"{folder}library/no-such-document/",
                 f"{folder}library/ncg-0003/9.9/x.pdf"):
        missing = nginx.get(path)
        assert (missing.status, missing.body) == (404, page.read_bytes()), path
        assert missing.headers["content-type"] == HTML
        assert missing.headers["x-content-type-options"] == "nosniff"
        html = BeautifulSoup(missing.body, "html.parser").html
        assert html is not None and html["lang"] == language, path
    for other in ("xx/no-such-page", "id/no-such-document/"):
        assert nginx.get(other).body == (nginx.site / "404.html").read_bytes(), other


@pytest.mark.parametrize("path", ["library/ncg-0003/", "assets/nisdocs-library.js"],
                         ids=["page", "script"])
def test_the_builds_gzip_copy_is_served_to_clients_that_accept_gzip(nginx: Nginx,
                                                                    path: str) -> None:
    file = nginx.site / (f"{path}index.html" if path.endswith("/") else path)
    compressed = nginx.get(path, **{"Accept-Encoding": "gzip, deflate, br"})
    assert compressed.status == 200
    assert compressed.headers["content-encoding"] == "gzip"
    assert compressed.headers["vary"] == "Accept-Encoding"
    assert compressed.headers["content-type"] == (HTML if path.endswith("/") else TYPES[path])
    # The build's file byte for byte (gzip_static), not nginx's own compression, which
    # would differ (level 1, another header) and be sent chunked, without a length.
    assert compressed.body == file.with_name(file.name + ".gz").read_bytes()
    assert compressed.headers["content-length"] == str(len(compressed.body))
    assert gzip.decompress(compressed.body) == file.read_bytes()
    plain = nginx.get(path)
    assert "content-encoding" not in plain.headers and plain.body == file.read_bytes()


# -- in Chromium, through nginx -------------------------------------------------------


@pytest.fixture
def nginx_page(csp_page: Any, nginx: Nginx) -> Iterator[Any]:  # noqa: F811
    """`csp_page` (test_browser_csp.py), with `page.failed`: the requests to nginx that
    failed or got an error, and Chromium's complaints about the Permissions-Policy."""
    csp_page.failed = failed = []

    def answered(response: Any) -> None:
        # Material looks for a sitemap.xml beside each <link rel=alternate> of a page (one
        # per language): only the root's, the sitemap index, exists (issue 19).
        path = response.url.removeprefix(nginx.url)
        beside_a_page = path.endswith("sitemap.xml") and path not in LANGUAGE_SITEMAPS
        if response.status >= 400 and not beside_a_page:
            failed.append(f"{response.url} {response.status}")

    def console(message: Any) -> None:
        if "Permissions-Policy" in message.text:
            failed.append(message.text)

    csp_page.on("response", answered)
    csp_page.on("requestfailed", lambda request: failed.append(request.url)
                if request.url.startswith(nginx.url) else None)
    csp_page.on("console", console)
    yield csp_page


def assert_clean_through_nginx(page: Any) -> None:
    assert_clean(page)  # no CSP violation, no JavaScript error
    assert not page.failed, page.failed


def test_home_search_and_document_page_work_through_nginx(nginx_page: Any,
                                                          nginx: Nginx) -> None:
    page = nginx_page
    visit(page, nginx.url)
    assert page.evaluate("typeof __md_scope") == "object"  # material's hashed inline script
    assert page.locator(".nisdocs-latest li").count() > 0
    assert "library/" in first_search_result(page, "incident")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=nginx.url[:-1])
    visit(page, nginx.url + "library/ncg-0003/")
    # The SVG figure shows in the page: its own policy does not apply to an <img>.
    figure = page.locator("img[src$='reporting-timeline.svg']")
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    page.locator(".nisdocs-cite__copy").first.click()
    page.wait_for_function("([el, text]) => el.textContent === text", arg=[
        page.locator(".nisdocs-cite__status").first.element_handle(),
        ui_strings("en")["cite"]["copied"]])
    assert_clean_through_nginx(page)


def test_library_filters_work_through_nginx(nginx_page: Any, nginx: Nginx) -> None:
    page = nginx_page
    visit(page, nginx.url + "fr/library/")
    page.locator("#nisdocs-filters").wait_for(state="visible")  # nisdocs-library.js ran
    page.fill("#nisdocs-filter-text", "ncg-0008")
    page.press("#nisdocs-filter-text", "Enter")
    shown = page.eval_on_selector_all("table.nisdocs-documents tbody tr",
                                      "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)")
    assert shown == ["NCG-0008"]
    assert_clean_through_nginx(page)


def test_an_svg_opened_directly_runs_no_script(nginx_page: Any, nginx: Nginx) -> None:
    page = nginx_page
    response = page.goto(nginx.url + "hostile.svg", wait_until="load")
    assert response is not None and response.ok
    page.wait_for_timeout(300)
    assert page.title() != "ran"
    assert not [url for url in page.nisdocs_requests if "svg-script-ran" in url]
    # The check of the check: without the header, the same SVG runs its script.
    page.route("**/hostile.svg", lambda route: route.fulfill(
        response=(fetched := route.fetch()), headers={
            name: value for name, value in fetched.headers.items()
            if name.lower() != "content-security-policy"}))
    page.goto(nginx.url + "hostile.svg", wait_until="load")
    page.wait_for_function("() => document.title === 'ran'")


def test_a_pdf_opens_in_chromiums_viewer_through_nginx(nginx_page: Any, nginx: Nginx) -> None:
    """The PDF's policy leaves Chromium's own viewer at work: it shows the PDF's title."""
    page = nginx_page
    response = page.goto(nginx.url + PDF, wait_until="load")
    assert response is not None and response.ok
    for _ in range(100):
        viewer = [frame for frame in page.frames if frame.url.startswith(PDF_VIEWER)]
        if viewer:
            break
        page.wait_for_timeout(100)
    assert viewer, f"no PDF viewer: {[frame.url for frame in page.frames]}"
    viewer[0].wait_for_function(SHOWS, arg="Guideline on reporting significant incidents")
    assert not page.failed, page.failed

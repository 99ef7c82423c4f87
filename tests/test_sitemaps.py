"""The sitemaps (nisdocs/sitemaps.py): one per language under the index sitemap.xml, split
within the protocol's limits, dated by the sources; on small inputs, on any input
(hypothesis), then on the built sample site."""

from __future__ import annotations

import gzip
import itertools
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from conftest import LANGUAGES, PROJECT, Build, mkdocs_yml, run_mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitecheck import REFRESH

from nisdocs.library import Library
from nisdocs.sitemaps import (
    INDEX,
    MAX_BYTES,
    MAX_URLS,
    SitemapEntry,
    lastmod_of,
    sitemap_files,
    sitemap_index,
    sitemap_path,
    split_urlset,
    urlset,
)
from nisdocs.urls import Urls

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
BASE = "https://example.eu/lib/"
SITE_URL: str = mkdocs_yml()["site_url"]  # what the built site was built with
URLS = Urls("en")
W3C_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The same examples on every run, and no `.hypothesis/` database written.
PROPERTIES = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow])


def urls_of(data: bytes, base: str = BASE) -> list[str]:
    """The URLs of a sitemap, after checking it against the protocol: UTF-8 XML, a
    `urlset` of `url`s, each with one absolute `loc` first, at most one `lastmod` (a W3C
    date), then its hreflang alternates; URLs under `base`, shorter than 2,048 characters."""
    assert data.startswith(DECLARATION)
    root = ET.fromstring(data)
    assert root.tag == f"{NS}urlset"
    found = []
    for url in root:
        assert url.tag == f"{NS}url"
        tags = [child.tag for child in url]
        assert tags[0] == f"{NS}loc"
        assert tags.count(f"{NS}loc") == 1 and tags.count(f"{NS}lastmod") <= 1
        assert set(tags) <= {f"{NS}loc", f"{NS}lastmod", f"{XHTML}link"}, tags
        loc = url.findtext(f"{NS}loc", "")
        assert loc.startswith(base) and len(loc) < 2048, loc
        lastmod = url.findtext(f"{NS}lastmod")
        assert lastmod is None or W3C_DATE.fullmatch(lastmod), lastmod
        for link in url.findall(f"{XHTML}link"):
            assert link.get("rel") == "alternate" and link.get("hreflang")
            assert (link.get("href") or "").startswith(base)
        found.append(loc)
    return found


def index_locs(data: bytes) -> list[str]:
    """The sitemaps a sitemap index names, after checking its form."""
    assert data.startswith(DECLARATION)
    root = ET.fromstring(data)
    assert root.tag == f"{NS}sitemapindex"
    assert all(child.tag == f"{NS}sitemap" for child in root)
    return [child.findtext(f"{NS}loc", "") for child in root]


def entry(url: str, lastmod: str | None = None, **alternates: str) -> SitemapEntry:
    return SitemapEntry(url, lastmod, alternates)


# -- small inputs ---------------------------------------------------------------------


def test_file_names() -> None:
    assert sitemap_path("en") == "sitemap-en.xml"
    assert sitemap_path("en", 2) == "sitemap-en-2.xml"
    assert sitemap_path("fr") == "sitemap-fr.xml"
    assert sitemap_path("fr", 3) == "sitemap-fr-3.xml"
    assert INDEX == "sitemap.xml" and (MAX_URLS, MAX_BYTES) == (50_000, 52_428_800)


def test_lastmod_comes_from_the_version() -> None:
    assert lastmod_of("document", {"date": "2025-06-03"}) == "2025-06-03"
    assert lastmod_of("version", {"date": "2024-04-16"}) == "2024-04-16"
    assert lastmod_of("changes", {"old": {"date": "2024-04-16"},
                                  "new": {"date": "2025-06-03"}}) == "2025-06-03"
    for kind in ("library", "topic", "article", "downloads", "front-matter"):
        assert lastmod_of(kind, {"date": "2025-06-03"}) is None


def test_one_sitemap_per_language_under_the_index() -> None:
    home = {"en": "", "fr": "fr/"}
    doc = {"en": "library/ncg-0001/", "fr": "fr/library/ncg-0001/"}
    files = sitemap_files({
        "fr": [entry("fr/library/ncg-0001/", "2025-01-02", **doc), entry("fr/", None, **home)],
        "en": [entry("", None, **home), entry("library/ncg-0001/", "2025-01-02", **doc),
               # English only: its alternates name no French page that exists.
               entry("library/ncg-0002/", "2024-03-04", en="library/ncg-0002/",
                     fr="fr/library/ncg-0002/")],
    }, BASE)
    assert list(files) == ["sitemap-en.xml", "sitemap-fr.xml", "sitemap.xml"]
    assert index_locs(files["sitemap.xml"]) == [BASE + "sitemap-en.xml",
                                                BASE + "sitemap-fr.xml"]
    copied = sitemap_files({"en": [entry("", None, **home)]}, BASE, index_copies=["fr/"])
    assert copied == {"sitemap-en.xml": copied["sitemap-en.xml"],
                      "sitemap.xml": copied["sitemap.xml"], "fr/sitemap.xml": copied["sitemap.xml"]}
    assert urls_of(files["sitemap-fr.xml"]) == [BASE + "fr/", BASE + "fr/library/ncg-0001/"]
    assert urls_of(files["sitemap-en.xml"]) == [
        BASE, BASE + "library/ncg-0001/", BASE + "library/ncg-0002/"]
    assert files["sitemap-fr.xml"].decode() == f"""\
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" \
xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>{BASE}fr/</loc>
    <xhtml:link rel="alternate" hreflang="en" href="{BASE}"/>
    <xhtml:link rel="alternate" hreflang="fr" href="{BASE}fr/"/>
  </url>
  <url>
    <loc>{BASE}fr/library/ncg-0001/</loc>
    <lastmod>2025-01-02</lastmod>
    <xhtml:link rel="alternate" hreflang="en" href="{BASE}library/ncg-0001/"/>
    <xhtml:link rel="alternate" hreflang="fr" href="{BASE}fr/library/ncg-0001/"/>
  </url>
</urlset>
"""
    english = ET.fromstring(files["sitemap-en.xml"])
    only = english.findall(f"{NS}url")[2].findall(f"{XHTML}link")
    assert [link.get("hreflang") for link in only] == ["en"]


def test_urls_are_escaped_for_xml_and_encoded_for_the_protocol() -> None:
    odd = "library/a&b/'quoted'/\"x\"/<é> space/"
    data = urlset([entry(odd, None, en=odd)], "https://example.eu/lib")
    assert b"&amp;" in data and b"&apos;quoted&apos;" in data
    assert urls_of(data) == [BASE + "library/a&b/'quoted'/%22x%22/%3C%C3%A9%3E%20space/"]
    # Without a site_url, URLs are relative to the host's root.
    assert b"<loc>/library/</loc>" in urlset([entry("library/")], None)


def test_split_within_the_limits() -> None:
    entries = [entry(f"library/ncg-{n:04d}/", "2025-01-01", en=f"library/ncg-{n:04d}/")
               for n in range(7)]
    parts = split_urlset(entries, BASE, max_urls=3)
    assert [len(urls_of(part)) for part in parts] == [3, 3, 1]
    one = len(split_urlset(entries[:1], BASE)[0])
    by_size = split_urlset(entries, BASE, max_bytes=one + 300)
    assert all(len(part) <= one + 300 for part in by_size) and 2 < len(by_size) < 7
    assert sum(len(urls_of(part)) for part in by_size) == 7
    files = sitemap_files({"en": entries, "fr": entries[:1]}, BASE, max_urls=3)
    assert sorted(files) == ["sitemap-en-2.xml", "sitemap-en-3.xml", "sitemap-en.xml",
                             "sitemap-fr.xml", "sitemap.xml"]
    assert split_urlset([], BASE) == []
    with pytest.raises(ValueError, match="alone passes"):
        split_urlset(entries, BASE, max_bytes=one - 1)
    with pytest.raises(ValueError, match="at most 2"):
        sitemap_index(["a.xml", "b.xml", "c.xml"], BASE, max_urls=2)
    with pytest.raises(ValueError, match="no W3C date"):
        urlset([entry("x/", "3 June 2025")], BASE)


# -- any input ------------------------------------------------------------------------


segments = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                   min_size=1, max_size=12).filter(lambda text: text not in LANGUAGES)
page_urls = st.lists(segments, max_size=3).map(lambda parts: "".join(f"{p}/" for p in parts))
dates = st.dates().map(lambda day: f"{day.year:04d}-{day.month:02d}-{day.day:02d}")
entries_strategy = st.lists(st.builds(
    SitemapEntry, page_urls, st.one_of(st.none(), dates),
    st.dictionaries(st.sampled_from(LANGUAGES), page_urls, max_size=5)), max_size=40)


@PROPERTIES
@given(entries_strategy, st.integers(1, 12), st.integers(0, 3000), st.randoms())
def test_split_keeps_every_url_once_within_the_limits(entries: list[SitemapEntry],
                                                      max_urls: int, spare: int,
                                                      shuffle: random.Random) -> None:
    biggest = max((len(urlset([e], BASE)) for e in entries), default=0)
    max_bytes = biggest + spare  # room for the largest entry alone, and some
    parts = split_urlset(entries, BASE, max_urls=max_urls, max_bytes=max_bytes)
    listed = [url for part in parts for url in urls_of(part)]
    # Each entry's URL once, and nothing else.
    assert len(listed) == len(set(listed))
    assert set(listed) == {urls_of(urlset([e], BASE))[0] for e in entries}
    for part in parts:
        assert len(part) <= max_bytes
        assert 1 <= len(urls_of(part)) <= max_urls
    # Deterministic: the same entries in any order give the same bytes.
    shuffled = list(entries)
    shuffle.shuffle(shuffled)
    unique = list({e.url: e for e in entries}.values())  # the last of a URL wins
    assert split_urlset(unique, BASE, max_urls=max_urls, max_bytes=max_bytes) == parts
    if len(unique) == len(entries):
        assert split_urlset(shuffled, BASE, max_urls=max_urls, max_bytes=max_bytes) == parts


@PROPERTIES
@given(st.dictionaries(st.sampled_from(LANGUAGES), entries_strategy, max_size=5),
       st.integers(1, 8))
def test_every_file_is_in_the_index_and_every_alternate_is_listed(
        pages: dict[str, list[SitemapEntry]], max_urls: int) -> None:
    # Each language's pages under its own prefix, as the site's are.
    pages = {lang: [e._replace(url=URLS.prefix(lang) + e.url) for e in entries]
             for lang, entries in pages.items()}
    files = sitemap_files(pages, BASE, max_urls=max_urls)
    if not any(pages.values()):
        assert files == {}
        return
    locs = index_locs(files.pop(INDEX))
    assert sorted(locs) == locs == sorted(BASE + path for path in files)
    listed = Counter(url for data in files.values() for url in urls_of(data))
    assert set(listed.values()) == {1}
    for data in files.values():
        for link in ET.fromstring(data).iter(f"{XHTML}link"):
            assert link.get("href") in listed


# -- the built site --------------------------------------------------------------------


def sitemaps_of(site: Path) -> dict[str, bytes]:
    """Every sitemap file the index names, by path relative to the site root."""
    files = {}
    for loc in index_locs((site / INDEX).read_bytes()):
        assert loc.startswith(SITE_URL), loc
        path = loc[len(SITE_URL):]
        files[path] = (site / path).read_bytes()
    return files


def built_pages(site: Path) -> set[str]:
    """Every HTML page of the site but redirects and the 404 page, by URL relative to
    the site root."""
    pages = set()
    for path in site.rglob("*.html"):
        if path.name == "404.html" or REFRESH.search(path.read_text("utf-8")):
            continue
        assert path.name == "index.html", path
        folder = path.parent.relative_to(site).as_posix()
        pages.add("" if folder == "." else f"{folder}/")
    return pages


def test_every_page_of_every_language_is_in_exactly_one_sitemap(built_site: Build) -> None:
    site = built_site.site
    files = sitemaps_of(site)
    # One per language, where material's language switcher looks for it.
    assert sorted(files) == sorted(sitemap_path(lang) for lang in LANGUAGES)
    # Besides, a copy of the index in each other language's folder, beside its feed
    # (material fetches the sitemap.xml beside a page's feed link).
    copies = [f"{lang}/{INDEX}" for lang in LANGUAGES if URLS.prefix(lang)]
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("sitemap*.xml")) == \
        sorted([*files, INDEX, *copies])
    assert {(site / copy).read_bytes() for copy in copies} == {(site / INDEX).read_bytes()}
    listed: Counter[str] = Counter()
    for path, data in files.items():
        language = next(lang for lang in LANGUAGES if path == sitemap_path(lang))
        for url in urls_of(data, SITE_URL):
            page = url[len(SITE_URL):]
            listed[page] += 1
            others = [lang for lang in LANGUAGES if lang != language]
            # A sitemap lists its own language's pages only.
            assert page.startswith(URLS.prefix(language)), (path, page)
            assert not any(page.startswith(f"{lang}/") for lang in others), (path, page)
    assert set(listed.values()) == {1}
    assert set(listed) == built_pages(site)
    assert "id/ncg-0003/" not in listed and "fr/library/ncg-0003/1.1/" not in listed
    # material's theme writes no sitemap of its own any more: a sitemap.xml.gz is the
    # index's precompressed copy, if any (nisdocs/precompress.py).
    index_gz = site / f"{INDEX}.gz"
    assert not index_gz.exists() or gzip.decompress(index_gz.read_bytes()) == (
        site / INDEX).read_bytes()


def test_lastmod_is_the_version_date(built_site: Build, sample_library: Library) -> None:
    dates: dict[str, str | None] = {}
    for data in sitemaps_of(built_site.site).values():
        for url in ET.fromstring(data).findall(f"{NS}url"):
            dates[url.findtext(f"{NS}loc", "")[len(SITE_URL):]] = url.findtext(f"{NS}lastmod")
    expected = {}
    for document in sample_library.documents.values():
        public = document.public_versions
        for language in LANGUAGES:
            for version in document.versions:
                expected[URLS.page_of(document, version, language)] = version.date
            for old, new in itertools.pairwise(public):
                changes = URLS.changes(document.id, old.version, new.version, language)
                if changes in dates:
                    expected[changes] = new.date
    assert expected.items() <= dates.items()
    assert len(expected) > 5 * len(sample_library.documents)
    # Every other page goes undated: no date of the build anywhere.
    assert all(date is None for url, date in dates.items() if url not in expected)


@pytest.fixture(scope="module")
def rebuilt_site(built_site: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second build of the sample, from the first one's PDF cache."""
    build = run_mkdocs_build(PROJECT, tmp_path_factory.mktemp("rebuild") / "site",
                             pdf_cache=built_site.pdf_cache)
    assert build.returncode == 0, build.output
    return build.site


def test_two_builds_give_the_same_sitemaps(built_site: Build, rebuilt_site: Path) -> None:
    def files(site: Path) -> dict[str, bytes]:
        """The sitemaps, the index and their precompressed copies."""
        names = [*sitemaps_of(site), INDEX]
        return {name: (site / name).read_bytes()
                for name in [*names, *(f"{n}{suffix}" for n in names for suffix in (".gz", ".br"))]
                if (site / name).exists()}

    first = files(built_site.site)
    assert len(first) > len(LANGUAGES) * 2
    assert first == files(rebuilt_site)

"""Every file the real site's build writes, in both languages, listed exactly: a missing page, a
stray file (an empty sitemap, the theme's unused search, Pagefind's unused interfaces) or a file in
the wrong language's folder fails here, without reading any HTML. The theme's assets and Pagefind's
index carry hashes in their names; a hash is checked as a pattern, not a value: Pagefind writes one
fragment per indexed page of a language, so the list says how many."""

from __future__ import annotations

import hashlib
import re

from conftest import SITE_PAGES

CHARTS = ["classes_2012_2022", "craft_villages", "growth_2008_2012", "jobs"]
# Each chart in each language: light on a desktop (the plain name), and dark, or on a phone.
CHART_VARIANTS = ["svg", "desktop.dark.svg", "phone.dark.svg", "phone.light.svg"]

EXPECTED = sorted(
    [
        *SITE_PAGES,
        *(f"en/{page}" for page in SITE_PAGES),
        *(
            f"charts/{chart}.{language}.{variant}"
            for chart in CHARTS
            for language in ("vi", "en")
            for variant in CHART_VARIANTS
        ),
        "assets/images/favicon.png",
        "assets/javascripts/bundle.HASH.min.js",
        "assets/stylesheets/main.HASH.min.css",
        "assets/stylesheets/palette.HASH.min.css",
        "facts.csv",
        "facts.json",
        "facts.schema.json",
        "javascripts/data-table.js",
        "javascripts/language-switch.js",
        "javascripts/search-results.js",
        "javascripts/search-variants.js",
        "javascripts/search.js",
        # One fragment per indexed page: every page but the 404 page.
        *(f"pagefind/fragment/{language}_HASH.pf_fragment" for language in ("vi", "en") for _ in SITE_PAGES[:-1]),
        *(f"pagefind/index/{language}_HASH.pf_index" for language in ("vi", "en")),
        *(f"pagefind/pagefind.{language}_HASH.pf_meta" for language in ("vi", "en")),
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
        "pagefind/wasm.en.pagefind",
        "pagefind/wasm.unknown.pagefind",
        "sitemap.xml",
        "sitemap.xml.gz",
        "stylesheets/extra.css",
    ]
)
CONTENT_HASH = re.compile(r"^(assets/.*\.)[0-9a-f]{8}(\.min\.(?:js|css))$")
# Pagefind's index: fragment/vi_2265e9a.pf_fragment, index/en_5735f02.pf_index, pagefind.vi_6533dbc6be.pf_meta.
PAGEFIND_HASH = re.compile(r"^(pagefind/.*(?:vi|en)_)[0-9a-f]{7,10}(\.pf_(?:fragment|index|meta))$")


def test_the_build_writes_exactly_these_files(real_site):
    written = sorted(
        PAGEFIND_HASH.sub(r"\1HASH\2", CONTENT_HASH.sub(r"\1HASH\2", path.relative_to(real_site.site).as_posix()))
        for path in real_site.site.rglob("*")
        if path.is_file()
    )
    assert written == EXPECTED


def test_each_theme_asset_is_named_by_its_content(real_site):
    assets = list((real_site.site / "assets").rglob("*.min.*"))
    assert len(assets) == 3
    for asset in assets:
        assert asset.name.split(".")[1] == hashlib.sha256(asset.read_bytes()).hexdigest()[:8], asset.name

"""The build cuts the theme's stylesheets to what the site uses (site_hooks.py); a reader sees no
difference. Every page, both languages, light and dark, desktop and 390 px phone, is shot from a
build without the cut and one with it, and the two shots must be the same, pixel for pixel.

One tolerance, for the rasteriser and not the styles: Chromium's software rasteriser may paint the
anti-aliased corner of a rounded table border, at a fractional position, a few levels apart between
two loads whose computed styles and boxes are identical (seen: 2 pixels of one page, 3 levels).
So a shot may differ in at most MAX_PIXELS pixels, each by at most MAX_LEVELS per channel; any
rule cut wrongly changes far more (a colour, a margin, a hidden element)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from conftest import ROOT, SITE_PAGES
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from site_hooks import UNTRIMMED
from tools.local_site import html_pages, page_address, serve

MAX_PIXELS = 16
MAX_LEVELS = 8
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("default", "slate")


@pytest.fixture(scope="session")
def both_builds(real_site, tmp_path_factory) -> tuple[Path, Path]:
    """The site without the cut, and the session's strict build of the real site, which cuts."""
    untrimmed = tmp_path_factory.mktemp("untrimmed")
    os.environ[UNTRIMMED] = "1"
    try:
        # The strict build always cuts: the untouched stylesheets need a non-strict build.
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(untrimmed), strict=False))
    finally:
        os.environ.pop(UNTRIMMED, None)
    return untrimmed, real_site.site


def test_a_strict_build_refuses_to_leave_the_stylesheets_whole(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(UNTRIMMED, "1")
    with pytest.raises(Abort):
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path), strict=True))
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert errors == [f"{UNTRIMMED} is for the visual-regression test's non-strict build only: unset it"]
    assert not (tmp_path / "index.html").exists()


@pytest.fixture(scope="session")
def shooters(browser, both_builds):
    """One tab per viewport on each build's server, reused for every page."""
    with serve(both_builds[0]) as before_url, serve(both_builds[1]) as after_url:
        contexts = {name: browser.new_context(viewport={"width": w, "height": h}) for name, (w, h) in VIEWPORTS.items()}
        tabs = {name: (context.new_page(), context.new_page()) for name, context in contexts.items()}
        yield before_url, after_url, tabs
        for context in contexts.values():
            context.close()


def open_page(tab, url: str) -> None:
    """The page with every image loaded and decoded, the lazy ones below the fold too."""
    tab.goto(url)
    tab.evaluate(
        """() => Promise.all([...document.images].map((image) => {
            image.loading = "eager";
            return image.decode().catch(() => null);
        }))"""
    )


def shot(tab, scheme: str) -> bytes:
    # The scheme the palette toggle sets: Material reads it from the body.
    tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    return tab.screenshot(full_page=True, animations="disabled", caret="hide")


COMPARE = """async ([a, b]) => {
    const load = async (data) => createImageBitmap(await (await fetch("data:image/png;base64," + data)).blob());
    const [one, two] = await Promise.all([load(a), load(b)]);
    if (one.width !== two.width || one.height !== two.height) return [Infinity, Infinity];
    const pixels = (image) => {
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext("2d");
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height).data;
    };
    const [p, q] = [pixels(one), pixels(two)];
    let count = 0, levels = 0;
    for (let i = 0; i < p.length; i += 4) {
        const delta = Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]), Math.abs(p[i + 2] - q[i + 2]));
        if (delta) { count++; levels = Math.max(levels, delta); }
    }
    return [count, levels];
}"""


def differences(tab, before: bytes, after: bytes) -> tuple[float, float]:
    """(pixels that differ, largest difference of a channel) between two PNG shots."""
    if before == after:
        return 0, 0
    return tuple(tab.evaluate(COMPARE, [base64.b64encode(before).decode(), base64.b64encode(after).decode()]))


def test_the_cut_stylesheets_are_smaller_and_the_untrimmed_build_is_whole(both_builds):
    untrimmed, trimmed = (
        sum(p.stat().st_size for p in (site / "assets/stylesheets").glob("*.css")) for site in both_builds
    )
    assert trimmed < untrimmed * 0.7, (trimmed, untrimmed)
    assert html_pages(both_builds[0]) == html_pages(both_builds[1])


@pytest.mark.parametrize("language", ["", "en/"])
@pytest.mark.parametrize("path", SITE_PAGES)
def test_a_page_looks_the_same_with_the_cut_stylesheets(shooters, both_builds, tmp_path, language, path):
    before_url, after_url, tabs = shooters
    page = language + path
    assert page in html_pages(both_builds[1])
    different = []
    for viewport, (before_tab, after_tab) in tabs.items():
        open_page(before_tab, before_url + page_address(page))
        open_page(after_tab, after_url + page_address(page))
        for scheme in SCHEMES:
            before, after = shot(before_tab, scheme), shot(after_tab, scheme)
            pixels, levels = differences(after_tab, before, after)
            if pixels > MAX_PIXELS or levels > MAX_LEVELS:
                name = f"{page.replace('/', '-')}.{viewport}.{scheme}: {pixels} pixels, up to {levels} levels"
                (tmp_path / f"{page.replace('/', '-')}.{viewport}.{scheme}.untrimmed.png").write_bytes(before)
                (tmp_path / f"{page.replace('/', '-')}.{viewport}.{scheme}.trimmed.png").write_bytes(after)
                different.append(name)
    assert different == [], f"shots differ; both versions of each are in {tmp_path}"

"""`make screenshots` takes every page, both languages, desktop and phone, light and dark."""

import struct

from conftest import build_project
from small_project import make_small_project

from tools.screenshots import VIEWPORTS, shot_name, take_screenshots


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_names_say_page_viewport_and_scheme():
    assert shot_name("index.html", "phone", "dark") == "home.phone.dark.png"
    assert shot_name("en/documents/report/index.html", "desktop", "light") == "en-documents-report.desktop.light.png"


def test_every_page_in_both_languages_desktop_and_phone_light_and_dark(tmp_path, caplog, browser):
    project = make_small_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_project(project, site, caplog).ok
    taken = take_screenshots(site, tmp_path / "shots", browser)
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert len(pages) == 8  # four page pairs
    assert {p.name for p in taken} == {
        shot_name(page, viewport, scheme) for page in pages for viewport in VIEWPORTS for scheme in ("light", "dark")
    }
    for path in taken:
        width, _ = png_size(path)
        assert width == VIEWPORTS[path.name.split(".")[-3]][0]

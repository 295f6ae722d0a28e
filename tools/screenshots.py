"""`make screenshots` (python -m tools.screenshots SITE OUTPUT): every page of a built site, in both languages,
on a desktop and a 390 px phone, light and dark, as PNG files; served and shown as `make check-site` does."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.local_site import chromium, html_pages, page_address, serve

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = {"light": "default", "dark": "slate"}


def shot_name(page: str, viewport: str, scheme: str) -> str:
    """en/glossary/index.html, phone, dark -> en-glossary.phone.dark.png"""
    stem = page_address(page).strip("/").replace("/", "-") or "home"
    return f"{stem}.{viewport}.{scheme}.png"


def take_screenshots(site: Path, output: Path, browser) -> list[Path]:
    """Screenshots of every page but the 404s into output, taken in the given Playwright browser."""
    pages = [page for page in html_pages(site) if not page.endswith("404.html")]
    output.mkdir(parents=True, exist_ok=True)
    taken = []
    with serve(site) as base_url:
        for viewport, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            tab = context.new_page()
            for page in pages:
                tab.goto(base_url + page_address(page))
                for scheme, material_scheme in SCHEMES.items():
                    # The scheme the palette toggle sets: Material reads it from the body.
                    tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{material_scheme}')")
                    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
                    tab.wait_for_load_state("networkidle")
                    tab.evaluate("window.scrollTo(0, 0)")
                    path = output / shot_name(page, viewport, scheme)
                    tab.screenshot(path=str(path), full_page=True)
                    taken.append(path)
            context.close()
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("output", type=Path, help="where the PNG files go")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first")
    with chromium() as browser:
        taken = take_screenshots(args.site, args.output, browser)
    print(f"{len(taken)} screenshots in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

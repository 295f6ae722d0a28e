"""A built site on 127.0.0.1 and a headless Chromium, as the tests, the page checks and the benchmark need them."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Headless, and nothing of the browser's own that talks to the network.
QUIET = ("--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *QUIET)
# CHROMIUM_PATH, so that another machine can point elsewhere; Debian's chromium otherwise.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def html_pages(site: Path) -> list[str]:
    """Every HTML file of a built site, relative to it, in a stable order."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def page_address(page: str) -> str:
    """The address of a page under the site's root: en/index.html -> en/."""
    return page.removesuffix("index.html")


class _Handler(SimpleHTTPRequestHandler):
    """Serves text gzipped, as GitHub Pages does, so that Lighthouse scores what readers receive."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        for name, value in (("Content-Type", kind), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))):
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:
        pass  # a line per request would drown every report


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser leaving a page cancels the requests it no longer needs; that is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """The folder served on 127.0.0.1 (on a free port unless given) in a thread; yields its address."""
    server = _Server(("127.0.0.1", port), functools.partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium driven by Playwright, with a fresh profile of its own (Playwright makes one)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"no browser at {CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()

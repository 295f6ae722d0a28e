"""Page-quality checks of a built site: `python -m tools.check_site site`.

Every problem is printed as one line `path: checker: message` (path relative to the site folder), then one summary
line of counts per checker; the exit status is 1 when there is any problem. Everything runs offline: the site is
served on 127.0.0.1 and the browsers are kept from reaching any other host.

Checkers: vnu (Nu HTML Checker), links (internal links and #anchors), axe (axe-core in Chromium), requests (no
request to another host, no HTTP error), weight (bytes per page), seo (description, canonical, hreflang, sitemap),
lighthouse (four pages, mobile preset).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import posixpath
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"

CHECKERS = ("vnu", "links", "axe", "requests", "weight", "seo", "lighthouse")
BROWSER_CHECKERS = {"axe", "requests", "weight"}
LOCAL_HOST = "127.0.0.1"
# Every browser started here gets these: headless, and nothing of its own that talks to the network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# A second guard for Lighthouse, whose requests are not routed through Playwright: no name but 127.0.0.1 resolves.
OFFLINE_RESOLVER_FLAG = f"--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}'"
MAX_PAGE_BYTES = 300 * 1024
PAGE_TIMEOUT_MS = 30_000
VNU_TIMEOUT_S = 300
LIGHTHOUSE_TIMEOUT_S = 240
LIGHTHOUSE_PAGES = ("", "en/", "results-2012-2022/", "en/results-2012-2022/")
LIGHTHOUSE_CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LANGUAGES = ("vi", "en")
HREFLANGS = (*LANGUAGES, "x-default")
# The 404 pages (one per language) are not indexed: no canonical address or translations of their own.
NOT_INDEXED_PAGE = "404.html"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Problem:
    path: str
    checker: str
    message: str

    def __str__(self) -> str:
        # One line each, whatever a tool's message holds.
        return f"{self.path}: {self.checker}: {' '.join(self.message.split())}"


def chromium_path() -> str:
    """The browser comes from CHROMIUM_PATH so that CI on another machine can point elsewhere."""
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


# ---------------------------------------------------------------- pages and their HTML


@dataclass
class PageInfo:
    """What the checks need from one HTML file."""

    lang: str | None = None
    ids: set[str] = field(default_factory=set)
    urls: list[str] = field(default_factory=list)
    description: str | None = None
    canonical: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)


class _PageParser(HTMLParser):
    LINK_ATTRIBUTES = ("href", "src", "xlink:href")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and self.info.lang is None:
            self.info.lang = values.get("lang", "")
        if "id" in values:
            self.info.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.info.ids.add(values["name"])
        self.info.urls.extend(values[name] for name in self.LINK_ATTRIBUTES if values.get(name))
        if tag == "meta" and values.get("name", "").lower() == "description":
            self.info.description = values.get("content", "")
        if tag == "link":
            self._head_link(values)

    handle_startendtag = handle_starttag

    def _head_link(self, values: dict[str, str]) -> None:
        rel = values.get("rel", "").lower().split()
        if "canonical" in rel:
            self.info.canonical = values.get("href", "")
        if "alternate" in rel and "hreflang" in values:
            self.info.alternates[values["hreflang"]] = values.get("href", "")


@functools.lru_cache(maxsize=512)
def parse_page(path: Path) -> PageInfo:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.info


def html_pages(site: Path) -> list[str]:
    """Every HTML file of the site, as POSIX paths relative to it, in a stable order."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_url_path(rel: str) -> str:
    """The URL path under the site root at which a file is served: directory URLs for index.html."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def url_path_to_file(url_path: str) -> str:
    """The file a site-relative URL path is served from (the inverse of page_url_path)."""
    return url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path


def is_absolute_url(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def site_base_path(site: Path) -> str:
    """The URL path the site is published under (the path of site_url), read from the home page's canonical link.

    Root-relative links ("/en/") include it, so they are resolved against it; "/" when there is no canonical link.
    """
    home = site / "index.html"
    canonical = parse_page(home).canonical if home.is_file() else None
    path = urlsplit(canonical).path if is_absolute_url(canonical) else "/"
    return path if path.endswith("/") else path + "/"


def site_port(site: Path) -> int:
    """The port the site was built for, when its canonical links are on this machine (0: any free port).

    Serving there lets the theme's own requests to absolute URLs (sitemaps beside hreflang links) reach the site.
    """
    home = site / "index.html"
    canonical = parse_page(home).canonical if home.is_file() else None
    parts = urlsplit(canonical or "")
    return parts.port or 0 if is_absolute_url(canonical) and parts.hostname == LOCAL_HOST else 0


# ---------------------------------------------------------------- links and anchors


def resolve_link(site: Path, page: str, url: str, base_path: str = "/") -> tuple[str | None, str] | None:
    """The file of the site a link points to and its fragment; None for links that leave the site (another
    scheme or host); (None, fragment) for a link that points to no file."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    # Joined as a browser does, against the address the page is served at (so "/../" is the root, as there).
    page_url = f"http://{LOCAL_HOST}{base_path}{page_url_path(page)}"
    joined = urlsplit(urljoin(page_url, url))
    fragment = unquote(joined.fragment)
    path = unquote(joined.path)
    if not path.startswith(base_path):
        return None, fragment
    target = url_path_to_file(path[len(base_path) :])
    # A directory URL is served from its index.html, with or without the trailing slash.
    if (site / target).is_dir():
        target = posixpath.join(target, "index.html")
    return (target if (site / target).is_file() else None), fragment


def link_problems(site: Path, page: str, base_path: str) -> list[Problem]:
    problems = []
    for url in dict.fromkeys(parse_page(site / page).urls):
        resolved = resolve_link(site, page, url, base_path)
        if resolved is None:
            continue
        target, fragment = resolved
        if target is None:
            problems.append(Problem(page, "links", f'broken link "{url}": no such file in the site'))
        elif fragment and not anchor_exists(site / target, fragment):
            problems.append(Problem(page, "links", f'broken anchor "{url}": no id "{fragment}" in {target}'))
    return problems


def anchor_exists(target: Path, fragment: str) -> bool:
    # "#top" always means the top of the document (HTML standard); anchors are only checked in HTML files.
    if fragment == "top" or target.suffix != ".html":
        return True
    return fragment in parse_page(target).ids


def check_links(site: Path, pages: list[str]) -> list[Problem]:
    base_path = site_base_path(site)
    return [problem for page in pages for problem in link_problems(site, page, base_path)]


# ---------------------------------------------------------------- Nu HTML Checker


def check_vnu(site: Path, pages: list[str]) -> list[Problem]:
    """All pages in one JVM: starting Java is most of the time the checker takes."""
    java = shutil.which(os.environ.get("JAVA", "java"))
    if java is None or not VNU_JAR.is_file():
        return [Problem(".", "vnu", f"cannot run: needs java and {VNU_JAR.relative_to(ROOT)} (run npm ci)")]
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *(str(site / p) for p in pages)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=VNU_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return [Problem(".", "vnu", f"timed out after {VNU_TIMEOUT_S} s")]
    # The JSON report goes to stderr; anything else there means Java itself failed.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        return [Problem(".", "vnu", f"no report (exit {result.returncode}): {result.stderr.strip()[:300]}")]
    return [vnu_problem(site, message) for message in messages if message.get("type") != "info"]


def vnu_problem(site: Path, message: dict) -> Problem:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(site.resolve())
    line = message.get("lastLine")
    where = f"line {line}: " if line else ""
    return Problem(path.as_posix(), "vnu", f"{where}{message.get('message', message.get('type'))}")


# ---------------------------------------------------------------- SEO basics


def seo_problems(site: Path, page: str, base_url_path: str) -> list[str]:
    info = parse_page(site / page)
    problems = []
    if info.lang not in LANGUAGES:
        problems.append(f'<html lang="{info.lang}"> is not one of {", ".join(LANGUAGES)}')
    if posixpath.basename(page) == NOT_INDEXED_PAGE:
        return problems
    if not (info.description or "").strip():
        problems.append('no non-empty <meta name="description">')
    if info.canonical is None:
        problems.append('no <link rel="canonical">')
    elif not is_absolute_url(info.canonical):
        problems.append(f'canonical "{info.canonical}" is not an absolute URL')
    elif urlsplit(info.canonical).path != base_url_path + page_url_path(page):
        problems.append(f'canonical "{info.canonical}" is not the address of this page')
    for hreflang in HREFLANGS:
        href = info.alternates.get(hreflang)
        if href is None:
            problems.append(f'no <link rel="alternate" hreflang="{hreflang}">')
        elif not is_absolute_url(href):
            problems.append(f'alternate hreflang="{hreflang}" href "{href}" is not an absolute URL')
    return problems


def sitemap_locations(site: Path) -> set[str] | None:
    try:
        root = ET.parse(site / "sitemap.xml").getroot()
    except (OSError, ET.ParseError):
        return None
    return {(loc.text or "").strip() for loc in root.iter(f"{SITEMAP_NS}loc")}


def sitemap_problems(site: Path, pages: list[str]) -> list[Problem]:
    locations = sitemap_locations(site)
    if locations is None:
        return [Problem("sitemap.xml", "seo", "missing or not valid XML")]
    problems = []
    listed_languages = set()
    for page in pages:
        info = parse_page(site / page)
        if posixpath.basename(page) == NOT_INDEXED_PAGE or not is_absolute_url(info.canonical):
            continue
        if info.canonical in locations:
            listed_languages.add(info.lang)
        else:
            problems.append(Problem(page, "seo", f'canonical "{info.canonical}" is not listed in sitemap.xml'))
    problems += [
        Problem("sitemap.xml", "seo", f'lists no page in "{lang}"')
        for lang in LANGUAGES
        if lang not in listed_languages
    ]
    return problems


def check_seo(site: Path, pages: list[str]) -> list[Problem]:
    base_path = site_base_path(site)
    problems = [Problem(page, "seo", message) for page in pages for message in seo_problems(site, page, base_path)]
    return problems + sitemap_problems(site, pages)


# ---------------------------------------------------------------- the local server


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    base_path = "/"
    compress = False
    COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

    def translate_path(self, path: str) -> str:
        # The site is served under the path it is published at, so that its root-relative links work.
        if path.startswith(self.base_path):
            path = "/" + path[len(self.base_path) :]
        return super().translate_path(path)

    def do_GET(self) -> None:
        file = self._compressible_file()
        if file is None:
            super().do_GET()
            return
        body = gzip.compress(file.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _compressible_file(self) -> Path | None:
        """The text file to send gzipped, as the publishing host does; None to answer as plain http.server does."""
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if path.is_file() and self.guess_type(str(path)).startswith(self.COMPRESSIBLE):
            return path
        return None

    def log_message(self, *args) -> None:
        pass  # one line per request would drown the report


@contextlib.contextmanager
def serve_site(site: Path, compress: bool = False) -> Iterator[str]:
    """Serve the site on 127.0.0.1 (on the port it was built for, else a free one), in a thread; yields its base URL.

    Uncompressed by default, so that the bytes a browser receives are the bytes of the files.
    """
    base_path = site_base_path(site)
    handler = type("Handler", (_SiteHandler,), {"base_path": base_path, "compress": compress})
    address = (LOCAL_HOST, site_port(site))
    server = http.server.ThreadingHTTPServer(address, functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---------------------------------------------------------------- the browser: axe, requests, weight


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_served_url(url: str, site_origin: str) -> bool:
    """True for a URL of the served site, or one that needs no network at all (data:, blob:, about:)."""
    return urlsplit(url).scheme in ("data", "blob", "about", "javascript") or origin(url) == site_origin


def outside_message(url: str) -> str:
    if urlsplit(url).hostname == LOCAL_HOST:
        # In practice an address built from site_url (http://127.0.0.1:8000/) instead of a relative one.
        return f"request to another port of {LOCAL_HOST}, not the served site: {url}"
    return f"request to another host: {url}"


_AXE_SUMMARY = """async () => {
    const results = await axe.run();
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
        target: v.nodes.length ? v.nodes[0].target.join(" ") : "",
    }));
}"""


@dataclass
class PageLoad:
    """What one page load sent and received."""

    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)


def _only_the_site(site_origin: str, route) -> None:
    # Requests elsewhere are recorded by the request listener and never leave the browser.
    if is_served_url(route.request.url, site_origin):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def _listeners(load: PageLoad, site_origin: str) -> dict[str, Callable]:
    """Handlers of the browser context's events, by event name, that fill `load`."""

    def shown(url: str) -> str:
        return url.removeprefix(site_origin)

    def on_request(request) -> None:
        if not is_served_url(request.url, site_origin):
            load.outside.append(request.url)

    def on_response(response) -> None:
        if not is_served_url(response.url, site_origin):
            return
        load.responses.append(response)
        if response.status >= 400:
            load.failed.append(f"{response.request.method} {shown(response.url)} answered {response.status}")

    def on_request_failed(request) -> None:
        # Requests the page itself cancels (ERR_ABORTED) are no fault of the server.
        if is_served_url(request.url, site_origin) and request.failure != "net::ERR_ABORTED":
            load.failed.append(f"{request.method} {shown(request.url)} failed: {request.failure}")

    return {"request": on_request, "response": on_response, "requestfailed": on_request_failed}


def response_sizes(load: PageLoad, base_url: str) -> dict[str, int]:
    """Bytes of each response body by URL path; the server does not compress, so this is what was transferred."""
    sizes: dict[str, int] = {}
    for response in load.responses:
        # Redirects and aborted loads have no body to count.
        with contextlib.suppress(Exception):
            path = response.url.removeprefix(base_url) or "/"
            sizes[path] = sizes.get(path, 0) + len(response.body())
    return sizes


def weight_message(sizes: dict[str, int]) -> str:
    total = sum(sizes.values())
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    shown = ", ".join(f"{path} {size / 1024:.0f} KiB" for path, size in largest)
    return f"{total} bytes transferred ({total / 1024:.0f} KiB), over {MAX_PAGE_BYTES // 1024} KiB; largest: {shown}"


def axe_messages(page) -> list[str]:
    page.add_script_tag(path=str(AXE_JS))
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; {v['nodes']} node(s), first: {v['target']}"
        for v in page.evaluate(_AXE_SUMMARY)
    ]


def load_page(browser, url: str, base_url: str, checkers: set[str]) -> tuple[PageLoad, list[str]]:
    """One page in a fresh context (an empty cache, so every byte is counted), until the network is idle."""
    context = browser.new_context()
    try:
        load = PageLoad()
        for event, handler in _listeners(load, origin(base_url)).items():
            context.on(event, handler)
        context.route("**/*", functools.partial(_only_the_site, origin(base_url)))
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        # Lazy requests (the search worker's index) count too; a page that never goes idle is still checked.
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=10_000)
        violations = axe_messages(page) if "axe" in checkers else []
        if "weight" in checkers:
            load.sizes = response_sizes(load, base_url)
        return load, violations
    finally:
        context.close()


def browser_page_problems(page: str, load: PageLoad, violations: list[str], checkers: set[str]) -> list[Problem]:
    problems = [Problem(page, "axe", message) for message in violations]
    if "requests" in checkers:
        outside = dict.fromkeys(load.outside)
        problems += [Problem(page, "requests", outside_message(url)) for url in outside]
        problems += [Problem(page, "requests", message) for message in dict.fromkeys(load.failed)]
    if "weight" in checkers and sum(load.sizes.values()) > MAX_PAGE_BYTES:
        problems.append(Problem(page, "weight", weight_message(load.sizes)))
    return problems


def check_browser(site: Path, pages: list[str], checkers: set[str], browser=None) -> list[Problem]:
    """axe, requests and weight share one load of each page in headless Chromium driven by Playwright.

    A caller that already drives a browser (the test session) passes it: Playwright's sync API cannot be
    started twice in one thread.
    """
    if "axe" in checkers and not AXE_JS.is_file():
        return [Problem(".", "axe", f"cannot run: {AXE_JS.relative_to(ROOT)} is missing (run npm ci)")]
    if browser is not None:
        return browser_problems(site, pages, checkers, browser)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives the browser a fresh temporary profile (--user-data-dir) of its own.
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_FLAGS))
        try:
            return browser_problems(site, pages, checkers, browser)
        finally:
            browser.close()


def browser_problems(site: Path, pages: list[str], checkers: set[str], browser) -> list[Problem]:
    from playwright.sync_api import Error as PlaywrightError

    problems = []
    with serve_site(site) as base_url:
        for page in pages:
            try:
                load, violations = load_page(browser, base_url + page_url_path(page), base_url, checkers)
            except PlaywrightError as error:
                checker = next(name for name in CHECKERS if name in checkers)
                problems.append(Problem(page, checker, f"page could not be checked: {error.message[:300]}"))
                continue
            problems += browser_page_problems(page, load, violations, checkers)
    return problems


# ---------------------------------------------------------------- Lighthouse


def lighthouse_command(url: str, output: Path, profile: Path) -> list[str]:
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", OFFLINE_RESOLVER_FLAG]
    return [
        shutil.which("node") or "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        f"--chrome-flags={' '.join(flags)}",
    ]


def run_lighthouse(url: str) -> dict | str:
    """One Lighthouse run (mobile preset, the default), its JSON report, or why there is none."""
    with tempfile.TemporaryDirectory(prefix="check-site-lighthouse-", ignore_cleanup_errors=True) as tmp:
        output, profile = Path(tmp) / "report.json", Path(tmp) / "profile"
        # TMPDIR: chrome-launcher's own profile and logs go in this run's folder too, and go with it.
        env = {**os.environ, "CHROME_PATH": chromium_path(), "TMPDIR": tmp}
        # A session of its own, so that on a timeout Lighthouse and the Chromium it started end together.
        process = subprocess.Popen(
            lighthouse_command(url, output, profile),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=LIGHTHOUSE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            kill_browsers_using(profile)
            return f"timed out after {LIGHTHOUSE_TIMEOUT_S} s"
        if process.returncode != 0 or not output.is_file():
            return f"failed (exit {process.returncode}): {stderr.strip()[-300:]}"
        return json.loads(output.read_text(encoding="utf-8"))


def kill_browsers_using(profile: Path) -> None:
    """End the Chromium processes started with this run's own profile folder, and no other process.

    chrome-launcher starts Chromium detached, in a process group of its own, so ending Lighthouse's group
    leaves it running; the profile folder, fresh for each run, names exactly the processes this run started.
    """
    marker = f"--user-data-dir={profile}".encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError, ValueError):
            if marker in cmdline.read_bytes().split(b"\0"):
                os.kill(int(cmdline.parent.name), signal.SIGKILL)


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits of a category that lost points: score below 1 and scored (not informative, n/a or manual)."""
    audits = report["audits"]
    failing = []
    # The audits that weigh in the score first: they are the ones that move it.
    for ref in sorted(report["categories"][category]["auditRefs"], key=lambda ref: -ref.get("weight", 0)):
        audit = audits[ref["id"]]
        if audit.get("scoreDisplayMode") in ("informative", "notApplicable", "manual"):
            continue
        if audit.get("score") is not None and audit["score"] < 1:
            shown = f", {audit['displayValue']}" if audit.get("displayValue") else ""
            hint = f" [{first_item(audit)}]" if category != "performance" and first_item(audit) else ""
            failing.append(f"{audit['id']} ({audit['score']:.2f}{shown}){hint}")
    return failing


def first_item(audit: dict) -> str:
    """The first thing an audit found (a console message, an element, a URL), so that the fix can be found."""
    items = audit.get("details", {}).get("items") or [{}]
    item = items[0]
    node = item.get("node") or item.get("source") or {}
    parts = [
        item.get("description"),
        (item.get("sourceLocation") or {}).get("url"),
        node.get("snippet") if isinstance(node, dict) else None,
        item.get("url"),
    ]
    text = " ".join(str(part) for part in parts if part)
    more = f" and {len(items) - 1} more" if len(items) > 1 else ""
    return f"{text[:200]}{more}" if text else ""


def lighthouse_problems(page: str, report: dict) -> list[Problem]:
    problems = []
    if report.get("runtimeError"):
        problems.append(Problem(page, "lighthouse", f"runtime error: {report['runtimeError'].get('message')}"))
    for category, minimum in LIGHTHOUSE_CATEGORIES.items():
        score = report["categories"].get(category, {}).get("score")
        if score is None:
            problems.append(Problem(page, "lighthouse", f"{category}: no score"))
        elif round(score * 100) < minimum:
            audits = ", ".join(failing_audits(report, category)) or "no failing audit listed"
            problems.append(Problem(page, "lighthouse", f"{category} {round(score * 100)} < {minimum}: {audits}"))
    return problems


def check_lighthouse(site: Path, pages: list[str]) -> list[Problem]:
    if not LIGHTHOUSE_CLI.is_file():
        return [Problem(".", "lighthouse", f"cannot run: {LIGHTHOUSE_CLI.relative_to(ROOT)} is missing (run npm ci)")]
    problems = []
    # Gzipped, as the publishing host (GitHub Pages) serves text: Lighthouse's simulated slow network would
    # otherwise score the transfer of uncompressed files that no reader receives.
    with serve_site(site, compress=True) as base_url:
        # One at a time: parallel runs on two cores would skew each other's performance scores.
        for url_path in LIGHTHOUSE_PAGES:
            page = url_path_to_file(url_path)
            report = run_lighthouse(base_url + url_path)
            if isinstance(report, str):
                problems.append(Problem(page, "lighthouse", report))
            else:
                problems += lighthouse_problems(page, report)
    return problems


# ---------------------------------------------------------------- running the checkers


def run_checkers(site: Path, checkers: list[str]) -> tuple[list[Problem], dict[str, float]]:
    """The stages that the selected checkers need, in a fixed order; the problems and how long each stage took."""
    pages = html_pages(site)
    # Each stage, the checkers it serves, and how it runs; the browser stage serves three with one load per page.
    stages: list[tuple[str, set[str], Callable[[], list[Problem]]]] = [
        ("vnu", {"vnu"}, lambda: check_vnu(site, pages)),
        ("links", {"links"}, lambda: check_links(site, pages)),
        ("seo", {"seo"}, lambda: check_seo(site, pages)),
        ("browser", BROWSER_CHECKERS, lambda: check_browser(site, pages, set(checkers) & BROWSER_CHECKERS)),
        ("lighthouse", {"lighthouse"}, lambda: check_lighthouse(site, pages)),
    ]
    problems, timings = [], {}
    for name, served, stage in stages:
        owners = [checker for checker in checkers if checker in served]
        if not owners:
            continue
        start = time.monotonic()
        try:
            problems += stage()
        except Exception as error:  # a checker that cannot run (no browser, say) is a problem, not a crash
            problems.append(Problem(".", owners[0], f"could not run: {type(error).__name__}: {error}"))
        timings[name] = time.monotonic() - start
    return problems, timings


def summary(problems: list[Problem], checkers: list[str]) -> str:
    counts = dict.fromkeys(checkers, 0)
    for problem in problems:
        counts[problem.checker] = counts.get(problem.checker, 0) + 1
    total = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
    return "summary: " + ", ".join(f"{name} {count}" for name, count in counts.items()) + f"; {total}"


def selected_checkers(only: str | None, lighthouse: bool) -> list[str]:
    names = [name.strip() for name in only.split(",") if name.strip()] if only else list(CHECKERS)
    unknown = [name for name in names if name not in CHECKERS]
    if unknown:
        raise SystemExit(f"unknown checker(s): {', '.join(unknown)}; choose from {', '.join(CHECKERS)}")
    return [name for name in CHECKERS if name in names and (lighthouse or name != "lighthouse")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="the built site folder (default: site)")
    parser.add_argument("--only", metavar="CHECKER[,CHECKER]", help=f"run only these: {', '.join(CHECKERS)}")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the (slow) Lighthouse stage")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first (make build)")
    checkers = selected_checkers(args.only, not args.no_lighthouse)
    problems, timings = run_checkers(args.site, checkers)
    for problem in problems:
        print(problem)
    print(summary(problems, checkers))
    for name, seconds in timings.items():
        print(f"check_site: {name} took {seconds:.1f} s", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

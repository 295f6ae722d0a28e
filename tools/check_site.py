"""`make check-site` (python -m tools.check_site SITE [--url http://127.0.0.1:8765/] [--no-lighthouse]).

SITE, built for --url (its SITE_URL), is served there and checked: Nu HTML Checker; in one load of each page in
Chromium, axe-core, script errors, links and #anchors, requests off the site, weight; then Lighthouse. Budgets and
Lighthouse minimums are data (tools/page_budgets.yaml); SEO basics of every page are tests/test_site.py's. One line
per problem on stdout, in the engine's form (path:line:col: checker: what. Fix: how), exit 1 if any; figures go to
stderr. Nothing leaves 127.0.0.1: the page browser aborts other requests, Lighthouse's resolves no other name.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from playwright.sync_api import Error as PlaywrightError

from khuyencong.problems import Problem
from tools.local_site import CHROMIUM, CHROMIUM_FLAGS, chromium, html_pages, page_address, serve

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = Path(__file__).with_name("page_budgets.yaml")
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
LIGHTHOUSE_CLI = ROOT / "node_modules/lighthouse/cli/index.js"
NO_NETWORK = ("data", "blob", "about")
# What a loaded page holds once axe-core has run on it; the browser resolves every address.
READ_PAGE = """async () => {
  const all = selector => [...document.querySelectorAll(selector)];
  const address = value => { try { return new URL(value, document.baseURI).href } catch { return value } };
  const { violations } = await axe.run();
  return {
    axe: violations.map(v => [`${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), first: `
                              + v.nodes[0].target.join(" "), v.helpUrl]),
    ids: all("[id]").map(e => e.id).concat(all("a[name]").map(e => e.name)),
    links: all("[href], [src]").map(e => address(e.getAttribute(e.hasAttribute("href") ? "href" : "src"))),
  };
}"""


def problem(page: str, checker: str, what: str, fix: str = "", line: int = 1, col: int = 1) -> Problem:
    """One line, whatever a tool's message holds; a page as a whole is at 1:1, as in the engine's page checks."""
    return Problem(page, line, col, f"{checker}: {' '.join(what.split())}", fix)


def load_budgets(path: Path = BUDGETS) -> dict:
    budgets = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = {"page_kib", "lighthouse_pages", "lighthouse_minimum"}
    if not isinstance(budgets, dict) or set(budgets) != keys or "default" not in (budgets["page_kib"] or {}):
        raise SystemExit(f"{path}: needs exactly the keys {', '.join(sorted(keys))}, and page_kib.default")
    return budgets


def check(site: Path, base_url: str, browser, budgets: dict) -> list[Problem]:
    """Every check but Lighthouse, on the site as served at base_url, in the given Playwright browser. Each page is
    loaded once, in a fresh context, so that nothing comes from a cache and every file it needs is counted."""
    pages, loads = html_pages(site), {}
    problems = check_html(site, pages)
    for page in pages:
        try:
            loads[page] = load(browser, base_url, page)
        except PlaywrightError as error:  # a page that will not load (in time) is a problem of the site
            problems.append(problem(page, "browser", f"could not load: {error.message[:300]}"))
    ids = {page: set(loaded["ids"]) for page, loaded in loads.items()}
    for page, loaded in loads.items():
        problems += [problem(page, "axe", what, f"see {help_url}") for what, help_url in loaded["axe"]]
        problems += [problem(page, "script", what) for what in loaded["errors"]]
        off_site = [url for url in loaded["requested"] if not on_site(url, base_url)]
        problems += [problem(page, "requests", f"off the site: {url}", "serve it from the site") for url in off_site]
        problems += link_problems(site, page, base_url, loaded, ids)
        problems += weight_problems(site, page, base_url, loaded, budgets["page_kib"])
    return sorted(set(problems))


def check_html(site: Path, pages: list[str]) -> list[Problem]:
    """The Nu HTML Checker on every page in one JVM: starting Java is most of the time it takes."""
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *(str(site / p) for p in pages)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        messages = json.loads(run.stderr)["messages"]  # the report goes to stderr
    except (json.JSONDecodeError, KeyError):
        return [problem(".", "vnu", f"no report (exit {run.returncode}): {run.stderr[:300]}")]
    problems = []
    for m in messages:  # where vnu places a fault: the end of the markup that holds it
        path = Path(unquote(urlsplit(m["url"]).path)).relative_to(site.resolve()).as_posix()
        problems.append(problem(path, "vnu", m["message"], line=m.get("lastLine", 1), col=m.get("lastColumn", 1)))
    return problems


def load(browser, base_url: str, page: str) -> dict:
    """What READ_PAGE reads, every address the page requested (those off the site are aborted), its script errors."""
    context = browser.new_context()
    requested, errors = [], []
    try:
        context.route("**/*", lambda route: keep_on_site(route, base_url))
        context.on("request", lambda request: requested.append(request.url))
        tab = context.new_page()
        # The error and the first line of its stack: where it was thrown.
        tab.on("pageerror", lambda error: errors.append(" ".join((error.stack or error.message).splitlines()[:2])))
        tab.goto(base_url + page_address(page), wait_until="networkidle", timeout=60_000)
        tab.add_script_tag(path=str(AXE_JS))
        return {**tab.evaluate(READ_PAGE), "requested": requested, "errors": errors}
    finally:
        context.close()


def on_site(url: str, base_url: str) -> bool:
    """An address of the served site, or one that needs no network."""
    return url.startswith(base_url) or urlsplit(url).scheme in NO_NETWORK


def keep_on_site(route, base_url: str) -> None:
    """A request off the site never leaves the browser (`check` reports it)."""
    route.continue_() if on_site(route.request.url, base_url) else route.abort("blockedbyclient")


def site_file(site: Path, url: str) -> Path:
    """The file of the site an address of it is served from; it may not exist."""
    file = site / unquote(urlsplit(url).path).lstrip("/")
    return file / "index.html" if file.is_dir() else file


def link_problems(site: Path, page: str, base_url: str, loaded: dict, ids: dict) -> list[Problem]:
    """Each address of the site the page links to or requested is a file, and a #fragment is an id there."""
    problems = []
    for url in dict.fromkeys(url for url in loaded["links"] + loaded["requested"] if url.startswith(base_url)):
        file, fragment = site_file(site, url), unquote(urlsplit(url).fragment)
        shown, target = "/" + url[len(base_url) :], file.relative_to(site).as_posix()
        if not file.is_file():
            problems.append(problem(page, "links", f'"{shown}" is no file of the site'))
        elif fragment not in ("", "top") and target in ids and fragment not in ids[target]:
            problems.append(problem(page, "links", f'"{shown}": no id "{fragment}" in {target}'))
    return problems


def weight_problems(site: Path, page: str, base_url: str, loaded: dict, budgets: dict) -> list[Problem]:
    """The files the page loaded, each counted once and uncompressed, against its budget."""
    files = {site_file(site, url) for url in loaded["requested"] if url.startswith(base_url)}
    sizes = sorted(((file.stat().st_size, file) for file in files if file.is_file()), reverse=True)
    total, budget = sum(size for size, _ in sizes), budgets.get(page, budgets["default"])
    if total <= budget * 1024:
        return []
    largest = ", ".join(f"{file.relative_to(site).as_posix()} {size / 1024:.0f} KiB" for size, file in sizes[:3])
    what = f"{total / 1024:.0f} KiB loaded, over its {budget} KiB budget; largest: {largest}"
    return [problem(page, "weight", what, "trim what the page loads, or give it a budget in tools/page_budgets.yaml")]


def check_lighthouse(base_url: str, budgets: dict) -> list[Problem]:
    """Lighthouse's mobile preset on each listed page, one at a time (parallel runs skew each other's timings), in
    a Chromium started here with a fresh profile that resolves no name but 127.0.0.1, and ended by its own PID."""
    with tempfile.TemporaryDirectory(prefix="check-site-", ignore_cleanup_errors=True) as profile:
        offline = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", offline]
        browser = subprocess.Popen([CHROMIUM, *flags], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            port = devtools_port(Path(profile))
            pages = budgets["lighthouse_pages"]
            return [found for page in pages for found in lighthouse(port, base_url, page, budgets)]
        finally:
            browser.terminate()
            browser.wait(timeout=60)


def devtools_port(profile: Path) -> int:
    """The port Chromium chose for its DevTools, which it writes into its profile once it listens: Lighthouse
    would start a browser of its own if it found none there."""
    written = profile / "DevToolsActivePort"
    for _ in range(300):
        if written.is_file() and written.read_text().strip():
            return int(written.read_text().split()[0])
        time.sleep(0.1)
    raise SystemExit("check-site: Chromium opened no DevTools port within 30 s")


def lighthouse(port: int, base_url: str, address: str, budgets: dict) -> list[Problem]:
    page, minimum = address + "index.html" if address.endswith("/") else address, budgets["lighthouse_minimum"]
    command = ["node", str(LIGHTHOUSE_CLI), base_url + address, f"--port={port}", "--output=json", "--quiet"]
    command += ["--output-path=stdout", f"--only-categories={','.join(minimum)}"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return [problem(page, "lighthouse", f"no report (exit {run.returncode}): {run.stderr[-300:]}")]
    if report.get("runtimeError"):
        return [problem(page, "lighthouse", f"runtime error: {report['runtimeError'].get('message')}")]
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in minimum}
    # How fast the machine was: below about 1,000 (a loaded or slow machine), performance scores run low.
    speed = f"benchmark index {report['environment']['benchmarkIndex']:.0f}"
    print(f"lighthouse {address}: " + ", ".join(f"{n} {s}" for n, s in scores.items()) + f"; {speed}", file=sys.stderr)
    return [
        problem(page, "lighthouse", f"{name} {scores[name]} < {least}", "improve " + losing_audits(report, name))
        for name, least in minimum.items()
        if scores[name] < least
    ]


def losing_audits(report: dict, category: str) -> str:
    """The scored audits of a category that lost points, the heaviest first: where a fix pays most."""
    refs = sorted(report["categories"][category]["auditRefs"], key=lambda ref: -ref["weight"])
    audits = [report["audits"][ref["id"]] for ref in refs if ref["weight"]]
    losing = [audit for audit in audits if audit.get("score") is not None and audit["score"] < 1]
    return ", ".join(
        f"{a['id']} {a['score']:.2f}" + (f" ({a['displayValue']})" if a.get("displayValue") else "") for a in losing
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--url", default="http://127.0.0.1:8765/", help="the address SITE was built for (SITE_URL)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (the tests do)")
    args = parser.parse_args(argv)
    address = urlsplit(args.url)
    if address.hostname != "127.0.0.1" or not address.port or address.path != "/":
        parser.error(f"--url {args.url}: give http://127.0.0.1:PORT/, the SITE_URL the site was built for")
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first")
    # Found on PATH, so that Node.js and Java may come from the system or from the venv.
    missing = [name for name in ("java", "node") if shutil.which(name) is None]
    missing += [str(p.relative_to(ROOT)) for p in (VNU_JAR, AXE_JS, LIGHTHOUSE_CLI) if not p.is_file()]
    if missing:
        parser.error(f"{', '.join(missing)} missing: install Java and Node.js, then npm ci (make check-site does)")
    budgets = load_budgets()
    with serve(args.site, address.port) as base_url:
        with chromium() as browser:
            problems = check(args.site, base_url, browser, budgets)
        if not args.no_lighthouse:
            problems += check_lighthouse(base_url, budgets)
    for found in sorted(set(problems)):
        print(found)
    print(f"check-site: {len(html_pages(args.site))} pages, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

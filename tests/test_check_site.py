"""`make check-site` (tools/check_site.py): green on the real site, one line per problem on a site broken on purpose."""

from __future__ import annotations

import gzip
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port

from tools import check_site
from tools.local_site import html_pages, serve

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A page</title><link rel="icon" href="data:,">
<meta name="description" content="A page of a small site.">
<link rel="canonical" href="{url}{address}">
<link rel="alternate" hreflang="vi" href="{url}"><link rel="alternate" hreflang="en" href="{url}">
<link rel="alternate" hreflang="x-default" href="{url}">
</head>
<body><main><h1 id="there">A page</h1>{body}</main></body>
</html>
"""
BUDGETS = check_site.load_budgets()
KIB = 1024


def write_site(root: Path, url: str, bodies: dict[str, str]) -> Path:
    """A small site of healthy pages, each with its own body."""
    for address, body in bodies.items():
        path = root / address / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(url=url, address=address, body=body), encoding="utf-8")
    return root


def test_the_real_site_passes_every_check_but_lighthouse(served_build, browser):
    site, url = served_build
    assert {"index.html", "en/index.html", "data/index.html", "en/results-2012-2022/index.html"} <= set(
        html_pages(site)
    ), "the checks ran on the real site's pages"
    assert [str(p) for p in check_site.check(site, url, browser, BUDGETS)] == []


def test_a_broken_site_gets_one_line_per_problem_and_exit_1(tmp_path):
    """What `make check-site` prints, Lighthouse aside: each kind of fault on a page of its own."""
    url = f"http://127.0.0.1:{free_port()}/"
    site = write_site(
        tmp_path,
        url,
        {
            "": '<a href="anchor/">fine</a> <a href="#there">fine</a> <a href="mailto:x@example.invalid">fine</a>',
            "anchor/": '<a href="../#nowhere">home</a>',
            "gone/": '<a href="../missing.csv">data</a>',
            "invalid/": "<span><div>A block in a span</div></span>",
            "offsite/": '<img alt="" src="http://example.invalid/x.png">',
            "heavy/": '<img alt="" src="big.png">',
            "faint/": '<p style="color: #eee">Hard to read</p>',
            "script/": "<script>document.querySelector('#none').remove()</script>",
        },
    )
    (site / "heavy/big.png").write_bytes(b"\0" * BUDGETS["page_kib"]["default"] * KIB)
    result = subprocess.run(
        [sys.executable, "-m", "tools.check_site", str(site), "--url", url, "--no-lighthouse"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    budget = BUDGETS["page_kib"]["default"]
    assert result.stdout.splitlines() == [
        'anchor/index.html:1:1: links: "/#nowhere": no id "nowhere" in index.html',
        "faint/index.html:1:1: axe: color-contrast (serious): Elements must meet minimum color contrast ratio "
        "thresholds; 1 element(s), first: p. Fix: see https://dequeuniversity.com/rules/axe/4.14/color-contrast"
        "?application=axeAPI",
        'gone/index.html:1:1: links: "/missing.csv" is no file of the site',
        f"heavy/index.html:1:1: weight: {budget + 1} KiB loaded, over its {budget} KiB budget; largest: "
        f"heavy/big.png {budget} KiB, heavy/index.html 1 KiB. Fix: trim what the page loads, or give it a "
        "budget in tools/page_budgets.yaml",
        "invalid/index.html:9:49: vnu: Element “div” not allowed as child of element “span” in this context. "
        "(Suppressing further errors from this subtree.)",
        "offsite/index.html:1:1: requests: off the site: http://example.invalid/x.png. Fix: serve it from the site",
        "script/index.html:1:1: script: TypeError: Cannot read properties of null (reading 'remove') "
        f"at {url}script/:9:78",
    ], result.stderr
    assert result.returncode == 1
    assert "check-site: 8 pages, 7 problem(s)" in result.stderr


@pytest.mark.parametrize(("own_budget", "expected"), [(None, ["weight"]), (2, [])])
def test_a_page_may_have_a_budget_of_its_own(tmp_path, browser, own_budget, expected):
    site = write_site(tmp_path, "", {"": '<img alt="" src="one-kib.png">'})
    (site / "one-kib.png").write_bytes(b"\0" * KIB)
    budgets = {"default": 1} | ({"index.html": own_budget} if own_budget else {})
    with serve(site) as url:
        loaded = check_site.load(browser, url, "index.html")
        problems = check_site.weight_problems(site, "index.html", url, loaded, budgets)
    assert [p.message.split(":")[0] for p in problems] == expected


def test_a_budgets_file_without_a_key_is_refused_in_one_line(tmp_path):
    budgets = tmp_path / "page_budgets.yaml"
    budgets.write_text("page_kib: {default: 300}\nlighthouse_pages: [data/]\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"page_budgets.yaml: needs exactly the keys .*lighthouse_minimum"):
        check_site.load_budgets(budgets)


def test_lighthouse_names_the_audits_that_cost_points_heaviest_first():
    report = {
        "categories": {"performance": {"auditRefs": [{"id": "cls", "weight": 25}, {"id": "tbt", "weight": 30}]}},
        "audits": {
            "cls": {"id": "cls", "score": 0.5, "displayValue": "0.2"},
            "tbt": {"id": "tbt", "score": 0.9, "displayValue": "300 ms"},
        },
    }
    assert check_site.losing_audits(report, "performance") == "tbt 0.90 (300 ms), cls 0.50 (0.2)"


def test_the_server_gzips_text_for_a_browser_that_accepts_it(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en/index.html").write_text("<p>Home</p>", encoding="utf-8")
    with serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        for encoding in ("gzip", "identity"):
            request = urllib.request.Request(url + "en/", headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
                if encoding == "gzip":
                    assert response.headers["Content-Encoding"] == "gzip"
                    body = gzip.decompress(body)
            assert body == b"<p>Home</p>"

"""The publishing workflow: valid, audited, pinned, least privilege, and unable to deploy untested code.

The job that runs the project's code (tests, build) can only read; the job that writes to Pages runs no project code.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# A make run from inside `make test` would print "Entering/Leaving directory" lines: the dry runs
# below are started as a top-level make.
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


# When the site is published: a push to main or a manual run on main, never a pull request.
PUBLISH = "github.ref == 'refs/heads/main' && (github.event_name == 'push' || github.event_name == 'workflow_dispatch')"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))


def runs_make(job: dict) -> bool:
    return any(re.search(r"\bmake\b", step.get("run", "")) for step in job.get("steps", []))


def effective_permissions(workflow: dict, job: dict):
    """The token's permissions in a job: its own block, else the workflow's (None: the repository default)."""
    return job["permissions"] if "permissions" in job else workflow.get("permissions")


def grants_write(permissions) -> bool:
    if permissions is None:  # the repository's default, which may be write-all
        return True
    if isinstance(permissions, str):
        return permissions == "write-all"
    return any(level == "write" for level in permissions.values())


@pytest.fixture(scope="module")
def build_job(workflow):
    """The one job that checks out and runs the project's code."""
    names = [name for name, job in workflow["jobs"].items() if runs_make(job)]
    assert names == ["build"], names
    return workflow["jobs"]["build"]


@pytest.fixture(scope="module")
def deploy_job(workflow):
    return workflow["jobs"]["deploy"]


def test_workflows_validate_against_the_github_schema():
    assert WORKFLOWS
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_validates():
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(ROOT / ".github/dependabot.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_at_any_severity():
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--persona=auditor", str(ROOT / ".github")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_workflow_grants_nothing_by_default(workflow):
    assert workflow["permissions"] == {}


def test_no_job_that_runs_make_can_write_anything(workflow):
    makers = {name: job for name, job in workflow["jobs"].items() if runs_make(job)}
    assert makers
    for name, job in makers.items():
        permissions = effective_permissions(workflow, job)
        assert not grants_write(permissions), f"{name} runs make with {permissions}"
    # Reading the Pages address is the one thing beyond the checkout (see site.yml).
    assert list(makers) == ["build"]
    assert effective_permissions(workflow, makers["build"]) == {"contents": "read", "pages": "read"}


def test_only_the_deploy_job_may_write_and_only_to_pages(workflow, deploy_job):
    writers = [name for name, job in workflow["jobs"].items() if grants_write(effective_permissions(workflow, job))]
    assert writers == ["deploy"]
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_deploy_job_runs_no_project_code(deploy_job):
    steps = deploy_job["steps"]
    assert steps
    assert not any("run" in step for step in steps)
    assert not any(step.get("uses", "").startswith("actions/checkout@") for step in steps)
    assert all(step.get("uses", "").startswith("actions/deploy-pages@") for step in steps)


def test_deploy_needs_the_build_job_and_runs_on_main_only(deploy_job):
    assert deploy_job["needs"] == "build"
    assert deploy_job["if"] == PUBLISH
    assert deploy_job["environment"]["name"] == "github-pages"


def test_the_build_job_hands_site_to_the_deploy_job_as_an_artifact(build_job):
    assert build_job["env"]["PUBLISH"] == "${{ " + PUBLISH + " }}"
    steps = build_job["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    upload = steps[uses.index("actions/upload-pages-artifact")]
    assert upload["if"] == "env.PUBLISH == 'true'"
    assert upload["with"]["path"] == "site"
    build = next(i for i, step in enumerate(steps) if step.get("env", {}).get("SITE_URL"))
    assert uses.index("actions/configure-pages") < build < uses.index("actions/upload-pages-artifact")


def test_pull_requests_still_get_the_tests_and_a_strict_build(build_job):
    steps = build_job["steps"]
    test = next(step for step in steps if step.get("run") == "make test")
    assert "if" not in test
    assert test["env"]["CHROMIUM_PATH"] == "/usr/bin/google-chrome"
    build = next(step for step in steps if step.get("run") == "make build" and "SITE_URL" not in step.get("env", {}))
    assert build["if"] == "env.PUBLISH != 'true'"


def test_every_action_is_pinned_to_a_commit_with_its_tag():
    uses = []
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"uses:\s*(\S+)(.*)", line)
            if match:
                uses.append((match.group(1), match.group(2)))
    assert len(uses) >= 5
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a full commit hash"
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{action} has no tag comment"


def test_checkout_never_persists_credentials(workflow):
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_the_site_address_comes_from_pages(build_job):
    pages = next(s for s in build_job["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    assert pages["id"] == "pages"
    assert "with" not in pages  # enablement stays off: reading the address needs Pages read only
    build = next(s for s in build_job["steps"] if s.get("run") == "make build" and "SITE_URL" in s.get("env", {}))
    assert build["if"] == "env.PUBLISH == 'true'"
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert "site_url: !ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_requirements_are_locked_with_hashes():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([a-z0-9_.-]+)==\S+ \\$", text, flags=re.MULTILINE)
    assert len(pins) > 20
    blocks = re.split(r"^(?=[a-z0-9_.-]+==)", text, flags=re.MULTILINE)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    assert "--require-hashes" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_npm_ci_runs_no_install_script():
    # What make would run to install node_modules (-n: printed, not run; -B: even when it is up to date).
    result = subprocess.run(
        ["make", "-n", "-B", "node_modules/.package-lock.json"], cwd=ROOT, capture_output=True, text=True, env=MAKE_ENV
    )
    assert result.returncode == 0, result.stderr
    installs = [line for line in result.stdout.splitlines() if re.search(r"\bnpm (ci|install|i)\b", line)]
    assert installs and installs[0].startswith("npm ci "), result.stdout
    assert all("--ignore-scripts" in line.split() for line in installs), installs


def test_dependabot_watches_actions_pip_and_npm_weekly():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"


@pytest.mark.parametrize(("args", "port"), [([], "8000"), (["PORT=8001"], "8001")])
def test_make_serve_takes_a_port_and_stays_on_127_0_0_1(args, port):
    result = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, capture_output=True, text=True, env=MAKE_ENV)
    assert result.returncode == 0, result.stderr
    # The preview the tests run (tests/test_serve.py): --dirty lets preview_rebuilds.py redo only what changed.
    assert result.stdout.splitlines()[-1].endswith(f"mkdocs serve --no-strict --dirty --dev-addr 127.0.0.1:{port}")

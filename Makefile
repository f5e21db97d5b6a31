# Min röst — every set-up step lives here, so a fresh machine needs only
# `make run` or `make test`.
PY_SYS ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint i18n i18n-compile screenshots bench bench-smoke pictograms \
        contact-sheet system-deps oidc-provider voices voice-deps clean

# --- environments -----------------------------------------------------------
$(VENV)/bin/python:
	$(PY_SYS) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.runtime

# --- translations -----------------------------------------------------------
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(PYBABEL) compile --statistics -d locales -D messages -l $* 2>&1 | tail -n 1

i18n-compile: $(MO_FILES)

## extract → update → compile (run after changing any visible string)
i18n: $(VENV)/.runtime
	$(PYBABEL) extract -F pyproject.toml -k N_ -k plural:1,2 -o locales/messages.pot \
	    --no-location --sort-output --project=min-rost --copyright-holder="Min röst" app
	$(PYBABEL) update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching
	$(PY) -m tools.i18n_source
	$(MAKE) i18n-compile

# --- the app ----------------------------------------------------------------
## start the app in web mode on http://127.0.0.1:$${MINROST_PORT:-8550}
## (the read-aloud clips are made first where espeak-ng can be had; else silent)
run: $(VENV)/.runtime i18n-compile
	-@$(MAKE) --no-print-directory voices
	$(PY) -m app

# --- read-aloud clips (espeak-ng + lame; built, not committed) ---------------
voice-deps:
	@bash tools/ensure_system_deps.sh voices

## make the missing clips of every child-facing string (sv en ar fa uk)
voices: $(VENV)/.runtime i18n-compile voice-deps
	$(PY) -m tools.make_voices

# --- tests ------------------------------------------------------------------
system-deps:
	@bash tools/ensure_system_deps.sh

## the sign-in test's local OIDC provider (npm oidc-provider, pinned by its lock)
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json | system-deps
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --silent

oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

## everything: lint, domain, storage (fault injection), UI harness, browser,
## and the benchmarks as a quick smoke (tiny sizes, no timing goals enforced)
test: $(VENV)/.test system-deps oidc-provider i18n-compile lint voices
	$(PY) -m pytest
	$(PY) -m bench --smoke

screenshots: $(VENV)/.test system-deps oidc-provider i18n-compile
	$(PY) -m tools.screenshots

bench: $(VENV)/.test system-deps i18n-compile
	$(PY) -m bench

bench-smoke: $(VENV)/.test system-deps i18n-compile
	$(PY) -m bench --smoke

# --- pictograms (maintainers only: needs npm and resvg-py) --------------------
pictograms:
	$(PY_SYS) -m venv /tmp/minrost-vendor
	/tmp/minrost-vendor/bin/pip install --quiet -r tools/requirements-vendor.txt
	/tmp/minrost-vendor/bin/python tools/vendor_pictograms.py

contact-sheet: $(VENV)/.runtime
	$(PY) tools/contact_sheet.py

clean:
	rm -rf $(VENV) locales/*/LC_MESSAGES/*.mo .pytest_cache .ruff_cache

# Everything the project needs, installed on a fresh Debian/Ubuntu machine:
# Debian packages through apt when missing, Python packages into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What the demo needs; the tests need Chromium on top (the review page is rendered by a real browser),
# and php-cli, php-xml, libphp-simplepie: SimplePie (what WordPress reads feeds with) in the consumer matrix.
DEMO_PACKAGES := apertium apertium-eng-spa gettext
TEST_PACKAGES := $(DEMO_PACKAGES) chromium php-cli php-xml libphp-simplepie
APT_PACKAGES ?= $(TEST_PACKAGES)
# The npm feed parsers of the consumer matrix test (tests/test_consumers.py), from their package-lock.json
CONSUMERS := tests/consumers
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# Wait up to ten minutes for another apt run (unattended-upgrades, a second terminal) instead of failing.
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600
DEMO := build/demo

.PHONY: demo test check lint setup system-deps node-deps bench clean

# The Spanish catalogs of the sample site are committed: the demo translates a scratch copy
# without them, so Apertium does the work in front of you, then publishes all three feeds.
demo: APT_PACKAGES := $(DEMO_PACKAGES)
demo: setup
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@cp -r pyproject.toml sources glossary $(DEMO)/
	@echo "Translating the sample site into Spanish with Apertium, in a scratch copy ($(DEMO)):"
	$(BIN)/i18n-pub translate -l es --site $(DEMO)
	$(BIN)/i18n-pub publish -l es --site $(DEMO)
	$(BIN)/i18n-pub publish -l fr -l ar
	@echo
	@echo "The feeds, offline:"
	@echo "  $(DEMO)/build/feeds/es.xml  Spanish, translated just now by Apertium, each entry with its disclaimer"
	@echo "  build/feeds/fr.xml  French: every article reviewed by a translator"
	@echo "  build/feeds/ar.xml  Arabic: partly reviewed (both statuses), right to left"
	@echo "The new Spanish catalogs are in $(DEMO)/locales/es/; the reviewed ones in locales/<lang>/."

# Every test, the slow ones too (kills, benchmark smoke, engine faults, big corpora, the wheel),
# after the static checks (ruff, mypy --strict).
test: setup node-deps lint
	CI=$${CI:-} $(BIN)/python -m pytest

# The quick run while you work: the static checks and everything but the tests marked slow.
check: setup node-deps lint
	CI=$${CI:-} $(BIN)/python -m pytest -q -m "not slow"

# Static checks: ruff on the whole tree, mypy --strict on the package (config in pyproject.toml).
lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/mypy

setup: system-deps $(VENV)/.installed

system-deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq --no-install-recommends $$missing; \
	fi

# Node and npm from Debian when missing, then the parsers into tests/consumers/node_modules.
node-deps: $(CONSUMERS)/node_modules/.installed

$(CONSUMERS)/node_modules/.installed: $(CONSUMERS)/package.json $(CONSUMERS)/package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  { echo "Installing Debian packages: nodejs npm"; $(APT_GET) update -qq && $(APT_GET) install -y -qq --no-install-recommends nodejs npm; }
	cd $(CONSUMERS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build .i18n-pub .pytest_cache *.egg-info $(CONSUMERS)/node_modules

# Everything the project needs, installed on a fresh Debian/Ubuntu machine:
# Debian packages through apt when missing, Python packages into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# php-cli, php-xml, libphp-simplepie: SimplePie (what WordPress reads feeds with) in the consumer matrix test
APT_PACKAGES := apertium apertium-eng-spa gettext chromium php-cli php-xml libphp-simplepie
# The npm feed parsers of the consumer matrix test, installed from tests/consumers/package-lock.json
CONSUMERS := tests/consumers
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: demo test setup system-deps node-deps bench clean

demo: setup
	$(BIN)/i18n-pub translate -l es
	$(BIN)/i18n-pub publish --all
	@echo
	@echo "The feeds, offline:"
	@echo "  build/feeds/es.xml  Spanish: Apertium machine translation, each entry with its disclaimer"
	@echo "  build/feeds/fr.xml  French: every article reviewed by a translator"
	@echo "  build/feeds/ar.xml  Arabic: partly reviewed (both statuses), right to left"
	@echo "The catalogs are in locales/<lang>/, the site strings in locales/<lang>/_site.po."

test: setup
	CI=$${CI:-} $(BIN)/python -m pytest

setup: system-deps node-deps $(VENV)/.installed

system-deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing; \
	fi

node-deps: $(CONSUMERS)/node_modules/.installed

$(CONSUMERS)/node_modules/.installed: $(CONSUMERS)/package.json $(CONSUMERS)/package-lock.json
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

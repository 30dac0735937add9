# `make site` and `make test` work on a fresh machine with only Python >= 3.11:
# the virtual environment is created from the hash-pinned lock file when missing.
# With npm on the PATH, `npm ci` installs the pinned plotly.js basic bundle (package-lock.json);
# without it the site ships the full bundle from the plotly wheel, and the build says so.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ARCHIVE ?= $(wildcard ../shared)
NPM := $(shell command -v npm 2>/dev/null)
ASSETS := $(if $(NPM),node_modules/.installed)

.PHONY: install site test bench validate serve lock clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The Python environment and the browser assets, nothing else (CI workflows start with it).
install: $(VENV)/.installed $(ASSETS)

validate: $(VENV)/.installed
	$(PY) -m generator validate $(if $(ARCHIVE),--archive $(ARCHIVE))

# The site engine: mkdocs (default) or zensical, e.g. `make site ENGINE=zensical`.
ENGINE ?= mkdocs
site: $(VENV)/.installed $(ASSETS)
	$(PY) -m generator build --engine $(ENGINE) $(if $(ARCHIVE),--archive $(ARCHIVE))

serve: $(VENV)/.installed $(ASSETS)
	$(PY) -m generator serve

test: $(VENV)/.installed $(ASSETS)
	$(if $(ARCHIVE),FACTSHEET_ARCHIVE=$(abspath $(ARCHIVE))) $(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks (not part of the tests): the build at 1k, 10k and 100k facts against MkDocs on plain pages, the
# suggester, a World Bank table imported for every country, and chart pages' weight and first paint on a throttled phone connection (chromium).
# SIZES=1000,10000 for a shorter run. Results and the machine go in benchmarks/README.md by hand.
SIZES ?= 1000,10000,100000
bench: site
	$(PY) benchmarks/bench.py --sizes $(SIZES)
	$(PY) benchmarks/suggest_bench.py $(ARCHIVE)
	$(if $(ARCHIVE),$(PY) benchmarks/table_bench.py --archive $(ARCHIVE))
	$(PY) benchmarks/page_weight.py --site site

# Regenerate the lock after editing requirements.in (needs network access to PyPI).
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --generate-hashes --python-version 3.11 requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) node_modules site build .pytest_cache test-output

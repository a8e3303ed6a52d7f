# Thin wrappers; the logic lives in the `dls` command (graders/cli.py).
# `make demo` and `make test` bootstrap .venv on first use (Python 3.11 needed).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to start as root unless told to (containers, CI boxes).
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install sandbox demo test lab release lint clean-course

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# Grading boxes read the repository read-only and write no bytecode: compile it once.
	$(BIN)/python -m compileall -q graders shared_utils datasets
	@touch $(STAMP)

install: $(STAMP) sandbox

# Learner code is graded inside a bubblewrap box (graders/sandbox.py). Installed here
# when this machine lets us (root with apt); otherwise `dls` says what to install.
sandbox:
	@command -v bwrap >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing bubblewrap (the grading sandbox)"; \
			(apt-get install -y -qq bubblewrap >/dev/null 2>&1 || \
			 (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq bubblewrap >/dev/null)); \
		else \
			echo "note: install bubblewrap (bwrap) for the grading sandbox"; \
		fi; }

demo: $(STAMP) sandbox
	$(BIN)/dls demo

# Tests of one assignment share a worker (xdist_group): its grading results are
# computed once per session.
test: $(STAMP) sandbox
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=15

# The learner's JupyterLab: settings in jupyter_config/learner (no instructor server
# extensions, menus or sidebars; no news popup). It runs inside my_work so that nbgrader's
# Validate uses the notebook's own kernel, not the grading settings of ./nbgrader_config.py.
# tests/test_browser.py starts it the same way.
lab: $(STAMP)
	$(BIN)/dls release
	$(BIN)/dls workspace
	cd my_work && JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter_config/learner \
		$(CURDIR)/$(BIN)/jupyter lab $(LAB_ROOT_FLAG)

release: $(STAMP)
	$(BIN)/dls release

lint: $(STAMP)
	$(BIN)/ruff check .

clean-course:
	rm -rf _course

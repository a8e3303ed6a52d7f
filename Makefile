# Thin wrappers; the logic lives in the `dls` command (graders/cli.py).
# `make demo` and `make test` bootstrap .venv on first use (Python 3.11 needed).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to start as root unless told to (containers, CI boxes).
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Learners need no instructor extensions (formgrader, course and assignment lists);
# nbgrader's "Validate" button stays.
LAB_NO_INSTRUCTOR := $(foreach ext,formgrader course_list assignment_list,\
	--ServerApp.jpserver_extensions=nbgrader.server_extensions.$(ext)=False)

.PHONY: install demo test lab release lint clean-course

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/dls demo

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

lab: $(STAMP)
	$(BIN)/dls release
	$(BIN)/dls workspace
	$(BIN)/jupyter lab --notebook-dir=my_work $(LAB_ROOT_FLAG) $(LAB_NO_INSTRUCTOR)

release: $(STAMP)
	$(BIN)/dls release

lint: $(STAMP)
	$(BIN)/ruff check .

clean-course:
	rm -rf _course

"""Data files match the manifest; the repository stays small; the environment files agree."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from graders.manifest import MAX_FILE_BYTES, check_manifest, load_manifest
from graders.registry import REPO_ROOT

REPO_BUDGET_BYTES = 200 * 10**6


def test_data_files_match_the_manifest():
    assert check_manifest() == []


def test_every_artefact_records_its_builder_seed_and_measured_figures():
    for name, artefact in load_manifest()["artifacts"].items():
        assert (REPO_ROOT / artefact["builder"]).exists(), name
        assert "seed" in artefact and artefact["metrics"], name


def test_tracked_files_stay_within_the_size_budget():
    listing = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    sizes = {p: (REPO_ROOT / p).stat().st_size for p in listing if p and (REPO_ROOT / p).is_file()}
    assert sum(sizes.values()) < REPO_BUDGET_BYTES
    assert [p for p, s in sizes.items() if s > MAX_FILE_BYTES] == []


def test_datasets_folder_is_not_an_importable_package():
    assert not (REPO_ROOT / "datasets" / "__init__.py").exists()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (REPO_ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name.lower())] = version
    return pins


def test_lock_pins_the_required_versions():
    pins = _lock()
    assert pins["tensorflow-cpu"].startswith("2.21.")
    assert pins["nbgrader"] == "0.9.6"
    assert pins["jupyterlab"].startswith("4.6.")
    assert pins["numpy"].startswith("2.")


def test_pyproject_dependencies_are_all_locked():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = _lock()
    for requirement in wanted:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~ \[]", requirement)[0].lower())
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.lock"


def test_environment_yml_installs_exactly_the_lock():
    text = (REPO_ROOT / "environment.yml").read_text()
    assert "python=3.11" in text and "-r requirements.lock" in text and "-e ." in text


def test_running_interpreter_is_python_311():
    assert sys.version_info[:2] == (3, 11)


def test_code_is_ruff_clean():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout

"""Maintainer side of `datasets/manifest.json`: record built artefacts and check files.

Builders call `record_artifact` after writing their files; `check_manifest` is
what `dls check` and the tests run.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import platform
import sys
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from shared_utils.data import datasets_dir, sha256_of

# Per-file cap; larger files must be listed here with a reason.
MAX_FILE_BYTES = 5_000_000
LARGE_FILE_ALLOWLIST: dict[str, str] = {}


def manifest_path() -> Path:
    return datasets_dir() / "manifest.json"


def load_manifest() -> dict[str, Any]:
    path = manifest_path()
    if not path.exists():
        return {"version": 1, "artifacts": {}}
    return json.loads(path.read_text())


def recorded_metrics(artefact: str) -> dict[str, Any]:
    """The measured figures the manifest records for one artefact."""
    return load_manifest()["artifacts"][artefact]["metrics"]


def listed_files(artefacts: Iterable[str]) -> set[str]:
    """The files (relative to `datasets/`) the manifest lists for these artefacts."""
    found = load_manifest()["artifacts"]
    return {relpath for name in artefacts for relpath in found[name]["files"]}


def files_under(folder: str) -> set[str]:
    """Every file below `datasets/<folder>`, relative to `datasets/` as the manifest lists them."""
    root = datasets_dir()
    return {str(p.relative_to(root)) for p in (root / folder).rglob("*") if p.is_file()}


def manifest_problems(relpaths: Iterable[str]) -> list[str]:
    """What `check_manifest` reports about these files (relative to `datasets/`)."""
    wanted = set(relpaths)
    return [problem for problem in check_manifest() if problem.split(":")[0] in wanted]


def import_builder(name: str) -> ModuleType:
    """`datasets/builders/<name>.py` imported as a module, once per process.

    Builders are scripts, not a package: their folder goes on `sys.path` (they import
    each other by plain name), and each is registered in `sys.modules` under that name
    before it runs, as a normal import does (its dataclasses look the module up there).
    """
    if name in sys.modules:
        return sys.modules[name]
    folder = datasets_dir() / "builders"
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def save_manifest(data: Mapping[str, Any]) -> None:
    manifest_path().write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def library_versions(names: Iterable[str] = ("numpy", "h5py", "pillow")) -> dict[str, str]:
    """Versions of the libraries a builder used, recorded next to its files."""
    found = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def record_artifact(
    name: str,
    *,
    builder: str,
    seed: int | None,
    files: Iterable[Path],
    metrics: Mapping[str, Any],
    libraries: Iterable[str] = ("numpy", "h5py", "pillow"),
    build_seconds: float | None = None,
    notes: str = "",
) -> dict[str, Any]:
    """Write (or replace) the manifest entry of one artefact family and return it.

    Args:
        name: artefact family, e.g. "catvnoncat".
        builder: repository-relative path of the script that made the files.
        seed: the builder's seed (None if it uses no randomness).
        files: the files written, anywhere under `datasets/`.
        metrics: quality figures measured at build time (accuracies, sizes...).
        libraries: distributions whose versions to record.
        build_seconds: how long the build took.
        notes: provenance and licence remarks.
    """
    root = datasets_dir()
    entry = {
        "builder": builder,
        "seed": seed,
        "built_with": library_versions(libraries),
        "metrics": dict(metrics),
        "files": {
            str(Path(f).resolve().relative_to(root.resolve())): {
                "sha256": sha256_of(Path(f)),
                "bytes": Path(f).stat().st_size,
            }
            for f in sorted(files)
        },
    }
    if build_seconds is not None:
        entry["build_seconds"] = round(build_seconds, 1)
    if notes:
        entry["notes"] = notes
    # Several builders may finish at once: read-modify-write under an exclusive lock.
    with open(manifest_path().with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = load_manifest()
        data.setdefault("artifacts", {})[name] = entry
        save_manifest(data)
    return entry


def check_manifest() -> list[str]:
    """Problems with the data files: missing, changed, oversized or unlisted files."""
    root = datasets_dir()
    problems: list[str] = []
    listed: set[str] = set()
    for name, artifact in load_manifest().get("artifacts", {}).items():
        builder = root.parent / artifact["builder"]
        if not builder.exists():
            problems.append(f"{name}: builder {artifact['builder']} does not exist")
        for rel, info in artifact["files"].items():
            listed.add(rel)
            path = root / rel
            if not path.exists():
                problems.append(f"{rel}: listed in the manifest but missing")
            elif sha256_of(path) != info["sha256"]:
                problems.append(f"{rel}: sha256 differs from the manifest")
            elif info["bytes"] > MAX_FILE_BYTES and rel not in LARGE_FILE_ALLOWLIST:
                problems.append(f"{rel}: {info['bytes']} bytes is over the per-file cap")
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if (
            path.is_file()
            and rel not in ("manifest.json", "manifest.lock")
            and not rel.startswith("builders/")
        ):
            if rel not in listed and "__pycache__" not in rel:
                problems.append(f"{rel}: data file not listed in the manifest")
    return problems

"""`dls collect ZIP_OR_DIR ID`: submissions downloaded from a learning platform.

One notebook per learner, the learner's id taken from the file name with a
named regular expression, as nbgrader's `zip_collect` does (default: the file
name up to its first underscore, so `alice_Logistic_Regression.ipynb` and
`alice.ipynb` are both Alice's). Each accepted file becomes an nbgrader
submission (`submitted/<student>/<id>/<notebook>`, with a timestamp), ready for
`dls autograde`. Files that are not notebooks, ids that cannot name a folder, and
two files for the same learner are refused, each with a one-line reason; the
other files are imported.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from graders.registry import get_assignment

DEFAULT_PATTERN = r"^(?P<student_id>[^_]+)"
STUDENT_ID = re.compile(r"^[A-Za-z0-9@][A-Za-z0-9@.+-]*$")


class CollectError(ValueError):
    """The archive or folder itself cannot be read (one line)."""


@dataclass
class Collected:
    """What `collect` did: imported (student, path) pairs and refused (file, reason) pairs."""

    imported: list[tuple[str, Path]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _files(source: Path) -> list[tuple[str, bytes]]:
    """(name, content) of every file in a zip archive or under a folder; hidden ones skipped."""

    def hidden(name: str) -> bool:
        return any(part.startswith((".", "__MACOSX")) for part in Path(name).parts)

    if source.is_dir():
        return [
            (str(p.relative_to(source)), p.read_bytes())
            for p in sorted(source.rglob("*"))
            if p.is_file() and not hidden(str(p.relative_to(source)))
        ]
    try:
        with zipfile.ZipFile(source) as archive:
            return [
                (info.filename, archive.read(info))
                for info in sorted(archive.infolist(), key=lambda i: i.filename)
                if not info.is_dir() and not hidden(info.filename)
            ]
    except (OSError, zipfile.BadZipFile) as exc:
        raise CollectError(f"{source}: not a zip archive or a folder ({exc})") from None


def _notebook_problem(content: bytes) -> str | None:
    if not content.strip():
        return "an empty file"
    try:
        nb = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "not a notebook (not valid notebook JSON)"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return "not a notebook (no cells)"
    return None


def collect(source: str | Path, assignment_id: str, pattern: str = DEFAULT_PATTERN) -> Collected:
    """Import the notebooks of `source` (zip or folder) as submissions of `assignment_id`."""
    from graders.nbgrader_bridge import submit

    assignment = get_assignment(assignment_id)
    source = Path(source)
    if not source.exists():
        raise CollectError(f"{source} does not exist")
    regex = re.compile(pattern)
    if "student_id" not in regex.groupindex:
        raise CollectError(f"the pattern {pattern!r} has no (?P<student_id>...) group")
    result = Collected()
    accepted: dict[str, list[tuple[str, bytes]]] = {}
    for name, content in _files(source):
        filename = Path(name).name
        if not filename.endswith(".ipynb"):
            result.refused.append((name, "not a notebook (.ipynb)"))
            continue
        problem = _notebook_problem(content)
        if problem:
            result.refused.append((name, problem))
            continue
        match = regex.search(Path(filename).stem)
        student = match.group("student_id") if match else None
        if not student or not STUDENT_ID.match(student):
            result.refused.append((name, f"no usable learner id in the file name ({student!r})"))
            continue
        accepted.setdefault(student, []).append((name, content))
    for student, files in sorted(accepted.items()):
        if len(files) > 1:
            names = ", ".join(n for n, _ in files)
            for name, _ in files:
                result.refused.append(
                    (name, f"learner {student} has {len(files)} notebooks here ({names})")
                )
            continue
        ((_, content),) = files
        path = submit(assignment, student, content.decode("utf-8"))
        result.imported.append((student, path))
    return result

"""The grader engine: one exercise at a time, learner code in a sandboxed child.

Flow for an exercise: build the spec's seeded cases here, send the learner's
cells and the case arguments to a fresh sandboxed child, get back outputs only,
then compare them here with the stored reference outputs (which the child never
sees). Both `dls grade` and the hidden-test regions of nbgrader use this module.

    >>> report = grade_notebook("submission.ipynb")          # or
    >>> report = grade_sources("c1w2a1", {"sigmoid": "def sigmoid(x): ..."})
    >>> report.score, report.max_score
"""

from __future__ import annotations

import builtins
import hashlib
import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from graders import serialize
from graders.registry import ASSIGNMENTS, Assignment, get_assignment
from graders.sandbox import isolation_level, run_child
from graders.spec import Case, ExerciseSpec
from shared_utils.testing import compare

REFS_DIR = Path(__file__).resolve().parent / "refs"


@dataclass(frozen=True)
class ExerciseResult:
    """Score of one exercise with a short message that is safe to show a learner."""

    name: str
    points: float
    max_points: int
    message: str

    @property
    def passed(self) -> bool:
        return self.points == self.max_points


@dataclass
class GradeReport:
    """Per-exercise results of one submission."""

    assignment_id: str
    results: list[ExerciseResult] = field(default_factory=list)
    isolation: str = ""

    @property
    def score(self) -> float:
        return sum(r.points for r in self.results)

    @property
    def max_score(self) -> int:
        return sum(r.max_points for r in self.results)

    def result(self, name: str) -> ExerciseResult:
        return next(r for r in self.results if r.name == name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "assignment": self.assignment_id,
            "score": self.score,
            "max_score": self.max_score,
            "isolation": self.isolation,
            "exercises": [
                {
                    "name": r.name,
                    "points": r.points,
                    "max_points": r.max_points,
                    "passed": r.passed,
                    "message": r.message,
                }
                for r in self.results
            ],
        }


class GradingError(ValueError):
    """A submission that cannot be graded at all (wrong assignment, unreadable)."""


# --------------------------------------------------------------------------- specs and cases


@cache
def load_spec(assignment_id: str) -> ModuleType:
    """The grader spec module `graders.specs.<id>`."""
    try:
        return importlib.import_module(f"graders.specs.{assignment_id}")
    except ModuleNotFoundError as exc:
        if exc.name != f"graders.specs.{assignment_id}":
            raise
        raise GradingError(
            f"no grader spec for {assignment_id} (graders/specs/{assignment_id}.py)"
        ) from None


def exercise_spec(assignment_id: str, name: str) -> ExerciseSpec:
    return load_spec(assignment_id).EXERCISES[name]


def build_cases(assignment_id: str, name: str) -> list[Case]:
    """The hidden cases of one exercise, from a generator seeded by (SEED, exercise)."""
    spec = load_spec(assignment_id)
    salt = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng([spec.SEED, salt])
    return list(spec.EXERCISES[name].cases(rng))


def dependency_order(assignment: Assignment, name: str) -> list[str]:
    """`name` and every graded function it needs, in notebook order."""
    needed: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current not in needed:
            needed.add(current)
            pending.extend(exercise_spec(assignment.id, current).depends)
    return [n for n in assignment.exercise_names if n in needed]


def cases_fingerprint(assignment_id: str, name: str) -> str:
    """Hash of an exercise's hidden inputs: reference outputs are stale when it changes."""
    cases = build_cases(assignment_id, name)
    blob = serialize.dumps([[c.args, dict(c.kwargs), c.np_seed] for c in cases])
    return hashlib.sha256(blob).hexdigest()[:16]


# --------------------------------------------------------------------------- running


def run_exercise(
    assignment: Assignment, name: str, sources: dict[str, str]
) -> dict[str, Any] | str:
    """Run one exercise's cases in the sandbox; return the child's reply or a failure word."""
    spec = exercise_spec(assignment.id, name)
    cells = [(n, sources[n]) for n in dependency_order(assignment, name) if n in sources]
    cases = build_cases(assignment.id, name)
    request = {
        "preamble": load_spec(assignment.id).PREAMBLE,
        "cells": cells,
        "function": name,
        "harness": spec.harness,
        "calls": [
            {
                "args": list(c.args),
                "kwargs": dict(c.kwargs),
                "np_seed": c.np_seed,
                "inputs_unchanged": c.inputs_unchanged,
            }
            for c in cases
        ],
    }
    limits = getattr(load_spec(assignment.id), "LIMITS", None)
    answer = run_child(request, timeout_s=spec.timeout_s, limits=limits)
    return answer.reply if answer.reply is not None else answer.failure


_FAILURE_MESSAGES = {
    "timeout": "took too long (time limit reached: an endless loop, or far too slow)",
    "no-reply": "stopped the grading process (exit, crash or memory limit)",
    "bad-reply": "produced output the grader could not read",
}


@cache
def _graded_names() -> frozenset[str]:
    return frozenset(n for a in ASSIGNMENTS.values() for n in a.exercise_names)


def _error_text(entry: dict[str, Any]) -> str:
    """'raised ValueError at line 3 of your sigmoid cell' (built-in exception names only)."""
    error = entry.get("error")
    name = (
        error
        if isinstance(error, str) and isinstance(getattr(builtins, error, None), type)
        else "an exception"
    )
    line, cell = entry.get("line"), entry.get("cell")
    known = isinstance(line, int) and cell in _graded_names()
    where = f" at line {line} of your {cell} cell" if known else ""
    return f"raised {name}{where}"


def score_exercise(
    assignment: Assignment, name: str, reply: dict[str, Any] | str, expected: list[Any]
) -> ExerciseResult:
    """Compare a child's reply with the reference outputs; all cases must pass."""
    points = assignment.exercise(name).points
    spec = exercise_spec(assignment.id, name)
    cases = build_cases(assignment.id, name)

    def fail(message: str) -> ExerciseResult:
        return ExerciseResult(name, 0, points, message)

    if isinstance(reply, str):
        return fail(_FAILURE_MESSAGES.get(reply, f"could not be graded ({reply})"))
    if reply["status"] == "missing":
        own = reply.get("cell_errors", {}).get(name)
        return fail(f"{name} is not defined" + (f": its cell {_error_text(own)}" if own else ""))
    if reply["status"] != "ok" or len(reply.get("results", [])) != len(cases):
        return fail("could not be graded (the sandbox did not finish)")
    failures = []
    for case, entry, want in zip(cases, reply["results"], expected, strict=True):
        problem = _case_problem(case, entry, want, spec)
        if problem:
            failures.append(f"case '{case.label}': {problem}")
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        return fail(
            f"{len(failures)} of {len(cases)} hidden cases failed; first: {failures[0]}{more}"
        )
    return ExerciseResult(name, points, points, f"all {len(cases)} hidden cases passed")


def _case_problem(case: Case, entry: Any, want: Any, spec: ExerciseSpec) -> str | None:
    if not isinstance(entry, dict):
        return "no result"
    if "error" in entry:
        return _error_text(entry)
    rtol = spec.rtol if case.rtol is None else case.rtol
    atol = spec.atol if case.atol is None else case.atol
    mismatch = compare(
        want, entry.get("output"), rtol=rtol, atol=atol, exact_types=case.exact_types
    )
    if mismatch:
        return mismatch.describe(reveal=False)
    if case.inputs_unchanged:
        changed = compare(
            [list(case.args), dict(case.kwargs)], entry.get("args_after"), rtol=0, atol=0
        )
        if changed:
            return "it changed its input arguments in place"
    return None


# --------------------------------------------------------------------------- references


def refs_path(assignment_id: str) -> Path:
    return REFS_DIR / f"{assignment_id}.npz"


def solution_sources(assignment: Assignment) -> dict[str, str]:
    """Graded cells of the source notebook (with the solutions)."""
    from graders.notebooks import extract_graded_cells, read_notebook

    nb = read_notebook(assignment.source_notebook)
    return extract_graded_cells(nb, assignment.exercise_names)


def compute_references(assignment_id: str) -> dict[str, Any]:
    """Run the source notebook's solutions on every hidden case and collect outputs."""
    assignment = get_assignment(assignment_id)
    sources = solution_sources(assignment)
    refs: dict[str, Any] = {"fingerprints": {}, "outputs": {}}
    for name in assignment.exercise_names:
        reply = run_exercise(assignment, name, sources)
        if isinstance(reply, str) or reply["status"] != "ok":
            raise GradingError(f"{assignment_id}.{name}: the reference solution failed ({reply})")
        outputs = []
        for case, entry in zip(build_cases(assignment_id, name), reply["results"], strict=True):
            if "error" in entry:
                raise GradingError(
                    f"{assignment_id}.{name}: reference {_error_text(entry)} on '{case.label}'"
                )
            outputs.append(entry["output"])
        refs["outputs"][name] = outputs
        refs["fingerprints"][name] = cases_fingerprint(assignment_id, name)
    return refs


def write_references(assignment_id: str) -> Path:
    """Recompute and store `graders/refs/<id>.npz`."""
    path = refs_path(assignment_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize.dumps(compute_references(assignment_id)))
    return path


def load_references(assignment_id: str) -> dict[str, Any]:
    path = refs_path(assignment_id)
    if not path.exists():
        raise GradingError(
            f"no reference outputs for {assignment_id}; run `dls refs {assignment_id}`"
        )
    return serialize.loads(path.read_bytes())


def stale_references(assignment_id: str) -> list[str]:
    """Exercises whose stored outputs no longer match the source solutions or cases."""
    stored = load_references(assignment_id)
    fresh = compute_references(assignment_id)
    stale = []
    for name, outputs in fresh["outputs"].items():
        same_inputs = stored["fingerprints"].get(name) == fresh["fingerprints"][name]
        old = stored["outputs"].get(name)
        if not same_inputs or old is None or compare(outputs, old, rtol=1e-9, atol=1e-12):
            stale.append(name)
    return stale


# --------------------------------------------------------------------------- entry points


def grade_sources(
    assignment_id: str, sources: dict[str, str], only: list[str] | None = None
) -> GradeReport:
    """Grade graded-cell sources (exercise name -> cell source) of one assignment.

    Exercises missing from `sources` score 0 with a message; the others run one
    sandboxed child each. The reference outputs are read only here, after the
    children have finished. `only` restricts grading to some exercises.
    """
    assignment = get_assignment(assignment_id)
    names = [n for n in assignment.exercise_names if not only or n in only]
    replies = {}
    for name in names:
        if name in sources:
            replies[name] = run_exercise(assignment, name, sources)
    refs = load_references(assignment_id)
    report = GradeReport(assignment_id, isolation=isolation_level())
    for name in names:
        max_points = assignment.exercise(name).points
        if name not in replies:
            report.results.append(
                ExerciseResult(
                    name,
                    0,
                    max_points,
                    f"no cell defines {name} (keep the '# GRADED FUNCTION: {name}' cell)",
                )
            )
            continue
        report.results.append(
            score_exercise(assignment, name, replies[name], refs["outputs"][name])
        )
    return report


def grade_notebook(path: str | Path, assignment_id: str | None = None) -> GradeReport:
    """Grade a submitted notebook file (the fast, trusted path of `dls grade`)."""
    # nbformat is imported only here: hidden-test checks grade cell sources and
    # should not pay for it (over a second, through jsonschema).
    from graders.notebooks import (
        extract_graded_cells,
        guess_assignment,
        notebook_assignment,
        read_notebook,
    )

    nb = read_notebook(path)
    stored = notebook_assignment(nb)
    if assignment_id is None:
        assignment_id = guess_assignment(nb)
        if assignment_id is None:
            raise GradingError(f"{path}: no graded cells of any known assignment found")
    assignment = get_assignment(assignment_id)
    if stored and stored != assignment.id:
        raise GradingError(f"{path}: this notebook belongs to {stored}, not {assignment.id}")
    sources = extract_graded_cells(nb, assignment.exercise_names)
    if not sources and guess_assignment(nb) not in (None, assignment.id):
        raise GradingError(
            f"{path}: this notebook belongs to {guess_assignment(nb)}, not {assignment.id}"
        )
    return grade_sources(assignment.id, sources)


__all__ = [
    "ExerciseResult",
    "GradeReport",
    "GradingError",
    "grade_notebook",
    "grade_sources",
    "write_references",
]

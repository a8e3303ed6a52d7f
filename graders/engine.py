"""The grader engine: the policy of grading, one verdict per submission.

For each exercise the engine builds the spec's seeded hidden cases, sends the
learner's graded cell (after the *reference* versions of the graded functions
it calls, so one bug costs points once) and the case arguments to a job in the
assignment's sandbox, strictly validates the untrusted reply, and compares the
outputs here with the stored reference outputs, which the sandbox never sees.
All exercises of a submission run in one sandbox, which imports the notebook's
libraries (TensorFlow...) once; a batch reuses it across submissions.

    >>> report = grade_submission("submission.ipynb")          # or
    >>> report = grade_sources("c1w2a1", {"sigmoid": "def sigmoid(x): ..."})
    >>> report.score, report.max_score

This module decides what the sandbox shows (`box_spec`); `graders.sandbox`
only builds and runs the box.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from graders.registry import ASSIGNMENTS, REPO_ROOT, Assignment, get_assignment
from graders.sandbox import BoxSpec, JobReply, Limits, SandboxPool, isolation_level
from graders.spec import ExerciseSpec, exercises_of
from shared_utils import wire
from shared_utils.testing import Case, PublicTest, changed_arguments, differences

REFS_DIR = Path(__file__).resolve().parent / "refs"
# Files of this package a sandbox needs to run a job; nothing else of `graders` is shown.
SANDBOX_MODULES = ("graders/__init__.py", "graders/sandbox_child.py")


@dataclass(frozen=True)
class ExerciseResult:
    """Score of one exercise with a short message that is safe to show a learner."""

    name: str
    points: float
    max_points: int
    message: str
    timed_out: bool = False  # the learner's code ran past the exercise's time limit

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

    def verdicts(self) -> dict[str, Any]:
        """What the hidden regions of the notebook show (`graders.hidden_tests`)."""
        return {
            "assignment": self.assignment_id,
            "exercises": {
                r.name: {"passed": r.passed, "message": r.message} for r in self.results
            },
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


@cache
def spec_exercises(assignment_id: str) -> dict[str, ExerciseSpec]:
    return exercises_of(load_spec(assignment_id))


def exercise_spec(assignment_id: str, name: str) -> ExerciseSpec:
    try:
        return spec_exercises(assignment_id)[name]
    except KeyError:
        raise GradingError(f"{assignment_id}: the spec declares no exercise {name}") from None


def build_cases(assignment_id: str, name: str) -> list[Case]:
    """The hidden cases of one exercise, from a generator seeded by (SEED, exercise)."""
    salt = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng([load_spec(assignment_id).SEED, salt])
    return list(exercise_spec(assignment_id, name).cases(rng))


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


def _calls(cases: list[Case]) -> list[dict[str, Any]]:
    return [
        {
            "args": list(c.args),
            "kwargs": dict(c.kwargs),
            "np_seed": c.np_seed,
            "inputs_unchanged": c.inputs_unchanged,
        }
        for c in cases
    ]


def cases_fingerprint(assignment_id: str, name: str) -> str:
    """Hash of an exercise's hidden inputs: reference outputs are stale when it changes.

    Paths into this checkout (a photo a case hands to the function) count from the
    repository root: the same inputs hash alike wherever the repository was cloned.
    """
    calls = _repository_relative(_calls(build_cases(assignment_id, name)), str(REPO_ROOT))
    return hashlib.sha256(wire.dumps(calls)).hexdigest()[:16]


def _repository_relative(value: Any, root: str) -> Any:
    if isinstance(value, str):
        return "<repo>" + value[len(root) :] if value.startswith(root) else value
    if isinstance(value, dict):
        return {k: _repository_relative(v, root) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_repository_relative(v, root) for v in value)
    return value


# --------------------------------------------------------------------------- the sources


def strip_solution_markers(source: str) -> str:
    # (The marker may also be a cell's last line, with no newline after it.)
    return re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*(\n|\Z)", "", source, flags=re.MULTILINE)


@cache
def _source_notebook(assignment_id: str) -> Any:
    from graders.notebooks import read_notebook

    return read_notebook(get_assignment(assignment_id).source_notebook)


def solution_sources(assignment: Assignment) -> dict[str, str]:
    """Graded cells of the source notebook, with the solutions (markers kept)."""
    from graders.notebooks import extract_graded_cells

    return extract_graded_cells(_source_notebook(assignment.id), assignment.exercise_names)


def solution_namespace(assignment_id: str, cells: tuple[str, ...] = ()) -> dict[str, Any]:
    """The notebook's imports and every reference solution, run: what lesson tests call.

    The one way tests load notebook code: `ns = solution_namespace("c1w3a1")`, then
    `ns["nn_model"](...)`. `cells` are the starts of other code cells (lesson cells)
    to run afterwards, in the order given; each must start exactly one cell. Each
    call gives a fresh namespace.
    """
    from graders.notebooks import import_preamble

    notebook = _source_notebook(assignment_id)
    namespace: dict[str, Any] = {"__name__": f"{assignment_id}_solutions"}
    exec(import_preamble(notebook), namespace)
    for source in _reference_cells(assignment_id).values():
        exec(source, namespace)
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    for start in cells:
        found = [source for source in code if source.startswith(start)]
        if len(found) != 1:
            raise ValueError(f"{assignment_id}: {len(found)} code cells start with {start!r}")
        exec(found[0], namespace)
    return namespace


@cache
def _reference_cells(assignment_id: str) -> dict[str, str]:
    sources = solution_sources(get_assignment(assignment_id))
    return {name: strip_solution_markers(source) for name, source in sources.items()}


def public_tests(assignment_id: str) -> ModuleType:
    return importlib.import_module(f"shared_utils.public_tests.{assignment_id}")


def public_test(assignment_id: str, name: str) -> PublicTest:
    test = getattr(public_tests(assignment_id), f"test_{name}", None)
    if not isinstance(test, PublicTest):
        raise GradingError(
            f"{assignment_id}: shared_utils/public_tests/{assignment_id}.py has no "
            f"@public_test test_{name}"
        )
    return test


def _reference(value: Any) -> str:
    return f"{value.__module__}:{value.__qualname__}"


def exercise_meta(assignment_id: str) -> dict[str, Any]:
    """What grading needs from the public tests and the solution, stored with the refs."""
    meta: dict[str, Any] = {}
    sources = _reference_cells(assignment_id)
    for name in get_assignment(assignment_id).exercise_names:
        test = public_test(assignment_id, name)
        parameters: list[str] = []
        for node in ast.walk(ast.parse(sources.get(name, ""))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                function = node
                if isinstance(node, ast.ClassDef):  # a class: the arguments of __init__
                    function = next(
                        (n for n in node.body if getattr(n, "name", "") == "__init__"), None
                    )
                if isinstance(function, ast.FunctionDef):
                    parameters = [a.arg for a in function.args.args if a.arg != "self"]
                break
        meta[name] = {
            "returns": test.returns,
            "harness": _reference(test.harness) if test.harness else None,
            "parameters": parameters,
        }
    fixtures = getattr(public_tests(assignment_id), "FIXTURES", {})
    meta["__fixtures__"] = {key: f"shared_utils.public_tests.{assignment_id}" for key in fixtures}
    return meta


# --------------------------------------------------------------------------- the box


def box_spec(assignment_id: str, meta: dict[str, Any]) -> BoxSpec:
    """What the sandbox of this assignment shows and imports (an allow-list)."""
    from graders.notebooks import import_preamble

    spec = load_spec(assignment_id)
    harnesses = {
        m["harness"].partition(":")[0] for k, m in meta.items() if k[:2] != "__" and m["harness"]
    }
    fixtures = tuple(sorted(meta.get("__fixtures__", {}).items()))
    shown = [
        REPO_ROOT / "shared_utils",
        REPO_ROOT / "datasets" / "manifest.json",
        *(REPO_ROOT / m for m in SANDBOX_MODULES),
        *(REPO_ROOT / p for p in getattr(spec, "DATA", ())),
    ]
    preamble = import_preamble(_source_notebook(assignment_id))
    imports = tuple(sorted(harnesses | {m for _, m in fixtures}))
    hidden = set(getattr(spec, "ANSWER_MODULES", ()))
    hidden |= answer_modules(assignment_id, _imported_modules(preamble) | set(imports))
    answers = {REPO_ROOT / (module.replace(".", "/") + ".py") for module in hidden}
    # Their compiled copies too (a sourceless loader runs a .pyc as well as the source):
    # the box gets an empty bytecode folder, so a .pyc written later cannot show either.
    answers |= {source.parent / "__pycache__" for source in answers if source.exists()}
    return BoxSpec(
        preamble=preamble,
        imports=imports,
        fixtures=fixtures,
        read_only=tuple(str(p) for p in shown),
        hidden=tuple(sorted(str(p) for p in answers if p.exists())),
        limits=Limits(**getattr(spec, "LIMITS", {})),
    )


def answer_modules(assignment_id: str, needed: set[str]) -> set[str]:
    """The `shared_utils` modules that bind a graded function's name, except those `needed`.

    A learner could import a working answer from them (a helper of another week
    called `compute_cost` or `sigmoid`), so the box does not show them. `needed`
    are the modules the notebook's imports and the probes use; what they import
    stays visible too, and a test proves that nothing there earns points.
    """
    graded = set(get_assignment(assignment_id).exercise_names)
    index = _shared_module_index()
    keep: set[str] = set()
    todo = [m for m in needed if m in index]
    while todo:
        module = todo.pop()
        if module not in keep:
            keep.add(module)
            todo += [m for m in index[module][1] if m in index and m not in keep]
    return {m for m, (bound, _) in index.items() if bound & graded and m not in keep}


@cache
def _shared_module_index() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each `shared_utils` module -> (the names it binds, the shared modules it imports)."""
    index = {}
    for path in sorted((REPO_ROOT / "shared_utils").rglob("*.py")):
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        index[module] = (frozenset(_top_level_names(tree)), frozenset(_imported_modules(tree)))
    return index


def _top_level_names(tree: ast.Module) -> Iterator[str]:
    todo: list[ast.stmt] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node.name
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            yield from ((a.asname or a.name).partition(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield from (n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            todo += [n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt)]


def _imported_modules(code: str | ast.Module) -> set[str]:
    """The `shared_utils` modules that code imports, anywhere in it (lazy imports too)."""
    tree = ast.parse(code) if isinstance(code, str) else code
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m == "shared_utils" or m.startswith("shared_utils.")}


@contextmanager
def sandbox_pool(pool: SandboxPool | None = None) -> Iterator[SandboxPool]:
    """`pool` itself when given (the caller stops it), else a pool stopped at the end."""
    if pool is not None:
        yield pool
        return
    own = SandboxPool()
    try:
        yield own
    finally:
        own.close()


# --------------------------------------------------------------------------- running


def _job(
    assignment: Assignment, name: str, sources: dict[str, str], cases: list[Case], meta: dict
) -> dict[str, Any]:
    """The sandbox job of one exercise: the cells to run and the calls to make."""
    spec = exercise_spec(assignment.id, name)
    references = _reference_cells(assignment.id)
    cells = []
    for dependency in dependency_order(assignment, name)[:-1]:
        if spec.own_dependencies:
            if dependency in sources:
                cells.append((dependency, sources[dependency]))
        else:
            cells.append((dependency, references[dependency]))
    cells.append((name, sources[name]))
    return {
        "cells": cells,
        "function": name,
        "harness": meta[name]["harness"],
        "calls": _calls(cases),
    }


_FAILURE_MESSAGES = {
    "timeout": "took too long (time limit reached: an endless loop, or far too slow)",
    "no-reply": "stopped the grading process (exit, crash or memory limit)",
    "too-large": "returned far more data than expected",
    "bad-reply": "produced output the grader could not read",
}


def _failure_message(failure: str) -> str:
    if failure.startswith("sandbox-failed"):
        return "could not be graded (the grading sandbox stopped)"
    return _FAILURE_MESSAGES.get(failure, "could not be graded")


def _validated(reply: JobReply, n_calls: int) -> dict[str, Any] | str:
    """The job's reply if it has exactly the expected shape, else a failure word.

    The job process ran learner code, which can write any bytes: nothing is
    trusted that is not checked here (schema, types, sizes, a bounded decode).
    """
    if reply.failure is not None or reply.blob is None:
        return reply.failure or "no-reply"
    try:
        tree = wire.loads(reply.blob, max_bytes=4 * len(reply.blob) + 2**20)
    except wire.WireFormatError:
        return "bad-reply"
    if not isinstance(tree, dict) or tree.get("status") not in ("ok", "missing", "crashed"):
        return "bad-reply"
    if tree["status"] == "crashed":
        return "no-reply"
    errors = tree.get("cell_errors", {})
    if not isinstance(errors, dict) or not all(_is_error(e) for e in errors.values()):
        return "bad-reply"
    results = tree.get("results")
    if not isinstance(results, list):
        return "bad-reply"
    if tree["status"] == "ok" and len(results) != n_calls:
        return "bad-reply"
    for entry in results:
        if not isinstance(entry, dict):
            return "bad-reply"
        if "error" in entry:
            if not _is_error(entry):
                return "bad-reply"
        elif set(entry) - {"output", "args_after"} or "output" not in entry:
            return "bad-reply"
        elif "args_after" in entry and not (
            isinstance(entry["args_after"], list)
            and len(entry["args_after"]) == 2
            and isinstance(entry["args_after"][0], list)
            and isinstance(entry["args_after"][1], dict)
        ):
            return "bad-reply"
    return tree


def _is_error(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == {"error", "line", "cell"}
        and isinstance(entry["error"], str)
        and (
            entry["line"] is None
            or (isinstance(entry["line"], int) and 0 <= entry["line"] < 10**6)
        )
        and (entry["cell"] is None or isinstance(entry["cell"], str))
    )


@cache
def _graded_names() -> frozenset[str]:
    return frozenset(n for a in ASSIGNMENTS.values() for n in a.exercise_names)


def _error_text(entry: dict[str, Any]) -> str:
    """'raised ValueError at line 3 of your sigmoid cell' (built-in exception names only)."""
    error = entry.get("error")
    name = (
        error
        if isinstance(error, str)
        and error.isidentifier()
        and isinstance(getattr(builtins, error, None), type)
        else "an exception"
    )
    line, cell = entry.get("line"), entry.get("cell")
    known = isinstance(line, int) and cell in _graded_names()
    where = f" at line {line} of your {cell} cell" if known else ""
    return f"raised {name}{where}"


def score_exercise(
    assignment: Assignment,
    name: str,
    reply: dict[str, Any] | str,
    expected: list[Any],
    meta: dict[str, Any],
    cases: list[Case],
) -> ExerciseResult:
    """Compare a validated reply with the reference outputs; every case must pass."""
    points = assignment.exercise(name).points
    spec = exercise_spec(assignment.id, name)

    def fail(message: str) -> ExerciseResult:
        return ExerciseResult(name, 0, points, message)

    if isinstance(reply, str):
        return replace(fail(_failure_message(reply)), timed_out=reply == "timeout")
    if reply["status"] == "missing":
        own = reply.get("cell_errors", {}).get(name)
        return fail(f"{name} is not defined" + (f": its cell {_error_text(own)}" if own else ""))
    failures = []
    for case, entry, want in zip(cases, reply["results"], expected, strict=True):
        problem = _case_problem(case, entry, want, spec, meta[name])
        if problem:
            failures.append(f"case '{case.label}': {problem}")
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        return fail(
            f"{len(failures)} of {len(cases)} hidden cases failed; first: {failures[0]}{more}"
        )
    return ExerciseResult(name, points, points, f"all {len(cases)} hidden cases passed")


def _case_problem(
    case: Case, entry: dict[str, Any], want: Any, spec: ExerciseSpec, meta: dict[str, Any]
) -> str | None:
    if "error" in entry:
        return _error_text(entry)
    rtol = spec.rtol if case.rtol is None else case.rtol
    atol = spec.atol if case.atol is None else case.atol
    found = differences(
        want, entry.get("output"), rtol=rtol, atol=atol, exact_types=case.exact_types, limit=3
    )
    if found:
        return "; ".join(m.describe(reveal=False, returns=meta["returns"]) for m in found)
    changed = changed_arguments(case, entry.get("args_after"), meta["parameters"])
    if changed:
        return f"it changed its argument {changed[0]} in place"
    return None


def _dependency_notes(assignment: Assignment, report: GradeReport) -> None:
    """Say when an exercise's dependencies fail their own checks (one bug, one place to fix)."""
    failed = {r.name for r in report.results if not r.passed}
    for index, result in enumerate(report.results):
        spec = exercise_spec(assignment.id, result.name)
        broken = [d for d in dependency_order(assignment, result.name)[:-1] if d in failed]
        if not broken:
            continue
        names = ", ".join(broken)
        if spec.own_dependencies:
            note = f"{result.name} uses your {names}, which fails its own checks: fix that first"
        elif result.passed:
            note = (
                f"graded with the reference {names}; your own {names} fails its checks, so "
                f"{result.name} misbehaves in your notebook until you fix it"
            )
        else:
            continue
        report.results[index] = replace(result, message=f"{result.message}. Note: {note}")


# --------------------------------------------------------------------------- references


def refs_path(assignment_id: str) -> Path:
    return REFS_DIR / f"{assignment_id}.npz"


def load_references(assignment_id: str) -> dict[str, Any]:
    path = refs_path(assignment_id)
    if not path.exists():
        raise GradingError(
            f"no reference outputs for {assignment_id}; run `dls refs {assignment_id}`"
        )
    return _load_references(path, path.stat().st_mtime_ns)


@cache
def _load_references(path: Path, _mtime: int) -> dict[str, Any]:
    return wire.loads(path.read_bytes())


def _run(
    sandbox_pool: SandboxPool, box: BoxSpec, job: dict[str, Any], timeout_s: float, n: int
) -> dict[str, Any] | str:
    return _validated(sandbox_pool.get(box).run(job, timeout_s), n)


def compute_references(
    assignment_id: str, pool: SandboxPool | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the source notebook's solutions on every hidden case: (refs, hints).

    Also checks that the solution passes its own public cases, and computes
    what each hinted mistake returns on them (the public-test hints).
    """
    assignment = get_assignment(assignment_id)
    meta = exercise_meta(assignment_id)
    box = box_spec(assignment_id, meta)
    refs: dict[str, Any] = {"fingerprints": {}, "outputs": {}, "meta": meta}
    hints: dict[str, Any] = {}
    with sandbox_pool(pool) as pool:
        for name in assignment.exercise_names:
            _reference_exercise(assignment, name, meta, box, pool, refs, hints)
    return refs, hints


def _reference_exercise(
    assignment: Assignment,
    name: str,
    meta: dict[str, Any],
    box: BoxSpec,
    pool: SandboxPool,
    refs: dict[str, Any],
    hints: dict[str, Any],
) -> None:
    """Store one exercise's reference outputs, fingerprint and public-test hints."""
    spec = exercise_spec(assignment.id, name)
    cases = build_cases(assignment.id, name)
    job = _job(assignment, name, _reference_cells(assignment.id), cases, meta)
    # Reference runs get extra time: they must not fail on a loaded machine.
    reply = _run(pool, box, job, spec.timeout_s * 3, len(cases))
    refs["outputs"][name] = _reference_outputs(assignment.id, name, cases, reply)
    refs["fingerprints"][name] = cases_fingerprint(assignment.id, name)
    hints[name] = _public_hints(assignment, name, meta, box, pool)


def _reference_outputs(aid: str, name: str, cases: list[Case], reply: dict | str) -> list[Any]:
    if isinstance(reply, str) or reply["status"] != "ok":
        detail = reply if isinstance(reply, str) else reply.get("cell_errors")
        raise GradingError(f"{aid}.{name}: the reference solution failed ({detail})")
    outputs = []
    for case, entry in zip(cases, reply["results"], strict=True):
        if "error" in entry:
            raise GradingError(f"{aid}.{name}: reference {_error_text(entry)} on '{case.label}'")
        outputs.append(entry["output"])
    return outputs


# A hint matches the learner's output to a mistake's; a mistake whose output is
# huge (the default 12288-input network instead of the case's) is caught by the
# shape note anyway and would only bloat the hints file learners download.
HINT_OUTPUT_BYTES = 64 * 1024


def _public_hints(
    assignment: Assignment, name: str, meta: dict[str, Any], box: BoxSpec, pool: SandboxPool
) -> list[list[dict[str, Any]]]:
    """For each public case, the hinted mistakes whose output differs from the expected one."""
    test = public_test(assignment.id, name)
    cases = test.cases()
    spec = exercise_spec(assignment.id, name)
    references = _reference_cells(assignment.id)
    per_case: list[list[dict[str, Any]]] = [[] for _ in cases]
    checks = [("the reference solution", None, references[name])]
    checks += [
        (key, mistake.hint, mistake.apply(references[name], name))
        for key, mistake in spec.mistakes.items()
        if mistake.hint
    ]
    for _key, hint, cell in checks:
        sources = {**references, name: cell}
        job = _job(assignment, name, sources, cases, meta)
        reply = _run(pool, box, job, spec.timeout_s * 3, len(cases))
        if hint is not None and not _reproducible(
            reply, _run(pool, box, job, spec.timeout_s * 3, len(cases)), test
        ):
            continue  # an unseeded slip: no learner's output can be matched to it
        if isinstance(reply, str) or reply["status"] != "ok":
            if hint is None:
                raise GradingError(
                    f"{assignment.id}.{name}: the reference failed its public cases"
                )
            continue
        for index, (case, entry) in enumerate(zip(cases, reply["results"], strict=True)):
            rtol = test.rtol if case.rtol is None else case.rtol
            atol = test.atol if case.atol is None else case.atol
            wrong = "error" in entry or differences(
                case.expected, entry["output"], rtol=rtol, atol=atol, exact_types=case.exact_types
            )
            if hint is None and wrong:
                raise GradingError(
                    f"{assignment.id}.{name}: the reference solution fails the public case "
                    f"'{case.label}' (expected values in the public tests are out of date?)"
                )
            if (
                hint is not None
                and wrong
                and "error" not in entry
                and len(wire.dumps(entry["output"])) <= HINT_OUTPUT_BYTES
            ):
                per_case[index].append({"hint": hint, "output": entry["output"]})
    return per_case


def _reproducible(first: dict | str, second: dict | str, test: PublicTest) -> bool:
    """Whether two runs of the same job agree well enough for their outputs to be hints.

    A tenth of the public test's tolerance: an unseeded slip differs far more,
    while float32 kernels may differ between runs in their last bits.
    """
    if isinstance(first, str) or isinstance(second, str):
        return first == second
    outputs = [[e.get("output") for e in r.get("results", [])] for r in (first, second)]
    tol = {"rtol": test.rtol / 10, "atol": test.atol / 10}
    return not differences(outputs[0], outputs[1], limit=1, **tol)


def write_references(assignment_id: str, pool: SandboxPool | None = None) -> Path:
    """Recompute and store `graders/refs/<id>.npz` and the public-test hints."""
    from shared_utils.testing import hints_path

    refs, hints = compute_references(assignment_id, pool)
    path = refs_path(assignment_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wire.dumps(refs))
    hint_file = hints_path(assignment_id)
    hint_file.parent.mkdir(parents=True, exist_ok=True)
    hint_file.write_bytes(wire.dumps(hints))
    return path


def stale_references(
    assignment_id: str,
    pool: SandboxPool | None = None,
    fresh: tuple[dict[str, Any], dict[str, Any]] | None = None,
) -> dict[str, str]:
    """Exercises whose stored outputs, hints or metadata no longer match the sources.

    Returns exercise name -> why it is stale (empty when all are fresh). `fresh`
    is a `compute_references` result the caller already has.
    """
    from shared_utils.testing import hints_path

    stored = load_references(assignment_id)
    fresh, hints = fresh or compute_references(assignment_id, pool)
    hint_file = hints_path(assignment_id)
    stored_hints = wire.loads(hint_file.read_bytes()) if hint_file.exists() else {}
    specs = spec_exercises(assignment_id)
    stale = {}
    for name, outputs in fresh["outputs"].items():
        # At the grading tolerances: outputs stored on one CPU and recomputed on another
        # differ in float32's last bits, and are stale only if they would grade differently.
        tol = {"rtol": specs[name].rtol, "atol": specs[name].atol}
        test = public_test(assignment_id, name)
        hint_tol = {"rtol": test.rtol, "atol": test.atol}
        old = stored["outputs"].get(name)
        if old is None:
            stale[name] = "no stored outputs"
        elif stored["fingerprints"].get(name) != fresh["fingerprints"][name]:
            stale[name] = "the hidden cases changed"
        elif stored.get("meta", {}).get(name) != fresh["meta"][name]:
            stale[name] = "the metadata changed"
        elif found := differences(old, outputs, limit=1, **tol):
            stale[name] = f"outputs differ: {_describe(found[0])}"
        elif why := _hints_differ(stored_hints.get(name), hints[name], **hint_tol):
            stale[name] = f"public-test hints differ: {why}"
    return stale


def _describe(mismatch: Any) -> str:
    return f"{mismatch.where()} {mismatch.kind}: stored {mismatch.expected}, now {mismatch.actual}"


def _hints_differ(old: Any, new: Any, *, rtol: float, atol: float) -> str:
    """Why two public-hint tables differ ("" when they agree)."""
    if old is None or len(old) != len(new):
        return "the number of public cases changed"
    for index, (old_case, new_case) in enumerate(zip(old, new, strict=True)):
        before, now = [e["hint"] for e in old_case], [e["hint"] for e in new_case]
        if before != now:
            return f"case {index} hinted {before}, now {now}"
        for a, b in zip(old_case, new_case, strict=True):
            if found := differences(a["output"], b["output"], rtol=rtol, atol=atol, limit=1):
                return f"case {index}, hint {a['hint']!r}: {_describe(found[0])}"
    return ""


# --------------------------------------------------------------------------- entry points


def grade_sources(
    assignment_id: str,
    sources: dict[str, str],
    only: list[str] | None = None,
    *,
    pool: SandboxPool | None = None,
) -> GradeReport:
    """Grade graded-cell sources (exercise name -> cell source) of one assignment.

    Exercises missing from `sources` score 0 with a message; the others run one
    sandbox job each. `only` restricts grading to some exercises.
    """
    assignment = get_assignment(assignment_id)
    refs = load_references(assignment_id)
    meta = refs["meta"]
    box = box_spec(assignment_id, meta)
    report = GradeReport(assignment_id, isolation=isolation_level())
    names = [n for n in assignment.exercise_names if not only or n in only]
    with sandbox_pool(pool) as pool:
        for name in names:
            report.results.append(_grade_exercise(assignment, name, sources, refs, box, pool))
    _dependency_notes(assignment, report)
    return report


def _grade_exercise(
    assignment: Assignment,
    name: str,
    sources: dict[str, str],
    refs: dict[str, Any],
    box: BoxSpec,
    pool: SandboxPool,
) -> ExerciseResult:
    if name not in sources:
        message = f"no cell defines {name} (keep the '# GRADED FUNCTION: {name}' cell)"
        return ExerciseResult(name, 0, assignment.exercise(name).points, message)
    spec = exercise_spec(assignment.id, name)
    cases = build_cases(assignment.id, name)
    job = _job(assignment, name, sources, cases, refs["meta"])
    reply = _run(pool, box, job, spec.timeout_s, len(cases))
    return score_exercise(assignment, name, reply, refs["outputs"][name], refs["meta"], cases)


def submission_sources(
    path: str | Path, assignment_id: str | None = None
) -> tuple[str, dict[str, str]]:
    """(assignment id, graded-cell sources) of a submitted notebook file.

    Raises:
        GradingError: unreadable, not a notebook, or a notebook of another assignment.
    """
    # nbformat is imported only here (over a second, through jsonschema).
    from graders.notebooks import (
        NotebookError,
        extract_graded_cells,
        guess_assignment,
        notebook_assignment,
        read_notebook,
    )

    try:
        nb = read_notebook(path)
    except NotebookError as exc:
        raise GradingError(str(exc)) from None
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
    return assignment.id, sources


def grade_submission(
    path: str | Path, assignment_id: str | None = None, *, pool: SandboxPool | None = None
) -> GradeReport:
    """Grade a submitted notebook file (the trusted path of `dls grade` and `dls autograde`)."""
    assignment_id, sources = submission_sources(path, assignment_id)
    return grade_sources(assignment_id, sources, pool=pool)


__all__ = [
    "ExerciseResult",
    "GradeReport",
    "GradingError",
    "grade_sources",
    "grade_submission",
    "sandbox_pool",
    "write_references",
]

"""Test cases, the one call-and-compare path, and the public-test runner.

Every check in the course, public or hidden, is a `Case`: a label, the
arguments, and (for public cases) the expected output. `call_case` calls a
function on a case exactly as the grader does (fresh copies of the arguments,
`np.random.seed` first when the case says so, through a probe when the
exercise has one) and `differences` lists every way an output differs from the
expected one. Public tests show both sides; the hidden grader runs the same
code in its sandbox but shows only the kind of difference.

A public test module declares one test per exercise:

    @public_test(returns=("A2", "cache"))
    def test_forward_propagation():
        return [Case("example A", args=(X_A, PARAMS_A), expected=(A2_A, CACHE_A))]

and the notebook calls `public_tests.test_forward_propagation(forward_propagation)`.
`returns` names the outputs the way the lesson does, so a failure reads
`cache["Z1"] has the wrong values`, not `output[1]['Z1']`.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from numbers import Number
from pathlib import Path
from typing import Any

import numpy as np

from shared_utils import wire
from shared_utils.wire import Fixture, Opaque  # noqa: F401 - part of this module's API

_NUMERIC_KINDS = "biuf"
MAX_DIFFERENCES = 6  # per case: enough to see a pattern, short enough to read


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()


@dataclass(frozen=True)
class Case:
    """One call of a graded function.

    Attributes:
        label: learner-safe description ("column vector", "all zeros"); for a
            hidden case it is the only thing about the case a learner ever sees.
        args, kwargs: the arguments (arrays, numbers, dicts, tuples, `Fixture`s).
        expected: the expected output (public cases); hidden cases leave it out
            and are compared with the stored reference outputs.
        np_seed: if set, `np.random.seed(np_seed)` runs right before the call.
        rtol, atol: tolerances for this case (None: the exercise's).
        exact_types: Python and numpy scalar types must match exactly.
        inputs_unchanged: the call must not modify its arguments in place.
    """

    label: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    expected: Any = NOT_GIVEN
    np_seed: int | None = None
    rtol: float | None = None
    atol: float | None = None
    exact_types: bool = False
    inputs_unchanged: bool = True


@dataclass
class Call:
    """What calling a function on a case gave: an output or an exception."""

    output: Any = None
    error: BaseException | None = None
    args_after: list[Any] | None = None  # [args, kwargs] after the call, when checked


# --------------------------------------------------------------------------- calling


def resolve_fixtures(value: Any, fixtures: Mapping[str, Any]) -> Any:
    """`value` with every `Fixture` replaced by its loaded object (copied unless told not to)."""
    if isinstance(value, Fixture):
        loaded = fixtures[value.name]
        return copy.deepcopy(loaded) if value.copy else loaded
    if isinstance(value, tuple):
        return tuple(resolve_fixtures(v, fixtures) for v in value)
    if isinstance(value, list):
        return [resolve_fixtures(v, fixtures) for v in value]
    if isinstance(value, dict):
        return {k: resolve_fixtures(v, fixtures) for k, v in value.items()}
    return copy.deepcopy(value)


def _has_fixture(value: Any) -> bool:
    if isinstance(value, Fixture):
        return True
    if isinstance(value, (tuple, list)):
        return any(_has_fixture(v) for v in value)
    if isinstance(value, dict):
        return any(_has_fixture(v) for v in value.values())
    return False


def call_case(
    func: Callable[..., Any],
    case: Case,
    *,
    harness: Callable[..., Any] | None = None,
    fixtures: Mapping[str, Any] | None = None,
) -> Call:
    """Call `func` on fresh copies of the case's arguments; never raises.

    With a `harness` (a probe that records more than the value: the kind of
    object returned, gradients through it) the call is `harness(func, *args, **kwargs)`.
    """
    __tracebackhide__ = True
    fixtures = fixtures or {}
    args = resolve_fixtures(tuple(case.args), fixtures)
    kwargs = resolve_fixtures(dict(case.kwargs), fixtures)
    if case.np_seed is not None:
        np.random.seed(case.np_seed)
    try:
        output = harness(func, *args, **kwargs) if harness else func(*args, **kwargs)
    except BaseException as exc:  # noqa: B036 - learner code may raise anything
        return Call(error=exc)
    checked = case.inputs_unchanged and not _has_fixture([case.args, case.kwargs])
    return Call(output=output, args_after=[list(args), kwargs] if checked else None)


# --------------------------------------------------------------------------- comparing

Path_ = tuple[tuple[str, Any], ...]  # (("index", 1), ("key", "Z1")) for output[1]["Z1"]


@dataclass(frozen=True)
class Mismatch:
    """One difference between an expected and an actual output.

    Attributes:
        path: where in the output, as (("index", 1), ("key", "Z1")) steps.
        kind: "type", "keys", "length", "shape", "dtype", "value" or "nan".
        expected, actual: short texts of both sides (only public tests show them).
        note: a learner-safe observation about the difference ("it is the
            transpose of the expected array"), public tests only.
    """

    path: Path_
    kind: str
    expected: str
    actual: str
    note: str = ""

    def where(self, returns: str | Sequence[str] | None = None) -> str:
        """The output's name as the lesson writes it: `cache["Z1"]`, `A2`, `output[0]`."""
        steps = list(self.path)
        if isinstance(returns, str):
            head = returns
        elif returns and steps and steps[0][0] == "index" and steps[0][1] < len(returns):
            head = returns[steps.pop(0)[1]]
        else:
            head = "output"
        for _kind, step in steps:
            head += f"[{json.dumps(step)}]" if isinstance(step, str) else f"[{step!r}]"
        return head

    def describe(self, reveal: bool, returns: str | Sequence[str] | None = None) -> str:
        """One line for a learner; `reveal=False` hides both sides (hidden cases)."""
        text = {
            "type": "has the wrong type",
            "keys": "has the wrong keys",
            "length": "has the wrong number of items",
            "shape": "has the wrong shape",
            "dtype": "has the wrong dtype",
            "value": "has the wrong values",
            "nan": "contains NaN or inf where numbers were expected",
        }.get(self.kind, "differs")
        where = self.where(returns)
        if not reveal:
            # Both sides could carry hidden data (the expected values, or inputs a
            # learner's code echoes back): say only what kind of difference it is.
            return f"{where} {text}"
        line = f"{where} {text}: expected {self.expected}, got {self.actual}"
        return f"{line} ({self.note})" if self.note else line


def short(value: Any) -> str:
    """Compact text of a value for messages: shapes and a few numbers, never pages."""
    if isinstance(value, np.ndarray):
        body = np.array2string(value, precision=6, threshold=12, edgeitems=2)
        body = " ".join(body.split())  # one line: messages are read in a narrow box
        return f"array{value.shape} {value.dtype}: {body}"
    if isinstance(value, np.generic):
        return f"{type(value).__name__}({value!r})"
    if isinstance(value, Mapping):
        return f"dict with keys {sorted(map(str, value))}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of length {len(value)}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"numpy array {value.shape}"
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, (Number, np.number)) and not isinstance(value, (bool, np.bool_))


def differences(
    expected: Any,
    actual: Any,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    exact_types: bool = False,
    path: Path_ = (),
    limit: int = MAX_DIFFERENCES,
) -> list[Mismatch]:
    """Every difference between `expected` and `actual` (at most `limit`), outermost first.

    Containers are walked recursively (dict keys, tuple/list items). Arrays must
    have the expected shape and a compatible dtype (numeric for numeric), and
    values must agree within `rtol`/`atol` (NaN only where NaN is expected).
    Scalars may be Python or numpy numbers unless `exact_types` is set.
    """
    kw = {"rtol": rtol, "atol": atol, "exact_types": exact_types}
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [Mismatch(path, "type", "a dict", _type_name(actual))]
        if set(map(str, expected)) != set(map(str, actual)):
            return [Mismatch(path, "keys", short(expected), short(actual))]
        actual_by_key = {str(k): v for k, v in actual.items()}
        found: list[Mismatch] = []
        for key in sorted(expected, key=str):
            step = (("key", key),)
            found += differences(
                expected[key], actual_by_key[str(key)], path=path + step, limit=limit, **kw
            )
            if len(found) >= limit:
                break
        return found[:limit]
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or (
            exact_types and type(actual) is not type(expected)
        ):
            return [Mismatch(path, "type", f"a {type(expected).__name__}", _type_name(actual))]
        if len(actual) != len(expected):
            return [Mismatch(path, "length", str(len(expected)), str(len(actual)))]
        found = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found += differences(e, a, path=path + (("index", i),), limit=limit, **kw)
            if len(found) >= limit:
                break
        return found[:limit]
    one = _leaf_difference(expected, actual, path=path, **kw)
    return [one] if one else []


def compare(expected: Any, actual: Any, **kwargs: Any) -> Mismatch | None:
    """The first difference between `expected` and `actual`, or None when they match."""
    found = differences(expected, actual, limit=1, **kwargs)
    return found[0] if found else None


def _leaf_difference(
    expected: Any, actual: Any, *, rtol: float, atol: float, exact_types: bool, path: Path_
) -> Mismatch | None:
    if isinstance(expected, np.ndarray):
        return _compare_arrays(
            expected, actual, rtol=rtol, atol=atol, exact=exact_types, path=path
        )
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(actual, (bool, np.bool_)) or bool(actual) != bool(expected):
            return Mismatch(path, "value", repr(bool(expected)), short(actual))
        return None
    if _is_number(expected):
        return _compare_scalars(
            expected, actual, rtol=rtol, atol=atol, exact=exact_types, path=path
        )
    if expected is None or isinstance(expected, (str, Opaque)):
        if type(actual) is not type(expected) or actual != expected:
            return Mismatch(path, "value", short(expected), short(actual))
        return None
    raise TypeError(f"compare() cannot handle expected values of type {type(expected).__name__}")


def _compare_arrays(
    expected: np.ndarray, actual: Any, *, rtol: float, atol: float, exact: bool, path: Path_
) -> Mismatch | None:
    if not isinstance(actual, np.ndarray):
        if expected.shape == () and _is_number(actual) and not exact:
            actual = np.asarray(actual)
        else:
            return Mismatch(path, "type", f"a numpy array {expected.shape}", _type_name(actual))
    if actual.shape != expected.shape:
        return Mismatch(
            path, "shape", str(expected.shape), str(actual.shape), _shape_note(expected, actual)
        )
    if exact and actual.dtype != expected.dtype:
        return Mismatch(path, "dtype", str(expected.dtype), str(actual.dtype))
    numeric = expected.dtype.kind in _NUMERIC_KINDS
    if numeric != (actual.dtype.kind in _NUMERIC_KINDS):
        return Mismatch(path, "dtype", str(expected.dtype), str(actual.dtype))
    if not numeric:
        if not np.array_equal(expected, actual):
            return Mismatch(path, "value", short(expected), short(actual))
        return None
    exp = expected.astype(np.float64)
    act = actual.astype(np.float64)
    if not np.array_equal(np.isfinite(exp), np.isfinite(act)):
        return Mismatch(path, "nan", short(expected), short(actual))
    if not np.allclose(act, exp, rtol=rtol, atol=atol, equal_nan=True):
        note = _ratio_note(exp, act, rtol=rtol, atol=atol)
        return Mismatch(path, "value", short(expected), short(actual), note)
    return None


def _compare_scalars(
    expected: Any, actual: Any, *, rtol: float, atol: float, exact: bool, path: Path_
) -> Mismatch | None:
    if isinstance(actual, np.ndarray) and actual.shape == () and not exact:
        actual = actual[()]
    if isinstance(actual, np.ndarray) and actual.size == 1 and not exact:
        note = f"a number was expected; this array holds one ({actual.shape}): float(...)?"
        return Mismatch(path, "type", type(expected).__name__, _type_name(actual), note)
    if not _is_number(actual) or (exact and type(actual) is not type(expected)):
        return Mismatch(path, "type", type(expected).__name__, _type_name(actual))
    if isinstance(expected, (int, np.integer)) and not isinstance(actual, (int, np.integer)):
        if exact or float(actual) != float(expected):
            return Mismatch(path, "type", type(expected).__name__, _type_name(actual))
    exp, act = float(expected), float(actual)
    if np.isfinite(exp) != np.isfinite(act):
        return Mismatch(path, "nan", repr(exp), repr(act))
    if not np.isclose(act, exp, rtol=rtol, atol=atol, equal_nan=True):
        note = _ratio_note(np.array([exp]), np.array([act]), rtol=rtol, atol=atol)
        return Mismatch(path, "value", repr(expected), repr(actual), note)
    return None


def _ratio_note(expected: np.ndarray, actual: np.ndarray, *, rtol: float, atol: float) -> str:
    """'every entry has the opposite sign', 'every entry is 4 times the expected one'..."""
    if not np.isfinite(actual).all() or not np.any(np.abs(expected) > atol):
        return ""
    if np.allclose(actual, -expected, rtol=rtol, atol=atol):
        return "every entry has the opposite sign"
    nonzero = np.abs(expected) > 1e3 * atol
    ratios = actual[nonzero] / expected[nonzero]
    ratio = float(np.median(ratios))
    if ratio == 0 or not np.allclose(actual, ratio * expected, rtol=max(rtol, 1e-9), atol=atol):
        return ""
    if abs(ratio - round(ratio)) < 1e-9 and abs(ratio) >= 2:
        return f"every entry is exactly {round(ratio)} times the expected one"
    if abs(1 / ratio - round(1 / ratio)) < 1e-9 and abs(1 / ratio) >= 2:
        return f"every entry is exactly 1/{round(1 / ratio)} of the expected one"
    return f"every entry is {ratio:.4g} times the expected one"


def _shape_note(expected: np.ndarray, actual: np.ndarray) -> str:
    if actual.ndim == 2 and actual.T.shape == expected.shape:
        if actual.dtype.kind in _NUMERIC_KINDS and np.allclose(actual.T, expected):
            return "it is the transpose of the expected array"
        return "the shape is transposed"
    if actual.size == expected.size:
        if actual.dtype.kind in _NUMERIC_KINDS and np.allclose(
            actual.reshape(expected.shape), expected
        ):
            return "the values are right but arranged in another shape (keepdims or reshape?)"
    return ""


def changed_arguments(
    case: Case, args_after: list[Any] | None, parameter_names: Sequence[str] = ()
) -> list[str]:
    """Names of the arguments a call modified in place ('parameters', 'grads["dW1"]')."""
    if args_after is None or not case.inputs_unchanged:
        return []
    after_args, after_kwargs = args_after
    names = []
    for i, (before, after) in enumerate(zip(case.args, after_args, strict=False)):
        label = parameter_names[i] if i < len(parameter_names) else f"argument {i + 1}"
        found = compare(before, after, rtol=0, atol=0)
        if found:
            names.append(found.where(label))
    for key, before in case.kwargs.items():
        found = compare(before, after_kwargs.get(key), rtol=0, atol=0)
        if found:
            names.append(found.where(str(key)))
    return names


# --------------------------------------------------------------------------- public tests


class PublicTestFailure(AssertionError):
    """A public test found differences; IPython shows its message, not a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"]


@dataclass(frozen=True)
class PublicTest:
    """The public test of one exercise: its cases and how its outputs are named.

    Calling it on the learner's function runs every case and raises one
    `PublicTestFailure` that lists every difference, by the names the lesson uses,
    with the catalogued mistake the output matches when there is one.
    """

    exercise: str
    module: str
    make_cases: Callable[[], list[Case]]
    returns: str | tuple[str, ...] | None = None
    harness: Callable[..., Any] | None = None
    rtol: float = 1e-6
    atol: float = 1e-8
    doc: str = ""

    def cases(self) -> list[Case]:
        return list(self.make_cases())

    def __call__(self, target: Callable[..., Any]) -> None:
        __tracebackhide__ = True
        run_public_tests(target, self)


def public_test(
    *,
    returns: str | tuple[str, ...] | None = None,
    harness: Callable[..., Any] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-8,
) -> Callable[[Callable[[], list[Case]]], PublicTest]:
    """Declare `test_<exercise>()`, which returns the public cases, as that exercise's test."""

    def declare(make_cases: Callable[[], list[Case]]) -> PublicTest:
        name = make_cases.__name__
        if not name.startswith("test_"):
            raise ValueError(f"public tests are named test_<exercise>, not {name}")
        return PublicTest(
            exercise=name.removeprefix("test_"),
            module=make_cases.__module__,
            make_cases=make_cases,
            returns=returns,
            harness=harness,
            rtol=rtol,
            atol=atol,
            doc=inspect.getdoc(make_cases) or "",
        )

    return declare


def module_fixtures(module_name: str) -> dict[str, Any]:
    """Load every fixture a public test module declares in `FIXTURES` (name -> loader)."""
    module = importlib.import_module(module_name)
    return {name: load() for name, load in getattr(module, "FIXTURES", {}).items()}


@cache
def _fixtures(module_name: str) -> dict[str, Any]:
    return module_fixtures(module_name)


def _parameter_names(func: Callable[..., Any]) -> list[str]:
    try:
        return list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return []


def run_public_tests(target: Callable[..., Any], test: PublicTest) -> None:
    """Call `target` on every public case; raise one readable error listing what differs.

    Prints a one-line success message when every case passes.
    """
    __tracebackhide__ = True
    name = getattr(target, "__name__", test.exercise)
    cases = test.cases()
    fixtures = (
        _fixtures(test.module) if any(_has_fixture([c.args, c.kwargs]) for c in cases) else {}
    )
    parameters = _parameter_names(target)
    problems = []
    for index, case in enumerate(cases):
        call = call_case(target, case, harness=test.harness, fixtures=fixtures)
        if isinstance(call.error, NotImplementedError):
            raise PublicTestFailure(
                f"{name} is not written yet: replace the `raise NotImplementedError()` "
                "line between YOUR CODE STARTS HERE and YOUR CODE ENDS HERE."
            ) from None
        if call.error is not None:
            call.error.add_note(f"(raised by {name} on the public case '{case.label}')")
            raise call.error
        lines = _case_problems(test, case, index, call, parameters)
        if lines:
            problems.append(f"  case '{case.label}':\n" + "\n".join(f"    {s}" for s in lines))
    if problems:
        raise PublicTestFailure(
            f"{name} failed {len(problems)} of {len(cases)} public tests:\n" + "\n".join(problems)
        )
    print(f"{name}: all {len(cases)} public tests passed.")


def _case_problems(
    test: PublicTest, case: Case, index: int, call: Call, parameters: Sequence[str]
) -> list[str]:
    rtol = test.rtol if case.rtol is None else case.rtol
    atol = test.atol if case.atol is None else case.atol
    found = differences(
        case.expected, call.output, rtol=rtol, atol=atol, exact_types=case.exact_types
    )
    lines = [m.describe(reveal=True, returns=test.returns) for m in found]
    if found:
        hint = matching_hint(test, index, call.output, rtol=rtol, atol=atol)
        if hint:
            lines.append(f"hint: {hint}")
    for changed in changed_arguments(case, call.args_after, parameters):
        lines.append(
            f"your function changed its argument {changed} in place; work on a copy instead"
        )
    return lines


# --------------------------------------------------------------------------- hints

HINTS_DIR = Path(__file__).resolve().parent / "public_tests" / "hints"


def hints_path(module: str) -> Path:
    """`shared_utils/public_tests/hints/<id>.npz`, written by `dls refs`."""
    return HINTS_DIR / f"{module.rsplit('.', 1)[-1]}.npz"


@cache
def _hints(module: str) -> dict[str, Any]:
    path = hints_path(module)
    return wire.loads(path.read_bytes()) if path.exists() else {}


def matching_hint(
    test: PublicTest, index: int, output: Any, *, rtol: float, atol: float
) -> str | None:
    """The hint of the first catalogued mistake whose output on this public case equals `output`.

    The hints file holds, for each public case, what each hinted mistake returns
    on it: public inputs only, so a hint can never carry a hidden value.
    """
    per_case = _hints(test.module).get(test.exercise, [])
    if index >= len(per_case):
        return None
    for entry in per_case[index]:
        if not differences(entry["output"], output, rtol=rtol, atol=atol, limit=1):
            return str(entry["hint"])
    return None

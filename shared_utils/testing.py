"""One comparator for every check in the course, and the public-test runner.

`compare` decides whether a function's output matches an expected output
(structure, type, shape, dtype, values within tolerance). Public tests use it
and show both values to the learner; the hidden graders use the same function
but report only the kind of difference, never the hidden expected value.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

import numpy as np

_NUMERIC_KINDS = "biuf"


@dataclass(frozen=True)
class Opaque:
    """Stand-in for a value the grader sandbox could not send back (e.g. a module)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


@dataclass(frozen=True)
class Mismatch:
    """The first difference found between an expected and an actual output.

    Attributes:
        path: where in the output it is ("" for the whole output, "['W1']", "[0]").
        kind: one of "type", "keys", "length", "shape", "dtype", "value", "nan".
        expected: short text of the expected side (public tests only show it).
        actual: short text of the actual side.
    """

    path: str
    kind: str
    expected: str
    actual: str

    def describe(self, reveal: bool) -> str:
        """One line for a learner; `reveal=False` hides the expected side."""
        where = f"output{self.path}" if self.path else "output"
        text = {
            "type": "has the wrong type",
            "keys": "has the wrong keys",
            "length": "has the wrong number of items",
            "shape": "has the wrong shape",
            "dtype": "has the wrong dtype",
            "value": "has the wrong values",
            "nan": "contains NaN or inf where numbers were expected",
        }.get(self.kind, "differs")
        if reveal:
            return f"{where} {text}: expected {self.expected}, got {self.actual}"
        # Hidden tests say only what kind of difference: both sides could carry
        # hidden data (the expected values, or inputs a learner's code echoes back).
        return f"{where} {text}"


def short(value: Any) -> str:
    """Compact text of a value for messages: shapes and a few numbers, never pages."""
    if isinstance(value, np.ndarray):
        body = np.array2string(value, precision=6, threshold=12, edgeitems=2)
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


def compare(
    expected: Any,
    actual: Any,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    exact_types: bool = False,
    path: str = "",
) -> Mismatch | None:
    """Return the first difference between `expected` and `actual`, or None.

    Containers are walked recursively (dict keys, tuple/list items). Arrays must
    have the expected shape and a compatible dtype (numeric for numeric), and
    values must agree within `rtol`/`atol` (NaN only where NaN is expected).
    Scalars may be Python or numpy numbers unless `exact_types` is set.
    """
    kw = {"rtol": rtol, "atol": atol, "exact_types": exact_types}
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return Mismatch(path, "type", "a dict", _type_name(actual))
        if set(map(str, expected)) != set(map(str, actual)):
            return Mismatch(path, "keys", short(expected), short(actual))
        actual_by_key = {str(k): v for k, v in actual.items()}
        for key in sorted(expected, key=str):
            found = compare(expected[key], actual_by_key[str(key)], path=f"{path}[{key!r}]", **kw)
            if found:
                return found
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or (
            exact_types and type(actual) is not type(expected)
        ):
            return Mismatch(path, "type", f"a {type(expected).__name__}", _type_name(actual))
        if len(actual) != len(expected):
            return Mismatch(path, "length", str(len(expected)), str(len(actual)))
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found = compare(e, a, path=f"{path}[{i}]", **kw)
            if found:
                return found
        return None
    if isinstance(expected, np.ndarray):
        return _compare_arrays(expected, actual, path=path, **kw)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(actual, (bool, np.bool_)) or bool(actual) != bool(expected):
            return Mismatch(path, "value", repr(bool(expected)), short(actual))
        return None
    if _is_number(expected):
        return _compare_scalars(expected, actual, path=path, **kw)
    if expected is None or isinstance(expected, (str, Opaque)):
        if type(actual) is not type(expected) or actual != expected:
            return Mismatch(path, "value", short(expected), short(actual))
        return None
    raise TypeError(f"compare() cannot handle expected values of type {type(expected).__name__}")


def _compare_arrays(
    expected: np.ndarray, actual: Any, *, rtol: float, atol: float, exact_types: bool, path: str
) -> Mismatch | None:
    if not isinstance(actual, np.ndarray):
        if expected.shape == () and _is_number(actual) and not exact_types:
            actual = np.asarray(actual)
        else:
            return Mismatch(path, "type", f"a numpy array {expected.shape}", _type_name(actual))
    if actual.shape != expected.shape:
        return Mismatch(path, "shape", str(expected.shape), str(actual.shape))
    if exact_types and actual.dtype != expected.dtype:
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
        return Mismatch(path, "value", short(expected), short(actual))
    return None


def _compare_scalars(
    expected: Any, actual: Any, *, rtol: float, atol: float, exact_types: bool, path: str
) -> Mismatch | None:
    if isinstance(actual, np.ndarray) and actual.shape == () and not exact_types:
        actual = actual[()]
    if not _is_number(actual) or (exact_types and type(actual) is not type(expected)):
        return Mismatch(path, "type", type(expected).__name__, _type_name(actual))
    if isinstance(expected, (int, np.integer)) and not isinstance(actual, (int, np.integer)):
        if exact_types or float(actual) != float(expected):
            return Mismatch(path, "type", type(expected).__name__, _type_name(actual))
    exp, act = float(expected), float(actual)
    if np.isfinite(exp) != np.isfinite(act):
        return Mismatch(path, "nan", repr(exp), repr(act))
    if not np.isclose(act, exp, rtol=rtol, atol=atol, equal_nan=True):
        return Mismatch(path, "value", repr(expected), repr(actual))
    return None


@dataclass(frozen=True)
class PublicCase:
    """A visible test case: arguments, the expected output and tolerances."""

    label: str
    args: tuple = ()
    expected: Any = None
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-8
    exact_types: bool = False
    inputs_unchanged: bool = True


class PublicTestFailure(AssertionError):
    """Raised when a public test finds a difference; the message says which."""


def run_public_tests(func: Callable[..., Any], cases: Sequence[PublicCase]) -> None:
    """Call `func` on every case and raise one readable error listing what differs.

    Prints a one-line success message when every case passes.
    """
    name = getattr(func, "__name__", "your function")
    problems = []
    for case in cases:
        args = copy.deepcopy(case.args)
        kwargs = copy.deepcopy(dict(case.kwargs))
        try:
            actual = func(*args, **kwargs)
        except NotImplementedError:
            raise PublicTestFailure(
                f"{name} is not written yet: replace the `raise NotImplementedError` "
                "line between YOUR CODE STARTS HERE and YOUR CODE ENDS HERE."
            ) from None
        mismatch = compare(
            case.expected, actual, rtol=case.rtol, atol=case.atol, exact_types=case.exact_types
        )
        if mismatch:
            problems.append(f"  case '{case.label}': {mismatch.describe(reveal=True)}")
            continue
        if case.inputs_unchanged:
            changed = compare(case.args, args, rtol=0, atol=0)
            if changed:
                problems.append(
                    f"  case '{case.label}': your function changed its input argument "
                    f"in place ({changed.path or 'argument'}); work on a copy instead"
                )
    if problems:
        raise PublicTestFailure(
            f"{name} failed {len(problems)} of {len(cases)} public tests:\n" + "\n".join(problems)
        )
    print(f"\u2705 {name}: all {len(cases)} public tests passed.")

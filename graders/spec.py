"""Types for per-assignment grader specs (`graders/specs/<id>.py`).

A spec module defines:

- `PREAMBLE`: source run before the learner's cells (the notebook's imports);
- `SEED`: the seed of the generator handed to every `cases` function;
- `EXERCISES`: exercise name -> `ExerciseSpec`.

The mistakes of an exercise are whole replacement cells (wrong on purpose);
tests prove that each of them loses the exercise's points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Case:
    """One hidden call of a graded function.

    Attributes:
        label: learner-safe description of the case ("column vector", "all zeros").
            It is the only thing about the case a learner ever sees.
        args: positional arguments (numpy arrays, numbers, dicts, tuples...).
        kwargs: keyword arguments.
        np_seed: if set, `np.random.seed(np_seed)` runs right before the call.
        rtol, atol: tolerances for this case (None: the exercise's).
        exact_types: Python and numpy scalar types must match exactly
            (e.g. a bias that must be a Python float).
        inputs_unchanged: the call must not modify its array arguments in place.
    """

    label: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    np_seed: int | None = None
    rtol: float | None = None
    atol: float | None = None
    exact_types: bool = False
    inputs_unchanged: bool = True


@dataclass(frozen=True)
class ExerciseSpec:
    """How to grade one exercise.

    Attributes:
        cases: builds the hidden cases from a seeded generator (deterministic).
        depends: other graded functions this one calls (their cells run first).
        mistakes: name -> replacement cell source; each must lose the points.
        rtol, atol: default tolerances.
        timeout_s: wall-clock limit for the whole exercise in the sandbox.
        harness: optional "module:function" the sandbox calls as
            `harness(learner_function, *args, **kwargs)` instead of calling the
            learner's function directly; its return value is what gets compared.
            For frameworks whose outputs are more than values (TensorFlow: the
            kind of object returned, gradients through it, tracing in a graph).
            The module must be importable in the sandbox (e.g. `shared_utils`).
    """

    cases: Callable[[np.random.Generator], list[Case]]
    depends: tuple[str, ...] = ()
    mistakes: Mapping[str, str] = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-8
    timeout_s: float = 10.0
    harness: str | None = None


def draw_seed(rng: np.random.Generator, low: int = 10, high: int = 100_000) -> int:
    """A legacy `np.random.seed` value for one case, drawn from the spec's generator."""
    return int(rng.integers(low, high))


def variant(template: str, defaults: Mapping[str, str], **changes: str) -> str:
    """`template` filled with its default parts, some replaced: how mistakes are written.

    Raises:
        KeyError: for a part the template does not have (a typo would otherwise
            yield the reference itself instead of a mistake).
    """
    unknown = set(changes) - set(defaults)
    if unknown:
        raise KeyError(f"no such parts in the template: {sorted(unknown)}")
    return template.format(**{**defaults, **changes})

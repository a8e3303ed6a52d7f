"""How a hidden grader spec (`graders/specs/<id>.py`) is written.

A spec declares, for each graded function, its hidden cases and its catalogue
of mistakes, with one decorator:

    from graders.spec import Case, edit, exercise, replace

    SEED = 3301                          # seeds the generator each cases function gets

    @exercise(
        mistakes={
            "forgets_b1": edit("np.dot(W1, X) + b1", "np.dot(W1, X)",
                               hint="b1 is missing from Z1"),
            "relu_hidden": edit("np.tanh(Z1)", "np.maximum(0, Z1)"),
        },
    )
    def forward_propagation(rng):        # named after the graded function
        X = rng.normal(size=(3, 1))
        return [Case("a single example", (X, random_parameters(rng, [3, 4, 1])))]

- A mistake is a checked edit of the notebook's own solution (`edit`: text
  replaced in the solution cell, refused when the text is not there exactly
  once) or, where an edit cannot say it, a whole replacement cell (`replace`).
  Tests prove that each one loses the exercise's points. A `hint` is the one
  line a learner sees when their output on a public case equals the mistake's.
- `depends` names the graded functions this one calls. The exercise is graded
  on the *reference* versions of them (so one bug costs points once) unless
  `own_dependencies=True` says the learner's own versions are part of what is
  graded.
- `rtol`/`atol` (default 1e-6/1e-8) say how close an output must be. Outputs of
  float32 TensorFlow networks take `**FLOAT32_NETWORK`: references are made on
  one CPU and graded on others, and a test grades every TensorFlow reference
  with other CPU kernels to prove the tolerance holds.
- What the notebook imports (the spec's preamble) comes from the notebook's
  first code cell; output names, probes (`harness`) and fixtures come from the
  public test module, so each fact lives in one place.

Optional module constants: `ANSWER_MODULES` (importable modules that hold
working answers under other names; those that bind a graded name are hidden
anyway, see `engine.answer_modules`), `DATA` (files or folders under the
repository the graded functions read), `LIMITS` (resource limits, see `graders.sandbox.Limits`).

Shared helpers for hidden inputs (random networks, labels, gradients shaped
like parameters, seeds) live at the end of this module, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType

import numpy as np

from shared_utils.testing import Case, Fixture

__all__ = [
    "FLOAT32_NETWORK",
    "Case",
    "ExerciseSpec",
    "Fixture",
    "Mistake",
    "MistakeError",
    "draw_seed",
    "edit",
    "exercise",
    "exercises_of",
    "like",
    "random_labels",
    "random_parameters",
    "replace",
]

# Tolerances for outputs of float32 TensorFlow networks: oneDNN picks its kernels by the
# CPU's instruction set, which changes the order of sums, so a correct answer graded on
# another machine than the references were made on differs in its last float32 bits
# (c4w3a2's blocks with SSE4.1 kernels: beyond 1e-6). Every mistake differs far more.
FLOAT32_NETWORK = {"rtol": 1e-4, "atol": 1e-5}


class MistakeError(ValueError):
    """A mistake that cannot be applied to the notebook's solution (its text is not there)."""


@dataclass(frozen=True)
class Mistake:
    """A wrong version of a graded cell, derived from the notebook's own solution."""

    edits: tuple[tuple[str, str], ...] = ()
    cell: str | None = None
    hint: str | None = None
    every: bool = False

    def apply(self, solution: str, name: str) -> str:
        """The wrong cell: `solution` with the edits made, or the replacement cell.

        Raises:
            MistakeError: an edit's target text is missing, or appears more than
                once when `every` is not set (the edit would be ambiguous).
        """
        if self.cell is not None:
            return f"# GRADED FUNCTION: {name}\n{self.cell.strip()}\n"
        source = solution
        for old, new in self.edits:
            count = source.count(old)
            if count == 0 or (count > 1 and not self.every):
                raise MistakeError(
                    f"{name}: the edit target {old!r} appears {count} times in the solution"
                )
            source = source.replace(old, new)
        if source == solution:
            raise MistakeError(f"{name}: the edits leave the solution unchanged")
        return source


def edit(
    old: str | Sequence[tuple[str, str]],
    new: str | None = None,
    *,
    hint: str | None = None,
    every: bool = False,
) -> Mistake:
    """A mistake made by replacing text of the solution: `edit(old, new)` or `edit([(o, n), ...])`.

    Each target must appear exactly once (every occurrence is replaced with `every=True`).
    """
    pairs = [(old, new)] if isinstance(old, str) else list(old)
    if any(n is None for _, n in pairs):
        raise TypeError("edit(old, new): the replacement text is missing")
    return Mistake(edits=tuple((str(o), str(n)) for o, n in pairs), hint=hint, every=every)


def replace(cell: str, *, hint: str | None = None) -> Mistake:
    """A mistake given as a whole replacement cell, for what an edit cannot express."""
    return Mistake(cell=cell, hint=hint)


@dataclass(frozen=True)
class ExerciseSpec:
    """How to grade one exercise (see the module docstring)."""

    name: str
    cases: Callable[[np.random.Generator], list[Case]]
    depends: tuple[str, ...] = ()
    mistakes: Mapping[str, Mistake] = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-8
    timeout_s: float = 10.0
    own_dependencies: bool = False


def exercise(
    *,
    mistakes: Mapping[str, Mistake] | None = None,
    depends: Sequence[str] = (),
    rtol: float = 1e-6,
    atol: float = 1e-8,
    timeout_s: float = 10.0,
    own_dependencies: bool = False,
) -> Callable[[Callable[[np.random.Generator], list[Case]]], Callable]:
    """Declare the decorated `name(rng) -> list[Case]` as the hidden cases of exercise `name`."""

    def declare(cases: Callable[[np.random.Generator], list[Case]]) -> Callable:
        for key, mistake in (mistakes or {}).items():
            if not isinstance(mistake, Mistake):
                raise TypeError(f"{cases.__name__}: mistake {key!r} is not an edit() or replace()")
        cases.__dls_exercise__ = ExerciseSpec(  # type: ignore[attr-defined]
            name=cases.__name__,
            cases=cases,
            depends=tuple(depends),
            mistakes=dict(mistakes or {}),
            rtol=rtol,
            atol=atol,
            timeout_s=timeout_s,
            own_dependencies=own_dependencies,
        )
        return cases

    return declare


def exercises_of(module: ModuleType) -> dict[str, ExerciseSpec]:
    """Every exercise a spec module declares, by name."""
    found = {}
    for value in vars(module).values():
        spec = getattr(value, "__dls_exercise__", None)
        if isinstance(spec, ExerciseSpec) and value.__module__ == module.__name__:
            found[spec.name] = spec
    return found


# --------------------------------------------------------------------------- hidden inputs


def draw_seed(rng: np.random.Generator, low: int = 10, high: int = 100_000) -> int:
    """A legacy `np.random.seed` value for one case, drawn from the spec's generator."""
    return int(rng.integers(low, high))


def random_parameters(
    rng: np.random.Generator,
    layer_dims: Sequence[int],
    *,
    scale: float | None = None,
    bias_scale: float = 0.5,
) -> dict[str, np.ndarray]:
    """W1, b1, ..., WL, bL for `layer_dims` [n_x, n_1, ..., n_L], with non-zero biases.

    Weights are N(0, scale²), or N(0, 1/n_prev) when `scale` is None; non-zero
    biases make a forgotten bias show in every output.
    """
    parameters = {}
    for layer in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[layer]), int(layer_dims[layer - 1])
        std = scale if scale is not None else 1.0 / np.sqrt(n_prev)
        parameters[f"W{layer}"] = rng.normal(0.0, std, size=(n, n_prev))
        parameters[f"b{layer}"] = rng.normal(0.0, bias_scale, size=(n, 1))
    return parameters


def like(
    rng: np.random.Generator,
    arrays: Mapping[str, np.ndarray],
    prefix: str = "d",
    scale: float = 0.3,
) -> dict[str, np.ndarray]:
    """Random arrays shaped like `arrays`, keys prefixed ("W1" -> "dW1"): gradients, velocities."""
    return {
        prefix + key: rng.normal(0.0, scale, size=np.shape(value)) for key, value in arrays.items()
    }


def random_labels(rng: np.random.Generator, m: int, rows: int = 1) -> np.ndarray:
    """0/1 labels of shape (rows, m)."""
    return rng.integers(0, 2, size=(rows, m))

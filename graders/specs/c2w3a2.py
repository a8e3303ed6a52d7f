"""Hidden grader spec of c2w3a2, "Hyperparameter tuning and batch normalisation".

The cases go beyond the public tests. `sample_hyperparameters` gets other counts
(one sample, a hundred), other seeds and ranges (one decade, five decades, ranges
given as lists, momentum ranges that start at 0.5), so the draws must come from
`np.random.default_rng(seed)` in the order the lesson states: all learning-rate
exponents, then all momentum exponents. The batch-norm cases use other shapes
(a single unit, a single example, two examples, a square batch where a wrong axis
or a missing `keepdims` still broadcasts), a unit that never varies (variance 0:
only epsilon keeps the division finite), units whose variance is far below
epsilon (where epsilon's place, inside or outside the root, shows), other
epsilons, negative scales and an upstream gradient that is the same for every
example (the true dZ is then zero). Every case also checks that the function
leaves its arguments (including the arrays in the cache) unchanged.

The mistakes are whole replacement cells: sampling uniformly instead of on a log
scale, sampling beta itself or forgetting the `1 -`, other draw orders or another
generator; the variance with `ddof=1`, epsilon outside the square root or missing,
normalising over the wrong axis, scale and shift swapped, Z changed in place;
in the backward pass the parameter gradients summed over the wrong axis or over
everything, the mean or variance terms of dZ left out (or both: the statistics
treated as constants), gamma forgotten, and cache or upstream arrays overwritten.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed, variant

PREAMBLE = "import numpy as np\n"
SEED = 2302


# --------------------------------------------------------------------------- cases


def sample_hyperparameters_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("10 samples, default ranges", (10,), {"seed": draw_seed(rng)}),
        Case("a single sample", (1,), {"seed": draw_seed(rng)}),
        Case("5 samples, seed left at its default", (5,)),
        Case(
            "25 samples, lr_range (1e-5, 1e-2), beta_range (0.5, 0.99)",
            (25, (1e-5, 1e-2), (0.5, 0.99), draw_seed(rng)),
        ),
        Case(
            "ranges one decade wide: lr (0.01, 0.1), beta (0.9, 0.99)",
            (6, (0.01, 0.1), (0.9, 0.99), draw_seed(rng)),
        ),
        Case(
            "100 samples, lr_range (1e-3, 30), beta_range (0.5, 0.999), keywords",
            (100,),
            {"lr_range": (1e-3, 30.0), "beta_range": (0.5, 0.999), "seed": draw_seed(rng)},
        ),
        Case("ranges given as lists", (4, [1e-4, 1e-2], [0.8, 0.95], draw_seed(rng))),
    ]


def _batch(
    rng: np.random.Generator, n: int, m: int, loc: float = 1.0, scale: float = 2.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pre-activations with a different mean and spread per unit, and gamma, beta."""
    Z = rng.normal(rng.normal(loc, 2.0, size=(n, 1)), scale * rng.uniform(0.5, 2, (n, 1)), (n, m))
    gamma = rng.normal(1.0, 0.5, size=(n, 1))
    beta = rng.normal(0.0, 1.0, size=(n, 1))
    return Z, gamma, beta


def batchnorm_forward_cases(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n: int, m: int, *extra: float, **kwargs: float) -> Case:
        return Case(label, (*_batch(rng, n, m), *extra), kwargs)

    Z, gamma, beta = _batch(rng, 3, 6)
    Z[1] = 2.5  # a unit that never varies on this mini-batch
    Z_small, gamma_small, beta_small = _batch(rng, 3, 8, loc=0.0, scale=1e-3)
    return [
        case("3 units, 8 examples, default epsilon", 3, 8),
        case("a single unit, 5 examples", 1, 5),
        case("a square batch: 4 units, 4 examples", 4, 4),
        case("5 units, 2 examples", 5, 2),
        case("a single example", 3, 1),
        Case("a unit with variance 0", (Z, gamma, beta)),
        Case("units whose variance is far below epsilon", (Z_small, gamma_small, beta_small)),
        case("epsilon = 0.5, by keyword", 2, 7, epsilon=0.5),
        case("epsilon = 1e-3, positional", 6, 10, 1e-3),
    ]


def _forward(Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, epsilon: float) -> tuple:
    """The cache of the reference forward pass (computed here, step by step)."""
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return (Z, Z_norm, mu, var, gamma, beta, epsilon)


def batchnorm_backward_cases(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n: int, m: int, epsilon: float = 1e-5, **batch: float) -> Case:
        cache = _forward(*_batch(rng, n, m, **batch), epsilon)
        return Case(label, (rng.normal(size=(n, m)), cache))

    Z, gamma, beta = _batch(rng, 3, 5)
    gamma[[0, 2]] *= -1.0  # negative scales
    constant_upstream = np.repeat(rng.normal(size=(4, 1)), 6, axis=1)
    return [
        case("3 units, 8 examples", 3, 8),
        case("a single unit, 6 examples", 1, 6),
        case("a square batch: 4 units, 4 examples", 4, 4),
        case("2 units, 3 examples, epsilon = 0.5", 2, 3, epsilon=0.5),
        case("5 units, 2 examples", 5, 2),
        case("units whose variance is far below epsilon", 3, 7, loc=0.0, scale=1e-3),
        Case("negative gammas", (rng.normal(size=(3, 5)), _forward(Z, gamma, beta, 1e-3))),
        Case(
            "the same upstream gradient for every example",
            (constant_upstream, _forward(*_batch(rng, 4, 6), 1e-5)),
        ),
    ]


# --------------------------------------------------------------------------- mistakes

_SAMPLE = (
    "def sample_hyperparameters(num_samples, lr_range=(1e-4, 1.0), beta_range=(0.9, 0.999),"
    " seed=0):\n"
    "    rng = {generator}\n"
    "{first}"
    "{second}"
    "    return learning_rates, betas\n"
)
_LR = (
    "    r = rng.uniform(np.log10(lr_range[0]), np.log10(lr_range[1]), size=num_samples)\n"
    "    learning_rates = 10.0 ** r\n"
)
_BETA = (
    "    r = rng.uniform(np.log10(1 - beta_range[1]), np.log10(1 - beta_range[0]),"
    " size=num_samples)\n"
    "    betas = 1 - 10.0 ** r\n"
)
_SAMPLE_PARTS = {"generator": "np.random.default_rng(seed)", "first": _LR, "second": _BETA}

_INTERLEAVED = """def sample_hyperparameters(num_samples, lr_range=(1e-4, 1.0),
                           beta_range=(0.9, 0.999), seed=0):
    rng = np.random.default_rng(seed)
    learning_rates, betas = [], []
    for _ in range(num_samples):
        learning_rates.append(10.0 ** rng.uniform(np.log10(lr_range[0]), np.log10(lr_range[1])))
        r = rng.uniform(np.log10(1 - beta_range[1]), np.log10(1 - beta_range[0]))
        betas.append(1 - 10.0 ** r)
    return np.array(learning_rates), np.array(betas)
"""

_FORWARD = (
    "def batchnorm_forward(Z, gamma, beta, epsilon=1e-5):\n"
    "    mu = {mu}\n"
    "    var = {var}\n"
    "    Z_norm = {norm}\n"
    "    Z_tilde = {out}\n"
    "    cache = (Z, Z_norm, mu, var, gamma, beta, epsilon)\n"
    "    return Z_tilde, cache\n"
)
_FORWARD_PARTS = {
    "mu": "np.mean(Z, axis=1, keepdims=True)",
    "var": "np.mean((Z - mu) ** 2, axis=1, keepdims=True)",
    "norm": "(Z - mu) / np.sqrt(var + epsilon)",
    "out": "gamma * Z_norm + beta",
}

_CENTRED_IN_PLACE = """def batchnorm_forward(Z, gamma, beta, epsilon=1e-5):
    mu = np.mean(Z, axis=1, keepdims=True)
    Z -= mu
    var = np.mean(Z ** 2, axis=1, keepdims=True)
    Z_norm = Z / np.sqrt(var + epsilon)
    Z_tilde = gamma * Z_norm + beta
    cache = (Z, Z_norm, mu, var, gamma, beta, epsilon)
    return Z_tilde, cache
"""

_BACKWARD = (
    "def batchnorm_backward(dZ_tilde, cache):\n"
    "    Z, Z_norm, mu, var, gamma, beta, epsilon = cache\n"
    "    m = Z.shape[1]\n"
    "    dbeta = {dbeta}\n"
    "    dgamma = {dgamma}\n"
    "    dZ = {dZ}\n"
    "    return dZ, dgamma, dbeta\n"
)
_BACKWARD_PARTS = {
    "dbeta": "np.sum(dZ_tilde, axis=1, keepdims=True)",
    "dgamma": "np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)",
    "dZ": "gamma / (m * np.sqrt(var + epsilon)) * (m * dZ_tilde - dbeta - Z_norm * dgamma)",
}

# The step-by-step graph (through mu and var) gives the right numbers, but this
# version saves memory by centring the cached Z in place: the caller's cache changes.
_GRAPH_CENTRED_IN_PLACE = """def batchnorm_backward(dZ_tilde, cache):
    Z, Z_norm, mu, var, gamma, beta, epsilon = cache
    m = Z.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    centred = Z
    centred -= mu
    inv_std = 1 / np.sqrt(var + epsilon)
    dZ_norm = dZ_tilde * gamma
    dvar = -0.5 * inv_std ** 3 * np.sum(dZ_norm * centred, axis=1, keepdims=True)
    dmu = -inv_std * np.sum(dZ_norm, axis=1, keepdims=True)
    dZ = dZ_norm * inv_std + dvar * 2 * centred / m + dmu / m
    return dZ, dgamma, dbeta
"""

# Right numbers again, but the upstream gradient is scaled in place.
_UPSTREAM_SCALED_IN_PLACE = """def batchnorm_backward(dZ_tilde, cache):
    Z, Z_norm, mu, var, gamma, beta, epsilon = cache
    m = Z.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_tilde *= gamma
    dZ = (m * dZ_tilde - gamma * dbeta - Z_norm * gamma * dgamma) / (m * np.sqrt(var + epsilon))
    return dZ, dgamma, dbeta
"""


def _sample(**changes: str) -> str:
    return variant(_SAMPLE, _SAMPLE_PARTS, **changes)


def _forward_cell(**changes: str) -> str:
    return variant(_FORWARD, _FORWARD_PARTS, **changes)


def _backward_cell(**changes: str) -> str:
    return variant(_BACKWARD, _BACKWARD_PARTS, **changes)


_DZ_FACTOR = "gamma / (m * np.sqrt(var + epsilon))"

EXERCISES = {
    "sample_hyperparameters": ExerciseSpec(
        cases=sample_hyperparameters_cases,
        mistakes={
            "uniform_learning_rates": _sample(
                first="    learning_rates = rng.uniform(*lr_range, size=num_samples)\n"
            ),
            "uniform_betas": _sample(
                second="    betas = rng.uniform(beta_range[0], beta_range[1], size=num_samples)\n"
            ),
            "log_scale_on_beta_itself": _sample(
                second=(
                    "    r = rng.uniform(np.log10(beta_range[0]), np.log10(beta_range[1]),"
                    " size=num_samples)\n"
                    "    betas = 10.0 ** r\n"
                )
            ),
            "one_minus_forgotten": _sample(second=_BETA.replace("1 - 10.0 ** r", "10.0 ** r")),
            "natural_log_exponents": _sample(first=_LR.replace("np.log10", "np.log")),
            "betas_drawn_first": _sample(first=_BETA, second=_LR),
            "interleaved_draws": _INTERLEAVED,
            "global_generator": _sample(
                generator="np.random\n    np.random.seed(seed)",
            ),
        },
    ),
    "batchnorm_forward": ExerciseSpec(
        cases=batchnorm_forward_cases,
        mistakes={
            "variance_with_ddof_1": _forward_cell(var="np.var(Z, axis=1, ddof=1, keepdims=True)"),
            "epsilon_outside_sqrt": _forward_cell(norm="(Z - mu) / (np.sqrt(var) + epsilon)"),
            "epsilon_forgotten": _forward_cell(norm="(Z - mu) / np.sqrt(var)"),
            "divided_by_variance": _forward_cell(norm="(Z - mu) / (var + epsilon)"),
            "std_stored_as_variance": _forward_cell(var="np.std(Z, axis=1, keepdims=True)"),
            "normalised_over_units": _forward_cell(
                mu="np.mean(Z, axis=0, keepdims=True)",
                var="np.mean((Z - mu) ** 2, axis=0, keepdims=True)",
            ),
            "no_keepdims": _forward_cell(
                mu="np.mean(Z, axis=1)", var="np.mean((Z - mu) ** 2, axis=1)"
            ),
            "scale_and_shift_swapped": _forward_cell(out="beta * Z_norm + gamma"),
            "scale_and_shift_forgotten": _forward_cell(out="Z_norm"),
            "centred_in_place": _CENTRED_IN_PLACE,
        },
    ),
    "batchnorm_backward": ExerciseSpec(
        cases=batchnorm_backward_cases,
        mistakes={
            "statistics_as_constants": _backward_cell(
                dZ="gamma * dZ_tilde / np.sqrt(var + epsilon)"
            ),
            "mean_term_forgotten": _backward_cell(
                dZ=f"{_DZ_FACTOR} * (m * dZ_tilde - Z_norm * dgamma)"
            ),
            "variance_term_forgotten": _backward_cell(dZ=f"{_DZ_FACTOR} * (m * dZ_tilde - dbeta)"),
            "gamma_forgotten": _backward_cell(
                dZ="1 / (m * np.sqrt(var + epsilon)) * (m * dZ_tilde - dbeta - Z_norm * dgamma)"
            ),
            "no_square_root": _backward_cell(
                dZ="gamma / (m * (var + epsilon)) * (m * dZ_tilde - dbeta - Z_norm * dgamma)"
            ),
            "centred_Z_for_Z_norm": _backward_cell(
                dZ=f"{_DZ_FACTOR} * (m * dZ_tilde - dbeta - (Z - mu) * dgamma)"
            ),
            "dgamma_summed_over_everything": _backward_cell(dgamma="np.sum(dZ_tilde * Z_norm)"),
            "dgamma_over_units": _backward_cell(
                dgamma="np.sum(dZ_tilde * Z_norm, axis=0, keepdims=True)",
                dZ=(
                    f"{_DZ_FACTOR} * (m * dZ_tilde - dbeta"
                    " - Z_norm * np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True))"
                ),
            ),
            "dbeta_over_units": _backward_cell(
                dbeta="np.sum(dZ_tilde, axis=0, keepdims=True)",
                dZ=(
                    f"{_DZ_FACTOR} * (m * dZ_tilde - np.sum(dZ_tilde, axis=1, keepdims=True)"
                    " - Z_norm * dgamma)"
                ),
            ),
            "sums_without_keepdims": _backward_cell(
                dbeta="np.sum(dZ_tilde, axis=1)", dgamma="np.sum(dZ_tilde * Z_norm, axis=1)"
            ),
            "cache_centred_in_place": _GRAPH_CENTRED_IN_PLACE,
            "upstream_scaled_in_place": _UPSTREAM_SCALED_IN_PLACE,
        },
    ),
}

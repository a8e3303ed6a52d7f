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

The mistakes are edits of the notebook's solutions: sampling uniformly instead
of on a log scale, sampling beta itself or forgetting the `1 -`, other draw
orders or another generator; the variance with `ddof=1`, epsilon outside the
square root or missing, normalising over the wrong axis, scale and shift
swapped, Z changed in place; in the backward pass the parameter gradients summed
over the wrong axis or over everything, the mean or variance terms of dZ left
out (or both: the statistics treated as constants), gamma forgotten, and cache
or upstream arrays overwritten.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise

SEED = 2302


# --------------------------------------------------------------------------- sampling

_LR = (
    "    r = rng.uniform(np.log10(lr_range[0]), np.log10(lr_range[1]), size=num_samples)\n"
    "    learning_rates = 10.0**r\n"
)
_BETA = (
    "    r = rng.uniform(np.log10(1 - beta_range[1]), np.log10(1 - beta_range[0]),"
    " size=num_samples)\n"
    "    betas = 1 - 10.0**r\n"
)
_INTERLEAVED = """\
    learning_rates, betas = np.zeros(num_samples), np.zeros(num_samples)
    for i in range(num_samples):
        learning_rates[i] = 10.0 ** rng.uniform(np.log10(lr_range[0]), np.log10(lr_range[1]))
        r = rng.uniform(np.log10(1 - beta_range[1]), np.log10(1 - beta_range[0]))
        betas[i] = 1 - 10.0**r
"""
_ORDER = "the draws come in the lesson's order: all learning rates first, then all betas"


@exercise(
    mistakes={
        "uniform_learning_rates": edit(
            _LR,
            "    learning_rates = rng.uniform(*lr_range, size=num_samples)\n",
            hint="draw the exponent r uniformly, then take 10**r: a log scale",
        ),
        "uniform_betas": edit(
            _BETA,
            "    betas = rng.uniform(beta_range[0], beta_range[1], size=num_samples)\n",
            hint="draw 1 - beta on a log scale, not beta uniformly",
        ),
        "log_scale_on_beta_itself": edit(
            _BETA,
            "    r = rng.uniform(np.log10(beta_range[0]), np.log10(beta_range[1]),"
            " size=num_samples)\n"
            "    betas = 10.0**r\n",
            hint="put 1 - beta on the log scale, not beta itself",
        ),
        "one_minus_forgotten": edit(
            "betas = 1 - 10.0**r", "betas = 10.0**r", hint="betas = 1 - 10**r: the 1 - is missing"
        ),
        "natural_log_exponents": edit(
            "np.log10(lr_range[0]), np.log10(lr_range[1])",
            "np.log(lr_range[0]), np.log(lr_range[1])",
            hint="the exponent of 10 comes from np.log10, not np.log",
        ),
        "betas_drawn_first": edit(_LR + _BETA, _BETA + _LR, hint=_ORDER),
        "interleaved_draws": edit(
            _LR + _BETA,
            _INTERLEAVED,
            hint="the draws are interleaved: the lesson draws all learning rates first",
        ),
        "global_generator": edit(
            "    rng = np.random.default_rng(seed)\n",
            "    np.random.seed(seed)\n    rng = np.random\n",
            hint="draw from rng = np.random.default_rng(seed), not from np.random",
        ),
    },
)
def sample_hyperparameters(rng: np.random.Generator) -> list[Case]:
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


# --------------------------------------------------------------------------- batch norm forward


def _batch(
    rng: np.random.Generator, n: int, m: int, loc: float = 1.0, scale: float = 2.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pre-activations with a different mean and spread per unit, and gamma, beta."""
    Z = rng.normal(rng.normal(loc, 2.0, size=(n, 1)), scale * rng.uniform(0.5, 2, (n, 1)), (n, m))
    gamma = rng.normal(1.0, 0.5, size=(n, 1))
    beta = rng.normal(0.0, 1.0, size=(n, 1))
    return Z, gamma, beta


_VAR = "var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)"
_OUT = "Z_tilde = gamma * Z_norm + beta"


@exercise(
    mistakes={
        "variance_with_ddof_1": edit(
            _VAR,
            "var = np.var(Z, axis=1, ddof=1, keepdims=True)",
            hint="the variance divides by m (a mean over the examples), not by m - 1",
        ),
        "epsilon_outside_sqrt": edit(
            "np.sqrt(var + epsilon)",
            "(np.sqrt(var) + epsilon)",
            hint="epsilon goes inside the square root: np.sqrt(var + epsilon)",
        ),
        "epsilon_forgotten": edit(
            "np.sqrt(var + epsilon)",
            "np.sqrt(var)",
            hint="add epsilon to the variance, inside the square root",
        ),
        "divided_by_variance": edit(
            "/ np.sqrt(var + epsilon)",
            "/ (var + epsilon)",
            hint="divide by the standard deviation, np.sqrt(var + epsilon)",
        ),
        "std_stored_as_variance": edit(
            _VAR,
            "var = np.std(Z, axis=1, keepdims=True)",
            hint="var is the variance, the mean of (Z - mu) ** 2, not the standard deviation",
        ),
        "normalised_over_units": edit(
            "axis=1",
            "axis=0",
            every=True,
            hint="average over the examples (axis=1): one mean and one variance per unit",
        ),
        "no_keepdims": edit(
            ", keepdims=True",
            "",
            every=True,
            hint="keepdims=True keeps mu and var as columns of shape (n, 1)",
        ),
        "scale_and_shift_swapped": edit(
            _OUT,
            "Z_tilde = beta * Z_norm + gamma",
            hint="gamma scales and beta shifts: gamma * Z_norm + beta",
        ),
        "scale_and_shift_forgotten": edit(
            _OUT, "Z_tilde = Z_norm", hint="scale by gamma and shift by beta"
        ),
        "centred_in_place": edit(
            f"    {_VAR}\n    Z_norm = (Z - mu) / np.sqrt(var + epsilon)\n",
            "    Z -= mu\n"
            "    var = np.mean(Z**2, axis=1, keepdims=True)\n"
            "    Z_norm = Z / np.sqrt(var + epsilon)\n",
        ),
    },
)
def batchnorm_forward(rng: np.random.Generator) -> list[Case]:
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


# --------------------------------------------------------------------------- batch norm backward


def _forward(Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, epsilon: float) -> tuple:
    """The cache of the reference forward pass (computed here, step by step)."""
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return (Z, Z_norm, mu, var, gamma, beta, epsilon)


_DBETA = "dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)"
_DGAMMA = "dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)"
_DZ = "dZ = gamma / (m * np.sqrt(var + epsilon)) * (m * dZ_tilde - dbeta - Z_norm * dgamma)"
_OVER_EXAMPLES = "sum over the examples (axis=1): one value per unit"
# The step-by-step graph (through mu and var) gives the right numbers, but this
# version saves memory by centring the cached Z in place: the caller's cache changes.
_GRAPH_CENTRED_IN_PLACE = """\
    centred = Z
    centred -= mu
    inv_std = 1 / np.sqrt(var + epsilon)
    dZ_norm = dZ_tilde * gamma
    dvar = -0.5 * inv_std**3 * np.sum(dZ_norm * centred, axis=1, keepdims=True)
    dmu = -inv_std * np.sum(dZ_norm, axis=1, keepdims=True)
    dZ = dZ_norm * inv_std + dvar * 2 * centred / m + dmu / m
"""
# Right numbers again, but the upstream gradient is scaled in place.
_UPSTREAM_SCALED_IN_PLACE = """\
    dZ_tilde *= gamma
    dZ = (m * dZ_tilde - gamma * dbeta - Z_norm * gamma * dgamma) / (m * np.sqrt(var + epsilon))
"""


@exercise(
    mistakes={
        "statistics_as_constants": edit(
            _DZ,
            "dZ = gamma * dZ_tilde / np.sqrt(var + epsilon)",
            hint="mu and var depend on Z too: dZ also has the terms - dbeta and - Z_norm * dgamma",
        ),
        "mean_term_forgotten": edit(
            "(m * dZ_tilde - dbeta - Z_norm * dgamma)",
            "(m * dZ_tilde - Z_norm * dgamma)",
            hint="dZ misses the term of the mean, - dbeta",
        ),
        "variance_term_forgotten": edit(
            "(m * dZ_tilde - dbeta - Z_norm * dgamma)",
            "(m * dZ_tilde - dbeta)",
            hint="dZ misses the term of the variance, - Z_norm * dgamma",
        ),
        "gamma_forgotten": edit(
            "dZ = gamma / (m", "dZ = 1 / (m", hint="dZ is scaled by gamma too"
        ),
        "no_square_root": edit(
            "(m * np.sqrt(var + epsilon))",
            "(m * (var + epsilon))",
            hint="divide by the standard deviation, np.sqrt(var + epsilon)",
        ),
        "centred_Z_for_Z_norm": edit(
            "- Z_norm * dgamma)",
            "- (Z - mu) * dgamma)",
            hint="dZ uses Z_norm, the normalised Z, not Z - mu",
        ),
        "dgamma_summed_over_everything": edit(
            _DGAMMA, "dgamma = np.sum(dZ_tilde * Z_norm)", hint=_OVER_EXAMPLES
        ),
        "dgamma_over_units": edit(
            [
                (_DGAMMA, "dgamma = np.sum(dZ_tilde * Z_norm, axis=0, keepdims=True)"),
                (
                    "- Z_norm * dgamma)",
                    "- Z_norm * np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True))",
                ),
            ],
            hint=_OVER_EXAMPLES,
        ),
        "dbeta_over_units": edit(
            [
                (_DBETA, "dbeta = np.sum(dZ_tilde, axis=0, keepdims=True)"),
                ("- dbeta -", "- np.sum(dZ_tilde, axis=1, keepdims=True) -"),
            ],
            hint=_OVER_EXAMPLES,
        ),
        "sums_without_keepdims": edit(
            ", axis=1, keepdims=True)",
            ", axis=1)",
            every=True,
            hint="keepdims=True keeps dgamma and dbeta as columns of shape (n, 1)",
        ),
        "cache_centred_in_place": edit(f"    {_DZ}\n", _GRAPH_CENTRED_IN_PLACE),
        "upstream_scaled_in_place": edit(f"    {_DZ}\n", _UPSTREAM_SCALED_IN_PLACE),
    },
)
def batchnorm_backward(rng: np.random.Generator) -> list[Case]:
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

"""Public tests of c2w3a2, "Hyperparameter tuning and batch normalisation".

Each test calls the learner's function on small fixed inputs and compares the
result with the expected output written out below, so a failing case shows
both. The batch-norm inputs are chosen so that the means and variances are
whole numbers you can check by hand: the first unit holds 1, 3, 5, 7 (mean 4,
variance 5), the second 2, 2, 4, 0 (mean 2, variance 2). The hidden graders use
other shapes, seeds, ranges and epsilons.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

_Z = np.array([[1.0, 3.0, 5.0, 7.0], [2.0, 2.0, 4.0, 0.0]])
_MU = np.array([[4.0], [2.0]])
_VAR = np.array([[5.0], [2.0]])
_CENTRED = _Z - _MU  # [[-3, -1, 1, 3], [0, 0, 2, -2]]
_GAMMA = np.array([[2.0], [0.5]])
_BETA = np.array([[1.0], [-1.0]])


def _cache(gamma: np.ndarray, beta: np.ndarray, epsilon: float) -> tuple:
    """The expected cache for `_Z`, with Z_norm written as (Z - mu) / sqrt(var + epsilon)."""
    z_norm = _CENTRED / np.sqrt(_VAR + epsilon)
    return (_Z, z_norm, _MU, _VAR, gamma, beta, epsilon)


@public_test(returns=("learning_rates", "betas"))
def test_sample_hyperparameters() -> list[Case]:
    """Learning rates 10**r and betas 1 - 10**r, r uniform, learning rates drawn first."""
    return [
        Case(
            "3 samples, default ranges and seed",
            args=(3,),
            expected=(
                np.array([0.0353058563041, 0.00119990497794, 0.00014584585666]),
                np.array([0.998920915955, 0.957680504825, 0.9330868994]),
            ),
            rtol=1e-9,
        ),
        Case(
            "2 samples, lr_range (1e-3, 0.1), beta_range (0.5, 0.99), seed 7",
            args=(2,),
            kwargs={"lr_range": (1e-3, 0.1), "beta_range": (0.5, 0.99), "seed": 7},
            expected=(
                np.array([0.0177906138461, 0.0622913297447]),
                np.array([0.792094144757, 0.975866502789]),
            ),
            rtol=1e-9,
        ),
    ]


@public_test(returns=("Z_tilde", "cache"))
def test_batchnorm_forward() -> list[Case]:
    """Z_tilde = gamma * (Z - mu) / sqrt(var + epsilon) + beta, per row, and the cache."""
    ones, zeros = np.ones((2, 1)), np.zeros((2, 1))
    return [
        Case(
            "Z (2, 4), gamma 1, beta 0, default epsilon 1e-5",
            args=(_Z, ones, zeros),
            expected=(
                np.array(
                    [
                        [-1.3416394449, -0.4472131483, 0.4472131483, 1.3416394449],
                        [0.0, 0.0, 1.4142100269, -1.4142100269],
                    ]
                ),
                _cache(ones, zeros, 1e-5),
            ),
        ),
        Case(
            "gamma (2, 0.5), beta (1, -1), epsilon 0.5",
            args=(_Z, _GAMMA, _BETA),
            kwargs={"epsilon": 0.5},
            expected=(
                np.array(
                    [
                        [-1.5584085963, 0.1471971346, 1.8528028654, 3.5584085963],
                        [-1.0, -1.0, -0.367544468, -1.632455532],
                    ]
                ),
                _cache(_GAMMA, _BETA, 0.5),
            ),
        ),
    ]


@public_test(returns=("dZ", "dgamma", "dbeta"))
def test_batchnorm_backward() -> list[Case]:
    """dZ, dgamma (summed over the examples) and dbeta (summed over the examples)."""
    dZ_tilde = np.array([[1.0, -1.0, 0.5, 0.0], [0.2, 0.4, -0.6, 1.0]])
    return [
        Case(
            "the cache of the second forward test (gamma (2, 0.5), epsilon 0.5)",
            args=(dZ_tilde, _cache(_GAMMA, _BETA, 0.5)),
            expected=(
                np.array(
                    [
                        [0.5717655575, -1.0175488735, 0.3779467244, 0.0678365916],
                        [-0.0158113883, 0.0474341649, -0.0664078309, 0.0347850543],
                    ]
                ),
                np.array([[-0.6396021491], [-2.0238577025]]),
                np.array([[0.5], [1.0]]),
            ),
        ),
        Case(
            "the same upstream gradient for every example: dZ is zero",
            args=(np.array([[0.3] * 4, [-2.0] * 4]), _cache(_GAMMA, _BETA, 0.5)),
            expected=(
                np.zeros((2, 4)),
                np.zeros((2, 1)),
                np.array([[1.2], [-8.0]]),
            ),
            atol=1e-12,
        ),
    ]

"""Public tests of c2w2a1, "Optimization methods".

Each test calls the learner's function on small fixed inputs and compares the
result with the expected output written out below, so a failing case shows
both. The update rules are checked on a 2-layer and a 1-layer network with
hand-picked numbers; `random_mini_batches` is checked on tiny data sets whose
shuffled order you can follow by eye. The hidden graders use other inputs: more
layers, other shapes, other seeds and hyperparameters, later Adam steps.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

# A 2-layer network (3 inputs, 2 hidden units, 1 output) and gradients for it.
_PARAMS_2 = {
    "W1": np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6]]),
    "b1": np.array([[0.1], [-0.3]]),
    "W2": np.array([[1.2, -0.7]]),
    "b2": np.array([[0.05]]),
}
_GRADS_2 = {
    "dW1": np.array([[0.2, 0.4, -1.0], [-0.5, 0.1, 0.3]]),
    "db1": np.array([[0.6], [-0.2]]),
    "dW2": np.array([[-0.3, 0.9]]),
    "db2": np.array([[0.4]]),
}
# A velocity (first moment) for the same network, as after a few steps.
_V_2 = {
    "dW1": np.array([[0.1, -0.1, 0.0], [0.2, 0.0, -0.2]]),
    "db1": np.array([[0.05], [0.0]]),
    "dW2": np.array([[0.3, -0.3]]),
    "db2": np.array([[-0.1]]),
}
# A second moment (non-negative) for the same network.
_S_2 = {
    "dW1": np.array([[0.05, 0.05, 0.0], [0.1, 0.0, 0.1]]),
    "db1": np.array([[0.025], [0.0]]),
    "dW2": np.array([[0.15, 0.15]]),
    "db2": np.array([[0.05]]),
}
# A 1-layer network (logistic regression on 2 features) and its gradients.
_PARAMS_1 = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}
_GRADS_1 = {"dW1": np.array([[0.25, -0.5]]), "db1": np.array([[2.0]])}


def _zeros_like(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A zero array for every parameter, under the gradient's key ("dW1", "db1", ...)."""
    return {"d" + name: np.zeros_like(value) for name, value in params.items()}


# numpy's generator is seeded with this before each `random_mini_batches` case:
# the function must seed numpy itself with its `seed` argument; if it does not,
# this earlier seed decides the order and the result differs.
_OTHER_SEED = 2024


@public_test(returns="parameters")
def test_update_parameters_with_gd() -> list[Case]:
    """update_parameters_with_gd(parameters, grads, learning_rate): W := W - alpha dW."""
    return [
        Case(
            "2-layer network, learning_rate=0.1",
            args=(_PARAMS_2, _GRADS_2, 0.1),
            expected={
                "W1": np.array([[0.48, -0.24, 0.2], [0.35, 0.79, -0.63]]),
                "b1": np.array([[0.04], [-0.28]]),
                "W2": np.array([[1.23, -0.79]]),
                "b2": np.array([[0.01]]),
            },
        ),
        Case(
            "1-layer network, learning_rate=0.5",
            args=(_PARAMS_1, _GRADS_1, 0.5),
            expected={"W1": np.array([[0.875, -1.75]]), "b1": np.array([[-0.5]])},
        ),
        Case(
            "learning_rate=0: nothing moves",
            args=(_PARAMS_1, _GRADS_1, 0.0),
            expected=_PARAMS_1,
        ),
    ]


@public_test(returns="mini_batches")
def test_random_mini_batches() -> list[Case]:
    """random_mini_batches(X, Y, mini_batch_size=64, seed=0): shuffle, then cut in order."""
    X7 = np.array([[1.0, 2, 3, 4, 5, 6, 7], [-1.0, -2, -3, -4, -5, -6, -7]])
    Y7 = np.array([[1, 0, 1, 1, 0, 0, 1]])
    X4 = np.array([[0.1, 0.2, 0.3, 0.4], [1.1, 1.2, 1.3, 1.4], [2.1, 2.2, 2.3, 2.4]])
    Y4 = np.array([[0, 1, 1, 0]])
    X5 = np.array([[10.0, 20, 30, 40, 50]])
    Y5 = np.array([[1, 1, 0, 0, 1]])
    return [
        Case(
            "7 examples, mini_batch_size=3, seed=1: batches of 3, 3 and 1",
            args=(X7, Y7, 3, 1),
            np_seed=_OTHER_SEED,
            expected=[
                (np.array([[7.0, 3, 2], [-7.0, -3, -2]]), np.array([[1, 1, 0]])),
                (np.array([[1.0, 5, 4], [-1.0, -5, -4]]), np.array([[1, 0, 1]])),
                (np.array([[6.0], [-6.0]]), np.array([[0]])),
            ],
        ),
        Case(
            "4 examples, mini_batch_size=2, seed=0: two full batches, no empty third",
            args=(X4, Y4),
            kwargs={"mini_batch_size": 2, "seed": 0},
            np_seed=_OTHER_SEED,
            expected=[
                (np.array([[0.3, 0.4], [1.3, 1.4], [2.3, 2.4]]), np.array([[1, 0]])),
                (np.array([[0.2, 0.1], [1.2, 1.1], [2.2, 2.1]]), np.array([[1, 0]])),
            ],
        ),
        Case(
            "5 examples with the defaults (size 64, seed 0): one shuffled batch",
            args=(X5, Y5),
            np_seed=_OTHER_SEED,
            expected=[(np.array([[30.0, 10, 20, 40, 50]]), np.array([[0, 1, 1, 0, 1]]))],
        ),
        Case(
            "the same 5 examples with seed=7: another order",
            args=(X5, Y5),
            kwargs={"seed": 7},
            np_seed=_OTHER_SEED,
            expected=[(np.array([[10.0, 40, 30, 20, 50]]), np.array([[1, 0, 0, 1, 1]]))],
        ),
    ]


@public_test(returns="v")
def test_initialize_velocity() -> list[Case]:
    """initialize_velocity(parameters): zeros shaped like each parameter, keys dW1, db1, ..."""
    params_3 = {
        "W1": np.ones((4, 2)),
        "b1": np.ones((4, 1)),
        "W2": np.ones((3, 4)),
        "b2": np.ones((3, 1)),
        "W3": np.ones((1, 3)),
        "b3": np.ones((1, 1)),
    }
    return [
        Case("2-layer network", args=(_PARAMS_2,), expected=_zeros_like(_PARAMS_2)),
        Case("1-layer network", args=(_PARAMS_1,), expected=_zeros_like(_PARAMS_1)),
        Case("3-layer network", args=(params_3,), expected=_zeros_like(params_3)),
    ]


@public_test(returns=("parameters", "v"))
def test_update_parameters_with_momentum() -> list[Case]:
    """update_parameters_with_momentum(parameters, grads, v, beta, lr) -> (parameters, v)."""
    return [
        Case(
            "first step from a zero velocity, beta=0.9, learning_rate=0.1",
            args=(_PARAMS_2, _GRADS_2, _zeros_like(_PARAMS_2), 0.9, 0.1),
            expected=(
                {
                    "W1": np.array([[0.498, -0.204, 0.11], [0.305, 0.799, -0.603]]),
                    "b1": np.array([[0.094], [-0.298]]),
                    "W2": np.array([[1.203, -0.709]]),
                    "b2": np.array([[0.046]]),
                },
                {
                    "dW1": np.array([[0.02, 0.04, -0.1], [-0.05, 0.01, 0.03]]),
                    "db1": np.array([[0.06], [-0.02]]),
                    "dW2": np.array([[-0.03, 0.09]]),
                    "db2": np.array([[0.04]]),
                },
            ),
        ),
        Case(
            "a non-zero velocity, beta=0.8, learning_rate=0.5",
            args=(_PARAMS_2, _GRADS_2, _V_2, 0.8, 0.5),
            expected=(
                {
                    "W1": np.array([[0.44, -0.2, 0.2], [0.27, 0.79, -0.55]]),
                    "b1": np.array([[0.02], [-0.28]]),
                    "W2": np.array([[1.11, -0.67]]),
                    "b2": np.array([[0.05]]),
                },
                {
                    "dW1": np.array([[0.12, 0.0, -0.2], [0.06, 0.02, -0.1]]),
                    "db1": np.array([[0.16], [-0.04]]),
                    "dW2": np.array([[0.18, -0.06]]),
                    "db2": np.array([[0.0]]),
                },
            ),
        ),
        Case(
            "beta=0: the velocity is the gradient (plain gradient descent)",
            args=(
                _PARAMS_1,
                _GRADS_1,
                {"dW1": np.array([[1.0, 1.0]]), "db1": np.array([[-1.0]])},
                0.0,
                0.5,
            ),
            expected=(
                {"W1": np.array([[0.875, -1.75]]), "b1": np.array([[-0.5]])},
                {"dW1": np.array([[0.25, -0.5]]), "db1": np.array([[2.0]])},
            ),
        ),
    ]


@public_test(returns=("v", "s"))
def test_initialize_adam() -> list[Case]:
    """initialize_adam(parameters) -> (v, s), both zeros shaped like the parameters."""
    return [
        Case(
            "2-layer network",
            args=(_PARAMS_2,),
            expected=(_zeros_like(_PARAMS_2), _zeros_like(_PARAMS_2)),
        ),
        Case(
            "1-layer network",
            args=(_PARAMS_1,),
            expected=(_zeros_like(_PARAMS_1), _zeros_like(_PARAMS_1)),
        ),
    ]


@public_test(returns=("parameters", "v", "s", "v_corrected", "s_corrected"))
def test_update_parameters_with_adam() -> list[Case]:
    """update_parameters_with_adam(...) -> (parameters, v, s, v_corrected, s_corrected)."""
    return [
        Case(
            "first step (t=1) from zero moments, default hyperparameters",
            args=(_PARAMS_1, _GRADS_1, _zeros_like(_PARAMS_1), _zeros_like(_PARAMS_1), 1),
            expected=(
                {
                    "W1": np.array([[0.9900000004, -1.9900000002]]),
                    "b1": np.array([[0.49000000005]]),
                },
                {"dW1": np.array([[0.025, -0.05]]), "db1": np.array([[0.2]])},
                {"dW1": np.array([[6.25e-05, 0.00025]]), "db1": np.array([[0.004]])},
                {"dW1": np.array([[0.25, -0.5]]), "db1": np.array([[2.0]])},
                {"dW1": np.array([[0.0625, 0.25]]), "db1": np.array([[4.0]])},
            ),
            rtol=1e-9,
            atol=1e-12,
        ),
        Case(
            "third step (t=3), learning_rate=0.1, beta1=0.8, beta2=0.9, epsilon=0.01",
            args=(_PARAMS_2, _GRADS_2, _V_2, _S_2, 3),
            kwargs={"learning_rate": 0.1, "beta1": 0.8, "beta2": 0.9, "epsilon": 0.01},
            expected=(
                {
                    "W1": np.array(
                        [
                            [0.443499425812, -0.2, 0.166374863134],
                            [0.281411216596, 0.742069098668, -0.566648097458],
                        ]
                    ),
                    "b1": np.array([[0.030918995918], [-0.237663417056]]),
                    "W2": np.array([[1.150084117482, -0.686380796882]]),
                    "b2": np.array([[0.05]]),
                },
                {
                    "dW1": np.array([[0.12, 0.0, -0.2], [0.06, 0.02, -0.1]]),
                    "db1": np.array([[0.16], [-0.04]]),
                    "dW2": np.array([[0.18, -0.06]]),
                    "db2": np.array([[0.0]]),
                },
                {
                    "dW1": np.array([[0.049, 0.061, 0.1], [0.115, 0.001, 0.099]]),
                    "db1": np.array([[0.0585], [0.004]]),
                    "dW2": np.array([[0.144, 0.216]]),
                    "db2": np.array([[0.061]]),
                },
                {
                    "dW1": np.array(
                        [
                            [0.245901639344, 0.0, -0.409836065574],
                            [0.122950819672, 0.040983606557, -0.204918032787],
                        ]
                    ),
                    "db1": np.array([[0.327868852459], [-0.081967213115]]),
                    "dW2": np.array([[0.368852459016, -0.122950819672]]),
                    "db2": np.array([[0.0]]),
                },
                {
                    "dW1": np.array(
                        [
                            [0.180811808118, 0.225092250923, 0.369003690037],
                            [0.424354243542, 0.0036900369, 0.365313653137],
                        ]
                    ),
                    "db1": np.array([[0.215867158672], [0.014760147601]]),
                    "dW2": np.array([[0.531365313653, 0.79704797048]]),
                    "db2": np.array([[0.225092250923]]),
                },
            ),
        ),
    ]


@public_test(returns="learning_rate")
def test_update_lr() -> list[Case]:
    """update_lr(learning_rate0, epoch_num, decay_rate) = alpha0 / (1 + decay_rate * epoch)."""
    return [
        Case("alpha0=0.5, epoch 2, decay_rate=1", args=(0.5, 2, 1), expected=0.5 / 3),
        Case("epoch 0 keeps alpha0", args=(0.1, 0, 0.3), expected=0.1),
        Case("alpha0=1, epoch 10, decay_rate=0.5", args=(1.0, 10, 0.5), expected=1.0 / 6),
    ]


@public_test(returns="learning_rate")
def test_schedule_lr_decay() -> list[Case]:
    """schedule_lr_decay: alpha0 / (1 + decay_rate * floor(epoch / time_interval))."""
    return [
        Case("epoch 999 < time_interval 1000: no decay yet", args=(0.5, 999, 1), expected=0.5),
        Case("epoch 1000: first decay", args=(0.5, 1000, 1), expected=0.25),
        Case(
            "epoch 2500, decay_rate=0.5: two intervals done",
            args=(0.3, 2500, 0.5),
            expected=0.15,
        ),
        Case(
            "time_interval=10, epoch 25, decay_rate=2",
            args=(0.3, 25, 2),
            kwargs={"time_interval": 10},
            expected=0.06,
        ),
    ]

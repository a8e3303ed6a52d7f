"""Hidden grader spec of c2w2a1: optimisation methods.

The cases go beyond the public tests: networks of one to four layers with
non-square weights, data sets whose size is or is not a multiple of the
mini-batch size (and one smaller than a single batch), mini-batches of one
example, velocities and moments that are not zero, later Adam steps (t up to
1000), a large epsilon, other betas, zero gradients, and learning-rate schedules
at epochs on and around the interval boundaries. Everything random is seeded:
the inputs by the generator handed to each cases function, numpy's global
generator by `Case.np_seed` right before the call (so a `random_mini_batches`
that does not seed itself gets another order). Every mistake is an edit of the
notebook's solution that must lose the exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import (
    Case,
    Mistake,
    draw_seed,
    edit,
    exercise,
    like,
    random_labels,
    random_parameters,
)

SEED = 2201

Arrays = dict[str, np.ndarray]


# --------------------------------------------------------------------------- helpers


def _params(rng: np.random.Generator, dims: list[int]) -> Arrays:
    """Random weights of scale 1 and non-zero biases for a network with layer sizes `dims`."""
    return random_parameters(rng, dims, scale=1.0)


def _zeros(params: Arrays) -> Arrays:
    return {"d" + k: np.zeros_like(v) for k, v in params.items()}


def _second_moment(rng: np.random.Generator, params: Arrays, scale: float = 0.2) -> Arrays:
    """A plausible second moment: non-negative, with the parameters' shapes."""
    return {key: value**2 for key, value in like(rng, params, scale=scale).items()}


def _data(rng: np.random.Generator, n_x: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct inputs (so any reordering shows) and labels 0 or 1."""
    return rng.normal(0.0, 1.0, size=(n_x, m)), random_labels(rng, m)


# --------------------------------------------------------------------------- gradient descent


@exercise(
    mistakes={
        "plus_instead_of_minus": edit(
            "- learning_rate",
            "+ learning_rate",
            every=True,
            hint="step against the gradient: W - learning_rate * dW",
        ),
        "skips_the_last_layer": edit(
            "range(1, L + 1)",
            "range(1, L)",
            hint="the loop must reach the last layer: range(1, L + 1)",
        ),
        "forgets_the_biases": edit(
            'new_parameters[b] = parameters[b] - learning_rate * grads["d" + b]',
            "new_parameters[b] = parameters[b]",
            hint="update the biases too: b - learning_rate * db",
        ),
        "changes_the_callers_dict": edit(
            "new_parameters = copy.deepcopy(parameters)", "new_parameters = parameters"
        ),
    },
)
def update_parameters_with_gd(rng: np.random.Generator) -> list[Case]:
    def case(label: str, dims: list[int], learning_rate: float) -> Case:
        params = _params(rng, dims)
        return Case(label, (params, like(rng, params), learning_rate))

    params = _params(rng, [3, 2])
    return [
        case("2-layer network [3, 4, 1], learning_rate=0.01", [3, 4, 1], 0.01),
        case("1-layer network [5, 1], learning_rate=0.5", [5, 1], 0.5),
        case("3-layer network [2, 5, 2, 1], learning_rate=0.0007", [2, 5, 2, 1], 0.0007),
        case("4-layer network [6, 4, 3, 2, 1], learning_rate=1.3", [6, 4, 3, 2, 1], 1.3),
        Case("zero gradients", (params, _zeros(params), 0.2)),
        case("learning_rate=0: nothing moves", [4, 3, 2], 0.0),
    ]


# --------------------------------------------------------------------------- mini-batches

_TAIL = (
    "    if m % mini_batch_size != 0:\n"
    "        start = num_complete * mini_batch_size\n"
    "        mini_batches.append((shuffled_X[:, start:], shuffled_Y[:, start:]))\n"
)


@exercise(
    mistakes={
        "drops_the_last_partial_batch": edit(
            _TAIL,
            "",
            hint="when m is not a multiple of mini_batch_size, keep the smaller last mini-batch",
        ),
        "appends_an_empty_batch_when_m_divides": edit(
            _TAIL,
            "    start = num_complete * mini_batch_size\n"
            "    mini_batches.append((shuffled_X[:, start:], shuffled_Y[:, start:]))\n",
            hint="add the last mini-batch only when m % mini_batch_size != 0 (else it is empty)",
        ),
        "last_batch_is_the_final_full_size": edit(
            "start = num_complete * mini_batch_size",
            "start = max(m - mini_batch_size, 0)",
            hint="the last mini-batch holds only the examples left after the full ones",
        ),
        "different_permutations_for_X_and_Y": edit(
            "shuffled_Y = Y[:, permutation]",
            "shuffled_Y = Y[:, np.random.permutation(m)]",
            hint="shuffle X and Y with the same permutation, so every example keeps its label",
        ),
        "never_seeds": edit(
            "    np.random.seed(seed)\n",
            "",
            hint="call np.random.seed(seed) first, so that the shuffle can be repeated",
        ),
        "no_shuffle": edit(
            "permutation = np.random.permutation(m)",
            "permutation = list(range(m))",
            hint="shuffle the examples first: np.random.permutation(m)",
        ),
        "hard_coded_size_64": edit(
            [
                ("m // mini_batch_size", "m // 64"),
                (
                    "slice(k * mini_batch_size, (k + 1) * mini_batch_size)",
                    "slice(k * 64, (k + 1) * 64)",
                ),
                ("m % mini_batch_size", "m % 64"),
                ("num_complete * mini_batch_size", "num_complete * 64"),
            ],
            hint="use the mini_batch_size argument, not 64",
        ),
        "new_generator_instead_of_np_random_seed": edit(
            [
                ("np.random.seed(seed)", "rng = np.random.default_rng(seed)"),
                ("np.random.permutation(m)", "rng.permutation(m)"),
            ],
            hint="the lesson shuffles with np.random.seed(seed), then np.random.permutation(m)",
        ),
    },
)
def random_mini_batches(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n_x: int, m: int, *args: int, **kwargs: int) -> Case:
        X, Y = _data(rng, n_x, m)
        return Case(label, (X, Y, *args), kwargs, np_seed=draw_seed(rng))

    return [
        case("148 examples, size 64: two full batches and one of 20", 2, 148, 64, draw_seed(rng)),
        case("128 examples, size 64: exactly two batches", 3, 128, 64, draw_seed(rng)),
        case("10 examples with the default size and seed", 2, 10),
        case("9 examples, size 1: one example per batch", 4, 9, 1, draw_seed(rng)),
        case(
            "50 examples, 5 features, mini_batch_size=16 and seed by keyword",
            5,
            50,
            mini_batch_size=16,
            seed=draw_seed(rng),
        ),
        case("300 examples, size 64, seed=0", 2, 300, 64, 0),
        case("7 examples, size 7: one full batch", 1, 7, 7, draw_seed(rng)),
        case("30 examples, size 64: one batch smaller than the size", 2, 30, 64, draw_seed(rng)),
    ]


# --------------------------------------------------------------------------- momentum

_SHAPES = [[2, 5, 2, 1], [3, 4, 1], [7, 1], [6, 4, 3, 2, 1], [1, 3, 2]]
_V_W = 'np.zeros_like(parameters["W" + str(layer)])'
_V_B = 'np.zeros_like(parameters["b" + str(layer)])'


@exercise(
    mistakes={
        "ones_instead_of_zeros": edit(
            "np.zeros_like(", "np.ones_like(", every=True, hint="the velocities start at zero"
        ),
        "transposed_weight_shape": edit(
            _V_W,
            'np.zeros_like(parameters["W" + str(layer)].T)',
            hint="each velocity has the shape of its parameter",
        ),
        "flat_bias": edit(
            _V_B,
            'np.zeros(parameters["b" + str(layer)].shape[0])',
            hint='v["db1"] has the shape of b1, a column (n, 1)',
        ),
        "keys_without_d": edit(
            [
                ('v["dW" + str(layer)]', 'v["W" + str(layer)]'),
                ('v["db" + str(layer)]', 'v["b" + str(layer)]'),
            ],
            hint='the keys are the gradients\' names: "dW1", "db1", ...',
        ),
        "starts_at_the_parameters": edit(
            [
                (_V_W, 'parameters["W" + str(layer)].copy()'),
                (_V_B, 'parameters["b" + str(layer)].copy()'),
            ],
            hint="the velocities start at zero, not at the parameters",
        ),
    },
)
def initialize_velocity(rng: np.random.Generator) -> list[Case]:
    return [Case(f"network of layer sizes {dims}", (_params(rng, dims),)) for dims in _SHAPES]


_VELOCITY = 'beta * v["d" + name] + (1 - beta) * grads["d" + name]'


@exercise(
    mistakes={
        "one_minus_beta_on_the_wrong_term": edit(
            _VELOCITY,
            '(1 - beta) * v["d" + name] + beta * grads["d" + name]',
            hint="v = beta * v + (1 - beta) * dW: beta weighs the old velocity",
        ),
        "forgets_one_minus_beta": edit(
            _VELOCITY,
            'beta * v["d" + name] + grads["d" + name]',
            hint="the gradient's weight in the new velocity is (1 - beta)",
        ),
        "steps_with_the_gradient": edit(
            'learning_rate * v["d" + name]',
            'learning_rate * grads["d" + name]',
            hint="step with the velocity v, not with the raw gradient",
        ),
        "plus_instead_of_minus": edit(
            "- learning_rate",
            "+ learning_rate",
            hint="step against the velocity: W - learning_rate * v",
        ),
        "changes_the_callers_velocity": edit("    v = copy.deepcopy(v)\n", ""),
        "bias_corrected_velocity": edit(
            'learning_rate * v["d" + name]',
            'learning_rate * v["d" + name] / (1 - beta)',
            hint="momentum steps with v itself: no bias correction here",
        ),
    },
)
def update_parameters_with_momentum(rng: np.random.Generator) -> list[Case]:
    def case(
        label: str, dims: list[int], beta: float, learning_rate: float, zero_v: bool = False
    ) -> Case:
        params = _params(rng, dims)
        v = _zeros(params) if zero_v else like(rng, params, scale=0.2)
        return Case(label, (params, like(rng, params), v, beta, learning_rate))

    return [
        case("first step from zero velocity, [3, 4, 1], beta=0.9", [3, 4, 1], 0.9, 0.01, True),
        case("non-zero velocity, [2, 5, 2, 1], beta=0.9", [2, 5, 2, 1], 0.9, 0.05),
        case("beta=0.5, [4, 3, 2]", [4, 3, 2], 0.5, 0.1),
        case("beta=0: plain gradient descent, [5, 1]", [5, 1], 0.0, 0.3),
        case("beta=0.99, 4-layer network", [6, 4, 3, 2, 1], 0.99, 0.2),
        case("large learning rate 2, beta=0.8", [2, 3, 1], 0.8, 2.0),
    ]


# --------------------------------------------------------------------------- Adam


@exercise(
    mistakes={
        "s_starts_at_one": edit(
            's["d" + name] = np.zeros_like(parameters[name])',
            's["d" + name] = np.ones_like(parameters[name])',
            hint="s starts at zero, like v",
        ),
        "keys_without_d": edit(
            [('v["d" + name]', "v[name]"), ('s["d" + name]', "s[name]")],
            hint='the keys are the gradients\' names: "dW1", "db1", ...',
        ),
        "returns_only_v": edit("    return v, s", "    return v", hint="return both v and s"),
        "forgets_the_biases": edit(
            'for name in ("W" + str(layer), "b" + str(layer)):',
            'for name in ("W" + str(layer),):',
            hint="v and s need entries for the biases too",
        ),
        "transposed_shapes": edit(
            "np.zeros_like(parameters[name])",
            "np.zeros_like(parameters[name].T)",
            every=True,
            hint="each moment has the shape of its parameter",
        ),
    },
)
def initialize_adam(rng: np.random.Generator) -> list[Case]:
    return [Case(f"network of layer sizes {dims}", (_params(rng, dims),)) for dims in _SHAPES]


_STEP = "v_corrected[key] / (np.sqrt(s_corrected[key]) + epsilon)"


def _correction(power: str, hint: str | None = None) -> Mistake:
    """The bias correction with `t` replaced by `power` ("(t - 1)", ...) in both moments."""
    return edit([("beta1**t", f"beta1**{power}"), ("beta2**t", f"beta2**{power}")], hint=hint)


@exercise(
    mistakes={
        "no_bias_correction": edit(
            [("v[key] / (1 - beta1**t)", "v[key]"), ("s[key] / (1 - beta2**t)", "s[key]")],
            hint="correct the moments: divide by (1 - beta1**t) and (1 - beta2**t)",
        ),
        "t_minus_one_in_the_correction": _correction(
            "(t - 1)", hint="t already counts this update: the correction is 1 - beta**t"
        ),
        "t_plus_one_in_the_correction": _correction(
            "(t + 1)", hint="t already counts this update: the correction is 1 - beta**t"
        ),
        "beta_times_t_instead_of_beta_to_the_t": edit(
            [("beta1**t", "beta1 * t"), ("beta2**t", "beta2 * t")],
            hint="beta1**t is a power (beta1 to the t), not a product",
        ),
        "epsilon_inside_the_square_root": edit(
            "np.sqrt(s_corrected[key]) + epsilon",
            "np.sqrt(s_corrected[key] + epsilon)",
            hint="this is what you get when epsilon is inside the square root: add it after",
        ),
        "v_and_s_swapped_in_the_step": edit(
            _STEP,
            "s_corrected[key] / (np.sqrt(v_corrected[key]) + epsilon)",
            hint="the step is v_corrected / (sqrt(s_corrected) + epsilon)",
        ),
        "beta1_in_the_second_moment": edit(
            "beta2 * s[key] + (1 - beta2)",
            "beta1 * s[key] + (1 - beta1)",
            hint="s averages with beta2; beta1 is for v",
        ),
        "gradient_not_squared": edit(
            "np.square(grads[key])", "grads[key]", hint="s averages the squared gradients"
        ),
        "steps_with_the_uncorrected_v": edit(
            f"step = {_STEP}",
            "step = v[key] / (np.sqrt(s_corrected[key]) + epsilon)",
            hint="step with the corrected first moment v_corrected",
        ),
        "plus_instead_of_minus": edit(
            "- learning_rate * step",
            "+ learning_rate * step",
            hint="step against the gradient: parameter - learning_rate * step",
        ),
        "changes_the_callers_v": edit("    v = copy.deepcopy(v)\n", ""),
    },
)
def update_parameters_with_adam(rng: np.random.Generator) -> list[Case]:
    def case(label: str, dims: list[int], t: int, fresh: bool = False, **kwargs: float) -> Case:
        params = _params(rng, dims)
        if fresh:
            v, s = _zeros(params), _zeros(params)
        else:
            v, s = like(rng, params, scale=0.1), _second_moment(rng, params)
        return Case(label, (params, like(rng, params), v, s, t), kwargs)

    params = _params(rng, [3, 2, 1])
    tiny = _params(rng, [4, 2])
    return [
        case("first step t=1 from zero moments, [3, 4, 1]", [3, 4, 1], 1, fresh=True),
        case("second step t=2, [2, 5, 2, 1]", [2, 5, 2, 1], 2),
        case("t=10, learning_rate=0.001, 1-layer network", [5, 1], 10, learning_rate=0.001),
        case("late step t=1000", [4, 3, 2], 1000),
        case(
            "t=3, beta1=0.8, beta2=0.95, epsilon=0.01",
            [2, 3, 1],
            3,
            beta1=0.8,
            beta2=0.95,
            epsilon=0.01,
        ),
        case(
            "t=5, everything by keyword, 4-layer network", [6, 4, 3, 2, 1], 5, learning_rate=0.02
        ),
        Case(
            "tiny gradients (about 1e-5), first step t=1",
            (tiny, like(rng, tiny, scale=1e-5), _zeros(tiny), _zeros(tiny), 1),
        ),
        Case(
            "zero gradients with non-zero moments, t=4",
            (params, _zeros(params), like(rng, params, scale=0.1), _second_moment(rng, params), 4),
        ),
    ]


# --------------------------------------------------------------------------- learning-rate decay

_DECAYED = "learning_rate0 / (1 + decay_rate * epoch_num)"
_INTEGER_DIVISION = "// is integer division: divide with /"


@exercise(
    mistakes={
        "forgets_the_one": edit(
            _DECAYED,
            "learning_rate0 / (decay_rate * epoch_num) if epoch_num else learning_rate0",
            hint="the denominator is 1 + decay_rate * epoch_num",
        ),
        "operator_precedence": edit(
            _DECAYED,
            "learning_rate0 / 1 + decay_rate * epoch_num",
            hint="put 1 + decay_rate * epoch_num in parentheses",
        ),
        "ignores_decay_rate": edit(
            _DECAYED,
            "learning_rate0 / (1 + epoch_num)",
            hint="multiply epoch_num by decay_rate",
        ),
        "exponential_decay": edit(_DECAYED, "learning_rate0 * (1 - decay_rate / 2) ** epoch_num"),
        "integer_division": edit(
            _DECAYED, "learning_rate0 // (1 + decay_rate * epoch_num)", hint=_INTEGER_DIVISION
        ),
        "multiplies_instead_of_dividing": edit(
            _DECAYED,
            "learning_rate0 * (1 + decay_rate * epoch_num)",
            hint="divide learning_rate0 by 1 + decay_rate * epoch_num",
        ),
    },
)
def update_lr(rng: np.random.Generator) -> list[Case]:
    return [
        Case("alpha0=0.1, epoch 0, decay_rate=1", (0.1, 0, 1)),
        Case("alpha0=0.1, epoch 1, decay_rate=1", (0.1, 1, 1)),
        Case("alpha0=0.3, epoch 7, decay_rate=0.25", (0.3, 7, 0.25)),
        Case("decay_rate=0: no decay", (0.05, 40, 0.0)),
        Case("epoch 4999, decay_rate=1", (0.1, 4999, 1)),
        Case("alpha0=2, epoch 3, decay_rate=3", (2.0, 3, 3.0)),
        Case("integers everywhere: alpha0=1, epoch 4, decay_rate=1", (1, 4, 1)),
    ]


_STEPS = "np.floor(epoch_num / time_interval)"


@exercise(
    mistakes={
        "decays_every_epoch": edit(
            _STEPS,
            "epoch_num",
            hint="count the finished intervals, floor(epoch_num / time_interval), not epochs",
        ),
        "no_floor": edit(
            _STEPS,
            "epoch_num / time_interval",
            hint="round epoch_num / time_interval down (np.floor): the rate drops in steps",
        ),
        "rounds_instead_of_floor": edit(
            _STEPS,
            "round(epoch_num / time_interval)",
            hint="round down with np.floor, not to the nearest integer",
        ),
        "ceil_instead_of_floor": edit(
            _STEPS,
            "math.ceil(epoch_num / time_interval)",
            hint="round down with np.floor, not up",
        ),
        "ignores_time_interval": edit(
            _STEPS, "np.floor(epoch_num / 1000)", hint="use the time_interval argument"
        ),
        "integer_division_of_the_rate": edit(
            "learning_rate0 / (1 + decay_rate",
            "learning_rate0 // (1 + decay_rate",
            hint=_INTEGER_DIVISION,
        ),
    },
)
def schedule_lr_decay(rng: np.random.Generator) -> list[Case]:
    return [
        Case("epoch 0", (0.1, 0, 1)),
        Case("epoch 999, default interval", (0.1, 999, 1)),
        Case("epoch 1000, default interval", (0.1, 1000, 1)),
        Case("epoch 1600, default interval", (0.2, 1600, 0.5)),
        Case("epoch 4999, default interval, decay_rate=0.3", (0.01, 4999, 0.3)),
        Case("time_interval=100, epoch 250", (0.5, 250, 1), {"time_interval": 100}),
        Case("time_interval=7 by position, epoch 20", (0.3, 20, 2.0, 7)),
        Case("decay_rate=0: no decay", (0.05, 3000, 0.0)),
    ]

"""Hidden grader spec of c2w2a1: optimisation methods.

The cases go beyond the public tests: networks of one to four layers with
non-square weights, data sets whose size is or is not a multiple of the
mini-batch size (and one smaller than a single batch), mini-batches of one
example, velocities and moments that are not zero, later Adam steps (t up to
1000), a large epsilon, other betas, zero gradients, and learning-rate schedules
at epochs on and around the interval boundaries. Everything random is seeded:
the inputs by the generator handed to each `cases` function, numpy's global
generator by `Case.np_seed` right before the call (so a `random_mini_batches`
that does not seed itself gets another order). Every mistake below is a whole
replacement cell that must lose the exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed, variant

PREAMBLE = "import copy\nimport math\n\nimport numpy as np\n"
SEED = 2201

Arrays = dict[str, np.ndarray]


# --------------------------------------------------------------------------- helpers


def _params(rng: np.random.Generator, dims: list[int]) -> Arrays:
    """Random weights and non-zero biases for a network with layer sizes `dims`."""
    params = {}
    for layer in range(1, len(dims)):
        params[f"W{layer}"] = rng.normal(0.0, 1.0, size=(dims[layer], dims[layer - 1]))
        params[f"b{layer}"] = rng.normal(0.0, 0.5, size=(dims[layer], 1))
    return params


def _grads(rng: np.random.Generator, params: Arrays, scale: float = 0.3) -> Arrays:
    """Random gradients under the keys "dW1", "db1", ... with the parameters' shapes."""
    return {"d" + k: rng.normal(0.0, scale, size=v.shape) for k, v in params.items()}


def _zeros(params: Arrays) -> Arrays:
    return {"d" + k: np.zeros_like(v) for k, v in params.items()}


def _second_moment(rng: np.random.Generator, params: Arrays, scale: float = 0.05) -> Arrays:
    """A plausible second moment: non-negative, with the parameters' shapes."""
    return {"d" + k: rng.uniform(0.0, scale, size=v.shape) for k, v in params.items()}


def _data(rng: np.random.Generator, n_x: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct inputs (so any reordering shows) and labels 0 or 1."""
    X = rng.normal(0.0, 1.0, size=(n_x, m))
    return X, rng.integers(0, 2, size=(1, m))


# --------------------------------------------------------------------------- cases


def update_parameters_with_gd_cases(rng: np.random.Generator) -> list[Case]:
    def case(label: str, dims: list[int], learning_rate: float) -> Case:
        params = _params(rng, dims)
        return Case(label, (params, _grads(rng, params), learning_rate))

    params = _params(rng, [3, 2])
    return [
        case("2-layer network [3, 4, 1], learning_rate=0.01", [3, 4, 1], 0.01),
        case("1-layer network [5, 1], learning_rate=0.5", [5, 1], 0.5),
        case("3-layer network [2, 5, 2, 1], learning_rate=0.0007", [2, 5, 2, 1], 0.0007),
        case("4-layer network [6, 4, 3, 2, 1], learning_rate=1.3", [6, 4, 3, 2, 1], 1.3),
        Case("zero gradients", (params, _zeros(params), 0.2)),
        case("learning_rate=0: nothing moves", [4, 3, 2], 0.0),
    ]


def random_mini_batches_cases(rng: np.random.Generator) -> list[Case]:
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


def initialize_velocity_cases(rng: np.random.Generator) -> list[Case]:
    shapes = [[2, 5, 2, 1], [3, 4, 1], [7, 1], [6, 4, 3, 2, 1], [1, 3, 2]]
    return [Case(f"network of layer sizes {dims}", (_params(rng, dims),)) for dims in shapes]


def update_parameters_with_momentum_cases(rng: np.random.Generator) -> list[Case]:
    def case(
        label: str, dims: list[int], beta: float, learning_rate: float, zero_v: bool = False
    ) -> Case:
        params = _params(rng, dims)
        v = _zeros(params) if zero_v else _grads(rng, params, scale=0.2)
        return Case(label, (params, _grads(rng, params), v, beta, learning_rate))

    return [
        case("first step from zero velocity, [3, 4, 1], beta=0.9", [3, 4, 1], 0.9, 0.01, True),
        case("non-zero velocity, [2, 5, 2, 1], beta=0.9", [2, 5, 2, 1], 0.9, 0.05),
        case("beta=0.5, [4, 3, 2]", [4, 3, 2], 0.5, 0.1),
        case("beta=0: plain gradient descent, [5, 1]", [5, 1], 0.0, 0.3),
        case("beta=0.99, 4-layer network", [6, 4, 3, 2, 1], 0.99, 0.2),
        case("large learning rate 2, beta=0.8", [2, 3, 1], 0.8, 2.0),
    ]


def initialize_adam_cases(rng: np.random.Generator) -> list[Case]:
    shapes = [[2, 5, 2, 1], [3, 4, 1], [7, 1], [6, 4, 3, 2, 1], [1, 3, 2]]
    return [Case(f"network of layer sizes {dims}", (_params(rng, dims),)) for dims in shapes]


def update_parameters_with_adam_cases(rng: np.random.Generator) -> list[Case]:
    def case(label: str, dims: list[int], t: int, fresh: bool = False, **kwargs: float) -> Case:
        params = _params(rng, dims)
        if fresh:
            v, s = _zeros(params), _zeros(params)
        else:
            v, s = _grads(rng, params, scale=0.1), _second_moment(rng, params)
        return Case(label, (params, _grads(rng, params), v, s, t), kwargs)

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
            (tiny, _grads(rng, tiny, scale=1e-5), _zeros(tiny), _zeros(tiny), 1),
        ),
        Case(
            "zero gradients with non-zero moments, t=4",
            (params, _zeros(params), _grads(rng, params, 0.1), _second_moment(rng, params), 4),
        ),
    ]


def update_lr_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("alpha0=0.1, epoch 0, decay_rate=1", (0.1, 0, 1)),
        Case("alpha0=0.1, epoch 1, decay_rate=1", (0.1, 1, 1)),
        Case("alpha0=0.3, epoch 7, decay_rate=0.25", (0.3, 7, 0.25)),
        Case("decay_rate=0: no decay", (0.05, 40, 0.0)),
        Case("epoch 4999, decay_rate=1", (0.1, 4999, 1)),
        Case("alpha0=2, epoch 3, decay_rate=3", (2.0, 3, 3.0)),
        Case("integers everywhere: alpha0=1, epoch 4, decay_rate=1", (1, 4, 1)),
    ]


def schedule_lr_decay_cases(rng: np.random.Generator) -> list[Case]:
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


# --------------------------------------------------------------------------- mistakes

_GD = """def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    {start}
    for layer in range({layers}):
        W, b = "W" + str(layer), "b" + str(layer)
        new[W] = parameters[W] {sign} learning_rate * grads["d" + W]
        new[b] = {b_update}
    return new
"""
_GD_PARTS = {
    "start": "new = copy.deepcopy(parameters)",
    "layers": "1, L + 1",
    "sign": "-",
    "b_update": 'parameters[b] - learning_rate * grads["d" + b]',
}

UPDATE_PARAMETERS_WITH_GD_MISTAKES = {
    "plus_instead_of_minus": variant(
        _GD, _GD_PARTS, sign="+", b_update='parameters[b] + learning_rate * grads["d" + b]'
    ),
    "skips_the_last_layer": variant(_GD, _GD_PARTS, layers="1, L"),
    "forgets_the_biases": variant(_GD, _GD_PARTS, b_update="parameters[b]"),
    "changes_the_callers_dict": variant(_GD, _GD_PARTS, start="new = parameters"),
}

_MINI_BATCHES = """def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    {seed_line}
    m = X.shape[1]
    size = {size}
    permutation = {permutation}
    shuffled_X = X[:, permutation]
    shuffled_Y = {shuffled_Y}
    mini_batches = []
    num_complete = m // size
    for k in range(num_complete):
        mini_batch_X = shuffled_X[:, k * size:(k + 1) * size]
        mini_batch_Y = shuffled_Y[:, k * size:(k + 1) * size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    {tail}
    return mini_batches
"""
_TAIL = """if m % size != 0:
        start = num_complete * size
        mini_batches.append((shuffled_X[:, start:], shuffled_Y[:, start:]))"""
_MINI_BATCH_PARTS = {
    "seed_line": "np.random.seed(seed)",
    "size": "mini_batch_size",
    "permutation": "list(np.random.permutation(m))",
    "shuffled_Y": "Y[:, permutation]",
    "tail": _TAIL,
}

RANDOM_MINI_BATCHES_MISTAKES = {
    "drops_the_last_partial_batch": variant(_MINI_BATCHES, _MINI_BATCH_PARTS, tail="pass"),
    "appends_an_empty_batch_when_m_divides": variant(
        _MINI_BATCHES,
        _MINI_BATCH_PARTS,
        tail=_TAIL.replace("if m % size != 0:", "if True:"),
    ),
    "last_batch_is_the_final_full_size": variant(
        _MINI_BATCHES,
        _MINI_BATCH_PARTS,
        tail=_TAIL.replace("start = num_complete * size", "start = max(m - size, 0)"),
    ),
    "different_permutations_for_X_and_Y": variant(
        _MINI_BATCHES, _MINI_BATCH_PARTS, shuffled_Y="Y[:, np.random.permutation(m)]"
    ),
    "never_seeds": variant(_MINI_BATCHES, _MINI_BATCH_PARTS, seed_line="pass"),
    "no_shuffle": variant(_MINI_BATCHES, _MINI_BATCH_PARTS, permutation="list(range(m))"),
    "hard_coded_size_64": variant(_MINI_BATCHES, _MINI_BATCH_PARTS, size="64"),
    "new_generator_instead_of_np_random_seed": variant(
        _MINI_BATCHES,
        _MINI_BATCH_PARTS,
        seed_line="rng = np.random.default_rng(seed)",
        permutation="list(rng.permutation(m))",
    ),
}

_VELOCITY = """def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {{}}
    for layer in range(1, L + 1):
        W, b = parameters["W" + str(layer)], parameters["b" + str(layer)]
        v["{prefix}W" + str(layer)] = {w}
        v["{prefix}b" + str(layer)] = {b}
    return v
"""
_VELOCITY_PARTS = {"prefix": "d", "w": "np.zeros(W.shape)", "b": "np.zeros(b.shape)"}

INITIALIZE_VELOCITY_MISTAKES = {
    "ones_instead_of_zeros": variant(
        _VELOCITY, _VELOCITY_PARTS, w="np.ones(W.shape)", b="np.ones(b.shape)"
    ),
    "transposed_weight_shape": variant(_VELOCITY, _VELOCITY_PARTS, w="np.zeros(W.T.shape)"),
    "flat_bias": variant(_VELOCITY, _VELOCITY_PARTS, b="np.zeros(b.shape[0])"),
    "keys_without_d": variant(_VELOCITY, _VELOCITY_PARTS, prefix=""),
    "starts_at_the_parameters": variant(_VELOCITY, _VELOCITY_PARTS, w="W.copy()", b="b.copy()"),
}

_MOMENTUM = """def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    parameters = copy.deepcopy(parameters)
    v = {v_start}
    for layer in range(1, L + 1):
        for p in ("W", "b"):
            key = p + str(layer)
            v["d" + key] = {velocity}
            parameters[key] = parameters[key] {sign} learning_rate * {step}
    return parameters, v
"""
_MOMENTUM_PARTS = {
    "v_start": "copy.deepcopy(v)",
    "velocity": 'beta * v["d" + key] + (1 - beta) * grads["d" + key]',
    "sign": "-",
    "step": 'v["d" + key]',
}

UPDATE_PARAMETERS_WITH_MOMENTUM_MISTAKES = {
    "one_minus_beta_on_the_wrong_term": variant(
        _MOMENTUM,
        _MOMENTUM_PARTS,
        velocity='(1 - beta) * v["d" + key] + beta * grads["d" + key]',
    ),
    "forgets_one_minus_beta": variant(
        _MOMENTUM, _MOMENTUM_PARTS, velocity='beta * v["d" + key] + grads["d" + key]'
    ),
    "steps_with_the_gradient": variant(_MOMENTUM, _MOMENTUM_PARTS, step='grads["d" + key]'),
    "plus_instead_of_minus": variant(_MOMENTUM, _MOMENTUM_PARTS, sign="+"),
    "changes_the_callers_velocity": variant(_MOMENTUM, _MOMENTUM_PARTS, v_start="v"),
    "bias_corrected_velocity": variant(
        _MOMENTUM,
        _MOMENTUM_PARTS,
        step='v["d" + key] / (1 - beta)',
    ),
}

_ADAM_INIT = """def initialize_adam(parameters):
    L = len(parameters) // 2
    v = {{}}
    s = {{}}
    for layer in range(1, L + 1):
        for p in {names}:
            value = parameters[p + str(layer)]
            v["{prefix}" + p + str(layer)] = {v_init}
            s["{prefix}" + p + str(layer)] = {s_init}
    return {result}
"""
_ADAM_INIT_PARTS = {
    "names": '("W", "b")',
    "prefix": "d",
    "v_init": "np.zeros(value.shape)",
    "s_init": "np.zeros(value.shape)",
    "result": "v, s",
}

INITIALIZE_ADAM_MISTAKES = {
    "s_starts_at_one": variant(_ADAM_INIT, _ADAM_INIT_PARTS, s_init="np.ones(value.shape)"),
    "keys_without_d": variant(_ADAM_INIT, _ADAM_INIT_PARTS, prefix=""),
    "returns_only_v": variant(_ADAM_INIT, _ADAM_INIT_PARTS, result="v"),
    "forgets_the_biases": variant(_ADAM_INIT, _ADAM_INIT_PARTS, names='("W",)'),
    "transposed_shapes": variant(
        _ADAM_INIT,
        _ADAM_INIT_PARTS,
        v_init="np.zeros(value.T.shape)",
        s_init="np.zeros(value.T.shape)",
    ),
}

_ADAM = """def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    parameters = copy.deepcopy(parameters)
    v = {v_start}
    s = copy.deepcopy(s)
    v_corrected = {{}}
    s_corrected = {{}}
    for layer in range(1, L + 1):
        for p in ("W", "b"):
            key = "d" + p + str(layer)
            g = grads[key]
            v[key] = {v_new}
            s[key] = {s_new}
            v_corrected[key] = {v_hat}
            s_corrected[key] = {s_hat}
            parameters[p + str(layer)] = parameters[p + str(layer)] {sign} learning_rate * {step}
    return parameters, v, s, v_corrected, s_corrected
"""
_ADAM_PARTS = {
    "v_start": "copy.deepcopy(v)",
    "v_new": "beta1 * v[key] + (1 - beta1) * g",
    "s_new": "beta2 * s[key] + (1 - beta2) * g ** 2",
    "v_hat": "v[key] / (1 - beta1 ** t)",
    "s_hat": "s[key] / (1 - beta2 ** t)",
    "sign": "-",
    "step": "v_corrected[key] / (np.sqrt(s_corrected[key]) + epsilon)",
}


def _adam(**changes: str) -> str:
    return variant(_ADAM, _ADAM_PARTS, **changes)


UPDATE_PARAMETERS_WITH_ADAM_MISTAKES = {
    "no_bias_correction": _adam(v_hat="v[key]", s_hat="s[key]"),
    "t_minus_one_in_the_correction": _adam(
        v_hat="v[key] / (1 - beta1 ** (t - 1))", s_hat="s[key] / (1 - beta2 ** (t - 1))"
    ),
    "t_plus_one_in_the_correction": _adam(
        v_hat="v[key] / (1 - beta1 ** (t + 1))", s_hat="s[key] / (1 - beta2 ** (t + 1))"
    ),
    "beta_times_t_instead_of_beta_to_the_t": _adam(
        v_hat="v[key] / (1 - beta1 * t)", s_hat="s[key] / (1 - beta2 * t)"
    ),
    "epsilon_inside_the_square_root": _adam(
        step="v_corrected[key] / np.sqrt(s_corrected[key] + epsilon)"
    ),
    "v_and_s_swapped_in_the_step": _adam(
        step="s_corrected[key] / (np.sqrt(v_corrected[key]) + epsilon)"
    ),
    "beta1_in_the_second_moment": _adam(s_new="beta1 * s[key] + (1 - beta1) * g ** 2"),
    "gradient_not_squared": _adam(s_new="beta2 * s[key] + (1 - beta2) * g"),
    "steps_with_the_uncorrected_v": _adam(step="v[key] / (np.sqrt(s_corrected[key]) + epsilon)"),
    "plus_instead_of_minus": _adam(sign="+"),
    "changes_the_callers_v": _adam(v_start="v"),
}

_UPDATE_LR = """def update_lr(learning_rate0, epoch_num, decay_rate):
    return {formula}
"""

UPDATE_LR_MISTAKES = {
    "forgets_the_one": _UPDATE_LR.format(
        formula="learning_rate0 / (decay_rate * epoch_num) if epoch_num else learning_rate0"
    ),
    "operator_precedence": _UPDATE_LR.format(
        formula="learning_rate0 / 1 + decay_rate * epoch_num"
    ),
    "ignores_decay_rate": _UPDATE_LR.format(formula="learning_rate0 / (1 + epoch_num)"),
    "exponential_decay": _UPDATE_LR.format(
        formula="learning_rate0 * (1 - decay_rate / 2) ** epoch_num"
    ),
    "integer_division": _UPDATE_LR.format(
        formula="learning_rate0 // (1 + decay_rate * epoch_num)"
    ),
    "multiplies_instead_of_dividing": _UPDATE_LR.format(
        formula="learning_rate0 * (1 + decay_rate * epoch_num)"
    ),
}

_SCHEDULE = """def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * {steps})
"""

SCHEDULE_LR_DECAY_MISTAKES = {
    "decays_every_epoch": _SCHEDULE.format(steps="epoch_num"),
    "no_floor": _SCHEDULE.format(steps="epoch_num / time_interval"),
    "rounds_instead_of_floor": _SCHEDULE.format(steps="round(epoch_num / time_interval)"),
    "ceil_instead_of_floor": _SCHEDULE.format(steps="math.ceil(epoch_num / time_interval)"),
    "ignores_time_interval": _SCHEDULE.format(steps="math.floor(epoch_num / 1000)"),
    "integer_division_of_the_rate": _SCHEDULE.format(
        steps="math.floor(epoch_num / time_interval)"
    ).replace("learning_rate0 / (", "learning_rate0 // ("),
}


# --------------------------------------------------------------------------- the spec

EXERCISES = {
    "update_parameters_with_gd": ExerciseSpec(
        cases=update_parameters_with_gd_cases, mistakes=UPDATE_PARAMETERS_WITH_GD_MISTAKES
    ),
    "random_mini_batches": ExerciseSpec(
        cases=random_mini_batches_cases, mistakes=RANDOM_MINI_BATCHES_MISTAKES
    ),
    "initialize_velocity": ExerciseSpec(
        cases=initialize_velocity_cases, mistakes=INITIALIZE_VELOCITY_MISTAKES
    ),
    "update_parameters_with_momentum": ExerciseSpec(
        cases=update_parameters_with_momentum_cases,
        mistakes=UPDATE_PARAMETERS_WITH_MOMENTUM_MISTAKES,
    ),
    "initialize_adam": ExerciseSpec(
        cases=initialize_adam_cases, mistakes=INITIALIZE_ADAM_MISTAKES
    ),
    "update_parameters_with_adam": ExerciseSpec(
        cases=update_parameters_with_adam_cases, mistakes=UPDATE_PARAMETERS_WITH_ADAM_MISTAKES
    ),
    "update_lr": ExerciseSpec(cases=update_lr_cases, mistakes=UPDATE_LR_MISTAKES),
    "schedule_lr_decay": ExerciseSpec(
        cases=schedule_lr_decay_cases, mistakes=SCHEDULE_LR_DECAY_MISTAKES
    ),
}

"""Public tests of c5w2a2, "Emojify".

The cases use a tiny vocabulary written out below (2- and 3-d vectors), so every
expected average, index matrix and embedding row can be checked by hand. The two
Keras exercises are tested through probes built on `shared_utils.keras_checks`:

- `probe_embedding_layer` records the layer's class, its sizes, whether it is
  frozen, and the vector it returns for every index 0, 1, ..., vocabulary size;
- `probe_emojify_model` records the model's layer table (classes, output shapes,
  parameter counts, trainable flags, units, `return_sequences`, dropout rates,
  activations), its parameter counts, and its outputs on seeded word indices after
  every weight except the pretrained embedding's was set to fixed values.

The hidden grader uses the same probes on other vocabularies, sizes and sentences.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.frameworks import keras
from shared_utils.keras_checks import layer_table, with_fixed_weights
from shared_utils.testing import Case, public_test

# --------------------------------------------------------------------------- probes


def probe_embedding_layer(
    build: Any, word_to_vec_map: dict[str, np.ndarray], word_to_index: dict[str, int]
) -> dict[str, Any]:
    """Build the layer and record what matters: sizes, frozen or not, and every row.

    `rows[i]` is the layer's output for index i, for i = 0 .. vocabulary size
    (fewer when the layer has fewer rows).
    """
    keras.utils.set_random_seed(0)
    layer = build(word_to_vec_map, word_to_index)
    if not isinstance(layer, keras.layers.Embedding):
        return {"kind": type(layer).__name__}
    config = layer.get_config()
    n_rows = min(int(config["input_dim"]), len(word_to_index) + 1)
    rows = layer(np.arange(n_rows, dtype="int32").reshape(1, -1))
    return {
        "kind": "Embedding",
        "input_dim": int(config["input_dim"]),
        "output_dim": int(config["output_dim"]),
        "trainable": bool(layer.trainable),
        "trainable_weights": len(layer.trainable_weights),
        "rows": np.asarray(rows, dtype=np.float64)[0],
    }


def probe_emojify_model(
    build: Any,
    input_shape: tuple[int, ...],
    word_to_vec_map: dict[str, np.ndarray],
    word_to_index: dict[str, int],
) -> dict[str, Any]:
    """Build the model; record its layer table, parameter counts and seeded outputs.

    Every weight except the (frozen, pretrained) embedding's is set to fixed values
    (`keras_checks.with_fixed_weights`, one seed per layer), so the outputs depend on
    the architecture and on the pretrained vectors, not on any initialiser. The
    inputs are three rows of word indices drawn with a fixed seed.
    """
    keras.utils.set_random_seed(0)
    model = build(input_shape, word_to_vec_map, word_to_index)
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    table = layer_table(model)
    for seed, layer in enumerate(model.layers):
        if not isinstance(layer, keras.layers.Embedding):
            with_fixed_weights(layer, seed=seed)
    rng = np.random.default_rng(1)
    indices = rng.integers(0, len(word_to_index) + 1, size=(3, *input_shape)).astype("int32")
    outputs = model(indices, training=False)
    return {
        "kind": "keras.Model",
        "layers": table,
        "params": int(model.count_params()),
        "trainable_params": int(sum(int(np.prod(w.shape)) for w in model.trainable_weights)),
        "outputs": np.asarray(outputs, dtype=np.float64),
    }


# --------------------------------------------------------------------------- data

_VECTORS = {
    "i": np.array([1.0, 0.0, 2.0]),
    "love": np.array([3.0, 2.0, 0.0]),
    "you": np.array([2.0, 4.0, 1.0]),
    "pizza": np.array([0.0, 1.0, -1.0]),
    "hate": np.array([-2.0, 0.5, 1.0]),
    "rain": np.array([-1.0, -1.0, 0.5]),
}

_INDEX = {"i": 1, "love": 2, "you": 3, "pizza": 4, "so": 5, "much": 6}


# --------------------------------------------------------------------------- V1


@public_test(returns="avg")
def test_sentence_to_avg():
    """sentence_to_avg(sentence, word_to_vec_map) -> avg."""
    return [
        Case("'i love you'", args=("i love you", _VECTORS), expected=np.array([2.0, 2.0, 1.0])),
        Case(
            "'I LOVE Pizza': capitals",
            args=("I LOVE Pizza", _VECTORS),
            expected=np.array([4 / 3, 1.0, 1 / 3]),
        ),
        Case(
            "'i love lasagna': lasagna has no vector and is skipped",
            args=("i love lasagna", _VECTORS),
            expected=np.array([2.0, 1.0, 1.0]),
        ),
        Case(
            "no word has a vector",
            args=("nothing here is known", _VECTORS),
            expected=np.zeros(3),
        ),
    ]


# The initial W of model() with 2 classes and 3-d vectors: np.random.seed(1), then
# np.random.randn(2, 3) / sqrt(3) (the first six numbers of seed 1, to 8 decimals).
_SEED_1_DRAWS = [1.62434536, -0.61175641, -0.52817175, -1.07296862, 0.86540763, -2.3015387]
_W_START = np.array(_SEED_1_DRAWS).reshape(2, 3) / np.sqrt(3)

# One sentence of label 1 whose average is the zero vector: z = b, so W never moves
# (dW = dz avg^T = 0) and b takes two steps of size 0.1 against the gradient:
# step 1 from b = (0, 0): a = (0.5, 0.5), b = (-0.05, 0.05);
# step 2: a = (sigmoid(-0.1), sigmoid(0.1)), b = (-0.05, 0.05) + 0.1 * sigmoid(-0.1) * (-1, 1).
_B_AFTER_TWO = np.array([-0.05, 0.05]) + 0.1 / (1 + np.exp(0.1)) * np.array([-1.0, 1.0])


@public_test(returns=("W", "b"))
def test_model():
    """model(X, Y, word_to_vec_map, learning_rate, num_iterations) -> (W, b)."""
    return [
        Case(
            "one sentence without a known word, 2 classes, learning_rate 0.1, 2 epochs",
            args=(np.array(["zebras eat grass"]), np.array([1]), _VECTORS),
            kwargs={"learning_rate": 0.1, "num_iterations": 2},
            expected=(_W_START, _B_AFTER_TWO),
        ),
    ]


# --------------------------------------------------------------------------- V2


@public_test(returns="X_indices")
def test_sentences_to_indices():
    """sentences_to_indices(X, word_to_index, max_len) -> X_indices."""
    return [
        Case(
            "four sentences, max_len 4 (one is cut, one has an unknown word)",
            args=(
                np.array(["I love you", "love pizza so so much", "you", "i love lasagna"]),
                _INDEX,
                4,
            ),  # fmt: skip
            expected=np.array([[1, 2, 3, 0], [2, 4, 5, 5], [3, 0, 0, 0], [1, 2, 0, 0]]),
        ),
        Case(
            "one sentence, max_len 6",
            args=(np.array(["so much pizza"]), _INDEX, 6),
            expected=np.array([[5, 6, 4, 0, 0, 0]]),
        ),
    ]


_PETS = {
    "cat": np.array([0.5, -1.0]),
    "dog": np.array([0.25, 2.0]),
    "fish": np.array([-1.5, 0.75]),
}
_PET_INDEX = {"cat": 1, "dog": 2, "fish": 3}


@public_test(harness=probe_embedding_layer, returns="embedding_layer", rtol=1e-5, atol=1e-6)
def test_pretrained_embedding_layer():
    """pretrained_embedding_layer(word_to_vec_map, word_to_index) -> a frozen Embedding."""
    return [
        Case(
            "3 words with 2-d vectors",
            args=(_PETS, _PET_INDEX),
            expected={
                "kind": "Embedding",
                "input_dim": 4,
                "output_dim": 2,
                "trainable": False,
                "trainable_weights": 0,
                "rows": np.array([[0.0, 0.0], [0.5, -1.0], [0.25, 2.0], [-1.5, 0.75]]),
            },
        ),
    ]


def _lstm(output_shape: tuple[int, ...], params: int, sequences: bool) -> dict[str, Any]:
    return {"class": "LSTM", "output_shape": output_shape, "params": params, "trainable": True,
            "activation": "tanh", "units": 128, "return_sequences": sequences,
            "return_state": False, "use_bias": True}  # fmt: skip


def _dropout(output_shape: tuple[int, ...]) -> dict[str, Any]:
    return {"class": "Dropout", "output_shape": output_shape, "params": 0, "trainable": True,
            "rate": 0.5}  # fmt: skip


# The layer table of Emojify_V2((5,), _PETS, _PET_INDEX): 4 x 2 frozen embedding
# weights, LSTMs of 4 (128 (n_in + 128) + 128) parameters, Dense 128 x 5 + 5.
_V2_LAYERS = [
    {"class": "InputLayer", "output_shape": (-1, 5), "params": 0, "trainable": True},
    {"class": "Embedding", "output_shape": (-1, 5, 2), "params": 8, "trainable": False,
     "output_dim": 2, "input_dim": 4},
    _lstm((-1, 5, 128), 67_072, True),
    _dropout((-1, 5, 128)),
    _lstm((-1, 128), 131_584, False),
    _dropout((-1, 128)),
    {"class": "Dense", "output_shape": (-1, 5), "params": 645, "trainable": True,
     "activation": "linear", "units": 5, "use_bias": True},
    {"class": "Activation", "output_shape": (-1, 5), "params": 0, "trainable": True,
     "activation": "softmax"},
]  # fmt: skip

# The model's outputs on the probe's three seeded rows of indices (one row of 5
# probabilities per sentence), every non-embedding weight fixed by the probe.
_V2_OUTPUTS = np.array([
    [0.20478180, 0.22847551, 0.20088756, 0.18533461, 0.18052053],
    [0.20175192, 0.23107715, 0.19920374, 0.18225800, 0.18570919],
    [0.20425448, 0.23147731, 0.19799912, 0.17985538, 0.18641368],
])  # fmt: skip


@public_test(harness=probe_emojify_model, returns="model", rtol=1e-4, atol=1e-6)
def test_Emojify_V2():
    """Emojify_V2(input_shape, word_to_vec_map, word_to_index) -> keras.Model."""
    return [
        Case(
            "3 words with 2-d vectors, sentences of 5 words",
            args=((5,), _PETS, _PET_INDEX),
            expected={
                "kind": "keras.Model",
                "layers": _V2_LAYERS,
                "params": 199_309,  # 8 frozen (4 x 2) + 67,072 + 131,584 + 645
                "trainable_params": 199_301,
                "outputs": _V2_OUTPUTS,
            },
        ),
    ]

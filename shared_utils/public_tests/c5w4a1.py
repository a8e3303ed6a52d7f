"""Public tests of c5w4a1, "The Transformer".

`get_angles` is compared by value. The other exercises return TensorFlow
objects or are Keras layers, so each test calls the learner's code through a
*probe* below that records plain numpy values:

- `probe_tensor`: the values returned, and what kind of object they are
  (`positional_encoding` must return a float32 `tf.Tensor`);
- the layer probes (`probe_encoder_layer`, ..., `probe_transformer`) build the
  learner's class with small sizes, call it once on the case's inputs to create
  its weights, set every weight to seeded values
  (`shared_utils.keras_checks.with_fixed_weights`), and record the shapes of the
  weights, the outputs with `training=False`, and the outputs with
  `training=True` (dropout active, with Keras's random generator seeded before
  the layer is built, so the dropout masks are the same on every run).

Inputs are drawn from seeded generators below; the expected outputs were written
out by running the reference solutions. The hidden grader calls the same probes
on other sizes, sequence lengths, masks and dropout rates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from shared_utils.frameworks import keras, tf
from shared_utils.keras_checks import build_eagerly, with_fixed_weights
from shared_utils.testing import Case, public_test

# --------------------------------------------------------------------------- probes


def kind(value: Any) -> str:
    """Short name of what a function returned: 'tf.Tensor', 'numpy array', 'tuple'..."""
    if isinstance(value, tf.Variable):
        return "tf.Variable"
    if tf.is_tensor(value):
        return "tf.Tensor"
    if isinstance(value, np.ndarray):
        return "numpy array"
    return type(value).__name__


def as_numpy(value: Any) -> Any:
    """Tensors (also inside tuples, lists and dicts) as float64 numpy arrays."""
    if isinstance(value, Mapping):
        return {str(key): as_numpy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(as_numpy(item) for item in value)
    if value is None or isinstance(value, (str, bool)):
        return value
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return kind(value)


def dtype_name(value: Any) -> str:
    """'float32', 'float64', ... of a tensor or array ('' for anything else)."""
    return str(getattr(getattr(value, "dtype", None), "name", ""))


def probe_positional_encoding(
    function: Callable[..., Any], positions: int, d: int
) -> dict[str, Any]:
    """Call positional_encoding; record its values, the kind of object and its dtype."""
    result = function(positions, d)
    return {"values": as_numpy(result), "type": kind(result), "dtype": dtype_name(result)}


def probe_attention(
    function: Callable[..., Any], q: Any, k: Any, v: Any, mask: Any
) -> dict[str, Any]:
    """Call scaled_dot_product_attention; record both outputs and the kind of objects."""
    result = function(q, k, v, mask)
    if not isinstance(result, tuple) or len(result) != 2:
        return {"returned": f"not a pair: {kind(result)}"}
    output, weights = result
    return {
        "output": as_numpy(output),
        "attention_weights": as_numpy(weights),
        "types": (kind(output), kind(weights)),
    }


def _run_layer(
    cls: type, config: Mapping[str, Any], call: Callable[[Any, bool], Any]
) -> dict[str, Any]:
    """Build `cls(**config)`, fix its weights, record outputs without and with dropout."""
    keras.utils.set_random_seed(0)
    layer = build_eagerly(cls(**config))
    call(layer, False)  # creates the weights
    with_fixed_weights(layer, seed=1)
    return {
        "weight shapes": tuple(tuple(int(d) for d in w.shape) for w in layer.weights),
        "outputs, training=False": as_numpy(call(layer, False)),
        "outputs, training=True": as_numpy(call(layer, True)),
    }


def probe_encoder_layer(
    cls: type, config: Mapping[str, Any], x: np.ndarray, mask: np.ndarray | None
) -> dict[str, Any]:
    """EncoderLayer(**config) called as layer(x, training=..., mask=mask)."""
    return _run_layer(cls, config, lambda layer, training: layer(x, training=training, mask=mask))


def probe_encoder(
    cls: type, config: Mapping[str, Any], x: np.ndarray, mask: np.ndarray | None
) -> dict[str, Any]:
    """Encoder(**config) called on token ids as encoder(x, training=..., mask=mask)."""
    return _run_layer(cls, config, lambda layer, training: layer(x, training=training, mask=mask))


def probe_decoder_layer(
    cls: type,
    config: Mapping[str, Any],
    x: np.ndarray,
    enc_output: np.ndarray,
    look_ahead_mask: np.ndarray | None,
    padding_mask: np.ndarray | None,
) -> dict[str, Any]:
    """DecoderLayer(**config) called as layer(x, enc_output, training=..., both masks)."""
    return _run_layer(
        cls,
        config,
        lambda layer, training: layer(
            x,
            enc_output,
            training=training,
            look_ahead_mask=look_ahead_mask,
            padding_mask=padding_mask,
        ),
    )


def probe_decoder(
    cls: type,
    config: Mapping[str, Any],
    x: np.ndarray,
    enc_output: np.ndarray,
    look_ahead_mask: np.ndarray | None,
    padding_mask: np.ndarray | None,
) -> dict[str, Any]:
    """Decoder(**config) called on target ids as decoder(x, enc_output, training=..., masks)."""
    return probe_decoder_layer(cls, config, x, enc_output, look_ahead_mask, padding_mask)


def probe_transformer(
    cls: type,
    config: Mapping[str, Any],
    input_sentence: np.ndarray,
    output_sentence: np.ndarray,
    enc_padding_mask: np.ndarray | None,
    look_ahead_mask: np.ndarray | None,
    dec_padding_mask: np.ndarray | None,
) -> dict[str, Any]:
    """Transformer(**config) called on ids, with the three masks, with and without dropout."""
    return _run_layer(
        cls,
        config,
        lambda model, training: model(
            input_sentence,
            output_sentence,
            training=training,
            enc_padding_mask=enc_padding_mask,
            look_ahead_mask=look_ahead_mask,
            dec_padding_mask=dec_padding_mask,
        ),
    )


# --------------------------------------------------------------------------- inputs


def padding_mask(ids: np.ndarray) -> np.ndarray:
    """float32 (m, 1, n): 1 for a token, 0 for padding (id 0), as create_padding_mask gives."""
    return (np.asarray(ids) != 0).astype(np.float32)[:, np.newaxis, :]


def look_ahead_mask(n: int) -> np.ndarray:
    """float32 (1, n, n) with ones on and below the diagonal, as create_look_ahead_mask gives."""
    return np.tril(np.ones((n, n), dtype=np.float32))[np.newaxis]


def _normal(seed: int, *shape: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


_LAYER = {"embedding_dim": 4, "num_heads": 2, "fully_connected_dim": 8, "dropout_rate": 0.5}
# Two sentences of 3 and 4 tokens: the first is padded.
_IDS = np.array([[3, 1, 4, 0], [2, 7, 1, 8]])
_TARGET_IDS = np.array([[9, 2, 6], [9, 5, 3]])
_STACK = {"num_layers": 2, **_LAYER}


# --------------------------------------------------------------------------- tests


@public_test(returns="angles", rtol=1e-6)
def test_get_angles() -> list[Case]:
    """get_angles(pos, k, d) -> angles (positions, d)."""
    return [
        Case(
            "4 positions, d = 6",
            args=(np.arange(4)[:, np.newaxis], np.arange(6)[np.newaxis, :], 6),
            expected=_EXPECTED["get_angles"][0],
        ),
        Case(
            "positions 0 and 10, d = 5",
            args=(np.array([[0], [10]]), np.arange(5)[np.newaxis, :], 5),
            expected=_EXPECTED["get_angles"][1],
        ),
    ]


@public_test(
    returns="positional_encoding", harness=probe_positional_encoding, rtol=1e-5, atol=1e-6
)
def test_positional_encoding() -> list[Case]:
    """positional_encoding(positions, d) -> float32 tf.Tensor (1, positions, d)."""
    return [
        Case("3 positions, d = 4", args=(3, 4), expected=_EXPECTED["positional_encoding"][0]),
        Case("5 positions, d = 6", args=(5, 6), expected=_EXPECTED["positional_encoding"][1]),
    ]


@public_test(returns="scaled_dot_product_attention", harness=probe_attention, rtol=1e-5, atol=1e-6)
def test_scaled_dot_product_attention() -> list[Case]:
    """scaled_dot_product_attention(q, k, v, mask) -> (output, attention_weights)."""
    q, k, v = _normal(1, 2, 3, 4), _normal(2, 2, 5, 4), _normal(3, 2, 5, 2)
    mask = padding_mask(np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]]))
    expected = _EXPECTED["scaled_dot_product_attention"]
    return [
        Case("3 queries, 5 keys, no mask", args=(q, k, v, None), expected=expected[0]),
        Case(
            "padding mask: the first example's last 2 keys are padding",
            args=(q, k, v, mask),
            expected=expected[1],
        ),
        Case(
            "look-ahead mask, q = k = v", args=(k, k, k, look_ahead_mask(5)), expected=expected[2]
        ),
    ]


@public_test(returns="EncoderLayer", harness=probe_encoder_layer, rtol=1e-4, atol=1e-5)
def test_EncoderLayer() -> list[Case]:  # noqa: N802 - named after the class
    """EncoderLayer(**config)(x, training=..., mask=mask), through probe_encoder_layer."""
    x = _normal(4, 2, 4, 4)
    return [
        Case(
            "embedding_dim 4, 2 heads, padding mask",
            args=(_LAYER, x, padding_mask(_IDS)),
            expected=_EXPECTED["EncoderLayer"][0],
        ),
        Case("no mask", args=(_LAYER, x, None), expected=_EXPECTED["EncoderLayer"][1]),
    ]


@public_test(returns="Encoder", harness=probe_encoder, rtol=1e-4, atol=1e-5)
def test_Encoder() -> list[Case]:  # noqa: N802 - named after the class
    """Encoder(**config)(x, training=..., mask=mask), through probe_encoder."""
    config = {**_STACK, "input_vocab_size": 10, "maximum_position_encoding": 6}
    return [
        Case(
            "2 layers, vocabulary 10, padding mask",
            args=(config, _IDS, padding_mask(_IDS)),
            expected=_EXPECTED["Encoder"][0],
        ),
    ]


@public_test(returns="DecoderLayer", harness=probe_decoder_layer, rtol=1e-4, atol=1e-5)
def test_DecoderLayer() -> list[Case]:  # noqa: N802 - named after the class
    """DecoderLayer(**config)(x, enc_output, training=..., masks), through probe_decoder_layer."""
    x, enc_output = _normal(5, 2, 3, 4), _normal(6, 2, 4, 4)
    return [
        Case(
            "3 target positions, 4 input positions, both masks",
            args=(_LAYER, x, enc_output, look_ahead_mask(3), padding_mask(_IDS)),
            expected=_EXPECTED["DecoderLayer"][0],
        ),
    ]


@public_test(returns="Decoder", harness=probe_decoder, rtol=1e-4, atol=1e-5)
def test_Decoder() -> list[Case]:  # noqa: N802 - named after the class
    """Decoder(**config)(x, enc_output, training=..., masks), through probe_decoder."""
    config = {**_STACK, "target_vocab_size": 10, "maximum_position_encoding": 5}
    enc_output = _normal(7, 2, 4, 4)
    return [
        Case(
            "2 layers, 3 target positions, 4 input positions",
            args=(config, _TARGET_IDS, enc_output, look_ahead_mask(3), padding_mask(_IDS)),
            expected=_EXPECTED["Decoder"][0],
        ),
    ]


@public_test(returns="Transformer", harness=probe_transformer, rtol=1e-4, atol=1e-5)
def test_Transformer() -> list[Case]:  # noqa: N802 - named after the class
    """Transformer(**config)(input, output, training=..., masks), through probe_transformer."""
    config = {
        **_STACK,
        "input_vocab_size": 10,
        "target_vocab_size": 11,
        "max_positional_encoding_input": 6,
        "max_positional_encoding_target": 5,
    }
    mask = padding_mask(_IDS)
    return [
        Case(
            "2 layers, vocabularies 10 and 11",
            args=(config, _IDS, _TARGET_IDS, mask, look_ahead_mask(3), mask),
            expected=_EXPECTED["Transformer"][0],
        ),
    ]


# --------------------------------------------------------------------------- expected
# Expected outputs of the cases above (written out by running the reference solutions).

_EXPECTED: dict[str, list[Any]] = {  # EXPECTED-BEGIN
    "get_angles": [
        np.array(
            [
                [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                [1.0, 1.0, 0.04641588834, 0.04641588834, 0.00215443469, 0.00215443469],
                [2.0, 2.0, 0.09283177667, 0.09283177667, 0.00430886938, 0.00430886938],
                [3.0, 3.0, 0.139247665, 0.139247665, 0.00646330407, 0.00646330407],
            ],
            dtype=np.float64,
        ),
        np.array(
            [[0.0, 0.0, 0.0, 0.0, 0.0], [10.0, 10.0, 0.2511886432, 0.2511886432, 0.006309573445]],
            dtype=np.float64,
        ),
    ],
    "positional_encoding": [
        {
            "values": np.array(
                [
                    [
                        [0.0, 1.0, 0.0, 1.0],
                        [0.8414709568, 0.5403022766, 0.00999983307, 0.9999499917],
                        [0.9092974067, -0.4161468446, 0.0199986659, 0.9998000264],
                    ]
                ],
                dtype=np.float64,
            ),
            "type": "tf.Tensor",
            "dtype": "float32",
        },
        {
            "values": np.array(
                [
                    [
                        [0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
                        [
                            0.8414709568,
                            0.5403022766,
                            0.04639922455,
                            0.9989230037,
                            0.002154432936,
                            0.9999976754,
                        ],
                        [
                            0.9092974067,
                            -0.4161468446,
                            0.09269849956,
                            0.9956942201,
                            0.004308856092,
                            0.9999907017,
                        ],
                        [
                            0.1411200017,
                            -0.9899924994,
                            0.1387981027,
                            0.9903206825,
                            0.006463258993,
                            0.9999791384,
                        ],
                        [
                            -0.7568024993,
                            -0.6536436081,
                            0.184598729,
                            0.9828139544,
                            0.008617632091,
                            0.9999628663,
                        ],
                    ]
                ],
                dtype=np.float64,
            ),
            "type": "tf.Tensor",
            "dtype": "float32",
        },
    ],
    "scaled_dot_product_attention": [
        {
            "output": np.array(
                [
                    [
                        [0.5610864162, -0.6633137465],
                        [0.06865267456, -0.1721843183],
                        [-0.1813029349, -0.02919375896],
                    ],
                    [
                        [-0.09639157355, -0.3483450413],
                        [0.2093706876, -0.3235310316],
                        [-0.2278835177, -0.4063707292],
                    ],
                ],
                dtype=np.float64,
            ),
            "attention_weights": np.array(
                [
                    [
                        [0.4431322515, 0.1449569017, 0.1395368874, 0.09100848436, 0.1813655049],
                        [0.07980339229, 0.5966942906, 0.1056520939, 0.09299372882, 0.124856405],
                        [0.09724790603, 0.4018873274, 0.1797834784, 0.1633429974, 0.1577382237],
                    ],
                    [
                        [0.1546098143, 0.1040490866, 0.3716433942, 0.134452492, 0.2352452874],
                        [0.1866817921, 0.1093156189, 0.1929427385, 0.1847758591, 0.3262839615],
                        [0.2200563699, 0.2191664428, 0.3320933878, 0.1776661575, 0.05101762712],
                    ],
                ],
                dtype=np.float64,
            ),
            "types": ("tf.Tensor", "tf.Tensor"),
        },
        {
            "output": np.array(
                [
                    [
                        [1.239430666, -1.710883617],
                        [0.4660565853, -0.7230250239],
                        [0.4199691117, -0.7592562437],
                    ],
                    [
                        [-0.09639157355, -0.3483450413],
                        [0.2093706876, -0.3235310316],
                        [-0.2278835177, -0.4063707292],
                    ],
                ],
                dtype=np.float64,
            ),
            "attention_weights": np.array(
                [
                    [
                        [0.6090109944, 0.1992189586, 0.1917700619, 0.0, 0.0],
                        [0.1020308211, 0.7628899813, 0.1350790858, 0.0, 0.0],
                        [0.1432393938, 0.5919520259, 0.2648085356, 0.0, 0.0],
                    ],
                    [
                        [0.1546098143, 0.1040490866, 0.3716433942, 0.134452492, 0.2352452874],
                        [0.1866817921, 0.1093156189, 0.1929427385, 0.1847758591, 0.3262839615],
                        [0.2200563699, 0.2191664428, 0.3320933878, 0.1776661575, 0.05101762712],
                    ],
                ],
                dtype=np.float64,
            ),
            "types": ("tf.Tensor", "tf.Tensor"),
        },
        {
            "output": np.array(
                [
                    [
                        [0.1890533715, -0.5227484107, -0.4130635262, -2.441467047],
                        [1.758211851, 1.101220846, -0.3276807368, 0.6909707785],
                        [0.5078240633, -0.2549430132, 0.2847582698, -0.8489767909],
                        [0.1860694438, -0.4758016169, 0.328004539, -0.6908214688],
                        [0.3540776074, -0.439552635, 0.06730900705, -1.140215397],
                    ],
                    [
                        [0.8414649367, 0.1880350709, 0.330570966, 0.4105038941],
                        [-0.9927349091, 0.7773901224, 2.039907217, -1.618505716],
                        [-1.58667767, -1.188729644, 0.9793085456, -0.08156469464],
                        [0.5656436682, 0.439504385, 0.54441154, 0.04751057923],
                        [-0.01036150008, 0.59823066, -0.2172122598, -0.2943526804],
                    ],
                ],
                dtype=np.float64,
            ),
            "attention_weights": np.array(
                [
                    [
                        [0.9999999404, 0.0, 0.0, 0.0, 0.0],
                        [0.02576322854, 0.9742367864, 0.0, 0.0, 0.0],
                        [0.3390853703, 0.169814378, 0.4911001921, 0.0, 0.0],
                        [0.2570748031, 0.08865903318, 0.316451937, 0.3378142715, 0.0],
                        [0.3850078285, 0.08626648039, 0.1682298183, 0.134818092, 0.2256777436],
                    ],
                    [
                        [0.9999999404, 0.0, 0.0, 0.0, 0.0],
                        [0.009730249643, 0.9902697802, 0.0, 0.0, 0.0],
                        [0.02130671404, 0.1223910451, 0.8563022017, 0.0, 0.0],
                        [0.346786201, 0.1419914961, 0.04769594222, 0.4635263085, 0.0],
                        [0.1299530715, 0.1144324243, 0.06163035333, 0.1765449792, 0.5174391866],
                    ],
                ],
                dtype=np.float64,
            ),
            "types": ("tf.Tensor", "tf.Tensor"),
        },
    ],
    "EncoderLayer": [
        {
            "weight shapes": (
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
            ),
            "outputs, training=False": np.array(
                [
                    [
                        [-0.01806227863, -0.06588470936, -0.3652883768, -0.189147383],
                        [0.05495616794, -0.186452955, -0.06442947686, -0.1823149621],
                        [0.1449915618, -0.1396372765, -0.2329477966, -0.1667751074],
                        [-0.0409886241, -0.1552418619, 0.1533618271, -0.131755501],
                    ],
                    [
                        [-0.004172705114, -0.1784468591, -0.1237174273, -0.2065409124],
                        [-0.020005472, -0.0555235371, -0.3654773235, -0.1823205203],
                        [-0.0796855092, -0.05667491257, -0.3546350002, -0.1960384846],
                        [-0.0847761333, -0.01409900188, -0.3101015091, -0.1561356634],
                    ],
                ],
                dtype=np.float64,
            ),
            "outputs, training=True": np.array(
                [
                    [
                        [-0.1316248626, -0.0339217633, -0.3322913647, -0.1878971159],
                        [0.06962391734, -0.1846303046, -0.01082201302, -0.1640666276],
                        [0.1397035122, -0.1453973651, -0.2238286585, -0.1700225919],
                        [-0.1734103411, -0.1501761079, 0.1835116595, -0.1552743167],
                    ],
                    [
                        [-0.08067026734, -0.1682543755, -0.1253816485, -0.2196248323],
                        [-0.2190374136, -0.01195694506, -0.251403451, -0.1752251834],
                        [-0.1874797195, -0.02765796334, -0.2971587181, -0.1893885434],
                        [-0.003296822309, -0.02004952729, -0.2432572395, -0.1227705777],
                    ],
                ],
                dtype=np.float64,
            ),
        },
        {
            "weight shapes": (
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
            ),
            "outputs, training=False": np.array(
                [
                    [
                        [-0.01695486903, -0.06691093743, -0.3651217222, -0.1895488948],
                        [0.05275774747, -0.1867080033, -0.06297248602, -0.1827127337],
                        [0.14383398, -0.1424257308, -0.2269378304, -0.1675910652],
                        [-0.0407884568, -0.1560323685, 0.1528638303, -0.1323883086],
                    ],
                    [
                        [-0.004172705114, -0.1784468591, -0.1237174273, -0.2065409124],
                        [-0.020005472, -0.0555235371, -0.3654773235, -0.1823205203],
                        [-0.0796855092, -0.05667491257, -0.3546350002, -0.1960384846],
                        [-0.0847761333, -0.01409900188, -0.3101015091, -0.1561356634],
                    ],
                ],
                dtype=np.float64,
            ),
            "outputs, training=True": np.array(
                [
                    [
                        [-0.1317178905, -0.03387515247, -0.3322255611, -0.1878720522],
                        [0.06977598369, -0.1847205162, -0.01249101013, -0.1644999683],
                        [0.1390013844, -0.1453814805, -0.2247701287, -0.1704247892],
                        [-0.1728343666, -0.1505948901, 0.1830476224, -0.1555361152],
                    ],
                    [
                        [-0.08067026734, -0.1682543755, -0.1253816485, -0.2196248323],
                        [-0.2190374136, -0.01195694506, -0.251403451, -0.1752251834],
                        [-0.1874797195, -0.02765796334, -0.2971587181, -0.1893885434],
                        [-0.003296822309, -0.02004952729, -0.2432572395, -0.1227705777],
                    ],
                ],
                dtype=np.float64,
            ),
        },
    ],
    "Encoder": [
        {
            "weight shapes": (
                (10, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
            ),
            "outputs, training=False": np.array(
                [
                    [
                        [0.05690335855, -0.0920201242, 0.03647902608, 0.1695654541],
                        [0.05939571559, -0.08426771313, 0.03544771299, 0.1675704718],
                        [0.06158396602, -0.07686268538, 0.03313330561, 0.164593935],
                        [0.06108577922, -0.07884764671, 0.03402910009, 0.1656737775],
                    ],
                    [
                        [0.05838909745, -0.08763469011, 0.03614484519, 0.1686869413],
                        [0.05662437156, -0.09265998751, 0.03639486432, 0.1695333123],
                        [0.06250238419, -0.07379224151, 0.03184908628, 0.1631701589],
                        [0.06178594381, -0.07642511278, 0.03310278431, 0.1645746082],
                    ],
                ],
                dtype=np.float64,
            ),
            "outputs, training=True": np.array(
                [
                    [
                        [0.04922484607, -0.09749281406, 0.01979643106, 0.1527372301],
                        [0.09707289934, -0.02291840315, -0.007469248027, 0.152252838],
                        [0.04606904089, -0.125187397, 0.03095629066, 0.171665892],
                        [0.04060138017, -0.12231379, 0.005601428449, 0.1473684013],
                    ],
                    [
                        [0.08604455739, -0.04731683433, 0.03112138063, 0.1767247766],
                        [0.07443842292, -0.07523159683, 0.04430422187, 0.1865794808],
                        [0.07552580535, -0.06832344085, 0.04166325927, 0.1823191643],
                        [0.09634263813, -0.02870237827, 0.01023228094, 0.1657451391],
                    ],
                ],
                dtype=np.float64,
            ),
        }
    ],
    "DecoderLayer": [
        {
            "weight shapes": (
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
            ),
            "outputs, training=False": (
                np.array(
                    [
                        [
                            [-0.03577113897, -0.15564996, 0.1360087544, -0.1594016999],
                            [-0.07010842115, -0.1685634404, 0.1273633242, -0.1565525383],
                            [0.05847470462, -0.1387651712, 0.2223596126, -0.1552664489],
                        ],
                        [
                            [0.06770978868, -0.1348547786, 0.24410142, -0.1514134407],
                            [-0.0818939507, -0.2082777023, 0.1529939771, -0.1540650576],
                            [0.06541834772, -0.1369114816, 0.2391547263, -0.1524244696],
                        ],
                    ],
                    dtype=np.float64,
                ),
                np.array(
                    [
                        [
                            [
                                [0.9999999404, 0.0, 0.0],
                                [0.4908795059, 0.5091204643, 0.0],
                                [0.3366625011, 0.3263053, 0.3370322287],
                            ],
                            [
                                [0.9999999404, 0.0, 0.0],
                                [0.497995019, 0.5020049214, 0.0],
                                [0.3292025626, 0.3299036622, 0.3408938646],
                            ],
                        ],
                        [
                            [
                                [0.9999999404, 0.0, 0.0],
                                [0.5251380801, 0.4748619795, 0.0],
                                [0.3383363187, 0.3277986348, 0.3338650465],
                            ],
                            [
                                [1.0, 0.0, 0.0],
                                [0.5199519396, 0.4800480902, 0.0],
                                [0.3422935307, 0.3219408989, 0.3357655704],
                            ],
                        ],
                    ],
                    dtype=np.float64,
                ),
                np.array(
                    [
                        [
                            [
                                [0.3308158517, 0.3273083568, 0.3418757915, 0.0],
                                [0.3323749602, 0.3269408643, 0.3406841159, 0.0],
                                [0.3323557079, 0.3279916346, 0.3396527171, 0.0],
                            ],
                            [
                                [0.3348693848, 0.3398309946, 0.3252996206, 0.0],
                                [0.3396777809, 0.3363912404, 0.3239309788, 0.0],
                                [0.3419817686, 0.3346484005, 0.3233698308, 0.0],
                            ],
                        ],
                        [
                            [
                                [0.2471632063, 0.2508291304, 0.2547092736, 0.2472983748],
                                [0.2437470853, 0.2520060539, 0.2583553195, 0.2458914965],
                                [0.2470027208, 0.250939548, 0.2548103333, 0.2472473681],
                            ],
                            [
                                [0.256300658, 0.2516543269, 0.2459254563, 0.2461194992],
                                [0.2509371638, 0.2543918192, 0.2501944304, 0.244476676],
                                [0.2558618784, 0.2517847121, 0.2462520152, 0.2461014092],
                            ],
                        ],
                    ],
                    dtype=np.float64,
                ),
            ),
            "outputs, training=True": (
                np.array(
                    [
                        [
                            [0.05837135017, -0.09782066941, 0.1827675998, -0.1585002393],
                            [0.09243935347, -0.08059558272, 0.2487953901, -0.1471997947],
                            [-0.006224781275, -0.204863593, 0.2044371367, -0.1564355642],
                        ],
                        [
                            [0.08016048372, -0.09384530783, 0.2178737968, -0.1539814323],
                            [-0.1767670363, -0.1731533557, 0.1469328105, -0.1315776706],
                            [-0.002633027732, -0.1921042949, 0.1928221583, -0.1579893082],
                        ],
                    ],
                    dtype=np.float64,
                ),
                np.array(
                    [
                        [
                            [
                                [0.9999999404, 0.0, 0.0],
                                [0.4908795059, 0.5091204643, 0.0],
                                [0.3366625011, 0.3263053, 0.3370322287],
                            ],
                            [
                                [0.9999999404, 0.0, 0.0],
                                [0.497995019, 0.5020049214, 0.0],
                                [0.3292025626, 0.3299036622, 0.3408938646],
                            ],
                        ],
                        [
                            [
                                [0.9999999404, 0.0, 0.0],
                                [0.5251380801, 0.4748619795, 0.0],
                                [0.3383363187, 0.3277986348, 0.3338650465],
                            ],
                            [
                                [1.0, 0.0, 0.0],
                                [0.5199519396, 0.4800480902, 0.0],
                                [0.3422935307, 0.3219408989, 0.3357655704],
                            ],
                        ],
                    ],
                    dtype=np.float64,
                ),
                np.array(
                    [
                        [
                            [
                                [0.3308261335, 0.3272615373, 0.3419123888, 0.0],
                                [0.3323822916, 0.326952219, 0.3406655192, 0.0],
                                [0.3323528767, 0.3280016482, 0.339645505, 0.0],
                            ],
                            [
                                [0.3348074853, 0.3398805559, 0.3253119588, 0.0],
                                [0.3397648036, 0.3363326192, 0.3239025176, 0.0],
                                [0.3419886529, 0.334641844, 0.323369503, 0.0],
                            ],
                        ],
                        [
                            [
                                [0.2471302152, 0.2508436143, 0.2547405958, 0.2472855747],
                                [0.2439221591, 0.2519266903, 0.2581914067, 0.2459596992],
                                [0.2469726354, 0.2509539723, 0.2548374236, 0.2472360134],
                            ],
                            [
                                [0.2562744915, 0.2516731918, 0.2459475547, 0.2461047471],
                                [0.2511533201, 0.2542774677, 0.2500196397, 0.2445495576],
                                [0.2558355629, 0.2518015504, 0.2462737262, 0.2460890561],
                            ],
                        ],
                    ],
                    dtype=np.float64,
                ),
            ),
        }
    ],
    "Decoder": [
        {
            "weight shapes": (
                (10, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
            ),
            "outputs, training=False": (
                np.array(
                    [
                        [
                            [-0.1605300307, -0.2784205377, -0.05060415715, 0.07520878315],
                            [-0.1583407223, -0.2918172777, -0.04768333584, 0.0588195622],
                            [-0.1591206044, -0.2873906791, -0.04869677871, 0.06478267908],
                        ],
                        [
                            [-0.1622714847, -0.2759203911, -0.04769776389, 0.0574888587],
                            [-0.1588405967, -0.2924385369, -0.04347779602, 0.03024050593],
                            [-0.1589506269, -0.2920079827, -0.04358776659, 0.03102096915],
                        ],
                    ],
                    dtype=np.float64,
                ),
                {
                    "decoder_layer1_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4932908118, 0.5067091584, 0.0],
                                    [0.3258702457, 0.3360957801, 0.338034004],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4999458194, 0.5000541806, 0.0],
                                    [0.3289062977, 0.3341276944, 0.3369660676],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4888104498, 0.51118958, 0.0],
                                    [0.3236600757, 0.3413862884, 0.3349536359],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.5054446459, 0.4945553243, 0.0],
                                    [0.3316654265, 0.3285785913, 0.3397559524],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer1_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3363269866, 0.329167068, 0.3345059454, 0.0],
                                    [0.3351077139, 0.3305257857, 0.3343664706, 0.0],
                                    [0.3348798156, 0.3307197094, 0.3344004154, 0.0],
                                ],
                                [
                                    [0.3432507515, 0.3261366487, 0.3306126595, 0.0],
                                    [0.3366042376, 0.3319488764, 0.3314469755, 0.0],
                                    [0.3362404108, 0.3323108256, 0.331448704, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2538856268, 0.2569376826, 0.2425836325, 0.2465930879],
                                    [0.2525319755, 0.2560687959, 0.243843019, 0.2475561649],
                                    [0.2522604465, 0.2559186518, 0.2440703809, 0.2477505356],
                                ],
                                [
                                    [0.2577311099, 0.2461679876, 0.2507553697, 0.2453455925],
                                    [0.2553218007, 0.2479107678, 0.251060605, 0.2457068861],
                                    [0.2548414171, 0.2482686788, 0.2511737347, 0.2457162142],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5000087619, 0.4999912381, 0.0],
                                    [0.3333511353, 0.3333390057, 0.3333098888],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4999652207, 0.5000347495, 0.0],
                                    [0.3333110809, 0.3333583474, 0.3333306015],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4999751449, 0.5000247955, 0.0],
                                    [0.3333142102, 0.3333472013, 0.3333385885],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.4999390841, 0.5000609159, 0.0],
                                    [0.3332805037, 0.3333624899, 0.3333569467],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3373279274, 0.3278264105, 0.3348456919, 0.0],
                                    [0.3372881711, 0.327860713, 0.3348510861, 0.0],
                                    [0.3372926116, 0.3278550506, 0.334852308, 0.0],
                                ],
                                [
                                    [0.325971365, 0.3375309706, 0.3364976645, 0.0],
                                    [0.3260218203, 0.3374773264, 0.3365009129, 0.0],
                                    [0.3259999752, 0.3374969661, 0.3365030587, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2481945008, 0.2474791259, 0.2492452115, 0.255081147],
                                    [0.2482719868, 0.2474515885, 0.249260366, 0.2550160587],
                                    [0.2482692599, 0.2474503219, 0.2492613792, 0.2550189793],
                                ],
                                [
                                    [0.2503058016, 0.2505508065, 0.2488222569, 0.25032112],
                                    [0.2502780855, 0.2509169877, 0.2485422343, 0.2502627075],
                                    [0.2502782345, 0.2509084046, 0.2485491633, 0.2502641976],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                },
            ),
            "outputs, training=True": (
                np.array(
                    [
                        [
                            [-0.1255628616, -0.3900884986, -0.04530066997, 0.02123638988],
                            [-0.1665423512, -0.06737673283, -0.03154549003, -0.2415356338],
                            [-0.1217983589, -0.3816817403, -0.03564828262, -0.07033905387],
                        ],
                        [
                            [-0.191565901, -0.07449236512, -0.05065320432, -0.009116947651],
                            [-0.1178185344, -0.3781972528, -0.06170473248, 0.1040528417],
                            [-0.1235664636, -0.3892786503, -0.03954060003, -0.02862176299],
                        ],
                    ],
                    dtype=np.float64,
                ),
                {
                    "decoder_layer1_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4682769477, 0.5317230225, 0.0],
                                    [0.3014861047, 0.3449562192, 0.3535577059],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4849250019, 0.5150750279, 0.0],
                                    [0.3110280931, 0.3453325629, 0.3436393738],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5058861971, 0.4941138327, 0.0],
                                    [0.317754209, 0.3173724711, 0.3648732901],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.4861548841, 0.5138451457, 0.0],
                                    [0.3084008396, 0.3498544991, 0.3417446911],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer1_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3362243176, 0.3291226029, 0.3346531689, 0.0],
                                    [0.3350491822, 0.330634594, 0.3343162537, 0.0],
                                    [0.3348553479, 0.3307476342, 0.3343969882, 0.0],
                                ],
                                [
                                    [0.3449628949, 0.3246158063, 0.3304213583, 0.0],
                                    [0.3356975615, 0.3328408897, 0.331461519, 0.0],
                                    [0.3361050487, 0.3324491084, 0.3314458728, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2540485561, 0.2574804425, 0.2420780957, 0.246392861],
                                    [0.2536420524, 0.2568985522, 0.2427261472, 0.2467332184],
                                    [0.2521218359, 0.2558258176, 0.2441983819, 0.2478539944],
                                ],
                                [
                                    [0.2584202588, 0.2455617487, 0.2506920397, 0.2453259081],
                                    [0.2574413121, 0.2463192493, 0.2507024407, 0.2455370426],
                                    [0.2545775771, 0.2484722883, 0.2512433529, 0.2457067221],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4996262491, 0.5003737211, 0.0],
                                    [0.3330051601, 0.3335001767, 0.333494693],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4996379018, 0.5003620982, 0.0],
                                    [0.3330149651, 0.3334962428, 0.3334888518],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.500249207, 0.4997507632, 0.0],
                                    [0.3335651755, 0.3331978619, 0.3332369626],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.5002918243, 0.4997082353, 0.0],
                                    [0.3335456848, 0.3331588507, 0.3332954943],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3369110823, 0.328101784, 0.3349871635, 0.0],
                                    [0.3372024298, 0.3279458284, 0.3348517418, 0.0],
                                    [0.3372363746, 0.3279255927, 0.3348380327, 0.0],
                                ],
                                [
                                    [0.3255907595, 0.337749511, 0.3366597295, 0.0],
                                    [0.3261681199, 0.3373346329, 0.336497277, 0.0],
                                    [0.3261990845, 0.3373183906, 0.3364825249, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2480746955, 0.2471278012, 0.2495018691, 0.2552956343],
                                    [0.2480487972, 0.247366935, 0.2493358552, 0.2552485168],
                                    [0.2482896447, 0.2475801557, 0.2491680533, 0.2549620569],
                                ],
                                [
                                    [0.2502061129, 0.2506451607, 0.2488253862, 0.2503233254],
                                    [0.2503005266, 0.2500947416, 0.2492065877, 0.2503981888],
                                    [0.2503206432, 0.250772953, 0.248626709, 0.250279665],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                },
            ),
        }
    ],
    "Transformer": [
        {
            "weight shapes": (
                (10, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (11, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (4, 2, 4),
                (2, 4),
                (2, 4, 4),
                (4,),
                (4, 8),
                (8,),
                (8, 4),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4,),
                (4, 11),
                (11,),
            ),
            "outputs, training=False": (
                np.array(
                    [
                        [
                            [
                                0.0802392289,
                                0.1083367914,
                                0.07868005335,
                                0.09379782528,
                                0.09362158179,
                                0.08951050788,
                                0.09564732015,
                                0.09017263353,
                                0.1089646891,
                                0.08020366728,
                                0.08082577586,
                            ],
                            [
                                0.08025896549,
                                0.1083464399,
                                0.07865634561,
                                0.09376986325,
                                0.09363186359,
                                0.08951382339,
                                0.09566754103,
                                0.09020029008,
                                0.1088955104,
                                0.08024936914,
                                0.08080995083,
                            ],
                            [
                                0.08026452363,
                                0.108346045,
                                0.07865355909,
                                0.0937659964,
                                0.09363214672,
                                0.08951464295,
                                0.09567000717,
                                0.09020852298,
                                0.1088778526,
                                0.08025948703,
                                0.08080723882,
                            ],
                        ],
                        [
                            [
                                0.08023926616,
                                0.1083368212,
                                0.07867994905,
                                0.09379771352,
                                0.0936216265,
                                0.08951052278,
                                0.09564738721,
                                0.09017269313,
                                0.1089644805,
                                0.08020380884,
                                0.08082570881,
                            ],
                            [
                                0.08025690913,
                                0.1083463281,
                                0.07865772396,
                                0.09377166629,
                                0.09363155067,
                                0.08951353282,
                                0.09566635638,
                                0.0901972577,
                                0.1089022979,
                                0.08024536073,
                                0.08081112802,
                            ],
                            [
                                0.08024899662,
                                0.1083440036,
                                0.07866527885,
                                0.09378088266,
                                0.0936286971,
                                0.08951222152,
                                0.09565985203,
                                0.09018594027,
                                0.1089290753,
                                0.08022838831,
                                0.0808166042,
                            ],
                        ],
                    ],
                    dtype=np.float64,
                ),
                {
                    "decoder_layer1_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5042268634, 0.4957730472, 0.0],
                                    [0.3364436924, 0.3310979307, 0.3324582875],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5025849938, 0.4974149764, 0.0],
                                    [0.3369829655, 0.3361209333, 0.326896131],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4979090393, 0.5020909905, 0.0],
                                    [0.3334796429, 0.3327639699, 0.3337563872],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.4987371564, 0.5012628436, 0.0],
                                    [0.3395889699, 0.3387599885, 0.3216510713],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer1_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3332652152, 0.3333342075, 0.3334005177, 0.0],
                                    [0.3332744241, 0.3333334327, 0.3333921134, 0.0],
                                    [0.3332869112, 0.3333335519, 0.3333795965, 0.0],
                                ],
                                [
                                    [0.3332642317, 0.3333254158, 0.3334103227, 0.0],
                                    [0.333275497, 0.3333248198, 0.3333997428, 0.0],
                                    [0.333278358, 0.3333265185, 0.3333951533, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2499664873, 0.2499319613, 0.2500596642, 0.2500418723],
                                    [0.2499683052, 0.2499372661, 0.2500557601, 0.250038594],
                                    [0.2499837875, 0.2499681711, 0.2500285208, 0.2500195205],
                                ],
                                [
                                    [0.2499538511, 0.2499303967, 0.2500724494, 0.2500433624],
                                    [0.2499577105, 0.2499403358, 0.2500647306, 0.2500373125],
                                    [0.2499637604, 0.2499468625, 0.2500562668, 0.2500331104],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4998119771, 0.5001880527, 0.0],
                                    [0.3332408965, 0.3334903419, 0.3332686424],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4998472631, 0.5001527071, 0.0],
                                    [0.33323735, 0.3334515095, 0.3333111703],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4997804463, 0.5002195835, 0.0],
                                    [0.3333069086, 0.33360672, 0.3330862522],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.4998556376, 0.5001443624, 0.0],
                                    [0.3332949579, 0.3334938884, 0.3332111239],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3333072364, 0.3333292603, 0.3333634734, 0.0],
                                    [0.3333078921, 0.3333293498, 0.3333627582, 0.0],
                                    [0.3333080709, 0.3333293498, 0.3333625495, 0.0],
                                ],
                                [
                                    [0.3333353698, 0.333338201, 0.3333264291, 0.0],
                                    [0.333335638, 0.3333381712, 0.3333262503, 0.0],
                                    [0.3333358169, 0.3333381712, 0.3333261311, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2499809414, 0.2499743253, 0.250028491, 0.2500161529],
                                    [0.2499813735, 0.2499749362, 0.250027895, 0.250015825],
                                    [0.2499812245, 0.2499747574, 0.2500280738, 0.2500159144],
                                ],
                                [
                                    [0.2500077188, 0.250002563, 0.2499915361, 0.2499981821],
                                    [0.2500077784, 0.2500027716, 0.249991402, 0.2499980479],
                                    [0.2500078082, 0.2500028014, 0.2499913275, 0.2499980181],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                },
            ),
            "outputs, training=True": (
                np.array(
                    [
                        [
                            [
                                0.07894716412,
                                0.109590888,
                                0.07766727358,
                                0.09264249355,
                                0.09489350021,
                                0.08960642666,
                                0.09633757174,
                                0.08813519776,
                                0.1122358367,
                                0.07936771959,
                                0.08057590574,
                            ],
                            [
                                0.07881904393,
                                0.1099262238,
                                0.07730058581,
                                0.09224095941,
                                0.09521109611,
                                0.08963084966,
                                0.09662614018,
                                0.08790518343,
                                0.112430118,
                                0.07948485017,
                                0.08042494953,
                            ],
                            [
                                0.07977347076,
                                0.1093606129,
                                0.07757307589,
                                0.09255419672,
                                0.09462740272,
                                0.0896133855,
                                0.09650166333,
                                0.08935908228,
                                0.1097614989,
                                0.08049631864,
                                0.08037920296,
                            ],
                        ],
                        [
                            [
                                0.07898060977,
                                0.1095139086,
                                0.07774822414,
                                0.09272870421,
                                0.09482306987,
                                0.08960282058,
                                0.09627380967,
                                0.08819425106,
                                0.1121762693,
                                0.07935118675,
                                0.08060714602,
                            ],
                            [
                                0.08075121045,
                                0.1069942862,
                                0.07997841388,
                                0.09490291774,
                                0.09268142283,
                                0.08963277936,
                                0.09454627335,
                                0.09115628898,
                                0.1079657823,
                                0.08018640429,
                                0.08120417595,
                            ],
                            [
                                0.0807075277,
                                0.1070666909,
                                0.07991889864,
                                0.09485951066,
                                0.09272827953,
                                0.0896223709,
                                0.09459707886,
                                0.09107887,
                                0.1080727279,
                                0.08015409857,
                                0.0811939314,
                            ],
                        ],
                    ],
                    dtype=np.float64,
                ),
                {
                    "decoder_layer1_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4942281544, 0.5057718754, 0.0],
                                    [0.3244597316, 0.3374775052, 0.3380626738],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.4941111505, 0.5058888793, 0.0],
                                    [0.3467471004, 0.3376780152, 0.315574944],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5014996529, 0.4985003173, 0.0],
                                    [0.3312868476, 0.3298754692, 0.3388376236],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.513315618, 0.4866844118, 0.0],
                                    [0.362151891, 0.3336489201, 0.3041991889],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer1_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3330419958, 0.3340752423, 0.3328826725, 0.0],
                                    [0.3331307769, 0.3338338137, 0.3330354095, 0.0],
                                    [0.3330746591, 0.3339689076, 0.3329564631, 0.0],
                                ],
                                [
                                    [0.3332480192, 0.3338545561, 0.3328975141, 0.0],
                                    [0.3333298564, 0.3337542713, 0.3329158425, 0.0],
                                    [0.3332557678, 0.3337748349, 0.3329693973, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.2500311434, 0.2498189509, 0.2498482913, 0.2503016293],
                                    [0.2500232756, 0.2498279661, 0.2498536706, 0.2502951622],
                                    [0.2500185668, 0.2498710901, 0.2498839051, 0.2502264082],
                                ],
                                [
                                    [0.2499632537, 0.249731645, 0.2498123348, 0.2504928112],
                                    [0.24995251, 0.2497561574, 0.2498366833, 0.2504546046],
                                    [0.2499686778, 0.2497818917, 0.2498458028, 0.2504036725],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block1_self_att": np.array(
                        [
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5004568696, 0.4995430708, 0.0],
                                    [0.3333220482, 0.3326910734, 0.3339869082],
                                ],
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5000460148, 0.4999539256, 0.0],
                                    [0.3331589401, 0.3331529498, 0.3336881697],
                                ],
                            ],
                            [
                                [
                                    [0.9999999404, 0.0, 0.0],
                                    [0.5003757477, 0.4996242225, 0.0],
                                    [0.333760798, 0.3332044482, 0.333034724],
                                ],
                                [
                                    [1.0, 0.0, 0.0],
                                    [0.4997414052, 0.5002585649, 0.0],
                                    [0.3331318498, 0.3335305154, 0.3333376348],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                    "decoder_layer2_block2_decenc_att": np.array(
                        [
                            [
                                [
                                    [0.3334346116, 0.3333402276, 0.3332251608, 0.0],
                                    [0.3334338665, 0.3333391845, 0.3332269192, 0.0],
                                    [0.3334340751, 0.3333406448, 0.33322528, 0.0],
                                ],
                                [
                                    [0.3332622349, 0.3333823681, 0.333355397, 0.0],
                                    [0.3332622945, 0.3333818018, 0.3333559036, 0.0],
                                    [0.3332615197, 0.3333844543, 0.3333539665, 0.0],
                                ],
                            ],
                            [
                                [
                                    [0.249968946, 0.2499228269, 0.249975577, 0.2501326203],
                                    [0.2499693483, 0.2499227226, 0.2499756217, 0.2501323223],
                                    [0.2499701977, 0.2499256581, 0.2499767989, 0.2501272857],
                                ],
                                [
                                    [0.2500349581, 0.2500616014, 0.2500373423, 0.2498662025],
                                    [0.2500351369, 0.2500588, 0.2500353158, 0.2498707026],
                                    [0.2500346601, 0.2500605583, 0.2500362992, 0.2498683929],
                                ],
                            ],
                        ],
                        dtype=np.float64,
                    ),
                },
            ),
        }
    ],
}
# EXPECTED-END

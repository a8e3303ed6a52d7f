"""Public tests of c5w3a2, "Trigger word detection".

The audio functions work on pydub `AudioSegment`s, which a test cannot write
out as numbers. So the audio of each case is given as int16 samples at a low
rate, 1,000 samples per second (one sample per millisecond, so a 10-second
background has 10,000 samples), and a *probe* below turns the samples into
sounds, calls the learner's function, and records what came back as plain
values: the segment chosen, the list of segments afterwards, and a loudness
profile of the returned sound (its mean absolute sample in each quarter second,
enough to see where a clip landed). The spectrogram of `create_training_example`
is recorded the same way: its shape and its mean over frequencies in blocks of
13 time steps.

Random placement is part of the lesson's contract: each case runs right after
`np.random.seed(case.np_seed)`, and every random number must be drawn with
numpy's global generator in the order the lesson gives. `modelf` is called
through `shared_utils.keras_checks.probe_model` on a small input shape: its
layers, parameter counts and outputs with fixed weights. The hidden grader uses
the same probes with other sounds, segments, seeds and shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shared_utils.keras_checks import probe_model
from shared_utils.td_utils import AudioSegment, array_to_segment, segment_to_array
from shared_utils.testing import Case, public_test

TEST_RATE = 1000  # samples per second of the test sounds: one sample per millisecond
PROFILE_MS = 250  # the loudness profile averages |sample| over blocks this long
SPECTROGRAM_BLOCK = 13  # time steps averaged per entry of the spectrogram profile

# --------------------------------------------------------------------------- probes


def sound(samples: Any) -> AudioSegment:
    """A mono 16-bit sound at TEST_RATE from int16 samples."""
    return array_to_segment(np.asarray(samples, dtype=np.int16), rate=TEST_RATE)


def loudness_profile(value: Any) -> Any:
    """Mean |sample| of a sound in each PROFILE_MS block (or the kind of a non-sound)."""
    if not isinstance(value, AudioSegment):
        return f"not a sound: {type(value).__name__}"
    x = np.abs(segment_to_array(value).astype(np.float64))
    block = PROFILE_MS * value.frame_rate // 1000
    n = len(x) // block
    return x[: n * block].reshape(n, block).mean(axis=1)


def _segment(value: Any) -> Any:
    """A (start, end) pair as a tuple of ints; anything else as it is."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        try:
            return tuple(int(v) for v in value)
        except (TypeError, ValueError):
            return tuple(value)
    return value


def probe_insert_audio_clip(
    function: Callable[..., Any],
    background: np.ndarray,
    audio_clip: np.ndarray,
    previous_segments: list,
) -> dict[str, Any]:
    """Call insert_audio_clip on sounds made from the samples; record what it did."""
    segments = [tuple(s) for s in previous_segments]
    result = function(sound(background), sound(audio_clip), segments)
    if not isinstance(result, tuple) or len(result) != 2:
        return {"returned": f"not a pair: {type(result).__name__}"}
    new_background, segment_time = result
    return {
        "segment_time": _segment(segment_time),
        "previous_segments": [_segment(s) for s in segments],
        "background": loudness_profile(new_background),
    }


def probe_create_training_example(
    function: Callable[..., Any],
    background: np.ndarray,
    activates: list,
    negatives: list,
    Ty: int,  # noqa: N803 - the lesson's name
) -> dict[str, Any]:
    """Call create_training_example on sounds made from the samples; record x and y."""
    result = function(
        sound(background), [sound(a) for a in activates], [sound(n) for n in negatives], Ty
    )
    if not isinstance(result, tuple) or len(result) != 2:
        return {"returned": f"not a pair: {type(result).__name__}"}
    x, y = (np.asarray(v) for v in result)
    profile = x.mean(axis=0) if x.ndim == 2 else x
    n = len(profile) // SPECTROGRAM_BLOCK
    blocks = profile[: n * SPECTROGRAM_BLOCK].reshape(n, SPECTROGRAM_BLOCK).mean(axis=1)
    return {"x_shape": tuple(int(d) for d in x.shape), "x": blocks.astype(np.float64), "y": y}


# --------------------------------------------------------------------------- inputs


def public_sounds(seed: int = 0) -> dict[str, Any]:
    """The public cases' sounds: a quiet noise background and five short clips.

    Three "activate"-like clips (tones) and two negatives (noise bursts), all at
    TEST_RATE, as int16 samples.
    """
    rng = np.random.default_rng(seed)
    background = (rng.normal(0, 300, size=10_000)).astype(np.int16)
    t = np.arange(10_000) / TEST_RATE

    def tone(ms: int, hz: float) -> np.ndarray:
        return (6000 * np.sin(2 * np.pi * hz * t[:ms])).astype(np.int16)

    activates = [tone(700, 110.0), tone(850, 170.0), tone(600, 230.0)]
    negatives = [(rng.normal(0, 4000, size=ms)).astype(np.int16) for ms in (500, 900)]
    return {"background": background, "activates": activates, "negatives": negatives}


_SOUNDS = public_sounds()
_SILENCE = np.zeros(10_000, dtype=np.int16)


def _labels(Ty: int, first: int | None = None, last: int | None = None) -> np.ndarray:  # noqa: N803
    """Labels (1, Ty): zeros, with ones at steps first..last (both included)."""
    y = np.zeros((1, Ty))
    if first is not None:
        y[0, first : last + 1] = 1.0
    return y


# --------------------------------------------------------------------------- tests


@public_test(returns="overlap")
def test_is_overlapping() -> list[Case]:
    """is_overlapping(segment_time, previous_segments) -> bool."""
    previous = [(824, 1532), (1900, 2305), (3424, 3656)]
    return [
        Case("overlaps the middle of a segment", args=((1000, 1200), previous), expected=True),
        Case(
            "starts on the last millisecond of one", args=((2305, 2950), previous), expected=True
        ),
        Case("ends on the first millisecond of one", args=((3000, 3424), previous), expected=True),
        Case(
            "right after one, right before another", args=((1533, 1899), previous), expected=False
        ),
        Case("covers a whole segment", args=((3400, 3700), previous), expected=True),
        Case("no previous segments", args=((100, 200), []), expected=False),
    ]


@public_test(returns=("new_background", "segment_time"), harness=probe_insert_audio_clip)
def test_insert_audio_clip() -> list[Case]:
    """insert_audio_clip(background, audio_clip, previous_segments), called through a probe."""
    clip = _SOUNDS["activates"][0]
    return [
        Case(
            "silent background, no previous segments, np.random.seed(5)",
            args=(_SILENCE, clip, []),
            np_seed=5,
            inputs_unchanged=False,
            expected=_EXPECTED["insert_audio_clip"][0],
        ),
        Case(
            "a retry is needed, np.random.seed(3)",
            args=(_SOUNDS["background"], clip, [(0, 2000), (6000, 9999)]),
            np_seed=3,
            inputs_unchanged=False,
            expected=_EXPECTED["insert_audio_clip"][1],
        ),
        Case(
            "no room anywhere: give up, np.random.seed(1)",
            args=(_SOUNDS["background"], clip, [(0, 9999)]),
            np_seed=1,
            inputs_unchanged=False,
            expected=_EXPECTED["insert_audio_clip"][2],
        ),
    ]


@public_test(returns="y")
def test_insert_ones() -> list[Case]:
    """insert_ones(y, segment_end_ms) -> y with 50 ones after the segment's end."""
    return [
        Case(
            "Ty = 100, end at 1500 ms",
            args=(np.zeros((1, 100)), 1500),
            inputs_unchanged=False,
            expected=_labels(100, 16, 65),
        ),
        Case(
            "Ty = 1375, end at 4251 ms",
            args=(np.zeros((1, 1375)), 4251),
            inputs_unchanged=False,
            expected=_labels(1375, 585, 634),
        ),
        Case(
            "Ty = 1375, end at 9700 ms: the ones stop at the last step",
            args=(np.zeros((1, 1375)), 9700),
            inputs_unchanged=False,
            expected=_labels(1375, 1334, 1374),
        ),
    ]


@public_test(returns=("x", "y"), harness=probe_create_training_example, rtol=1e-5, atol=1e-4)
def test_create_training_example() -> list[Case]:
    """create_training_example(background, activates, negatives, Ty), through a probe."""
    s = _SOUNDS
    return [
        Case(
            "Ty = 100, np.random.seed(4)",
            args=(s["background"], s["activates"], s["negatives"], 100),
            np_seed=4,
            expected=_EXPECTED["create_training_example"][0],
        ),
        Case(
            "Ty = 50, np.random.seed(11)",
            args=(s["background"], s["activates"], s["negatives"], 50),
            np_seed=11,
            expected=_EXPECTED["create_training_example"][1],
        ),
    ]


@public_test(returns="model", harness=probe_model, rtol=1e-4, atol=1e-5)
def test_modelf() -> list[Case]:
    """modelf(input_shape): layers, parameters and outputs with fixed weights."""
    return [
        Case(
            "input_shape = (40, 6)",
            args=((40, 6),),
            expected=_EXPECTED["modelf"][0],
        ),
    ]


# --------------------------------------------------------------------------- expected
# Expected outputs of the cases above (written out by running the reference solutions).

_EXPECTED: dict[str, list[Any]] = {  # EXPECTED-BEGIN
    "insert_audio_clip": [
        {
            "segment_time": (2915, 3614),
            "previous_segments": [(2915, 3614)],
            "background": np.array(
                [
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    1294.364,
                    3817.92,
                    3817.92,
                    1759.972,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                    0.0,
                ],
                dtype=np.float64,
            ),
        },
        {
            "segment_time": (2707, 3406),
            "previous_segments": [(0, 2000), (6000, 9999), (2707, 3406)],
            "background": np.array(
                [
                    245.724,
                    238.628,
                    231.864,
                    214.408,
                    239.76,
                    247.92,
                    245.184,
                    254.816,
                    244.964,
                    234.696,
                    842.26,
                    3833.204,
                    3832.016,
                    2468.888,
                    213.924,
                    252.896,
                    247.068,
                    244.572,
                    227.156,
                    230.596,
                    250.708,
                    227.088,
                    233.9,
                    230.044,
                    241.516,
                    232.716,
                    247.02,
                    252.08,
                    240.748,
                    247.348,
                    253.312,
                    252.6,
                    227.24,
                    258.06,
                    226.804,
                    228.732,
                    241.5,
                    243.108,
                    226.828,
                    221.236,
                ],
                dtype=np.float64,
            ),
        },
        {
            "segment_time": (10000, 10000),
            "previous_segments": [(0, 9999)],
            "background": np.array(
                [
                    245.724,
                    238.628,
                    231.864,
                    214.408,
                    239.76,
                    247.92,
                    245.184,
                    254.816,
                    244.964,
                    234.696,
                    239.432,
                    237.092,
                    248.376,
                    253.868,
                    213.924,
                    252.896,
                    247.068,
                    244.572,
                    227.156,
                    230.596,
                    250.708,
                    227.088,
                    233.9,
                    230.044,
                    241.516,
                    232.716,
                    247.02,
                    252.08,
                    240.748,
                    247.348,
                    253.312,
                    252.6,
                    227.24,
                    258.06,
                    226.804,
                    228.732,
                    241.5,
                    243.108,
                    226.828,
                    221.236,
                ],
                dtype=np.float64,
            ),
        },
    ],
    "create_training_example": [
        {
            "x_shape": (101, 338),
            "x": np.array(
                [
                    -69.30046082,
                    -69.01296997,
                    -73.66590881,
                    -65.06299591,
                    -74.75814056,
                    -75.04341125,
                    -75.32826996,
                    -74.71289062,
                    -75.05287933,
                    -48.98539352,
                    -32.8089447,
                    -73.8578186,
                    -75.56841278,
                    -74.73292542,
                    -75.17471313,
                    -64.77465057,
                    -73.26030731,
                    -64.41509247,
                    -74.72075653,
                    -74.7509613,
                    -72.17145538,
                    -33.48815918,
                    -33.16924667,
                    -47.64368057,
                    -75.02758026,
                    -75.41360474,
                ],
                dtype=np.float64,
            ),
            "y": np.array(
                [
                    [
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        0.0,
                        0.0,
                        0.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                    ]
                ],
                dtype=np.float64,
            ),
        },
        {
            "x_shape": (101, 338),
            "x": np.array(
                [
                    -71.89362335,
                    -72.61129761,
                    -73.02165222,
                    -32.67682266,
                    -30.49004173,
                    -40.36111832,
                    -72.65452576,
                    -72.0334549,
                    -72.36569214,
                    -73.13400269,
                    -72.3263855,
                    -72.45732117,
                    -72.88780975,
                    -72.05892181,
                    -72.51480865,
                    -72.45214844,
                    -72.53057098,
                    -72.29747772,
                    -68.46694183,
                    -65.43225098,
                    -63.69200134,
                    -70.80878448,
                    -72.51986694,
                    -72.4024353,
                    -72.34072113,
                    -72.7346344,
                ],
                dtype=np.float64,
            ),
            "y": np.array(
                [
                    [
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        0.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                    ]
                ],
                dtype=np.float64,
            ),
        },
    ],
    "modelf": [
        {
            "kind": "keras.Model",
            "layers": [
                {
                    "class": "InputLayer",
                    "output_shape": (-1, 40, 6),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "Conv1D",
                    "output_shape": (-1, 7, 196),
                    "params": 17836,
                    "trainable": True,
                    "activation": "linear",
                    "filters": 196,
                    "kernel_size": (15,),
                    "strides": (4,),
                    "padding": "valid",
                    "use_bias": True,
                },
                {
                    "class": "BatchNormalization",
                    "output_shape": (-1, 7, 196),
                    "params": 784,
                    "trainable": True,
                    "axis": -1,
                },
                {
                    "class": "Activation",
                    "output_shape": (-1, 7, 196),
                    "params": 0,
                    "trainable": True,
                    "activation": "relu",
                },
                {
                    "class": "Dropout",
                    "output_shape": (-1, 7, 196),
                    "params": 0,
                    "trainable": True,
                    "rate": 0.2,
                },
                {
                    "class": "GRU",
                    "output_shape": (-1, 7, 128),
                    "params": 125184,
                    "trainable": True,
                    "activation": "tanh",
                    "units": 128,
                    "return_sequences": True,
                    "return_state": False,
                    "use_bias": True,
                },
                {
                    "class": "Dropout",
                    "output_shape": (-1, 7, 128),
                    "params": 0,
                    "trainable": True,
                    "rate": 0.2,
                },
                {
                    "class": "BatchNormalization",
                    "output_shape": (-1, 7, 128),
                    "params": 512,
                    "trainable": True,
                    "axis": -1,
                },
                {
                    "class": "GRU",
                    "output_shape": (-1, 7, 128),
                    "params": 99072,
                    "trainable": True,
                    "activation": "tanh",
                    "units": 128,
                    "return_sequences": True,
                    "return_state": False,
                    "use_bias": True,
                },
                {
                    "class": "Dropout",
                    "output_shape": (-1, 7, 128),
                    "params": 0,
                    "trainable": True,
                    "rate": 0.2,
                },
                {
                    "class": "BatchNormalization",
                    "output_shape": (-1, 7, 128),
                    "params": 512,
                    "trainable": True,
                    "axis": -1,
                },
                {
                    "class": "Dropout",
                    "output_shape": (-1, 7, 128),
                    "params": 0,
                    "trainable": True,
                    "rate": 0.2,
                },
                {
                    "class": "TimeDistributed",
                    "output_shape": (-1, 7, 1),
                    "params": 129,
                    "trainable": True,
                },
            ],
            "params": 244029,
            "trainable_params": 243125,
            "outputs": [
                np.array(
                    [
                        [
                            [0.5036264062],
                            [0.5037818551],
                            [0.5058825016],
                            [0.508726716],
                            [0.5110923648],
                            [0.5130693913],
                            [0.5149844885],
                        ],
                        [
                            [0.5039659142],
                            [0.5034365654],
                            [0.5049250126],
                            [0.5073731542],
                            [0.5098125339],
                            [0.5120875835],
                            [0.5145049095],
                        ],
                    ],
                    dtype=np.float64,
                )
            ],
        }
    ],
}
# EXPECTED-END

"""Hidden grader spec of c5w3a2, "Trigger word detection".

The audio exercises run through the probes of `shared_utils.public_tests.c5w3a2`:
sounds are given as int16 samples at 1,000 samples per second (one per
millisecond) and the probes record the segment chosen, the list of segments
afterwards and a loudness profile of the sound returned. Random placement is
part of the contract: every case runs right after `np.random.seed(case.np_seed)`
with seeds other than the notebook's, so the draws must be numpy's global ones,
in the lesson's order.

Hidden cases go beyond the public ones: segments that touch at either end, that
contain or are contained in a previous one, long and empty lists; clips that fit
at the first draw, after several retries, after exactly six draws, or never
(including a clip that only fits on the seventh draw, where one retry too many
would place it); labels near the end of the clip, at its start, on top of earlier
ones and with other Ty; whole examples with other numbers of clips; detector
models of other input shapes.

Mistakes: boundaries compared strictly, only the start of a segment checked, a
later segment resetting an overlap already found; no retry, no final overlap
check (a clip inserted over another), one retry too many, the segment not
recorded, the clip placed at the segment's end; labels starting at the clip's
end, 49 ones instead of 50, running past Ty, Ty hard-coded, rounding instead of
truncating; in the example, labels at the segment's start, labels for negatives,
the random numbers drawn in another order; in the model, bidirectional GRUs, ReLU
before batch normalisation, a stride of 1, a softmax output, the original's
dropout rate of 0.8.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise

SEED = 5302

_ONE_SECOND = 1000  # samples per second of the test sounds


def _noise(rng: np.random.Generator, ms: int, level: float) -> np.ndarray:
    return rng.normal(0, level, size=ms).clip(-32000, 32000).astype(np.int16)


def _tone(rng: np.random.Generator, ms: int) -> np.ndarray:
    t = np.arange(ms) / _ONE_SECOND
    hz = rng.uniform(60, 300)
    return (rng.uniform(3000, 9000) * np.sin(2 * np.pi * hz * t)).astype(np.int16)


# --------------------------------------------------------------------------- is_overlapping


@exercise(
    mistakes={
        "strict_boundaries": edit(
            "segment_start <= previous_end and segment_end >= previous_start",
            "segment_start < previous_end and segment_end > previous_start",
            hint="segments that share their first or last millisecond overlap too: "
            "compare with <= and >=",
        ),
        "only_the_start_checked": edit(
            "segment_start <= previous_end and segment_end >= previous_start",
            "previous_start <= segment_start <= previous_end",
            hint="a segment that starts before a previous one and ends inside or after it "
            "overlaps it too",
        ),
        "a_later_segment_resets_the_answer": edit(
            "            overlap = True",
            "            overlap = True\n        else:\n            overlap = False",
            hint="once one previous segment overlaps, the answer is True whatever the "
            "later segments are",
        ),
    },
)
def is_overlapping(rng: np.random.Generator) -> list[Case]:
    previous = [(500, 1200), (3000, 3999), (7000, 7450)]
    cases = [
        Case("starts on the last millisecond of the first segment", ((1200, 1500), previous)),
        Case("ends on the first millisecond of the last segment", ((6500, 7000), previous)),
        Case("between two segments, touching neither", ((1201, 2999), previous)),
        Case("contains a whole segment", ((2500, 4500), previous)),
        Case("inside a segment", ((3100, 3200), previous)),
        Case("overlaps the first segment only", ((400, 600), previous)),
        Case("a single millisecond, on a segment", ((7450, 7450), previous)),
        Case("an empty list", ((0, 9999), [])),
        Case("after every segment", ((8000, 9000), previous)),
    ]
    many = sorted(
        (int(s), int(s) + int(rng.integers(50, 300))) for s in rng.choice(9000, 12, replace=False)
    )
    cases.append(Case("12 random segments", ((int(rng.integers(0, 9000)), 9500), many)))
    return cases


# --------------------------------------------------------------------------- insert_audio_clip

_RETRIES = "\n".join(
    [
        "    while is_overlapping(segment_time, previous_segments) and retries > 0:",
        "        segment_time = get_random_time_segment(segment_ms)",
        "        retries -= 1",
        "",
    ]
)


@exercise(
    mistakes={
        "no_retry": edit(
            _RETRIES,
            "",
            hint="when the place drawn overlaps, draw again, up to 5 more times",
        ),
        "no_final_check": edit(
            "    if is_overlapping(segment_time, previous_segments):\n"
            "        return background, (10000, 10000)\n",
            "",
            hint="if the last place drawn still overlaps, give up: return the background "
            "unchanged and (10000, 10000)",
        ),
        "one_retry_too_many": edit("retries = 5", "retries = 6"),
        "segment_not_recorded": edit(
            "    previous_segments.append(segment_time)\n",
            "",
            hint="append the new segment to previous_segments, so later clips avoid it",
        ),
        "clip_placed_at_the_segment_end": edit(
            "position=segment_time[0]",
            "position=segment_time[1]",
            hint="the clip starts at the segment's start: position=segment_time[0]",
        ),
    },
    depends=("is_overlapping",),
    timeout_s=20.0,
)
def insert_audio_clip(rng: np.random.Generator) -> list[Case]:
    background = _noise(rng, 10_000, 400)
    cases = []
    # (clip length, previous segments, label)
    setups = [
        (600, [], "an empty background, one clip"),
        (900, [(0, 3000), (3500, 6000), (7000, 9999)], "little room left"),
        (400, [(0, 9999)], "no room at all"),
        (1500, [(2000, 2600), (8000, 8800)], "a long clip, two segments"),
        (300, [(0, 4999)], "half the background taken"),
    ]
    for clip_ms, previous, label in setups:
        cases.append(
            Case(
                label,
                (background, _tone(rng, clip_ms), previous),
                np_seed=draw_seed(rng),
                inputs_unchanged=False,
            )
        )
    # A clip that fits only from the 7th draw on, and one that fits exactly at the 6th:
    # the seeds were found by replaying get_random_time_segment (see _seed_with_first_fit).
    tight = [(0, 4000), (4700, 9999)]
    for draws, label in ((7, "fits only on a 7th draw: give up"), (6, "fits on the 6th draw")):
        seed = _seed_with_first_fit(600, tight, draws)
        cases.append(
            Case(label, (background, _tone(rng, 600), tight), np_seed=seed, inputs_unchanged=False)
        )
    return cases


def _seed_with_first_fit(clip_ms: int, previous: list, draws: int) -> int:
    """The first seed whose draws of get_random_time_segment first fit at draw `draws`."""
    for seed in range(100_000):
        state = np.random.RandomState(seed)
        first_fit = None
        for draw in range(1, draws + 1):
            start = state.randint(low=0, high=10_000 - clip_ms)
            end = start + clip_ms - 1
            if not any(start <= e and end >= s for s, e in previous):
                first_fit = draw
                break
        if first_fit == draws:
            return seed
    raise RuntimeError("no seed found")


# --------------------------------------------------------------------------- insert_ones

_LABEL_LOOP = "        if i < Ty:\n            y[0, i] = 1"


@exercise(
    mistakes={
        "starts_at_the_clip_end": edit(
            "range(segment_end_y + 1, segment_end_y + 51)",
            "range(segment_end_y, segment_end_y + 50)",
            hint="the ones start at the step *after* the one where the clip ends",
        ),
        "49_ones": edit(
            "segment_end_y + 51", "segment_end_y + 50", hint="set 50 steps to 1, not 49"
        ),
        "runs_past_Ty": edit(_LABEL_LOOP, "        y[0, i] = 1"),
        "Ty_hard_coded": edit(
            "Ty = y.shape[1]", "Ty = 1375", hint="take Ty from the shape of y: y.shape[1]"
        ),
        "rounded": edit(
            "int(segment_end_ms * Ty / 10000.0)",
            "round(segment_end_ms * Ty / 10000.0)",
            hint="the clip ends in step int(segment_end_ms * Ty / 10000): truncate, do not round",
        ),
    },
)
def insert_ones(rng: np.random.Generator) -> list[Case]:
    earlier = np.zeros((1, 1375))
    earlier[0, 200:250] = 1
    return [
        Case("end at 0 ms", (np.zeros((1, 1375)), 0), inputs_unchanged=False),
        Case(
            "end at 9999 ms: no room for ones", (np.zeros((1, 1375)), 9999), inputs_unchanged=False
        ),  # fmt: skip
        Case("ones run into the last step", (np.zeros((1, 1375)), 9650), inputs_unchanged=False),
        Case("on top of earlier ones", (earlier, 1700), inputs_unchanged=False),
        Case("Ty = 200", (np.zeros((1, 200)), 5337), inputs_unchanged=False),
        Case("Ty = 60, late end", (np.zeros((1, 60)), 9500), inputs_unchanged=False),
        Case(
            "end where rounding and truncating differ",
            (np.zeros((1, 1375)), 7277),
            inputs_unchanged=False,
        ),  # fmt: skip
        Case(
            "a random end",
            (np.zeros((1, 1375)), int(rng.integers(100, 9000))),
            inputs_unchanged=False,
        ),
    ]


# ------------------------------------------------------------------ create_training_example

_NEGATIVE_INSERT = (
    "background, _ = insert_audio_clip(background, negatives[index], previous_segments)"
)


@exercise(
    mistakes={
        "labels_at_the_segment_start": edit(
            "y = insert_ones(y, segment_time[1])",
            "y = insert_ones(y, segment_time[0])",
            hint="the labels follow the end of each 'activate': insert_ones at segment_time[1]",
        ),
        "labels_for_negatives_too": edit(
            _NEGATIVE_INSERT,
            "background, segment_time = insert_audio_clip(background, negatives[index], "
            "previous_segments)\n        y = insert_ones(y, segment_time[1])",
            hint="only the 'activate' clips get labels, not the other words",
        ),
        "at_most_three_activates": edit(
            "np.random.randint(0, 5)",
            "np.random.randint(0, 4)",
            hint="np.random.randint(0, 5) draws 0 to 4: its upper bound is excluded",
        ),
        "both_counts_drawn_first": edit(
            [
                (
                    "    number_of_activates = np.random.randint(0, 5)\n",
                    "    number_of_activates = np.random.randint(0, 5)\n"
                    "    number_of_negatives = np.random.randint(0, 3)\n",
                ),
                (
                    "    number_of_negatives = np.random.randint(0, 3)\n"
                    "    random_indices = np.random.randint(len(negatives)",
                    "    random_indices = np.random.randint(len(negatives)",
                ),
            ],
            hint="draw the random numbers in the lesson's order: the number of negatives "
            "after the 'activate's are inserted",
        ),
        "negatives_forget_the_segments": edit(
            _NEGATIVE_INSERT,
            "background, _ = insert_audio_clip(background, negatives[index], [])",
            hint="pass the same previous_segments to every insertion, so the other words do "
            "not land on the 'activate's",
        ),
    },
    depends=("is_overlapping", "insert_audio_clip", "insert_ones"),
    rtol=1e-5,
    atol=1e-4,
    timeout_s=20.0,
)
def create_training_example(rng: np.random.Generator) -> list[Case]:
    cases = []
    setups = [  # (number of activates, of negatives, Ty, label)
        (3, 2, 100, "3 activates, 2 negatives, Ty = 100"),
        (1, 1, 1375, "a single activate and negative, Ty = 1375"),
        (6, 5, 60, "6 activates, 5 negatives, Ty = 60"),
        (4, 3, 200, "long clips, Ty = 200"),
    ]
    for n_act, n_neg, ty, label in setups:
        longest = 1800 if "long" in label else 900
        background = _noise(rng, 10_000, float(rng.uniform(100, 2000)))
        activates = [_tone(rng, int(rng.integers(300, longest))) for _ in range(n_act)]
        negatives = [_noise(rng, int(rng.integers(200, longest)), 5000) for _ in range(n_neg)]
        cases.append(Case(label, (background, activates, negatives, ty), np_seed=draw_seed(rng)))
    return cases


# --------------------------------------------------------------------------- modelf


@exercise(
    mistakes={
        "bidirectional_grus": edit(
            "GRU(units=128, return_sequences=True)(X)",
            "keras.layers.Bidirectional(GRU(units=128, return_sequences=True))(X)",
            every=True,
            hint="the GRUs are unidirectional: a detector listening live cannot read the "
            "rest of the clip",
        ),
        "relu_before_batch_norm": edit(
            'X = BatchNormalization()(X)\n    X = Activation("relu")(X)',
            'X = Activation("relu")(X)\n    X = BatchNormalization()(X)',
            hint="after the convolution comes batch normalisation, then the ReLU",
        ),
        "stride_1": edit(
            "strides=4",
            "strides=1",
            hint="the convolution has stride 4: 5511 input steps become 1375 output steps",
        ),
        "softmax_output": edit(
            'activation="sigmoid"',
            'activation="softmax"',
            hint="each step has one sigmoid unit; a softmax over a single unit is always 1",
        ),
        "dropout_0_8": edit("rate=0.2", "rate=0.8", every=True, hint="the dropout rate is 0.2"),
    },
    rtol=1e-4,
    atol=1e-5,
    timeout_s=40.0,
)
def modelf(rng: np.random.Generator) -> list[Case]:
    del rng  # the shapes are the cases; the probe seeds the weights and inputs
    return [
        Case("input_shape = (60, 5)", ((60, 5),)),
        Case("the shortest input, (15, 4): one output step", ((15, 4),)),
        Case("input_shape = (103, 2)", ((103, 2),)),
        Case("input_shape = (27, 12)", ((27, 12),)),
    ]

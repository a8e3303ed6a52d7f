"""c5w3a2 (Trigger word detection): the given placement helper, the audio probes, and
the detector the lesson loads into the learner's model.
"""

from __future__ import annotations

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.manifest import recorded_metrics
from shared_utils import td_utils
from shared_utils.data import data_path
from shared_utils.public_tests import c5w3a2 as probes


def _notebook_namespace() -> dict:
    return solution_namespace("c5w3a2")


def test_random_segments_are_reproducible_and_inside_the_clip():
    np.random.seed(3)
    first = [td_utils.get_random_time_segment(700) for _ in range(50)]
    np.random.seed(3)
    assert [td_utils.get_random_time_segment(700) for _ in range(50)] == first
    for start, end in first:
        assert end - start + 1 == 700
        assert 0 <= start and end < td_utils.CLIP_MS
        assert isinstance(start, int) and isinstance(end, int)


def test_the_loudness_profile_shows_where_a_clip_landed():
    silence = probes.sound(np.zeros(10_000, np.int16))
    tone = probes.sound(np.full(500, 1000, np.int16))
    profile = probes.loudness_profile(silence.overlay(tone, position=2000))
    assert profile.shape == (40,)
    assert set(np.flatnonzero(profile)) == {8, 9}  # 2000-2499 ms: blocks 8 and 9 of 250 ms
    assert probes.loudness_profile("not a sound").startswith("not a sound")


def test_the_reference_example_labels_at_most_50_steps_per_activate():
    ns = _notebook_namespace()
    sounds = probes.public_sounds()
    np.random.seed(4)
    record = probes.probe_create_training_example(
        ns["create_training_example"], sounds["background"], sounds["activates"],
        sounds["negatives"], 1375,
    )  # fmt: skip
    np.random.seed(4)
    n_activates = np.random.randint(0, 5)
    # 50 ones per "activate" at most (fewer when one ends near the end of the clip).
    assert 0 <= int(record["y"].sum()) <= 50 * n_activates
    assert record["x_shape"] == (td_utils.N_FREQ, (10_000 - td_utils.NFFT) // td_utils.HOP + 1)


@pytest.mark.slow
def test_the_shipped_detector_loads_into_the_notebook_model():
    ns = _notebook_namespace()
    model = ns["modelf"](input_shape=(td_utils.TX, td_utils.N_FREQ))
    metrics = recorded_metrics("trigger_word_model")
    assert model.count_params() == metrics["params"]
    model.load_weights(data_path("c5/trigger/models/trigger_model.keras"))
    x_dev, _, ends_ms = td_utils.load_dev_set()
    probs = model.predict(x_dev[:5], batch_size=5, verbose=0)
    assert probs.shape == (5, td_utils.TY, 1)
    fired = [td_utils.detect_triggers(p) for p in probs]
    # Most of the "activate"s of the first five clips are heard.
    assert td_utils.trigger_f1(fired, ends_ms[:5])["recall"] >= 0.7

"""Course 5 sound data: trigger-word clips, dev set and detector; chorale melodies.

The files must match the manifest, have the recorded shapes, follow the lesson's label
rule, and the committed detector must load with Keras and score its recorded F1."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.io import wavfile

from graders.manifest import check_manifest, import_builder, load_manifest, recorded_metrics
from shared_utils import music_utils, td_utils
from shared_utils.data import data_path

ARTEFACTS = ("trigger_word_audio", "trigger_word_model", "chorale_melodies")


def files_of(name: str, under: str = "") -> list[str]:
    return sorted(f for f in load_manifest()["artifacts"][name]["files"] if under in f)


def test_sound_artefacts_are_listed_and_match_their_checksums():
    listed = load_manifest()["artifacts"]
    assert all(name in listed for name in ARTEFACTS)
    problems = [p for p in check_manifest() if p.startswith(("c5/trigger", "c5/music"))]
    assert problems == []


def test_raw_clips_are_16khz_mono_16bit_and_backgrounds_last_ten_seconds():
    activates, negatives, backgrounds = td_utils.load_raw_audio()
    m = recorded_metrics("trigger_word_audio")
    assert (len(activates), len(negatives), len(backgrounds)) == (
        m["activate_clips"],
        m["negative_clips"],
        m["background_clips"],
    )
    for sound in activates[:3] + negatives[:3] + backgrounds:
        assert (sound.frame_rate, sound.channels, sound.sample_width) == (16_000, 1, 2)
    assert all(len(b) == 10_000 for b in backgrounds)
    assert all(300 < len(a) < 2_000 for a in activates)


def test_background_spectrogram_has_the_recorded_shape():
    rel = files_of("trigger_word_audio", "backgrounds/")[0]
    rate, samples = wavfile.read(data_path(rel))
    m = recorded_metrics("trigger_word_audio")
    assert rate == m["sample_rate"]
    assert td_utils.spectrogram(samples).shape == (m["n_freq"], m["Tx"]) == (101, 5511)


def lesson_labels(ends_ms: list[float], ty: int = 1375) -> np.ndarray:
    """The lesson's rule, written independently of the builder."""
    y = np.zeros(ty, dtype=np.uint8)
    for end in ends_ms:
        first = int(end * ty / 10_000) + 1
        y[first : first + 50] = 1
    return y


def test_dev_labels_follow_the_lessons_rule():
    info = json.loads(data_path("c5/trigger/dev/dev_clips.json").read_text())
    y_dev = np.load(data_path("c5/trigger/dev/Y_dev.npy"))
    assert len(info["clips"]) == y_dev.shape[0] >= 25
    assert y_dev.shape[1] == 1375
    for clip, y in zip(info["clips"], y_dev, strict=True):
        np.testing.assert_array_equal(y, lesson_labels(clip["activate_ends_ms"]))
    assert (
        sum(len(c["activate_ends_ms"]) for c in info["clips"])
        == recorded_metrics("trigger_word_audio")["dev_activates"]
    )


def test_synthesised_example_keeps_length_and_labels_each_activate():
    audio = import_builder("trigger_word_audio")
    rng = np.random.default_rng(0)
    background = np.zeros(160_000, dtype=np.int16) + 3
    word = (np.sin(np.arange(8000) / 5) * 8000).astype(np.int16)
    for _ in range(5):
        x, y, words = audio.synthesize_example(rng, background, [word], [word // 2])
        assert x.shape == (160_000,) and y.shape == (1375,)
        ends = [w["end_ms"] for w in words if w["kind"] == "activate"]
        np.testing.assert_array_equal(y, lesson_labels(ends))
        spans = sorted((w["start_ms"], w["end_ms"]) for w in words)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_label_rule_clips_at_the_last_step():
    audio = import_builder("trigger_word_audio")
    assert audio.label_steps(9_990) == (1374, 1375)
    assert audio.label_steps(1_000) == (138, 188)


def test_detector_loads_with_keras_and_reproduces_its_recorded_f1():
    keras = pytest.importorskip("keras")
    model = keras.models.load_model(data_path("c5/trigger/models/trigger_model.keras"))
    m = recorded_metrics("trigger_word_model")
    assert model.count_params() == m["params"] == 523_329
    X, Y, ends = td_utils.load_dev_set()
    assert X.shape == (25, 5511, 101) and Y.shape == (25, 1375, 1)
    probs = np.asarray(model(X, training=False))[..., 0]
    fired = [td_utils.detect_triggers(p) for p in probs]
    f1 = td_utils.trigger_f1(fired, ends)["f1"]
    assert f1 == pytest.approx(m["dev_trigger_f1"], abs=0.02)
    assert f1 >= 0.8
    accuracy = float(np.mean((probs > 0.5) == Y[..., 0]))
    assert accuracy == pytest.approx(m["dev_step_accuracy"], abs=0.002)


def test_music_data_has_the_lessons_shapes_and_shifted_targets():
    X, Y, n_values, indices_values = music_utils.load_music_data()
    assert X.shape == (60, 30, 90) and Y.shape == (30, 60, 90) and n_values == 90
    np.testing.assert_array_equal(X.sum(-1), np.ones((60, 30)))
    for t in range(29):
        np.testing.assert_array_equal(Y[t], X[:, t + 1])
    assert not Y[29].any()
    assert len(set(indices_values.values())) == 90


def test_generated_sample_is_playable_and_its_midi_uses_the_vocabulary():
    _, _, _, indices_values = music_utils.load_music_data()
    rate, wav = wavfile.read(data_path("c5/music/generated_sample.wav"))
    assert rate == music_utils.SAMPLE_RATE and wav.dtype == np.int16 and len(wav) > rate
    tokens = music_utils.midi_to_tokens(data_path("c5/music/generated_sample.mid"))
    assert len(tokens) > 30
    vocab = set(indices_values.values())
    # A run of rests comes back from MIDI as one rest, which may be a new token.
    assert all(t in vocab for t in tokens if not t.startswith("R_"))


def test_corpus_tokens_round_trip_through_midi(tmp_path):
    _, _, _, indices_values = music_utils.load_music_data()
    with np.load(data_path("c5/music/chorale_melodies.npz")) as data:
        rows = data["X_indices"][:5]
    for row in rows:
        tokens = music_utils.merge_rests([indices_values[int(i)] for i in row])
        path = music_utils.write_midi(tokens, tmp_path / "snippet.mid")
        assert music_utils.midi_to_tokens(path) == tokens


def test_recorded_music_measures_beat_the_random_baseline():
    m = recorded_metrics("chorale_melodies")
    assert m["in_key_model_samples"] > m["in_key_uniform_random"]
    assert m["midi_round_trip_equal"] is True

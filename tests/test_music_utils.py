"""Music helpers of the improvisation assignment: tokens, one-hot, MIDI round trip, numpy
rendering and the in-key measure."""

from __future__ import annotations

import numpy as np
import pytest

from shared_utils import music_utils as mu

MELODY = [
    "C5_1",
    "E5_0.5",
    "R_0.5",
    "G5_1.5",
    "B-4_0.25",
    "C#5_0.75",
    "R_1.5",
    "D5_2",
    "C5_4",
    "A4_3",
    "G4_0.25",
    "F#4_0.25",
    "R_0.25",
    "E4_4",
]


def test_tokens_name_pitch_and_duration():
    assert mu.make_token(60, 1.0) == "C4_1"
    assert mu.make_token(70, 0.5) == "B-4_0.5"
    assert mu.make_token(None, 1.5) == "R_1.5"
    assert mu.parse_token("B-4_0.5") == (70, 0.5)
    assert mu.parse_token("R_2") == (None, 2.0)


def test_every_key_moves_to_c_by_at_most_six_semitones_down_or_five_up():
    for tonic in range(12):
        shift = mu.shift_to_c(tonic)
        assert (tonic + shift) % 12 == 0 and -6 <= shift <= 5
    assert mu.shift_to_c(7) == 5 and mu.shift_to_c(2) == -2


def test_one_hot_marks_one_value_per_step():
    x = mu.one_hot(np.array([[0, 2], [1, 1]]), 3)
    assert x.shape == (2, 2, 3) and x.dtype == np.float32
    np.testing.assert_array_equal(x.argmax(-1), [[0, 2], [1, 1]])
    np.testing.assert_array_equal(x.sum(-1), np.ones((2, 2)))


def test_melody_round_trips_through_a_midi_file(tmp_path):
    path = mu.write_midi(MELODY, tmp_path / "melody.mid")
    assert mu.midi_to_tokens(path) == MELODY


def test_midi_drops_a_trailing_rest_and_joins_rests(tmp_path):
    tokens = ["C5_1", "R_0.5", "R_0.5", "D5_1", "R_2"]
    path = mu.write_midi(tokens, tmp_path / "rests.mid")
    assert mu.midi_to_tokens(path) == mu.merge_rests(tokens) == ["C5_1", "R_1", "D5_1"]


def test_rendering_lasts_as_long_as_the_melody_and_stays_in_range():
    tokens = ["C5_1", "R_1", "G4_2"]  # 4 quarter notes at 120 bpm: 2 s
    x = mu.render_tokens(tokens, bpm=120, rate=8000)
    assert len(x) == pytest.approx(2.3 * 8000, abs=2)  # plus a 0.3 s tail
    assert np.abs(x).max() == pytest.approx(0.8)
    second = x[4000:8000]  # the rest: only the first note's short release
    assert np.abs(second[1000:]).max() < 1e-9


def test_rendered_note_has_its_pitch():
    x = mu.synthesize([(0.0, 2.0, 69)], bpm=60, rate=8000)  # A4 for two seconds
    spectrum = np.abs(np.fft.rfft(x[:8000]))
    assert np.fft.rfftfreq(8000, 1 / 8000)[spectrum.argmax()] == pytest.approx(440.0, abs=1)


def test_in_key_fraction_ignores_rests_and_counts_accidentals():
    assert mu.in_key_fraction(["C5_1", "R_1", "F#4_1", "G4_1"]) == pytest.approx(2 / 3)
    assert np.isnan(mu.in_key_fraction(["R_1"]))

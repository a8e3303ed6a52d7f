"""Audio helpers of the trigger-word assignment: spectrogram shapes and values, pydub
overlaying and loudness, detection counting."""

from __future__ import annotations

import numpy as np
import pytest

from shared_utils import td_utils


def tone(freq: float, seconds: float, amplitude: float = 1.0) -> np.ndarray:
    t = np.arange(int(seconds * td_utils.SAMPLE_RATE)) / td_utils.SAMPLE_RATE
    return amplitude * np.sin(2 * np.pi * freq * t)


def test_ten_second_clip_gives_the_lessons_spectrogram_shape():
    spec = td_utils.spectrogram(np.zeros(160_000, dtype=np.int16))
    assert spec.shape == (td_utils.N_FREQ, td_utils.TX) == (101, 5511)
    assert spec.dtype == np.float32


def test_silence_sits_on_the_floor():
    spec = td_utils.spectrogram(np.zeros(16_000))
    assert np.all(spec == pytest.approx(td_utils.FLOOR_DB))


def test_full_scale_sine_peaks_near_zero_db_in_its_frequency_bin():
    # Bins are 80 Hz apart (16 kHz / 200), so 1600 Hz is bin 20.
    spec = td_utils.spectrogram(tone(1600.0, 1.0))
    assert np.all(spec.argmax(axis=0) == 20)
    assert spec[20].mean() == pytest.approx(0.0, abs=0.2)
    assert spec[60].mean() < -60


def test_quieter_sine_is_lower_by_its_gain_in_decibels():
    loud = td_utils.spectrogram(tone(1000.0, 0.5))
    quiet = td_utils.spectrogram(tone(1000.0, 0.5, amplitude=0.1))
    assert (loud[12:14].mean() - quiet[12:14].mean()) == pytest.approx(20.0, abs=0.1)


def test_int16_and_float_samples_give_the_same_spectrogram():
    x = tone(440.0, 0.5, amplitude=0.5)
    as_int = np.round(x * 32768).astype(np.int16)
    ref, got = td_utils.spectrogram(x), td_utils.spectrogram(as_int)
    loud = ref > -60  # below that, int16 rounding noise (about -100 dB) shows
    assert loud.sum() > 1000
    np.testing.assert_allclose(got[loud], ref[loud], atol=0.05)


def test_spectrogram_rejects_stereo_and_too_short_signals():
    with pytest.raises(ValueError, match="mono"):
        td_utils.spectrogram(np.zeros((1000, 2)))
    with pytest.raises(ValueError, match="shorter"):
        td_utils.spectrogram(np.zeros(100))


def test_overlay_keeps_the_background_length():
    background = td_utils.array_to_segment(tone(100.0, 10.0, 0.1))
    word = td_utils.array_to_segment(tone(700.0, 0.8, 0.3))
    mixed = background.overlay(word, position=9_500)  # sticks out past the end: cut
    assert len(mixed) == len(background) == 10_000
    assert len(td_utils.segment_to_array(mixed)) == 160_000


def test_samples_survive_the_trip_through_pydub():
    x = np.arange(-500, 500, dtype=np.int16)
    back = td_utils.segment_to_array(td_utils.array_to_segment(x))
    np.testing.assert_array_equal(back, x)


def test_match_target_amplitude_reaches_the_target_level():
    sound = td_utils.array_to_segment(tone(300.0, 1.0, 0.05))
    assert td_utils.match_target_amplitude(sound, -20.0).dBFS == pytest.approx(-20.0, abs=0.05)


def test_detector_fires_once_per_burst_and_again_after_the_hold():
    probs = np.zeros(1375)
    probs[100:140] = 0.9  # one word: one detection
    probs[150:160] = 0.9  # within the 75-step hold: ignored
    probs[400:410] = 0.9
    assert td_utils.detect_triggers(probs) == [100, 400]
    assert td_utils.detect_triggers(probs, threshold=0.95) == []


def test_f1_counts_hits_inside_the_half_second_window_only():
    ends = [[1000.0, 5000.0]]
    on_time = int(1100 * 1375 / 10000)  # 100 ms after the first word ends
    too_late = int(5700 * 1375 / 10000)  # 700 ms after the second
    scores = td_utils.trigger_f1([[on_time, too_late]], ends)
    assert (scores["true_positives"], scores["false_alarms"], scores["misses"]) == (1, 1, 1)
    assert scores["f1"] == pytest.approx(0.5)
    assert td_utils.trigger_f1([[on_time]], [[1000.0]])["f1"] == 1.0


def test_two_detections_cannot_claim_the_same_word():
    ends = [[1000.0]]
    steps = [int(1050 * 1375 / 10000), int(1400 * 1375 / 10000)]
    scores = td_utils.trigger_f1([steps], ends)
    assert (scores["true_positives"], scores["false_alarms"]) == (1, 1)

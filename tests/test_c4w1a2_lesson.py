"""c4w1a2 (Convolutional networks in Keras): the figures the lesson quotes, on its solutions.

The lesson states the parameter counts of both models (37,633 and 1,310, with the
split between layers) and the accuracies its training protocols reached in the
reference run (Happy test accuracy 0.940 with seed 0 after 5 epochs of batches of 32;
SIGNS 0.875 with seed 1 after 15 epochs at learning rate 0.005). The slow tests train
with the notebook's protocols and check the issue's floors (Happy >= 0.90, SIGNS >= 0.80).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils.data import load_happy, load_signs

keras = pytest.importorskip("keras")

ASSIGNMENT = ASSIGNMENTS["c4w1a2"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return solution_namespace("c4w1a2")


def test_parameter_counts_quoted_by_the_lesson(notebook):
    happy = notebook["happyModel"]()
    assert happy.count_params() == 37_633
    assert [layer.count_params() for layer in happy.layers if layer.count_params()] == [
        4_736,
        128,
        32_769,
    ]
    conv = notebook["convolutional_model"]((64, 64, 3))
    assert conv.count_params() == 1_310
    assert conv.layers[-1].count_params() == 390 and conv.layers[-2].output.shape[-1] == 64


@pytest.mark.slow
def test_happy_protocol_reaches_ninety_percent(notebook):
    train_x, train_y, test_x, test_y, _ = load_happy()
    keras.utils.set_random_seed(0)
    model = notebook["happyModel"]()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(train_x / 255.0, train_y.T, epochs=5, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(test_x / 255.0, test_y.T, verbose=0)
    assert accuracy >= 0.90


@pytest.mark.slow
def test_signs_protocol_reaches_eighty_percent(notebook):
    train_x, train_y, test_x, test_y, _ = load_signs()
    keras.utils.set_random_seed(1)
    model = notebook["convolutional_model"]((64, 64, 3))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.005),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    y_train = keras.utils.to_categorical(train_y.ravel(), 6)
    model.fit(train_x.astype("float32") / 255.0, y_train, epochs=15, batch_size=64, verbose=0)
    predicted = np.argmax(model.predict(test_x.astype("float32") / 255.0, verbose=0), axis=1)
    assert np.mean(predicted == test_y.ravel()) >= 0.80

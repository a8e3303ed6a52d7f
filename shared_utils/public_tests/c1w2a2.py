"""Public tests of c1w2a2 (logistic regression as a neural network).

Each test calls the learner's function on a few small, fixed inputs and compares
the result with the expected output written out below; a failing case lists
every output that differs (`grads["dw"]`, `cost`, `d["w"]`) with both values.
The hidden graders use other, larger inputs.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

# Small fixed examples shared by several tests: 2 features, 3 examples.
_W = np.array([[0.5], [-1.0]])
_B = 0.25
_X = np.array([[1.0, 2.0, -1.5], [0.5, -0.5, 1.0]])
_Y = np.array([[1, 0, 1]])

# 3 features, 2 examples.
_W3 = np.array([[0.1], [-0.2], [0.3]])
_B3 = -0.5
_X3 = np.array([[1.0, -1.0], [2.0, 0.0], [-0.5, 3.0]])
_Y3 = np.array([[0, 1]])


@public_test(returns="X")
def test_flatten_and_standardize() -> list[Case]:
    """Images (m, h, w, 3) -> columns (h*w*3, m), divided by 255."""
    two_images = np.array(
        [
            [[[12, 40, 200], [0, 255, 7]], [[33, 66, 99], [128, 1, 250]]],
            [[[5, 10, 15], [20, 25, 30]], [[100, 150, 220], [255, 0, 64]]],
        ],
        dtype=np.uint8,
    )
    three_pixels = np.array([[[[10, 20, 30]]], [[[40, 50, 60]]], [[[70, 80, 90]]]], dtype=np.uint8)
    one_image = np.array([[[[0, 255, 51], [255, 0, 102]]]], dtype=np.uint8)
    return [
        Case(
            "two 2x2 images",
            args=(two_images,),
            expected=np.array(
                [
                    [0.0470588235, 0.0196078431],
                    [0.1568627451, 0.0392156863],
                    [0.7843137255, 0.0588235294],
                    [0.0, 0.0784313725],
                    [1.0, 0.0980392157],
                    [0.0274509804, 0.1176470588],
                    [0.1294117647, 0.3921568627],
                    [0.2588235294, 0.5882352941],
                    [0.3882352941, 0.8627450980],
                    [0.5019607843, 1.0],
                    [0.0039215686, 0.0],
                    [0.9803921569, 0.2509803922],
                ]
            ),
        ),
        Case(
            "three 1x1 images (one column per image)",
            args=(three_pixels,),
            expected=np.array(
                [
                    [0.0392156863, 0.1568627451, 0.2745098039],
                    [0.0784313725, 0.1960784314, 0.3137254902],
                    [0.1176470588, 0.2352941176, 0.3529411765],
                ]
            ),
        ),
        Case(
            "one 1x2 image",
            args=(one_image,),
            expected=np.array([[0.0], [1.0], [0.2], [1.0], [0.0], [0.4]]),
        ),
    ]


@public_test(returns="s")
def test_sigmoid() -> list[Case]:
    """sigmoid on a number and on arrays of two shapes."""
    return [
        Case("the number 0", args=(0.0,), expected=0.5),
        Case(
            "a 1-D array",
            args=(np.array([-2.0, 0.0, 1.5]),),
            expected=np.array([0.1192029220, 0.5, 0.8175744762]),
        ),
        Case(
            "a 2x2 array",
            args=(np.array([[3.0, -1.0], [0.25, -6.0]]),),
            expected=np.array([[0.9525741268, 0.2689414214], [0.5621765009, 0.0024726232]]),
        ),
    ]


@public_test(returns=("w", "b"))
def test_initialize_with_zeros() -> list[Case]:
    """w: float zeros (dim, 1); b: the Python float 0.0 (types checked exactly)."""
    return [
        Case("dim = 3", args=(3,), expected=(np.zeros((3, 1)), 0.0), exact_types=True),
        Case("dim = 1", args=(1,), expected=(np.zeros((1, 1)), 0.0), exact_types=True),
    ]


@public_test(returns=("grads", "cost"))
def test_propagate() -> list[Case]:
    """(grads, cost) with grads = {"dw": (n_x, 1) array, "db": number}."""
    return [
        Case(
            "2 features, 3 examples",
            args=(_W, _B, _X, _Y),
            expected=(
                {"dw": np.array([[0.8308146064], [-0.4874875422]]), "db": -0.1344817244465},
                1.395858949433,
            ),
        ),
        Case(
            "3 features, 2 examples, negative bias",
            args=(_W3, _B3, _X3, _Y3),
            expected=(
                {
                    "dw": np.array([[0.3522211526], [0.2788848220], [-0.7080574303]]),
                    "db": -0.07333633060560,
                },
                0.4406558256597,
            ),
        ),
        Case(
            "a single example",
            args=(np.array([[2.0], [1.0]]), 0.0, np.array([[0.5], [-0.25]]), np.array([[0]])),
            expected=(
                {"dw": np.array([[0.3395893496], [-0.1697946748]]), "db": 0.6791786991754},
                1.136871006115,
            ),
        ),
    ]


@public_test(returns=("params", "grads", "costs"))
def test_optimize() -> list[Case]:
    """(params, grads, costs) after a few steps; the caller's w must not change."""
    return [
        Case(
            "101 iterations, learning rate 0.1 (costs at iterations 0 and 100)",
            args=(_W, _B, _X, _Y),
            expected=(
                {"w": np.array([[-1.0734656924], [0.9005021021]]), "b": 1.232565228242},
                {"dw": np.array([[0.0300309921], [-0.1009213872]]), "db": -0.05774639960948},
                [1.395858949433, 0.2298048539196],
            ),
            kwargs={"num_iterations": 101, "learning_rate": 0.1},
        ),
        Case(
            "5 iterations, learning rate 0.5",
            args=(_W3, _B3, _X3, _Y3),
            expected=(
                {
                    "w": np.array([[-0.3068797545], [-0.5908258101], [1.0321070010]]),
                    "b": -0.4839460555414,
                },
                {
                    "dw": np.array([[0.0755294747], [0.0889740040], [-0.1153709191]]),
                    "db": 0.01344452932797,
                },
                [0.4406558256597],
            ),
            kwargs={"num_iterations": 5, "learning_rate": 0.5},
        ),
    ]


@public_test(returns="Y_prediction")
def test_predict() -> list[Case]:
    """Predictions 1.0 where sigmoid(w^T x + b) > 0.5, else 0.0, shape (1, m)."""
    return [
        Case(
            "4 examples, the last one exactly at probability 0.5",
            args=(
                np.array([[1.0], [-2.0]]),
                0.5,
                np.array([[1.0, 0.0, -1.0, 0.0], [0.5, 1.0, 0.25, 0.25]]),
            ),
            expected=np.array([[1.0, 0.0, 0.0, 0.0]]),
        ),
        Case(
            "a single example",
            args=(np.array([[0.2], [-0.4], [0.1]]), 0.3, np.array([[1.0], [0.5], [2.0]])),
            expected=np.array([[1.0]]),
        ),
        Case(
            "3 examples, negative bias",
            args=(
                np.array([[0.75], [1.5]]),
                -1.0,
                np.array([[-1.0, 2.0, 0.5], [1.0, 0.0, 0.25]]),
            ),
            expected=np.array([[0.0, 1.0, 0.0]]),
        ),
    ]


@public_test(returns="d")
def test_model() -> list[Case]:
    """The result dict of a short training run on a tiny separable problem."""
    x_train = np.array([[1.0, 2.0, -1.0, -2.0, 1.5, -0.5], [0.5, -1.0, 1.0, 0.0, 1.0, -1.5]])
    y_train = np.array([[1, 1, 0, 0, 1, 0]])
    x_test = np.array([[0.5, -1.5, 2.5], [0.0, 0.5, -0.5]])
    y_test = np.array([[1, 0, 1]])
    data = (x_train, y_train, x_test, y_test)
    return [
        Case(
            "150 iterations, learning rate 0.1",
            args=data,
            expected={
                "costs": [0.6931471805599, 0.08548132345680],
                "Y_prediction_test": np.array([[1.0, 0.0, 1.0]]),
                "Y_prediction_train": np.array([[1.0, 1.0, 0.0, 0.0, 1.0, 0.0]]),
                "w": np.array([[2.3420121060], [0.5086988214]]),
                "b": -0.2844841772782,
                "learning_rate": 0.1,
                "num_iterations": 150,
            },
            kwargs={"num_iterations": 150, "learning_rate": 0.1},
        ),
        Case(
            "10 iterations, learning rate 1.0",
            args=data,
            expected={
                "costs": [0.6931471805599],
                "Y_prediction_test": np.array([[1.0, 0.0, 1.0]]),
                "Y_prediction_train": np.array([[1.0, 1.0, 0.0, 0.0, 1.0, 0.0]]),
                "w": np.array([[2.0931889732], [0.4335226415]]),
                "b": -0.2138098247653,
                "learning_rate": 1.0,
                "num_iterations": 10,
            },
            kwargs={"num_iterations": 10, "learning_rate": 1.0},
        ),
    ]

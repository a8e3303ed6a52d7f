"""Hidden grader spec of c4w1a1, "Convolutional Networks, Step by Step".

The cases go beyond the public tests: other batch sizes, channels and filter
counts; non-square images and windows; padding 0 (where `[pad:-pad]` would cut
everything away); strides that do not divide the input, where the output size
formula's floor matters; a stride larger than the window; overlapping pooling
windows (stride smaller than the window), where backward passes must add up;
single examples and single channels; negative values everywhere, so that a max
taken over the wrong set of numbers shows. The backward passes get caches built
here (any numbers of the right shapes), so that they are graded on their own.
The mistakes are the slips learners make: padding the wrong axes, forgetting the
stride when cutting a window, the wrong filter or bias, the wrong size formula,
a window taken across channels, assigning where windows overlap and gradients
must be added, a mask from the wrong window, an average pool that uses the max
pool's mask.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 4101

_NO_STRIDE = [
    ("vert_start = h * stride", "vert_start = h"),
    ("horiz_start = w * stride", "horiz_start = w"),
]
_STRIDE_HINT = "the window of output (h, w) starts at row h * stride and column w * stride"


def _conv_output_size(n: int, f: int, pad: int, stride: int) -> int:
    return (n + 2 * pad - f) // stride + 1


# --------------------------------------------------------------------------- zero_pad

_PAD_WIDTHS = "((0, 0), (pad, pad), (pad, pad), (0, 0))"


@exercise(
    mistakes={
        "pads_every_axis": edit(
            _PAD_WIDTHS,
            "((pad, pad), (pad, pad), (pad, pad), (pad, pad))",
            hint="pad only the height and the width (axes 1 and 2), not the examples or channels",
        ),
        "pads_the_height_only": edit(
            _PAD_WIDTHS,
            "((0, 0), (pad, pad), (0, 0), (0, 0))",
            hint="the width (axis 2) needs its border of zeros too",
        ),
        "all_zeros_on_one_side": edit(_PAD_WIDTHS, "((0, 0), (0, 2 * pad), (0, 2 * pad), (0, 0))"),
        "repeats_the_edge": edit('mode="constant", constant_values=0', 'mode="edge"'),
        "pads_with_ones": edit("constant_values=0", "constant_values=1"),
    },
)
def zero_pad(rng: np.random.Generator) -> list[Case]:
    return [
        Case("3 images of 4 x 5 with 2 channels, pad 1", (rng.normal(size=(3, 4, 5, 2)), 1)),
        Case("one 2 x 2 image, one channel, pad 3", (rng.normal(size=(1, 2, 2, 1)), 3)),
        Case("pad 0", (rng.normal(size=(2, 3, 3, 3)), 0)),
        Case("non-square 5 x 2 images, 4 channels, pad 2", (rng.normal(size=(2, 5, 2, 4)), 2)),
    ]


# --------------------------------------------------------------------------- conv_single_step


@exercise(
    mistakes={
        "bias_forgotten": edit("Z = Z + b.item()", "Z = Z", hint="the bias b is missing"),
        "bias_added_to_every_product": edit(
            [("s = a_slice_prev * W", "s = a_slice_prev * W + b"), ("Z = Z + b.item()", "Z = Z")],
            hint="b is added once, after the sum, not to every product",
        ),
        "returns_an_array": edit(
            "Z = Z + b.item()",
            "Z = Z + b",
            hint="Z must be a number; b has shape (1, 1, 1), so Z + b is an array: use b.item()",
        ),
        "mean_instead_of_sum": edit("Z = np.sum(s)", "Z = np.mean(s)"),
        "bias_subtracted": edit("Z = Z + b.item()", "Z = Z - b.item()"),
    },
)
def conv_single_step(rng: np.random.Generator) -> list[Case]:
    shapes = ((3, 3, "3 x 3 x 3"), (1, 5, "1 x 1 x 5"), (4, 1, "4 x 4 x 1"), (2, 8, "2 x 2 x 8"))
    return [
        Case(
            f"a slice and a filter of {label}",
            (
                rng.normal(size=(f, f, n_c)),
                rng.normal(size=(f, f, n_c)),
                rng.normal(size=(1, 1, 1)),
            ),
        )
        for f, n_c, label in shapes
    ]


# --------------------------------------------------------------------------- conv_forward

_N_H = "n_H = (n_H_prev + 2 * pad - f) // stride + 1"
_N_W = "n_W = (n_W_prev + 2 * pad - f) // stride + 1"
_CACHE = "cache = (A_prev, W, b, hparameters)"


def _conv_case(rng, label, m, n_h, n_w, n_c_prev, f, n_c, stride, pad) -> Case:
    return Case(
        label,
        (
            rng.normal(size=(m, n_h, n_w, n_c_prev)),
            rng.normal(size=(f, f, n_c_prev, n_c)),
            rng.normal(size=(1, 1, 1, n_c)),
            {"stride": stride, "pad": pad},
        ),
    )


@exercise(
    mistakes={
        "stride_forgotten_in_the_window": edit(_NO_STRIDE, hint=_STRIDE_HINT),
        "slices_cut_from_the_unpadded_input": edit(
            "a_prev_pad = A_prev_pad[i]",
            "a_prev_pad = A_prev[i]",
            hint="cut the slices out of the padded input A_prev_pad",
        ),
        "first_filter_for_every_channel": edit(
            "W[:, :, :, c], b[:, :, :, c]",
            "W[:, :, :, 0], b[:, :, :, 0]",
            hint="output channel c uses filter W[:, :, :, c] and bias b[:, :, :, c]",
        ),
        "padding_left_out_of_the_size": edit(
            [
                (_N_H, "n_H = (n_H_prev - f) // stride + 1"),
                (_N_W, "n_W = (n_W_prev - f) // stride + 1"),
            ],
            hint="the output size is floor((n + 2 * pad - f) / stride) + 1",
        ),
        "height_and_width_swapped": edit(
            "Z = np.zeros((m, n_H, n_W, n_C))", "Z = np.zeros((m, n_W, n_H, n_C))"
        ),
        "cache_without_hparameters": edit(_CACHE, "cache = (A_prev, W, b)"),
        "cache_holds_the_padded_input": edit(_CACHE, "cache = (A_prev_pad, W, b, hparameters)"),
    },
    depends=("zero_pad", "conv_single_step"),
)
def conv_forward(rng: np.random.Generator) -> list[Case]:
    return [
        _conv_case(
            rng, "2 examples 5 x 5 x 3, 4 filters 3 x 3, stride 1, pad 1", 2, 5, 5, 3, 3, 4, 1, 1
        ),
        _conv_case(
            rng, "non-square 6 x 4 input, stride 2, pad 0 (floor needed)", 2, 6, 4, 2, 3, 3, 2, 0
        ),
        _conv_case(
            rng, "one example, one channel, 1 x 1 filters, stride 1, pad 0", 1, 3, 4, 1, 1, 2, 1, 0
        ),
        _conv_case(rng, "stride 3 with pad 2, 2 x 2 filters", 3, 7, 5, 2, 2, 2, 3, 2),
        _conv_case(rng, "filters as large as the padded input", 2, 3, 3, 2, 5, 3, 1, 1),
    ]


# --------------------------------------------------------------------------- pool_forward

_WINDOW = "a_window = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]"


def _pool_case(rng, label, shape, f, stride, mode) -> Case:
    return Case(label, (rng.normal(size=shape), {"f": f, "stride": stride}), {"mode": mode})


@exercise(
    mistakes={
        "average_pool_takes_the_max": edit(
            "A[i, h, w, c] = np.mean(a_window)",
            "A[i, h, w, c] = np.max(a_window)",
            hint='mode "average" keeps the mean of each window',
        ),
        "stride_forgotten_in_the_window": edit(_NO_STRIDE, hint=_STRIDE_HINT),
        "window_across_all_channels": edit(
            _WINDOW,
            "a_window = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, :]",
            hint="pool each channel on its own: the window is A_prev[i, rows, columns, c]",
        ),
        "mode_ignored": edit('if mode == "max":', "if True:"),
        "size_without_the_window": edit(
            [
                ("n_H = (n_H_prev - f) // stride + 1", "n_H = n_H_prev // stride"),
                ("n_W = (n_W_prev - f) // stride + 1", "n_W = n_W_prev // stride"),
            ],
        ),
        "cache_without_hparameters": edit("cache = (A_prev, hparameters)", "cache = A_prev"),
    },
)
def pool_forward(rng: np.random.Generator) -> list[Case]:
    return [
        _pool_case(
            rng, "max, 2 examples 4 x 4 x 3, window 2, stride 2", (2, 4, 4, 3), 2, 2, "max"
        ),
        _pool_case(
            rng, "average, 2 examples 4 x 4 x 3, window 2, stride 2", (2, 4, 4, 3), 2, 2, "average"
        ),
        _pool_case(
            rng,
            "max, non-square 5 x 7, overlapping windows 3, stride 1",
            (1, 5, 7, 2),
            3,
            1,
            "max",
        ),
        _pool_case(
            rng, "average, 6 x 5, window 3, stride 2 (floor needed)", (3, 6, 5, 2), 3, 2, "average"
        ),
        _pool_case(rng, "max, stride 3 larger than window 2", (2, 7, 7, 1), 2, 3, "max"),
        _pool_case(
            rng, "average, the window covers the whole image", (2, 3, 3, 4), 3, 1, "average"
        ),
    ]


# --------------------------------------------------------------------------- conv_backward

_DA_LINE = (
    "da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W[:, :, :, c] * dZ[i, h, w, c]"
)


def _conv_backward_case(rng, label, m, n_h, n_w, n_c_prev, f, n_c, stride, pad) -> Case:
    out_h = _conv_output_size(n_h, f, pad, stride)
    out_w = _conv_output_size(n_w, f, pad, stride)
    cache = (
        rng.normal(size=(m, n_h, n_w, n_c_prev)),
        rng.normal(size=(f, f, n_c_prev, n_c)),
        rng.normal(size=(1, 1, 1, n_c)),
        {"stride": stride, "pad": pad},
    )
    return Case(label, (rng.normal(size=(m, out_h, out_w, n_c)), cache))


@exercise(
    mistakes={
        "dA_prev_assigned_not_added": edit(
            _DA_LINE,
            _DA_LINE.replace(" += ", " = "),
            hint="windows overlap: add (+=) every window's share into dA_prev",
        ),
        "dW_assigned_not_added": edit(
            "dW[:, :, :, c] += a_slice * dZ[i, h, w, c]",
            "dW[:, :, :, c] = a_slice * dZ[i, h, w, c]",
            hint="dW sums the contributions of every example and position (+=)",
        ),
        "db_assigned_not_added": edit(
            "db[:, :, :, c] += dZ[i, h, w, c]",
            "db[:, :, :, c] = dZ[i, h, w, c]",
            hint="db sums dZ over every example and position (+=)",
        ),
        "unpadded_with_minus_pad": edit(
            "da_prev_pad[pad:pad + n_H_prev, pad:pad + n_W_prev, :]",
            "da_prev_pad[pad:-pad, pad:-pad, :]",
            hint="with pad = 0, [pad:-pad] is empty: "
            "keep [pad:pad + n_H_prev, pad:pad + n_W_prev]",
        ),
        "slices_from_the_unpadded_input": edit(
            "a_prev_pad = A_prev_pad[i]", "a_prev_pad = A_prev[i]"
        ),
        "stride_forgotten_in_the_window": edit(_NO_STRIDE),
        "first_filter_in_dA_prev": edit(
            "+= W[:, :, :, c] * dZ[i, h, w, c]", "+= W[:, :, :, 0] * dZ[i, h, w, c]"
        ),
    },
    depends=("zero_pad",),
)
def conv_backward(rng: np.random.Generator) -> list[Case]:
    return [
        _conv_backward_case(
            rng, "2 examples 4 x 4 x 3, 2 filters 3 x 3, stride 1, pad 1", 2, 4, 4, 3, 3, 2, 1, 1
        ),
        _conv_backward_case(rng, "pad 0, stride 1 (overlapping windows)", 2, 5, 4, 2, 2, 3, 1, 0),
        _conv_backward_case(rng, "non-square 6 x 5, stride 2, pad 2", 1, 6, 5, 2, 3, 2, 2, 2),
        _conv_backward_case(rng, "stride 3, pad 1, 1 x 1 filters", 3, 5, 5, 3, 1, 4, 3, 1),
    ]


# ------------------------------------------------------------------------- create_mask_from_window


@exercise(
    mistakes={
        "min_instead_of_max": edit(
            "x == np.max(x)", "x == np.min(x)", hint="the mask marks the maximum, not the minimum"
        ),
        "above_the_mean": edit(
            "x == np.max(x)", "x > np.mean(x)", hint="mark only the maximum: x == np.max(x)"
        ),
        "mask_times_the_values": edit("mask = x == np.max(x)", "mask = x * (x == np.max(x))"),
        "position_of_the_max": edit("mask = x == np.max(x)", "mask = np.argmax(x)"),
    },
)
def create_mask_from_window(rng: np.random.Generator) -> list[Case]:
    return [
        Case("a 3 x 3 window", (rng.normal(size=(3, 3)),)),
        Case("a 2 x 4 window", (rng.normal(size=(2, 4)),)),
        Case("a 1 x 1 window", (rng.normal(size=(1, 1)),)),
        Case("every entry negative", (-np.abs(rng.normal(size=(3, 2))) - 0.5,)),
        Case("the maximum twice", (np.array([[0.5, 2.0], [2.0, -1.0], [0.3, -0.2]]),)),
    ]


# --------------------------------------------------------------------------- distribute_value

_AVERAGE = "average = dz / (n_H * n_W)"


@exercise(
    mistakes={
        "not_divided": edit(
            _AVERAGE,
            "average = dz",
            hint="every entry is dz / (n_H * n_W): the window's entries share dz",
        ),
        "divided_by_the_height_only": edit(_AVERAGE, "average = dz / n_H"),
        "multiplied_by_the_size": edit(_AVERAGE, "average = dz * (n_H * n_W)"),
        "shape_transposed": edit(
            "a = np.ones(shape) * average", "a = np.ones((n_W, n_H)) * average"
        ),
        "divided_by_the_perimeter": edit(_AVERAGE, "average = dz / (n_H + n_W)"),
    },
)
def distribute_value(rng: np.random.Generator) -> list[Case]:
    return [
        Case("dz = -1.5 over a 3 x 3 window", (-1.5, (3, 3))),
        Case("a 1 x 1 window", (float(rng.normal()), (1, 1))),
        Case("a 2 x 3 window", (float(rng.normal()), (2, 3))),
        Case("the integer 7 over a 4 x 2 window", (7, (4, 2))),
    ]


# --------------------------------------------------------------------------- pool_backward

_AVERAGE_LINE = (
    "dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += distribute_value(da, (f, f))"
)
_MAX_MASK_LINE = (
    "dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += "
    "create_mask_from_window(a_prev[vert_start:vert_end, horiz_start:horiz_end, c]) * da"
)


def _pool_backward_case(rng, label, shape, f, stride, mode) -> Case:
    m, n_h, n_w, n_c = shape
    out_h, out_w = (n_h - f) // stride + 1, (n_w - f) // stride + 1
    cache = (rng.normal(size=shape), {"f": f, "stride": stride})
    return Case(label, (rng.normal(size=(m, out_h, out_w, n_c)), cache), {"mode": mode})


@exercise(
    mistakes={
        "average_pool_with_the_max_mask": edit(
            _AVERAGE_LINE,
            _MAX_MASK_LINE,
            hint="average pooling shares dA evenly over the window (distribute_value); "
            "the mask is for max pooling",
        ),
        "mask_from_the_wrong_window": edit(
            "a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]",
            "a_prev_slice = a_prev[h:h + f, w:w + f, c]",
            hint="the mask comes from the window that made output (h, w): rows from h * stride",
        ),
        "assigned_not_added": edit(
            " += ",
            " = ",
            every=True,
            hint="overlapping windows: add (+=) each window's gradient into dA_prev",
        ),
        "mask_not_multiplied_by_dA": edit("+= mask * dA[i, h, w, c]", "+= mask"),
        "window_without_the_stride": edit(_NO_STRIDE),
        "average_window_of_one": edit(
            "distribute_value(da, (f, f))", "distribute_value(da, (1, 1))"
        ),
    },
    depends=("create_mask_from_window", "distribute_value"),
)
def pool_backward(rng: np.random.Generator) -> list[Case]:
    return [
        _pool_backward_case(rng, "max, 4 x 4 x 2, window 2, stride 2", (2, 4, 4, 2), 2, 2, "max"),
        _pool_backward_case(
            rng, "average, 4 x 4 x 2, window 2, stride 2", (2, 4, 4, 2), 2, 2, "average"
        ),
        _pool_backward_case(
            rng, "max, overlapping windows 3, stride 1", (1, 5, 4, 3), 3, 1, "max"
        ),
        _pool_backward_case(
            rng, "average, overlapping windows 3, stride 2", (2, 7, 5, 1), 3, 2, "average"
        ),
        _pool_backward_case(
            rng, "max, non-square 6 x 3, window 2, stride 1", (1, 6, 3, 2), 2, 1, "max"
        ),
    ]

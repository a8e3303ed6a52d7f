"""Small plotting helpers shared by the notebooks.

Importing this module changes no matplotlib settings; every helper draws on a
new figure (or on the axes it is given) and returns it, so the notebook decides
when to show it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator


def show_images(
    images: np.ndarray,
    labels: Sequence[str],
    title: str | None = None,
    ncols: int = 5,
    size: float = 2.0,
) -> Figure:
    """Draw a grid of images, each with a short caption above it.

    Args:
        images: array (k, height, width, 3) of uint8 pixels (0..255) or of floats
            in [0, 1]; a single image (height, width, 3) is also accepted.
        labels: one caption per image (e.g. "cat", "label: cat / guess: non-cat").
        title: optional title over the whole grid.
        ncols: images per row (fewer when there are fewer images).
        size: width and height of one image in inches.

    Returns:
        The new matplotlib figure.

    Used in: c1w2a2.
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[np.newaxis]
    labels = list(labels)
    if len(labels) != len(images):
        raise ValueError(f"got {len(images)} images but {len(labels)} labels")
    if len(images) == 0:
        raise ValueError("no images to show")
    ncols = max(1, min(ncols, len(images)))
    nrows = math.ceil(len(images) / ncols)
    lines = max(str(label).count("\n") + 1 for label in labels)  # caption height
    height = (size + 0.2 * lines) * nrows + (0.4 if title else 0.0)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, height), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, image, label in zip(axes.ravel(), images, labels, strict=False):
        ax.imshow(image, interpolation="nearest")
        ax.set_title(label, fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_costs(
    costs_by_label: Mapping[str, Sequence[float]],
    every: int = 100,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot one or more learning curves (cost against iterations) on one set of axes.

    Args:
        costs_by_label: legend label -> costs recorded every `every` iterations
            (e.g. `{"learning rate 0.005": d["costs"]}`). With a single curve the
            legend is left out.
        every: how many iterations lie between two recorded costs; the x axis
            counts in units of `every` iterations.
        title: optional axes title.
        ax: axes to draw on; a new figure is made when None.

    Returns:
        The axes holding the curves.

    Used in: c1w2a2.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    for label, costs in costs_by_label.items():
        values = np.ravel(np.asarray(costs, dtype=float))
        ax.plot(np.arange(len(values)), values, marker=".", label=label)
    ax.set_xlabel("iterations (in hundreds)" if every == 100 else f"iterations (x{every})")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("cost")
    if title:
        ax.set_title(title)
    if len(costs_by_label) > 1:
        ax.legend()
    ax.grid(alpha=0.3)
    return ax


def plot_decision_boundary(
    predict_fn: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Shade the two regions a classifier predicts and draw the labelled points on top.

    The classifier is evaluated on a fine grid covering the points (plus a margin);
    the background colour is its prediction, the dots' colour the true label, so a
    dot whose colour differs from the background around it is misclassified.

    Args:
        predict_fn: takes an array of shape (2, k) holding k points as columns and
            returns their predicted labels (0 or 1), of shape (1, k) or (k,). For a
            scikit-learn model, which wants one point per row, pass
            `lambda P: model.predict(P.T)`.
        X: the points, shape (2, m).
        Y: their labels 0 or 1, shape (1, m) or (m,).
        ax: axes to draw on; a new figure is made when None.
        title: optional axes title.

    Returns:
        The axes holding the drawing.

    Used in: c1w3a1.
    """
    X = np.asarray(X, dtype=float)
    labels = np.ravel(np.asarray(Y))
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"X must have shape (2, m), got {X.shape}")
    if labels.size != X.shape[1]:
        raise ValueError(f"got {X.shape[1]} points but {labels.size} labels")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    x_min, x_max = X[0].min(), X[0].max()
    y_min, y_max = X[1].min(), X[1].max()
    margin = 0.08 * max(x_max - x_min, y_max - y_min, 1e-9)
    xs = np.linspace(x_min - margin, x_max + margin, 250)
    ys = np.linspace(y_min - margin, y_max + margin, 250)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.vstack([grid_x.ravel(), grid_y.ravel()])
    regions = np.asarray(predict_fn(points), dtype=float).reshape(grid_x.shape)
    ax.contourf(grid_x, grid_y, regions, levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.35)
    ax.scatter(
        X[0], X[1], c=labels, cmap="coolwarm", vmin=0, vmax=1, s=14, edgecolors="k", linewidths=0.3
    )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax

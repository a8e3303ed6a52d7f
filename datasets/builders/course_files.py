"""File writers the image-set builders share: the course's h5 layout and the sample sheet.

Both write byte-identical files on every run (no timestamps, fixed compression,
no software tag), so a rebuild can be compared with the committed file.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import h5py
import numpy as np
from PIL import Image


def write_course_h5(
    path: Path, prefix: str, x: np.ndarray, y: np.ndarray, classes: Sequence[bytes]
) -> None:
    """One split in the course's h5 layout: `{prefix}_x`, `{prefix}_y` and `list_classes`.

    Each array is one gzip chunk; `list_classes` is a fixed-width byte-string array
    as wide as the longest class name.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w", libver="earliest", track_order=False) as f:
        for name, data in ((f"{prefix}_x", x), (f"{prefix}_y", y)):
            f.create_dataset(
                name,
                data=data,
                chunks=data.shape,
                compression="gzip",
                compression_opts=9,
                track_times=False,
            )
        f.create_dataset("list_classes", data=np.array(list(classes)), track_times=False)


def write_sample_sheet(
    path: Path,
    x: np.ndarray,
    titles: Sequence[str],
    colors: Sequence[str] | None = None,
    fontsize: int = 8,
    count: int = 48,
) -> None:
    """A PNG grid (8 per row) of the first `count` images, each titled, e.g. with its label.

    The sheet is saved as a 256-colour PNG to stay small.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = 8
    rows = math.ceil(count / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.1, rows * 1.25), dpi=80)
    for i, ax in enumerate(axes.flat):
        ax.imshow(x[i])
        style = {"color": colors[i]} if colors else {}
        ax.set_title(titles[i], fontsize=fontsize, **style)
        ax.axis("off")
    fig.tight_layout(pad=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    Image.open(buffer).convert("RGB").quantize(colors=256).save(path, optimize=True)


def rewrite_h5_without_timestamps(path: Path, float16: bool = False) -> None:
    """Rewrite an HDF5 (e.g. Keras weights) file so that equal contents give equal bytes.

    h5py's `create_group` always records modification times; the low-level call with a
    group-creation property list is the way to switch them off for groups. With
    `float16`, float32 arrays are stored as float16 (half the size).
    """

    def new_group(parent: h5py.Group, name: str) -> h5py.Group:
        gcpl = h5py.h5p.create(h5py.h5p.GROUP_CREATE)
        gcpl.set_obj_track_times(False)
        return h5py.Group(h5py.h5g.create(parent.id, name.encode(), gcpl=gcpl))

    def copy(src: h5py.Group, dst: h5py.Group) -> None:
        for key in sorted(src.attrs):
            dst.attrs[key] = src.attrs[key]
        for name in sorted(src):
            item = src[name]
            if isinstance(item, h5py.Group):
                copy(item, new_group(dst, name))
            else:
                data = item[()]
                if float16 and data.dtype == np.float32:
                    data = data.astype(np.float16)
                dst.create_dataset(name, data=data, track_times=False)

    buffer = io.BytesIO()
    with h5py.File(path, "r") as src, h5py.File(buffer, "w") as dst:
        copy(src, dst)
    path.write_bytes(buffer.getvalue())

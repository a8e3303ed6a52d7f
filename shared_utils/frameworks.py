"""TensorFlow and Keras without their start-up noise.

Notebooks write `from shared_utils.frameworks import tf, keras`.

Importing TensorFlow prints C++ log lines (the absl "All log messages before
absl::InitializeLog()" notice, the CPU-instructions and oneDNN notices) straight
to the process's standard error, which Jupyter shows on a pink error background.
They change nothing, so this module silences them: it sets the log level before
TensorFlow loads and sends the C++ side's standard error to /dev/null while the
import runs. Results are unchanged (oneDNN stays as TensorFlow configures it).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("ABSL_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration (C++ writes go there)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


with _quiet_stderr():
    import keras
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")

__all__ = ["keras", "tf"]

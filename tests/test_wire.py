"""The pickle-free wire format between the grader and its sandbox."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

from shared_utils import wire as serialize
from shared_utils.testing import Opaque, compare


def test_round_trip_keeps_structure_types_and_values():
    value = {
        "w": np.arange(6.0).reshape(3, 2),
        "b": 0.5,
        "db": np.float64(1.5),
        "n": 7,
        "flag": True,
        "costs": [np.float64(0.69), 0.5],
        "pair": (None, "text"),
        3: np.array([True, False]),
    }
    back = serialize.loads(serialize.dumps(value))
    assert compare(value, back, exact_types=True) is None
    assert type(back["b"]) is float and type(back["db"]) is np.float64


def test_unknown_objects_become_opaque_markers():
    back = serialize.loads(serialize.dumps({"f": print, "arr": np.array([object()])}))
    assert back == {"f": Opaque("builtin_function_or_method"), "arr": Opaque("ndarray[object]")}


def test_loading_never_unpickles():
    buffer = io.BytesIO()
    np.savez(
        buffer,
        __tree__=np.frombuffer(b'{"t": "ndarray", "k": "a0"}', dtype=np.uint8),
        a0=np.array([{"evil": 1}], dtype=object),
    )
    with pytest.raises(serialize.WireFormatError):
        serialize.loads(buffer.getvalue())
    with pytest.raises(serialize.WireFormatError):
        serialize.loads(pickle.dumps({"a": 1}))

"""Pickle-free wire format for value trees: grader <-> sandbox, reference outputs, hints.

A value tree (dicts, lists, tuples, numbers, strings, None, numpy arrays and
scalars) becomes one `.npz` blob: the arrays as *uncompressed* npz members and
the structure as JSON in the member `__tree__`. Loading uses
`allow_pickle=False`, refuses compressed members and checks every size before
decoding, so a blob cannot run code in the reader nor make it allocate more than
`max_bytes`. Anything that is not a value becomes an `Opaque` marker naming its
type.

The sandbox child imports this module: keep it small, numpy-only.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Opaque:
    """Stand-in for a value the grader sandbox could not send back (e.g. a module)."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


@dataclass(frozen=True)
class Fixture:
    """A large argument named instead of written out (word vectors, a pretrained model).

    The public test module's `FIXTURES` maps the name to a loader; the grader
    loads each fixture once per run. `copy=False` passes the loaded object itself
    (models), otherwise every call gets a deep copy.
    """

    name: str
    copy: bool = True


MAX_DEPTH = 64
MAX_BLOB_BYTES = 256 * 2**20
MAX_MEMBERS = 100_000
_ARRAY_KINDS = "biufcUS"


class WireFormatError(ValueError):
    """The bytes are not a valid value tree (corrupt, compressed, too large or too deep)."""


def _encode(value: Any, arrays: dict[str, np.ndarray], depth: int) -> Any:
    if depth > MAX_DEPTH:
        return {"t": "opaque", "type": "too deeply nested"}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, np.generic):
        if np.dtype(value.dtype).kind not in _ARRAY_KINDS:
            return {"t": "opaque", "type": type(value).__name__}
        return _array(np.asarray(value), arrays, scalar=True)
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _ARRAY_KINDS:
            return {"t": "opaque", "type": f"ndarray[{value.dtype}]"}
        return _array(value, arrays, scalar=False)
    if isinstance(value, (list, tuple)):
        kind = "list" if isinstance(value, list) else "tuple"
        return {"t": kind, "items": [_encode(v, arrays, depth + 1) for v in value]}
    if isinstance(value, dict):
        items = [
            [_encode(k, arrays, depth + 1), _encode(v, arrays, depth + 1)]
            for k, v in value.items()
        ]
        return {"t": "dict", "items": items}
    if isinstance(value, Fixture):
        return {"t": "fixture", "name": value.name, "copy": value.copy}
    if hasattr(value, "numpy") and callable(value.numpy):  # e.g. tf.Tensor, Variable
        try:
            return _encode(np.asarray(value.numpy()), arrays, depth + 1)
        except Exception:
            pass
    if isinstance(value, Opaque):
        return {"t": "opaque", "type": value.type_name}
    return {"t": "opaque", "type": type(value).__name__}


def _array(value: np.ndarray, arrays: dict[str, np.ndarray], scalar: bool) -> dict[str, Any]:
    key = f"a{len(arrays)}"
    arrays[key] = np.array(value, order="C")  # ascontiguousarray would turn 0-d into 1-d
    return {"t": "npscalar" if scalar else "ndarray", "k": key}


def dumps(value: Any) -> bytes:
    """Encode a value tree as npz bytes (no pickle, no compression)."""
    arrays: dict[str, np.ndarray] = {}
    tree = _encode(value, arrays, 0)
    arrays["__tree__"] = np.frombuffer(json.dumps(tree).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def _decode(node: Any, arrays: dict[str, np.ndarray], depth: int) -> Any:
    if depth > MAX_DEPTH or not isinstance(node, dict):
        raise WireFormatError("malformed tree")
    kind = node.get("t")
    if kind == "none":
        return None
    if kind == "bool":
        return bool(node["v"])
    if kind == "int":
        text = str(node["v"])
        if len(text) > 400:
            raise WireFormatError("integer too long")
        return int(text)
    if kind == "float":
        return float(node["v"])
    if kind == "str":
        return str(node["v"])
    if kind in ("ndarray", "npscalar"):
        array = arrays[str(node["k"])]
        return array[()] if kind == "npscalar" else array
    if kind in ("list", "tuple"):
        items = [_decode(v, arrays, depth + 1) for v in node["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        result = {}
        for key_node, value_node in node["items"]:
            key = _decode(key_node, arrays, depth + 1)
            if not isinstance(key, (str, int, float, bool, tuple)) and key is not None:
                key = str(key)
            result[key] = _decode(value_node, arrays, depth + 1)
        return result
    if kind == "fixture":
        return Fixture(str(node["name"]), copy=bool(node.get("copy", True)))
    if kind == "opaque":
        return Opaque(str(node.get("type", "unknown"))[:100])
    raise WireFormatError(f"unknown node kind {str(kind)[:20]!r}")


def _check_members(blob: bytes, max_bytes: int) -> None:
    """Refuse compressed members and any blob whose members would decode beyond `max_bytes`."""
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise WireFormatError("too many members")
        total = 0
        for member in members:
            if member.compress_type != zipfile.ZIP_STORED:
                raise WireFormatError("compressed members are not accepted")
            total += member.file_size
        if total > max_bytes:
            raise WireFormatError("decoded size over the limit")


def loads(blob: bytes, max_bytes: int = MAX_BLOB_BYTES) -> Any:
    """Decode npz bytes made by `dumps`; raises WireFormatError on anything else."""
    if len(blob) > max_bytes:
        raise WireFormatError("blob too large")
    try:
        _check_members(blob, max_bytes)
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        tree = json.loads(arrays.pop("__tree__").tobytes().decode())
        return _decode(tree, arrays, 0)
    except WireFormatError:
        raise
    except Exception as exc:
        raise WireFormatError(f"cannot decode blob ({exc.__class__.__name__})") from None
